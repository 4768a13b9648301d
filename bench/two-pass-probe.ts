// Issue 19's ingest without the full write, measured against today's on one CSV feed file in one run: what
// each design spends on the work every later stage needs from that feed (totals, quarantine rows with their
// lines, the rows of patients in scope with their lines, the repeated-id search). Evidence, not part of the build.
//   npx tsx bench/two-pass-probe.ts --input DIR [--feed prescriptions] [--scope-percent 1] [--rounds 2]
//
// Today: the validating pass copied to Parquet in read order (a row's place there is its line), then the
// repeated-id hash sort, the totals, the quarantine rows and the scope rows, each read from that file.
// Two passes: (A) the validating pass, parallel, reduced to totals and to the ids of failing rows; (B) one
// single-threaded scan numbering the lines (row_number() over (): DuckDB's CSV reader gives no row number)
// that keeps only the rows of scope patients, of failing ids and without an id, and checks just those; and
// the repeated-id hash sort over the id column read alone. The same without numbering the lines (B parallel)
// shows what giving up a line for each activity row would buy.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Db, quoteIdent, sqlString } from '../engine/db.ts';
import { type LoadedFeed, loadFeeds } from '../engine/stages/01-load/index.ts';
import { trimmedText } from '../engine/stages/02-validate/checks.ts';
import { checkedSelect, repeatedHashesSql } from '../engine/stages/02-validate/index.ts';
import { columnsReadLater } from '../engine/stages/03-normalise/feed-columns.ts';

const { values } = parseArgs({ options: { input: { type: 'string' }, feed: { type: 'string' }, 'scope-percent': { type: 'string' }, rounds: { type: 'string' } } });
if (!values.input) throw new Error('--input DIR is required');
const name = values.feed ?? 'prescriptions';
const scopePercent = Number(values['scope-percent'] ?? 1);
const rounds = Number(values.rounds ?? 2);
const dir = await mkdtemp(join(tmpdir(), 'pathcost-two-pass-'));
const db = await Db.open({ memoryLimit: '3GB', tempDirectory: dir });

interface Step {
  label: string;
  wall: number;
  cpu: number;
  rows?: number;
}

/** Runs one statement, timing its wall and this process's CPU seconds (DuckDB's threads are in the process). */
async function timed(label: string, sql: string | string[]): Promise<Step> {
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  for (const statement of [sql].flat()) await db.run(statement, { as_of: '2026-01-01' });
  const cpu = process.cpuUsage(cpu0);
  return { label, wall: (performance.now() - start) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

const count = async (table: string) => (await db.one<{ n: number }>(`select count(*)::double as n from ${table}`)).n;

async function today(feed: LoadedFeed, select: string): Promise<Step[]> {
  const { spec } = feed;
  const file = sqlString(join(dir, 'validated.parquet'));
  const rows = `read_parquet(${file}, file_row_number = true)`;
  const id = quoteIdent(spec.idColumn!);
  const date = quoteIdent(spec.dateColumn!);
  return [
    await timed('today: validating pass copied to Parquet in read order', `copy (${select}) to ${file} (format parquet, compression uncompressed)`),
    await timed('today: repeated-id hash sort', repeatedHashesSql(rows, id, 't_repeated')),
    await timed('today: totals', `create or replace temp table t_totals as select year(${date}) as y, month(${date}) as m, sum(${quoteIdent(spec.costColumn!)}) as cost, count(*) as n from ${rows} where reason is null group by all`),
    await timed('today: quarantine rows with lines', `create or replace temp table t_bad as select *, file_row_number + 1 as line_no from ${rows} where reason is not null`),
    { ...(await timed('today: scope rows with lines', `create or replace temp table t_scope as select *, file_row_number + 1 as line_no from ${rows} where reason is null and ${quoteIdent(spec.patientColumn!)} in (select patient_id from scope)`)), rows: await count('t_scope') },
  ];
}

async function twoPass(feed: LoadedFeed, numberLines: boolean): Promise<Step[]> {
  const { spec } = feed;
  const file = feed.files[0];
  const stored = columnsReadLater(spec);
  const id = quoteIdent(spec.idColumn!);
  const date = quoteIdent(spec.dateColumn!);
  const passA = checkedSelect(feed, file.select!, stored, []).sql;
  // Pass B filters raw rows before any check: the line is numbered first, so the filter may drop rows.
  const numbered = `select *, row_number() over () - 1 as file_row from (${file.select})`;
  // Raw values are compared as read; the rare value holding a space goes on to the checks whatever it is.
  const patient = quoteIdent(spec.patientColumn!);
  const kept = (source: string) => `select * from (${source}) where ${patient} in (select patient_id from scope) or ${id} in (select id from p_failing)
    or ${id} is null or ${id} = '' or contains(${id}, ' ') or contains(${patient}, ' ')`;
  const passB = checkedSelect(feed, kept(numbered), stored, [], { placed: true }).sql;
  const steps = [
    await timed('two passes: (A) validating pass reduced to totals and failing ids', `create or replace temp table p_totals as select year(${date}) as y, month(${date}) as m,
      sum(${quoteIdent(spec.costColumn!)}) filter (where reason is null) as cost, count(*) filter (where reason is null) as n,
      list(${id}) filter (where reason is not null and ${id} is not null) as failing from (${passA}) group by all`),
  ];
  await db.run(`create or replace temp table p_failing as select distinct unnest(failing) as id from p_totals`);
  if (numberLines) {
    steps.push({ ...(await timed('two passes: (B) numbered scan of scope, failing and id-less rows', `create or replace temp table p_kept as select *, file_row + 1 as line_no from (${passB})`)), rows: await count('p_kept') });
  } else {
    const unnumbered = checkedSelect(feed, kept(file.select!), stored, []).sql;
    steps.push({ ...(await timed('two passes without lines: (B) parallel scan of the same rows', `create or replace temp table p_kept_unnumbered as ${unnumbered}`)), rows: await count('p_kept_unnumbered') });
  }
  steps.push(await timed('two passes: repeated-id hash sort over the id column alone', repeatedHashesSql(`(${file.select})`, trimmedText(id), 'p_repeated')));
  return steps;
}

try {
  await db.exec(`set preserve_insertion_order = true`);
  const feeds = await loadFeeds(db, { input: values.input });
  const feed = feeds.find((f) => f.spec.name === name);
  if (!feed?.files[0]?.select || feed.files[0].format !== 'csv' || !feed.spec.idColumn || !feed.spec.patientColumn || !feed.spec.dateColumn || !feed.spec.costColumn) {
    throw new Error(`${name}: needs one CSV file and a feed with id, patient, date and cost columns`);
  }
  const patients = feeds.find((f) => f.spec.name === 'patients')!;
  await db.run(`create temp table scope as select distinct patient_id from (${patients.files[0].select}) where hash(patient_id) % 100 < $percent`, { percent: scopePercent });
  const select = checkedSelect(feed, feed.files[0].select!, columnsReadLater(feed.spec), []).sql;
  for (let round = 1; round <= rounds; round++) {
    for (const [design, steps] of [['today', await today(feed, select)], ['two passes', await twoPass(feed, true)], ['two passes, no line numbers', await twoPass(feed, false)]] as const) {
      console.log(`round ${round}, ${design}:`);
      for (const s of steps) console.log(`  ${s.wall.toFixed(2).padStart(6)} s wall ${s.cpu.toFixed(2).padStart(6)} s CPU  ${s.label}${s.rows !== undefined ? ` (${s.rows} rows)` : ''}`);
      const wall = steps.reduce((a, s) => a + s.wall, 0);
      const cpu = steps.reduce((a, s) => a + s.cpu, 0);
      console.log(`  ${wall.toFixed(2).padStart(6)} s wall ${cpu.toFixed(2).padStart(6)} s CPU  in all`);
    }
  }
  // The same scope rows, lines and values either way (the failing-id rows of pass B are not scope rows).
  const cols = ['line_no', feed.spec.idColumn, feed.spec.patientColumn, feed.spec.costColumn].map((c) => quoteIdent(c!)).join(', ');
  const scopeRowsOfB = `select ${cols} from p_kept where reason is null and ${quoteIdent(feed.spec.patientColumn)} in (select patient_id from scope)`;
  const differ = await db.one<{ n: number }>(`select count(*)::double as n from ((${scopeRowsOfB} except all select ${cols} from t_scope) union all (select ${cols} from t_scope except all ${scopeRowsOfB}))`);
  const badDiffer = await db.one<{ n: number }>(`select count(*)::double as n from ((select ${cols}, reason from p_kept where reason is not null except all select ${cols}, reason from t_bad) union all (select ${cols}, reason from t_bad except all select ${cols}, reason from p_kept where reason is not null))`);
  console.log(`rows that differ between the designs: scope ${differ.n}, quarantine ${badDiffer.n}`);
} finally {
  db.close();
  await rm(dir, { recursive: true, force: true });
}
