import { route } from './routes.js';
import type { IdParams, Ok } from './common.js';
import type { NotificationList } from './notifications.js';

/** My notifications (the bell): every operation's method and path, once (see routes.ts). */
export const notificationRoutes = {
  list: route<{ response: typeof NotificationList }>()('GET', '/api/notifications'),
  markRead: route<{ params: typeof IdParams; response: typeof Ok }>()('POST', '/api/notifications/:id/read'),
};
