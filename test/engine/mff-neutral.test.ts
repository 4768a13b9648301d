// The MFF-neutral basis and the providers' cost-basis mix, worked by hand on two knee replacement episodes at
// RA5 (MFF 1.05): provider-supplied money is divided by its provider's MFF, national and PSSRU prices and
// prescriptions are not; the mix is hidden exactly when pathway_summary hides the provider.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Db } from '../../engine/db.ts';
import { computePathways } from '../../engine/pathway-stages.ts';
import { loadPathways } from '../../engine/pathways.ts';
import { type ActivityRow, createFixtureTables, pathwayInputs, electiveSpell, insertActivity, insertPatients } from '../helpers/activity-fixture.ts';

let db: Db;
beforeEach(async () => {
  db = await Db.open();
  await createFixtureTables(db);
});
afterEach(() => db.close());

/** The checked provider_mff feed as stage 2 leaves it: a clean row has no reason. */
async function mffFeed(rows: Array<[string, number, string | null]>): Promise<void> {
  for (const [code, mff, reason] of rows) {
    await db.run(`insert into checked_provider_mff values ($code, $mff, 'test', $reason)`, { code, mff, reason });
  }
}

/** One episode's rows: every cost basis, each at a provider with an MFF. */
function episodeRows(patient: string): ActivityRow[] {
  const at = (id: string) => `${patient}-${id}`;
  return [
    // PLICS cost at RA5: £10,500 ÷ 1.05 = £10,000
    electiveSpell(at('S'), patient, '2024-06-10', '2024-06-13', 'W401', 10500, { provider_code: 'RA5', cost_basis: 'plics_actual' }),
    // tariff paid to RA5 (MFF included): £210 ÷ 1.05 = £200
    { feed: 'op_attendances', source_id: at('O'), patient_id: patient, setting: 'acute', activity_type: 'op_first', provider_code: 'RA5', tfc: '110', start_date: '2024-03-01', cost_gbp: 210, cost_basis: 'tariff' },
    // a contact cost the practice supplied: £22 ÷ 1.10 = £20
    { feed: 'gp_appointments', source_id: at('G1'), patient_id: patient, setting: 'primary', activity_type: 'gp_appointment', provider_code: 'A81001', start_date: '2024-01-15', cost_gbp: 22, diagnoses: ['239873007'], cost_basis: 'supplied' },
    // PSSRU staff time, national NCC unit cost, a prescription at national drug prices: never divided
    { feed: 'gp_appointments', source_id: at('G2'), patient_id: patient, setting: 'primary', activity_type: 'gp_appointment', provider_code: 'A81001', start_date: '2024-01-20', cost_gbp: 40, diagnoses: ['239873007'], cost_basis: 'staff_time' },
    { feed: 'community_contacts', source_id: at('C'), patient_id: patient, setting: 'community', activity_type: 'community_contact', provider_code: 'RC1', start_date: '2024-07-01', cost_gbp: 79.06, service_type: 'PHYSIOTHERAPY', cost_basis: 'national_unit_cost' },
    { feed: 'prescriptions', source_id: at('P'), patient_id: patient, setting: 'prescribing', activity_type: 'prescription', provider_code: 'A81001', start_date: '2024-07-01', cost_gbp: 12.34, cost_basis: 'supplied' },
  ];
}

async function run(suppressionThreshold: number): Promise<void> {
  await insertPatients(db, [{ patient_id: 'K1', birth_date: '1955-01-01' }, { patient_id: 'K2', birth_date: '1955-01-01' }]);
  await insertActivity(db, [...episodeRows('K1'), ...episodeRows('K2')]);
  await computePathways(db, await loadPathways(undefined, ['knee-replacement']), await pathwayInputs(db), { coverageEnd: '2025-03-31', suppressionThreshold });
}

// actual: 10,500 + 210 + 22 + 40 + 79.06 + 12.34 = £10,863.40 per episode
// MFF-neutral: 10,000 + 200 + 20 + 40 + 79.06 + 12.34 = £10,351.40 per episode
const ACTUAL = 10863.4;
const NEUTRAL = 10351.4;

describe('MFF-neutral cost', () => {
  it('divides the money each provider supplied by its MFF, and nothing else', async () => {
    // A81001's duplicate row was set aside by stage 2 (reason set): it must not double the practice's rows.
    await mffFeed([['RA5', 1.05, null], ['A81001', 1.1, null], ['RC1', 1.2, null], ['A81001', 1.5, 'duplicate_id']]);
    await run(8);
    const rows = await db.all<{ total: number; neutral: number }>(`select total_cost_gbp::double total, mff_neutral_cost_gbp::double neutral from episode order by episode_id`);
    expect(rows).toEqual([
      { total: ACTUAL, neutral: NEUTRAL },
      { total: ACTUAL, neutral: NEUTRAL },
    ]);
  });

  it('equals the actual cost when no provider_mff feed was given', async () => {
    await run(8);
    const rows = await db.all<{ total: number; neutral: number }>(`select total_cost_gbp::double total, mff_neutral_cost_gbp::double neutral from episode`);
    expect(rows).toEqual([
      { total: ACTUAL, neutral: ACTUAL },
      { total: ACTUAL, neutral: ACTUAL },
    ]);
  });

  it('is compared in variation as the mff_neutral basis', async () => {
    await mffFeed([['RA5', 1.05, null], ['A81001', 1.1, null]]);
    await run(2);
    const v = await db.one<{ n: number; mean: number }>(
      `select n_episodes::int n, observed_mean_gbp::double mean from variation where basis = 'mff_neutral' and view = 'raw' and provider_code = 'RA5'`);
    expect(v).toEqual({ n: 2, mean: NEUTRAL });
  });
});

describe('provider cost-basis mix', () => {
  it('shares each anchor provider’s attributed £ by cost basis', async () => {
    await run(2);
    const rows = await db.all<{ basis: string; gbp: number; share: number; suppressed: boolean }>(
      `select cost_basis basis, cost_gbp::double gbp, share, suppressed from provider_cost_basis_mix where provider_code = 'RA5' order by cost_basis`);
    // two episodes: PLICS 2 × £10,500, tariff 2 × £210, supplied 2 × (£22 + £12.34), staff time 2 × £40, NCC 2 × £79.06; total 2 × £10,863.40
    expect(rows).toEqual([
      { basis: 'national_unit_cost', gbp: 158.12, share: 0.0073, suppressed: false }, // 79.06 / 10,863.40 = 0.00728
      { basis: 'plics_actual', gbp: 21000, share: 0.9665, suppressed: false }, // 10,500 / 10,863.40 = 0.966548…
      { basis: 'staff_time', gbp: 80, share: 0.0037, suppressed: false }, // 40 / 10,863.40 = 0.00368
      { basis: 'supplied', gbp: 68.68, share: 0.0032, suppressed: false }, // 34.34 / 10,863.40 = 0.00316
      { basis: 'tariff', gbp: 420, share: 0.0193, suppressed: false }, // 210 / 10,863.40 = 0.01933
    ]);
  });

  it('is hidden when pathway_summary hides the provider', async () => {
    await run(8); // two episodes, fewer than 8: RA5 hidden in pathway_summary
    const summary = await db.one<{ suppressed: boolean }>(
      `select suppressed from pathway_summary where provider_code = 'RA5' and month = 'all' and step = 'all' and setting = 'all' and basis = 'actual'`);
    expect(summary.suppressed).toBe(true);
    const rows = await db.all<{ gbp: number | null; share: number | null; suppressed: boolean }>(
      `select cost_gbp gbp, share, suppressed from provider_cost_basis_mix where provider_code = 'RA5'`);
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.suppressed && r.gbp === null && r.share === null)).toBe(true);
  });
});
