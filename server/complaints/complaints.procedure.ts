import { AppError, type FieldError } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { CreateCommunicationRequest } from '../../contracts/communications.js';
import { complaintChannels, containmentLocations } from '../../contracts/complaints.js';
import { createCommunication } from '../communications/index.js';
import { because, registerEffect, registerGuard, type ProcedureContext, registerPanels } from '../procedures/index.js';
import { actionsOfSource } from '../actions/index.js';
import * as repo from './complaints.repository.js';
import type { EffectivenessData } from './complaints.table.js';

/** A refusal in the user's language, naming what on the complaint is missing. */
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
  if (!p?.similarReviewed) out.push(because('complaint.prevention.similarReviewed', 'COMPLAINT_SIMILAR_NOT_REVIEWED'));
  if (!p?.pfmea) out.push(because('complaint.prevention.pfmea', 'COMPLAINT_PFMEA_UNANSWERED'));
  if (!p?.controlPlan) out.push(because('complaint.prevention.controlPlan', 'COMPLAINT_CONTROL_PLAN_UNANSWERED'));
  return out;
}

function effectivenessMissing(auth: AuthContext, e: EffectivenessData | null): FieldError[] {
  if (!e) return [because('complaint.effectiveness', 'COMPLAINT_EFFECTIVENESS_NOT_PLANNED')];
  if (e.result !== 'effective') return [because('complaint.effectiveness.result', 'COMPLAINT_NOT_EFFECTIVE')];
  return [];
}

/** Guards and effects the `complaint` procedure names (procedures/complaint/v1.yaml). */
export function registerComplaintProcedureHooks() {
  // the panels of the complaint page a step's `view:` may show or open for editing (procedures/*.yaml)
  registerPanels('complaint', [
    'assessment',
    'team',
    'problem',
    'containment',
    'containmentRelease',
    'rootCause',
    'actions',
    'prevention',
    'effectivenessPlan',
    'customerConfirmation',
  ]);
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
    return !!c.assessment || because('complaint.assessment', 'COMPLAINT_NO_ASSESSMENT');
  });
  registerGuard('complaint-path-quick-fix', async (ctx) => {
    const c = await complaintOf(ctx);
    return c.assessment?.path === 'quick-fix' || because('complaint.assessment.path', 'COMPLAINT_PATH_IS_8D');
  });
  registerGuard('complaint-path-8d', async (ctx) => {
    const c = await complaintOf(ctx);
    return (!!c.assessment && c.assessment.path !== 'quick-fix') || because('complaint.assessment.path', 'COMPLAINT_PATH_IS_QUICK_FIX');
  });
  // v2: D0 goes the way the assessment chose — the full 8D or the short 8D with its own reduced steps
  registerGuard('complaint-path-full-8d', async (ctx) => {
    const c = await complaintOf(ctx);
    return c.assessment?.path === 'full-8d' || because('complaint.assessment.path', 'COMPLAINT_PATH_NOT_FULL_8D');
  });
  registerGuard('complaint-path-short-8d', async (ctx) => {
    const c = await complaintOf(ctx);
    return c.assessment?.path === 'short-8d' || because('complaint.assessment.path', 'COMPLAINT_PATH_NOT_SHORT_8D');
  });
  // D0: the symptom and the emergency response, kept on the complaint (the 8D report's first box)
  registerEffect('record-complaint-emergency', async (ctx) => {
    const at = (ctx.at ?? new Date()).toISOString();
    await repo.updateComplaintRow(
      ctx.tx,
      ctx.ref.id,
      null,
      { emergency: { symptom: String(ctx.fields.symptom), response: String(ctx.fields.emergencyResponse), at, by: ctx.auth.userId } },
      ctx.auth.userId,
    );
  });
  // short 8D closure: containment recorded, root cause and escape point, actions done — and the customer's
  // acceptance where the customer asked for an 8D report (remedy "8D report") [CC 5.8.1]
  registerGuard('complaint-short-closure-gates', async (ctx) => {
    const c = await complaintOf(ctx);
    const out: FieldError[] = [];
    if (!(await repo.selectContainment(ctx.tx, c.id)).length) out.push(because('complaint.containment', 'COMPLAINT_NO_CONTAINMENT'));
    if (!c.rootCause?.occurrenceCause) out.push(because('complaint.rootCause.occurrenceCause', 'COMPLAINT_NO_OCCURRENCE_CAUSE'));
    if (!c.rootCause?.escapePoint) out.push(because('complaint.rootCause.escapePoint', 'COMPLAINT_NO_ESCAPE_POINT'));
    const open = (await actionsOfSource(ctx.tx, ctx.ref)).filter((a) => a.status === 'open');
    out.push(...open.map((a) => because(`complaint.actions.${a.number}`, 'COMPLAINT_ACTION_OPEN', { number: a.number })));
    if (c.remedySought.includes('8d-report')) {
      const last = (await repo.selectConfirmations(ctx.tx, c.id)).at(-1);
      if (!last) out.push(because('complaint.customerConfirmation', 'COMPLAINT_NO_CUSTOMER_CONFIRMATION'));
      else if (last.result !== 'accepted') out.push(because('complaint.customerConfirmation', 'COMPLAINT_CUSTOMER_REJECTED'));
    }
    return verdict(out);
  });
  registerGuard('complaint-team-formed', async (ctx) => {
    const c = await complaintOf(ctx);
    return !!c.team?.members.length || because('complaint.team', 'COMPLAINT_NO_TEAM');
  });
  registerGuard('complaint-problem-described', async (ctx) => {
    const c = await complaintOf(ctx);
    return !!c.problem || because('complaint.problem', 'COMPLAINT_NO_PROBLEM');
  });
  // containment across every place suspect stock may be: customer, in transit, warehouse, WIP, supplier [standards F 31]
  registerGuard('complaint-containment-complete', async (ctx) => {
    const rows = await repo.selectContainment(ctx.tx, ctx.ref.id);
    return verdict(
      containmentLocations
        .filter((l) => !rows.some((r) => r.location === l))
        .map((l) => because(`complaint.containment.${l}`, 'COMPLAINT_CONTAINMENT_MISSING', { location: locationName[l]![0], locationEn: locationName[l]![1] })),
    );
  });
  // root cause AND escape point, the method, and evidence attached — not text only [IATF 10.2.3 c]
  registerGuard('complaint-root-cause-complete', async (ctx) => {
    const r = (await complaintOf(ctx)).rootCause;
    const out: FieldError[] = [];
    if (!r?.occurrenceCause) out.push(because('complaint.rootCause.occurrenceCause', 'COMPLAINT_NO_OCCURRENCE_CAUSE'));
    if (!r?.escapePoint) out.push(because('complaint.rootCause.escapePoint', 'COMPLAINT_NO_ESCAPE_POINT'));
    if (!r?.method) out.push(because('complaint.rootCause.method', 'COMPLAINT_NO_ANALYSIS_METHOD'));
    if (!r?.evidenceAttachmentIds.length) out.push(because('complaint.rootCause.evidence', 'COMPLAINT_NO_ROOT_CAUSE_EVIDENCE'));
    return verdict(out);
  });
  registerGuard('complaint-actions-defined', async (ctx) => {
    const live = (await actionsOfSource(ctx.tx, ctx.ref)).filter((a) => a.status !== 'cancelled');
    return live.length > 0 || because('complaint.actions', 'COMPLAINT_NO_CORRECTIVE_ACTION');
  });
  registerGuard('complaint-effectiveness-planned', async (ctx) => {
    const c = await complaintOf(ctx);
    return !!c.effectiveness || because('complaint.effectiveness', 'COMPLAINT_ACTIONS_WITHOUT_EFFECTIVENESS');
  });
  registerGuard('complaint-actions-implemented', async (ctx) => {
    const open = (await actionsOfSource(ctx.tx, ctx.ref)).filter((a) => a.status === 'open');
    return verdict(open.map((a) => because(`complaint.actions.${a.number}`, 'COMPLAINT_ACTION_OPEN', { number: a.number })));
  });
  // the hard gate: D7 is not left before similar products, PFMEA and control plan are answered [IATF 10.2.3 f]
  registerGuard('complaint-prevention-answered', async (ctx) => verdict(preventionMissing(ctx.auth, await complaintOf(ctx))));
  registerGuard('complaint-effectiveness-verifier', async (ctx) => {
    const e = (await complaintOf(ctx)).effectiveness;
    if (!e) return because('complaint.effectiveness', 'COMPLAINT_EFFECTIVENESS_UNPLANNED');
    return e.verifierId === ctx.auth.userId || because('complaint.effectiveness.verifierId', 'COMPLAINT_NOT_THE_VERIFIER');
  });
  const recordEffectiveness = (result: 'effective' | 'not-effective') => async (ctx: ProcedureContext) => {
    const c = await complaintOf(ctx);
    const e = c.effectiveness!;
    const at = (ctx.at ?? new Date()).toISOString();
    const note = String(ctx.fields.effectivenessNote ?? '');
    const history = [...e.history, { result, note, at, by: ctx.auth.userId }];
    // not effective: the plan stays, its result is cleared; D5 is reopened by the transition
    await repo.updateComplaintRow(
      ctx.tx,
      c.id,
      null,
      {
        effectiveness: {
          ...e,
          result: result === 'effective' ? result : null,
          note: result === 'effective' ? note : null,
          recordedAt: result === 'effective' ? at : null,
          history,
        },
      },
      ctx.auth.userId,
    );
  };
  registerEffect('record-complaint-effective', recordEffectiveness('effective'));
  registerEffect('record-complaint-not-effective', recordEffectiveness('not-effective'));
  // closure: every gate named at once — prevention, effectiveness, the customer's confirmation [CC 5.8.1]
  registerGuard('complaint-closure-gates', async (ctx) => {
    const c = await complaintOf(ctx);
    const last = (await repo.selectConfirmations(ctx.tx, c.id)).at(-1);
    const out = [...preventionMissing(ctx.auth, c), ...effectivenessMissing(ctx.auth, c.effectiveness)];
    if (!last || last.result !== 'accepted') {
      out.push(
        last
          ? because('complaint.customerConfirmation', 'COMPLAINT_CUSTOMER_REJECTED')
          : because('complaint.customerConfirmation', 'COMPLAINT_NO_CUSTOMER_CONFIRMATION'),
      );
    }
    return verdict(out);
  });
  registerGuard('complaint-customer-rejected', async (ctx) => {
    const last = (await repo.selectConfirmations(ctx.tx, ctx.ref.id)).at(-1);
    return last?.result === 'rejected' || because('complaint.customerConfirmation', 'COMPLAINT_CUSTOMER_NOT_REJECTED');
  });
}
