import { AppError, type FieldError } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { CreateCommunicationRequest } from '../../contracts/communications.js';
import { complaintChannels, containmentLocations } from '../../contracts/complaints.js';
import { createCommunication } from '../communications/index.js';
import { registerEffect, registerGuard, type ProcedureContext, registerPanels } from '../procedures/index.js';
import { actionsOfSource } from '../actions/index.js';
import * as repo from './complaints.repository.js';
import type { EffectivenessData } from './complaints.table.js';

/** A refusal in the user's language, naming what on the complaint is missing. */
const refuse = (auth: AuthContext, path: string, code: string, zh: string, en: string): FieldError => ({ path, code, message: auth.locale === 'zh-CN' ? zh : en });
const verdict = (missing: FieldError[]) => (missing.length ? missing : true);

async function complaintOf(ctx: ProcedureContext) {
  const c = await repo.selectComplaint(ctx.tx, ctx.ref.id);
  if (!c) throw new AppError('NOT_FOUND');
  return c;
}

const locationName: Record<string, [string, string]> = {
  customer: ['客户处', 'at the customer'],
  'in-transit': ['在途', 'in transit'],
  warehouse: ['仓库', 'in the warehouse'],
  wip: ['在制品', 'in WIP'],
  supplier: ['供应商处', 'at the supplier'],
};

/** What D7 must answer before it is left, and again at closure [IATF 10.2.3 d, f]. */
function preventionMissing(auth: AuthContext, c: repo.ComplaintRow): FieldError[] {
  const p = c.prevention;
  const out: FieldError[] = [];
  if (!p?.similarReviewed) out.push(refuse(auth, 'complaint.prevention.similarReviewed', 'required', '须填写"类似产品/过程已评审"的结果（横向展开）。', 'Record the review of similar products and processes (horizontal deployment).'));
  if (!p?.pfmea) out.push(refuse(auth, 'complaint.prevention.pfmea', 'required', '须回答"PFMEA 已更新（版本）"，或不适用并说明理由。', 'Answer "PFMEA updated (rev.)", or not applicable with a justification.'));
  if (!p?.controlPlan) out.push(refuse(auth, 'complaint.prevention.controlPlan', 'required', '须回答"控制计划已更新（版本）"，或不适用并说明理由。', 'Answer "control plan updated (rev.)", or not applicable with a justification.'));
  return out;
}

function effectivenessMissing(auth: AuthContext, e: EffectivenessData | null): FieldError[] {
  if (!e) return [refuse(auth, 'complaint.effectiveness', 'not_planned', '须先计划效果验证（方法、判定准则、日期、验证人）。', 'Plan the effectiveness check first (method, criterion, date, verifier).')];
  if (e.result !== 'effective') return [refuse(auth, 'complaint.effectiveness.result', 'required', '须先记录"验证有效"的效果验证结果。', 'Record an effective result of the effectiveness check first.')];
  return [];
}

/** Guards and effects the `complaint` procedure names (procedures/complaint/v1.yaml). */
export function registerComplaintProcedureHooks() {
  // the panels of the complaint page a step's `view:` may show or open for editing (procedures/*.yaml)
  registerPanels('complaint', ['assessment', 'team', 'problem', 'containment', 'containmentRelease', 'rootCause', 'actions', 'prevention', 'effectivenessPlan', 'customerConfirmation']);
  // the acknowledgement to the customer is a communication on the complaint; the step's clock measures it [CS standard 1]
  registerEffect('log-complaint-acknowledgement', async (ctx) => {
    const c = await complaintOf(ctx);
    const at = ctx.at ?? new Date();
    const channel = (complaintChannels as readonly string[]).includes(String(ctx.fields.channel)) ? String(ctx.fields.channel) : c.channel;
    const comm = await createCommunication(
      ctx.tx,
      ctx.auth,
      CreateCommunicationRequest.parse({
        partyId: c.partyId,
        channel,
        direction: 'out',
        topic: 'complaint',
        occurredAt: at.toISOString(),
        contactId: c.contactId,
        subject: `投诉已收到 Complaint acknowledged ${c.number}`,
        content: String(ctx.fields.acknowledgement),
        links: [{ type: 'complaint', id: c.id }],
      }),
    );
    await repo.updateComplaintRow(ctx.tx, c.id, null, { acknowledgedAt: at, acknowledgementCommunicationId: comm.id }, ctx.auth.userId);
  });

  registerGuard('complaint-assessed', async (ctx) => {
    const c = await complaintOf(ctx);
    return !!c.assessment || refuse(ctx.auth, 'complaint.assessment', 'required', '须先完成初步评估（严重度、安全/法规、对客户的影响、处理路径）。', 'Record the initial assessment first (severity, safety/regulatory, customer impact, path).');
  });
  registerGuard('complaint-path-quick-fix', async (ctx) => {
    const c = await complaintOf(ctx);
    return c.assessment?.path === 'quick-fix' || refuse(ctx.auth, 'complaint.assessment.path', 'path', '评估选择的是 8D，不是快速处理。', 'The assessment chose an 8D, not a quick fix.');
  });
  registerGuard('complaint-path-8d', async (ctx) => {
    const c = await complaintOf(ctx);
    return (!!c.assessment && c.assessment.path !== 'quick-fix') || refuse(ctx.auth, 'complaint.assessment.path', 'path', '评估选择的是快速处理，不是 8D。', 'The assessment chose a quick fix, not an 8D.');
  });
  registerGuard('complaint-team-formed', async (ctx) => {
    const c = await complaintOf(ctx);
    return !!c.team?.members.length || refuse(ctx.auth, 'complaint.team', 'required', '须先确定 8D 组长和小组成员。', 'Name the 8D leader and team members first.');
  });
  registerGuard('complaint-problem-described', async (ctx) => {
    const c = await complaintOf(ctx);
    return !!c.problem || refuse(ctx.auth, 'complaint.problem', 'required', '须先用 5W2H 描述问题。', 'Describe the problem with 5W2H first.');
  });
  // containment across every place suspect stock may be: customer, in transit, warehouse, WIP, supplier [standards F 31]
  registerGuard('complaint-containment-complete', async (ctx) => {
    const rows = await repo.selectContainment(ctx.tx, ctx.ref.id);
    return verdict(
      containmentLocations
        .filter((l) => !rows.some((r) => r.location === l))
        .map((l) => refuse(ctx.auth, `complaint.containment.${l}`, 'missing', `围堵范围缺少"${locationName[l]![0]}"（数量检查/发现）。`, `Containment ${locationName[l]![1]} is missing (quantity checked / found).`)),
    );
  });
  // root cause AND escape point, the method, and evidence attached — not text only [IATF 10.2.3 c]
  registerGuard('complaint-root-cause-complete', async (ctx) => {
    const r = (await complaintOf(ctx)).rootCause;
    const out: FieldError[] = [];
    if (!r?.occurrenceCause) out.push(refuse(ctx.auth, 'complaint.rootCause.occurrenceCause', 'required', '须填写发生的根本原因。', 'Give the occurrence root cause.'));
    if (!r?.escapePoint) out.push(refuse(ctx.auth, 'complaint.rootCause.escapePoint', 'required', '须填写流出原因（逃逸点）。', 'Give the escape point.'));
    if (!r?.method) out.push(refuse(ctx.auth, 'complaint.rootCause.method', 'required', '须选择分析方法。', 'Choose the analysis method.'));
    if (!r?.evidenceAttachmentIds.length) out.push(refuse(ctx.auth, 'complaint.rootCause.evidence', 'required', '须附上根本原因的证据（照片、测试结果等）。', 'Attach evidence for the root cause (photos, test results…).'));
    return verdict(out);
  });
  registerGuard('complaint-actions-defined', async (ctx) => {
    const live = (await actionsOfSource(ctx.tx, ctx.ref)).filter((a) => a.status !== 'cancelled');
    return live.length > 0 || refuse(ctx.auth, 'complaint.actions', 'required', '须至少定义一项永久纠正措施（负责人、期限）。', 'Define at least one permanent corrective action (owner, due date).');
  });
  registerGuard('complaint-effectiveness-planned', async (ctx) => {
    const c = await complaintOf(ctx);
    return !!c.effectiveness || refuse(ctx.auth, 'complaint.effectiveness', 'not_planned', '定义措施时须同时计划效果验证（方法、判定准则、日期、验证人）。', 'Plan the effectiveness check with the actions (method, criterion, date, verifier).');
  });
  registerGuard('complaint-actions-implemented', async (ctx) => {
    const open = (await actionsOfSource(ctx.tx, ctx.ref)).filter((a) => a.status === 'open');
    return verdict(open.map((a) => refuse(ctx.auth, `complaint.actions.${a.number}`, 'open', `措施 ${a.number} 尚未完成（须附实施证据）。`, `Action ${a.number} is not done yet (implementation evidence needed).`)));
  });
  // the hard gate: D7 is not left before similar products, PFMEA and control plan are answered [IATF 10.2.3 f]
  registerGuard('complaint-prevention-answered', async (ctx) => verdict(preventionMissing(ctx.auth, await complaintOf(ctx))));
  registerGuard('complaint-effectiveness-verifier', async (ctx) => {
    const e = (await complaintOf(ctx)).effectiveness;
    if (!e) return refuse(ctx.auth, 'complaint.effectiveness', 'not_planned', '尚未计划效果验证。', 'The effectiveness check is not planned.');
    return e.verifierId === ctx.auth.userId || refuse(ctx.auth, 'complaint.effectiveness.verifierId', 'not_verifier', '只有指定的验证人可以记录验证结果。', 'Only the named verifier can record the result.');
  });
  const recordEffectiveness = (result: 'effective' | 'not-effective') => async (ctx: ProcedureContext) => {
    const c = await complaintOf(ctx);
    const e = c.effectiveness!;
    const at = (ctx.at ?? new Date()).toISOString();
    const note = String(ctx.fields.effectivenessNote ?? '');
    const history = [...e.history, { result, note, at, by: ctx.auth.userId }];
    // not effective: the plan stays, its result is cleared; D5 is reopened by the transition
    await repo.updateComplaintRow(ctx.tx, c.id, null, { effectiveness: { ...e, result: result === 'effective' ? result : null, note: result === 'effective' ? note : null, recordedAt: result === 'effective' ? at : null, history } }, ctx.auth.userId);
  };
  registerEffect('record-complaint-effective', recordEffectiveness('effective'));
  registerEffect('record-complaint-not-effective', recordEffectiveness('not-effective'));
  // closure: every gate named at once — prevention, effectiveness, the customer's confirmation [CC 5.8.1]
  registerGuard('complaint-closure-gates', async (ctx) => {
    const c = await complaintOf(ctx);
    const last = (await repo.selectConfirmations(ctx.tx, c.id)).at(-1);
    const out = [...preventionMissing(ctx.auth, c), ...effectivenessMissing(ctx.auth, c.effectiveness)];
    if (!last || last.result !== 'accepted') {
      out.push(refuse(ctx.auth, 'complaint.customerConfirmation', last ? 'rejected' : 'required', last ? '客户最近一次不接受处理结果，须重开 8D。' : '须先记录客户对结案的确认。', last ? 'The customer last rejected the resolution: reopen the 8D.' : "Record the customer's confirmation of closure first."));
    }
    return verdict(out);
  });
  registerGuard('complaint-customer-rejected', async (ctx) => {
    const last = (await repo.selectConfirmations(ctx.tx, ctx.ref.id)).at(-1);
    return last?.result === 'rejected' || refuse(ctx.auth, 'complaint.customerConfirmation', 'not_rejected', '客户没有不接受，无须重开。', 'The customer has not rejected the resolution.');
  });
}
