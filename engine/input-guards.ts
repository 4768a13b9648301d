// Input guards: the build stops with a coded error, before anything in --out is touched, when its input cannot be
// what was meant — a required feed has no file, a feed holds far fewer rows than the previous build's, or the
// months asked for hold no activity — so an empty or misnamed folder never replaces a good build. Each has an
// explicit override.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REQUIRED_FEEDS } from '../schemas/feeds/index.ts';
import { type Db, quoteIdent, sqlString } from './db.ts';
import { PathcostError } from './errors.ts';
import type { LoadedFeed } from './stages/01-load/index.ts';
import { namedLikeFeed } from './stages/01-load/suggest-feed.ts';
import type { UnrecognisedFile } from './stages/01-load/unrecognised-files.ts';

export interface InputGuardOptions {
  /** Build even when a required feed (patients, apc_spells) has no file. */
  allowMissingFeeds?: boolean;
  /** Build even when a feed holds fewer rows than `minShare` of the previous build's. */
  allowShrink?: boolean;
  /** Per feed, the share of the previous build's rows below which the build stops (default 0.5; 0 never stops). */
  minShare?: number;
  /** Build even when the months asked for hold no activity. */
  allowEmptyMonths?: boolean;
  /** Per feed, the share of its rows quarantined above which the build stops (default 0.5; 1 never stops). */
  maxQuarantinedShare?: number;
}

export const DEFAULT_MIN_SHARE = 0.5;
export const DEFAULT_MAX_QUARANTINED_SHARE = 0.5;

/** Rows per feed (every data row of its files, clean or quarantined), as the manifest records them in `facts.feed_rows`. */
export type FeedRows = Record<string, number>;

export interface ShrunkFeed {
  feed: string;
  now: number;
  previous: number;
}

/** `apcs.csv (looks like apc_spells), faults.csv`. */
export function describeUnrecognised(files: readonly UnrecognisedFile[]): string {
  return files.map((f) => (f.resembles ? `${f.name} (looks like ${f.resembles})` : f.name)).join(', ');
}

/** The error for an input without a required feed, or undefined when every required feed has a file. */
export function missingFeedsError(input: string, feeds: readonly LoadedFeed[], unrecognised: readonly UnrecognisedFile[]): PathcostError | undefined {
  const missing = REQUIRED_FEEDS.filter((name) => !feeds.find((f) => f.spec.name === name)?.present);
  if (missing.length === 0) return undefined;
  const read = feeds.flatMap((f) => f.files.map((file) => relative(input, file.path)));
  const found = [
    read.length ? `it read ${read.join(', ')}` : 'it holds no feed file',
    unrecognised.length ? `did not recognise ${describeUnrecognised(unrecognised)}` : '',
  ].filter(Boolean).join(' and ');
  return new PathcostError(
    'MISSING_REQUIRED_FEED',
    `The input folder ${input} has no file for ${missing.join(' or ')}, which every build needs: ${found}.`,
    `Name each extract after its feed — ${missing.map((m) => `${m}.csv`).join(', ')} (or .parquet, or a folder of files of that name; case is ignored) — or give its file name in a mapping file. ` +
      'To build anyway (no patients: all activity quarantined; no apc_spells: no episodes), add --allow-missing-feeds to `pathcost build`.',
  );
}

/** Stops the build when a required feed has no file, unless `allowMissingFeeds`. */
export function guardRequiredFeeds(input: string, feeds: readonly LoadedFeed[], unrecognised: readonly UnrecognisedFile[], options: InputGuardOptions): void {
  const error = missingFeedsError(input, feeds, unrecognised);
  if (error && !options.allowMissingFeeds) throw error;
}

/**
 * Stops the build when a feed has no file but a file no feed reads looks like it (`op_attendence.csv`,
 * `ae_attendances (1).csv`), unless `allowMissingFeeds`: the feed's cost would be left out of every episode with
 * nothing but a line of the build's output to say so, and on a first build no previous one to compare rows with.
 */
export function guardMisnamedFeeds(feeds: readonly LoadedFeed[], unrecognised: readonly UnrecognisedFile[], options: InputGuardOptions): void {
  const absent = new Set(feeds.filter((f) => !f.present).map((f) => f.spec.name as string));
  const misnamed = unrecognised.filter((f) => f.resembles !== undefined && absent.has(f.resembles) && namedLikeFeed(f.name) === f.resembles);
  if (misnamed.length === 0 || options.allowMissingFeeds) return;
  throw new PathcostError(
    'FEED_FILE_MISNAMED',
    `No file is named for ${[...new Set(misnamed.map((f) => f.resembles))].join(', ')}, but the input holds ${describeUnrecognised(misnamed)}: built so, the feed's cost would be missing from every episode.`,
    'Rename the file after its feed (e.g. op_attendances.csv; case is ignored) or give its name as the feed\'s `file` in a mapping file, and run again; the previous output is unchanged. To build without the feed, add --allow-missing-feeds to `pathcost build`.',
  );
}

/**
 * Stops the build when a required feed has files but no data row (a failed export writes its header alone: no
 * patients quarantines every activity row, no apc_spells builds no episode), unless `allowMissingFeeds`.
 */
export function guardEmptyRequiredFeeds(feeds: readonly LoadedFeed[], rows: FeedRows, options: InputGuardOptions): void {
  const empty = feeds.filter((f) => (REQUIRED_FEEDS as readonly string[]).includes(f.spec.name) && f.present && (rows[f.spec.name] ?? 0) === 0);
  if (empty.length === 0 || options.allowMissingFeeds) return;
  const files = empty.flatMap((f) => f.files.map((file) => file.path)).join(', ');
  throw new PathcostError(
    'MISSING_REQUIRED_FEED',
    `${empty.map((f) => f.spec.name).join(' and ')} holds no data row (${files}), which every build needs: without patients every activity row is quarantined, without apc_spells no episode is built.`,
    'Check the extract (a failed export writes the header alone) and run again; the previous output is unchanged. To build anyway, add --allow-missing-feeds to `pathcost build`.',
  );
}

/**
 * Rows of each feed's files after stage 2: the rows the reader returned (counted from the Parquet files' metadata,
 * no scan) plus the lines it rejected (`rejected_lines`), so blank lines aside, one per data line of a CSV file.
 */
export async function countFeedRows(db: Db, feeds: readonly LoadedFeed[]): Promise<FeedRows> {
  const counts = feeds.map((f) => {
    const read = `(select count(*) from ${quoteIdent(`validated_${f.spec.name}`)})`;
    const rejected = `(select count(*) from rejected_lines where feed = ${sqlString(f.spec.name)})`;
    return `(${read} + ${rejected})::double as ${quoteIdent(f.spec.name)}`;
  });
  return db.one<FeedRows>(`select ${counts.join(', ')}`);
}

/**
 * Stops the build when a feed has more than `maxQuarantinedShare` of its rows quarantined (patients unknown to the
 * patients feed aside, which is linkage): so many bad rows are a
 * file in the wrong format (money written £4,043.86, dates in another order), not bad data, and a build of the
 * rest would publish a fraction of the activity as the whole, on a first build as on a rebuild.
 */
export async function guardQuarantinedShare(db: Db, quarantine: { name: string }, rows: FeedRows, options: InputGuardOptions): Promise<void> {
  const share = checkShare('--max-quarantined-share', options.maxQuarantinedShare ?? DEFAULT_MAX_QUARANTINED_SHARE);
  const counts = await db.all<{ feed: string; n: number; reason: string; detail: string; line: number }>(`
select feed, count(*)::double as n, arg_max(reason, n_reason)::varchar as reason, arg_max(detail, n_reason) as detail, arg_max(line, n_reason)::double as line
from (select feed, reason, count(*) over (partition by feed, reason) as n_reason, first_value(detail) over w as detail, first_value(source_row) over w as line
      -- a patient the patients feed does not hold is linkage, not format: an extract may hold other areas' patients
      from ${quoteIdent(quarantine.name)} where reason <> 'unknown_patient' window w as (partition by feed, reason order by source_row))
group by feed order by feed`);
  const over = counts.filter((c) => (rows[c.feed] ?? 0) > 0 && c.n > share * rows[c.feed]);
  if (over.length === 0) return;
  const described = over.map((c) => `${c.feed}: ${c.n} of ${rows[c.feed]} rows (${Math.round((100 * c.n) / rows[c.feed])}%), most ${c.reason}, e.g. line ${c.line}: ${c.detail}`);
  throw new PathcostError(
    'FEED_MOSTLY_QUARANTINED',
    `More than ${Math.round(share * 100)}% of a feed's rows were quarantined — ${described.join('; ')}.`,
    'So many bad rows usually mean a format the build does not read (a date order: set date_format in a mapping file; money or codes written another way): run `pathcost validate --report quarantine.csv`, fix the extract or the mapping, and build again; the previous output is unchanged. To build anyway, add --max-quarantined-share 1.',
  );
}

/** Feeds the previous build had rows for that now hold fewer than `share` of them (an absent feed holds 0). */
export function shrunkFeeds(now: FeedRows, previous: FeedRows, share: number): ShrunkFeed[] {
  return Object.entries(previous)
    .filter(([feed, before]) => before > 0 && (now[feed] ?? 0) < share * before)
    .map(([feed, before]) => ({ feed, now: now[feed] ?? 0, previous: before }));
}

/** The previous build's run id and rows per feed, from its manifest; undefined when --out holds no such build. */
export async function previousFeedRows(db: Db, out: string): Promise<{ runId: string; feedRows: FeedRows } | undefined> {
  // The Parquet copy of the manifest, not pathcost.duckdb: reading it takes no lock a running `serve` holds.
  const path = join(out, 'parquet', 'manifest.parquet');
  if (!existsSync(path)) return undefined;
  const rows = await db.all<{ run_id: string; feed_rows: string | null }>(
    `select run_id, json_extract(manifest_json, '$.facts.feed_rows')::varchar as feed_rows from read_parquet(${sqlString(path)})`,
  );
  // Builds made before the manifest recorded rows per feed have nothing to compare with.
  if (rows.length !== 1 || rows[0].feed_rows === null) return undefined;
  return { runId: rows[0].run_id, feedRows: JSON.parse(rows[0].feed_rows) as FeedRows };
}

/**
 * Counts each feed's rows and stops the build when one holds fewer than `minShare` of the previous build's in
 * `out` (unless `allowShrink`). Returns the counts, for the manifest.
 */
export async function guardFeedRows(db: Db, feeds: readonly LoadedFeed[], options: InputGuardOptions & { out: string }): Promise<FeedRows> {
  const share = checkMinShare(options.minShare);
  const now = await countFeedRows(db, feeds);
  const previous = await previousFeedRows(db, options.out);
  const shrunk = previous ? shrunkFeeds(now, previous.feedRows, share) : [];
  if (shrunk.length === 0 || options.allowShrink) return now;
  const list = shrunk.map((s) => `${s.feed} ${s.now} rows (previous build ${s.previous}, ${Math.floor((100 * s.now) / s.previous)}%)`).join('; ');
  throw new PathcostError(
    'INPUT_SHRANK',
    `The input holds fewer rows than ${+(share * 100).toFixed(1)}% of the previous build in ${options.out} (run ${previous!.runId}): ${list}.`,
    `Check the extract is complete (a partial export, the wrong folder, a filter left on). If the drop is real, build again with --allow-shrink (or a lower --min-share); the previous output in ${options.out} is unchanged.`,
  );
}

/** The share to compare with: `minShare` (as given on the command line or as a number) if it is one, the default when absent. */
export function checkMinShare(minShare: number | string | undefined): number {
  return checkShare('--min-share', minShare ?? DEFAULT_MIN_SHARE, 'Use e.g. --min-share 0.5 (stop when a feed has under half the previous build\'s rows); 0 turns the check off.');
}

/** A share between 0 and 1 given to `option`, or a BAD_OPTION error. */
export function checkShare(option: string, value: number | string, hint = `Use a share between 0 and 1, e.g. ${option} 0.5.`): number {
  const share = Number(value);
  if (!Number.isFinite(share) || share < 0 || share > 1) throw new PathcostError('BAD_OPTION', `${option} "${value}" is not a share between 0 and 1.`, hint);
  return share;
}

/** Refuses a month range that ends before it starts (it held no month, and the guard below said only that). */
export function checkMonthRange(fromMonth?: string, toMonth?: string): void {
  if (fromMonth && toMonth && fromMonth > toMonth) {
    throw new PathcostError('BAD_OPTION', `--from ${fromMonth} is after --to ${toMonth}: the range holds no month.`, `Swap them: --from ${toMonth} --to ${fromMonth}.`);
  }
}

/**
 * Stops the build when months were asked for (`fromMonth`/`toMonth`) and no priced activity falls in them
 * (unless `allowEmptyMonths`). Reads `activity_totals`, so it runs once stage 4 has measured coverage.
 */
export async function guardRequestedMonths(db: Db, options: InputGuardOptions & { fromMonth?: string; toMonth?: string }): Promise<void> {
  const { fromMonth, toMonth } = options;
  if ((!fromMonth && !toMonth) || options.allowEmptyMonths) return;
  const row = await db.one<{ first: string | null; last: string | null; in_range: number }>(
    `select min(month) as first, max(month) as last, count(*) filter (where month between $from and $to)::int as in_range from activity_totals`,
    { from: fromMonth ?? '0000-01', to: toMonth ?? '9999-12' },
  );
  if (row.in_range > 0) return;
  const asked = fromMonth === toMonth ? fromMonth : `${fromMonth ?? 'the start'} to ${toMonth ?? 'the end'}`;
  const present = row.first ? `runs from ${row.first} to ${row.last}` : 'holds no priced activity at all';
  throw new PathcostError(
    'NO_ACTIVITY_IN_MONTHS',
    `No activity falls in the months asked for (${asked}): the input's activity ${present}.`,
    "Check --month / --from / --to against the extract's dates, or that the extract for those months has arrived. To build anyway (no episodes in those months), add --allow-empty-months; the previous output is unchanged.",
  );
}
