// The committed sample must publish exactly the tables it published before the ingest redesign (issue 19):
// checksums of every table in pathcost.duckdb, stored from a build on the code before the change
// (fixtures/published-checksums.json; the 100k-patient figures there are compared by hand with
// `npx tsx bench/published-checksums.ts --input DIR --key generated-100k-seed1 --compare FILE`). Stored again on
// purpose since: comparison_exclusion, when the ICB's provisional count began to be hidden with the months
// /api/provisional hides; data_quality, when the unlinked-patients detail began to name quarantined patients rows;
// casemix_model, when the winsorised caps were rounded to the nearest penny and kept within the second most
// extreme cost, and the expected cost took zero-cost shares per cell and unknown levels at the known average;
// step_transition, when a first arrival began to carry the £ of every visit to its step and a return none;
// step_sequence, when a provider whose moves would split "other" one way only began to list no sequence;
// reconciliation, when day care was priced on its planned days and open-ended rows ended at the patient's death,
// and again when it gained n_patients and suppressed (the months' complementary suppression), and when a month
// without pathway money became a complement; the type 2 diabetes
// outputs (episode_step_cost, pathway_summary, flows, cost-basis mix, reconciliation, the definition), when its
// admissions step began to take only a primary diagnosis of E11; the tables holding community money, when a
// community contact by telephone or video began to be priced at its service's non-face-to-face currency;
// pathway_definition, when cataract flagged a bilateral HRG (BZ35) and left it out of the comparison, and when
// stroke and hip fracture left out an episode a second anchor cut short; provider_cost_basis_mix, when a slice
// whose basis has money in exactly one cell the summary hides began to be hidden; episode and casemix_model, when
// an annual cohort's age (and its age limits) began to be taken on the year's last day, QOF's achievement date;
// pathway_definition, when type 2 diabetes and COPD named their QOF resolved clusters (resolved_by); pathway_summary,
// provider_cost_basis_mix and step_transition, when the summary began to hide a cell whose counts worked out by
// subtraction (episodes without activity, without condition-related activity, with other activity) are small;
// quarantine, reconciliation and data_quality, when a quarantined row of every feed without a readable supplied cost
// began to be priced as a clean row is (not social care's alone), and rows with no £ at all to be counted;
// provider_cost_basis_mix, when a slice whose hidden money lies in one setting or step the summary hides began to
// be hidden; pathway_definition, when hip fracture took the whole primary replacement list (stays linked by
// transfer and A&E attendances counted whole changed no other table of the sample).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TableChecksum, buildChecksums, publishedChecksums } from '../../bench/published-checksums.ts';
import { Db } from '../../engine/db.ts';

const FIXTURE = new URL('./fixtures/published-checksums.json', import.meta.url);

describe('published tables of the committed sample', () => {
  it('are identical to the stored checksums', async () => {
    const stored = JSON.parse(await readFile(FIXTURE, 'utf8')).sample as Record<string, TableChecksum>;
    expect(await buildChecksums('sample-data/sample')).toEqual(stored);
  }, 120_000);
});

describe('the checksum', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pathcost-checksum-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function checksumOf(rows: string): Promise<TableChecksum> {
    const file = join(dir, `${Math.random().toString(36).slice(2)}.duckdb`);
    const db = await Db.open({ path: file });
    await db.run(`create table t as select * from (values ${rows}) v(id, x, note)`);
    await db.run(`create table manifest as select 'a' as run_id, now()::varchar as built_at, 'x' as engine_version`);
    db.close();
    return (await publishedChecksums(file)).t;
  }

  it('ignores row order and the last bits of a double, and sees a changed value, null or row', async () => {
    const base = await checksumOf(`(1, 0.1 + 0.2, 'a'), (2, 1.5, null)`);
    expect(base.rows).toBe(2);
    expect(await checksumOf(`(2, 1.5, null), (1, 0.3, 'a')`)).toEqual(base);
    expect(await checksumOf(`(1, 0.3001, 'a'), (2, 1.5, null)`)).not.toEqual(base);
    expect(await checksumOf(`(1, 0.3, 'a'), (2, 1.5, '')`)).not.toEqual(base);
    expect(await checksumOf(`(1, 0.3, 'a'), (2, 1.5, null), (2, 1.5, null)`)).not.toEqual(base);
  });

  it('leaves out when the manifest was written', async () => {
    const file = join(dir, 'manifest.duckdb');
    const sums = [];
    for (const built of ['2026-01-01', '2026-02-02']) {
      await rm(file, { force: true });
      const db = await Db.open({ path: file });
      await db.run(`create table manifest as select 'r' || $built as run_id, $built as built_at, '{"s": ' || $built || '}' as manifest_json, '0.1.0' as engine_version`, { built });
      db.close();
      sums.push((await publishedChecksums(file)).manifest);
    }
    expect(sums[0]).toEqual(sums[1]);
  });
});
