// The reference pages and the pathway JSON Schema are generated from schemas/: fail when the committed copies are stale.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_DOCS } from '../cli/docs.ts';
import { pathwayJsonSchema } from '../engine/pathways.ts';

describe('generated documentation', () => {
  for (const [path, make] of Object.entries(GENERATED_DOCS)) {
    it(`${path} is up to date (run npx pathcost docs)`, () => {
      expect(readFileSync(new URL(`../${path}`, import.meta.url), 'utf8')).toBe(make());
    });
  }
  it('pathways/pathway.schema.json is up to date', () => {
    expect(readFileSync(new URL('../pathways/pathway.schema.json', import.meta.url), 'utf8')).toBe(`${JSON.stringify(pathwayJsonSchema(), null, 2)}\n`);
  });
  it('documents every canonical feed column of the DESIGN appendix', () => {
    const doc = GENERATED_DOCS['docs/input-contract.md']();
    for (const column of ['patient_id', 'admission_method', 'procedures', 'planned_units_per_week', 'actual_cost_gbp', 'patient_attributable']) {
      expect(doc).toContain(`\`${column}\``);
    }
  });
});
