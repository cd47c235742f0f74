export { notificationsRoutes, registerNotificationHandlers } from './notifications.routes.js';
export { insertNotification } from './notifications.repository.js';
