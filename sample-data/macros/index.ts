// Every macro a generation run needs, in dependency order.
import type { Db } from '../../engine/db.ts';
import { ACTIVITY } from '../feeds.ts';
import { faultMacro } from '../faults.ts';
import { CORE_MACROS } from './core.ts';
import { PATHWAY_MACROS } from './pathway.ts';
import { referenceMacros } from './reference.ts';

export async function createMacros(db: Db, faultRate: number, csv: boolean): Promise<void> {
  const statements = [...CORE_MACROS, ...referenceMacros(), ...PATHWAY_MACROS, ...ACTIVITY.map((f) => faultMacro(f, faultRate, csv))];
  for (const sql of statements) await db.run(sql);
}
