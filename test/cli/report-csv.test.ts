// `pathcost report --format csv` writes numbers a spreadsheet reads as numbers: no £, no thousands separators,
// no ranges in one cell; suppressed values are empty and flagged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportTable, variationReport } from '../../cli/report.ts';
import { fixtureDir } from '../api/helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await fixtureDir()));
afterAll(() => cleanup());

describe('report --format csv', () => {
  it('holds the fixture’s variation rows as plain numbers (test/api/fixture.ts)', async () => {
    const { rows, threshold } = await variationReport(dir, 'knee-replacement');
    const lines = reportTable(rows, 'csv', threshold).split('\n');
    expect(lines[0]).toBe('provider_code,n_episodes,observed_mean_gbp,expected_mean_gbp,oe_ratio,lower_95,upper_95,lower_998,upper_998,outlier,opportunity_gbp,suppressed');
    expect(lines[1]).toBe('RAA,12,7025,7400,0.9493,0.82,1.18,0.72,1.28,within,0,false');
    // the report works the opportunity out again from the shown providers' adjusted means, as the build does:
    // median of RAA's £7,500 and RBB's £8,300 = £7,900, so RBB 9 × £8,000 × (1 − 7,900 / 8,300) = £3,469.88
    expect(lines[2]).toBe('RBB,9,8000,7600,1.0526,0.79,1.21,0.68,1.32,within,3469.88,false');
    // RCC (n = 5) and RDD (n = 2) are below the threshold of 8: nothing but the code and the flag
    expect(lines[3]).toBe('RCC,,,,,,,,,,,true');
    expect(lines[4]).toBe('RDD,,,,,,,,,,,true');
    expect(lines.join('\n')).not.toMatch(/[£"–]/);
  });

  it('the text and markdown reports keep their formatted pounds', async () => {
    const { rows, threshold } = await variationReport(dir, 'knee-replacement');
    expect(reportTable(rows, 'text', threshold)).toContain('£7,025');
    expect(reportTable(rows, 'markdown', threshold)).toContain('£7,025');
  });
});
