// The library pathways' patients in generated data: strokes, operated hip fractures and day-case cataracts at
// their cited rates (reference/library.ts, over each person's time in the period), type 2 diabetes
// and COPD at their cited prevalence, and none of their anchor codes drawn in the background.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db, sqlString } from '../../engine/db.ts';
import { CATARACT_RATE_PER_1000, COPD_PREVALENCE, HIP_FRACTURE_RATE_PER_1000, HIP_FRACTURE_SEX_FACTOR, STROKE_RATE_PER_1000, T2DM_PREVALENCE } from '../../sample-data/reference/library.ts';
import { PATHWAY_BANDS } from '../../sample-data/reference/population.ts';
import { generateTemp, PERIOD } from './helpers.ts';

const PATIENTS = 60_000;
// cohortBoost multiplies the hip and knee rates only: the library's stay national
const BOOST = 10;
let dir: string;
let cleanup: () => Promise<void>;
let db: Db;

const file = (feed: string) => sqlString(join(dir, `${feed}.csv`));
const list = (xs: readonly number[]) => `[${xs.join(', ')}]`;

beforeAll(async () => {
  ({ dir, cleanup } = await generateTemp({ patients: PATIENTS, seed: 5, format: 'csv', faults: 0, cohortBoost: BOOST }));
  db = await Db.open({ threads: 2 });
  // each adult's time in the period (registered, alive) and pathway age band at its start, as the generator has them
  await db.run(`create table people as
    select patient_id, sex, age0, 1 + len(list_filter(${list(PATHWAY_BANDS)}, b -> b <= age0)) as pb,
      greatest(0, datediff('day', greatest(${sqlString(PERIOD.from)}::date, coalesce(registered_from, ${sqlString(PERIOD.from)}::date)),
        least(${sqlString(PERIOD.to)}::date, coalesce(registered_to, ${sqlString(PERIOD.to)}::date), coalesce(date_of_death, ${sqlString(PERIOD.to)}::date)))) / 365.25 as years
    from (select *, floor(datediff('month', birth_date, ${sqlString(PERIOD.from)}::date) / 12) as age0 from read_csv(${file('patients')}))
    where age0 >= 18`);
  await db.run(`create table spells as select * from read_csv(${file('apc_spells')}, all_varchar = true)`);
}, 120_000);
afterAll(async () => {
  db?.close();
  await cleanup?.();
});

/** Expected people with at least one event: Σ 1 − e^(−λ × years × boost / 1000) over the adults. */
async function expected(rates: readonly number[], sexFactor = '1'): Promise<number> {
  const { n } = await db.one<{ n: number }>(`select sum(1 - exp(-(${list(rates)})[pb] * ${sexFactor} * years / 1000))::double as n from people`);
  return n;
}
async function observed(where: string): Promise<number> {
  const { n } = await db.one<{ n: number }>(`select count(distinct patient_id)::double as n from spells where ${where}`);
  return n;
}

describe('library patients in the generated data', () => {
  it('strokes: emergency spells with I61/I63/I64 first, at the cited rate', async () => {
    const n = await observed(`admission_method = '21' and regexp_matches(diagnoses, '^(I61|I63|I64)')`);
    // ≈ 230 strokes: a sampling sd of ≈ 7%
    expect(n / (await expected(STROKE_RATE_PER_1000))).toBeGreaterThan(0.8);
    expect(n / (await expected(STROKE_RATE_PER_1000))).toBeLessThan(1.2);
  });

  it('hip fractures: emergency spells with S72.0–S72.2 first and an operation, at the cited rate (women ×1.4)', async () => {
    const n = await observed(`admission_method = '21' and regexp_matches(diagnoses, '^S72[012]') and procedures is not null`);
    const e = await expected(HIP_FRACTURE_RATE_PER_1000, `case when sex = 2 then ${HIP_FRACTURE_SEX_FACTOR.female} else ${HIP_FRACTURE_SEX_FACTOR.male} end`);
    // ≈ 60 fractures: a sampling sd of ≈ 13%
    expect(n / e).toBeGreaterThan(0.65);
    expect(n / e).toBeLessThan(1.35);
  });

  it('cataracts: same-day elective BZ34 spells, at the cited rate, and no other BZ34 spell', async () => {
    const n = await observed(`hrg like 'BZ34%' and admission_method = '11' and admission_date = discharge_date`);
    // ≈ 380 day cases: a sampling sd of ≈ 5%
    expect(n / (await expected(CATARACT_RATE_PER_1000))).toBeGreaterThan(0.85);
    expect(n / (await expected(CATARACT_RATE_PER_1000))).toBeLessThan(1.15);
    expect(await observed(`hrg like 'BZ34%' and not starts_with(spell_id, 'APCL')`)).toBe(0);
    expect(await observed(`hrg like 'AA35%' and not starts_with(spell_id, 'APCL')`)).toBe(0);
  });

  it.each([
    ['type 2 diabetes', '44054006|313436004|1481000119100', T2DM_PREVALENCE],
    ['COPD', '13645005|313296004|313297008|313299006', COPD_PREVALENCE],
  ] as const)('%s: coded at reviews of the planted people only, at the cited prevalence', async (_name, codes, prevalence) => {
    const { coded, background } = await db.one<{ coded: number; background: number }>(`
      select count(distinct patient_id) filter (where starts_with(appointment_id, 'GPAL'))::double as coded,
        count(*) filter (where not starts_with(appointment_id, 'GPAL'))::double as background
      from read_csv(${file('gp_appointments')}, all_varchar = true) where regexp_matches(snomed_codes, ${sqlString(codes)})`);
    expect(background).toBe(0);
    const { e } = await db.one<{ e: number }>(`select sum((${list(prevalence)})[pb])::double as e from people where years > 0`);
    expect(coded / e).toBeGreaterThan(0.85);
    expect(coded / e, `observed ${coded}, expected ${e.toFixed(0)}`).toBeLessThan(1.15);
  });
});
