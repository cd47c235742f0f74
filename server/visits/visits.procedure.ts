import { AppError } from '../platform/http/app-error.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { enqueue } from '../platform/outbox/outbox.js';
import { CreateCommunicationRequest } from '../../contracts/communications.js';
import { createCommunication } from '../communications/index.js';
import { because, registerEffect, registerGuard, type ProcedureContext } from '../procedures/index.js';
import { selectDepartments } from '../identity/index.js';
import * as repo from './visits.repository.js';

/** Department codes → their names in both languages, for messages. */
export async function departmentNames(ctx: ProcedureContext, codes: string[]) {
  const all = await selectDepartments(ctx.tx);
  const find = (c: string) => all.find((d) => d.code === c);
  return { zh: codes.map((c) => find(c)?.nameZh ?? c), en: codes.map((c) => find(c)?.nameEn ?? c) };
}

async function visitOf(ctx: ProcedureContext) {
  const v = await repo.selectVisit(ctx.tx, ctx.ref.id);
  if (!v) throw new AppError('NOT_FOUND');
  return v;
}

/** Guards and effects the `customer-visit` procedure names (procedures/customer-visit/v1.yaml). */
export function registerVisitHooks() {
  // a customer's visit needs the departments to notify
  registerGuard('visit-plan-complete', async (ctx) => {
    const v = await visitOf(ctx);
    if (v.direction === 'incoming' && !v.noticeDepartments.length) {
      return because('visit.noticeDepartments', 'VISIT_NO_DEPARTMENTS');
    }
    return true;
  });
  // issuing the notice opens a new acknowledgement round (a changed plan is acknowledged again) and tells the departments
  registerEffect('issue-visit-notice', async (ctx) => {
    const v = await visitOf(ctx);
    await repo.updateVisitRow(ctx.tx, v.id, v.version, { noticeRound: v.noticeRound + 1 }, ctx.auth.userId);
    for (const userId of await repo.selectUserIdsInDepartments(ctx.tx, v.noticeDepartments)) {
      if (userId !== ctx.auth.userId) await enqueue(ctx.tx, 'visit.notice', { visitId: v.id, userId });
    }
  });
  registerGuard('visit-notice-acknowledged', async (ctx) => {
    const v = await visitOf(ctx);
    const acked = new Set((await repo.selectAcknowledgements(ctx.tx, v.id, v.noticeRound)).map((a) => a.department));
    const missing = v.noticeDepartments.filter((d) => !acked.has(d));
    if (!missing.length) return true;
    const names = await departmentNames(ctx, missing);
    return because('visit.acknowledgements', 'VISIT_NOTICE_UNACKNOWLEDGED', { departments: names.zh.join('、'), departmentsEn: names.en.join(', ') });
  });
  registerGuard('visit-report-recorded', async (ctx) => {
    const v = await visitOf(ctx);
    return !!(v.minutes || v.outcomes) || because('visit.minutes', 'VISIT_NO_MINUTES');
  });
  registerGuard('visit-findings-answered', async (ctx) => {
    const n = await repo.countUnanswered(ctx.tx, ctx.ref.id);
    return !n || because('visit.findings', 'VISIT_FINDINGS_UNANSWERED', { n });
  });
  // the customer hears our answer: a communication to the customer linked to the visit [SV 3.1B]
  registerGuard('visit-customer-informed', async (ctx) => {
    const v = await visitOf(ctx);
    const needed = v.direction === 'incoming' || (await repo.selectFindings(ctx.tx, v.id)).length > 0;
    if (!needed) return true;
    return (await repo.countInforming(ctx.tx, v.id, v.heldCommunicationId)) > 0 || because('visit.customerInformed', 'VISIT_CUSTOMER_NOT_INFORMED');
  });
  // the visit itself is a contact with the customer: on the customer's timeline as a communication
  registerEffect('log-visit-held', async (ctx) => {
    const v = await visitOf(ctx);
    const what = v.kind === 'audit' ? '客户审核 Customer audit' : v.direction === 'incoming' ? '客户访厂 Customer visit' : '拜访客户 Our visit';
    const c = await createCommunication(
      ctx.tx,
      ctx.auth,
      CreateCommunicationRequest.parse({
        partyId: v.partyId,
        channel: 'visit',
        direction: v.direction === 'incoming' ? 'in' : 'out',
        topic: 'other',
        occurredAt: (ctx.at ?? new Date()).toISOString(),
        subject: `${what} ${v.number}`.slice(0, 200),
        content: [
          v.purpose,
          v.visitors ? `${v.direction === 'incoming' ? '来访人员 Visitors' : '会见 People met'}: ${v.visitors}` : '',
          v.focusItems ? `关注项目 Focus: ${v.focusItems}` : '',
        ]
          .filter(Boolean)
          .join('\n'),
        links: [{ type: 'visit', id: v.id }],
      }),
    );
    const fresh = (await repo.selectVisit(ctx.tx, v.id))!;
    await repo.updateVisitRow(ctx.tx, v.id, fresh.version, { heldCommunicationId: c.id }, ctx.auth.userId);
    await insertAudit(ctx.tx, {
      actorId: ctx.auth.userId,
      ref: { type: 'customer', id: v.partyId },
      action: 'visit.held',
      after: { visit: v.number, communication: c.number },
    });
  });
}
