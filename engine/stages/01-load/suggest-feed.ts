// Which feed an unrecognised file name most resembles, so a message can say "apcs.csv looks like apc_spells".
import { FEEDS, type FeedName } from '../../../schemas/feeds/index.ts';

const FEED_NAMES: readonly FeedName[] = FEEDS.map((f) => f.name);

/**
 * Names NHS extracts commonly go by: the national dataset (SUS APCS, ECDS, CSDS, MHSDS, ASC-CLD, EPD, PLICS)
 * or a plain word. Keys are whole normalised stems or single words of one.
 */
const ALIASES: Readonly<Record<string, FeedName>> = {
  patient: 'patients', population: 'patients', demographics: 'patients', pds: 'patients', registrations: 'patients',
  gp: 'gp_appointments', gpad: 'gp_appointments', appointments: 'gp_appointments', primary_care: 'gp_appointments',
  apc: 'apc_spells', apcs: 'apc_spells', spells: 'apc_spells', inpatients: 'apc_spells', admissions: 'apc_spells',
  op: 'op_attendances', opa: 'op_attendances', outpatients: 'op_attendances',
  ae: 'ae_attendances', ecds: 'ae_attendances', aande: 'ae_attendances', emergency: 'ae_attendances',
  csds: 'community_contacts', community: 'community_contacts',
  mhsds: 'mental_health_contacts', mental: 'mental_health_contacts', mh: 'mental_health_contacts',
  asc: 'social_care_services', cld: 'social_care_services', social: 'social_care_services',
  epd: 'prescriptions', prescribing: 'prescriptions', medicines: 'prescriptions', meds: 'prescriptions',
  ledger: 'cost_ledger', plics: 'cost_ledger', costs: 'cost_ledger',
  mff: 'provider_mff', market_forces_factor: 'provider_mff',
  prom: 'proms', outcomes: 'proms', oxford: 'proms',
};

const EXTENSION = /\.(csv|parquet|tsv|txt|gz|zip|xlsx?|json)$/;

/** Lower case, extensions and a folder's trailing slash removed, every run of other characters as one `_`. */
export function fileStem(name: string): string {
  let stem = name.toLowerCase().replace(/\/+$/, '');
  while (EXTENSION.test(stem)) stem = stem.replace(EXTENSION, '');
  return stem.replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

/**
 * The feed a file name most resembles, or undefined when none is close: its own name, a known alias
 * (`apcs.csv` → apc_spells), a feed name it starts with or that starts with it (`apc_spells_2024-06.csv`,
 * `prescription.csv`), an alias among its words (`SUS_APC_2024.csv`), or a feed name within a few typing slips.
 *
 * @example suggestFeed('apcs.csv') // 'apc_spells'
 * @example suggestFeed('faults.csv') // undefined
 */
export function suggestFeed(name: string): FeedName | undefined {
  const stem = fileStem(name);
  if (stem === '') return undefined;
  const words = stem.split('_');
  return (
    FEED_NAMES.find((f) => f === stem) ??
    ALIASES[stem] ??
    FEED_NAMES.find((f) => stem.startsWith(f) || (stem.length >= 3 && f.startsWith(stem))) ??
    words.map((w) => ALIASES[w]).find((f) => f !== undefined) ??
    closestFeed(stem)
  );
}

/**
 * The feed a data file (CSV, Parquet or a folder) is all but named after: its own name with a copy's suffix
 * (`ae_attendances (1).csv`), a feed name it starts with or that starts with it (`prescription.csv`), or within a
 * few typing slips (`op_attendence.csv`). Stricter than `suggestFeed`: no alias or single word (a
 * `gp_practice_lookup.csv` is not a misnamed gp_appointments), as a build stops on it.
 */
export function namedLikeFeed(name: string): FeedName | undefined {
  if (!/(\.(csv|parquet)|\/)$/i.test(name)) return undefined;
  const stem = fileStem(name).replace(/_(copy|\d+)(_\d+)?$/, '');
  if (stem === '') return undefined;
  return FEED_NAMES.find((f) => f === stem || stem.startsWith(`${f}_`) || (stem.length >= 5 && f.startsWith(stem))) ?? closestFeed(stem);
}

/** The feed name fewest edits from `stem`, if within a quarter of its length (at least one edit). */
function closestFeed(stem: string): FeedName | undefined {
  let best: { feed: FeedName; distance: number } | undefined;
  for (const feed of FEED_NAMES) {
    const distance = editDistance(stem, feed);
    if (distance <= Math.max(1, Math.floor(feed.length / 4)) && (!best || distance < best.distance)) best = { feed, distance };
  }
  return best?.feed;
}

/** Levenshtein distance: insertions, deletions and substitutions of one character each cost 1. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
