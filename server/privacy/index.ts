export { privacyRoutes } from './privacy.routes.js';
export { logPersonalDataViews, personalDataShown, ERASED, ERASED_NAME } from './privacy.service.js';
