// What a stage hands to the next: the tables (or views) it produced, each by name with the spec of its rows.
// A stage reads what it is given, never a name it probes for.
import type { TableSpec } from '../schemas/define.ts';
import { quoteIdent } from './db.ts';

export interface StageTable {
  /** The table's or view's name in its database. */
  name: string;
  /** Its columns (a view may add the columns its description names). */
  spec: TableSpec;
  /** The attached database holding it, when it is not the build's own (the published file, stage 8). */
  database?: string;
}

export function stageTable(name: string, spec: TableSpec, database?: string): StageTable {
  return database === undefined ? { name, spec } : { name, spec, database };
}

/** The table's name as a quoted identifier (qualified by its database when it has one), for SQL. */
export const ident = (table: StageTable): string =>
  table.database === undefined ? quoteIdent(table.name) : `${quoteIdent(table.database)}.${quoteIdent(table.name)}`;
