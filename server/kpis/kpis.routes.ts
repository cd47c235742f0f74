import { z } from 'zod';
import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { Id } from '../../contracts/common.js';
import {
  CreateKpiEventRequest,
  KpiDefinitionList,
  KpiEvent,
  KpiEventList,
  KpiEventQuery,
  KpiQuery,
  KpiRecords,
  KpiRecordsQuery,
  KpiValues,
  Month,
  ProcessIndicators,
  Scorecard,
  SetKpiTargetRequest,
  UpdateKpiEventRequest,
  VoidKpiEventRequest,
} from '../../contracts/kpis.js';
import * as service from './kpis.service.js';
import { kpiReportWorkbook } from './report.js';
import { buildAuditPack } from './audit-pack.js';

const IdParams = z.object({ id: Id });
const KpiParams = z.object({ id: z.string().regex(/^[a-z][a-z0-9-]{0,40}$/) });
const ProcessParams = z.object({ process: z.string().regex(/^[a-z][a-z0-9-]{0,40}$/) });
const PeriodQuery = z.object({ from: Month, to: Month });
const tags = ['kpis'];

export async function kpisRoutes(app: App) {
  const read = { access: { permission: 'kpis.read' as const } };
  const manage = { access: { permission: 'kpis.manage' as const }, record: { anyHolder: 'KPI administration behind kpis.manage' } };
  app.get(
    '/api/kpis',
    {
      config: read,
      schema: {
        tags,
        summary: 'KPI values per month against target (filters: customer, grade, department, process)',
        querystring: KpiQuery,
        response: { 200: KpiValues },
      },
    },
    async (request) => service.kpiValues(app.db, requireAuth(request), request.query),
  );
  app.get(
    '/api/kpis/report.xlsx',
    {
      config: read,
      schema: {
        tags,
        summary: 'The monthly KPI report / management-review input as xlsx (the values of GET /api/kpis, money hidden without prices.read)',
        querystring: KpiQuery,
      },
    },
    async (request, reply) => {
      const f = await kpiReportWorkbook(app.db, requireAuth(request), request.query);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
        .send(f.buf);
    },
  );
  app.get(
    '/api/kpis/definitions',
    { config: read, schema: { tags, summary: 'KPI definitions (kpis/<id>/v<N>.yaml) with the target history', response: { 200: KpiDefinitionList } } },
    async () => service.listDefinitions(app.db),
  );
  app.get(
    '/api/kpis/:id/records',
    {
      config: read,
      schema: {
        tags,
        summary: 'The records a KPI value counts (drill-down), failing ones first',
        params: KpiParams,
        querystring: KpiRecordsQuery,
        response: { 200: KpiRecords },
      },
    },
    async (request) => service.kpiRecords(app.db, requireAuth(request), request.params.id, request.query),
  );
  app.put(
    '/api/kpis/:id/target',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Set the target and warning threshold (a new target version, audited)',
        params: KpiParams,
        body: SetKpiTargetRequest,
        response: { 200: KpiDefinitionList },
      },
    },
    async (request) => service.setTarget(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.get(
    '/api/kpis/processes/:process',
    {
      config: read,
      schema: {
        tags,
        summary: "A process's indicators (the turtle's indicator box): value over the period and target",
        params: ProcessParams,
        querystring: PeriodQuery,
        response: { 200: ProcessIndicators },
      },
    },
    async (request) => service.processIndicators(app.db, requireAuth(request), request.params.process, request.query),
  );
  app.get(
    '/api/customers/:id/scorecard',
    {
      config: read,
      schema: {
        tags,
        summary: "The customer's scorecard: KPIs for the customer and their own rating of us",
        params: IdParams,
        querystring: PeriodQuery,
        response: { 200: Scorecard },
      },
    },
    async (request) => service.scorecard(app.db, requireAuth(request), request.params.id, request.query),
  );
  app.get(
    '/api/customers/:id/audit-pack',
    {
      config: read,
      schema: {
        tags,
        summary:
          "The audit pack of a customer for a period (zip): index page, the records' print forms, communications and audit trail (xlsx), the KPI sheet, a SHA-256 manifest — as the user may see them; audited",
        params: IdParams,
        querystring: PeriodQuery,
      },
    },
    async (request, reply) => {
      const pack = await buildAuditPack(
        app.db,
        requireAuth(request),
        { partyId: request.params.id, ...request.query },
        { locale: request.locale, timeZone: app.config.siteTimeZone, companyName: app.config.companyName },
      );
      return reply
        .header('content-type', 'application/zip')
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(pack.filename)}`)
        .send(pack.stream);
    },
  );
  app.get(
    '/api/kpi-events',
    {
      config: read,
      schema: {
        tags,
        summary: 'Premium freight, special status, notifications, disruptions, customer ratings',
        querystring: KpiEventQuery,
        response: { 200: KpiEventList },
      },
    },
    async (request) => service.listEvents(app.db, request.query),
  );
  app.get('/api/kpi-events/:id', { config: read, schema: { tags, summary: 'A KPI event', params: IdParams, response: { 200: KpiEvent } } }, async (request) =>
    service.getEvent(app.db, request.params.id),
  );
  app.post(
    '/api/kpi-events',
    { config: manage, schema: { tags, summary: 'Record a KPI event (cost needs price visibility)', body: CreateKpiEventRequest, response: { 200: KpiEvent } } },
    async (request) => service.createEvent(app.db, requireAuth(request), request.body),
  );
  app.put(
    '/api/kpi-events/:id',
    { config: manage, schema: { tags, summary: 'Correct a KPI event', params: IdParams, body: UpdateKpiEventRequest, response: { 200: KpiEvent } } },
    async (request) => service.updateEvent(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/kpi-events/:id/void',
    { config: manage, schema: { tags, summary: 'Void a KPI event with a reason', params: IdParams, body: VoidKpiEventRequest, response: { 200: KpiEvent } } },
    async (request) => service.voidEvent(app.db, requireAuth(request), request.params.id, request.body),
  );
}
