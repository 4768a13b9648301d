// The variation report for one pathway, read from a build's pathcost.duckdb: the table an ICB finance lead
// takes to a provider meeting, with how it was made (the expected-cost method, the funnel limits, the price
// year, the target and the episodes left out). Suppressed rows stay suppressed. A target given here replaces
// the build's: it is worked out from the published adjusted means exactly as the build works it out.
import { join } from 'node:path';
import { suppressionRule } from '../schemas/disclosure.ts';
import { COMPARISON_BASES, type ComparisonTarget, OVERDISPERSION_MIN_PROVIDERS } from '../schemas/tables/variation.ts';
import { Db } from '../engine/db.ts';
import { PathcostError } from '../engine/errors.ts';
import { opportunitySql, targetParams, targetSql } from '../engine/stages/07-aggregate/opportunity.ts';

export interface ReportRow {
  provider_code: string;
  n_episodes: number | null;
  observed_mean_gbp: number | null;
  expected_mean_gbp: number | null;
  oe_ratio: number | null;
  lower_95: number | null;
  upper_95: number | null;
  lower_998: number | null;
  upper_998: number | null;
  outlier: string | null;
  adjusted_mean_gbp: number | null;
  opportunity_gbp: number | null;
  suppressed: boolean;
}

/** How the comparison was made, for the lines under the table. */
export interface ReportMethod {
  expected_method: string;
  limits_method: string;
  /** φ where the limits were widened for overdispersion. */
  overdispersion: number | null;
  /** Providers shown, whose z-scores overdispersion is estimated from. */
  providers_shown: number;
  price_year: string | null;
  target: string;
  target_gbp: number | null;
  /** comparison_exclusion: compared, then each reason; null where suppressed. */
  episodes: Array<{ reason: string; n_episodes: number | null }>;
}

export interface VariationReport {
  rows: ReportRow[];
  /** The build's suppression threshold (its manifest), which the report states. */
  threshold: number;
  method: ReportMethod;
}

/** A row is hidden when the engine hid it or, as a second guard, when its count is below the build's threshold. */
const HIDDEN = `(suppressed or n_episodes is null or n_episodes < $threshold)`;

const NUMBERS = ['n_episodes::int', 'observed_mean_gbp::double', 'expected_mean_gbp::double', 'oe_ratio::double', 'lower_95::double', 'upper_95::double',
  'lower_998::double', 'upper_998::double', 'outlier', 'adjusted_mean_gbp::double'];

export async function variationReport(dataDir: string, pathway: string, basis = 'actual', view = 'raw', target?: ComparisonTarget): Promise<VariationReport> {
  const db = await Db.open({ path: join(dataDir, 'pathcost.duckdb'), readOnly: true }).catch(() => {
    throw new PathcostError('NO_BUILD', `No build found in ${dataDir}.`, 'Run `pathcost build --out DIR` first, and give that folder.');
  });
  try {
    const { threshold } = await db.one<{ threshold: number }>(`select suppression_threshold::integer as threshold from manifest order by built_at desc, run_id limit 1`);
    const key = { pathway, basis, view, threshold };
    const shown = (c: string) => `case when not ${HIDDEN} then ${c} end as ${c.split('::')[0]}`;
    // the build's target, or the one asked for, worked out over the rows shown here
    const opportunity = target === undefined ? 'opportunity_gbp::double' : `${opportunitySql({ adjusted: 'adjusted_mean_gbp', target: '(select target_gbp from chosen)', n: 'n_episodes', observedMean: 'observed_mean_gbp' })}::double`;
    const rows = await db.all<ReportRow>(
      `with rows as (select * from variation where pathway_id = $pathway and basis = $basis and view = $view),
       chosen as (select ${targetSql('adjusted_mean_gbp')} as target_gbp from rows where not ${HIDDEN})
       select provider_code, ${NUMBERS.map(shown).join(', ')}, case when not ${HIDDEN} then ${opportunity} end as opportunity_gbp, ${HIDDEN} as suppressed
       from rows order by provider_code`,
      { ...key, ...targetParams(target ?? 'median') },
    );
    if (rows.length === 0) {
      const known = await db.all<{ pathway_id: string }>(`select distinct pathway_id from variation order by 1`);
      throw new PathcostError('BAD_OPTION', `No variation rows for pathway "${pathway}" (basis ${basis}, view ${view}).`, `Built pathways: ${known.map((k) => k.pathway_id).join(', ') || 'none'}; bases: ${COMPARISON_BASES.join(', ')}; views: raw, winsorised.`);
    }
    return { rows, threshold, method: await reportMethod(db, key, target) };
  } finally {
    db.close();
  }
}

async function reportMethod(db: Db, key: Record<string, string | number>, target: ComparisonTarget | undefined): Promise<ReportMethod> {
  const built = await db.one<Omit<ReportMethod, 'episodes'>>(
    `select any_value(expected_method) as expected_method, any_value(limits_method) as limits_method, max(overdispersion)::double as overdispersion, count(*)::integer as providers_shown,
       any_value(price_year) as price_year, any_value(target) as target, max(target_gbp)::double as target_gbp
     from variation where pathway_id = $pathway and basis = $basis and view = $view and not ${HIDDEN}`,
    key,
  );
  const episodes = await db.all<{ reason: string; n_episodes: number | null }>(
    `select reason, n_episodes::int as n_episodes from comparison_exclusion where pathway_id = $pathway order by reason <> 'compared', reason`, key);
  const chosen = target === undefined ? {} : { target: targetParams(target).target, target_gbp: await chosenTarget(db, key, target) };
  return { ...built, overdispersion: built.limits_method === 'multiplicative_overdispersion' ? built.overdispersion : null, ...chosen, episodes };
}

async function chosenTarget(db: Db, key: Record<string, string | number>, target: ComparisonTarget): Promise<number | null> {
  const { target_gbp } = await db.one<{ target_gbp: number | null }>(
    `select ${targetSql('adjusted_mean_gbp')}::double as target_gbp from variation where pathway_id = $pathway and basis = $basis and view = $view and not ${HIDDEN}`,
    { ...key, ...targetParams(target) },
  );
  return target_gbp;
}

const money = (x: number | null) => (x === null ? '*' : `£${x.toLocaleString('en-GB', { minimumFractionDigits: 0, maximumFractionDigits: 0 })}`);
const ratio = (x: number | null) => (x === null ? '*' : x.toFixed(2));

const EXPECTED_WORDS: Record<string, string> = {
  gamma_glm: 'a gamma GLM (log link) on age band, sex, IMD quintile, complication band, bilateral and year, fitted on the ICB’s compared episodes (casemix_model)',
  stratified: 'indirect standardisation by strata, because the model could not be fitted (casemix_model says why)',
};

/** The lines under the table: how expected cost, the limits, the prices and the target were made, and who was left out. */
export function methodLines(m: ReportMethod): string[] {
  const left = m.episodes.filter((e) => e.reason !== 'compared').map((e) => `${e.reason.replaceAll('_', ' ')} ${e.n_episodes ?? '*'}`);
  const compared = m.episodes.find((e) => e.reason === 'compared');
  return [
    `Expected cost: ${EXPECTED_WORDS[m.expected_method] ?? m.expected_method}.`,
    m.limits_method === 'multiplicative_overdispersion'
      ? `Funnel limits: normal approximation widened for overdispersion, φ = ${m.overdispersion?.toFixed(2)} (Spiegelhalter 2005, 10% winsorised z-scores).`
      : m.providers_shown < OVERDISPERSION_MIN_PROVIDERS
        ? `Funnel limits: normal approximation (${m.providers_shown} providers shown: overdispersion is estimated from ${OVERDISPERSION_MIN_PROVIDERS} or more).`
        : 'Funnel limits: normal approximation (no overdispersion found among the shown providers).',
    `Prices: ${m.price_year === null ? 'each episode in its own year (no inflation index for one of them)' : `${m.price_year}`}. Target: ${m.target === 'amount' ? 'a fixed amount' : m.target.replace('_', ' ')} ${money(m.target_gbp)} per episode.`,
    `Episodes compared: ${compared?.n_episodes ?? '*'}; left out: ${left.join(', ') || 'none'}.`,
  ];
}

export function reportTable(rows: ReportRow[], format: 'text' | 'markdown' | 'csv', threshold: number, method?: ReportMethod): string {
  if (format === 'csv') return reportCsv(rows);
  const rule = `* suppressed (${suppressionRule(threshold)}, or hidden so that a suppressed figure cannot be worked out)`;
  const header = ['provider', 'n', 'mean', 'expected', 'O/E', '95% limits', '99.8% limits', 'position', 'adjusted', 'opportunity'];
  const cells = rows.map((r) => [
    r.provider_code, r.n_episodes === null ? '*' : String(r.n_episodes), money(r.observed_mean_gbp), money(r.expected_mean_gbp), ratio(r.oe_ratio),
    r.lower_95 === null ? '*' : `${ratio(r.lower_95)}–${ratio(r.upper_95)}`, r.lower_998 === null ? '*' : `${ratio(r.lower_998)}–${ratio(r.upper_998)}`,
    r.outlier ?? '*', money(r.adjusted_mean_gbp), money(r.opportunity_gbp),
  ]);
  const notes = method ? methodLines(method) : [];
  if (format === 'markdown') {
    return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...cells.map((c) => `| ${c.join(' | ')} |`), '', `\`*\`${rule.slice(1)}.`, ...notes.map((n) => `\n${n}`)].join('\n');
  }
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((s, i) => (i === 0 ? s.padEnd(widths[i]) : s.padStart(widths[i]))).join('  ');
  return [line(header), ...cells.map(line), rule, ...notes].join('\n');
}

/** Columns of the CSV report: the row's own names, so a spreadsheet reads numbers (pounds, ratios) as numbers. */
const CSV_COLUMNS = ['provider_code', 'n_episodes', 'observed_mean_gbp', 'expected_mean_gbp', 'oe_ratio', 'lower_95', 'upper_95', 'lower_998', 'upper_998', 'outlier', 'opportunity_gbp', 'suppressed'] as const;

/** Machine-readable: plain numbers (no £, no thousands separators), empty where suppressed, and a suppressed column. */
export function reportCsv(rows: ReportRow[]): string {
  const value = (v: string | number | boolean | null) => (v === null ? '' : typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : String(v));
  return [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => value(r[c])).join(','))].join('\n');
}
