import type { z } from 'zod';
import type { Db, Executor } from '../platform/db/client.js';
import { AppError, notFound, versionConflict } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { CreateCommunicationRequest } from '../../contracts/communications.js';
import { channels } from '../../contracts/parties.js';
import { statutoryItemNames, statutoryItems, type SetStatutoryItemRequest, type TOrder } from '../../contracts/orders.js';
import { createCommunication } from '../communications/index.js';
import { assertEditable, because, registerEffect, registerGuard, type ProcedureContext } from '../procedures/index.js';
import * as orders from './orders.repository.js';
import * as repo from './order-records.repository.js';

/**
 * The order's records kept by the later additions to its procedure (procedures/order/v3.yaml):
 * - the statutory and regulatory requirements checklist reviewed in the contract review (QC 4.2.1);
 * - the order confirmed with the customer: delivery address and payment method (CS 2.4);
 * - the production task sheet (生产任务单) PMC prepares and the GM signs (SP 5.3), then distributed (SP 6.3.1.2).
 */
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function presentRecords(db: Executor, orderId: string): Promise<Pick<TOrder, 'statutory' | 'confirmation' | 'taskSheets'>> {
  const rows = await repo.selectStatutoryItems(db, orderId);
  const confirmations = await repo.selectConfirmations(db, orderId);
  const sheets = await repo.selectTaskSheets(db, orderId);
  const latest = confirmations[0];
  return {
    statutory: statutoryItems.map((item) => {
      const r = rows.find((x) => x.item === item);
      return {
        item,
        applicable: (r?.applicable ?? null) as TOrder['statutory'][number]['applicable'],
        evidence: r?.evidence ?? null,
        reviewedByName: r?.reviewedBy ? r.reviewedByName : null,
        reviewedAt: iso(r?.reviewedAt ?? null),
        version: r?.version ?? null,
      };
    }),
    confirmation: latest
      ? {
          deliveryAddress: latest.deliveryAddress,
          paymentMethod: latest.paymentMethod,
          confirmedBy: latest.confirmedBy,
          confirmedAt: latest.confirmedAt.toISOString(),
          channel: latest.channel as NonNullable<TOrder['confirmation']>['channel'],
          communicationId: latest.communicationId,
          recordedByName: latest.recordedByName,
        }
      : null,
    taskSheets: sheets.map((s) => ({
      revision: s.revision,
      productionStart: s.productionStart.toISOString(),
      productionFinish: s.productionFinish.toISOString(),
      instructions: s.instructions,
      preparedByName: s.preparedByName,
      preparedAt: s.preparedAt.toISOString(),
      status: s.status as TOrder['taskSheets'][number]['status'],
      signedByName: s.signedByName,
      signedAt: iso(s.signedAt),
      returnReason: s.returnReason,
    })),
  };
}

/**
 * Record one item of the checklist where the order's step opens the `statutory` panel (intake: Sales determines the
 * requirements; contract review: the departments review them). `reviewed` makes the caller its reviewer; an
 * applicable item is reviewed only with its evidence. Any change clears an earlier review.
 */
export async function setStatutoryItem(
  db: Db,
  auth: AuthContext,
  orderId: string,
  item: (typeof statutoryItems)[number],
  input: z.infer<typeof SetStatutoryItemRequest>,
) {
  await db.transaction(async (tx) => {
    const order = await orders.selectOrder(tx, orderId);
    if (!order) throw notFound();
    if (order.voidedAt) throw new AppError('RECORD_VOIDED');
    await assertEditable(tx, { type: 'order', id: orderId }, orders.ORDER_PROCEDURE, 'statutory', 'ORDER_STATUTORY_NOT_NOW');
    if (input.reviewed && input.applicable === 'yes' && !input.evidence)
      throw new AppError('ORDER_STATUTORY_EVIDENCE_REQUIRED', [{ path: 'body.evidence', code: 'required' }]);
    const existing = (await repo.selectStatutoryItems(tx, orderId)).find((r) => r.item === item);
    const now = new Date();
    const values = {
      applicable: input.applicable,
      evidence: input.evidence,
      reviewedBy: input.reviewed ? auth.userId : null,
      reviewedAt: input.reviewed ? now : null,
    };
    if (!existing) {
      if (input.version !== null) throw versionConflict();
      await repo.insertStatutoryItem(tx, orderId, item, values, auth.userId);
    } else if (input.version === null || !(await repo.updateStatutoryItem(tx, existing.id, input.version, values, auth.userId))) {
      throw versionConflict();
    }
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'order', id: orderId },
      action: input.reviewed ? 'statutory.reviewed' : 'statutory.recorded',
      before: existing ? { item, applicable: existing.applicable, evidence: existing.evidence, reviewed: !!existing.reviewedBy } : null,
      after: { item, applicable: input.applicable, evidence: input.evidence, reviewed: input.reviewed },
    });
  });
}

// ---- the procedure's guards and effects ----------------------------------------------------------------

const channelOf = (v: unknown) => ((channels as readonly string[]).includes(String(v)) ? String(v) : 'phone');
const text = (v: unknown) => String(v ?? '').trim();

function timeField(ctx: ProcedureContext, name: string, label: { zh: string; en: string }) {
  const d = new Date(text(ctx.fields[name]));
  return Number.isNaN(d.getTime()) ? because(`body.fields.${name}`, 'ORDER_FIELD_NOT_A_TIME', { field: label }) : d;
}
const LABELS = {
  confirmedAt: { zh: '确认时间', en: 'Confirmed at' },
  productionStart: { zh: '计划开始生产', en: 'Production start' },
  productionFinish: { zh: '计划完成生产', en: 'Production finish' },
};

async function currentSheet(ctx: ProcedureContext) {
  const sheet = (await repo.selectTaskSheets(ctx.tx, ctx.ref.id)).at(-1);
  if (!sheet || sheet.status !== 'awaiting-signature') throw new AppError('PROCEDURE_WRONG_STATE');
  return sheet;
}

/** Guards and effects procedures/order/v3.yaml names. */
export function registerOrderRecordHooks() {
  // QC 4.2.1: the contract review passes only with every item decided and every applicable item reviewed
  registerGuard('statutory-requirements-reviewed', async (ctx) => {
    const rows = await repo.selectStatutoryItems(ctx.tx, ctx.ref.id);
    const missing = statutoryItems.flatMap((item, i) => {
      const r = rows.find((x) => x.item === item);
      if (!r) return [because(`order.statutory.${i}.applicable`, 'ORDER_STATUTORY_UNDECIDED', { item: statutoryItemNames[item] })];
      if (r.applicable === 'yes' && !r.reviewedBy)
        return [because(`order.statutory.${i}.reviewedBy`, 'ORDER_STATUTORY_UNREVIEWED', { item: statutoryItemNames[item] })];
      return [];
    });
    return missing.length ? missing : true;
  });

  // CS 2.4: the confirmation's time must be a time
  registerGuard('order-confirmation-valid', async (ctx) => {
    const at = timeField(ctx, 'confirmedAt', LABELS.confirmedAt);
    return at instanceof Date || at;
  });
  // the confirmation on the order and as a communication with the customer (the customer's words, incoming)
  registerEffect('record-order-confirmation', async (ctx) => {
    const order = await orders.selectOrder(ctx.tx, ctx.ref.id);
    if (!order) throw notFound();
    const at = new Date(text(ctx.fields.confirmedAt));
    const v = {
      deliveryAddress: text(ctx.fields.deliveryAddress),
      paymentMethod: text(ctx.fields.paymentMethod),
      confirmedBy: text(ctx.fields.confirmedBy),
      channel: channelOf(ctx.fields.confirmationChannel),
    };
    const comm = await createCommunication(
      ctx.tx,
      ctx.auth,
      CreateCommunicationRequest.parse({
        partyId: order.partyId,
        channel: v.channel,
        direction: 'in',
        topic: 'order',
        occurredAt: at.toISOString(),
        contactId: order.contactId,
        subject: `订单确认 Order confirmation ${order.number}`.slice(0, 200),
        content: `交付地址 Delivery address: ${v.deliveryAddress}\n付款方式 Payment method: ${v.paymentMethod}\n客户确认人 Confirmed by: ${v.confirmedBy}`,
        links: [{ type: 'order', id: order.id }],
      }),
    );
    await repo.insertConfirmation(ctx.tx, { orderId: order.id, ...v, confirmedAt: at, communicationId: comm.id }, ctx.auth.userId);
    await insertAudit(ctx.tx, {
      actorId: ctx.auth.userId,
      ref: ctx.ref,
      action: 'confirmation.recorded',
      after: { ...v, confirmedAt: at.toISOString(), communication: comm.number },
    });
  });

  // SP 5.3: the task sheet's dates are times, the finish not before the start
  registerGuard('task-sheet-dates', async (ctx) => {
    const start = timeField(ctx, 'productionStart', LABELS.productionStart);
    const finish = timeField(ctx, 'productionFinish', LABELS.productionFinish);
    if (!(start instanceof Date)) return start;
    if (!(finish instanceof Date)) return finish;
    return finish >= start || because('body.fields.productionFinish', 'ORDER_TASK_SHEET_DATES');
  });
  registerEffect('record-task-sheet', async (ctx) => {
    const revision = (await repo.selectTaskSheets(ctx.tx, ctx.ref.id)).length + 1;
    const v = {
      productionStart: new Date(text(ctx.fields.productionStart)),
      productionFinish: new Date(text(ctx.fields.productionFinish)),
      instructions: text(ctx.fields.taskSheetInstructions),
    };
    await repo.insertTaskSheet(ctx.tx, { orderId: ctx.ref.id, revision, ...v, preparedBy: ctx.auth.userId, preparedAt: ctx.at ?? new Date() }, ctx.auth.userId);
    await insertAudit(ctx.tx, {
      actorId: ctx.auth.userId,
      ref: ctx.ref,
      action: 'task-sheet.prepared',
      after: { revision, productionStart: v.productionStart.toISOString(), productionFinish: v.productionFinish.toISOString(), instructions: v.instructions },
    });
  });
  // the GM's electronic signature (the transition requires it) is stamped on the sheet
  registerEffect('sign-task-sheet', async (ctx) => {
    const sheet = await currentSheet(ctx);
    const at = ctx.at ?? new Date();
    if (!(await repo.closeTaskSheet(ctx.tx, sheet.id, sheet.version, { status: 'signed', signedBy: ctx.auth.userId, signedAt: at }, ctx.auth.userId)))
      throw versionConflict();
    await insertAudit(ctx.tx, {
      actorId: ctx.auth.userId,
      ref: ctx.ref,
      action: 'task-sheet.signed',
      after: { revision: sheet.revision, signedAt: at.toISOString() },
    });
  });
  registerEffect('return-task-sheet', async (ctx) => {
    const sheet = await currentSheet(ctx);
    // why the GM returned it: the transition's reason (given afresh each time), kept on the sheet and on the audit row
    const reason = ctx.reason ?? '';
    if (!(await repo.closeTaskSheet(ctx.tx, sheet.id, sheet.version, { status: 'returned', returnReason: reason }, ctx.auth.userId))) throw versionConflict();
  });
}
