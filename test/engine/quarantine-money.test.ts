// Quarantined rows carry the money that can be computed from them (issue 16): a readable supplied cost, else the
// price of their own values, as clean rows are priced (a spell from its HRG; social care, which supplies none, unit
// cost × units, prorated by days); a row whose own values are bad keeps no cost.
import { describe, expect, it } from 'vitest';
import { PATIENTS, csv, ingest, price } from '../helpers/feed-fixture.ts';

const HEADER = 'service_id,patient_id,la_code,service_type,start_date,end_date,unit_cost_gbp,cost_frequency,planned_units_per_week,primary_support_reason';

async function quarantinedCosts(lines: string[]): Promise<Record<string, { reason: string; cost: string | null }>> {
  // Care is never costed past the data cut-off: set it after every package here.
  const ingested = await ingest({ 'patients.csv': PATIENTS, 'social_care_services.csv': csv(HEADER, ...lines) }, { cutoff: '2024-06-30' });
  const { db } = ingested;
  await price(ingested);
  const rows = await db.all<{ source_id: string; reason: string; cost: string | null }>(
    `select source_id, reason, cost_gbp::varchar as cost from quarantine where feed = 'social_care_services' order by source_row`);
  return Object.fromEntries(rows.map(({ source_id, ...r }) => [`${source_id}@${r.reason}`, r]));
}

describe('money on quarantined social care rows', () => {
  it('prices rows whose values are good as clean rows are priced, and leaves bad ones without a cost', async () => {
    const costs = await quarantinedCosts([
      'S1,P1,E08000001,home_care,2024-04-01,2024-04-14,25.50,hour,10,',     // clean: £25.50 × 10 h × 14/7 = £510
      'S2,P3,E08000001,reablement,2024-05-01,2024-05-10,700,week,,',        // unknown patient: £700 × 10/7 = £1,000
      'S1,P1,E08000001,day_care,2024-05-01,2024-05-03,120,day,,',           // later copy of S1: 3 days × £120 = £360
      'S4,P1,E08000001,residential,2024-05-01,2024-05-07,60000,week,,',     // £60,000 a week is above the plausible £50,000
      'S5,P1,XX,reablement,2024-06-01,2024-06-07,350,week,,',               // bad LA code: the money is still £350 × 7/7
      'S6,P1,E08000001,home_care,2024-05-10,2024-05-01,25.50,hour,10,',     // ends before it starts
      'S7,P1,E08000001,equipment,2024-05-01,2024-05-01,80,biweekly,,',     // no such cost frequency: nothing to price by
    ]);
    expect(costs).toEqual({
      'S2@unknown_patient': { reason: 'unknown_patient', cost: '1000.00' },
      'S1@duplicate_id': { reason: 'duplicate_id', cost: '360.00' },
      'S4@absurd_value': { reason: 'absurd_value', cost: null },
      'S5@bad_code': { reason: 'bad_code', cost: '350.00' },
      'S6@end_before_start': { reason: 'end_before_start', cost: null },
      'S7@bad_value': { reason: 'bad_value', cost: null },
    });
  });
});

describe('money on quarantined rows of feeds that supply a cost', () => {
  const APC = 'spell_id,patient_id,provider_code,admission_date,admission_method,discharge_date,hrg,diagnoses,procedures,cost_gbp';
  it('keeps a readable supplied cost, prices a row without one as a clean row is, and leaves an unreadable line without', async () => {
    const ingested = await ingest({
      'patients.csv': PATIENTS,
      'apc_spells.csv': csv(
        APC,
        'A1,P1,RRF,2024-06-10,11,2024-06-13,HN22E,M17.1,W40.1,',        // clean, priced: £8,104.50 (ncc_2024_25.csv HN22E elective)
        'A2,P404,RRF,2024-06-10,11,2024-06-13,HN22E,M17.1,W40.1,',      // unknown patient, no cost: priced as A1, £8,104.50
        'A3,P404,RRF,2024-06-10,11,2024-06-13,HN22E,M17.1,W40.1,6500',  // unknown patient, supplied £6,500: kept
        'A1,P2,RRF,2024-06-01,11,2024-06-04,HN22E,M17.1,W40.1,',        // later copy of A1, no cost: priced, £8,104.50
        'A5,P1,RRF,2024-06-10,11,2024-06-13,HN22E,M17.1,W40.1,100 GBP', // unreadable cost: priced from its HRG, £8,104.50
        'A6,P1,RRF,2024-06-10',                                          // too few fields: nothing to read
      ),
    });
    const { db } = ingested;
    await price(ingested);
    const rows = await db.all<{ id: string; reason: string; cost: string | null }>(
      `select source_id as id, reason, cost_gbp::varchar as cost from quarantine where feed = 'apc_spells' order by source_row`);
    expect(rows).toEqual([
      { id: 'A2', reason: 'unknown_patient', cost: '8104.50' },
      { id: 'A3', reason: 'unknown_patient', cost: '6500.00' },
      { id: 'A1', reason: 'duplicate_id', cost: '8104.50' },
      { id: 'A5', reason: 'bad_type', cost: '8104.50' },
      { id: 'A6', reason: 'malformed_line', cost: null },
    ]);
    expect(await db.one(`select cost_gbp::varchar as cost from activity where source_id = 'A1'`)).toEqual({ cost: '8104.50' });
  });
});
