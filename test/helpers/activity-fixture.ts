// Tiny hand-made activity fixtures for stage tests: priced activity rows and patients, inserted with
// bound parameters into a fresh in-memory database.
import { createTableSql } from '../../schemas/define.ts';
import { CostLedger, Patients, Proms, ProviderMff } from '../../schemas/feeds/index.ts';
import { Activity, Quarantine } from '../../schemas/tables/index.ts';
import { type Db, listParam, quoteIdent } from '../../engine/db.ts';
import type { PathwayInputs } from '../../engine/pathway-stages.ts';
import { type StageTable, stageTable } from '../../engine/stage-table.ts';
import { ActivityTotals, FeedMonth, buildActivityTotals, measureCoverage } from '../../engine/stages/04-price/coverage.ts';
import { loadProviderMff } from '../../engine/stages/04-price/mff.ts';
import { loadReference } from '../../engine/reference.ts';

export interface ActivityRow {
  feed: string;
  source_id: string;
  patient_id: string;
  setting: string;
  activity_type: string;
  provider_code?: string;
  start_date: string;
  end_date?: string;
  cost_gbp: number;
  standardised_cost_gbp?: number;
  cost_basis?: string;
  admission_method?: string;
  tfc?: string;
  hrg?: string;
  diagnoses?: string[];
  procedures?: string[];
  service_type?: string;
  staff_role?: string;
  bnf_code?: string;
  units?: number;
  unit?: string;
  cost_overheads?: number;
  cost_staff?: number;
}

export interface PatientRow {
  patient_id: string;
  birth_date: string | null;
  sex?: string;
  imd_decile?: number;
  practice_code?: string;
  date_of_death?: string;
  registered_from?: string;
  registered_to?: string;
}

/**
 * The tables stages 5–7 read, as stages 2–4 leave them: priced `activity` (filled by the tests), quarantine, and
 * the checked patients, provider MFF and cost ledger feeds (clean rows have no reason).
 */
export async function createFixtureTables(db: Db): Promise<void> {
  await db.run(createTableSql(Activity));
  await db.run(createTableSql(Quarantine));
  await db.run(`create table checked_patients (patient_id varchar, birth_date date, sex varchar, imd_decile bigint, practice_code varchar,
    date_of_death date, registered_to date, reason varchar, registered_from date)`);
  await db.run(`create table checked_provider_mff (provider_code varchar, mff_index double, source varchar, reason varchar)`);
  await db.run(`create table checked_cost_ledger (provider_code varchar, period varchar, line_type varchar, patient_attributable boolean, amount_gbp decimal(18,2), reason varchar)`);
  await db.run(`create table checked_proms (proms_id varchar, patient_id varchar, provider_code varchar, procedure varchar, preop_date date, postop_date date,
    oxford_pre bigint, oxford_post bigint, eq5d_pre double, eq5d_post double, reason varchar)`);
}

/**
 * What stages 5–7 take, over the fixture tables once the tests have filled them: stage 4's record for a
 * hand-made priced `activity` table (its totals and coverage read from it, the provider MFF table from
 * checked_provider_mff, a patient's rows selected from it directly, and the reference tables loaded).
 */
export async function pathwayInputs(db: Db): Promise<PathwayInputs> {
  // the NHS cost inflation index (the comparison restates episodes of other years to one)
  await loadReference(db);
  const activity = stageTable('activity', Activity);
  await buildActivityTotals(db, activity);
  await measureCoverage(db);
  const providerMff = await loadProviderMff(db, stageTable('checked_provider_mff', ProviderMff));
  // as stage 4's: the activity's columns by name, so a column `narrow` adds is dropped
  const columns = Object.keys(Activity.columns).map(quoteIdent).join(', ');
  const ofPatients = (patients: StageTable, narrow = (rows: string) => rows) => `select ${columns} from (${narrow(`select * from activity where patient_id in (select patient_id from ${quoteIdent(patients.name)})`)})`;
  // where a build attaches its staging database (stage 8's openStaging), for the rows stage 6 stores there
  await db.run(`attach if not exists ':memory:' as out`);
  return {
    priced: { activity, unpriced: activity, totals: stageTable(ActivityTotals.name, ActivityTotals), feedMonth: stageTable(FeedMonth.name, FeedMonth), providerMff, quarantine: stageTable(Quarantine.name, Quarantine), ofPatients },
    patients: stageTable('checked_patients', Patients),
    ledger: stageTable('checked_cost_ledger', CostLedger),
    proms: stageTable('checked_proms', Proms),
    published: 'out',
  };
}

export async function insertPatients(db: Db, rows: PatientRow[]): Promise<void> {
  for (const p of rows) {
    await db.run(`insert into checked_patients values ($id, $birth::date, $sex, $imd, $practice, $death::date, $moved::date, null, $from::date)`, {
      id: p.patient_id, birth: p.birth_date, sex: p.sex ?? '2', imd: p.imd_decile ?? 5, practice: p.practice_code ?? 'A81001',
      death: p.date_of_death ?? null, moved: p.registered_to ?? null, from: p.registered_from ?? null,
    });
  }
}

/** One priced row per copy (source ids `<id>`, or `<id>-0`, `<id>-1`… when copied), from bound parameters. */
const INSERT_ACTIVITY = `insert into activity by name select
  case when $copies = 1 then $source_id else $source_id || '-' || copy end as source_id, $row::bigint + copy as source_row,
  $feed as feed, $patient as patient_id, $setting as setting, $type as activity_type, $provider as provider_code,
  $start::date as start_date, $end::date as end_date, $method as admission_method, $tfc as tfc, $hrg as hrg, $dx as diagnoses,
  $pdx as primary_diagnosis, $px as procedures, $ppx as primary_procedure, $service as service_type, $role as staff_role, $bnf as bnf_code,
  $cost::decimal(18,2) as cost_gbp, $cost::decimal(18,2) as nominal_cost_gbp, $std::decimal(18,2) as standardised_cost_gbp,
  $basis as cost_basis, $units::double as units, $unit as unit, $oh::decimal(18,2) as cost_overheads, $staff::decimal(18,2) as cost_staff,
  0::decimal(18,2) as cost_theatre, 0::decimal(18,2) as cost_ward, 0::decimal(18,2) as cost_drugs, 0::decimal(18,2) as cost_devices, 0::decimal(18,2) as cost_diagnostics
from range($copies) t(copy)`;

export async function insertActivity(db: Db, rows: ActivityRow[]): Promise<void> {
  for (const [i, r] of rows.entries()) await insertCopies(db, r, 1, i + 1);
}

/** `copies` identical rows in one statement (e.g. thousands of rows at the absurd-value cap). */
export async function insertCopies(db: Db, r: ActivityRow, copies: number, firstRow = 1): Promise<void> {
  await db.run(INSERT_ACTIVITY, {
    copies, feed: r.feed, source_id: r.source_id, row: firstRow, patient: r.patient_id, setting: r.setting, type: r.activity_type,
    provider: r.provider_code ?? 'RA1', start: r.start_date, end: r.end_date ?? r.start_date, method: r.admission_method ?? null, tfc: r.tfc ?? null,
    pdx: r.diagnoses?.[0] ?? null, ppx: r.procedures?.[0] ?? null,
    hrg: r.hrg ?? null, dx: r.diagnoses ? listParam(r.diagnoses) : null, px: r.procedures ? listParam(r.procedures) : null,
    service: r.service_type ?? null, role: r.staff_role ?? null, bnf: r.bnf_code ?? null, cost: r.cost_gbp, std: r.standardised_cost_gbp ?? r.cost_gbp,
    basis: r.cost_basis ?? 'supplied', units: r.units ?? 1, unit: r.unit ?? 'attendances',
    oh: r.cost_overheads ?? null, staff: r.cost_staff ?? null,
  });
}

/** An elective knee (or hip) replacement spell. */
export function electiveSpell(id: string, patient: string, admitted: string, discharged: string, procedure: string, cost: number, extra: Partial<ActivityRow> = {}): ActivityRow {
  return {
    feed: 'apc_spells', source_id: id, patient_id: patient, setting: 'acute', activity_type: 'apc_elective', admission_method: '11',
    start_date: admitted, end_date: discharged, hrg: 'HN22E', diagnoses: ['M171'], procedures: [procedure], cost_gbp: cost,
    cost_basis: 'national_unit_cost', unit: 'bed_days', units: 3, ...extra,
  };
}
