import { z } from 'zod';
import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { AppError } from '../platform/http/app-error.js';
import { Id } from '../../contracts/common.js';
import {
  InstanceList,
  InstanceQuery,
  InstanceView,
  DiagramCounts,
  DueRecords,
  PauseClockRequest,
  ProcedureParams,
  ProcedureReport,
  ProcedureReportQuery,
  StepRecords,
  StepRecordsParams,
  VersionQuery,
  DefinitionQuery,
  ProcedureDefinition,
  ProcedureList,
  ResumeClockRequest,
  SignoffRequest,
  TransitionRequest,
} from '../../contracts/procedures.js';
import { recordType } from '../platform/records/record-types.js';
import { selectDepartments } from '../identity/index.js';
import { allDefinitions, definitionDigest, definitionVersion, latestDefinition } from './catalogue.js';
import { cachedJson } from '../platform/http/etag.js';
import { procedureBpmn } from './bpmn.js';
import * as engine from './engine.service.js';
import * as reports from './reports.service.js';

const tags = ['procedures'];
const InstanceParams = z.object({ id: Id });

/** A record's instances are readable by whoever may read the record. */
function assertCanReadRecord(permissions: ReadonlySet<string>, type: string) {
  const def = recordType(type);
  if (!def) throw new AppError('UNKNOWN_RECORD_TYPE', [{ path: 'query.refType', code: 'unknown' }]);
  if (!permissions.has(def.readPermission)) throw new AppError('FORBIDDEN');
}

export async function proceduresRoutes(app: App) {
  // Definitions change only with a release: the list is revalidated (ETag → 304), a version named with its digest is
  // immutable, so a page reload asks for the list once and takes every definition from the browser's cache.
  const list = () => ({
    items: allDefinitions().map(({ latest, versions, digests }) => ({
      id: latest.id,
      version: latest.version,
      versions,
      digests,
      documentNo: latest.documentNo,
      title: latest.title,
      recordType: latest.recordType,
    })),
  });
  app.get(
    '/api/procedures',
    { config: { access: { authenticated: true } }, schema: { tags, summary: 'Procedure definitions (ETag; revalidate)', response: { 200: ProcedureList } } },
    async (request, reply) => cachedJson(request, reply, list(), 'revalidate'),
  );

  app.get(
    '/api/procedures/:id',
    {
      config: { access: { authenticated: true } },
      schema: {
        tags,
        summary: 'A procedure definition (latest, or ?version=N; with &digest=D from the list it is immutable)',
        params: ProcedureParams,
        querystring: DefinitionQuery,
        response: { 200: ProcedureDefinition },
      },
    },
    async (request, reply) => {
      const def = definitionOf(request.params.id, request.query.version);
      const digest = definitionDigest(def);
      const immutable = request.query.version !== undefined && request.query.digest === digest;
      return cachedJson(request, reply, def, immutable ? 'immutable' : 'revalidate', digest);
    },
  );

  app.get(
    '/api/procedures/:id/bpmn',
    {
      config: { access: { authenticated: true } },
      schema: { tags, summary: 'BPMN 2.0 XML export (lanes per department)', params: ProcedureParams, querystring: VersionQuery },
    },
    async (request, reply) => {
      const def = definitionOf(request.params.id, request.query.version);
      const names = new Map((await selectDepartments(app.db)).map((d) => [d.code, `${d.nameZh} / ${d.nameEn}`]));
      reply.type('application/xml; charset=utf-8').header('content-disposition', `attachment; filename="${def.id}-v${def.version}.bpmn"`);
      return procedureBpmn(def, (code) => names.get(code) ?? code);
    },
  );

  const definitionOf = (id: string, version?: number) => (version ? definitionVersion(id, version) : latestDefinition(id));

  app.get(
    '/api/procedures/:id/counts',
    {
      config: { access: { authenticated: true } },
      schema: {
        tags,
        summary: 'Open records per step (open, due within 24 h, overdue) and department names',
        params: ProcedureParams,
        querystring: VersionQuery,
        response: { 200: DiagramCounts },
      },
    },
    async (request) => reports.diagramCounts(app.db, definitionOf(request.params.id, request.query.version), request.query.version ?? null),
  );

  app.get(
    '/api/procedures/:id/steps/:stepId/records',
    {
      config: { access: { authenticated: true } },
      schema: { tags, summary: 'Open records at a step', params: StepRecordsParams, querystring: VersionQuery, response: { 200: StepRecords } },
    },
    async (request) => {
      const def = definitionOf(request.params.id, request.query.version);
      assertCanReadRecord(requireAuth(request).permissions, def.recordType);
      return reports.stepRecords(app.db, def, request.query.version ?? null, request.params.stepId);
    },
  );

  app.get(
    '/api/procedures/:id/report',
    {
      config: { access: { authenticated: true } },
      schema: {
        tags,
        summary: 'Time in each step over a period: gross, net of pauses, on time',
        params: ProcedureParams,
        querystring: ProcedureReportQuery,
        response: { 200: ProcedureReport },
      },
    },
    async (request) => {
      const def = latestDefinition(request.params.id);
      assertCanReadRecord(requireAuth(request).permissions, def.recordType);
      return reports.procedureReport(app.db, def, request.query);
    },
  );

  app.get(
    '/api/procedure-instances',
    {
      config: { access: { authenticated: true } },
      schema: {
        tags,
        summary: "A record's procedures: where it stands, its deadline, my actions",
        querystring: InstanceQuery,
        response: { 200: InstanceList },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      assertCanReadRecord(auth.permissions, request.query.refType);
      return engine.instancesOf(app.db, auth, { type: request.query.refType, id: request.query.refId });
    },
  );

  const withInstance = async (auth: ReturnType<typeof requireAuth>, id: string) => {
    const view = await engine.getInstance(app.db, auth, id);
    assertCanReadRecord(auth.permissions, view.ref.type);
    return view;
  };

  app.get(
    '/api/procedure-instances/due',
    {
      config: { access: { authenticated: true } },
      schema: { tags, summary: 'Open steps overdue or due within 24 h, across every procedure whose records I may read', response: { 200: DueRecords } },
    },
    async (request) => {
      const permissions = requireAuth(request).permissions;
      const readable = allDefinitions().filter(({ latest }) => permissions.has(recordType(latest.recordType)?.readPermission ?? '\0'));
      return reports.dueRecords(
        app.db,
        readable.map(({ latest }) => latest.id),
      );
    },
  );

  app.get(
    '/api/procedure-instances/:id',
    { config: { access: { authenticated: true } }, schema: { tags, summary: 'A procedure instance', params: InstanceParams, response: { 200: InstanceView } } },
    async (request) => withInstance(requireAuth(request), request.params.id),
  );
  app.post(
    '/api/procedure-instances/:id/transitions',
    {
      config: {
        record: { anyHolder: 'the procedure engine checks the lane and role of the step' },
        access: { authenticated: true },
        tokenScope: { instanceParam: 'id' },
      },
      schema: { tags, summary: 'Perform an action (transition)', params: InstanceParams, body: TransitionRequest, response: { 200: InstanceView } },
    },
    async (request) => {
      const auth = requireAuth(request);
      await withInstance(auth, request.params.id);
      return engine.performTransition(app.db, auth, request.params.id, request.body);
    },
  );
  app.post(
    '/api/procedure-instances/:id/signoffs',
    {
      config: {
        record: { anyHolder: 'the procedure engine checks the sign-off department' },
        access: { authenticated: true },
        tokenScope: { instanceParam: 'id' },
      },
      schema: { tags, summary: 'Sign off for a department (parallel review)', params: InstanceParams, body: SignoffRequest, response: { 200: InstanceView } },
    },
    async (request) => {
      const auth = requireAuth(request);
      await withInstance(auth, request.params.id);
      return engine.signOff(app.db, auth, request.params.id, request.body);
    },
  );
  app.post(
    '/api/procedure-instances/:id/clock/pause',
    {
      config: {
        record: { anyHolder: 'the procedure engine checks the lane and role of the step' },
        access: { authenticated: true },
        tokenScope: { instanceParam: 'id' },
      },
      schema: { tags, summary: "Pause the step's clock with a reason", params: InstanceParams, body: PauseClockRequest, response: { 200: InstanceView } },
    },
    async (request) => {
      const auth = requireAuth(request);
      await withInstance(auth, request.params.id);
      return engine.pauseClock(app.db, auth, request.params.id, request.body);
    },
  );
  app.post(
    '/api/procedure-instances/:id/clock/resume',
    {
      config: {
        record: { anyHolder: 'the procedure engine checks the lane and role of the step' },
        access: { authenticated: true },
        tokenScope: { instanceParam: 'id' },
      },
      schema: { tags, summary: "Resume the step's clock", params: InstanceParams, body: ResumeClockRequest, response: { 200: InstanceView } },
    },
    async (request) => {
      const auth = requireAuth(request);
      await withInstance(auth, request.params.id);
      return engine.resumeClock(app.db, auth, request.params.id, request.body);
    },
  );
}
