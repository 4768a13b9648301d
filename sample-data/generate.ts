// The deterministic sample-data generator: every feed of DESIGN §3 at any scale, written by DuckDB from
// hash-based random numbers (no per-row JavaScript). Same seed and options ⇒ byte-identical feed files.
// Pipeline (sample-data/CONTEXT.md): persons → episodes → final persons (+ row counts and line offsets,
// written to Parquet) → pathway rows → each feed streamed to its file → ledger → fault manifest → byte faults.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quoteIdent, duckdbType, type TableSpec } from '../schemas/define.ts';
import { CostLedger, NON_ACTIVITY_FEEDS, Patients, Proms, ProviderMff } from '../schemas/feeds/index.ts';
import { Db, readSql, sqlString } from '../engine/db.ts';
import { backgroundRowsVariable, cleanSql, finalSql, pathwayTable, pathwayTableSql } from './assemble.ts';
import { CSV_LINE_OPTIONS, csvLineSelect } from './csv-line.ts';
import { ACTIVITY, type ActivityFeed, sqlPath } from './feeds.ts';
import { manifestSelect } from './faults.ts';
import { ledgerCostsSql } from './ledger.ts';
import { createMacros } from './macros/index.ts';
import { checkOptions, type FeedCount, type GenerateOptions, type GenerationResult } from './options.ts';
import { applyByteFaults } from './post-process.ts';
import { describeRun } from './describe.ts';
import { PATIENTS_PER_PRACTICE, PEOPLE_PER_LSOA, PROVIDER_MFF } from './reference/providers.ts';

export type { GenerateOptions, GenerationResult } from './options.ts';

export async function generateSampleData(options: GenerateOptions): Promise<GenerationResult> {
  const o = checkOptions(options);
  const started = performance.now();
  await mkdir(o.out, { recursive: true });
  await removeOtherFormat(o.out, o.format);
  const work = await mkdtemp(join(tmpdir(), 'pathcost-generate-'));
  // Two threads and a memory cap, spilling beyond it. 4 GB, not 2: at 5M people the persons table (40 columns,
  // ≈2.2 GB) and the order-preserving COPY of it to Parquet ran out of memory at 2 GB.
  const db = await Db.open({ threads: 2, memoryLimit: '4GB', tempDirectory: join(work, 'spill') });
  const run: Run = { db, o, csv: o.format === 'csv', files: [], step: stepTimer(options.log ?? (() => {})) };
  try {
    await buildPopulation(run, work);
    const feeds = await prepareFeeds(db, o.faults > 0);
    run.step('pathway rows');
    await write(run, Patients, castColumns(Patients, await readSql(sqlPath('patients.sql'))), o.patients);
    for (const f of feeds) await write(run, f.feed.spec, f.sql, f.rows, o.faults > 0);
    await writeLedger(run, feeds);
    await writeProviderMff(run);
    await writeProms(run);
    const faults = o.faults > 0 ? await writeFaults(db, feeds, o.out, run.csv) : await writeNoFaults(o.out);
    run.step('faults');
    const result: GenerationResult = {
      out: o.out, format: o.format, files: run.files, faults, episodes: await episodeCounts(db), cohortVariants: await cohortVariantCounts(db),
      activityRows: run.files.filter((f) => !(NON_ACTIVITY_FEEDS as readonly string[]).includes(f.feed)).reduce((s, f) => s + f.rows, 0),
      seconds: Math.round((performance.now() - started) / 10) / 100,
    };
    await writeFile(join(o.out, 'generation.json'), `${JSON.stringify(describeRun(o, result), null, 2)}\n`);
    return result;
  } finally {
    db.close();
    await rm(work, { recursive: true, force: true });
  }
}

interface Run {
  db: Db;
  o: Required<Omit<GenerateOptions, 'log'>>;
  csv: boolean;
  files: FeedCount[];
  step: (name: string) => void;
}

/** Persons, episodes and the final persons file the feeds stream from. */
async function buildPopulation(run: Run, work: string): Promise<void> {
  await run.db.exec(`set preserve_insertion_order = true`);
  await setVariables(run.db, run.o);
  await createMacros(run.db, run.o.faults, run.csv);
  for (const file of ['persons-base.sql', 'episodes.sql', 'library-episodes.sql', 'persons.sql']) await run.db.runFile(sqlPath(file));
  // superseded by persons; ≈0.5 GB at 5M people
  await run.db.run('drop table persons_base');
  await writePersons(run.db, work);
  run.step('persons and episodes');
}

/** One feed file: CSV lines built in SQL, or Parquet with the schema's columns and types. */
async function write(run: Run, spec: TableSpec, select: string, rows: number, faulted = false): Promise<void> {
  const file = `${spec.name}.${run.csv ? 'csv' : 'parquet'}`;
  const columns = Object.keys(spec.columns).map(quoteIdent).join(', ');
  const query = run.csv ? csvLineSelect(spec, select, faulted) : `select ${columns} from (${select})`;
  await run.db.run(`copy (${query}) to ${sqlString(join(run.o.out, file))} ${run.csv ? CSV_LINE_OPTIONS : '(format parquet, compression zstd)'}`);
  run.files.push({ feed: spec.name, file, rows });
  run.step(spec.name);
}

async function writeLedger(run: Run, feeds: PreparedFeed[]): Promise<void> {
  await run.db.run(ledgerCostsSql(feeds));
  await run.db.run(`create or replace table ledger as ${castColumns(CostLedger, await readSql(sqlPath('ledger.sql')))}`);
  await write(run, CostLedger, 'select * from ledger', await count(run.db, 'select count(*) from ledger'));
}

/** The providers' market forces factors (synthetic values, labelled so in `source`). */
async function writeProviderMff(run: Run): Promise<void> {
  const select = `select x.code as provider_code, x.mff as mff_index, x.source as source from (select unnest(provider_mff()) as x) order by provider_code`;
  await write(run, ProviderMff, castColumns(ProviderMff, select), PROVIDER_MFF.length);
}

/** PROMs questionnaire pairs for the primary hip and knee replacements (sql/proms.sql, reference/proms.ts). */
async function writeProms(run: Run): Promise<void> {
  await run.db.run(`create or replace table proms_rows as ${castColumns(Proms, await readSql(sqlPath('proms.sql')))}`);
  await write(run, Proms, 'select * from proms_rows order by proms_id', await count(run.db, 'select count(*) from proms_rows'));
}

/** A feed written before in the other format would be read twice by the engine: our own files only. */
async function removeOtherFormat(out: string, format: 'csv' | 'parquet'): Promise<void> {
  const other = format === 'csv' ? 'parquet' : 'csv';
  const names = [Patients, CostLedger, ProviderMff, Proms, ...ACTIVITY.map((f) => f.spec)].map((s) => `${s.name}.${other}`);
  await Promise.all(names.map((name) => rm(join(out, name), { force: true })));
}

async function episodeCounts(db: Db): Promise<Record<string, number>> {
  const rows = await db.all<{ kind: string; n: number }>(`select kind, count(*)::integer as n from episodes group by kind order by kind`);
  return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
}

/** Primary spells planted to carry the engine's cohort flags (bilateral_same_spell, in_spell_complication). */
async function cohortVariantCounts(db: Db): Promise<Record<string, number>> {
  return db.one<Record<string, number>>(`select count(*) filter (where bilateral)::integer as bilateral_same_spell,
    count(*) filter (where has_in_spell_dx)::integer as in_spell_exclusion_dx from episodes`);
}

async function setVariables(db: Db, o: Run['o']): Promise<void> {
  const days = (Date.parse(o.to) - Date.parse(o.from)) / 86_400_000 + 1;
  const vars: Record<string, [string, number | string]> = {
    seed: ['bigint', o.seed], n_patients: ['bigint', o.patients], d_from: ['date', o.from], d_to: ['date', o.to],
    period_days: ['integer', days], years: ['double', days / 365.25], fault_rate: ['double', o.faults], boost: ['double', o.cohortBoost],
    n_lsoa: ['bigint', Math.max(1, Math.ceil(o.patients / PEOPLE_PER_LSOA))],
    n_practices: ['bigint', Math.max(1, Math.round(o.patients / PATIENTS_PER_PRACTICE))],
  };
  for (const [name, [type, value]] of Object.entries(vars)) await db.run(`set variable ${name} = $v::${type}`, { v: value });
}

/**
 * Final persons to Parquet in small row groups (2,048 people ≈ 100k feed rows): each feed streams from it in
 * order with both threads busy, and an order-preserving COPY buffers only a few such batches.
 */
async function writePersons(db: Db, work: string): Promise<void> {
  const path = sqlString(join(work, 'persons.parquet'));
  await db.run(`copy (select * exclude (birth_date, lsoa_code, imd_decile, registered_from, registered_to, morbidity) from persons)
    to ${path} (format parquet, row_group_size 2048, compression uncompressed)`);
  await db.run(`create or replace view persons_pq as select * from read_parquet(${path})`);
}

interface PreparedFeed {
  feed: ActivityFeed;
  /** Final select: canonical columns (faults applied, schema types) + _pno, _line, _fault. */
  sql: string;
  rows: number;
}

async function prepareFeeds(db: Db, withFaults: boolean): Promise<PreparedFeed[]> {
  const prepared: PreparedFeed[] = [];
  for (const feed of ACTIVITY) {
    const background = await count(db, `select coalesce(sum(n_${feed.key}), 0) from persons`);
    await db.run(`set variable ${backgroundRowsVariable(feed)} = $v::bigint`, { v: background });
    let rows = background;
    if (feed.pathway) {
      await db.run(pathwayTableSql(feed, await pathwaySelect(feed)));
      rows += await count(db, `select count(*) from ${pathwayTable(feed)}`);
    }
    const clean = cleanSql(feed, await readSql(sqlPath('background', `${feed.spec.name}.sql`)));
    prepared.push({ feed, sql: finalSql(feed, clean, withFaults), rows });
  }
  return prepared;
}

/** The hip and knee rows of a feed, and the library pathways' rows where it has any (sql/library/). */
async function pathwaySelect(feed: ActivityFeed): Promise<string> {
  const joints = await readSql(sqlPath('pathway', `${feed.spec.name}.sql`));
  if (!LIBRARY_FEEDS.includes(feed.spec.name)) return joints;
  return `select * from (${joints}) union all by name select * from (${await readSql(sqlPath('library', `${feed.spec.name}.sql`))})`;
}

const LIBRARY_FEEDS = ['apc_spells', 'community_contacts', 'gp_appointments', 'prescriptions'];

const MANIFEST_HEADER = 'feed,source_row,source_id,kind,expected_reason\n';

async function writeNoFaults(out: string): Promise<GenerationResult['faults']> {
  await writeFile(join(out, 'faults.csv'), MANIFEST_HEADER);
  return { total: 0, byReason: {} };
}

/** faults.csv (the manifest, one row per faulted row) and the byte-level faults in CSV files. */
async function writeFaults(db: Db, feeds: PreparedFeed[], out: string, csv: boolean): Promise<GenerationResult['faults']> {
  const union = feeds.map((f) => manifestSelect(f.feed, f.sql)).join('\nunion all\n');
  await db.run(`create or replace table fault_manifest as select * from (${union}) order by feed, source_row`);
  await db.run(`copy (select * from fault_manifest order by feed, source_row) to ${sqlString(join(out, 'faults.csv'))} (format csv, header true)`);
  const byReason = await db.all<{ reason: string; n: number }>(`select expected_reason as reason, count(*)::integer as n from fault_manifest group by 1 order by 1`);
  if (csv) {
    const touched = await db.all<{ feed: string }>(`select distinct feed from fault_manifest where expected_reason = 'bad_encoding' order by feed`);
    for (const { feed } of touched) await applyByteFaults(join(out, `${feed}.csv`));
  }
  return { total: byReason.reduce((s, r) => s + r.n, 0), byReason: Object.fromEntries(byReason.map((r) => [r.reason, r.n])) };
}

/** Columns of a feed cast to its schema types, in schema order. */
function castColumns(spec: TableSpec, select: string): string {
  const cols = Object.entries(spec.columns).map(([name, c]) => `cast(${quoteIdent(name)} as ${duckdbType(c)}) as ${quoteIdent(name)}`);
  return `select ${cols.join(', ')} from (${select})`;
}

async function count(db: Db, sql: string): Promise<number> {
  const row = await db.one<{ n: number }>(`select (${sql})::bigint::double as n`);
  return Number(row.n);
}

function stepTimer(log: (line: string) => void): (name: string) => void {
  let last = performance.now();
  return (name) => {
    const now = performance.now();
    log(`${name}: ${((now - last) / 1000).toFixed(1)} s`);
    last = now;
  };
}
