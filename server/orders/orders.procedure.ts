import { AppError } from '../platform/http/app-error.js';
import { CreateCommunicationRequest } from '../../contracts/communications.js';
import { channels } from '../../contracts/parties.js';
import { createCommunication } from '../communications/index.js';
import { because, registerEffect, registerGuard, type ProcedureContext, registerPanels } from '../procedures/index.js';
import * as repo from './orders.repository.js';
import { createReconfirmationTask, deliveryPlanText, RECONFIRMATION_TASK } from './orders.service.js';
import { cancelProcedureTasks, completeProcedureTasks } from '../actions/index.js';
import { enqueue } from '../platform/outbox/outbox.js';

/** A refusal in the user's language, naming what on the order is missing. */

async function orderOf(ctx: ProcedureContext) {
  const order = await repo.selectOrder(ctx.tx, ctx.ref.id);
  if (!order) throw new AppError('NOT_FOUND');
  return order;
}

const channelOf = (v: unknown) => ((channels as readonly string[]).includes(String(v)) ? String(v) : 'phone');

/** A communication with the customer about the order, written by a step of the procedure. */
async function logOrderCommunication(
  ctx: ProcedureContext,
  subject: string,
  content: string,
  direction: 'in' | 'out',
  from?: { channel: 'portal'; contactId: string },
) {
  const order = await orderOf(ctx);
  await createCommunication(
    ctx.tx,
    ctx.auth,
    CreateCommunicationRequest.parse({
      partyId: order.partyId,
      channel: from?.channel ?? channelOf(ctx.fields.channel),
      direction,
      topic: 'order',
      occurredAt: new Date().toISOString(),
      contactId: from?.contactId ?? order.contactId,
      subject: `${subject} ${order.number}`.slice(0, 200),
      content,
      links: [{ type: 'order', id: order.id }],
    }),
  );
}

/** Guards and effects the `order` procedure names (procedures/order/v1.yaml). */
export function registerOrderProcedureHooks() {
  // the panels of the order page a step's `view:` may show or open for editing (procedures/*.yaml)
  registerPanels('order', ['lines', 'reviewMeeting', 'reviewWaiver', 'deliveryPlan', 'deliveryChanges', 'shipments', 'statutory']);
  registerGuard('no-open-clarifications', async (ctx) => {
    const open = await repo.countOpenClarifications(ctx.tx, ctx.ref.id);
    return open === 0 || because('order.clarifications', 'ORDER_CLARIFICATIONS_OPEN', { open });
  });
  registerGuard('no-unclear-lines', async (ctx) => {
    const unclear = (await repo.selectLines(ctx.tx, [ctx.ref.id])).find((l) => l.unclear);
    return !unclear || because(`order.lines.${unclear.lineNo - 1}.unclear`, 'ORDER_LINE_UNCLEAR', { lineNo: unclear.lineNo });
  });
  registerGuard('order-is-contract', async (ctx) => {
    const order = await orderOf(ctx);
    return order.type === 'contract' || because('order.type', 'ORDER_IS_CONTINUOUS');
  });
  registerGuard('order-is-continuous', async (ctx) => {
    const order = await orderOf(ctx);
    return order.type === 'continuous' || because('order.type', 'ORDER_IS_CONTRACT');
  });
  // contract → GM or VP; continuous order → the planning director (manager of planning), or GM/VP [QC 3.4]
  registerGuard('approver-matches-order-type', async (ctx) => {
    const order = await orderOf(ctx);
    const { roles, departmentCodes } = ctx.auth;
    const executive = roles.includes('gm') || roles.includes('vp');
    if (order.type === 'contract') return executive || because('order.type', 'ORDER_CONTRACT_APPROVER');
    return executive || (roles.includes('manager') && departmentCodes.includes('planning')) || because('order.type', 'ORDER_CONTINUOUS_APPROVER');
  });
  // an oral order cannot be shipped before the customer's written order is on file [SP 6.1.2]
  registerGuard('written-order-on-file', async (ctx) => {
    const order = await orderOf(ctx);
    return order.writtenOrderOnFile || because('order.writtenOrderOnFile', 'ORDER_NO_WRITTEN_ORDER');
  });

  registerEffect('mark-order-reviewed', async (ctx) => {
    await repo.markOrderReviewed(ctx.tx, ctx.ref.id, ctx.auth.userId, new Date());
  });
  // a verbal order's requirements are confirmed back to the customer before review (standards B 9)
  registerGuard('oral-order-confirmed', async (ctx) => {
    const order = await orderOf(ctx);
    return order.form !== 'oral' || !!order.requirementsConfirmedAt || because('order.requirementsConfirmedAt', 'ORDER_REQUIREMENTS_UNCONFIRMED');
  });
  // a sample or approval sheet as acceptance standard needs the customer's written confirmation before review [QC 4.2.2]
  registerGuard('acceptance-standard-confirmed', async (ctx) => {
    const order = await orderOf(ctx);
    if (order.acceptanceConfirmedAt) return true;
    const line = (await repo.selectLines(ctx.tx, [ctx.ref.id])).find((l) => l.acceptanceBasis !== 'standard');
    return !line || because(`order.lines.${line.lineNo - 1}.acceptanceBasis`, 'ORDER_ACCEPTANCE_UNCONFIRMED', { lineNo: line.lineNo });
  });
  registerGuard('review-waiver-on-file', async (ctx) => {
    const order = await orderOf(ctx);
    return !!order.reviewWaiverAt || because('order.reviewWaiver', 'ORDER_NO_REVIEW_WAIVER');
  });
  registerGuard('delivery-plan-complete', async (ctx) => {
    const lines = await repo.selectLines(ctx.tx, [ctx.ref.id]);
    const dates = await repo.selectDeliveryDates(ctx.tx, ctx.ref.id);
    const missing = lines.find((l) => !dates.some((d) => d.lineId === l.id));
    return !missing || because(`order.lines.${missing.lineNo - 1}.plannedDate`, 'ORDER_LINE_UNPLANNED', { lineNo: missing.lineNo });
  });
  registerGuard('delivery-changes-acknowledged', async (ctx) => {
    const pending = (await repo.selectDeliveryChanges(ctx.tx, ctx.ref.id)).find((c) => !c.customerAckAt);
    return !pending || because('order.deliveryChanges', 'ORDER_DATE_CHANGE_UNACKNOWLEDGED', { lineNo: pending.lineNo, newDate: pending.newDate });
  });
  registerGuard('shipment-recorded', async (ctx) => {
    const shipped = await repo.selectShipments(ctx.tx, ctx.ref.id);
    return shipped.length > 0 || because('order.shipments', 'ORDER_NOTHING_SHIPPED');
  });
  // the plan goes to the customer (a communication on the order); the reconfirmation task is set 2 working days before [CR 5.5, CC 5.7]
  registerEffect('log-delivery-plan-reply', async (ctx) => {
    const plan = await deliveryPlanText(ctx.tx, ctx.ref.id);
    await logOrderCommunication(ctx, '交货计划回复 Delivery plan', `${String(ctx.fields.deliveryPlanReply ?? '')}\n${plan}`.trim(), 'out');
    await createReconfirmationTask(ctx.tx, ctx.auth, ctx.ref.id);
  });
  // the customer's change after approval: their request on file as a communication; the order goes back to
  // intake to be edited and reviewed again [ISO 8.2.4]; a reconfirmation task set for the old plan is moot
  registerEffect('log-change-request', async (ctx) => {
    await logOrderCommunication(ctx, '客户变更要求 Customer change request', String(ctx.fields.changeRequest), 'in');
    await cancelProcedureTasks(
      ctx.tx,
      ctx.auth,
      ctx.ref,
      RECONFIRMATION_TASK,
      `客户变更，订单重新评审 Customer change: the order is reviewed again — ${String(ctx.fields.changeRequest)}`.slice(0, 500),
    );
  });
  // the delivery plan is reported to the VP (交货计划表汇报副总, CR 5.5): a notification to every VP after commit
  registerEffect('report-plan-to-vp', async (ctx) => {
    await enqueue(ctx.tx, 'order.plan-reported', { orderId: ctx.ref.id, actorId: ctx.auth.userId });
  });
  // before shipment, shipping time and specification reconfirmed with the customer and recorded [CC 5.7]
  registerEffect('log-reconfirmation', async (ctx) => {
    // the customer's own reconfirmation (portal): incoming, from that contact
    if (ctx.contact)
      await logOrderCommunication(ctx, '客户出货前再确认 Customer reconfirmation before shipment', String(ctx.fields.reconfirmation), 'in', {
        channel: 'portal',
        contactId: ctx.contact.contactId,
      });
    else await logOrderCommunication(ctx, '出货前再确认 Reconfirmation before shipment', String(ctx.fields.reconfirmation), 'out');
    // the task set when the plan was replied is done by this record
    await completeProcedureTasks(ctx.tx, ctx.auth, ctx.ref, RECONFIRMATION_TASK, String(ctx.fields.reconfirmation));
  });
}
