// The scenario format's generated files are current, and every scenario shipped in scenarios/ is valid, cites its
// sources, states or looks up every price, and runs on the scenario fixture where its pathway is there.
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario, runScenario } from '../../engine/scenarios/index.ts';
import { scenarioFormatDoc, scenarioJsonSchema } from '../../cli/scenario-doc.ts';
import { scenarioFixture } from '../helpers/scenario-fixture.ts';

const ROOT = new URL('../../', import.meta.url);
const read = (p: string) => readFileSync(new URL(p, ROOT), 'utf8');
const shipped = readdirSync(new URL('scenarios/', ROOT)).filter((f) => f.endsWith('.json') && f !== 'scenario.schema.json');

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await scenarioFixture()));
afterAll(async () => cleanup?.());

describe('scenario files', () => {
  it('scenarios/scenario.schema.json and docs/scenario-format.md are up to date (run npx pathcost docs)', () => {
    expect(read('scenarios/scenario.schema.json')).toBe(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
    expect(read('docs/scenario-format.md')).toBe(scenarioFormatDoc());
  });

  it.each(shipped)('%s is valid, named as its id, and cites at least two sources', (file) => {
    const s = parseScenario(JSON.parse(read(`scenarios/${file}`)));
    expect(`${s.id}.json`).toBe(file);
    expect(s.sources.length).toBeGreaterThanOrEqual(2);
    expect(s.changes.length).toBeGreaterThan(0);
  });

  it('the knee scenarios run on the fixture and save money', async () => {
    const knee = shipped.filter((f) => f.startsWith('knee-'));
    expect(knee.length).toBe(2);
    for (const file of knee) {
      const r = await runScenario(dir, JSON.parse(read(`scenarios/${file}`)));
      const [base, ...rest] = r.waterfall;
      expect(rest.at(-1)!.gbp!, file).toBeLessThan(base.gbp!);
      expect(r.prices.every((p) => p.source.length > 10), file).toBe(true);
    }
  });
});
