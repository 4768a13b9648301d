// The repeated-id search of stage 2 sorts 32-bit hashes first and only the rows whose short hash repeats at 64
// bits: among 2M distinct ids hundreds of short hashes collide by chance, and none of them may come out repeated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../../engine/db.ts';
import { repeatedHashesSql } from '../../engine/stages/02-validate/index.ts';

const IDS = 2_000_000;
let db: Db;

beforeAll(async () => {
  db = await Db.open();
  // ids 'ID0'…'ID1999999', three of them twice and one three times, and empty ids that never count
  await db.run(`create table ids as
    select 'ID' || i as id from range(${IDS}) t(i)
    union all select unnest(['ID17', 'ID17', 'ID123456', 'ID1999999', null, null])`);
});
afterAll(() => db.close());

describe('repeatedHashesSql', () => {
  it('finds exactly the ids that repeat, although many more short hashes collide', async () => {
    const [short, found, drop] = repeatedHashesSql('ids', 'id', 'repeated');
    await db.run(short);
    const { chance } = await db.one<{ chance: number }>(`select count(*)::double as chance from repeated_short`);
    // about IDS² / 2³³ ≈ 466 pairs by chance, plus the three repeated ids
    expect(chance).toBeGreaterThan(300);
    await db.run(found);
    await db.run(drop);
    const repeated = await db.all<{ id: string }>(`select distinct id from ids where hash(id) in (select h from repeated) order by id`);
    expect(repeated.map((r) => r.id)).toEqual(['ID123456', 'ID17', 'ID1999999']);
    // every repeated hash is a real repeat: the same set as a count per hash of every id
    const { direct } = await db.one<{ direct: number }>(`select count(*)::double as direct from (select hash(id) from ids where id is not null group by all having count(*) > 1)`);
    expect(direct).toBe(3);
  });
});
