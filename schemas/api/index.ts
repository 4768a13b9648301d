// The API's request and response schemas, one module per resource.
export * from './common.ts';
export * from './auth.ts';
export * from './summary.ts';
export * from './variation.ts';
export * from './cost-basis-mix.ts';
export * from './steps.ts';
export * from './distribution.ts';
export * from './episodes.ts';
export * from './pathways.ts';
export * from './quality.ts';
export * from './flows.ts';
export * from './outcomes.ts';
