import { z } from 'zod';
import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { Id } from '../../contracts/common.js';
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

const IdParams = z.object({ id: Id });
const tags = ['visits'];

export async function visitsRoutes(app: App) {
  const read = { access: { permission: 'visits.read' as const } };
  const write = { access: { permission: 'visits.write' as const } };
  app.get('/api/visits', { config: read, schema: { tags, summary: 'Customer visits and audits, and our visits to customers', querystring: VisitListQuery, response: { 200: VisitList } } }, async (request) =>
    service.listVisits(app.db, request.query),
  );
  app.get('/api/visits/:id', { config: read, schema: { tags, summary: 'A visit with its notice, findings and report', params: IdParams, response: { 200: Visit } } }, async (request) =>
    service.getVisit(app.db, request.params.id),
  );
  app.post('/api/visits', { config: { ...write, record: { creates: 'visit' } }, schema: { tags, summary: 'Plan a visit or audit (starts the customer-visit procedure)', body: CreateVisitRequest, response: { 200: Visit } } }, async (request) =>
    service.createVisit(app.db, requireAuth(request), request.body),
  );
  app.put('/api/visits/:id', { config: { ...write, record: { edits: 'visit' } }, schema: { tags, summary: 'Change the plan (while planning)', params: IdParams, body: UpdateVisitRequest, response: { 200: Visit } } }, async (request) =>
    service.updateVisit(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/visits/:id/acknowledgements',
    { config: { record: { anyHolder: 'an addressed department acknowledges the notice; the service checks the department' }, access: { authenticated: true } }, schema: { tags, summary: 'Acknowledge the visit notice for an addressed department', params: IdParams, body: AcknowledgeRequest, response: { 200: Visit } } },
    async (request) => service.acknowledgeNotice(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post('/api/visits/:id/findings', { config: { ...write, record: { edits: 'visit' } }, schema: { tags, summary: 'Record a finding', params: IdParams, body: AddFindingRequest, response: { 200: Visit } } }, async (request) =>
    service.addFinding(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/visits/:id/findings/:findingId/response',
    { config: { ...write, record: { edits: 'visit' } }, schema: { tags, summary: 'Answer a finding', params: FindingParams, body: RespondFindingRequest, response: { 200: Visit } } },
    async (request) => service.respondFinding(app.db, requireAuth(request), request.params.id, request.params.findingId, request.body),
  );
  app.put('/api/visits/:id/minutes', { config: { ...write, record: { edits: 'visit' } }, schema: { tags, summary: "Minutes, outcomes and the customer's report", params: IdParams, body: VisitMinutesRequest, response: { 200: Visit } } }, async (request) =>
    service.recordMinutes(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/visits/:id/inform-customer',
    { config: { record: { edits: 'visit' }, access: { permission: 'communications.write' } }, schema: { tags, summary: 'Inform the customer (a communication linked to the visit)', params: IdParams, body: InformCustomerRequest, response: { 200: Visit } } },
    async (request) => service.informCustomer(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post('/api/visits/:id/actions', { config: { ...write, record: { edits: 'visit' } }, schema: { tags, summary: 'Assign an action (owner and working-day due date)', params: IdParams, body: VisitActionRequest, response: { 200: ActionItem } } }, async (request) =>
    service.addVisitAction(app.db, requireAuth(request), request.params.id, request.body, siteToday(app.config.siteTimeZone)),
  );
}
