import { AppError } from '../platform/http/app-error.js';
import { channels } from '../../contracts/parties.js';
import { because, registerEffect, registerGuard, type ProcedureContext, registerPanels } from '../procedures/index.js';
import { siteCalendar } from '../calendar/index.js';
import * as repo from './quotations.repository.js';
import { getQuotation, markApproved, markResult, markReturned, markSent } from './quotations.service.js';

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
    return q.customerAccepted || because('quotation.partyId', 'QUOTATION_CUSTOMER_NOT_ACCEPTED', { partyName: q.partyName });
  });
  // a price that differs from the executed one needs a reason, approved by the GM [SP 6.2.4]
  registerGuard('price-change-reasoned', async (ctx) => {
    const q = await getQuotation(ctx.tx, ctx.ref.id);
    const changed = q.lines.find((l) => l.priceChanged);
    return (
      !changed ||
      !!q.priceChangeReason ||
      because('quotation.priceChangeReason', 'QUOTATION_PRICE_CHANGE_UNREASONED', { lineNo: changed.lineNo, model: changed.model })
    );
  });
  // the approver rule: nobody approves a quote they prepared or own
  registerGuard('not-own-quotation', async (ctx) => {
    const q = await quotationOf(ctx);
    const own = q.createdBy === ctx.auth.userId || q.salespersonId === ctx.auth.userId;
    return !own || because('quotation.approvedBy', 'QUOTATION_OWN_APPROVAL');
  });
  registerGuard('within-validity', async (ctx) => {
    const q = await quotationOf(ctx);
    const today = (await siteCalendar(ctx.tx)).localDate(ctx.at ?? new Date());
    return q.validUntil >= today || because('quotation.validUntil', 'QUOTATION_EXPIRED', { validUntil: q.validUntil });
  });
  registerGuard('validity-passed', async (ctx) => {
    const q = await quotationOf(ctx);
    const today = (await siteCalendar(ctx.tx)).localDate(ctx.at ?? new Date());
    return q.validUntil < today || because('quotation.validUntil', 'QUOTATION_STILL_VALID', { validUntil: q.validUntil });
  });
  registerGuard('has-newer-revision', async (ctx) => {
    const q = await quotationOf(ctx);
    const newer = (await repo.selectRevisions(ctx.tx, q.number)).some((r) => r.revision > q.revision);
    return newer || because('quotation.revision', 'QUOTATION_NO_REVISION');
  });

  registerEffect('mark-quotation-approved', async (ctx) => markApproved(ctx.tx, ctx.ref.id, ctx.auth.userId, ctx.at ?? new Date()));
  registerEffect('mark-quotation-returned', async (ctx) => markReturned(ctx.tx, ctx.ref.id, ctx.auth.userId));
  // sending is a communication linked to the quotation; the follow-up falls due 3 working days later
  registerEffect('log-quotation-sent', async (ctx) =>
    markSent(ctx.tx, ctx.auth, ctx.ref.id, ctx.at ?? new Date(), channelOf(ctx.fields.channel, 'email'), String(ctx.fields.sendNote ?? '')),
  );
  registerEffect('quotation-accepted', async (ctx) =>
    markResult(ctx.tx, ctx.auth, ctx.ref.id, 'accepted', null, ctx.at ?? new Date(), {
      channel: channelOf(ctx.fields.channel, 'email'),
      content: String(ctx.fields.customerConfirmation),
    }),
  );
  registerEffect('quotation-rejected', async (ctx) =>
    markResult(ctx.tx, ctx.auth, ctx.ref.id, 'rejected', String(ctx.fields.rejectionReason), ctx.at ?? new Date(), {
      channel: channelOf(ctx.fields.channel, 'phone'),
      content: String(ctx.fields.rejectionReason),
    }),
  );
  registerEffect('quotation-expired', async (ctx) => markResult(ctx.tx, ctx.auth, ctx.ref.id, 'expired', null, ctx.at ?? new Date()));
  registerEffect('quotation-superseded', async (ctx) => markResult(ctx.tx, ctx.auth, ctx.ref.id, 'superseded', null, ctx.at ?? new Date()));
  registerEffect('quotation-cancelled', async (ctx) => markResult(ctx.tx, ctx.auth, ctx.ref.id, 'cancelled', null, ctx.at ?? new Date()));
}
