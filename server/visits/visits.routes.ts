import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { IdParams } from '../../contracts/common.js';
import { visitRoutes } from '../../contracts/visits.routes.js';
import { implement } from '../platform/http/routes.js';
import { ActionItem } from '../../contracts/actions.js';
import {
  AcknowledgeRequest,
  AddFindingRequest,
  CreateVisitRequest,
  FindingParams,
  InformCustomerRequest,
  RespondFindingRequest,
  UpdateVisitRequest,
  Visit,
  VisitActionRequest,
  VisitList,
  VisitListQuery,
  VisitMinutesRequest,
} from '../../contracts/visits.js';
import { siteToday } from '../actions/index.js';
import * as service from './visits.service.js';

const tags = ['visits'];

export async function visitsRoutes(app: App) {
  const read = { access: { permission: 'visits.read' as const } };
  const write = { access: { permission: 'visits.write' as const } };
  const r = visitRoutes;
  implement(
    app,
    r.list,
    { tags, summary: 'Customer visits and audits, and our visits to customers', config: read, schemas: { querystring: VisitListQuery, response: VisitList } },
    async (request) => service.listVisits(app.db, request.query),
  );
  implement(
    app,
    r.get,
    { tags, summary: 'A visit with its notice, findings and report', config: read, schemas: { params: IdParams, response: Visit } },
    async (request) => service.getVisit(app.db, request.params.id),
  );
  implement(
    app,
    r.create,
    {
      tags,
      summary: 'Plan a visit or audit (starts the customer-visit procedure)',
      config: { ...write, record: { creates: 'visit' } },
      schemas: { body: CreateVisitRequest, response: Visit },
    },
    async (request) => service.createVisit(app.db, requireAuth(request), request.body),
  );
  implement(
    app,
    r.update,
    {
      tags,
      summary: 'Change the plan (while planning)',
      config: { ...write, record: { edits: 'visit' } },
      schemas: { params: IdParams, body: UpdateVisitRequest, response: Visit },
    },
    async (request) => service.updateVisit(app.db, requireAuth(request), request.params.id, request.body),
  );
  implement(
    app,
    r.acknowledge,
    {
      tags,
      summary: 'Acknowledge the visit notice for an addressed department',
      config: { record: { anyHolder: 'an addressed department acknowledges the notice; the service checks the department' }, access: { authenticated: true } },
      schemas: { params: IdParams, body: AcknowledgeRequest, response: Visit },
    },
    async (request) => service.acknowledgeNotice(app.db, requireAuth(request), request.params.id, request.body),
  );
  implement(
    app,
    r.addFinding,
    {
      tags,
      summary: 'Record a finding',
      config: { ...write, record: { edits: 'visit' } },
      schemas: { params: IdParams, body: AddFindingRequest, response: Visit },
    },
    async (request) => service.addFinding(app.db, requireAuth(request), request.params.id, request.body),
  );
  implement(
    app,
    r.respondFinding,
    {
      tags,
      summary: 'Answer a finding',
      config: { ...write, record: { edits: 'visit' } },
      schemas: { params: FindingParams, body: RespondFindingRequest, response: Visit },
    },
    async (request) => service.respondFinding(app.db, requireAuth(request), request.params.id, request.params.findingId, request.body),
  );
  implement(
    app,
    r.minutes,
    {
      tags,
      summary: "Minutes, outcomes and the customer's report",
      config: { ...write, record: { edits: 'visit' } },
      schemas: { params: IdParams, body: VisitMinutesRequest, response: Visit },
    },
    async (request) => service.recordMinutes(app.db, requireAuth(request), request.params.id, request.body),
  );
  implement(
    app,
    r.informCustomer,
    {
      tags,
      summary: 'Inform the customer (a communication linked to the visit)',
      config: { record: { edits: 'visit' }, access: { permission: 'communications.write' } },
      schemas: { params: IdParams, body: InformCustomerRequest, response: Visit },
    },
    async (request) => service.informCustomer(app.db, requireAuth(request), request.params.id, request.body),
  );
  implement(
    app,
    r.addAction,
    {
      tags,
      summary: 'Assign an action (owner and working-day due date)',
      config: { ...write, record: { edits: 'visit' } },
      schemas: { params: IdParams, body: VisitActionRequest, response: ActionItem },
    },
    async (request) => service.addVisitAction(app.db, requireAuth(request), request.params.id, request.body, siteToday(app.config.siteTimeZone)),
  );
}
