import { registerRecordType } from '../platform/records/record-types.js';
import * as repo from './retention.repository.js';

export { retentionRoutes } from './retention.routes.js';

export function registerRetentionRecordTypes() {
  registerRecordType({
    type: 'disposal',
    title: { zh: '记录销毁清单', en: 'Disposal list' },
    readPermission: 'records.manage',
    fetchTitle: async (db, id) => (await repo.selectBatch(db, id))?.number ?? null,
    url: () => '/records',
  });
}
