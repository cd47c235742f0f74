import type { TKey } from '../i18n/index.js';

/**
 * Procedure fields the UI knows how to ask for. Anything else is a one-line text input
 * labelled with the field's own name.
 */
export type FieldKind = 'textarea' | 'channel' | 'text';

const KNOWN: Record<string, { kind: FieldKind; label: TKey }> = {
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
};

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
