// Input guards (issue 16): a build stops with a coded error, leaving the previous output in --out byte-identical,
// when a feed holds under --min-share of the previous build's rows or the months asked for hold no activity (and
// a build stopped later leaves no staging folder);
// feed files are matched ignoring case and every file no feed reads is listed with the feed it resembles.
import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../engine/build.ts';
import { Db } from '../../engine/db.ts';
import { countFeedRows, guardMisnamedFeeds, guardQuarantinedShare, guardRequestedMonths, missingFeedsError, shrunkFeeds } from '../../engine/input-guards.ts';
import { unrecognisedFiles } from '../../engine/stages/01-load/unrecognised-files.ts';
import { PATIENTS, csv, ingest } from '../helpers/feed-fixture.ts';
import { hashTree } from '../helpers/tree-hash.ts';

const SAMPLE = fileURLToPath(new URL('../../sample-data/sample/', import.meta.url));
const APC_HEADER = 'spell_id,patient_id,provider_code,admission_date,admission_method,diagnoses';

describe('finding feed files', () => {
  it('reads a feed named in any case and lists every other entry with the feed it resembles', async () => {
    const { dir, feeds, feed } = await ingest(
      {
        'Patients.CSV': PATIENTS,
        'apc_spells/2024-06.csv': csv(APC_HEADER, 'S1,P1,RRF,2024-06-01,11,M17.1'),
        'apc_spells/notes.txt': 'exported by hand',
        'apcs.csv': csv(APC_HEADER),
        'Op/2024-06.csv': 'x',
        'faults.csv': 'x',
        '.DS_Store': 'x',
      },
      { until: 'load' },
    );
    expect(feed('patients').files.map((f) => f.path)).toEqual([join(dir, 'Patients.CSV')]);
    expect(feed('apc_spells').files.map((f) => f.path)).toEqual([join(dir, 'apc_spells', '2024-06.csv')]);
    expect(await unrecognisedFiles(dir, feeds)).toEqual([
      { name: 'Op/', resembles: 'op_attendances' },
      { name: 'apc_spells/notes.txt', resembles: undefined },
      { name: 'apcs.csv', resembles: 'apc_spells' },
      { name: 'faults.csv', resembles: undefined },
    ]);
    expect(missingFeedsError(dir, feeds, [])).toBeUndefined();
  });

  it('names the required feed with no file, what was read and what was not recognised', async () => {
    const { dir, feeds } = await ingest({ 'Patients.CSV': PATIENTS, 'apcs.csv': csv(APC_HEADER), 'faults.csv': 'x' }, { until: 'load' });
    const error = missingFeedsError(dir, feeds, await unrecognisedFiles(dir, feeds));
    expect(error).toMatchObject({ code: 'MISSING_REQUIRED_FEED' });
    expect(error!.message).toBe(`The input folder ${dir} has no file for apc_spells, which every build needs: it read Patients.CSV and did not recognise apcs.csv (looks like apc_spells), faults.csv.`);
    expect(error!.hint).toMatch(/apc_spells\.csv .*--allow-missing-feeds/);
  });
});

describe('a feed file named wrongly', () => {
  // A newcomer's run: op_attendence.csv, Prescription.csv and 'ae_attendances (1).csv' built with exit 0 and
  // RA1's knee mean fell from £14,511 to £12,480; only a line of the output said the files were not read.
  it('stops the build when a feed has no file but an unread file looks like it, unless --allow-missing-feeds', async () => {
    const { dir, feeds } = await ingest(
      { 'patients.csv': PATIENTS, 'apc_spells.csv': csv(APC_HEADER, 'S1,P1,RRF,2024-06-01,11,M17.1'), 'op_attendence.csv': 'x', 'ae_attendances (1).csv': 'x', 'faults.csv': 'x' },
      { until: 'load' },
    );
    const unread = await unrecognisedFiles(dir, feeds);
    expect(() => guardMisnamedFeeds(feeds, unread, {})).toThrow(
      expect.objectContaining({
        code: 'FEED_FILE_MISNAMED',
        message: "No file is named for ae_attendances, op_attendances, but the input holds ae_attendances (1).csv (looks like ae_attendances), op_attendence.csv (looks like op_attendances): built so, the feed's cost would be missing from every episode.",
      }),
    );
    expect(() => guardMisnamedFeeds(feeds, unread, { allowMissingFeeds: true })).not.toThrow();
  });

  it('lets files that only share a word with a feed pass: a lookup, notes, a report (a review found these stopping good builds)', async () => {
    const { dir, feeds } = await ingest(
      { 'patients.csv': PATIENTS, 'apc_spells.csv': csv(APC_HEADER, 'S1,P1,RRF,2024-06-01,11,M17.1'), 'gp_practice_lookup.csv': 'x', 'ledger_notes.docx': 'x', 'outcomes_report.pdf': 'x', 'costs.xlsx': 'x' },
      { until: 'load' },
    );
    const unread = await unrecognisedFiles(dir, feeds);
    expect(unread.filter((f) => f.resembles).length).toBe(4); // still listed with the feed each resembles
    expect(() => guardMisnamedFeeds(feeds, unread, {})).not.toThrow();
  });

  it('lets a look-alike of a feed that has its file pass (listed, as before)', async () => {
    const { dir, feeds } = await ingest({ 'patients.csv': PATIENTS, 'apc_spells.csv': csv(APC_HEADER, 'S1,P1,RRF,2024-06-01,11,M17.1'), 'apcs.csv': 'x' }, { until: 'load' });
    expect(() => guardMisnamedFeeds(feeds, [{ name: 'apcs.csv', resembles: 'apc_spells' }], {})).not.toThrow();
    expect(await unrecognisedFiles(dir, feeds)).toEqual([{ name: 'apcs.csv', resembles: 'apc_spells' }]);
  });
});

describe('a feed mostly quarantined (a format the build does not read)', () => {
  // A newcomer's export saved from Excel: most spells set aside as bad_type, episodes 971 → 642, exit code 0.
  it('stops the build over the share, naming the feed, its share and the commonest reason with its first line', async () => {
    const { db, feeds, validated } = await ingest(
      { 'patients.csv': PATIENTS, 'apc_spells.csv': csv(APC_HEADER, 'S1,P1,RRF,2024-06-01,11,M17.1', 'S2,P1,RRF,02/06/2024,11,M17.1', 'S3,P1,RRF,03/06/2024,11,M17.1', 'S4,P1,RRF,2024-06-04,11,M17.1') },
      { until: 'validate' },
    );
    const rows = await countFeedRows(db, feeds);
    const quarantine = validated!.quarantine;
    await expect(guardQuarantinedShare(db, quarantine, rows, {})).resolves.toBeUndefined(); // 2 of 4 is not over half
    await expect(guardQuarantinedShare(db, quarantine, rows, { maxQuarantinedShare: 0.25 })).rejects.toMatchObject({
      code: 'FEED_MOSTLY_QUARANTINED',
      // the fixture's patients hold one bad row of three (33%): over the share as well
      message: 'More than 25% of a feed\'s rows were quarantined — apc_spells: 2 of 4 rows (50%), most bad_type, e.g. line 2: admission_date "02/06/2024" is not a date (YYYY-MM-DD); ' +
        'patients: 1 of 3 rows (33%), most bad_value, e.g. line 3: sex "7" is not one of 1, 2, 9 (recode it in the mapping file).',
    });
    await expect(guardQuarantinedShare(db, quarantine, rows, { maxQuarantinedShare: 0.5 })).resolves.toBeUndefined();
  });
});

describe('shrunkFeeds', () => {
  const previous = { patients: 2000, apc_spells: 878, social_care_services: 41, cost_ledger: 0 };
  it('lists feeds under the share of the previous rows, an absent feed as 0, and skips feeds that had none', () => {
    // 439 = 0.5 × 878 is not under half; 438 is
    expect(shrunkFeeds({ patients: 2000, apc_spells: 439, social_care_services: 41 }, previous, 0.5)).toEqual([]);
    expect(shrunkFeeds({ patients: 2000, apc_spells: 438, cost_ledger: 0 }, previous, 0.5)).toEqual([
      { feed: 'apc_spells', now: 438, previous: 878 },
      { feed: 'social_care_services', now: 0, previous: 41 },
    ]);
    expect(shrunkFeeds({}, previous, 0)).toEqual([]);
  });
});

describe('guardRequestedMonths', () => {
  let db: Db;
  beforeAll(async () => {
    db = await Db.open();
    await db.run(`create table activity_totals as select * from (values ('gp_appointments', '2024-05'), ('apc_spells', '2024-06')) t(feed, month)`);
  });
  afterAll(() => db.close());

  it.each([
    [{ fromMonth: '2024-06', toMonth: '2024-06' }],
    [{ fromMonth: '2024-06' }],
    [{ toMonth: '2024-05' }],
    [{ fromMonth: '2024-01', toMonth: '2024-05' }],
    [{}],
    [{ fromMonth: '2099-01', toMonth: '2099-01', allowEmptyMonths: true }],
  ])('%j passes', async (options) => {
    await expect(guardRequestedMonths(db, options)).resolves.toBeUndefined();
  });

  it.each([
    [{ fromMonth: '2099-01', toMonth: '2099-01' }, '(2099-01)'],
    [{ fromMonth: '2024-07' }, '(2024-07 to the end)'],
    [{ toMonth: '2024-04' }, '(the start to 2024-04)'],
  ])('%j stops with NO_ACTIVITY_IN_MONTHS', async (options, asked) => {
    await expect(guardRequestedMonths(db, options)).rejects.toMatchObject({
      code: 'NO_ACTIVITY_IN_MONTHS',
      message: `No activity falls in the months asked for ${asked}: the input's activity runs from 2024-05 to 2024-06.`,
    });
  });
});

describe('a required feed with a header and no data row (a failed export)', () => {
  it('stops the first build too, naming the feed and its file; --allow-missing-feeds builds with every activity row quarantined', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pathcost-empty-feed-'));
    try {
      const input = join(dir, 'in');
      await cp(SAMPLE, input, { recursive: true });
      const header = (await readFile(join(SAMPLE, 'patients.csv'), 'utf8')).split('\n')[0];
      await writeFile(join(input, 'patients.csv'), `${header}\n`);
      const error = await build({ input, out: join(dir, 'out'), asOf: '2026-01-01' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'MISSING_REQUIRED_FEED' });
      expect((error as Error).message).toBe(`patients holds no data row (${join(input, 'patients.csv')}), which every build needs: without patients every activity row is quarantined, without apc_spells no episode is built.`);
      expect(existsSync(join(dir, 'out'))).toBe(false);
      // every activity row is then quarantined as unknown_patient: linkage, which the share of a feed set aside leaves out
      const built = await build({ input, out: join(dir, 'out'), asOf: '2026-01-01', allowMissingFeeds: true });
      // no clean activity: counted as 0 (it printed "activity rows null")
      expect([built.counts.activity, built.counts.episode]).toEqual([0, 0]);
      expect(built.counts.quarantine).toBeGreaterThan(90_000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('a build over a previous build of the committed sample', () => {
  let dir: string;
  let out: string;
  let shrunk: string;
  let before: Record<string, string>;
  const AS_OF = '2026-01-01';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pathcost-guards-'));
    out = join(dir, 'out');
    shrunk = join(dir, 'shrunk');
    await cp(SAMPLE, shrunk, { recursive: true });
    // 300 of the 878 spells: 34%
    const apc = (await readFile(join(SAMPLE, 'apc_spells.csv'), 'utf8')).split('\n');
    await writeFile(join(shrunk, 'apc_spells.csv'), `${apc.slice(0, 301).join('\n')}\n`);
    await build({ input: SAMPLE, out, asOf: AS_OF });
    before = await hashTree(out);
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const feedRows = async () => {
    const db = await Db.open({ path: join(out, 'pathcost.duckdb'), readOnly: true });
    try {
      const { rows } = await db.one<{ rows: string }>(`select json_extract(manifest_json, '$.facts.feed_rows')::varchar as rows from manifest`);
      return JSON.parse(rows) as Record<string, number>;
    } finally {
      db.close();
    }
  };

  it('records every data line of each feed in the manifest', async () => {
    const expected: Record<string, number> = {};
    for (const file of (await readdir(SAMPLE)).filter((f) => f.endsWith('.csv') && f !== 'faults.csv')) {
      // the sample has no blank lines nor line breaks inside quotes: data lines = newlines − the header
      expected[file.replace('.csv', '')] = (await readFile(join(SAMPLE, file), 'utf8')).split('\n').length - 2;
    }
    expect(expected.apc_spells).toBe(878);
    expect(await feedRows()).toEqual(expected);
  });

  it('stops when a feed has under half its previous rows, and the previous build stays byte-identical', async () => {
    const error = await build({ input: shrunk, out, asOf: AS_OF }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INPUT_SHRANK' });
    expect((error as Error).message).toMatch(/^The input holds fewer rows than 50% of the previous build in .* \(run [0-9a-f]{16}\): apc_spells 300 rows \(previous build 878, 34%\)\.$/);
    expect(await hashTree(out)).toEqual(before);
    expect(existsSync(`${out}.staging`)).toBe(false);
  });

  it('stops when the month asked for holds no activity, and the previous build stays byte-identical', async () => {
    await expect(build({ input: SAMPLE, out, asOf: AS_OF, fromMonth: '2099-01', toMonth: '2099-01' })).rejects.toMatchObject({
      code: 'NO_ACTIVITY_IN_MONTHS',
      message: "No activity falls in the months asked for (2099-01): the input's activity runs from 2023-04 to 2025-03.",
    });
    expect(await hashTree(out)).toEqual(before);
  });

  it('compares with minShare when given (the override that builds: test/cli/input-guards.test.ts)', async () => {
    // 0.35 × 878 = 307.3 rows: 300 is still under it
    await expect(build({ input: shrunk, out, asOf: AS_OF, minShare: 0.35 })).rejects.toMatchObject({
      code: 'INPUT_SHRANK',
      message: expect.stringMatching(/^The input holds fewer rows than 35% of the previous build .*: apc_spells 300 rows/),
    });
    await expect(build({ input: shrunk, out, asOf: AS_OF, minShare: 1.5 })).rejects.toMatchObject({ code: 'BAD_OPTION' });
    expect(await hashTree(out)).toEqual(before);
  });

  it('stops when a Parquet input file changes during the build (it is read again after validation), and the previous build stays byte-identical', async () => {
    const parquet = join(dir, 'parquet-input');
    await cp(SAMPLE, parquet, { recursive: true });
    const spells = join(parquet, 'apc_spells.parquet');
    const db = await Db.open();
    try {
      await db.run(`copy (select * from read_csv('${join(parquet, 'apc_spells.csv')}', all_varchar = true)) to '${spells}' (format parquet)`);
    } finally {
      db.close();
    }
    await rm(join(parquet, 'apc_spells.csv'));
    const touched = build({
      input: parquet, out, asOf: AS_OF,
      // the next month's extract copied over this one while the build runs
      onStage: (e) => {
        if (e.stage === 'aggregate' && e.phase === 'start') utimesSync(spells, new Date(), new Date(Date.now() + 60_000));
      },
    });
    await expect(touched).rejects.toMatchObject({ code: 'INPUT_CHANGED', where: { feed: 'apc_spells', file: spells } });
    expect(await hashTree(out)).toEqual(before);
    expect(existsSync(`${out}.staging`)).toBe(false);
    // untouched, the same input builds
    await expect(build({ input: parquet, out: join(dir, 'from-parquet'), asOf: AS_OF })).resolves.toMatchObject({ counts: expect.anything() });
  }, 120_000);

  it('stops when a CSV input file is replaced during the build (its header, blank-line search and typed pass are separate reads)', async () => {
    const input = join(dir, 'csv-input');
    await cp(SAMPLE, input, { recursive: true });
    const prescriptions = join(input, 'prescriptions.csv');
    const original = await readFile(prescriptions, 'utf8');
    const touched = build({
      input, out, asOf: AS_OF,
      // the next month's extract, one line shorter, copied over this one as validation starts
      onStage: (e) => {
        if (e.stage === 'validate' && e.phase === 'start') writeFileSync(prescriptions, original.slice(0, original.lastIndexOf('\n', original.length - 2) + 1));
      },
    });
    await expect(touched).rejects.toMatchObject({ code: 'INPUT_CHANGED', where: { feed: 'prescriptions', file: prescriptions } });
    expect(await hashTree(out)).toEqual(before);
    expect(existsSync(`${out}.staging`)).toBe(false);
  }, 120_000);

  it('removes its staging folder when it stops after stage 6 wrote there, and the previous build stays byte-identical', async () => {
    let staged = false;
    const stopped = build({
      input: SAMPLE, out, asOf: AS_OF,
      // the attribute stage has stored its scope in the staging database when aggregation starts
      onStage: (e) => {
        if (e.stage !== 'aggregate' || e.phase !== 'start') return;
        staged = existsSync(join(`${out}.staging`, 'pathcost.duckdb'));
        throw new Error('stopped at aggregate');
      },
    });
    await expect(stopped).rejects.toThrow('stopped at aggregate');
    expect(staged).toBe(true);
    expect(existsSync(`${out}.staging`)).toBe(false);
    expect(await hashTree(out)).toEqual(before);
  });
});
