// PROMs linkage worked by hand (engine/stages/07-aggregate/proms-link.ts): one record linked, one whose post-op
// questionnaire came back too late, one for the other knee of staged bilateral replacements (it links to the
// second operation, never the first), one of another procedure, and one handed out too early for any episode.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPathways } from '../../engine/pathways.ts';
import { createTableSql } from '../../schemas/define.ts';
import { Episode, EpisodeOutcome } from '../../schemas/tables/index.ts';
import { Db } from '../../engine/db.ts';
import { linkProms } from '../../engine/stages/07-aggregate/proms-link.ts';
import { stageTable } from '../../engine/stage-table.ts';
import { Proms } from '../../schemas/feeds/index.ts';

/** The shipped pathways whose definitions name a PROMs procedure. */
const PROMS_PATHWAYS = await loadPathways(undefined, ['knee-replacement', 'hip-replacement']);

const PROMS = stageTable('checked_proms', Proms);

let db: Db;
beforeEach(async () => {
  db = await Db.open();
  await db.run(createTableSql(Episode));
  await db.run(createTableSql(EpisodeOutcome));
  await db.run(`
insert into episode (episode_id, pathway_id, patient_id, anchor_provider_code, anchor_start) values
  ('E1', 'knee-replacement', 'A', 'RA1', '2024-01-15'),
  ('E2', 'knee-replacement', 'B', 'RA1', '2024-01-15'),
  ('E3', 'knee-replacement', 'C', 'RA1', '2024-01-15'), -- the left knee
  ('E4', 'knee-replacement', 'C', 'RA2', '2024-04-20'), -- the right knee, three months later
  ('H1', 'hip-replacement', 'A', 'RA2', '2024-03-01')`);
  await db.run(`
create table checked_proms as select * from (values
  ('R1', 'A', 'RA1', 'knee', date '2024-01-05', date '2024-07-10', 19, 37, 0.35, 0.78, null),
  ('R2', 'B', 'RA1', 'knee', date '2024-01-02', date '2024-11-20', 20, 38, 0.40, 0.80, null),
  ('R3', 'C', 'RA2', 'knee', date '2024-04-01', date '2024-10-15', 15, 35, 0.10, 0.70, null),
  ('R4', 'A', 'RA2', 'hip', date '2024-02-20', null, 12, null, 0.05, null, null),
  ('R5', 'B', 'RA1', 'knee', date '2023-09-01', date '2024-03-01', 22, 30, 0.50, 0.60, null),
  ('R6', 'A', 'RA1', 'knee', date '2024-01-06', date '2024-07-11', 18, 36, 0.30, 0.70, 'duplicate_id')
) t(proms_id, patient_id, provider_code, procedure, preop_date, postop_date, oxford_pre, oxford_post, eq5d_pre, eq5d_post, reason)`);
});
afterEach(() => db.close());

const outcomes = () => db.all<Record<string, unknown>>(`
select episode_id, eligible, link_status, proms_id, oxford_pre::integer as oxford_pre, oxford_post::integer as oxford_post, eq5d_post
from episode_outcome order by episode_id`);

describe('PROMs linkage to episodes', () => {
  it('links by patient, procedure and the windows, and gives each record to the operation after its pre-op date', async () => {
    await linkProms(db, PROMS, PROMS_PATHWAYS, { coverageEnd: '2025-03-31' });
    expect(await outcomes()).toEqual([
      // R1: pre-op 10 days before admission, post-op 177 days after (window 150–270): linked
      { episode_id: 'E1', eligible: true, link_status: 'linked', proms_id: 'R1', oxford_pre: 19, oxford_post: 37, eq5d_post: 0.78 },
      // R2: post-op 310 days after admission: too late, its scores are not used for the gain
      { episode_id: 'E2', eligible: true, link_status: 'postop_outside_window', proms_id: 'R2', oxford_pre: 20, oxford_post: null, eq5d_post: null },
      // R3 was handed out on 1 April, after the left knee's admission: it is the right knee's, so E3 has none
      { episode_id: 'E3', eligible: true, link_status: 'no_record', proms_id: null, oxford_pre: null, oxford_post: null, eq5d_post: null },
      // …and E4 (admitted 20 April) gets it: pre-op 19 days before, post-op 178 days after
      { episode_id: 'E4', eligible: true, link_status: 'linked', proms_id: 'R3', oxford_pre: 15, oxford_post: 35, eq5d_post: 0.7 },
      // A's knee record R1 never links to A's hip; R4 (hip, no post-op questionnaire) does
      { episode_id: 'H1', eligible: true, link_status: 'preop_only', proms_id: 'R4', oxford_pre: 12, oxford_post: null, eq5d_post: null },
    ]);
    // R5 was handed out 136 days before B's admission (over 90): linked to nothing, counted at its provider.
    // R6 was quarantined (reason set) and plays no part.
    expect(await db.all(`select pathway_id, provider_code, n::integer as n from proms_unlinked order by all`)).toEqual([{ pathway_id: 'knee-replacement', provider_code: 'RA1', n: 1 }]);
  });

  it('counts an episode only once its post-op window has closed by the coverage end', async () => {
    // 2024-12-31: E1–E3 and H1 (admitted by 2024-04-05, + 270 days) are eligible; E4 (20 April + 270 = 15 January 2025) is not
    await linkProms(db, PROMS, PROMS_PATHWAYS, { coverageEnd: '2024-12-31' });
    const rows = await db.all<{ episode_id: string; eligible: boolean }>(`select episode_id, eligible from episode_outcome order by 1`);
    expect(rows.map((r) => [r.episode_id, r.eligible])).toEqual([['E1', true], ['E2', true], ['E3', true], ['E4', false], ['H1', true]]);
  });

  it('links the record completed nearest the admission when two claim one episode', async () => {
    await db.run(`update checked_proms set reason = null where proms_id = 'R6'`);
    await linkProms(db, PROMS, PROMS_PATHWAYS, { coverageEnd: '2025-03-31' });
    const e1 = await db.one<{ proms_id: string }>(`select proms_id from episode_outcome where episode_id = 'E1'`);
    // R6 (6 January) is nearer 15 January than R1 (5 January); R1 is then unlinked
    expect(e1.proms_id).toBe('R6');
    expect(await db.all(`select provider_code, n::integer as n from proms_unlinked order by all`)).toEqual([{ provider_code: 'RA1', n: 2 }]);
  });

  it('without the feed (validate hands over its checked table with no rows), every episode of a PROMs pathway has no record', async () => {
    await db.run(`delete from checked_proms`);
    await linkProms(db, PROMS, PROMS_PATHWAYS, { coverageEnd: '2025-03-31' });
    const rows = await db.all<{ link_status: string }>(`select distinct link_status from episode_outcome`);
    expect(rows).toEqual([{ link_status: 'no_record' }]);
  });
});
