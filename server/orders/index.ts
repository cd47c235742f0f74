import { registerRecordType } from '../platform/records/record-types.js';
import { selectOrder } from './orders.repository.js';
import { registerOrderProcedureHooks } from './orders.procedure.js';

export { ordersRoutes } from './orders.routes.js';
export { createOrder, getOrder } from './orders.service.js';

export function registerOrderFeature() {
  registerRecordType({
    type: 'order',
    title: { zh: '客户订单', en: 'Customer order' },
    readPermission: 'orders.read',
    fetchTitle: async (db, id) => {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
      const o = await selectOrder(db, id);
      return o ? `${o.number} ${o.partyName}` : null;
    },
    url: (id) => `/orders/${id}`,
  });
  registerOrderProcedureHooks();
}
