import { registerRecordType } from '../platform/records/record-types.js';
import { selectCsr, selectCsrEditPeople, selectProperty, selectPropertyEditPeople } from './registers.repository.js';
import { registerCsrHooks } from './registers.procedure.js';

export { registersRoutes } from './registers.routes.js';
export { createProperty, createCsr } from './registers.service.js';

const isUuid = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

/** Registers [IATF 8.5.3, 4.3.2]: customer property and customer-specific requirements. */
export function registerRegistersFeature() {
  registerRecordType({
    type: 'customer-property',
    title: { zh: '顾客财产', en: 'Customer property' },
    readPermission: 'registers.read',
    fetchTitle: async (db, id) => {
      if (!isUuid(id)) return null;
      const r = await selectProperty(db, id);
      return r ? `${r.number} ${r.description.slice(0, 60)}` : null;
    },
    url: (id) => `/customer-property/${id}`,
    editPeople: selectPropertyEditPeople,
  });
  registerRecordType({
    type: 'csr',
    title: { zh: '顾客特殊要求', en: 'Customer-specific requirement' },
    readPermission: 'registers.read',
    fetchTitle: async (db, id) => {
      if (!isUuid(id)) return null;
      const r = await selectCsr(db, id);
      return r ? `${r.number} ${r.title} ${r.revision}` : null;
    },
    url: (id) => `/csr/${id}`,
    editPeople: selectCsrEditPeople,
  });
  registerCsrHooks();
}
