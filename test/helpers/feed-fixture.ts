// Tiny feed folders for the ingest tests (stages 1–3): files written to a fresh temp folder, a fresh in-memory
// database, and the stages run as the build runs them. Everything is cleaned up when the test finishes.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { onTestFinished } from 'vitest';
import { Db, quoteIdent, sqlString } from '../../engine/db.ts';
import type { Mapping } from '../../schemas/mapping.ts';
import { type LoadedFeed, loadFeeds } from '../../engine/stages/01-load/index.ts';
import { dataCutoff } from '../../engine/stages/02-validate/cutoff.ts';
import { type ValidatedFeeds, checkedFeed, validateFeeds } from '../../engine/stages/02-validate/index.ts';
import { type NormalisedActivity, normaliseActivity } from '../../engine/stages/03-normalise/index.ts';
import { type PriceOptions, type PricedActivity, priceActivities } from '../../engine/stages/04-price/index.ts';

/** Lines of a CSV file, LF-terminated. */
export const csv = (...lines: string[]): string => `${lines.join('\n')}\n`;

/** A patients feed holding P1 and P2 (clean) and P3 (sex 7: quarantined, so P3's activity is unknown_patient). */
export const PATIENTS = csv(
  'patient_id,birth_date,sex,imd_decile,practice_code',
  'P1,1950-01-01,1,3,A81001',
  'P2,1962-06-01,2,7,A81002',
  'P3,1970-01-01,7,5,A81003',
);

/** The run date of every fixture unless a test says otherwise. */
export const AS_OF = '2024-06-30';

export type Files = Record<string, string | Buffer>;

/** A fresh temp folder holding `files` (names may contain `/` for feeds given as folders); removed after the test. */
export async function feedFolder(files: Files): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pathcost-ingest-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
}

export interface IngestOptions {
  mapping?: Mapping;
  asOf?: string;
  /** Data cut-off for open spells and ongoing packages; by default computed as the build does. */
  cutoff?: string;
  /** Last stage to run. */
  until?: 'load' | 'validate' | 'normalise';
}

export interface Ingested {
  db: Db;
  dir: string;
  feeds: LoadedFeed[];
  feed: (name: string) => LoadedFeed;
  validated?: ValidatedFeeds;
  normalised?: NormalisedActivity;
  cutoff?: string;
}

/** Write `files` to a fresh folder and run stages 1–3 on a fresh in-memory database. */
export async function ingest(files: Files, options: IngestOptions = {}): Promise<Ingested> {
  return ingestFolder(await feedFolder(files), options);
}

export async function ingestFolder(dir: string, options: IngestOptions = {}): Promise<Ingested> {
  const db = await Db.open();
  onTestFinished(() => db.close());
  const asOf = options.asOf ?? AS_OF;
  const feeds = await loadFeeds(db, { input: dir, mapping: options.mapping });
  const result: Ingested = { db, dir, feeds, feed: (name) => feeds.find((f) => f.spec.name === name)! };
  if (options.until === 'load') return result;
  const workDir = await mkdtemp(join(tmpdir(), 'pathcost-validated-'));
  onTestFinished(() => rm(workDir, { recursive: true, force: true }));
  const validated = await validateFeeds(db, feeds, { asOf, workDir });
  result.validated = validated;
  if (options.until === 'validate') return result;
  result.cutoff = options.cutoff ?? (await dataCutoff(db, validated, asOf));
  result.normalised = await normaliseActivity(db, validated, { cutoff: result.cutoff });
  return result;
}

/** Stage 4 over what `ingest` normalised, as the build runs it. */
export async function price(ingested: Ingested, options: PriceOptions = {}): Promise<PricedActivity> {
  const validated = ingested.validated!;
  return priceActivities(ingested.db, { normalised: ingested.normalised!, quarantine: validated.quarantine, providerMff: checkedFeed(validated, 'provider_mff').table }, options);
}

export interface QuarantineRow {
  feed: string;
  file: string;
  source_row: number;
  source_id: string | null;
  reason: string;
  detail: string;
}

/** Quarantine rows of a feed in file order. */
export async function quarantined(db: Db, feed: string): Promise<QuarantineRow[]> {
  return db.all<QuarantineRow>(
    `select feed, file, source_row::int as source_row, source_id, reason, detail from quarantine_checked where feed = $feed order by file, source_row`,
    { feed },
  );
}

/** `source_row reason` per quarantined row of a feed, in file order: the shape most tests compare. */
export async function reasons(db: Db, feed: string): Promise<string[]> {
  return (await quarantined(db, feed)).map((q) => `${q.source_row} ${q.reason}`);
}

/** Normalised activity of a feed in line order (then id, for feeds given as several files), with the given columns. */
export async function normalised<T = Record<string, unknown>>(db: Db, feed: string, columns: string): Promise<T[]> {
  return db.all<T>(`select ${columns} from activity_normalised where feed = $feed order by source_row, source_id`, { feed });
}

/** Row count of a DuckDB table or view. */
export async function count(db: Db, table: string): Promise<number> {
  return (await db.one<{ n: number }>(`select count(*)::int as n from ${quoteIdent(table)}`)).n;
}

/** Write a Parquet file from a query, with a database of its own (as another system's export would be). */
export async function writeParquet(path: string, select: string): Promise<void> {
  const db = await Db.open();
  try {
    await db.run(`copy (${select}) to ${sqlString(path)} (format parquet)`);
  } finally {
    db.close();
  }
}
