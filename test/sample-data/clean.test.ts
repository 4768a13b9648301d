// A clean generation (no faults) at 100,000 patients: every row passes its feed schema, volumes and rates are
// NHS-shaped, knee replacement episodes carry their real codes and pathway, and the two fairness plants hold.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEEDS } from '../../schemas/feeds/index.ts';
import { Db, sqlString } from '../../engine/db.ts';
import type { GenerationResult } from '../../sample-data/generate.ts';
import { TKR_RATE_PER_1000 } from '../../sample-data/reference/population.ts';
import { generateTemp, PERIOD, readCsvText, violationsSql } from './helpers.ts';

const PATIENTS = 100_000;
const BOOST = 10;
const TKR_CODES = ['W401', 'W408', 'W409', 'W411', 'W418', 'W419', 'W421', 'W428', 'W429', 'O181', 'O188', 'O189'];
let dir: string;
let result: GenerationResult;
let cleanup: () => Promise<void>;
let db: Db;

const file = (feed: string) => sqlString(join(dir, `${feed}.csv`));
const rows = <T>(sql: string) => db.all<T>(sql);

beforeAll(async () => {
  ({ dir, result, cleanup } = await generateTemp({ patients: PATIENTS, seed: 11, format: 'csv', faults: 0, cohortBoost: BOOST }));
  db = await Db.open({ threads: 2 });
  // Primary knee replacement anchors: elective spells whose primary OPCS-4 code is a primary TKR code.
  await db.run(`create table tkr as
    select s.*, p.birth_date, p.date_of_death, p.registered_to,
      date_diff('day', p.birth_date, ${sqlString(PERIOD.from)}::date) / 365.25 as age0
    from read_csv(${file('apc_spells')}, all_varchar = false) s join read_csv(${file('patients')}) p using (patient_id)
    where s.admission_method in (11, 12, 13) and split_part(s.procedures, ';', 1) in (${TKR_CODES.map(sqlString).join(', ')})`);
}, 120_000);

afterAll(async () => {
  db?.close();
  await cleanup?.();
});

describe('every feed, clean', () => {
  it.each(FEEDS.map((f) => [f.name, f] as const))('%s has the canonical header and passes every schema check', async (name, spec) => {
    const header = (await readFile(join(dir, `${name}.csv`), 'utf8')).slice(0, 2000).split('\n')[0];
    expect(header).toBe(Object.keys(spec.columns).join(','));
    const sql = violationsSql(spec, join(dir, `${name}.csv`), join(dir, 'patients.csv'), PERIOD.to);
    const broken = await rows<{ check_name: string; n: number }>(sql);
    expect(broken, `violations of ${name}; SQL:\n${sql}`).toEqual([]);
  });

  it('writes the row counts it reports, ≈ 50 activity rows per patient, and a faults.csv with no entries', async () => {
    for (const f of result.files) {
      const [{ n }] = await rows<{ n: number }>(`select count(*)::integer as n from ${readCsvText(join(dir, f.file), FEEDS.find((s) => s.name === f.feed)!)}`);
      expect(n, f.feed).toBe(f.rows);
    }
    expect(result.activityRows / PATIENTS).toBeGreaterThan(45);
    expect(result.activityRows / PATIENTS).toBeLessThan(56);
    expect((await readFile(join(dir, 'faults.csv'), 'utf8')).trim()).toBe('feed,source_row,source_id,kind,expected_reason');
  });

  it('has an England-like population: ages, deaths, moves, practices of ≈ 7,000', async () => {
    const [p] = await rows<Record<string, number>>(`
      select avg((date_diff('year', birth_date, date '2023-04-01') >= 65)::int) as over_65,
             avg((date_diff('year', birth_date, date '2023-04-01') < 18)::int) as under_18,
             avg((date_of_death is not null)::int) as died, avg((registered_to is not null)::int) as moved,
             count(distinct practice_code)::integer as practices
      from read_csv(${file('patients')})`);
    // ONS mid-2022 England: 18.6% aged 65+, 21% under 18; deaths ≈ 1%/year; list turnover assumed ≈ 4.5%/year
    expect(p.over_65).toBeGreaterThan(0.16);
    expect(p.over_65).toBeLessThan(0.21);
    expect(p.under_18).toBeGreaterThan(0.18);
    expect(p.under_18).toBeLessThan(0.25);
    expect(p.died).toBeGreaterThan(0.012);
    expect(p.died).toBeLessThan(0.03);
    expect(p.moved).toBeGreaterThan(0.06);
    expect(p.moved).toBeLessThan(0.12);
    expect(p.practices).toBe(Math.round(PATIENTS / 7000));
  });
});

describe('knee replacement episodes', () => {
  it('occur at the configured rate per 1,000 people per year by age band (÷ cohort boost)', async () => {
    const bands = await rows<{ band: number; events: number; person_years: number }>(`
      with p as (
        select patient_id, date_diff('day', birth_date, date '2023-04-01') / 365.25 as age0,
          greatest(date '2023-04-01', registered_from) as s,
          least(date '2025-03-31', coalesce(registered_to, date '2025-03-31'), coalesce(date_of_death, date '2025-03-31')) as e
        from read_csv(${file('patients')})
      ), first_knee as (select distinct patient_id from tkr)
      select least(greatest(floor(age0 / 10) - 3, 0), 6)::integer as band, count(f.patient_id)::integer as events,
        sum(greatest(0, e - s + 1)) / 365.25 as person_years
      from p left join first_knee f using (patient_id) group by 1 order by 1`);
    const rate = (b: number) => {
      const r = bands.find((x) => x.band === b)!;
      return (r.events / r.person_years) * (1000 / BOOST);
    };
    // Bands 50–59 … 80–89 hold 100+ events each at this size: within 25% of TKR_RATE_PER_1000.
    for (const b of [2, 3, 4, 5]) {
      expect(rate(b), `band ${b}`).toBeGreaterThan(TKR_RATE_PER_1000[b] * 0.75);
      expect(rate(b), `band ${b}`).toBeLessThan(TKR_RATE_PER_1000[b] * 1.25);
    }
    expect(rate(0)).toBe(0);
    const over40 = bands.filter((b) => b.band >= 1);
    const overall = (over40.reduce((s, b) => s + b.events, 0) / over40.reduce((s, b) => s + b.person_years, 0)) * (1000 / BOOST);
    expect(overall).toBeGreaterThan(1); // the brief: 1–2 per 1,000 adults aged 40+ a year
    expect(overall).toBeLessThan(2);
  });

  it('anchor spells carry a primary TKR code, laterality, M17, TFC 110, HN22A–E and a 1–6 night stay', async () => {
    const [t] = await rows<Record<string, number>>(`
      select count(*)::integer as n,
        count(*) filter (where hrg not in ('HN22A', 'HN22B', 'HN22C', 'HN22D', 'HN22E'))::integer as bad_hrg,
        count(*) filter (where split_part(procedures, ';', 2) not in ('Z941', 'Z942', 'Z943'))::integer as no_side,
        count(*) filter (where not starts_with(diagnoses, 'M17'))::integer as not_m17,
        count(*) filter (where tfc <> 110)::integer as not_tfc110,
        count(*) filter (where discharge_date - admission_date not between 1 and 6 and date_of_death is null)::integer as odd_los
      from tkr`);
    expect(t.n).toBeGreaterThan(1000);
    expect(t).toMatchObject({ bad_hrg: 0, no_side: 0, not_m17: 0, not_tfc110: 0, odd_los: 0 });
    // and every HN22 spell is one of them (revisions are HN81, never HN22)
    const [{ stray }] = await rows<{ stray: number }>(`select count(*)::integer as stray from read_csv(${file('apc_spells')})
      where hrg like 'HN22%' and split_part(procedures, ';', 1) not in (${TKR_CODES.map(sqlString).join(', ')})`);
    expect(stray).toBe(0);
  });

  it('include same-spell bilaterals and secondary exclusion-list diagnoses at the configured shares', async () => {
    const [t] = await rows<{ n: number; bilateral: number; z941: number; in_spell: number; misplaced: number }>(`
      select count(*)::integer as n,
        count(*) filter (where procedures like '%Z941%' or (procedures like '%Z942%' and procedures like '%Z943%'))::integer as bilateral,
        count(*) filter (where procedures like '%Z941%')::integer as z941,
        count(*) filter (where regexp_matches(diagnoses, ';(M966|T84|C61X|C509)'))::integer as in_spell,
        count(*) filter (where regexp_matches(split_part(diagnoses, ';', 1), '^(M966|T84|C|S72|S82)'))::integer as misplaced
      from tkr`);
    // SAME_SPELL_BILATERAL.knee 2% (half coded Z94.1) and IN_SPELL_EXCLUSION_DX.share 3%, of ≈ 1,300 primary knees
    expect(t.bilateral / t.n).toBeGreaterThan(0.01);
    expect(t.bilateral / t.n).toBeLessThan(0.03);
    expect(t.z941 / t.bilateral).toBeGreaterThan(0.25);
    expect(t.z941 / t.bilateral).toBeLessThan(0.75);
    expect(t.in_spell / t.n).toBeGreaterThan(0.018);
    expect(t.in_spell / t.n).toBeLessThan(0.042);
    expect(t.misplaced).toBe(0); // never the primary diagnosis: the engine would exclude the spell
  });

  it('have their pathway: OA-coded GP consultations and T&O outpatients before, community physio after', async () => {
    const [w] = await rows<Record<string, number>>(`
      with a as (select * from tkr
        where admission_date >= date '2024-04-01' and discharge_date + 90 <= date '2025-03-31'
          and coalesce(date_of_death, date '2099-01-01') > discharge_date + 90 and coalesce(registered_to, date '2099-01-01') > discharge_date + 90)
      select count(*)::integer as n,
        avg((exists (select 1 from read_csv(${file('gp_appointments')}) g where g.patient_id = a.patient_id
          and g.snomed_codes like '%239873007%' and g.appointment_date between a.admission_date - 365 and a.admission_date - 1))::int) as gp_oa,
        avg((exists (select 1 from read_csv(${file('op_attendances')}) o where o.patient_id = a.patient_id
          and o.tfc = 110 and o.appointment_date between a.admission_date - 365 and a.admission_date - 1))::int) as orthopaedics,
        avg((exists (select 1 from read_csv(${file('community_contacts')}) c where c.patient_id = a.patient_id
          and c.service_type = 'physiotherapy' and c.contact_date between a.discharge_date + 1 and a.discharge_date + 90))::int) as physio
      from a`);
    expect(w.n).toBeGreaterThan(200);
    expect(w.gp_oa).toBeGreaterThan(0.9);
    expect(w.orthopaedics).toBeGreaterThan(0.9);
    expect(w.physio).toBeGreaterThan(0.9);
  });

  it('plant the fairness cases: RA2 takes older, more complex patients at typical cost; RA4 is ≈ 30% dearer', async () => {
    const byTrust = await rows<{ provider_code: string; age: number; complex: number; oe: number; los: number }>(`
      with unit(hrg, cost) as (values ('HN22A', 12184.4), ('HN22B', 9907.65), ('HN22C', 9115.63), ('HN22D', 8465.59), ('HN22E', 8104.5))
      select provider_code, avg(date_diff('year', birth_date, admission_date)) as age,
        avg((hrg in ('HN22A', 'HN22B', 'HN22C'))::int) as complex,
        sum(cost_gbp) / sum(unit.cost) filter (where cost_gbp is not null) as oe,
        avg(discharge_date - admission_date) as los
      from tkr join unit using (hrg) group by 1 order by 1`);
    const t = Object.fromEntries(byTrust.map((r) => [r.provider_code, r]));
    expect(t.RA4.oe).toBeGreaterThan(1.2);
    expect(t.RA4.oe).toBeLessThan(1.4);
    for (const code of ['RA1', 'RA2']) {
      expect(t[code].oe, code).toBeGreaterThan(0.93);
      expect(t[code].oe, code).toBeLessThan(1.07);
    }
    expect(t.RA2.age).toBeGreaterThan(t.RA1.age + 2);
    expect(t.RA2.complex).toBeGreaterThan(1.5 * t.RA1.complex);
    expect(t.RA4.los).toBeGreaterThan(1.15 * t.RA1.los);
  });
});

describe('prices the generator plants', () => {
  it('gives outpatients the consultation medium their attendance HRG implies', async () => {
    const mix = await rows<{ hrg: string | null; mode: string; n: number }>(`
      select coalesce(hrg, case when tfc = '812' then 'imaging, no HRG' end) as hrg, mode, count(*)::integer as n
      from read_csv(${file('op_attendances')}) where status = 'attended' and (hrg like 'WF01%' or tfc = '812') group by all order by all`);
    const modes = (hrg: string) => new Set(mix.filter((m) => m.hrg === hrg).map((m) => m.mode));
    expect(modes('WF01A')).toEqual(new Set(['face_to_face']));
    expect(modes('WF01B')).toEqual(new Set(['face_to_face']));
    expect(modes('WF01C')).toEqual(new Set(['telephone', 'video']));
    expect(modes('WF01D')).toEqual(new Set(['telephone', 'video']));
    expect(modes('RD01A')).toEqual(new Set(['face_to_face']));
    expect(modes('imaging, no HRG')).toEqual(new Set(['face_to_face']));
  });

  it('writes a synthetic MFF for every NHS provider, and tariff payments carry it', async () => {
    const mff = await rows<{ provider_code: string; mff_index: number; source: string }>(`select * from read_csv(${file('provider_mff')}) order by 1`);
    expect(mff.map((m) => [m.provider_code, m.mff_index])).toEqual([['RA1', 1], ['RA2', 1], ['RA3', 0.95], ['RA4', 1], ['RA5', 1.05], ['RC1', 1], ['RC2', 1], ['RM1', 1]]);
    expect(mff.every((m) => m.source.startsWith('synthetic'))).toBe(true);
    // a WF01A follow-up's tariff is the national £192.28 × the trust's MFF: £182.67 at RA3, £201.89 at RA5
    const tariffs = await rows<{ provider_code: string; tariff: number }>(`
      select provider_code, min(tariff_gbp)::double as tariff from read_csv(${file('op_attendances')})
      where hrg = 'WF01A' and tariff_gbp is not null and provider_code in ('RA1', 'RA3', 'RA5') group by 1 order by 1`);
    expect(tariffs).toEqual([
      { provider_code: 'RA1', tariff: 192.28 },
      { provider_code: 'RA3', tariff: 182.67 },
      { provider_code: 'RA5', tariff: 201.89 },
    ]);
  });
});

describe('PROMs the generator writes (reference/proms.ts)', () => {
  it('answers at the national programme’s rates, with its score levels per joint', async () => {
    const [r] = await rows<{ episodes: number; records: number; post: number }>(`
      select (select count(*) from read_csv(${file('apc_spells')}, all_varchar = true) where admission_method in ('11', '12', '13')
          and regexp_matches(split_part(procedures, ';', 1), '^(W4[0-2][189]|O18[189]|W3[7-9][189]|W9[3-5][189])$'))::integer as episodes,
        count(*)::integer as records, count(postop_date)::integer as post
      from read_csv(${file('proms')})`);
    // 70% of primary hip and knee spells get a pre-op record; 72% of those a post-op one (fewer near the period's end)
    expect(r.records / r.episodes).toBeGreaterThan(0.65);
    expect(r.records / r.episodes).toBeLessThan(0.75);
    expect(r.post / r.records).toBeGreaterThan(0.4); // the last six months' operations have no post-op yet
    expect(r.post / r.records).toBeLessThan(0.74);
    const scores = await rows<{ procedure: string; pre: number; post: number; gain: number; eq5d_gain: number }>(`
      select procedure, round(avg(oxford_pre), 1)::double as pre, round(avg(oxford_post), 1)::double as post,
        round(avg(oxford_post - oxford_pre), 1)::double as gain, round(avg(eq5d_post - eq5d_pre), 2)::double as eq5d_gain
      from read_csv(${file('proms')}) where postop_date is not null group by 1 order by 1`);
    // NHS Digital: hip pre ≈ 18, post ≈ 40, gain ≈ 22; knee pre ≈ 19, post ≈ 36–37, gain ≈ 17; EQ-5D gain ≈ 0.3–0.45
    const [hip, knee] = scores;
    expect(hip.procedure).toBe('hip');
    expect(Math.abs(hip.pre - 18)).toBeLessThan(1);
    expect(Math.abs(hip.post - 40)).toBeLessThan(1.5);
    expect(Math.abs(knee.pre - 19)).toBeLessThan(1);
    expect(Math.abs(knee.post - 36.5)).toBeLessThan(1.5);
    expect(hip.gain).toBeGreaterThan(knee.gain + 3);
    for (const s of scores) expect(s.eq5d_gain).toBeGreaterThanOrEqual(0.28);
    for (const s of scores) expect(s.eq5d_gain).toBeLessThanOrEqual(0.47);
  });

  it('plants outcomes apart from cost: RA1 (typical cost) gains more than RA3 (cheaper) and RA5 (dearer)', async () => {
    const gains = await rows<{ provider_code: string; gain: number }>(`
      select provider_code, avg(oxford_post - oxford_pre)::double as gain from read_csv(${file('proms')})
      where postop_date is not null group by 1 order by 1`);
    const gain = (code: string) => gains.find((g) => g.provider_code === code)!.gain;
    // offsets +2.5, −2.5, −2.5 points on the post-op score
    expect(gain('RA1') - gain('RA3')).toBeGreaterThan(2.5);
    expect(gain('RA1') - gain('RA5')).toBeGreaterThan(2.5);
  });
});
