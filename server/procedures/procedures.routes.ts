import { z } from 'zod';
import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { AppError } from '../platform/http/app-error.js';
import { Id, Localized } from '../../contracts/common.js';
import {
  InstanceList,
  InstanceQuery,
  InstanceView,
  PauseClockRequest,
  ProcedureDefinition,
  ProcedureList,
  ResumeClockRequest,
  SignoffRequest,
  TransitionRequest,
} from '../../contracts/procedures.js';
import { recordType } from '../platform/records/record-types.js';
import { selectDepartments } from '../identity/index.js';
import { allDefinitions, definitionVersion, latestDefinition } from './catalogue.js';
import { procedureBpmn } from './bpmn.js';
import * as engine from './engine.service.js';
import * as repo from './procedures.repository.js';

const tags = ['procedures'];
const ProcedureParams = z.object({ id: z.string().min(1).max(60) });
const VersionQuery = z.object({ version: z.coerce.number().int().positive().optional() });
const InstanceParams = z.object({ id: Id });

const StepCounts = z.object({ stepId: z.string(), open: z.int(), dueSoon: z.int(), overdue: z.int() });
const DiagramCounts = z.object({ procedureId: z.string(), steps: z.array(StepCounts), departments: z.record(z.string(), Localized) });
const StepRecords = z.object({
  items: z.array(z.object({ instanceId: z.string(), ref: z.object({ type: z.string(), id: z.string() }), title: z.string(), url: z.string(), startedAt: z.string(), dueAt: z.string().nullable(), assigneeName: z.string().nullable() })),
});

/** A record's instances are readable by whoever may read the record. */
function assertCanReadRecord(permissions: ReadonlySet<string>, type: string) {
  const def = recordType(type);
  if (!def) throw new AppError('UNKNOWN_RECORD_TYPE', [{ path: 'query.refType', code: 'unknown' }]);
  if (!permissions.has(def.readPermission)) throw new AppError('FORBIDDEN');
}

export async function proceduresRoutes(app: App) {
  app.get('/api/procedures', { config: { access: { authenticated: true } }, schema: { tags, summary: 'Procedure definitions', response: { 200: ProcedureList } } }, async () => ({
    items: allDefinitions().map(({ latest, versions }) => ({ id: latest.id, version: latest.version, versions, documentNo: latest.documentNo, title: latest.title, recordType: latest.recordType })),
  }));

  app.get(
    '/api/procedures/:id',
    { config: { access: { authenticated: true } }, schema: { tags, summary: 'A procedure definition (latest, or ?version=N)', params: ProcedureParams, querystring: VersionQuery, response: { 200: ProcedureDefinition } } },
    async (request) => (request.query.version ? definitionVersion(request.params.id, request.query.version) : latestDefinition(request.params.id)),
  );

  app.get(
    '/api/procedures/:id/bpmn',
    { config: { access: { authenticated: true } }, schema: { tags, summary: 'BPMN 2.0 XML export (lanes per department)', params: ProcedureParams, querystring: VersionQuery } },
    async (request, reply) => {
      const def = request.query.version ? definitionVersion(request.params.id, request.query.version) : latestDefinition(request.params.id);
      const names = new Map((await selectDepartments(app.db)).map((d) => [d.code, `${d.nameZh} / ${d.nameEn}`]));
      reply
        .type('application/xml; charset=utf-8')
        .header('content-disposition', `attachment; filename="${def.id}-v${def.version}.bpmn"`);
      return procedureBpmn(def, (code) => names.get(code) ?? code);
    },
  );

  app.get(
    '/api/procedures/:id/counts',
    { config: { access: { authenticated: true } }, schema: { tags, summary: 'Open records per step (open, due within 24 h, overdue) and department names', params: ProcedureParams, response: { 200: DiagramCounts } } },
    async (request) => {
      const def = latestDefinition(request.params.id);
      const counts = await repo.countByStep(app.db, def.id, new Date());
      const departments = Object.fromEntries((await selectDepartments(app.db)).map((d) => [d.code, { zh: d.nameZh, en: d.nameEn }]));
      return {
        procedureId: def.id,
        steps: def.steps.map((s) => {
          const c = counts.find((x) => x.state === s.id);
          return { stepId: s.id, open: c?.open ?? 0, dueSoon: c?.due_soon ?? 0, overdue: c?.overdue ?? 0 };
        }),
        departments,
      };
    },
  );

  app.get(
    '/api/procedures/:id/steps/:stepId/records',
    { config: { access: { authenticated: true } }, schema: { tags, summary: 'Open records at a step', params: z.object({ id: z.string().max(60), stepId: z.string().max(60) }), response: { 200: StepRecords } } },
    async (request) => {
      const auth = requireAuth(request);
      const def = latestDefinition(request.params.id);
      assertCanReadRecord(auth.permissions, def.recordType);
      const found = await repo.selectInstancesAtStep(app.db, def.id, request.params.stepId);
      const type = recordType(def.recordType)!;
      return {
        items: await Promise.all(
          found.map(async (r) => ({
            instanceId: r.id,
            ref: { type: r.ref_type, id: r.ref_id },
            title: (await type.fetchTitle(app.db, r.ref_id)) ?? r.ref_id,
            url: type.url(r.ref_id),
            startedAt: new Date(r.started_at).toISOString(),
            dueAt: r.due_at ? new Date(r.due_at).toISOString() : null,
            assigneeName: r.assignee_name,
          })),
        ),
      };
    },
  );

  app.get(
    '/api/procedure-instances',
    { config: { access: { authenticated: true } }, schema: { tags, summary: "A record's procedures: where it stands, its deadline, my actions", querystring: InstanceQuery, response: { 200: InstanceList } } },
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
    '/api/procedure-instances/:id',
    { config: { access: { authenticated: true } }, schema: { tags, summary: 'A procedure instance', params: InstanceParams, response: { 200: InstanceView } } },
    async (request) => withInstance(requireAuth(request), request.params.id),
  );
  app.post(
    '/api/procedure-instances/:id/transitions',
    { config: { access: { authenticated: true } }, schema: { tags, summary: 'Perform an action (transition)', params: InstanceParams, body: TransitionRequest, response: { 200: InstanceView } } },
    async (request) => {
      const auth = requireAuth(request);
      await withInstance(auth, request.params.id);
      return engine.performTransition(app.db, auth, request.params.id, request.body);
    },
  );
  app.post(
    '/api/procedure-instances/:id/signoffs',
    { config: { access: { authenticated: true } }, schema: { tags, summary: "Sign off for a department (parallel review)", params: InstanceParams, body: SignoffRequest, response: { 200: InstanceView } } },
    async (request) => {
      const auth = requireAuth(request);
      await withInstance(auth, request.params.id);
      return engine.signOff(app.db, auth, request.params.id, request.body);
    },
  );
  app.post(
    '/api/procedure-instances/:id/clock/pause',
    { config: { access: { authenticated: true } }, schema: { tags, summary: "Pause the step's clock with a reason", params: InstanceParams, body: PauseClockRequest, response: { 200: InstanceView } } },
    async (request) => {
      const auth = requireAuth(request);
      await withInstance(auth, request.params.id);
      return engine.pauseClock(app.db, auth, request.params.id, request.body);
    },
  );
  app.post(
    '/api/procedure-instances/:id/clock/resume',
    { config: { access: { authenticated: true } }, schema: { tags, summary: "Resume the step's clock", params: InstanceParams, body: ResumeClockRequest, response: { 200: InstanceView } } },
    async (request) => {
      const auth = requireAuth(request);
      await withInstance(auth, request.params.id);
      return engine.resumeClock(app.db, auth, request.params.id, request.body);
    },
  );
}
