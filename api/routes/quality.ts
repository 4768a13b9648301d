// GET /api/data-quality, /api/reconciliation, /api/ledger-reconciliation, /api/provisional and /api/manifests
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { DataQualityPage, DataQualityQuery, LedgerReconciliationPage, LedgerReconciliationQuery, ManifestPage, ManifestsQuery, ProvisionalList, ProvisionalQuery, ReconciliationPage, ReconciliationQuery } from '../../schemas/api/quality.ts';
import { KEYED } from '../openapi.ts';
import { listProvisional } from '../repositories/provisional.ts';
import { listDataQuality, listLedgerReconciliation, listManifests, listReconciliation } from '../repositories/quality.ts';
import { KEYED_ERRORS, errors } from './common.ts';

export const qualityRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/data-quality',
    { schema: { tags: ['quality'], summary: 'Data-quality checks per feed and month', security: KEYED, querystring: DataQualityQuery, response: { 200: DataQualityPage, ...errors(...KEYED_ERRORS) } } },
    (req) => listDataQuality(req.build.db, req.query, req.build.info.suppression_threshold),
  );
  app.get(
    '/api/reconciliation',
    { config: { providers: 'activity' }, schema: { tags: ['quality'], summary: 'Every input pound accounted for, per pathway × feed × provider × month', security: KEYED, querystring: ReconciliationQuery, response: { 200: ReconciliationPage, ...errors(...KEYED_ERRORS, 404) } } },
    (req) => listReconciliation(req.build.db, req.query, req.build.info.suppression_threshold),
  );
  app.get(
    '/api/ledger-reconciliation',
    { config: { providers: 'ledger' }, schema: { tags: ['quality'], summary: "Supplied patient-level cost against each provider's cost ledger, per provider × month", security: KEYED, querystring: LedgerReconciliationQuery, response: { 200: LedgerReconciliationPage, ...errors(...KEYED_ERRORS, 404) } } },
    (req) => listLedgerReconciliation(req.build.db, req.query),
  );
  app.get(
    '/api/provisional',
    { schema: { tags: ['quality'], summary: 'Share of the ICB’s episodes still provisional, per anchor month', security: KEYED, querystring: ProvisionalQuery, response: { 200: ProvisionalList, ...errors(...KEYED_ERRORS, 404) } } },
    (req) => listProvisional(req.build.db, req.query, req.build.info.suppression_threshold),
  );
  app.get(
    '/api/manifests',
    // the body depends on the caller's role (admins get the row counts): no shared cache
    { config: { cache: false }, schema: { tags: ['quality'], summary: 'Run manifests, newest first (the row counts for admins only)', security: KEYED, querystring: ManifestsQuery, response: { 200: ManifestPage, ...errors(...KEYED_ERRORS) } } },
    (req) => listManifests(req.build.db, req.query, req.principal?.role === 'admin'),
  );
};
