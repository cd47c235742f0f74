import { route } from './routes.js';
import type { IdParams } from './common.js';
import type { ActionItem } from './actions.js';
import type {
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
} from './visits.js';

/** Customer visits and audits: every operation's method and path, once (see routes.ts). */
export const visitRoutes = {
  list: route<{ querystring: typeof VisitListQuery; response: typeof VisitList }>()('GET', '/api/visits'),
  get: route<{ params: typeof IdParams; response: typeof Visit }>()('GET', '/api/visits/:id'),
  create: route<{ body: typeof CreateVisitRequest; response: typeof Visit }>()('POST', '/api/visits'),
  update: route<{ params: typeof IdParams; body: typeof UpdateVisitRequest; response: typeof Visit }>()('PUT', '/api/visits/:id'),
  acknowledge: route<{ params: typeof IdParams; body: typeof AcknowledgeRequest; response: typeof Visit }>()('POST', '/api/visits/:id/acknowledgements'),
  addFinding: route<{ params: typeof IdParams; body: typeof AddFindingRequest; response: typeof Visit }>()('POST', '/api/visits/:id/findings'),
  respondFinding: route<{ params: typeof FindingParams; body: typeof RespondFindingRequest; response: typeof Visit }>()(
    'POST',
    '/api/visits/:id/findings/:findingId/response',
  ),
  minutes: route<{ params: typeof IdParams; body: typeof VisitMinutesRequest; response: typeof Visit }>()('PUT', '/api/visits/:id/minutes'),
  informCustomer: route<{ params: typeof IdParams; body: typeof InformCustomerRequest; response: typeof Visit }>()('POST', '/api/visits/:id/inform-customer'),
  addAction: route<{ params: typeof IdParams; body: typeof VisitActionRequest; response: typeof ActionItem }>()('POST', '/api/visits/:id/actions'),
};
