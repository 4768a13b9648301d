// The case-mix model's fit (engine/stats/gamma-glm.ts) against fits made another way: coefficients against
// scipy's maximum-likelihood fit episode by episode (fixtures/gamma-glm-reference.py), fitted values against a
// saturated model's cell means, and cells against one cell per episode (the sums are sufficient).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type GlmCell, type GlmResult, fitGammaLog } from '../../engine/stats/gamma-glm.ts';

interface Episode {
  levels: string[];
  cost: number;
}

const FACTORS = ['age_band', 'sex', 'year'];
const EPISODES: Episode[] = readFileSync(new URL('./fixtures/gamma-glm-episodes.csv', import.meta.url), 'utf8')
  .trim().split('\n').slice(1).map((line) => line.split(','))
  .map((fields) => ({ levels: fields.slice(0, 3), cost: Number(fields[3]) }));

/** Cells: episodes with the same levels, summed (what DuckDB hands the fit). */
function cellsOf(episodes: readonly Episode[]): GlmCell[] {
  const cells = new Map<string, GlmCell>();
  for (const e of episodes) {
    const key = e.levels.join('|');
    const c = cells.get(key) ?? { levels: e.levels, n: 0, sum: 0, sumSquares: 0, sumLogs: 0 };
    cells.set(key, { levels: e.levels, n: c.n + 1, sum: c.sum + e.cost, sumSquares: c.sumSquares + e.cost ** 2, sumLogs: c.sumLogs + Math.log(e.cost) });
  }
  return [...cells.values()];
}

function fitted(result: GlmResult): Extract<GlmResult, { ok: true }> {
  if (!result.ok) throw new Error(result.reason);
  return result;
}

describe('gamma GLM with log link, fitted on cells', () => {
  it('gives the coefficients, standard errors and dispersion of an independent fit episode by episode', () => {
    const fit = fitted(fitGammaLog(FACTORS, cellsOf(EPISODES)));
    const got = fit.coefficients.filter((c) => c.status !== 'reference').map((c) => [c.level === null ? c.predictor : `${c.predictor}=${c.level}`, c.estimate, c.stdError]);
    // python3 test/engine/fixtures/gamma-glm-reference.py (scipy trust-exact on the log-likelihood, numpy 2.4, scipy 1.17)
    const scipy: [string, number, number][] = [
      ['(intercept)', 9.30685768, 0.08181904],
      ['age_band=55-64', -0.18594249, 0.09690352],
      ['age_band=75-84', 0.00315378, 0.09648379],
      ['age_band=18-54', -0.39861408, 0.09854523],
      ['age_band=unknown', -0.07551408, 0.09437668],
      ['sex=2', -0.12640732, 0.07633814],
      ['sex=unknown', 0.16343742, 0.07597344],
      ['year=2024/25', 0.07816611, 0.06283484],
    ];
    expect(got.map((g) => g[0])).toEqual(scipy.map((s) => s[0]));
    scipy.forEach(([name, estimate, se], i) => {
      expect({ name, estimate: got[i][1] }).toEqual({ name, estimate: expect.closeTo(estimate, 6) });
      expect({ name, se: got[i][2] }).toEqual({ name, se: expect.closeTo(se, 6) });
    });
    expect(fit.dispersion).toBeCloseTo(0.08492677, 7);
    expect(fit.deviance).toBeCloseTo(7.58323954, 6);
    expect(fit.rank).toBe(8);
  });

  it('gives the same fit from one cell per episode: counts and sums are all it needs', () => {
    const byCell = fitted(fitGammaLog(FACTORS, cellsOf(EPISODES)));
    const byEpisode = fitted(fitGammaLog(FACTORS, EPISODES.map((e) => ({ levels: e.levels, n: 1, sum: e.cost, sumSquares: e.cost ** 2, sumLogs: Math.log(e.cost) }))));
    byCell.coefficients.forEach((c, i) => expect(byEpisode.coefficients[i].estimate).toBeCloseTo(c.estimate, 10));
    expect(byEpisode.deviance).toBeCloseTo(byCell.deviance, 8);
  });

  it('fits each cell mean where the model is saturated: one factor', () => {
    const oneFactor = EPISODES.map((e) => ({ ...e, levels: [e.levels[0]] }));
    const fit = fitted(fitGammaLog(['age_band'], cellsOf(oneFactor)));
    for (const c of cellsOf(oneFactor)) expect({ level: c.levels[0], mu: fit.predict(c.levels) }).toEqual({ level: c.levels[0], mu: expect.closeTo(c.sum / c.n, 6) });
    expect(fit.deviance).toBeCloseTo(2 * cellsOf(oneFactor).reduce((s, c) => s + c.n * Math.log(c.sum / c.n) - c.sumLogs, 0), 8);
  });

  it('fits each cell mean where the model is saturated: two factors seen in three cells (an L)', () => {
    // age 65-74 with both sexes, 55-64 with sex 1 only: 3 cells, 3 coefficients (intercept, age, sex).
    const l = EPISODES.filter((e) => e.levels[0] === '65-74' ? e.levels[1] !== 'unknown' : e.levels[0] === '55-64' && e.levels[1] === '1').map((e) => ({ ...e, levels: e.levels.slice(0, 2) }));
    const cells = cellsOf(l);
    expect(cells).toHaveLength(3);
    const fit = fitted(fitGammaLog(['age_band', 'sex'], cells));
    for (const c of cells) expect(fit.predict(c.levels)).toBeCloseTo(c.sum / c.n, 6);
    // …and the cell never seen (55-64, sex 2) is the product of the two effects.
    const mean = (age: string, sex: string) => cells.find((c) => c.levels[0] === age && c.levels[1] === sex)!;
    const [a, b, d] = [mean('65-74', '1'), mean('65-74', '2'), mean('55-64', '1')].map((c) => c.sum / c.n);
    expect(fit.predict(['55-64', '2'])).toBeCloseTo((d * b) / a, 6);
  });

  it('marks a column the others already span as aliased and fits the rest as without it', () => {
    // "sex unknown" and "imd unknown" on exactly the same episodes (patients missing from the patients feed).
    const withImd = EPISODES.map((e) => ({ ...e, levels: [...e.levels, e.levels[1] === 'unknown' ? 'unknown' : String(1 + (e.cost % 2 > 1 ? 1 : 0))] }));
    const fit = fitted(fitGammaLog([...FACTORS, 'imd_quintile'], cellsOf(withImd)));
    const imd = fit.coefficients.filter((c) => c.predictor === 'imd_quintile');
    expect(imd.map((c) => [c.level, c.status])).toEqual([['1', 'reference'], ['2', 'estimated'], ['unknown', 'aliased']]);
    expect(fit.rank).toBe(9);
    const without = fitted(fitGammaLog([...FACTORS, 'imd_quintile'], cellsOf(withImd.map((e) => ({ ...e, levels: [...e.levels.slice(0, 3), e.levels[3] === 'unknown' ? '1' : e.levels[3]] })))));
    expect(fit.deviance).toBeCloseTo(without.deviance, 8);
  });

  it('never takes "unknown" as the reference while a known level exists, however common', () => {
    const mostlyUnknown = EPISODES.map((e, i) => ({ ...e, levels: [i % 3 === 0 ? '1' : 'unknown'] }));
    const fit = fitted(fitGammaLog(['imd_quintile'], cellsOf(mostlyUnknown)));
    expect(fit.coefficients.map((c) => [c.level, c.status, c.n])).toEqual([[null, 'intercept', 90], ['1', 'reference', 30], ['unknown', 'estimated', 60]]);
  });

  it('gives a spread of 0, never −0 or NaN, when every cost is the same', () => {
    for (const cost of [1000, 1000.01, 1234.56, 0.37, 1.86, 7.05]) {
      const cells = ['a', 'b'].map((level, i) => ({ levels: [level], n: 5 + 3 * i, sum: (5 + 3 * i) * cost, sumSquares: (5 + 3 * i) * cost * cost, sumLogs: (5 + 3 * i) * Math.log(cost) }));
      const fit = fitted(fitGammaLog(['x'], cells));
      expect(fit.dispersion, String(cost)).toBeGreaterThanOrEqual(0);
      expect(fit.dispersion, String(cost)).toBeLessThan(1e-12);
      expect(Object.is(fit.dispersion, -0), String(cost)).toBe(false);
      for (const c of fit.coefficients.filter((t) => t.status !== 'reference')) expect(c.stdError, `${cost} ${c.level}`).toBeGreaterThanOrEqual(0);
    }
  });

  it('fails, with a reason, when there is nothing to fit', () => {
    expect(fitGammaLog(FACTORS, [])).toEqual({ ok: false, reason: 'no episode with a cost above 0' });
  });
});
