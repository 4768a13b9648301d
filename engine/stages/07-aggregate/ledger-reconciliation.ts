// Patient-level cost reconciled to each provider's cost ledger, as NHS costing assures PLICS against the audited
// cost quantum: per provider × month, the gap and whether it is within the tolerance the user sets.
import { type Db, quoteIdent } from '../../db.ts';
import type { StageTable } from '../../stage-table.ts';
import { PathcostError } from '../../errors.ts';

/** Default share of the ledger amount a provider-month's patient-level cost may differ by (5%). */
export const DEFAULT_LEDGER_TOLERANCE = 0.05;

/** The tolerance as a fraction ≥ 0 (0.05 = 5%), or a BAD_OPTION error naming the value. */
export function ledgerTolerance(value: string | number | undefined): number {
  if (value === undefined) return DEFAULT_LEDGER_TOLERANCE;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || n < 0 || (typeof value === 'string' && value.trim() === '')) {
    throw new PathcostError('BAD_OPTION', `The ledger tolerance "${value}" is not a fraction of 0 or more.`, 'Give it as a fraction of the ledger amount, e.g. --ledger-tolerance 0.05 for 5%.');
  }
  return n;
}

/**
 * `ledger_reconciliation`: for each provider × month the ledger holds, the cost the provider supplied on its clean
 * rows (activity_totals) against the ledger's patient-attributable lines: like with like, since tariff and
 * national unit costs the engine fills in are not the provider's costing (they are shown beside it). Nothing is
 * written without a ledger.
 */
export async function reconcileLedgerCost(db: Db, inputs: { ledger: StageTable; totals: StageTable }, tolerance: number): Promise<void> {
  await db.run(
    `
insert into ledger_reconciliation by name
with ledger as (
  select provider_code, period as month, coalesce(sum(amount_gbp) filter (where patient_attributable), 0) as ledger_gbp
  from ${quoteIdent(inputs.ledger.name)} where reason is null group by all
), patient_level as (
  select provider_code, month, sum(supplied_gbp) as supplied_gbp, sum(clean_gbp) as priced_gbp
  from ${quoteIdent(inputs.totals.name)} where provider_code in (select provider_code from ledger) group by all
), gaps as (
  select l.provider_code, l.month, coalesce(p.supplied_gbp, 0) as supplied_gbp, coalesce(p.priced_gbp, 0) as priced_gbp,
    l.ledger_gbp, coalesce(p.supplied_gbp, 0) - l.ledger_gbp as gap_gbp
  from ledger l left join patient_level p using (provider_code, month)
)
select *, round(gap_gbp / nullif(ledger_gbp, 0), 4)::double as gap_share, $tolerance as tolerance,
  abs(gap_gbp) <= $tolerance * abs(ledger_gbp) as is_within_tolerance
from gaps`,
    { tolerance },
  );
}
