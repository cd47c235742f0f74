import { AppError } from '../platform/http/app-error.js';
import { CreateCommunicationRequest } from '../../contracts/communications.js';
import { channels } from '../../contracts/parties.js';
import { createCommunication } from '../communications/index.js';
import { because, registerEffect, registerGuard, type ProcedureContext } from '../procedures/index.js';
import { completeProcedureTasks, createAction } from '../actions/index.js';
import { siteCalendar } from '../calendar/index.js';
import * as repo from './outsourcing.repository.js';
import { USABLE_VENDOR_STATUSES } from './outsourcing.service.js';

/** The follow-up task on the vendor's delivery, done when the goods are received. */
export const VENDOR_DELIVERY_TASK = 'vendor-delivery';

const channelOf = (v: unknown) => ((channels as readonly string[]).includes(String(v)) ? String(v) : 'fax');

async function sheetOf(ctx: ProcedureContext) {
  const sheet = await repo.selectSheet(ctx.tx, ctx.ref.id);
  if (!sheet) throw new AppError('NOT_FOUND');
  return sheet;
}

/** Guards and effects the `cutting-sheet` procedure names (procedures/cutting-sheet/v1.yaml). */
export function registerCuttingSheetHooks() {
  // only a vendor on the qualified vendor list (not suspended since) gets the work [CR 5.4.2]
  registerGuard('vendor-qualified', async (ctx) => {
    const s = await sheetOf(ctx);
    return (
      USABLE_VENDOR_STATUSES.has(s.vendorStatus) ||
      because('cuttingSheet.vendorId', 'CUTTING_SHEET_VENDOR_NOT_QUALIFIED', { vendorName: s.vendorName, vendorStatus: s.vendorStatus })
    );
  });
  registerGuard('vendor-delivery-confirmed', async (ctx) => {
    const s = await sheetOf(ctx);
    return !!s.vendorDeliveryDate || because('cuttingSheet.vendorDeliveryDate', 'CUTTING_SHEET_NO_VENDOR_DATE');
  });
  registerGuard('vendor-receipt-recorded', async (ctx) => {
    const s = await sheetOf(ctx);
    return s.receivedQuantity !== null || because('cuttingSheet.receivedQuantity', 'CUTTING_SHEET_NOTHING_RECEIVED');
  });

  // the customer's confirmation of the sheet is a communication on the order and the sheet [CR 5.4.2]
  registerEffect('log-cutting-sheet-confirmation', async (ctx) => {
    const s = await sheetOf(ctx);
    await createCommunication(
      ctx.tx,
      ctx.auth,
      CreateCommunicationRequest.parse({
        partyId: s.partyId,
        channel: channelOf(ctx.fields.channel),
        direction: 'in',
        topic: 'order',
        occurredAt: new Date().toISOString(),
        subject: `裁剪单客户确认 Cutting sheet confirmed ${s.number} / ${s.orderNumber}`.slice(0, 200),
        content:
          `${String(ctx.fields.customerConfirmation ?? '')}\n${s.model} × ${s.quantity} ${s.unit} → ${s.vendorName}, ${s.vendorDeliveryDate ?? ''}`.trim(),
        links: [
          { type: 'order', id: s.orderId },
          { type: 'cutting-sheet', id: s.id },
        ],
      }),
    );
  });
  // sent to the vendor: Shipping follows the delivery by the date the vendor confirmed
  registerEffect('follow-vendor-delivery', async (ctx) => {
    const s = await sheetOf(ctx);
    const cal = await siteCalendar(ctx.tx);
    const today = cal.localDate(new Date());
    let due = s.vendorDeliveryDate ?? today;
    if (due < today) due = today;
    due = cal.addWorkingDays(due, 0).date;
    await createAction(
      ctx.tx,
      ctx.auth,
      {
        sourceType: 'cutting-sheet',
        sourceId: s.id,
        title: `跟进外包交货 Follow the vendor's delivery ${s.number}`,
        description: `${s.vendorName}：${s.model} × ${s.quantity} ${s.unit}，确认交期 ${s.vendorDeliveryDate ?? '—'}（订单 ${s.orderNumber}）。 ${s.vendorName}: ${s.model} × ${s.quantity}, confirmed for ${s.vendorDeliveryDate ?? '—'} (order ${s.orderNumber}).`,
        ownerId: ctx.auth.userId,
        department: 'sales',
        dueDate: due,
        verification: null,
      },
      today,
      VENDOR_DELIVERY_TASK,
    );
  });
  registerEffect('complete-vendor-follow-up', async (ctx) => {
    const s = await sheetOf(ctx);
    await completeProcedureTasks(
      ctx.tx,
      ctx.auth,
      ctx.ref,
      VENDOR_DELIVERY_TASK,
      `${s.receivedQuantity} ${s.unit} received ${s.receivedAt?.toISOString().slice(0, 10) ?? ''}`,
    );
  });
}
