// GET /api/data-quality, /api/reconciliation, /api/ledger-reconciliation and /api/manifests — how far the figures
// can be trusted.
import { z } from 'zod';
import { SuppressionThreshold } from '../disclosure.ts';
import { zodRow } from '../define.ts';
import { DataQuality } from '../tables/data-quality.ts';
import { Reconciliation } from '../tables/reconciliation.ts';
import { LedgerReconciliation } from '../tables/ledger-reconciliation.ts';
import { Manifest } from '../tables/manifest.ts';
import { FeedName, Month, PathwayId, Pagination, ProviderCode, page } from './common.ts';

export const DataQualityQuery = z
  .strictObject({
    feed: FeedName.optional(),
    month: Month.optional(),
    check: z.string().regex(/^[a-z_]{1,40}(:[A-Za-z0-9_]{1,40})?$/, 'must be a check name such as rows_in, quarantined:bad_code or ledger_gap:RA1').optional(),
    ...Pagination,
  })
;
export type DataQualityQuery = z.infer<typeof DataQualityQuery>;

export const DataQualityRow = zodRow(DataQuality)
  .extend({
    value: z.number().nullable().describe('Value of the check; null when it counts fewer rows or patients than the suppression threshold.'),
    suppressed: z.boolean().describe('True when a count below the suppression threshold is hidden.'),
  })
  .meta({ id: 'DataQualityRow' });
export const DataQualityPage = page(DataQualityRow, 'DataQualityPage');

export const ReconciliationQuery = z
  .strictObject({ pathway: PathwayId.optional(), feed: FeedName.optional(), provider: ProviderCode.optional(), month: Month.optional(), ...Pagination })
;
export type ReconciliationQuery = z.infer<typeof ReconciliationQuery>;

const money = (d: string) => z.number().nullable().describe(`${d} Null when fewer patients than the suppression threshold have money attributed to the pathway here, or when another month of the feed × provider is hidden with such a row.`);
export const ReconciliationRow = zodRow(Reconciliation)
  .extend({
    in_gbp: money('Priced cost of every clean row plus the money on quarantined rows.'),
    attributed_gbp: money('Attributed to episodes of the pathway (activity_attribution).'),
    outside_gbp: money('Outside every episode window of the pathway, summed independently of the attribution.'),
    quarantined_gbp: money('Money on quarantined rows.'),
    n_patients: z.number().int().nullable().describe('Patients with money attributed to an episode of the pathway in this row (0 when none); null when the row is hidden.'),
    suppressed: z.boolean(),
  })
  .meta({ id: 'ReconciliationRow' });
export const ReconciliationPage = page(ReconciliationRow, 'ReconciliationPage');

export const LedgerReconciliationQuery = z.strictObject({ provider: ProviderCode.optional(), month: Month.optional(), ...Pagination });
export type LedgerReconciliationQuery = z.infer<typeof LedgerReconciliationQuery>;
export const LedgerReconciliationRow = zodRow(LedgerReconciliation).meta({ id: 'LedgerReconciliationRow' });
export const LedgerReconciliationPage = page(LedgerReconciliationRow, 'LedgerReconciliationPage');

export const ManifestsQuery = z.strictObject({ ...Pagination });
export type ManifestsQuery = z.infer<typeof ManifestsQuery>;
export const ManifestRow = zodRow(Manifest)
  .omit({ manifest_json: true })
  .extend({ manifest: z.record(z.string(), z.unknown()).describe('The manifest: inputs and checksums, versions, options, durations; its row counts (facts.counts, facts.feed_rows) for the admin role only, as they are never suppressed.') })
  .meta({ id: 'ManifestRow' });
export const ManifestPage = page(ManifestRow, 'ManifestPage');

export const Health = z
  .object({
    status: z.literal('ok'),
    run_id: z.string().describe('Build the server is reading (with built_at, keys the ETags).'),
    built_at: z.string().nullable(),
    engine_version: z.string().nullable(),
    suppression_threshold: SuppressionThreshold,
  })
  .meta({ id: 'Health' });
export type Health = z.infer<typeof Health>;

export const ProvisionalQuery = z.strictObject({ pathway: PathwayId });
export type ProvisionalQuery = z.infer<typeof ProvisionalQuery>;

export const ProvisionalMonth = z
  .object({
    month: z.string().describe('Anchor month (YYYY-MM).'),
    n_episodes: z.number().int().nullable().describe('ICB episodes anchored in the month, as pathway_summary publishes them (null when hidden there).'),
    n_provisional: z.number().int().nullable().describe('Of them, provisional: a feed’s coverage does not reach the window end yet.'),
    provisional_share: z.number().nullable().describe('n_provisional / n_episodes.'),
    suppressed: z.boolean().describe('True when the month is hidden in pathway_summary, or the provisional or the complete episodes number fewer than the suppression threshold (either would give the other away).'),
  })
  .meta({ id: 'ProvisionalMonth' });
export type ProvisionalMonth = z.infer<typeof ProvisionalMonth>;
export const ProvisionalList = z
  .object({ pathway_id: z.string(), items: z.array(ProvisionalMonth).describe('One row per anchor month, oldest first; there is no all-months row (it would be a margin giving a hidden month away).') })
  .meta({ id: 'ProvisionalList' });
