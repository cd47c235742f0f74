export { apiTokensRoutes } from './api-tokens.routes.js';
export { resolveBearer } from './api-tokens.service.js';

import { registerRecordType } from '../platform/records/record-types.js';
import * as repo from './api-tokens.repository.js';

export function registerApiTokenFeature() {
  registerRecordType({
    type: 'api-token',
    title: { zh: 'API 令牌', en: 'API token' },
    readPermission: 'users.admin',
    fetchTitle: async (db, id) => (await repo.selectToken(db, id))?.name ?? null,
    url: () => '/account/tokens',
  });
}
