// The market forces factor (MFF) per provider, from the optional provider_mff feed: the MFF-neutral view
// divides the money a provider supplies (PLICS costs, contact costs, tariff and contract payments, all of
// which carry the provider's local cost level) by its MFF, so London and non-London providers compare on the
// same footing. National NCC, PSSRU and LA unit costs are the same whoever delivers the care, and
// prescriptions are paid at national drug prices: they are already MFF-neutral and are never divided.
import type { Db } from '../../db.ts';

/**
 * provider_code → mff_index, source: the clean provider_mff rows (empty without the feed). One per provider:
 * provider_code is the feed's id, so stage 2 sets a repeated provider aside as duplicate_id.
 */
export const PROVIDER_MFF = 'provider_mff_index';

/** Bases whose money the provider supplied, so it carries the provider's MFF. */
export const MFF_BASES = ['plics_actual', 'supplied', 'tariff', 'contract_price'] as const;

/** Builds PROVIDER_MFF from the checked feed, or empty when the feed is absent. */
export async function loadProviderMff(db: Db): Promise<void> {
  const rows = (await db.exists('checked_provider_mff'))
    ? `select provider_code, mff_index, source from checked_provider_mff where reason is null`
    : `select null::varchar as provider_code, null::double as mff_index, null::varchar as source where false`;
  await db.run(`create or replace table ${PROVIDER_MFF} as ${rows}`);
}

/** PROVIDER_MFF as an empty table when nothing built it (activity priced outside a build). */
export async function ensureProviderMff(db: Db): Promise<void> {
  await db.run(`create table if not exists ${PROVIDER_MFF} (provider_code varchar, mff_index double, source varchar)`);
}

/**
 * SQL for the divisor that makes a row's cost MFF-neutral: the MFF of its provider for money the provider
 * supplied, else 1. `row` is the alias of a priced row, `mff` the alias of its left-joined PROVIDER_MFF row.
 */
export function mffDivisorSql(row: string, mff: string): string {
  const bases = MFF_BASES.map((b) => `'${b}'`).join(', ');
  return `case when ${mff}.mff_index is not null and ${row}.cost_basis in (${bases}) and ${row}.activity_type <> 'prescription' then ${mff}.mff_index else 1 end`;
}
