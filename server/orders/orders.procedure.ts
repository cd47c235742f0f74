import { AppError, type FieldError } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { CreateCommunicationRequest } from '../../contracts/communications.js';
import { channels } from '../../contracts/parties.js';
import { createCommunication } from '../communications/index.js';
import { registerEffect, registerGuard, type ProcedureContext, registerPanels } from '../procedures/index.js';
import * as repo from './orders.repository.js';
import { createReconfirmationTask, deliveryPlanText, RECONFIRMATION_TASK } from './orders.service.js';
import { cancelProcedureTasks, completeProcedureTasks } from '../actions/index.js';
import { enqueue } from '../platform/outbox/outbox.js';

/** A refusal in the user's language, naming what on the order is missing. */
const refuse = (auth: AuthContext, path: string, code: string, zh: string, en: string): FieldError => ({ path, code, message: auth.locale === 'zh-CN' ? zh : en });

async function orderOf(ctx: ProcedureContext) {
  const order = await repo.selectOrder(ctx.tx, ctx.ref.id);
  if (!order) throw new AppError('NOT_FOUND');
  return order;
}

const channelOf = (v: unknown) => ((channels as readonly string[]).includes(String(v)) ? String(v) : 'phone');

/** A communication with the customer about the order, written by a step of the procedure. */
async function logOrderCommunication(ctx: ProcedureContext, subject: string, content: string, direction: 'in' | 'out') {
  const order = await orderOf(ctx);
  await createCommunication(
    ctx.tx,
    ctx.auth,
    CreateCommunicationRequest.parse({
      partyId: order.partyId,
      channel: channelOf(ctx.fields.channel),
      direction,
      topic: 'order',
      occurredAt: new Date().toISOString(),
      contactId: order.contactId,
      subject: `${subject} ${order.number}`.slice(0, 200),
      content,
      links: [{ type: 'order', id: order.id }],
    }),
  );
}

/** Guards and effects the `order` procedure names (procedures/order/v1.yaml). */
export function registerOrderProcedureHooks() {
  // the panels of the order page a step's `view:` may show or open for editing (procedures/*.yaml)
  registerPanels('order', ['lines', 'reviewMeeting', 'reviewWaiver', 'deliveryPlan', 'deliveryChanges', 'shipments']);
  registerGuard('no-open-clarifications', async (ctx) => {
    const open = await repo.countOpenClarifications(ctx.tx, ctx.ref.id);
    return open === 0 || refuse(ctx.auth, 'order.clarifications', 'open', `还有 ${open} 项澄清未得到客户答复。`, `${open} clarification(s) still wait for the customer's answer.`);
  });
  registerGuard('no-unclear-lines', async (ctx) => {
    const unclear = (await repo.selectLines(ctx.tx, [ctx.ref.id])).find((l) => l.unclear);
    return !unclear || refuse(ctx.auth, `order.lines.${unclear.lineNo - 1}.unclear`, 'unclear', `第 ${unclear.lineNo} 行仍标记为不清楚，须先与客户澄清。`, `Line ${unclear.lineNo} is still marked unclear; clarify it with the customer first.`);
  });
  registerGuard('order-is-contract', async (ctx) => {
    const order = await orderOf(ctx);
    return order.type === 'contract' || refuse(ctx.auth, 'order.type', 'continuous', '这是连续订单，应走连续订单评审。', 'This is a continuous order: it takes the continuous-order review.');
  });
  registerGuard('order-is-continuous', async (ctx) => {
    const order = await orderOf(ctx);
    return order.type === 'continuous' || refuse(ctx.auth, 'order.type', 'contract', '这是合同，须经各部门合同评审。', 'This is a contract: it takes the full contract review.');
  });
  // contract → GM or VP; continuous order → the planning director (manager of planning), or GM/VP [QC 3.4]
  registerGuard('approver-matches-order-type', async (ctx) => {
    const order = await orderOf(ctx);
    const { roles, departmentCodes } = ctx.auth;
    const executive = roles.includes('gm') || roles.includes('vp');
    if (order.type === 'contract') return executive || refuse(ctx.auth, 'order.type', 'approver', '合同须由总经理或副总批准。', 'A contract is approved by the GM or a VP.');
    return executive || (roles.includes('manager') && departmentCodes.includes('planning')) || refuse(ctx.auth, 'order.type', 'approver', '连续订单由生产计划总监批准。', 'A continuous order is approved by the planning director.');
  });
  // an oral order cannot be shipped before the customer's written order is on file [SP 6.1.2]
  registerGuard('written-order-on-file', async (ctx) => {
    const order = await orderOf(ctx);
    return order.writtenOrderOnFile || refuse(ctx.auth, 'order.writtenOrderOnFile', 'missing', '口头订单须在交货前补回客户的书面订单。', 'An oral order needs the customer’s written order on file before it ships.');
  });

  registerEffect('mark-order-reviewed', async (ctx) => {
    await repo.markOrderReviewed(ctx.tx, ctx.ref.id, ctx.auth.userId, new Date());
  });
  // a verbal order's requirements are confirmed back to the customer before review (standards B 9)
  registerGuard('oral-order-confirmed', async (ctx) => {
    const order = await orderOf(ctx);
    return order.form !== 'oral' || !!order.requirementsConfirmedAt || refuse(ctx.auth, 'order.requirementsConfirmedAt', 'missing', '口头订单须先与客户确认订单要求并记录。', "An oral order's requirements must be confirmed with the customer and recorded first.");
  });
  // a sample or approval sheet as acceptance standard needs the customer's written confirmation before review [QC 4.2.2]
  registerGuard('acceptance-standard-confirmed', async (ctx) => {
    const order = await orderOf(ctx);
    if (order.acceptanceConfirmedAt) return true;
    const line = (await repo.selectLines(ctx.tx, [ctx.ref.id])).find((l) => l.acceptanceBasis !== 'standard');
    return !line || refuse(ctx.auth, `order.lines.${line.lineNo - 1}.acceptanceBasis`, 'unconfirmed', `第 ${line.lineNo} 行以样板/承认书为接收标准，须先有客户的书面确认。`, `Line ${line.lineNo} is accepted against a sample / approval sheet: the customer's written confirmation is needed first.`);
  });
  registerGuard('review-waiver-on-file', async (ctx) => {
    const order = await orderOf(ctx);
    return !!order.reviewWaiverAt || refuse(ctx.auth, 'order.reviewWaiver', 'missing', '须先登记客户授权免评审的书面文件。', "Record the customer's written waiver of review first.");
  });
  registerGuard('delivery-plan-complete', async (ctx) => {
    const lines = await repo.selectLines(ctx.tx, [ctx.ref.id]);
    const dates = await repo.selectDeliveryDates(ctx.tx, ctx.ref.id);
    const missing = lines.find((l) => !dates.some((d) => d.lineId === l.id));
    return !missing || refuse(ctx.auth, `order.lines.${missing.lineNo - 1}.plannedDate`, 'missing', `第 ${missing.lineNo} 行还没有交货计划日期。`, `Line ${missing.lineNo} has no planned delivery date yet.`);
  });
  registerGuard('delivery-changes-acknowledged', async (ctx) => {
    const pending = (await repo.selectDeliveryChanges(ctx.tx, ctx.ref.id)).find((c) => !c.customerAckAt);
    return !pending || refuse(ctx.auth, 'order.deliveryChanges', 'unacknowledged', `第 ${pending.lineNo} 行的交期变更（${pending.newDate}）尚未得到客户确认。`, `The date change of line ${pending.lineNo} (${pending.newDate}) is not yet acknowledged by the customer.`);
  });
  registerGuard('shipment-recorded', async (ctx) => {
    const shipped = await repo.selectShipments(ctx.tx, ctx.ref.id);
    return shipped.length > 0 || refuse(ctx.auth, 'order.shipments', 'missing', '请先登记出货数量。', 'Record the quantities shipped first.');
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
    await cancelProcedureTasks(ctx.tx, ctx.auth, ctx.ref, RECONFIRMATION_TASK, `客户变更，订单重新评审 Customer change: the order is reviewed again — ${String(ctx.fields.changeRequest)}`.slice(0, 500));
  });
  // the delivery plan is reported to the VP (交货计划表汇报副总, CR 5.5): a notification to every VP after commit
  registerEffect('report-plan-to-vp', async (ctx) => {
    await enqueue(ctx.tx, 'order.plan-reported', { orderId: ctx.ref.id, actorId: ctx.auth.userId });
  });
  // before shipment, shipping time and specification reconfirmed with the customer and recorded [CC 5.7]
  registerEffect('log-reconfirmation', async (ctx) => {
    await logOrderCommunication(ctx, '出货前再确认 Reconfirmation before shipment', String(ctx.fields.reconfirmation), 'out');
    // the task set when the plan was replied is done by this record
    await completeProcedureTasks(ctx.tx, ctx.auth, ctx.ref, RECONFIRMATION_TASK, String(ctx.fields.reconfirmation));
  });
}
