// Options of the generator and what it reports back. Options are checked here once, so the SQL only ever
// receives validated values (as DuckDB variables set through bound parameters).
import { PathcostError } from '../engine/errors.ts';

export interface GenerateOptions {
  patients: number;
  seed: number;
  /** Output folder (created if missing; existing feed files are overwritten). */
  out: string;
  format: 'csv' | 'parquet';
  /** Fraction of rows of each activity feed carrying one injected fault, 0–0.5. */
  faults: number;
  /** Period start and end (ISO dates, inclusive). */
  from: string;
  to: string;
  /** Multiplier on hip and knee replacement rates, to get enough episodes from a small population. */
  cohortBoost?: number;
  /** Progress lines (step and seconds), e.g. for a benchmark; silent by default. */
  log?: (line: string) => void;
}

export interface FeedCount {
  feed: string;
  file: string;
  rows: number;
}

export interface GenerationResult {
  out: string;
  format: 'csv' | 'parquet';
  files: FeedCount[];
  /** Activity rows (every feed except patients and the ledger). */
  activityRows: number;
  faults: { total: number; byReason: Record<string, number> };
  episodes: Record<string, number>;
  /** Primary spells planted with a same-spell bilateral operation or a secondary exclusion-list diagnosis. */
  cohortVariants: Record<string, number>;
  seconds: number;
}

export const DEFAULTS = { seed: 1, format: 'csv', faults: 0, from: '2023-04-01', to: '2025-03-31', cohortBoost: 1 } as const;

/** Largest population: patient codes, practice codes and line offsets are sized for it. */
export const MAX_PATIENTS = 10_000_000;

const bad = (message: string, hint: string) => new PathcostError('BAD_OPTION', message, hint);

export function checkOptions(o: GenerateOptions): Required<Omit<GenerateOptions, 'log'>> {
  if (!Number.isInteger(o.patients) || o.patients < 1 || o.patients > MAX_PATIENTS) {
    throw bad(`--patients must be a whole number from 1 to ${MAX_PATIENTS.toLocaleString('en-GB')} (got ${o.patients}).`, 'For example --patients 100000.');
  }
  if (!Number.isSafeInteger(o.seed) || o.seed < 0) throw bad(`--seed must be a whole number ≥ 0 (got ${o.seed}).`, 'The same seed and options give byte-identical files.');
  if (o.format !== 'csv' && o.format !== 'parquet') throw bad(`--format must be csv or parquet (got ${String(o.format)}).`, 'Use --format csv or --format parquet.');
  if (!(o.faults >= 0 && o.faults <= 0.5)) throw bad(`--faults must be a fraction from 0 to 0.5 (got ${o.faults}).`, 'For example --faults 0.005 puts a fault in one row in 200.');
  const boost = o.cohortBoost ?? DEFAULTS.cohortBoost;
  if (!(boost > 0 && boost <= 100)) throw bad(`--cohort-boost must be above 0 and at most 100 (got ${boost}).`, 'It multiplies hip and knee replacement rates; 1 is the national rate.');
  const from = isoDate(o.from, '--from');
  const to = isoDate(o.to, '--to');
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  if (days < 90 || days > 3660) throw bad(`The period ${o.from} to ${o.to} must run 90 days to 10 years.`, 'For example --from 2023-04-01 --to 2025-03-31.');
  if (!o.out) throw bad('--out is required.', 'Name a folder for the feed files.');
  const { log: _log, ...rest } = o;
  return { ...rest, from, to, cohortBoost: boost };
}

function isoDate(value: string, name: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)) || new Date(value).toISOString().slice(0, 10) !== value) {
    throw bad(`${name} must be an ISO date YYYY-MM-DD (got ${value}).`, `For example ${name} 2023-04-01.`);
  }
  if (value < '1990-01-01' || value > '2034-12-31') throw bad(`${name} must fall between 1990 and 2034 (got ${value}).`, 'Future-date faults are dated from 2035 on.');
  return value;
}
