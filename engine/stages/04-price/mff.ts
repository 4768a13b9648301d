// The market forces factor (MFF) per provider, from the optional provider_mff feed: the MFF-neutral view
// divides the money a provider supplies (PLICS costs, contact costs, tariff and contract payments, all of
// which carry the provider's local cost level) by its MFF, so London and non-London providers compare on the
// same footing. National NCC, PSSRU and LA unit costs are the same whoever delivers the care, and
// prescriptions are paid at national drug prices: they are already MFF-neutral and are never divided.
import { type TableSpec, col } from '../../../schemas/define.ts';
import { type Db, quoteIdent } from '../../db.ts';
import { type StageTable, stageTable } from '../../stage-table.ts';

/**
 * provider_code → mff_index, source: the clean provider_mff rows (none without the feed). One per provider:
 * provider_code is the feed's id, so stage 2 sets a repeated provider aside as duplicate_id.
 */
export const ProviderMffIndex: TableSpec = {
  name: 'provider_mff_index',
  description: 'The market forces factor of each provider in the clean provider_mff rows.',
  grain: 'One row per provider.',
  columns: { provider_code: col.string('Provider.'), mff_index: col.decimal('Its MFF index.'), source: col.string('Where the index comes from.') },
};

/** Bases whose money the provider supplied, so it carries the provider's MFF. */
export const MFF_BASES = ['plics_actual', 'supplied', 'tariff', 'contract_price'] as const;

/** The provider → MFF table from the checked provider_mff feed (a view of no rows when the input has none). */
export async function loadProviderMff(db: Db, checked: StageTable): Promise<StageTable> {
  await db.run(`create or replace table ${quoteIdent(ProviderMffIndex.name)} as
select provider_code, mff_index, source from ${quoteIdent(checked.name)} where reason is null`);
  return stageTable(ProviderMffIndex.name, ProviderMffIndex);
}

/**
 * SQL for the divisor that makes a row's cost MFF-neutral: the MFF of its provider for money the provider
 * supplied, else 1. `row` is the alias of a priced row, `mff` the alias of its left-joined PROVIDER_MFF row.
 */
export function mffDivisorSql(row: string, mff: string): string {
  const bases = MFF_BASES.map((b) => `'${b}'`).join(', ');
  return `case when ${mff}.mff_index is not null and ${row}.cost_basis in (${bases}) and ${row}.activity_type <> 'prescription' then ${mff}.mff_index else 1 end`;
}
