import type { App } from './http/types.js';
import { requireAuth } from './http/access.js';
import { AppError } from './http/app-error.js';
import {
  AuditTrail,
  AuditTrailQuery,
  AuditVerification,
  Health,
  Organisation,
  History,
  HistoryParams,
  SearchQuery,
  SearchResult,
} from '../../contracts/platform.js';
import { pingDatabase, selectHistory, verifyAudit } from './audit/index.js';
import { auditTrail } from './audit/trail.js';
import { recordType } from './records/record-types.js';
import { searchRecords } from './search/search.service.js';

export async function platformRoutes(app: App) {
  app.get(
    '/api/organisation',
    {
      config: { access: { authenticated: true } },
      schema: { tags: ['platform'], summary: "The company's name (print headers)", response: { 200: Organisation } },
    },
    async () => ({ name: app.config.companyName }),
  );
  app.get(
    '/api/health',
    { config: { access: { public: true } }, schema: { tags: ['platform'], summary: 'Liveness and database engine', response: { 200: Health } } },
    async () => {
      await pingDatabase(app.db);
      return { status: 'ok' as const, database: app.engine };
    },
  );

  app.get(
    '/api/history/:type/:id',
    {
      config: { access: { authenticated: true } },
      schema: { tags: ['platform'], summary: 'Audit history of a record (who, when, before/after, reason)', params: HistoryParams, response: { 200: History } },
    },
    async (request) => {
      const auth = requireAuth(request);
      const { type, id } = request.params;
      const def = recordType(type);
      if (!def) throw new AppError('UNKNOWN_RECORD_TYPE', [{ path: 'params.type', code: 'unknown' }]);
      if (!auth.permissions.has(def.readPermission)) throw new AppError('FORBIDDEN');
      const related = def.relatedRefs ? await def.relatedRefs(app.db, id) : [];
      const lists = await Promise.all([{ type, id }, ...related].map((ref) => selectHistory(app.db, ref)));
      const entries = lists
        .flat()
        .sort((a, b) => a.id - b.id)
        .map(({ refType, refId, ...e }) => ({
          ...e,
          ref: { type: refType, id: refId },
          id: String(e.id),
          at: e.at.toISOString(),
          actorName: e.actorName ?? null,
        }));
      return { ref: { type, id }, entries };
    },
  );

  app.get(
    '/api/audit/verify',
    {
      config: { access: { permission: 'audit.read' } },
      schema: { tags: ['platform'], summary: 'Recompute the tamper-evident audit chain and name the first broken row', response: { 200: AuditVerification } },
    },
    async () => verifyAudit(app.db),
  );

  app.get(
    '/api/audit/trail',
    {
      config: { access: { permission: 'audit.read' } },
      schema: {
        tags: ['platform'],
        summary: 'The audit trail, newest first, by record type, record, action, person and days (prices and personal data only with the right)',
        querystring: AuditTrailQuery,
        response: { 200: AuditTrail },
      },
    },
    async (request) => auditTrail(app.db, request.query),
  );

  app.get(
    '/api/search',
    {
      config: { access: { authenticated: true } },
      schema: {
        tags: ['platform'],
        summary: 'Global search (Chinese and English) over what you may see',
        querystring: SearchQuery,
        response: { 200: SearchResult },
      },
    },
    async (request) => {
      const { q, types, limit } = request.query;
      return searchRecords(
        app.db,
        requireAuth(request),
        q,
        types
          ? types
              .split(',')
              .map((t) => t.trim())
              .filter(Boolean)
          : null,
        limit,
      );
    },
  );
}
