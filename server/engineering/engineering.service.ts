import type { z } from 'zod';
import type { Db, Executor } from '../platform/db/client.js';
import { AppError, notFound, versionConflict } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { editRights, overrideRoles } from '../platform/records/edit-rights.js';
import { upsertSearchDocument } from '../platform/search/search.repository.js';
import { attachmentsOf, claimAttachments, toAttachment } from '../platform/files/files.js';
import type { TRecordRef } from '../../contracts/common.js';
import { CreateCommunicationRequest } from '../../contracts/communications.js';
import type {
  AnomalyQuery,
  AnomalyReportRequest,
  CloseAnomalyRequest,
  CommunicationDraft,
  CreateAnomalyRequest,
  CreateProcessQuestionRequest,
  CreateSampleRequest,
  LinkAnomalyComplaintRequest,
  ProcessAnswerRequest,
  ProcessQuestionQuery,
  ProcessSignRequest,
  SampleAnswerRequest,
  SampleQuery,
  TAnomaly,
  TOrderEngineeringRecords,
  TProcessQuestion,
  TSample,
  UpdateSampleRequest,
} from '../../contracts/engineering.js';
import { selectCustomer } from '../parties/index.js';
import { communicationNumber, createCommunication, linkCommunication } from '../communications/index.js';
import { assertEditable, performTransition, selectInstanceFor, startProcedure } from '../procedures/index.js';
import * as repo from './engineering.repository.js';

const iso = (d: Date | string) => new Date(d).toISOString();
const ref = (id: string | null, number: string | null) => (id && number ? { id, number } : null);
const commRef = (id: string | null, seq: number | string | null) => (id && seq != null ? { id, number: communicationNumber(Number(seq)) } : null);

async function assertCustomer(tx: Executor, partyId: string) {
  const party = await selectCustomer(tx, partyId);
  if (!party) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.partyId', code: 'not_found' }]);
  if (party.voidedAt) throw new AppError('RECORD_VOIDED', [{ path: 'body.partyId', code: 'voided' }]);
  return party;
}

/**
 * Who may create a record of the type: a user of the departments that keep it (edit-rights.ts, the same table
 * that says who may change one), or GM/VP/admin. The route's permission was checked first.
 */
function assertKeeper(auth: AuthContext, type: 'sample' | 'process-question' | 'anomaly') {
  if (auth.roles.some((r) => (overrideRoles as string[]).includes(r))) return;
  const keepers: readonly string[] = editRights[type].departments;
  if (!auth.departmentCodes.some((d) => keepers.includes(d))) throw new AppError('RECORD_NOT_EDITABLE', [{ path: 'body', code: 'department' }]);
}

/**
 * The communication a record step went through: one already logged (same customer; the record is added to its
 * links) or a new one written now with the record's links. One of them is required when `required`.
 */
async function communicationFor(
  tx: Executor,
  auth: AuthContext,
  partyId: string,
  input: { communicationId: string | null; communication: z.infer<typeof CommunicationDraft> | null },
  how: { direction: 'in' | 'out'; topic: 'product-info' | 'complaint' | 'other'; links: TRecordRef[]; note: string; required: boolean },
): Promise<string | null> {
  if (input.communicationId) {
    const c = await repo.selectCommunicationOf(tx, partyId, input.communicationId);
    if (!c) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.communicationId', code: 'not_found' }]);
    if (c.voidedAt) throw new AppError('RECORD_VOIDED', [{ path: 'body.communicationId', code: 'voided' }]);
    for (const l of how.links) await linkCommunication(tx, auth, c.id, l, how.note);
    return c.id;
  }
  if (input.communication) {
    const d = input.communication;
    if (d.contactId && !(await repo.selectContactOf(tx, partyId, d.contactId)))
      throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.communication.contactId', code: 'not_found' }]);
    const c = await createCommunication(
      tx,
      auth,
      CreateCommunicationRequest.parse({
        partyId,
        channel: d.channel,
        direction: how.direction,
        topic: how.topic,
        occurredAt: new Date().toISOString(),
        contactId: d.contactId,
        subject: d.subject,
        content: d.content,
        links: how.links,
      }),
    );
    return c.id;
  }
  if (how.required) throw new AppError('COMMUNICATION_REQUIRED', [{ path: 'body.communicationId', code: 'required' }]);
  return null;
}

// ---- sample confirmations [CC 5.4] -------------------------------------------------------------------
const SAMPLE = (id: string) => ({ type: 'sample', id });

function sampleSummary(r: repo.SampleRow): Omit<TSample, 'signedRecords'> {
  return {
    id: r.id,
    number: r.number,
    partyId: r.partyId,
    partyCode: r.partyCode,
    partyName: r.partyName,
    model: r.model,
    description: r.description,
    quantity: r.quantity,
    sentOn: r.sentOn,
    shipVia: r.shipVia as TSample['shipVia'],
    trackingNo: r.trackingNo,
    order: ref(r.orderId, r.orderNumber),
    quotation: ref(r.quotationId, r.quotationNumber),
    answerWithinDays: r.answerWithinDays,
    notes: r.notes,
    decision: (r.decision as TSample['decision']) ?? null,
    answeredOn: r.answeredOn,
    rejectionReason: r.rejectionReason,
    answeredByContactName: r.answeredByContactName,
    answerCommunication: commRef(r.answerCommunicationId, r.answerCommunicationSeq),
    state: r.state,
    status: (r.status as TSample['status']) ?? null,
    answerDue: r.answerDue ? iso(r.answerDue) : null,
    ownerId: r.ownerId,
    ownerName: r.ownerName,
    createdAt: iso(r.createdAt),
    version: r.version,
  };
}

function sampleSnapshot(r: repo.SampleRow) {
  return {
    number: r.number,
    party: r.partyCode,
    model: r.model,
    quantity: r.quantity,
    sentOn: r.sentOn,
    shipVia: r.shipVia,
    trackingNo: r.trackingNo,
    order: r.orderNumber,
    quotation: r.quotationNumber,
    answerWithinDays: r.answerWithinDays,
    notes: r.notes,
  };
}

async function indexSample(tx: Executor, r: repo.SampleRow) {
  await upsertSearchDocument(tx, {
    refType: 'sample',
    refId: r.id,
    partyId: r.partyId,
    permission: 'engineering.read',
    title: `${r.number} 样品确认 ${r.model} ${r.partyName}`,
    body: [r.description ?? '', r.notes ?? '', r.rejectionReason ?? ''].join('\n'),
    codes: [r.number, r.partyCode, r.model, ...(r.trackingNo ? [r.trackingNo] : [])],
    at: r.createdAt,
    voided: false,
  });
}

export async function loadSample(db: Executor, id: string) {
  const row = await repo.selectSample(db, id);
  if (!row) throw notFound();
  return row;
}

export async function getSample(db: Executor, id: string): Promise<TSample> {
  const r = await loadSample(db, id);
  const files = await attachmentsOf(db, 'sample', [id]);
  return { ...sampleSummary(r), signedRecords: files.map(toAttachment) };
}

export async function listSamples(db: Db, q: z.infer<typeof SampleQuery>) {
  return { items: (await repo.selectSamples(db, q)).map(sampleSummary) };
}

async function sampleValues(
  tx: Executor,
  partyId: string,
  input: z.infer<typeof CreateSampleRequest> | z.infer<typeof UpdateSampleRequest>,
): Promise<repo.SampleValues> {
  if (input.orderId && !(await repo.selectOrderOf(tx, partyId, input.orderId)))
    throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.orderId', code: 'not_found' }]);
  if (input.quotationId && !(await repo.selectQuotationOf(tx, partyId, input.quotationId)))
    throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.quotationId', code: 'not_found' }]);
  return {
    model: input.model,
    description: input.description,
    quantity: input.quantity,
    sentOn: input.sentOn,
    shipVia: input.shipVia,
    trackingNo: input.trackingNo,
    orderId: input.orderId,
    quotationId: input.quotationId,
    answerWithinDays: input.answerWithinDays,
    notes: input.notes,
  };
}

/** Register a sample sent to the customer (starts procedures/sample-confirmation at "sent"; `at`: when, for the demo and imports). */
export async function createSample(db: Db, auth: AuthContext, input: z.infer<typeof CreateSampleRequest>, at = new Date()) {
  assertKeeper(auth, 'sample');
  const id = await db.transaction(async (tx) => {
    await assertCustomer(tx, input.partyId);
    const values = await sampleValues(tx, input.partyId, input);
    const newId = await repo.insertSample(tx, input.partyId, values, auth.userId);
    const row = (await repo.selectSample(tx, newId))!;
    await insertAudit(tx, { actorId: auth.userId, ref: SAMPLE(newId), action: 'create', after: sampleSnapshot(row) });
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'customer', id: input.partyId },
      action: 'sample.register',
      after: { sample: row.number, model: row.model, quantity: row.quantity },
    });
    await indexSample(tx, row);
    await startProcedure(tx, auth, { procedureId: repo.SAMPLE_PROCEDURE, ref: SAMPLE(newId), assigneeId: auth.userId, at });
    return newId;
  });
  return getSample(db, id);
}

/** Correct the dispatch details (while the sample is at "sent"). */
export async function updateSample(db: Db, auth: AuthContext, id: string, input: z.infer<typeof UpdateSampleRequest>) {
  await db.transaction(async (tx) => {
    const before = await loadSample(tx, id);
    await assertEditable(tx, SAMPLE(id), repo.SAMPLE_PROCEDURE, 'sample', 'SAMPLE_NOT_EDITABLE');
    const values = await sampleValues(tx, before.partyId, input);
    if (!(await repo.updateSampleRow(tx, id, input.version, values, auth.userId))) throw versionConflict();
    const after = (await repo.selectSample(tx, id))!;
    await insertAudit(tx, { actorId: auth.userId, ref: SAMPLE(id), action: 'update', before: sampleSnapshot(before), after: sampleSnapshot(after) });
    await indexSample(tx, after);
  });
  return getSample(db, id);
}

/**
 * The customer's answer [CC 5.4]: approved, or rejected with the reason; the signed sample record uploaded; the
 * message that brought it (linked, or logged now as incoming). In one transaction with the procedure's
 * approve/reject transition — which the engine refuses to anyone outside the step's lane.
 */
export async function answerSample(db: Db, auth: AuthContext, id: string, input: z.infer<typeof SampleAnswerRequest>, at = new Date()) {
  await db.transaction(async (tx) => {
    const before = await loadSample(tx, id);
    await assertEditable(tx, SAMPLE(id), repo.SAMPLE_PROCEDURE, 'answer', 'SAMPLE_NOT_AWAITING');
    const missing: { path: string; code: string }[] = [];
    if (input.decision === 'rejected' && !input.rejectionReason) missing.push({ path: 'body.rejectionReason', code: 'required' });
    if (!input.attachmentIds.length) missing.push({ path: 'body.attachmentIds', code: 'required' });
    if (missing.length) throw new AppError('SAMPLE_ANSWER_INCOMPLETE', missing);
    if (input.answeredByContactId && !(await repo.selectContactOf(tx, before.partyId, input.answeredByContactId)))
      throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.answeredByContactId', code: 'not_found' }]);
    if (input.answeredOn < before.sentOn) throw new AppError('ENGINEERING_DATES_INVALID', [{ path: 'body.answeredOn', code: 'before_sent' }]);
    const links = [
      SAMPLE(id),
      ...(before.orderId ? [{ type: 'order', id: before.orderId }] : []),
      ...(before.quotationId ? [{ type: 'quotation', id: before.quotationId }] : []),
    ];
    const communicationId = (await communicationFor(tx, auth, before.partyId, input, {
      direction: 'in',
      topic: 'product-info',
      links,
      note: `${before.number} 样品确认答复`,
      required: true,
    }))!;
    const values = {
      decision: input.decision,
      answeredOn: input.answeredOn,
      rejectionReason: input.decision === 'rejected' ? input.rejectionReason : null,
      answeredByContactId: input.answeredByContactId,
      answerCommunicationId: communicationId,
    };
    if (!(await repo.updateSampleRow(tx, id, input.version, values, auth.userId))) throw versionConflict();
    await claimAttachments(tx, auth, input.attachmentIds, SAMPLE(id));
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: SAMPLE(id),
      action: 'answer',
      before: { decision: null },
      after: { ...values, signedRecords: input.attachmentIds },
    });
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'customer', id: before.partyId },
      action: `sample.${input.decision}`,
      after: {
        sample: before.number,
        model: before.model,
        zh: input.decision === 'approved' ? '样品承认' : '样品不承认',
        en: input.decision === 'approved' ? 'Sample approved' : 'Sample rejected',
      },
    });
    const instance = (await selectInstanceFor(tx, 'sample', id, repo.SAMPLE_PROCEDURE))!;
    await performTransition(
      tx as Db,
      auth,
      instance.id,
      { version: instance.version, transitionId: input.decision === 'approved' ? 'approve' : 'reject', fields: {} },
      at,
    );
    await indexSample(tx, (await repo.selectSample(tx, id))!);
  });
  return getSample(db, id);
}

/** Guards of the approve/reject transitions: the answer is on the record, with its signed record. */
export async function sampleAnswerRecorded(tx: Executor, id: string, decision: 'approved' | 'rejected') {
  const r = await repo.selectSample(tx, id);
  const files = await attachmentsOf(tx, 'sample', [id]);
  return !!r && r.decision === decision && !!r.answerCommunicationId && files.length > 0 && (decision === 'approved' || !!r.rejectionReason);
}

export async function sampleAnswerDays(tx: Executor, id: string) {
  return (await repo.selectSample(tx, id))?.answerWithinDays ?? null;
}

// ---- process-design questions [CC 5.3] ------------------------------------------------------------
const QUESTION = (id: string) => ({ type: 'process-question', id });

function questionStatus(r: repo.QuestionRow): TProcessQuestion['status'] {
  return r.signedAt ? 'signed' : r.answer ? 'answered' : 'open';
}

function questionSummary(r: repo.QuestionRow): Omit<TProcessQuestion, 'signedDocuments'> {
  return {
    id: r.id,
    number: r.number,
    partyId: r.partyId,
    partyCode: r.partyCode,
    partyName: r.partyName,
    processData: r.processData,
    model: r.model,
    order: ref(r.orderId, r.orderNumber),
    question: r.question,
    askedById: r.askedById,
    askedByName: r.askedByName,
    askedOn: r.askedOn,
    askedThrough: commRef(r.askedCommunicationId, r.askedCommunicationSeq),
    answer: r.answer,
    answeredOn: r.answeredOn,
    answerCommunication: commRef(r.answerCommunicationId, r.answerCommunicationSeq),
    signedByContactId: r.signedByContactId,
    signedByContactName: r.signedByContactName,
    signedOn: r.signedOn,
    status: questionStatus(r),
    createdAt: iso(r.createdAt),
    version: r.version,
  };
}

async function indexQuestion(tx: Executor, r: repo.QuestionRow) {
  await upsertSearchDocument(tx, {
    refType: 'process-question',
    refId: r.id,
    partyId: r.partyId,
    permission: 'engineering.read',
    title: `${r.number} 工艺设计疑问 ${r.processData} ${r.partyName}`,
    body: [r.question, r.answer ?? ''].join('\n'),
    codes: [r.number, r.partyCode, ...(r.model ? [r.model] : [])],
    at: r.createdAt,
    voided: false,
  });
}

export async function loadQuestion(db: Executor, id: string) {
  const row = await repo.selectQuestion(db, id);
  if (!row) throw notFound();
  return row;
}

export async function getQuestion(db: Executor, id: string): Promise<TProcessQuestion> {
  const r = await loadQuestion(db, id);
  const files = await attachmentsOf(db, 'process-question', [id]);
  return { ...questionSummary(r), signedDocuments: files.map(toAttachment) };
}

export async function listQuestions(db: Db, q: z.infer<typeof ProcessQuestionQuery>) {
  return { items: (await repo.selectQuestions(db, q)).map(questionSummary) };
}

/** Engineering's question on the customer's process data, and the communication that asked it. */
export async function createQuestion(db: Db, auth: AuthContext, input: z.infer<typeof CreateProcessQuestionRequest>) {
  assertKeeper(auth, 'process-question');
  const id = await db.transaction(async (tx) => {
    await assertCustomer(tx, input.partyId);
    if (input.orderId && !(await repo.selectOrderOf(tx, input.partyId, input.orderId)))
      throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.orderId', code: 'not_found' }]);
    const newId = await repo.insertQuestion(
      tx,
      {
        partyId: input.partyId,
        processData: input.processData,
        model: input.model,
        orderId: input.orderId,
        question: input.question,
        askedOn: input.askedOn,
        askedCommunicationId: null,
      },
      auth.userId,
    );
    const row0 = (await repo.selectQuestion(tx, newId))!;
    const links = [QUESTION(newId), ...(input.orderId ? [{ type: 'order', id: input.orderId }] : [])];
    const commId = await communicationFor(tx, auth, input.partyId, input, {
      direction: 'out',
      topic: 'product-info',
      links,
      note: `${row0.number} 工艺设计疑问`,
      required: true,
    });
    await repo.setAskedCommunication(tx, newId, commId!);
    const row = (await repo.selectQuestion(tx, newId))!;
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: QUESTION(newId),
      action: 'create',
      after: {
        number: row.number,
        party: row.partyCode,
        processData: row.processData,
        model: row.model,
        order: row.orderNumber,
        question: row.question,
        askedOn: row.askedOn,
        askedThrough: row.askedCommunicationSeq != null ? communicationNumber(Number(row.askedCommunicationSeq)) : null,
      },
    });
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'customer', id: input.partyId },
      action: 'process-question.ask',
      after: { question: row.number, processData: row.processData },
    });
    await indexQuestion(tx, row);
    return newId;
  });
  return getQuestion(db, id);
}

/** The customer's answer, recorded on the process data (and the communication that brought it, when logged). */
export async function answerQuestion(db: Db, auth: AuthContext, id: string, input: z.infer<typeof ProcessAnswerRequest>) {
  await db.transaction(async (tx) => {
    const before = await loadQuestion(tx, id);
    if (before.answer) throw new AppError('PROCESS_ALREADY_ANSWERED');
    const commId = await communicationFor(tx, auth, before.partyId, input, {
      direction: 'in',
      topic: 'product-info',
      links: [QUESTION(id)],
      note: `${before.number} 客户答复`,
      required: false,
    });
    const values = { answer: input.answer, answeredOn: input.answeredOn, answerCommunicationId: commId };
    if (input.answeredOn < before.askedOn) throw new AppError('ENGINEERING_DATES_INVALID', [{ path: 'body.answeredOn', code: 'before_question' }]);
    if (!(await repo.updateQuestionRow(tx, id, input.version, values, auth.userId))) throw versionConflict();
    await insertAudit(tx, { actorId: auth.userId, ref: QUESTION(id), action: 'answer', before: { answer: null }, after: values });
    await indexQuestion(tx, (await repo.selectQuestion(tx, id))!);
  });
  return getQuestion(db, id);
}

/** Signed by the contact [CC 5.3]: the signed document uploaded, or the contact named with the date. */
export async function signQuestion(db: Db, auth: AuthContext, id: string, input: z.infer<typeof ProcessSignRequest>) {
  await db.transaction(async (tx) => {
    const before = await loadQuestion(tx, id);
    if (before.signedAt) throw new AppError('PROCESS_ALREADY_SIGNED');
    if (!before.answer) throw new AppError('PROCESS_NOT_ANSWERED');
    if (!input.attachmentIds.length && !input.signedByContactId)
      throw new AppError('PROCESS_SIGNATURE_MISSING', [{ path: 'body.signedByContactId', code: 'required' }]);
    if (input.signedByContactId && !input.signedOn) throw new AppError('PROCESS_SIGNATURE_MISSING', [{ path: 'body.signedOn', code: 'required' }]);
    if (input.signedByContactId && !(await repo.selectContactOf(tx, before.partyId, input.signedByContactId)))
      throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.signedByContactId', code: 'not_found' }]);
    if (input.signedOn && before.answeredOn && input.signedOn < before.answeredOn)
      throw new AppError('ENGINEERING_DATES_INVALID', [{ path: 'body.signedOn', code: 'before_answer' }]);
    const values = { signedByContactId: input.signedByContactId, signedOn: input.signedOn, signedAt: new Date() };
    if (!(await repo.updateQuestionRow(tx, id, input.version, values, auth.userId))) throw versionConflict();
    await claimAttachments(tx, auth, input.attachmentIds, QUESTION(id));
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: QUESTION(id),
      action: 'sign',
      before: { signed: false },
      after: { signedByContactId: input.signedByContactId, signedOn: input.signedOn, documents: input.attachmentIds },
    });
  });
  return getQuestion(db, id);
}

// ---- anomalies [CC 5.6] ----------------------------------------------------------------------------
const ANOMALY = (id: string) => ({ type: 'anomaly', id });

function anomalySummary(r: repo.AnomalyRow) {
  return {
    id: r.id,
    number: r.number,
    partyId: r.partyId,
    partyCode: r.partyCode,
    partyName: r.partyName,
    title: r.title,
    description: r.description,
    foundIn: r.foundIn as TAnomaly['foundIn'],
    occurredOn: r.occurredOn,
    model: r.model,
    lotNo: r.lotNo,
    quantity: r.quantity,
    order: ref(r.orderId, r.orderNumber),
    complaint: ref(r.complaintId, r.complaintNumber),
    reportedThrough: commRef(r.reportedCommunicationId, r.reportedCommunicationSeq),
    conclusion: r.conclusion,
    closedAt: r.closedAt ? iso(r.closedAt) : null,
    status: (r.closedAt ? 'closed' : 'open') as TAnomaly['status'],
    ownerId: r.ownerId,
    ownerName: r.ownerName,
    createdAt: iso(r.createdAt),
    version: r.version,
    reportCount: r.reportCount,
  };
}

async function indexAnomaly(tx: Executor, r: repo.AnomalyRow, reportNos: string[]) {
  await upsertSearchDocument(tx, {
    refType: 'anomaly',
    refId: r.id,
    partyId: r.partyId,
    permission: 'engineering.read',
    title: `${r.number} 异常 ${r.title} ${r.partyName}`,
    body: [r.description, r.conclusion ?? ''].join('\n'),
    codes: [r.number, r.partyCode, ...(r.model ? [r.model] : []), ...(r.lotNo ? [r.lotNo] : []), ...reportNos],
    at: r.createdAt,
    voided: false,
  });
}

export async function loadAnomaly(db: Executor, id: string) {
  const row = await repo.selectAnomaly(db, id);
  if (!row) throw notFound();
  return row;
}

export async function getAnomaly(db: Executor, id: string): Promise<TAnomaly> {
  const r = await loadAnomaly(db, id);
  const [reports, files] = await Promise.all([repo.selectReports(db, id), attachmentsOf(db, 'anomaly', [id])]);
  const { reportCount: _, ...rest } = anomalySummary(r);
  return {
    ...rest,
    reports: reports.map((p) => {
      const file = files.find((f) => f.id === p.attachmentId);
      return {
        id: p.id,
        kind: p.kind as 'inspection',
        documentNo: p.documentNo,
        note: p.note,
        attachment: file ? toAttachment(file) : null,
        addedByName: p.addedByName,
        createdAt: iso(p.createdAt),
      };
    }),
  };
}

export async function listAnomalies(db: Db, q: z.infer<typeof AnomalyQuery>) {
  return { items: (await repo.selectAnomalies(db, q)).map(anomalySummary) };
}

/** An anomaly the customer found, linked to its order / complaint and to the message that reported it. */
export async function createAnomaly(db: Db, auth: AuthContext, input: z.infer<typeof CreateAnomalyRequest>) {
  assertKeeper(auth, 'anomaly');
  const id = await db.transaction(async (tx) => {
    await assertCustomer(tx, input.partyId);
    if (input.orderId && !(await repo.selectOrderOf(tx, input.partyId, input.orderId)))
      throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.orderId', code: 'not_found' }]);
    if (input.complaintId && !(await repo.selectComplaintOf(tx, input.partyId, input.complaintId)))
      throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.complaintId', code: 'not_found' }]);
    const newId = await repo.insertAnomaly(
      tx,
      {
        partyId: input.partyId,
        title: input.title,
        description: input.description,
        foundIn: input.foundIn,
        occurredOn: input.occurredOn,
        model: input.model,
        lotNo: input.lotNo,
        quantity: input.quantity,
        orderId: input.orderId,
        complaintId: input.complaintId,
        reportedCommunicationId: null,
      },
      auth.userId,
    );
    const links = [
      ANOMALY(newId),
      ...(input.orderId ? [{ type: 'order', id: input.orderId }] : []),
      ...(input.complaintId ? [{ type: 'complaint', id: input.complaintId }] : []),
    ];
    const commId = await communicationFor(tx, auth, input.partyId, input, { direction: 'in', topic: 'product-info', links, note: '异常', required: true });
    await repo.setReportedCommunication(tx, newId, commId!);
    const row = (await repo.selectAnomaly(tx, newId))!;
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: ANOMALY(newId),
      action: 'create',
      after: {
        number: row.number,
        party: row.partyCode,
        title: row.title,
        foundIn: row.foundIn,
        occurredOn: row.occurredOn,
        model: row.model,
        lotNo: row.lotNo,
        quantity: row.quantity,
        order: row.orderNumber,
        complaint: row.complaintNumber,
      },
    });
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'customer', id: input.partyId },
      action: 'anomaly.register',
      after: { anomaly: row.number, title: row.title },
    });
    await indexAnomaly(tx, row, []);
    return newId;
  });
  return getAnomaly(db, id);
}

/** An inspection, scrap or anomaly report the anomaly is reflected in (document no., optional scan). */
export async function addReport(db: Db, auth: AuthContext, id: string, input: z.infer<typeof AnomalyReportRequest>) {
  await db.transaction(async (tx) => {
    const before = await loadAnomaly(tx, id);
    if (before.closedAt) throw new AppError('ANOMALY_CLOSED');
    if (!(await repo.updateAnomalyRow(tx, id, input.version, {}, auth.userId))) throw versionConflict();
    await claimAttachments(tx, auth, input.attachmentIds, ANOMALY(id));
    const rid = await repo.insertReport(
      tx,
      { anomalyId: id, kind: input.kind, documentNo: input.documentNo, note: input.note, attachmentId: input.attachmentIds[0] ?? null },
      auth.userId,
    );
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: ANOMALY(id),
      action: 'report.add',
      after: { report: rid, kind: input.kind, documentNo: input.documentNo, note: input.note, attachment: input.attachmentIds[0] ?? null },
    });
    const reports = await repo.selectReports(tx, id);
    await indexAnomaly(
      tx,
      (await repo.selectAnomaly(tx, id))!,
      reports.map((p) => p.documentNo),
    );
  });
  return getAnomaly(db, id);
}

/** Closed with a conclusion, once it is reflected in at least one report. */
export async function closeAnomaly(db: Db, auth: AuthContext, id: string, input: z.infer<typeof CloseAnomalyRequest>) {
  await db.transaction(async (tx) => {
    const before = await loadAnomaly(tx, id);
    if (before.closedAt) throw new AppError('ANOMALY_CLOSED');
    if (!before.reportCount) throw new AppError('ANOMALY_NO_REPORT', [{ path: 'body.reports', code: 'required' }]);
    const values = { conclusion: input.conclusion, closedAt: new Date() };
    if (!(await repo.updateAnomalyRow(tx, id, input.version, values, auth.userId))) throw versionConflict();
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: ANOMALY(id),
      action: 'close',
      before: { status: 'open' },
      after: { status: 'closed', conclusion: input.conclusion },
    });
    const reports = await repo.selectReports(tx, id);
    await indexAnomaly(
      tx,
      (await repo.selectAnomaly(tx, id))!,
      reports.map((p) => p.documentNo),
    );
  });
  return getAnomaly(db, id);
}

/**
 * Link the anomaly to the customer's complaint (the complaint page lists it), or unlink it (null). The complaint is
 * the same customer's and not voided; the reporting communication is linked to the complaint too. Allowed on a
 * closed anomaly as well: the trace is not a change of its substance.
 */
export async function linkAnomalyComplaint(db: Db, auth: AuthContext, id: string, input: z.infer<typeof LinkAnomalyComplaintRequest>) {
  await db.transaction(async (tx) => {
    const before = await loadAnomaly(tx, id);
    const complaint = input.complaintId ? await repo.selectComplaintOf(tx, before.partyId, input.complaintId) : null;
    if (input.complaintId && !complaint) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.complaintId', code: 'not_found' }]);
    if (input.complaintId && (await repo.selectComplaintRef(tx, input.complaintId))?.voidedAt)
      throw new AppError('RECORD_VOIDED', [{ path: 'body.complaintId', code: 'voided' }]);
    if (!(await repo.updateAnomalyRow(tx, id, input.version, { complaintId: input.complaintId }, auth.userId))) throw versionConflict();
    const beforeSnap = { complaint: before.complaintNumber };
    const afterSnap = { complaint: complaint?.number ?? null };
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: ANOMALY(id),
      action: input.complaintId ? 'complaint.link' : 'complaint.unlink',
      before: beforeSnap,
      after: afterSnap,
    });
    const note = { anomaly: before.number, title: before.title };
    if (before.complaintId && before.complaintId !== input.complaintId)
      await insertAudit(tx, { actorId: auth.userId, ref: { type: 'complaint', id: before.complaintId }, action: 'anomaly.unlink', before: note });
    if (input.complaintId && input.complaintId !== before.complaintId)
      await insertAudit(tx, { actorId: auth.userId, ref: { type: 'complaint', id: input.complaintId }, action: 'anomaly.link', after: note });
    if (input.complaintId && input.complaintId !== before.complaintId && before.reportedCommunicationId)
      await linkCommunication(tx, auth, before.reportedCommunicationId, { type: 'complaint', id: input.complaintId }, `${before.number} 异常`);
  });
  return getAnomaly(db, id);
}

/** The order page's panel [CC 5.3, 5.4, 5.6]: the order's sample confirmations, process-design questions and anomalies. */
export async function orderRecords(db: Db, orderId: string): Promise<TOrderEngineeringRecords> {
  if (!(await repo.selectOrderRef(db, orderId))) throw notFound();
  const [s, q, a] = await Promise.all([repo.selectSamples(db, { orderId }), repo.selectQuestions(db, { orderId }), repo.selectAnomalies(db, { orderId })]);
  return { samples: s.map(sampleSummary), questions: q.map(questionSummary), anomalies: a.map(anomalySummary) };
}
