#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so .sql files beside the stages are read in place (no build step).
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
