import { AppError, type FieldError } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { channels } from '../../contracts/parties.js';
import { registerEffect, registerGuard, type ProcedureContext, registerPanels } from '../procedures/index.js';
import { siteCalendar } from '../calendar/index.js';
import * as repo from './quotations.repository.js';
import { getQuotation, markApproved, markResult, markReturned, markSent } from './quotations.service.js';

const refuse = (auth: AuthContext, path: string, code: string, zh: string, en: string): FieldError => ({ path, code, message: auth.locale === 'zh-CN' ? zh : en });
const channelOf = (v: unknown, fallback: string) => ((channels as readonly string[]).includes(String(v)) ? String(v) : fallback);

async function quotationOf(ctx: ProcedureContext) {
  const q = await repo.selectQuotation(ctx.tx, ctx.ref.id);
  if (!q) throw new AppError('NOT_FOUND');
  return q;
}

/** Guards and effects the `quotation` procedure names (procedures/quotation/v1.yaml). */
export function registerQuotationProcedureHooks() {
  // the panels of the quotation page a step's `view:` may show or open for editing (procedures/*.yaml)
  registerPanels('quotation', ['lines', 'revision', 'followUps']);
  // whether to take on a new customer is the GM's decision, before anyone quotes them [SP 6.2.1]
  registerGuard('customer-accepted', async (ctx) => {
    const q = await quotationOf(ctx);
    return q.customerAccepted || refuse(ctx.auth, 'quotation.partyId', 'not_accepted', `客户 ${q.partyName} 尚未经总经理批准接纳，须先批准客户再报价。`, `The GM has not accepted ${q.partyName} as a customer yet: accept the customer before quoting.`);
  });
  // a price that differs from the executed one needs a reason, approved by the GM [SP 6.2.4]
  registerGuard('price-change-reasoned', async (ctx) => {
    const q = await getQuotation(ctx.tx, ctx.ref.id);
    const changed = q.lines.find((l) => l.priceChanged);
    return !changed || !!q.priceChangeReason || refuse(ctx.auth, 'quotation.priceChangeReason', 'required', `第 ${changed.lineNo} 行（${changed.model}）的价格与已执行价格不同，须填写变更原因，由总经理批准。`, `Line ${changed.lineNo} (${changed.model}) changes the executed price: give the reason for the GM to approve.`);
  });
  // the approver rule: nobody approves a quote they prepared or own
  registerGuard('not-own-quotation', async (ctx) => {
    const q = await quotationOf(ctx);
    const own = q.createdBy === ctx.auth.userId || q.salespersonId === ctx.auth.userId;
    return !own || refuse(ctx.auth, 'quotation.approvedBy', 'own', '不能批准自己编制或负责的报价。', 'You cannot approve a quotation you prepared or own.');
  });
  registerGuard('within-validity', async (ctx) => {
    const q = await quotationOf(ctx);
    const today = (await siteCalendar(ctx.tx)).localDate(ctx.at ?? new Date());
    return q.validUntil >= today || refuse(ctx.auth, 'quotation.validUntil', 'expired', `报价有效期已过（${q.validUntil}），请修订后重新批准。`, `The quotation expired on ${q.validUntil}: revise it and have it approved again.`);
  });
  registerGuard('validity-passed', async (ctx) => {
    const q = await quotationOf(ctx);
    const today = (await siteCalendar(ctx.tx)).localDate(ctx.at ?? new Date());
    return q.validUntil < today || refuse(ctx.auth, 'quotation.validUntil', 'valid', `报价在 ${q.validUntil} 前仍有效。`, `The quotation is valid until ${q.validUntil}.`);
  });
  registerGuard('has-newer-revision', async (ctx) => {
    const q = await quotationOf(ctx);
    const newer = (await repo.selectRevisions(ctx.tx, q.number)).some((r) => r.revision > q.revision);
    return newer || refuse(ctx.auth, 'quotation.revision', 'no_revision', '没有更新的版本。', 'There is no newer revision.');
  });

  registerEffect('mark-quotation-approved', async (ctx) => markApproved(ctx.tx, ctx.ref.id, ctx.auth.userId, ctx.at ?? new Date()));
  registerEffect('mark-quotation-returned', async (ctx) => markReturned(ctx.tx, ctx.ref.id, ctx.auth.userId));
  // sending is a communication linked to the quotation; the follow-up falls due 3 working days later
  registerEffect('log-quotation-sent', async (ctx) => markSent(ctx.tx, ctx.auth, ctx.ref.id, ctx.at ?? new Date(), channelOf(ctx.fields.channel, 'email'), String(ctx.fields.sendNote ?? '')));
  registerEffect('quotation-accepted', async (ctx) =>
    markResult(ctx.tx, ctx.auth, ctx.ref.id, 'accepted', null, ctx.at ?? new Date(), { channel: channelOf(ctx.fields.channel, 'email'), content: String(ctx.fields.customerConfirmation) }),
  );
  registerEffect('quotation-rejected', async (ctx) =>
    markResult(ctx.tx, ctx.auth, ctx.ref.id, 'rejected', String(ctx.fields.rejectionReason), ctx.at ?? new Date(), { channel: channelOf(ctx.fields.channel, 'phone'), content: String(ctx.fields.rejectionReason) }),
  );
  registerEffect('quotation-expired', async (ctx) => markResult(ctx.tx, ctx.auth, ctx.ref.id, 'expired', null, ctx.at ?? new Date()));
  registerEffect('quotation-superseded', async (ctx) => markResult(ctx.tx, ctx.auth, ctx.ref.id, 'superseded', null, ctx.at ?? new Date()));
  registerEffect('quotation-cancelled', async (ctx) => markResult(ctx.tx, ctx.auth, ctx.ref.id, 'cancelled', null, ctx.at ?? new Date()));
}
