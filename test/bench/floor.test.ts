// The floor reads every column typed as the feed contract says: a value that is not of its column's type stops
// it (nothing is checked or set aside), and every row of every file is counted.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureFloor, typedReadSql } from '../../bench/floor.ts';
import { Db, sqlString } from '../../engine/db.ts';
import { FEEDS } from '../../schemas/feeds/index.ts';

let dir: string;
const HEADER = 'item_id,patient_id,dispensed_date,bnf_code,dmd_code,quantity,actual_cost_gbp';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pathcost-floor-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function floorOf(name: string, lines: string[]) {
  const input = join(dir, name);
  await rm(input, { recursive: true, force: true });
  await import('node:fs/promises').then((fs) => fs.mkdir(input));
  await writeFile(join(input, 'patients.csv'), 'patient_id,birth_date,sex,practice_code\nP1,1950-01-01,2,A81090\nP2,1960-01-01,1,A81090\n');
  await writeFile(join(input, 'prescriptions.csv'), [HEADER, ...lines].join('\n') + '\n');
  await writeFile(join(input, 'notes.csv'), 'not,a,feed\n1,2,3\n');
  return measureFloor(input, 'csv');
}

describe('the floor', () => {
  it('counts the rows of every feed file, and no other file', async () => {
    const floor = await floorOf('good', ['E1,P1,2024-01-02,0212000B0AAABAB,320000005,28,1.09', 'E2,P2,2024-02-03,0601012V0AAAAAA,411529005,5,33.34']);
    expect(floor.rows).toBe(4);
    expect(floor.seconds).toBeGreaterThan(0);
    expect(floor.oneColumnSeconds).toBeGreaterThan(0);
  });

  it('types every column: a bad date, number or amount fails the read', async () => {
    await expect(floorOf('date', ['E1,P1,2024-13-02,0212000B0AAABAB,320000005,28,1.09'])).rejects.toThrow(/date|Could not convert/i);
    await expect(floorOf('quantity', ['E1,P1,2024-01-02,0212000B0AAABAB,320000005,many,1.09'])).rejects.toThrow(/Could not convert|DOUBLE|BIGINT/i);
    await expect(floorOf('cost', ['E1,P1,2024-01-02,0212000B0AAABAB,320000005,28,£1'])).rejects.toThrow(/Could not convert|DECIMAL/i);
  });

  it('scans every column of a Parquet file (whose statistics could answer a count without reading it)', async () => {
    const path = join(dir, 'prescriptions.parquet');
    const db = await Db.open();
    try {
      // every column already of the contract's type, so no cast is left that could make DuckDB read it
      await db.run(`copy (select 'E1' as item_id, 'P1' as patient_id, date '2024-01-02' as dispensed_date, '0212000B0AAABAB' as bnf_code,
        '320000005' as dmd_code, 28.0::double as quantity, 1.09::decimal(18,2) as actual_cost_gbp from range(10)) to ${sqlString(path)} (format parquet)`);
      const spec = FEEDS.find((f) => f.name === 'prescriptions')!;
      const plan = await db.all<{ explain_value: string }>(`explain (format json) ${await typedReadSql(db, path, spec, 'parquet')}`);
      const scans: Array<{ name: string; extra_info?: { Projections?: string[] } }> = [];
      const walk = (node: { name: string; children: unknown[]; extra_info?: { Projections?: string[] } }) => {
        if (node.name === 'READ_PARQUET') scans.push(node);
        node.children.forEach((c) => walk(c as typeof node));
      };
      JSON.parse(plan[0].explain_value).forEach(walk);
      expect(scans.map((n) => [...(n.extra_info?.Projections ?? [])].sort())).toEqual([Object.keys(spec.columns).sort()]);
    } finally {
      db.close();
    }
  });
});
