// bench/scenario.ts times a shipped scenario on a build: the figures it reports come from a real run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timeScenario } from '../../bench/scenario.ts';
import { scenarioFixture } from '../helpers/scenario-fixture.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await scenarioFixture()));
afterAll(async () => cleanup?.());

describe('scenario timing', () => {
  it('runs the scenario the given number of times and reports its median wall and CPU seconds', async () => {
    const t = await timeScenario(dir, new URL('../../scenarios/knee-girft-length-of-stay.json', import.meta.url).pathname, 3);
    expect(t.scenario).toBe('knee-girft-length-of-stay');
    expect(t.cells).toBeGreaterThan(20);
    expect(t.wallSeconds).toBeGreaterThan(0);
    expect(t.cpuSeconds).toBeGreaterThan(0);
  });
});
