// The feed an unrecognised file name most resembles (stage 1's listing of files no feed reads).
import { describe, expect, it } from 'vitest';
import { editDistance, fileStem, suggestFeed } from '../../engine/stages/01-load/suggest-feed.ts';

describe('fileStem', () => {
  it.each([
    ['Patients.CSV', 'patients'],
    ['apc_spells.csv.gz', 'apc_spells'],
    ['SUS APC 2024-06.parquet', 'sus_apc_2024_06'],
    ['Apcs/', 'apcs'],
    ['.csv', ''],
  ])('%s → %s', (name, stem) => expect(fileStem(name)).toBe(stem));
});

describe('editDistance', () => {
  it.each([
    ['apc_spell', 'apc_spells', 1], // one insertion
    ['gp_apointments', 'gp_appointments', 1],
    ['patinets', 'patients', 2], // a swap is two substitutions
    ['faults', 'patients', 5], // f→p, u→t, l→i, +e, +n
    ['', 'op', 2],
  ])('%s → %s is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('suggestFeed', () => {
  it.each([
    ['Patients.CSV', 'patients'], // its own name, in another case
    ['apcs.csv', 'apc_spells'], // an alias (SUS APCS)
    ['ECDS_extract.csv', 'ae_attendances'], // an alias among its words
    ['SUS_APC_2024-06.csv', 'apc_spells'],
    ['apc_spells_2024-06.csv', 'apc_spells'], // starts with a feed name
    ['prescription.csv', 'prescriptions'], // a feed name starts with it
    ['op_attendance.parquet', 'op_attendances'],
    ['gp_apointments.csv', 'gp_appointments'], // one slip
    ['patinets.csv', 'patients'], // two slips in eight letters
    ['comunity_contacts.csv', 'community_contacts'],
  ])('%s → %s', (name, feed) => expect(suggestFeed(name)).toBe(feed));

  it.each(['faults.csv', 'generation.json', 'out/', 'notes.txt', '2024-06.csv', 'ab.csv'])('%s resembles no feed', (name) => {
    expect(suggestFeed(name)).toBeUndefined();
  });
});
