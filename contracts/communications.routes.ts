import { route } from './routes.js';
import type { IdParams, VoidRequest } from './common.js';
import type { Timeline, TimelineQuery } from './platform.js';
import type {
  Communication,
  CommunicationList,
  CommunicationListQuery,
  CompleteFollowUpRequest,
  CreateCommunicationRequest,
  UpdateCommunicationRequest,
} from './communications.js';

/** Communications (沟通记录) and the customer timeline they make: every operation's method and path, once (see routes.ts). */
export const communicationRoutes = {
  list: route<{ querystring: typeof CommunicationListQuery; response: typeof CommunicationList }>()('GET', '/api/communications'),
  create: route<{ body: typeof CreateCommunicationRequest; response: typeof Communication }>()('POST', '/api/communications'),
  get: route<{ params: typeof IdParams; response: typeof Communication }>()('GET', '/api/communications/:id'),
  correct: route<{ params: typeof IdParams; body: typeof UpdateCommunicationRequest; response: typeof Communication }>()('PUT', '/api/communications/:id'),
  void: route<{ params: typeof IdParams; body: typeof VoidRequest; response: typeof Communication }>()('POST', '/api/communications/:id/void'),
  followUpDone: route<{ params: typeof IdParams; body: typeof CompleteFollowUpRequest; response: typeof Communication }>()(
    'POST',
    '/api/communications/:id/follow-up-done',
  ),
  timeline: route<{ params: typeof IdParams; querystring: typeof TimelineQuery; response: typeof Timeline }>()('GET', '/api/customers/:id/timeline'),
};
