import type { TKey } from '../i18n/index.js';

/**
 * Procedure fields the UI knows how to ask for. Anything else is a one-line text input
 * labelled with the field's own name.
 */
export type FieldKind = 'textarea' | 'channel' | 'text' | 'choice' | 'datetime';

const KNOWN: Record<string, { kind: FieldKind; label: TKey; choices?: { value: string; label: TKey }[] }> = {
  answer: { kind: 'textarea', label: 'procedure.fieldNames.answer' },
  channel: { kind: 'channel', label: 'procedure.fieldNames.channel' },
  decision: { kind: 'textarea', label: 'procedure.fieldNames.decision' },
  // the order procedure: the delivery plan as replied, the reconfirmation before shipment
  deliveryPlanReply: { kind: 'textarea', label: 'order.procedureFields.deliveryPlanReply' },
  reconfirmation: { kind: 'textarea', label: 'order.procedureFields.reconfirmation' },
  changeRequest: { kind: 'textarea', label: 'order.procedureFields.changeRequest' },
  // what the customer confirmed (a cutting sheet, a quotation)
  customerConfirmation: { kind: 'textarea', label: 'outsourcing.procedureFields.customerConfirmation' },
  // the survey procedure: QA's analysis
  analysisSummary: { kind: 'textarea', label: 'survey.procedureFields.analysisSummary' },
  // the quotation procedure: the note sent with the quote, the customer's rejection
  sendNote: { kind: 'textarea', label: 'quotation.procedureFields.sendNote' },
  rejectionReason: { kind: 'textarea', label: 'quotation.procedureFields.rejectionReason' },
  // the complaint procedure: the acknowledgement to the customer, the quick fix, the effectiveness result
  acknowledgement: { kind: 'textarea', label: 'complaint.procedureFields.acknowledgement' },
  quickFix: { kind: 'textarea', label: 'complaint.procedureFields.quickFix' },
  effectivenessNote: { kind: 'textarea', label: 'complaint.procedureFields.effectivenessNote' },
  // the internal-communication procedure: the seven steps' fields
  goal: {
    kind: 'choice',
    label: 'internal.fields.goal',
    choices: [
      { value: 'inform', label: 'internal.goal.inform' },
      { value: 'solve', label: 'internal.goal.solve' },
      { value: 'coordinate', label: 'internal.goal.coordinate' },
    ],
  },
  objective: { kind: 'textarea', label: 'internal.fields.objective' },
  scheduledAt: { kind: 'datetime', label: 'internal.fields.scheduledAt' },
  place: { kind: 'text', label: 'internal.fields.place' },
  participants: { kind: 'text', label: 'internal.fields.participants' },
  content: { kind: 'textarea', label: 'internal.fields.content' },
  form: { kind: 'text', label: 'internal.fields.form' },
  communicationNote: { kind: 'textarea', label: 'internal.fields.communicationNote' },
  followUpNote: { kind: 'textarea', label: 'internal.fields.followUpNote' },
  score: {
    kind: 'choice',
    label: 'internal.fields.score',
    choices: ['1', '2', '3', '4', '5'].map((v) => ({ value: v, label: `internal.score.s${v}` as TKey })),
  },
  lessons: { kind: 'textarea', label: 'internal.fields.lessons' },
  improvement: { kind: 'textarea', label: 'internal.fields.improvement' },
};

/** The internal-communication procedure's channel step offers the four channels of the flowchart. */
export const PLAN_CHANNEL_PROCEDURE = 'internal-communication';

export function fieldChoices(name: string): { value: string; label: TKey }[] {
  return KNOWN[name]?.choices ?? [];
}

/** Optional fields that go with a required one (the reply's channel goes with the answer). */
const COMPANIONS: Record<string, string[]> = { answer: ['channel'], deliveryPlanReply: ['channel'], reconfirmation: ['channel'], changeRequest: ['channel'], sendNote: ['channel'], customerConfirmation: ['channel'], rejectionReason: ['channel'], acknowledgement: ['channel'] };

export function fieldKind(name: string): FieldKind {
  return KNOWN[name]?.kind ?? 'text';
}

export function fieldLabelKey(name: string): TKey | undefined {
  return KNOWN[name]?.label;
}

/** The fields a transition form shows: the required ones first, then their optional companions. */
export function formFields(required: readonly string[]): { name: string; required: boolean }[] {
  const out = required.map((name) => ({ name, required: true }));
  for (const r of required) for (const c of COMPANIONS[r] ?? []) if (!out.some((f) => f.name === c)) out.push({ name: c, required: false });
  return out;
}
