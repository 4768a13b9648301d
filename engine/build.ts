// The monthly build: runs stages 1–8 in order in one DuckDB instance, reports progress, writes the manifest
// and swaps the outputs in atomically.
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { format } from 'date-fns';
import { createTableSql } from '../schemas/define.ts';
import { DEFAULT_SUPPRESSION_THRESHOLD, SuppressionThreshold } from '../schemas/disclosure.ts';
import { DataQuality, Episode, LedgerReconciliation, Manifest } from '../schemas/tables/index.ts';
import type { PathwayDefinition } from '../schemas/pathway.ts';
import type { ComparisonTarget } from '../schemas/tables/variation.ts';
import { Db } from './db.ts';
import { type StageTable, ident, stageTable } from './stage-table.ts';
import { PathcostError } from './errors.ts';
import { type InputGuardOptions, checkMonthRange, guardEmptyRequiredFeeds, guardFeedRows, guardMisnamedFeeds, guardQuarantinedShare, guardRequestedMonths, guardRequiredFeeds } from './input-guards.ts';
import { ENGINE_VERSION, type FileFingerprint, fingerprint, referenceFingerprints, runId } from './manifest.ts';
import type { Mapping } from '../schemas/mapping.ts';
import { checkOutputFolder } from './output-folder.ts';
import { computePathways } from './pathway-stages.ts';
import { loadPathways } from './pathways.ts';
import { loadFeeds } from './stages/01-load/index.ts';
import { type UnrecognisedFile, unrecognisedFiles } from './stages/01-load/unrecognised-files.ts';
import { assertInputsUnchanged } from './stages/01-load/unchanged-inputs.ts';
import { checkedFeed, validateFeeds } from './stages/02-validate/index.ts';
import { normaliseActivity } from './stages/03-normalise/index.ts';
import { columnsReadLater } from './stages/03-normalise/feed-columns.ts';
import { priceActivities } from './stages/04-price/index.ts';
import { coverageEnd } from './stages/04-price/coverage.ts';
import { buildDataQuality } from './stages/07-aggregate/data-quality.ts';
import { ledgerTolerance } from './stages/07-aggregate/ledger-reconciliation.ts';
import { checkReconciled } from './stages/07-aggregate/reconciliation.ts';
import { openStaging, recoverInterruptedSwap, stagingDir, swapIn, writeOutputs } from './stages/08-publish/index.ts';
import { dataCutoff } from './stages/02-validate/cutoff.ts';

/** The input guards' overrides (`allowShrink`, `minShare`…) are in InputGuardOptions. */
export interface BuildOptions extends InputGuardOptions {
  input: string;
  out: string;
  pathways?: string[];
  pathwaysDir?: string;
  /** Anchor months to build, inclusive (YYYY-MM); all months in the input when absent. */
  fromMonth?: string;
  toMonth?: string;
  mapping?: Mapping;
  /** Run date for the future-date check (default: today). */
  asOf?: string;
  /** Restate every price to this financial year, e.g. 2024/25. */
  priceYear?: string;
  /** The opportunity target of the provider comparison (default: the median); recorded in the manifest. */
  target?: ComparisonTarget;
  strict?: boolean;
  /** Smallest count published (default 8: counts 1–7 are suppressed); recorded in the manifest. */
  suppressionThreshold?: number;
  /** Patient-level cost may differ from a provider's cost ledger by this share of it (default 0.05). */
  ledgerTolerance?: number;
  memoryLimit?: string;
  tempDirectory?: string;
  threads?: number;
  exportActivity?: boolean;
  onStage?: (event: StageEvent) => void;
}

export interface StageEvent {
  stage: string;
  index: number;
  total: number;
  phase: 'start' | 'end';
  seconds?: number;
}

export interface BuildResult {
  runId: string;
  out: string;
  seconds: number;
  stages: Record<string, number>;
  counts: Record<string, number>;
  reconciliationDifferenceGbp: number;
  /** Quarantined rows whose £ is unknown (data_quality's quarantined_without_cost): outside the books' every pound. */
  quarantinedWithoutCost: number;
  maxRowsToJs: number;
  /** Files in the input folder that no feed reads. */
  unrecognised: UnrecognisedFile[];
  /** Columns of each feed's files that no canonical or mapped column names (not read). */
  extraColumns: ExtraColumns[];
  /** Optional columns a feed's files lack (read as empty). */
  absentColumns: ExtraColumns[];
}

export interface ExtraColumns {
  feed: string;
  columns: string[];
}

/** The columns each feed's files hold that nothing reads, feeds with none left out. */
/** Per feed that has any, its columns of one kind: `extraColumns` (not read) or `absentColumns` (read as empty). */
export function columnsOf(feeds: ReadonlyArray<{ spec: { name: string }; extraColumns: string[]; absentColumns: string[] }>, kind: 'extraColumns' | 'absentColumns'): ExtraColumns[] {
  return feeds.filter((f) => f[kind].length).map((f) => ({ feed: f.spec.name, columns: [...f[kind]] }));
}

/** DuckDB memory limit when none is given; RSS peaks a little above it (JS heap, allocator). */
export const DEFAULT_MEMORY_LIMIT = '3GB';

const STAGES = ['load', 'validate', 'normalise', 'price', 'episodes', 'attribute', 'aggregate', 'publish'] as const;

export async function build(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const stages: Record<string, number> = {};
  const threshold = suppressionThreshold(options.suppressionThreshold);
  const definitions = await loadPathways(options.pathwaysDir, options.pathways);
  const tolerance = ledgerTolerance(options.ledgerTolerance);
  checkMonthRange(options.fromMonth, options.toMonth);
  await checkOutputFolder(options.input, options.out);
  await recoverInterruptedSwap(options.out);
  const tempDirectory = options.tempDirectory ?? `${options.out}.spill`;
  await mkdir(tempDirectory, { recursive: true });
  // A bounded memory limit with a spill folder keeps peak RSS near the limit at any scale (DESIGN §9). The
  // validated rows are Parquet files in that folder (stage 2); the working database holds only tables of
  // thousands to a few hundred thousand rows, so it lives in memory (spilling there too): as a file, each of
  // them was also written to its write-ahead log (about a fifth of the attribute stage at 1M).
  const validatedDir = join(tempDirectory, 'validated');
  await rm(validatedDir, { recursive: true, force: true });
  const db = await Db.open({ memoryLimit: options.memoryLimit ?? DEFAULT_MEMORY_LIMIT, tempDirectory, threads: options.threads });
  const stage = async <T>(name: (typeof STAGES)[number], work: () => Promise<T>): Promise<T> => {
    const index = STAGES.indexOf(name);
    options.onStage?.({ stage: name, index, total: STAGES.length, phase: 'start' });
    const t = performance.now();
    const result = await work();
    stages[name] = (performance.now() - t) / 1000;
    options.onStage?.({ stage: name, index, total: STAGES.length, phase: 'end', seconds: stages[name] });
    return result;
  };
  const staged = stagingDir(options.out);
  let swapped = false;
  try {
    // Read order is each row's line (stage 2).
    await db.exec(`set preserve_insertion_order = true`);
    const asOf = options.asOf ?? format(new Date(), 'yyyy-MM-dd');
    const feeds = await stage('load', () => loadFeeds(db, { input: options.input, mapping: options.mapping }));
    // The input guards run as early as each can be decided, and all before anything in --out is touched.
    const unrecognised = await unrecognisedFiles(options.input, feeds);
    guardRequiredFeeds(options.input, feeds, unrecognised, options);
    guardMisnamedFeeds(feeds, unrecognised, options);
    const validated = await stage('validate', () => validateFeeds(db, feeds, { asOf, workDir: validatedDir, storedColumns: columnsReadLater }));
    const feedRows = await guardFeedRows(db, feeds, options);
    guardEmptyRequiredFeeds(feeds, feedRows, options);
    await guardQuarantinedShare(db, validated.quarantine, feedRows, options);
    await failIfStrict(db, validated.quarantine, options.strict === true);
    const cutoff = await dataCutoff(db, validated, asOf);
    const normalised = await stage('normalise', () => normaliseActivity(db, validated, { cutoff }));
    const providerMff = checkedFeed(validated, 'provider_mff').table;
    // the one read of every priced row (activity is a view) gives the totals and coverage
    const priced = await stage('price', () => priceActivities(db, { normalised, quarantine: validated.quarantine, providerMff }, { priceYear: options.priceYear }));
    await guardRequestedMonths(db, options);
    const coveredTo = await coverageEnd(db, cutoff);
    await db.run(createTableSql(DataQuality));
    // after every input guard: the rows stage 6 publishes are stored once, in the staging database
    const published = await openStaging(db, staged);
    const pathwayInputs = { priced, patients: checkedFeed(validated, 'patients').table, ledger: checkedFeed(validated, 'cost_ledger').table, proms: checkedFeed(validated, 'proms').table, published };
    const { activity } = await computePathways(db, definitions, pathwayInputs, {
      coverageEnd: coveredTo,
      fromMonth: options.fromMonth,
      toMonth: options.toMonth,
      suppressionThreshold: threshold,
      ledgerTolerance: tolerance,
      target: options.target,
      priceYear: options.priceYear,
      stage: (name, work) => stage(name, work),
    });
    await buildDataQuality(db, feeds, priced, validated.cleared, stageTable(LedgerReconciliation.name, LedgerReconciliation), stageTable(Episode.name, Episode));
    await db.run(createTableSql(Manifest));
    const counts = await countOutputs(db);
    // Fails naming the cells that do not balance, before anything is published.
    const difference = await checkReconciled(db);
    const { unknown } = await db.one<{ unknown: number }>(`select coalesce(sum(value), 0)::integer as unknown from data_quality where "check" = 'quarantined_without_cost'`);
    const id = await writeManifest(db, { ...options, suppressionThreshold: threshold, ledgerTolerance: tolerance }, definitions, { asOf, cutoff, coveredTo, counts, stages, feed_rows: feedRows });
    await stage('publish', async () => {
      await writeOutputs(db, staged, { exportActivity: options.exportActivity ?? false, activity });
      await assertInputsUnchanged(feeds);
      await swapIn(staged, options.out);
      swapped = true;
    });
    return { runId: id, out: options.out, seconds: (performance.now() - started) / 1000, stages, counts, reconciliationDifferenceGbp: difference, quarantinedWithoutCost: unknown, maxRowsToJs: db.maxRowsToJs, unrecognised, extraColumns: columnsOf(feeds, 'extraColumns'), absentColumns: columnsOf(feeds, 'absentColumns') };
  } finally {
    db.close();
    // a build that stopped before its swap leaves no half-written staging folder beside the output
    if (!swapped) await rm(staged, { recursive: true, force: true });
    await rm(validatedDir, { recursive: true, force: true });
    if (!options.tempDirectory) await rm(tempDirectory, { recursive: true, force: true });
  }
}

function suppressionThreshold(given: number | undefined): number {
  const parsed = SuppressionThreshold.safeParse(given ?? DEFAULT_SUPPRESSION_THRESHOLD);
  if (!parsed.success) {
    throw new PathcostError('BAD_OPTION', `Suppression threshold ${given}: ${parsed.error.issues[0].message}.`, `Give the smallest count that may be published, e.g. --suppress ${DEFAULT_SUPPRESSION_THRESHOLD} (counts 1–${DEFAULT_SUPPRESSION_THRESHOLD - 1} hidden).`);
  }
  return parsed.data;
}

async function failIfStrict(db: Db, quarantine: StageTable, strict: boolean): Promise<void> {
  if (!strict) return;
  const rows = await db.all<{ feed: string; reason: string; n: number }>(`select feed, reason, count(*)::int as n from ${ident(quarantine)} group by all order by all`);
  if (rows.length) {
    const list = rows.map((r) => `${r.feed}: ${r.n} ${r.reason}`).join('; ');
    throw new PathcostError('STRICT_QUARANTINE', `Rows were quarantined (${list}).`, 'Run `pathcost validate` for the report, fix the extracts, or build without --strict.');
  }
}

async function countOutputs(db: Db): Promise<Record<string, number>> {
  // activity is a view that prices as it reads: its rows were counted once, into activity_totals
  const activity = `coalesce((select sum(rows_clean) from activity_totals), 0)::bigint::double as activity`;
  const tables = ['quarantine', 'episode', 'episode_step_cost', 'activity_attribution', 'pathway_summary', 'variation', 'provider_cost_basis_mix', 'reconciliation', 'data_quality'];
  const row = await db.one<Record<string, number>>(`select ${activity}, ${tables.map((t) => `(select count(*) from ${t})::bigint::double as ${t}`).join(', ')}`);
  return row;
}

/** `options` as the build resolved them: the threshold and tolerance are set. */
async function writeManifest(db: Db, options: BuildOptions & { suppressionThreshold: number }, definitions: PathwayDefinition[], facts: Record<string, unknown>): Promise<string> {
  const files = await inputFingerprints(options.input);
  const reference = await referenceFingerprints();
  const parts = {
    engine_version: ENGINE_VERSION,
    inputs: files,
    reference,
    definitions: definitions.map((d) => ({ id: d.id, version: d.version, json: JSON.stringify(d) })),
    options: { from: options.fromMonth, to: options.toMonth, priceYear: options.priceYear, asOf: facts.asOf, suppression_threshold: options.suppressionThreshold, ledgerTolerance: options.ledgerTolerance, target: options.target, mapping: options.mapping ?? null },
  };
  const id = runId(parts);
  const manifest = { run_id: id, ...parts, facts, definitions: parts.definitions.map(({ id: d, version }) => ({ id: d, version })) };
  await db.run(`insert into manifest by name select $id as run_id, $version as engine_version, $built as built_at, $months as months,
      string_split($pathways, ',') as pathways, $threshold as suppression_threshold, $json as manifest_json`, {
    id,
    threshold: options.suppressionThreshold,
    version: ENGINE_VERSION,
    built: new Date().toISOString(),
    months: options.fromMonth || options.toMonth ? `${options.fromMonth ?? 'start'}..${options.toMonth ?? 'end'}` : 'all',
    pathways: definitions.map((d) => d.id).join(','),
    json: JSON.stringify(manifest),
  });
  return id;
}

async function inputFingerprints(input: string): Promise<FileFingerprint[]> {
  const entries = await readdir(input, { recursive: true });
  const files = entries.filter((f) => /\.(csv|parquet)$/i.test(f)).sort();
  return Promise.all(files.map(async (f) => ({ ...(await fingerprint(join(input, f))), path: f })));
}
