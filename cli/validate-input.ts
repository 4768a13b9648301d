// `pathcost validate`: stages 1–2 only (an in-memory database; the validated rows in a temp folder), and a report
// of what would be quarantined, of the files no feed reads, and of a required feed with no file.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'date-fns';
import { type FeedName, REQUIRED_FEEDS } from '../schemas/feeds/index.ts';
import { Db, sqlString } from '../engine/db.ts';
import type { PathcostError } from '../engine/errors.ts';
import { countFeedRows, missingFeedsError } from '../engine/input-guards.ts';
import type { Mapping } from '../schemas/mapping.ts';
import { loadFeeds } from '../engine/stages/01-load/index.ts';
import { type UnrecognisedFile, unrecognisedFiles } from '../engine/stages/01-load/unrecognised-files.ts';
import { validateFeeds } from '../engine/stages/02-validate/index.ts';
import { ident } from '../engine/stage-table.ts';

export interface FeedReport {
  feed: string;
  present: boolean;
  /** A build stops when this feed has no file (REQUIRED_FEEDS). */
  required: boolean;
  rows: number;
  quarantined: number;
  reasons: ReasonCount[];
  /** Optional values that would be cleared, their rows kept (TableSpec.clearedOnFault). */
  cleared: ReasonCount[];
  /** Columns of the feed's files that nothing reads (not canonical, not mapped). */
  extraColumns: string[];
  absentColumns: string[];
}

interface ReasonCount {
  reason: string;
  n: number;
  example_row: number;
  example: string;
}

export interface InputReport {
  feeds: FeedReport[];
  /** Files in the input folder that no feed reads, each with the feed it most resembles. */
  unrecognised: UnrecognisedFile[];
  /** The error a build would stop with because a required feed has no file (MISSING_REQUIRED_FEED). */
  missingFeeds?: PathcostError;
}

export async function validateInput(options: { input: string; mapping?: Mapping; asOf?: string; reportFile?: string }): Promise<InputReport> {
  const db = await Db.open();
  const workDir = await mkdtemp(join(tmpdir(), 'pathcost-validate-'));
  try {
    const feeds = await loadFeeds(db, options);
    const unrecognised = await unrecognisedFiles(options.input, feeds);
    const { quarantine, cleared } = await validateFeeds(db, feeds, { asOf: options.asOf ?? format(new Date(), 'yyyy-MM-dd'), workDir });
    const rows = await countFeedRows(db, feeds);
    const reports: FeedReport[] = [];
    for (const feed of feeds) {
      const name = feed.spec.name;
      const count = (table: string) =>
        db.all<ReasonCount>(
          `select reason::varchar as reason, count(*)::int as n, min(source_row)::int as example_row, arg_min(detail, source_row) as example from ${table} where feed = $feed group by reason order by n desc, reason`,
          { feed: name },
        );
      const reasons = await count(ident(quarantine));
      reports.push({ feed: name, present: feed.present, required: REQUIRED_FEEDS.includes(name as FeedName), rows: rows[name], quarantined: reasons.reduce((s, r) => s + r.n, 0), reasons, cleared: await count(ident(cleared)), extraColumns: [...feed.extraColumns], absentColumns: [...feed.absentColumns] });
    }
    if (options.reportFile) await db.run(`copy (select * from ${ident(quarantine)} order by feed, file, source_row) to ${sqlString(options.reportFile)} (header)`);
    return { feeds: reports, unrecognised, missingFeeds: missingFeedsError(options.input, feeds, unrecognised) };
  } finally {
    db.close();
    await rm(workDir, { recursive: true, force: true });
  }
}
