// What a stage hands to the next: the tables (or views) it produced, each by name with the spec of its rows.
// A stage reads what it is given, never a name it probes for.
import type { TableSpec } from '../schemas/define.ts';
import { quoteIdent } from './db.ts';

export interface StageTable {
  /** The table's or view's name in the build's database. */
  name: string;
  /** Its columns (a view may add the columns its description names). */
  spec: TableSpec;
}

export function stageTable(name: string, spec: TableSpec): StageTable {
  return { name, spec };
}

/** The table's name as a quoted identifier, for SQL. */
export const ident = (table: StageTable): string => quoteIdent(table.name);
