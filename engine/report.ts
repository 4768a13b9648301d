// The variation report for one pathway, read from a build's pathcost.duckdb: the table an ICB finance lead
// takes to a provider meeting. Suppressed rows stay suppressed.
import { join } from 'node:path';
import { suppressionRule } from '../schemas/disclosure.ts';
import { COMPARISON_BASES } from '../schemas/tables/variation.ts';
import { Db } from './db.ts';
import { PathcostError } from './errors.ts';

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
  opportunity_gbp: number | null;
  suppressed: boolean;
}

export interface VariationReport {
  rows: ReportRow[];
  /** The build's suppression threshold (its manifest), which the report states. */
  threshold: number;
}

/** A row is hidden when the engine hid it or, as a second guard, when its count is below the build's threshold. */
const HIDDEN = `(suppressed or n_episodes is null or n_episodes < $threshold)`;

export async function variationReport(dataDir: string, pathway: string, basis = 'actual', view = 'raw'): Promise<VariationReport> {
  const db = await Db.open({ path: join(dataDir, 'pathcost.duckdb'), readOnly: true }).catch(() => {
    throw new PathcostError('NO_BUILD', `No build found in ${dataDir}.`, 'Run `pathcost build --out DIR` first, and give that folder.');
  });
  try {
    const { threshold } = await db.one<{ threshold: number }>(`select suppression_threshold::integer as threshold from manifest order by built_at desc, run_id limit 1`);
    const shown = (c: string) => `case when not ${HIDDEN} then ${c} end as ${c.split('::')[0]}`;
    const rows = await db.all<ReportRow>(
      `select provider_code, ${['n_episodes::int', 'observed_mean_gbp::double', 'expected_mean_gbp::double', 'oe_ratio::double', 'lower_95::double', 'upper_95::double',
         'lower_998::double', 'upper_998::double', 'outlier', 'opportunity_gbp::double'].map(shown).join(', ')}, ${HIDDEN} as suppressed
       from variation where pathway_id = $pathway and basis = $basis and view = $view order by provider_code`,
      { pathway, basis, view, threshold },
    );
    if (rows.length === 0) {
      const known = await db.all<{ pathway_id: string }>(`select distinct pathway_id from variation order by 1`);
      throw new PathcostError('BAD_OPTION', `No variation rows for pathway "${pathway}" (basis ${basis}, view ${view}).`, `Built pathways: ${known.map((k) => k.pathway_id).join(', ') || 'none'}; bases: ${COMPARISON_BASES.join(', ')}; views: raw, winsorised.`);
    }
    return { rows, threshold };
  } finally {
    db.close();
  }
}

const money = (x: number | null) => (x === null ? '*' : `£${x.toLocaleString('en-GB', { minimumFractionDigits: 0, maximumFractionDigits: 0 })}`);
const ratio = (x: number | null) => (x === null ? '*' : x.toFixed(2));

export function reportTable(rows: ReportRow[], format: 'text' | 'markdown' | 'csv', threshold: number): string {
  if (format === 'csv') return reportCsv(rows);
  const rule = `* suppressed (${suppressionRule(threshold)}, or hidden so that a suppressed figure cannot be worked out)`;
  const header = ['provider', 'n', 'mean', 'expected', 'O/E', '95% limits', '99.8% limits', 'position', 'opportunity'];
  const cells = rows.map((r) => [
    r.provider_code, r.n_episodes === null ? '*' : String(r.n_episodes), money(r.observed_mean_gbp), money(r.expected_mean_gbp), ratio(r.oe_ratio),
    r.lower_95 === null ? '*' : `${ratio(r.lower_95)}–${ratio(r.upper_95)}`, r.lower_998 === null ? '*' : `${ratio(r.lower_998)}–${ratio(r.upper_998)}`,
    r.outlier ?? '*', money(r.opportunity_gbp),
  ]);
  if (format === 'markdown') {
    return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...cells.map((c) => `| ${c.join(' | ')} |`), '', `\`*\`${rule.slice(1)}.`].join('\n');
  }
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((s, i) => (i === 0 ? s.padEnd(widths[i]) : s.padStart(widths[i]))).join('  ');
  return [line(header), ...cells.map(line), rule].join('\n');
}

/** Columns of the CSV report: the row's own names, so a spreadsheet reads numbers (pounds, ratios) as numbers. */
const CSV_COLUMNS = ['provider_code', 'n_episodes', 'observed_mean_gbp', 'expected_mean_gbp', 'oe_ratio', 'lower_95', 'upper_95', 'lower_998', 'upper_998', 'outlier', 'opportunity_gbp', 'suppressed'] as const;

/** Machine-readable: plain numbers (no £, no thousands separators), empty where suppressed, and a suppressed column. */
export function reportCsv(rows: ReportRow[]): string {
  const value = (v: string | number | boolean | null) => (v === null ? '' : typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : String(v));
  return [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => value(r[c])).join(','))].join('\n');
}
