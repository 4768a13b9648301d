// Patient-level cost reconciled to each provider's cost ledger (issue 16): per provider × month, the cost the
// provider supplied on its clean rows against the ledger's patient-attributable lines, within a tolerance.
import { describe, expect, it } from 'vitest';
import { createTableSql } from '../../schemas/define.ts';
import { DataQuality, LedgerReconciliation } from '../../schemas/tables/index.ts';
import { checkedFeed } from '../../engine/stages/02-validate/index.ts';
import { stageTable } from '../../engine/stage-table.ts';
import { buildDataQuality } from '../../engine/stages/07-aggregate/data-quality.ts';
import { DEFAULT_LEDGER_TOLERANCE, ledgerTolerance, reconcileLedgerCost } from '../../engine/stages/07-aggregate/ledger-reconciliation.ts';
import { PATIENTS, csv, ingest, price } from '../helpers/feed-fixture.ts';

const CONTACTS = csv(
  'contact_id,patient_id,provider_code,contact_date,service_type,staff_role,minutes,mode,status,cost_gbp',
  'C1,P1,RC1,2024-04-03,physiotherapy,physiotherapist,30,face_to_face,attended,60.00',
  'C2,P1,RC1,2024-04-10,physiotherapy,physiotherapist,30,face_to_face,attended,40.00',
  'C3,P2,RC1,2024-04-12,physiotherapy,physiotherapist,30,face_to_face,attended,', // no cost: the engine prices it
  'C4,P2,RC1,2024-05-02,physiotherapy,physiotherapist,30,face_to_face,attended,50.00',
  'C5,P2,RC1,2024-05-20,physiotherapy,physiotherapist,30,face_to_face,attended,-5.00', // quarantined: negative cost
);
const LEDGER = csv(
  'provider_code,period,line_type,patient_attributable,amount_gbp',
  'RC1,2024-04,patient_level_costs,true,100.00',
  'RC1,2024-04,corporate_overhead,false,30.00',
  'RC1,2024-05,patient_level_costs,true,45.00',
  'RC1,2024-06,patient_level_costs,true,20.00',
);

async function reconcileWith(tolerance: number) {
  const ingested = await ingest({ 'patients.csv': PATIENTS, 'community_contacts.csv': CONTACTS, 'cost_ledger.csv': LEDGER }, { cutoff: '2024-06-30' });
  const { db, feeds } = ingested;
  const priced = await price(ingested);
  for (const spec of [LedgerReconciliation, DataQuality]) await db.run(createTableSql(spec));
  await reconcileLedgerCost(db, { ledger: checkedFeed(ingested.validated!, 'cost_ledger').table, totals: priced.totals }, tolerance);
  await buildDataQuality(db, feeds, priced, ingested.validated!.cleared, stageTable(LedgerReconciliation.name, LedgerReconciliation));
  const rows = await db.all<Record<string, unknown>>(
    `select month, supplied_gbp::double supplied, ledger_gbp::double ledger, gap_gbp::double gap, gap_share, is_within_tolerance ok
     from ledger_reconciliation order by month`);
  const engine = await db.one<{ priced_extra: number; c3: number }>(
    `select (select priced_gbp - supplied_gbp from ledger_reconciliation where month = '2024-04')::double priced_extra,
            (select cost_gbp from activity where source_id = 'C3')::double c3`);
  const gaps = await db.all<Record<string, unknown>>(`select month, "check", value, detail from data_quality where "check" like 'ledger_gap%' order by month`);
  return { rows, engine, gaps };
}

describe('ledger reconciliation', () => {
  it('sets supplied cost against the ledger per provider and month, and reports gaps beyond the tolerance', async () => {
    const { rows, engine, gaps } = await reconcileWith(0.05);
    expect(rows).toEqual([
      { month: '2024-04', supplied: 100, ledger: 100, gap: 0, gap_share: 0, ok: true }, // £60 + £40; the overhead line is not patient-attributable
      { month: '2024-05', supplied: 50, ledger: 45, gap: 5, gap_share: 0.1111, ok: false }, // £5 / £45 = 11.1% > 5%; C5 is quarantined
      { month: '2024-06', supplied: 0, ledger: 20, gap: -20, gap_share: -1, ok: false }, // no activity at all
    ]);
    // The engine's price for C3 is shown beside the supplied cost, never reconciled.
    expect(engine.c3).toBeGreaterThan(0);
    expect(engine.priced_extra).toBe(engine.c3);
    expect(gaps).toEqual([
      { month: '2024-05', check: 'ledger_gap:RC1', value: 5, detail: "RC1: supplied patient-level cost £50.00 against the ledger's £45.00 (+11.1%), beyond the 5.0% tolerance: see ledger_reconciliation" },
      { month: '2024-06', check: 'ledger_gap:RC1', value: -20, detail: "RC1: supplied patient-level cost £0.00 against the ledger's £20.00 (-100.0%), beyond the 5.0% tolerance: see ledger_reconciliation" },
    ]);
  });

  it('takes a wider tolerance from the user', async () => {
    const { rows, gaps } = await reconcileWith(0.2);
    expect(rows.map((r) => r.ok)).toEqual([true, true, false]);
    expect(gaps.map((g) => g.month)).toEqual(['2024-06']);
  });

  it('reads the tolerance option as a fraction of 0 or more', () => {
    expect(ledgerTolerance(undefined)).toBe(DEFAULT_LEDGER_TOLERANCE);
    expect(ledgerTolerance('0.1')).toBe(0.1);
    expect(ledgerTolerance(0)).toBe(0);
    for (const bad of ['abc', '-0.1', '', Number.NaN]) expect(() => ledgerTolerance(bad)).toThrow(/ledger tolerance/);
  });
});
