// Building blocks shared by the API's request and response schemas. Row shapes come from schemas/tables via
// zodRow, so the OpenAPI document, the DuckDB DDL and the docs describe the same columns.
import { z } from 'zod';
import { type TableSpec, zodRow } from '../define.ts';
import { ID_PATTERN } from '../pathway.ts';
import { SETTINGS } from '../tables/activity.ts';

// Request values are checked against narrow patterns, so nothing SQL-shaped ever reaches a query (they are
// bound as parameters all the same). Messages name the expected shape but never echo the value.
export const PathwayId = z.string().regex(ID_PATTERN, 'must be a pathway id such as knee-replacement').describe('Pathway id, e.g. knee-replacement.');
export const ProviderCode = z.string().regex(/^[A-Za-z0-9]{1,12}$/, 'must be an organisation code (letters and digits, up to 12)').describe('Organisation code (trust, practice or local authority), or ICB for all providers.');
export const Month = z.string().regex(/^(\d{4}-(0[1-9]|1[0-2])|all)$/, 'must be a month YYYY-MM or all').describe('Month YYYY-MM, or "all".');
export const StepId = z.string().regex(ID_PATTERN, 'must be a step id such as surgery, or all').describe('Step id, or "all".');
export const Setting = z.enum([...SETTINGS, 'all']).describe('Care setting, or "all".');
export const FeedName = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a feed name such as apc_spells').describe('Feed name, e.g. apc_spells.');
export const EpisodeId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:|-]{0,127}$/, 'must be an episode id (letters, digits and _ . : | -)').describe('Episode id.');

export const Pagination = {
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe('Rows per page (1–1000).'),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0).describe('Rows to skip.'),
};

/** A page of rows with what is needed to ask for the next one. */
export function page<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      items: z.array(item),
      total: z.number().int().describe('Rows matching the filters.'),
      limit: z.number().int(),
      offset: z.number().int(),
      next_offset: z.number().int().nullable().describe('Offset of the next page, or null on the last page.'),
    })
    .meta({ id });
}
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
  next_offset: number | null;
}

/** Some columns of a table's row schema, to compose response rows from several tables. */
export function columnsOf(spec: TableSpec, names: readonly string[]): Record<string, z.ZodType> {
  const shape = zodRow(spec).shape as Record<string, z.ZodType>;
  return Object.fromEntries(names.map((n) => [n, shape[n]]));
}

export const ErrorResponse = z
  .object({
    statusCode: z.number().int(),
    error: z.string().describe('HTTP reason phrase.'),
    code: z.string().describe('Error code (BAD_OPTION, NOT_FOUND, UNAUTHORIZED, FORBIDDEN, …).'),
    message: z.string().describe('What went wrong, for a person; never internals on 5xx.'),
    parameter: z.string().optional().describe('The request parameter at fault (400 only).'),
  })
  .meta({ id: 'ErrorResponse' });
export type ErrorResponse = z.infer<typeof ErrorResponse>;

export const ROLES = ['analyst', 'clinician', 'admin'] as const;
export const Role = z.enum(ROLES).describe('analyst: aggregates; clinician: aggregates and episode detail; admin: everything.');
export type Role = z.infer<typeof Role>;

export const Me = z.object({ name: z.string().describe('Name of the key holder.'), role: Role }).meta({ id: 'Me' });

/** Money as a JSON number of pounds; null when suppressed or absent. */
export const Gbp = z.number().nullable();
