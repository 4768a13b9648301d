// Fault injection: every faults.csv entry points at a line that has exactly that fault, every other line is
// clean, faults come at the asked rate, and Parquet output carries only the faults Parquet can hold.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdbType } from '../../schemas/define.ts';
import { FEEDS } from '../../schemas/feeds/index.ts';
import { ACTIVITY } from '../../sample-data/feeds.ts';
import type { GenerationResult } from '../../sample-data/generate.ts';
import { Db, sqlString } from '../../engine/db.ts';
import { generateTemp, PERIOD } from './helpers.ts';
import { dataLines, lineProblems } from './line-checks.ts';

const RATE = 0.01;
let dir: string;
let result: GenerationResult;
let cleanup: () => Promise<void>;
let manifest: Array<{ feed: string; source_row: number; source_id: string; kind: string; expected_reason: string }>;

beforeAll(async () => {
  ({ dir, result, cleanup } = await generateTemp({ patients: 20_000, seed: 5, format: 'csv', faults: RATE }));
  const [header, ...lines] = (await readFile(join(dir, 'faults.csv'), 'utf8')).trim().split('\n');
  expect(header).toBe('feed,source_row,source_id,kind,expected_reason');
  manifest = lines.map((l) => {
    const [feed, row, source_id, kind, expected_reason] = l.split(',');
    return { feed, source_row: Number(row), source_id, kind, expected_reason };
  });
}, 120_000);

afterAll(async () => cleanup?.());

describe('faults in CSV', () => {
  it.each(ACTIVITY.map((f) => [f.spec.name, f] as const))('%s: listed lines have exactly their fault, all others none', async (name, feed) => {
    const patients = new Set(dataLines(await readFile(join(dir, 'patients.csv'))).map((l) => l.toString().split(',')[0]));
    const lines = dataLines(await readFile(join(dir, `${name}.csv`)));
    const listed = new Map(manifest.filter((m) => m.feed === name).map((m) => [m.source_row, m]));
    const today = new Date().toISOString().slice(0, 10);
    const ctx = { spec: feed.spec, patients, seen: new Set<string>(), futureAfter: today > PERIOD.to ? today : PERIOD.to };
    const wrong: string[] = [];
    lines.forEach((bytes, i) => {
      const row = i + 1; // source_row: the line in the file, header excluded
      const found = [...lineProblems(bytes, ctx)].sort().join('+');
      const entry = listed.get(row);
      if ((entry?.expected_reason ?? '') !== found) wrong.push(`line ${row}: listed ${entry?.expected_reason ?? 'nothing'}, found ${found || 'nothing'}`);
      if (entry && !bytes.toString('latin1').startsWith(`${entry.source_id},`)) wrong.push(`line ${row}: source_id ${entry.source_id} is not the line's id`);
    });
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(listed.size).toBeGreaterThan(0);
    // one row in a hundred, give or take sampling noise (feeds under 2,000 rows are too small to say)
    if (lines.length > 2000) {
      expect(listed.size / lines.length).toBeGreaterThan(RATE * 0.7);
      expect(listed.size / lines.length).toBeLessThan(RATE * 1.3);
    }
  });

  it('covers every kind of fault, and reports the totals it wrote', () => {
    const reasons = new Set(manifest.map((m) => m.expected_reason));
    for (const r of ['duplicate_id', 'missing_required', 'unknown_patient', 'end_before_start', 'future_date', 'negative_cost', 'absurd_value', 'bad_code', 'malformed_line', 'bad_encoding']) {
      expect(reasons, r).toContain(r);
    }
    expect(result.faults.total).toBe(manifest.length);
    expect(new Set(manifest.map((m) => m.kind)).size).toBe(reasons.size);
  });
});

describe('faults in Parquet', () => {
  it('has the schema types, no ragged or encoding faults, and the listed rows are faulted (duplicates, negative costs)', async () => {
    const p = await generateTemp({ patients: 10_000, seed: 5, format: 'parquet', faults: RATE });
    const db = await Db.open({ threads: 2 });
    try {
      for (const spec of FEEDS) {
        const described = await db.all<{ column_name: string; column_type: string }>(`describe select * from read_parquet(${sqlString(join(p.dir, `${spec.name}.parquet`))})`);
        expect(described.map((d) => `${d.column_name} ${d.column_type}`), spec.name).toEqual(Object.entries(spec.columns).map(([n, c]) => `${n} ${duckdbType(c)}`));
      }
      const faults = sqlString(join(p.dir, 'faults.csv'));
      const [k] = await db.all<{ byte_level: number; total: number }>(`select count(*) filter (where expected_reason in ('malformed_line', 'bad_encoding'))::integer as byte_level, count(*)::integer as total from read_csv(${faults})`);
      expect(k.byte_level).toBe(0);
      expect(k.total).toBeGreaterThan(100);
      const rx = sqlString(join(p.dir, 'prescriptions.parquet'));
      const [check] = await db.all<{ dup_ok: boolean; neg_ok: boolean }>(`
        with r as (
          select *, file_row_number + 1 as source_row, row_number() over (partition by item_id order by file_row_number) as nth
          from read_parquet(${rx}, file_row_number = true)
        ),
        m as (select * from read_csv(${faults}) where feed = 'prescriptions')
        select bool_and(r.nth > 1) filter (where m.expected_reason = 'duplicate_id') as dup_ok,
               bool_and(r.actual_cost_gbp < 0) filter (where m.expected_reason = 'negative_cost') as neg_ok
        from m join r using (source_row)`);
      expect(check).toEqual({ dup_ok: true, neg_ok: true });
    } finally {
      db.close();
      await p.cleanup();
    }
  });
});
