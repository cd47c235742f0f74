import { registerRecordType, uuidsOf } from '../platform/records/record-types.js';
import { selectEditPeople, selectOrder, selectOrderTitles } from './orders.repository.js';
import { registerOrderProcedureHooks } from './orders.procedure.js';
import { registerOrderRecordHooks } from './order-records.service.js';
import { registerOutboxHandler } from '../platform/outbox/outbox.js';
import { insertNotification } from '../notifications/index.js';
import { usersWithRole } from '../procedures/index.js';
import { deliveryPlanText } from './orders.service.js';

export { ordersRoutes } from './orders.routes.js';
export {
  createOrder,
  importOpenOrder,
  getOrder,
  listOrders,
  acknowledgeDeliveryChange,
  attachWrittenOrder,
  reconfirmationPending,
  recordCustomerReconfirmation,
} from './orders.service.js';
export { selectPartyOrderLines, selectOrderLineRefs, selectShipmentRefs } from './orders.repository.js';

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
    fetchTitles: async (db, ids) => new Map((await selectOrderTitles(db, uuidsOf(ids))).map((o) => [o.id, `${o.number} ${o.partyName}`])),
    url: (id) => `/orders/${id}`,
    editPeople: selectEditPeople,
  });
  registerOrderProcedureHooks();
  registerOrderRecordHooks();
  // the delivery plan reported to the VPs [CR 5.5]
  registerOutboxHandler('order.plan-reported', async (db, p) => {
    const o = await selectOrder(db, String(p.orderId));
    if (!o) return;
    const plan = await deliveryPlanText(db, o.id);
    for (const userId of await usersWithRole(db, 'vp', null)) {
      await insertNotification(db, {
        userId,
        refType: 'order',
        refId: o.id,
        messageKey: 'order.planReported',
        params: { title: `${o.number} ${o.partyName}`, plan },
      });
    }
  });
}
export { selectOrderByPo } from './orders.repository.js';

// used by other features
export { askClarification, confirmRequirements, recordReviewMeeting, recordShipment, setDeliveryPlan, setStatutoryItem } from './orders.service.js';
