import { registerRecordType } from '../platform/records/record-types.js';
import { selectEditPeople, selectSheet, selectVendor, selectVendorEditPeople } from './outsourcing.repository.js';
import { registerCuttingSheetHooks } from './outsourcing.procedure.js';

export { outsourcingRoutes } from './outsourcing.routes.js';
export { createVendor, createSheet, listVendors, updateVendor } from './outsourcing.service.js';

const isUuid = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

export function registerOutsourcingFeature() {
  registerRecordType({
    type: 'cutting-sheet',
    title: { zh: '裁剪单', en: 'Cutting sheet' },
    readPermission: 'orders.read',
    fetchTitle: async (db, id) => {
      if (!isUuid(id)) return null;
      const s = await selectSheet(db, id);
      return s ? `${s.number} ${s.model} → ${s.vendorName}` : null;
    },
    url: (id) => `/cutting-sheets/${id}`,
    editPeople: selectEditPeople,
  });
  registerRecordType({
    type: 'vendor',
    title: { zh: '外包加工商', en: 'Vendor' },
    readPermission: 'orders.read',
    fetchTitle: async (db, id) => {
      if (!isUuid(id)) return null;
      const v = await selectVendor(db, id);
      return v ? `${v.code} ${v.nameZh}` : null;
    },
    url: () => '/vendors',
    editPeople: selectVendorEditPeople,
  });
  registerCuttingSheetHooks();
}

// used by other features
export { confirmVendorDelivery } from './outsourcing.service.js';
