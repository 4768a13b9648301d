// Knee episodes at the extremes real data reaches, and what every published statistic must then be, worked
// out here in JavaScript from the inserted numbers alone (never read back from the engine). All episodes share
// one case-mix cell (same age band, sex, IMD quintile and HRG), so each episode's expected cost is the
// pathway mean of its basis and view.
import type { Db } from '../../engine/db.ts';
import type { ColumnSpec } from '../../schemas/define.ts';
import { ACTIVITY_FEEDS } from '../../schemas/feeds/index.ts';
import { type ActivityRow, electiveSpell, insertCopies, insertPatients } from './activity-fixture.ts';

/**
 * The largest money value validation lets through on any one row of activity (the absurd-value cap; the cost
 * ledger's lines, up to £1bn, are a provider's month, not a patient's activity).
 */
export const ROW_CAP = Math.max(...ACTIVITY_FEEDS.flatMap((f) => Object.values(f.columns as Record<string, ColumnSpec>)).map((c) => (c.kind === 'money' ? (c.max ?? 0) : 0)));

export interface EpisodeCase {
  provider: string;
  /** £ of the elective knee spell (the anchor). */
  anchor: number;
  /** PLICS components of the anchor: overheads and staff (null: a component left blank); the rest are 0. */
  split?: { overheads: number; staff: number | null };
  /** Emergency readmissions in the window: `rows` one-day spells of `cost` each. */
  extra?: { cost: number; rows: number };
}

export interface ExtremeCase {
  name: string;
  episodes: EpisodeCase[];
}

const times = (n: number, e: EpisodeCase): EpisodeCase[] => Array.from({ length: n }, () => ({ ...e }));
const cents = (x: number) => Math.round(x * 100);
export const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export const NAMED_CASES: ExtremeCase[] = [
  // x = 508,104.50 / (£597,254.00 / 12) = 10.2: (c/e)::decimal(18,8) squared overflowed DECIMAL(18).
  { name: 'one episode ten times its expected cost', episodes: [...times(11, { provider: 'RA1', anchor: 8104.5 }), { provider: 'RA2', anchor: 8104.5, extra: { cost: ROW_CAP, rows: 1 } }] },
  { name: 'one provider with one episode', episodes: [{ provider: 'RA1', anchor: 8104.5 }] },
  { name: 'every cost zero', episodes: times(10, { provider: 'RA1', anchor: 0 }) },
  { name: 'identical costs at three providers', episodes: ['RA1', 'RA2', 'RA3'].flatMap((p) => times(9, { provider: p, anchor: 8104.5 })) },
  { name: 'a penny each', episodes: times(12, { provider: 'RA1', anchor: 0.01 }) },
  { name: '20,000 rows at the cap in one episode', episodes: [{ provider: 'RA1', anchor: ROW_CAP, extra: { cost: ROW_CAP, rows: 20_000 } }, ...times(29, { provider: 'RA2', anchor: 0.01 })] },
  { name: 'providers at 1000× and 1/1000× the others', episodes: [...times(8, { provider: 'RA1', anchor: 500 }), ...times(8, { provider: 'RA2', anchor: 500_000 }), ...times(8, { provider: 'RA3', anchor: 0.5 })] },
  { name: 'every PLICS pound an overhead (ICB rate 1)', episodes: times(9, { provider: 'RA1', anchor: 9000, split: { overheads: 9000, staff: 0 } }) },
  // Histogram edges fall on costs (8 at each, so no bin is suppressed): in pounds, 6 × 0.05 = 0.30000000000000004
  // put the costs of 30p in the bin below.
  { name: 'costs in steps of 10p', episodes: Array.from({ length: 88 }, (_, i) => ({ provider: 'RA1', anchor: round((i % 11) * 0.1, 2) })) },
  {
    name: 'a PLICS split with a blank component',
    episodes: [...times(8, { provider: 'RA1', anchor: 8000, split: { overheads: 2000, staff: 6000 } }), ...times(8, { provider: 'RA2', anchor: 8000, split: { overheads: 2000, staff: null } })],
  },
];

/** mulberry32: a small seeded generator, so every run draws the same cases. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cases drawn from the extremes: 1–4 providers of 1–15 episodes, costs 0 to the cap, ratios of 1000× either way. */
export function randomCases(seed: number, count: number): ExtremeCase[] {
  const next = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const penny = (x: number) => Math.min(ROW_CAP, Math.round(x * 100) / 100);
  return Array.from({ length: count }, (_, i) => {
    const episodes = Array.from({ length: pick([1, 2, 3, 4]) }, (_, p) => {
      const scale = pick([1, 1000, 0.001]);
      return Array.from({ length: pick([1, 2, 8, 15]) }, (): EpisodeCase => {
        const anchor = penny(pick([0, 0.01, 0.5, 8104.5, ROW_CAP]) * scale);
        const share = pick([0, 0.25, 1]);
        const split = next() < 0.3 ? { overheads: penny(anchor * share), staff: next() < 0.2 ? null : penny(anchor - penny(anchor * share)) } : undefined;
        const rows = pick([0, 0, 1, 5, 1000]);
        return { provider: `RA${p + 1}`, anchor, split, extra: rows ? { cost: penny(pick([0.01, 182.12, ROW_CAP]) * scale), rows } : undefined };
      });
    }).flat();
    return { name: `seeded case ${i} (${episodes.length} episodes)`, episodes };
  });
}

const patientOf = (i: number) => `X${i}`;

/** Patients and priced activity for a case: one patient per episode, all in one case-mix cell. */
export async function insertCase(db: Db, c: ExtremeCase): Promise<void> {
  await insertPatients(db, c.episodes.map((_, i) => ({ patient_id: patientOf(i), birth_date: '1955-01-01' })));
  let row = 1;
  for (const [i, e] of c.episodes.entries()) {
    const plics: Partial<ActivityRow> = e.split ? { cost_basis: 'plics_actual', cost_overheads: e.split.overheads, cost_staff: e.split.staff ?? undefined } : {};
    await insertCopies(db, electiveSpell(`S${i}`, patientOf(i), '2024-06-10', '2024-06-13', 'W401', e.anchor, { provider_code: e.provider, ...plics }), 1, row++);
    if (!e.extra) continue;
    const readmission: ActivityRow = {
      feed: 'apc_spells', source_id: `E${i}`, patient_id: patientOf(i), setting: 'acute', activity_type: 'apc_emergency', admission_method: '21',
      provider_code: e.provider, start_date: '2024-06-18', cost_gbp: e.extra.cost, diagnoses: ['J189'], unit: 'bed_days', units: 1,
    };
    await insertCopies(db, readmission, e.extra.rows, row);
    row += e.extra.rows;
  }
}

/** Mean to the penny, from whole pence (a mean on a half penny rounds up, as DuckDB's does). */
export const meanGbp = (values: number[]) => Math.round(values.reduce((s, v) => s + cents(v), 0) / values.length) / 100;

/** A split is used when all its components are supplied and add up to more than 0. */
const usableSplit = (e: EpisodeCase) => e.split !== undefined && e.split.staff !== null && e.split.overheads + e.split.staff > 0;

/** ICB overhead rate: overheads / all components over the usable splits. */
export function overheadRate(c: ExtremeCase): number {
  const split = c.episodes.filter(usableSplit).map((e) => e.split!);
  const total = split.reduce((s, x) => s + cents(x.overheads) + cents(x.staff!), 0);
  return total > 0 ? split.reduce((s, x) => s + cents(x.overheads), 0) / total : 0;
}

export interface EpisodeCosts {
  provider: string;
  actual: number;
  condition: number;
  standardised: number;
  overhead_standardised: number;
}

/** Each episode's totals by basis (the readmissions are not condition-related; standardised = actual here). */
export function episodeCosts(c: ExtremeCase): EpisodeCosts[] {
  const rate = overheadRate(c);
  return c.episodes.map((e) => {
    const extra = e.extra ? (cents(e.extra.cost) * e.extra.rows) / 100 : 0;
    const actual = (cents(e.anchor) + cents(extra)) / 100;
    // Direct cost / (1 − ICB rate); with a rate of 1 there is no direct cost to scale, and the actual cost stands.
    const anchor = usableSplit(e) && rate < 1 ? round((e.anchor * (1 - e.split!.overheads / (e.split!.overheads + e.split!.staff!))) / (1 - rate), 2) : e.anchor;
    return { provider: e.provider, actual, condition: e.anchor, standardised: actual, overhead_standardised: (cents(anchor) + cents(extra)) / 100 };
  });
}

/** DuckDB's quantile_cont: linear interpolation between the order statistics around (n − 1) × p. */
export function quantile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const i = Math.floor(h);
  return sorted[i] + (h - i) * ((sorted[i + 1] ?? sorted[i]) - sorted[i]);
}

export interface ProviderVariation {
  provider: string;
  n: number;
  observed: number;
  expected: number | null;
  oe: number | null;
  lower_95: number | null;
  upper_998: number | null;
}

/**
 * O/E per provider when every episode's expected cost is the pathway mean e (to 6 places): O/E = Σc / (n × e);
 * v = Σ (c/e − 1)² / (N − 1), the spread of cost/expected about 1 on the one fitted coefficient; se = √(v/n);
 * z = (O/E − 1) / se. Overdispersion (Spiegelhalter 2005): φ = mean of the z-scores² after capping them at their
 * 10th and 90th percentiles, used from ten providers when k × φ passes χ²_k's 95% point (Wilson–Hilferty); limits
 * 1 ± z√φ·se, never below 0.
 */
export function providerVariation(costs: Array<{ provider: string; cost: number }>): ProviderVariation[] {
  const e = round(costs.reduce((s, x) => s + x.cost, 0) / costs.length, 6);
  const x = e > 0 ? costs.map((c) => round(c.cost / e, 8)) : [];
  const v = x.length > 1 ? x.reduce((s, r) => s + (r - 1) ** 2, 0) / (x.length - 1) : null;
  const providers = [...new Set(costs.map((c) => c.provider))].sort().map((provider) => {
    const mine = costs.filter((c) => c.provider === provider).map((c) => c.cost);
    const total = mine.reduce((s, c) => s + cents(c), 0) / 100;
    const oe = e > 0 ? total / (mine.length * e) : null;
    const se = v === null ? null : Math.sqrt(v / mine.length);
    return { provider, mine, oe, se, z: oe !== null && se ? (oe - 1) / se : null };
  });
  const zs = providers.flatMap((p) => (p.z === null ? [] : [p.z]));
  const [lo, hi] = [quantile(zs, 0.1), quantile(zs, 0.9)];
  const k = zs.length;
  const phi = k ? zs.reduce((s, z) => s + Math.min(Math.max(z, lo), hi) ** 2, 0) / k : 0;
  // never with fewer than ten providers (the cases here have at most four)
  const inflate = k >= 10 && k * phi > k * (1 - 2 / (9 * k) + 1.644854 * Math.sqrt(2 / (9 * k))) ** 3 ? Math.sqrt(phi) : 1;
  return providers.map(({ provider, mine, oe, se }) => {
    const width = se === null ? null : inflate * se;
    return {
      provider, n: mine.length, observed: meanGbp(mine), expected: round(e, 2), oe: oe === null ? null : round(oe, 4),
      lower_95: width === null ? null : round(Math.max(1 - 1.959964 * width, 0), 4), upper_998: width === null ? null : round(1 + 3.090232 * width, 4),
    };
  });
}

/** Winsorised costs: each capped at the pathway's 1st and 99th percentiles (one anchor year here). */
export function winsorise(costs: number[]): number[] {
  const { lo, hi } = winsorBounds(costs);
  return costs.map((c) => Math.min(Math.max(c, lo), hi));
}

/** The 1st and 99th percentiles, never beyond the second lowest and second highest cost (one cost: itself). */
export function winsorBounds(costs: number[]): { lo: number; hi: number } {
  const sorted = [...costs].sort((a, b) => a - b);
  const second = (list: number[]) => list[Math.min(1, list.length - 1)];
  return { lo: Math.max(quantile(costs, 0.01), second(sorted)), hi: Math.min(quantile(costs, 0.99), second([...sorted].reverse())) };
}
