// The API over what the engine really writes: a few dozen patients as canonical CSV feeds, built by
// engine/build.ts, then every endpoint read. Catches drift between the engine's tables and the API's SQL.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../engine/build.ts';
import { KEYS, inject } from './helpers.ts';

let dir: string;
let app: FastifyInstance;
const PROVIDERS = [['RXF', 30], ['RHQ', 14], ['RCB', 5]] as const;

/** Elective primary knee replacements (W40.1, HN22C) at three trusts, each with a GP visit before and physio after. */
async function writeFeeds(input: string): Promise<void> {
  const pats = ['patient_id,birth_date,sex,imd_decile,practice_code'];
  const apc = ['spell_id,patient_id,provider_code,site_code,admission_date,admission_method,discharge_date,discharge_destination,tfc,hrg,diagnoses,procedures,cost_gbp,tariff_gbp'];
  const gp = ['appointment_id,patient_id,practice_code,appointment_date,staff_role,planned_minutes,actual_minutes,mode,status,snomed_codes,cost_gbp'];
  const cc = ['contact_id,patient_id,provider_code,contact_date,service_type,staff_role,minutes,mode,status,cost_gbp'];
  let n = 0;
  for (const [trust, count] of PROVIDERS) {
    for (let i = 1; i <= count; i++) {
      const p = `P${String(++n).padStart(4, '0')}`;
      const month = String(4 + (i % 6)).padStart(2, '0');
      const day = (d: number) => String(d + (i % 20)).padStart(2, '0');
      pats.push(`${p},195${i % 10}-0${1 + (i % 9)}-01,${1 + (i % 2)},${1 + (i % 10)},A81001`);
      apc.push(`S${n},${p},${trust},${trust}01,2024-${month}-${day(1)},11,2024-${month}-${day(4)},19,110,HN22C,M179,W40.1,${6000 + 37 * i},`);
      gp.push(`G${n},${p},A81001,2024-0${1 + (i % 3)}-1${i % 9},gp,10,10,face_to_face,attended,239873007,`);
      cc.push(`C${n},${p},RY1,2024-${String(5 + (i % 6)).padStart(2, '0')}-1${i % 9},physiotherapy,physio,45,face_to_face,attended,${80 + i}`);
    }
  }
  const files = { 'patients.csv': pats, 'apc_spells.csv': apc, 'gp_appointments.csv': gp, 'community_contacts.csv': cc };
  for (const [name, lines] of Object.entries(files)) await writeFile(join(input, name), `${lines.join('\n')}\n`);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pathcost-api-real-'));
  await writeFeeds(dir);
  await build({ input: dir, out: join(dir, 'out'), asOf: '2025-06-30' });
  app = await inject(join(dir, 'out'));
}, 300_000);
afterAll(async () => {
  await app?.close();
  await rm(dir, { recursive: true, force: true });
});

async function read(url: string) {
  const r = await app.inject({ url, headers: { 'x-api-key': KEYS.admin } });
  expect(r.statusCode, `${url}: ${r.body.slice(0, 300)}`).toBe(200);
  return r.json();
}

describe('API over a real engine build', () => {
  it('answers every endpoint, within its response schema', async () => {
    const episodes = await read('/api/episodes?pathway=knee-replacement&limit=1000');
    expect(episodes.total).toBe(49);
    const urls = ['/api/health', '/api/pathways', '/api/pathways/knee-replacement', '/api/summary?limit=1000', '/api/variation', '/api/steps?pathway=knee-replacement', '/api/distribution?pathway=knee-replacement&provider=RXF', `/api/episodes/${encodeURIComponent(episodes.items[0].episode_id)}`, '/api/data-quality?limit=1000', '/api/reconciliation?limit=1000', '/api/ledger-reconciliation?limit=1000', '/api/manifests'];
    for (const url of urls) await read(url);
  });

  it('the manifest names input and reference files relative to their folders, never where this machine keeps them', async () => {
    const { items } = await read('/api/manifests');
    const manifest = items[0].manifest;
    const inputs: string[] = manifest.inputs.map((f: { path: string }) => f.path);
    expect(inputs).toEqual(expect.arrayContaining(['apc_spells.csv', 'community_contacts.csv', 'gp_appointments.csv', 'patients.csv']));
    for (const path of inputs) expect(path).not.toMatch(/^\//);
    expect(manifest.reference.map((f: { path: string }) => f.path)).toContain('reference/ncc_unit_costs.csv');
    const text = JSON.stringify(items);
    expect(text).not.toContain(dir);
    expect(text).not.toContain(process.cwd());
  });

  it('shows the ICB and the large trust, and suppresses the trust with 5 episodes everywhere', async () => {
    const { items } = await read('/api/summary?pathway=knee-replacement&month=all&step=all&setting=all&basis=actual');
    expect(items.find((r: { provider_code: string }) => r.provider_code === 'ICB')).toMatchObject({ n_episodes: 49, suppressed: false });
    expect(items.find((r: { provider_code: string }) => r.provider_code === 'RXF')).toMatchObject({ n_episodes: 30, suppressed: false });
    for (const path of ['/api/summary?provider=RCB&limit=1000', '/api/variation?provider=RCB', '/api/steps?pathway=knee-replacement&provider=RCB']) {
      for (const row of (await read(path)).items) {
        expect(row.suppressed, path).toBe(true);
        for (const [k, v] of Object.entries(row)) expect(typeof v === 'number' ? `${path} ${k}` : undefined).toBeUndefined();
      }
    }
  });

  // Kept on suppressed rows: the reconciliation difference (the table's purpose), and on /api/steps the
  // provider's own episode count, which is itself ≥ 8 (null otherwise) and published in /api/summary.
  // non_attributable_gbp is a provider ledger amount, not patient money: never suppressed.
  const KEPT = ['difference_gbp', 'provider_episodes', 'non_attributable_gbp'];
  it('no suppressed row of any aggregate carries a number (except those KEPT)', async () => {
    for (const path of ['/api/summary?limit=1000', '/api/variation?limit=1000', '/api/data-quality?limit=1000', '/api/reconciliation?limit=1000', '/api/steps?pathway=knee-replacement&limit=1000']) {
      for (const row of (await read(path)).items.filter((r: { suppressed: boolean }) => r.suppressed)) {
        for (const [k, v] of Object.entries(row)) if (!KEPT.includes(k)) expect(typeof v === 'number' ? `${path} ${k}` : undefined).toBeUndefined();
      }
    }
  });
});
