import { col, defineTable, required } from '../define.ts';

export const LedgerReconciliation = defineTable({
  name: 'ledger_reconciliation',
  description:
    "Patient-level cost against each provider's cost ledger, as NHS costing assures PLICS against the audited cost quantum: per provider × month, the cost the provider supplied on its clean rows against the ledger's patient-attributable lines, the gap and whether it is within the tolerance set for the build. A gap beyond it is reported in data_quality (ledger_gap:<provider>), not a build failure. Empty when no cost_ledger is supplied.",
  grain: 'provider × month the cost ledger holds',
  columns: {
    provider_code: col.string('Provider (ODS code) of the ledger.', required),
    month: col.string('Month (YYYY-MM): the ledger period.', required),
    supplied_gbp: col.money("Cost the provider supplied on its clean rows dated in the month (PLICS or contact cost, as supplied, every feed): its own patient-level costing.", required),
    priced_gbp: col.money("Priced cost of the provider's clean rows dated in the month: supplied cost, or tariff, national unit cost or staff time where it supplied none (the engine's patient-level cost; context, not reconciled).", required),
    ledger_gbp: col.money("The ledger's patient-attributable lines for the provider and month.", required),
    gap_gbp: col.money('supplied_gbp − ledger_gbp.', required),
    gap_share: col.decimal('gap_gbp / ledger_gbp, to 4 places; empty when the ledger amount is 0.'),
    tolerance: col.decimal('Largest |gap| accepted, as a fraction of the ledger amount (build option --ledger-tolerance, default 0.05).', required),
    is_within_tolerance: col.boolean('|gap_gbp| ≤ tolerance × |ledger_gbp|.', required),
  },
});
