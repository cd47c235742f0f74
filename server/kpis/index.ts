import { registerRecordType } from '../platform/records/record-types.js';
import { selectEvent } from './kpis.repository.js';
import { initKpis } from './kpis.service.js';

export { kpisRoutes } from './kpis.routes.js';
export { kpiValues, kpiRecords, kpiDefinitions, initKpis } from './kpis.service.js';

const isUuid = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

/** After initProcedures: a KPI file names its process, and a broken file stops start-up here. */
export function registerKpiFeature() {
  registerRecordType({
    type: 'kpi-event',
    title: { zh: '指标事件', en: 'KPI event' },
    readPermission: 'kpis.read',
    fetchTitle: async (db, id) => {
      if (!isUuid(id)) return null;
      const e = await selectEvent(db, id);
      return e ? `${e.occurredOn} ${e.partyName}` : null;
    },
    url: () => '/kpis?tab=events',
  });
  initKpis();
}
