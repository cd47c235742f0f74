export { portalRoutes } from './portal.routes.js';
export { setPortalConfig } from './portal.service.js';
