import { useHistory } from '../platform/HistoryPanel.js';
import { useInstances, useProcedure } from '../procedures/index.js';

export interface Signature {
  department: string;
  opinion: 'accept' | 'conditional' | 'reject';
  comment: string | null;
  userName: string | null;
  at: string;
}

export interface StepSignoffs {
  stepId: string;
  /** the departments the step asks (from the definition the order runs on) */
  departments: string[];
  round: number;
  /** the latest round's signatures, by department */
  signed: Map<string, Signature>;
  /** the step is the current one (signing in progress) */
  current: boolean;
  /** the step was reached at all */
  reached: boolean;
}

/**
 * The sign-offs of one of the order's sign-off steps — the live state while the step is
 * current, else the latest round from the order's history (the review form, notice receipts).
 */
export function useStepSignoffs(
  orderId: string,
  stepIds: string[],
): { data: StepSignoffs | null; approval: { name: string | null; at: string; action: string } | null; isLoading: boolean } {
  const { data: instances } = useInstances('order', orderId);
  const instance = instances?.items.find((i) => i.procedureId === 'order');
  const { data: def } = useProcedure('order', instance?.procedureVersion);
  const { data: history, isLoading } = useHistory('order', orderId);
  const entries = history?.entries ?? [];
  const signoffs = entries.filter((e) => e.action === 'procedure.signoff' && stepIds.includes(String(e.after?.step ?? '')));
  const visited = instance?.history.filter((v) => stepIds.includes(v.stepId)) ?? [];
  const live = instance?.signoff && stepIds.includes(instance.signoff.stepId) ? instance.signoff : null;
  // the step actually taken (contract or continuous review): the current one, else the last visited
  const stepId = live?.stepId ?? visited.at(-1)?.stepId ?? (signoffs.at(-1)?.after?.step as string | undefined) ?? stepIds[0]!;
  const step = def?.steps.find((s) => s.id === stepId);
  const approvals = entries.filter((e) => e.action === 'procedure.approve' || e.action === 'procedure.approve-continuous');
  const lastApproval = approvals.at(-1);
  const approval = lastApproval ? { name: lastApproval.actorName, at: lastApproval.at, action: lastApproval.action } : null;
  if (!def || !step?.signoff) return { data: null, approval, isLoading: isLoading || !def };
  const signed = new Map<string, Signature>();
  let round = live?.round ?? 0;
  if (live) {
    for (const s of live.signed) signed.set(s.department, s);
  } else {
    const ofStep = signoffs.filter((e) => e.after?.step === stepId);
    round = Math.max(0, ...ofStep.map((e) => Number(e.after?.round ?? 1)));
    for (const e of ofStep.filter((x) => Number(x.after?.round ?? 1) === round)) {
      const a = e.after ?? {};
      signed.set(String(a.department), {
        department: String(a.department),
        opinion: a.opinion as Signature['opinion'],
        comment: (a.comment as string | null) ?? null,
        userName: e.actorName,
        at: e.at,
      });
    }
  }
  return {
    data: { stepId, departments: step.signoff.departments, round, signed, current: !!live, reached: !!live || visited.length > 0 },
    approval,
    isLoading: false,
  };
}
