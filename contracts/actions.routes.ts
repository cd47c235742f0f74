import { route } from './routes.js';
import type { IdParams } from './common.js';
import type {
  ActionItem,
  ActionList,
  ActionListQuery,
  CancelActionRequest,
  ClaimActionRequest,
  CompleteActionRequest,
  CreateActionRequest,
  UpdateActionRequest,
  VerifyActionRequest,
} from './actions.js';

/** Action items (措施项): every operation's method and path, once (see routes.ts). */
export const actionRoutes = {
  list: route<{ querystring: typeof ActionListQuery; response: typeof ActionList }>()('GET', '/api/actions'),
  get: route<{ params: typeof IdParams; response: typeof ActionItem }>()('GET', '/api/actions/:id'),
  create: route<{ body: typeof CreateActionRequest; response: typeof ActionItem }>()('POST', '/api/actions'),
  update: route<{ params: typeof IdParams; body: typeof UpdateActionRequest; response: typeof ActionItem }>()('PUT', '/api/actions/:id'),
  claim: route<{ params: typeof IdParams; body: typeof ClaimActionRequest; response: typeof ActionItem }>()('POST', '/api/actions/:id/claim'),
  complete: route<{ params: typeof IdParams; body: typeof CompleteActionRequest; response: typeof ActionItem }>()('POST', '/api/actions/:id/complete'),
  verify: route<{ params: typeof IdParams; body: typeof VerifyActionRequest; response: typeof ActionItem }>()('POST', '/api/actions/:id/verify'),
  cancel: route<{ params: typeof IdParams; body: typeof CancelActionRequest; response: typeof ActionItem }>()('POST', '/api/actions/:id/cancel'),
};
