import type { z } from 'zod';
import type { Db, Executor } from '../platform/db/client.js';
import { AppError, notFound, versionConflict } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { loadEditFacts, mayEdit } from '../platform/records/edit-rights.js';
import { upsertSearchDocument } from '../platform/search/search.repository.js';
import { attachmentsOf, claimAttachments, toAttachment } from '../platform/files/files.js';
import type {
  CreateCsrRequest,
  CreateCustomerPropertyRequest,
  CsrDeploymentRequest,
  CsrQuery,
  CustomerPropertyQuery,
  PropertyActionRequest,
  PropertyIncidentRequest,
  TCsrDocument,
  TCustomerProperty,
  UpdateCsrRequest,
  UpdateCustomerPropertyRequest,
  VerifyCustomerPropertyRequest,
} from '../../contracts/registers.js';
import { CreateCommunicationRequest } from '../../contracts/communications.js';
import { selectCustomer } from '../parties/index.js';
import { selectDepartments, selectUser } from '../identity/index.js';
import { communicationNumber, createCommunication } from '../communications/index.js';
import { SYSTEM, assertEditable, performSystemTransition, startProcedure } from '../procedures/index.js';
import { createAction } from '../actions/index.js';
import * as repo from './registers.repository.js';

const iso = (d: Date) => d.toISOString();
const PROPERTY_KIND_ZH: Record<string, string> = {
  mould: '模具',
  gauge: '检具',
  packaging: '包装',
  'drawing-ip': '图纸/知识产权',
  data: '客户数据',
  other: '其他',
};
const INCIDENT_ZH: Record<string, string> = { lost: '丢失', damaged: '损坏', unsuitable: '不适用' };
const INCIDENT_EN: Record<string, string> = { lost: 'lost', damaged: 'damaged', unsuitable: 'found unsuitable' };

async function assertCustomer(tx: Executor, partyId: string) {
  const party = await selectCustomer(tx, partyId);
  if (!party) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.partyId', code: 'not_found' }]);
  if (party.voidedAt) throw new AppError('RECORD_VOIDED', [{ path: 'body.partyId', code: 'voided' }]);
  return party;
}

// ---- customer property ----------------------------------------------------------------------

/** a verification past its date is overdue while the item is in our custody (anything but lost) */
const overdue = (r: repo.PropertyRow, today: string) => !!r.nextVerificationDue && r.nextVerificationDue < today && r.condition !== 'lost';

async function propertySummary(db: Executor, r: repo.PropertyRow, today: string) {
  const linked = await repo.selectOrdersOf(db, r.partyId, r.orderIds);
  return {
    id: r.id,
    number: r.number,
    kind: r.kind as TCustomerProperty['kind'],
    description: r.description,
    partyId: r.partyId,
    partyCode: r.partyCode,
    partyName: r.partyName,
    location: r.location,
    condition: r.condition as TCustomerProperty['condition'],
    custodianId: r.custodianId,
    custodianName: r.custodianName,
    receivedDate: r.receivedDate,
    lastVerifiedOn: r.lastVerifiedOn,
    nextVerificationDue: r.nextVerificationDue,
    verificationOverdue: overdue(r, today),
    notes: r.notes,
    orders: r.orderIds.map((id) => ({ id, number: linked.find((o) => o.id === id)?.number ?? '' })),
    createdAt: iso(r.createdAt),
    version: r.version,
    incidentCount: r.incidentCount,
  };
}

function propertySnapshot(r: repo.PropertyRow) {
  return {
    number: r.number,
    kind: r.kind,
    description: r.description,
    party: r.partyCode,
    location: r.location,
    condition: r.condition,
    custodianId: r.custodianId,
    receivedDate: r.receivedDate,
    lastVerifiedOn: r.lastVerifiedOn,
    nextVerificationDue: r.nextVerificationDue,
    notes: r.notes,
    orderIds: r.orderIds,
  };
}

async function indexProperty(tx: Executor, r: repo.PropertyRow) {
  await upsertSearchDocument(tx, {
    refType: 'customer-property',
    refId: r.id,
    partyId: r.partyId,
    permission: 'registers.read',
    title: `${r.number} 顾客财产 ${PROPERTY_KIND_ZH[r.kind] ?? r.kind} ${r.partyName}`,
    body: [r.description, r.location, r.notes ?? ''].join('\n'),
    codes: [r.number, r.partyCode],
    at: r.createdAt,
    voided: false,
  });
}

export async function loadProperty(db: Executor, id: string) {
  const row = await repo.selectProperty(db, id);
  if (!row) throw notFound();
  return row;
}

export async function getProperty(db: Executor, id: string, today: string): Promise<TCustomerProperty> {
  const r = await loadProperty(db, id);
  const [summary, incidents] = await Promise.all([propertySummary(db, r, today), repo.selectIncidents(db, id)]);
  const { incidentCount: _, ...rest } = summary;
  return {
    ...rest,
    incidents: incidents.map((i) => ({
      id: i.id,
      no: i.no,
      kind: i.kind as 'lost',
      occurredOn: i.occurredOn,
      description: i.description,
      conditionBefore: i.conditionBefore as 'good',
      communicationId: i.communicationId,
      communicationNumber: i.communicationSeq != null ? communicationNumber(i.communicationSeq) : null,
      reportedByName: i.reportedByName,
      createdAt: iso(i.createdAt),
    })),
  };
}

export async function listProperties(db: Db, q: z.infer<typeof CustomerPropertyQuery>, today: string) {
  const rows = await repo.selectProperties(db, {
    partyId: q.partyId,
    kind: q.kind,
    condition: q.condition,
    q: q.q,
    dueBy: q.overdue === 'true' ? today : undefined,
  });
  const items = await Promise.all(rows.map((r) => propertySummary(db, r, today)));
  return { items: q.overdue === 'true' ? items.filter((i) => i.verificationOverdue) : items };
}

async function validateProperty(
  tx: Executor,
  partyId: string,
  input: z.infer<typeof CreateCustomerPropertyRequest> | z.infer<typeof UpdateCustomerPropertyRequest>,
): Promise<repo.PropertyValues> {
  if (input.custodianId && !(await selectUser(tx, input.custodianId))?.active)
    throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.custodianId', code: 'not_found' }]);
  const orderIds = [...new Set(input.orderIds)];
  const found = await repo.selectOrdersOf(tx, partyId, orderIds);
  orderIds.forEach((id) => {
    if (!found.some((o) => o.id === id))
      throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: `body.orderIds.${input.orderIds.indexOf(id)}`, code: 'not_found' }]);
  });
  return {
    kind: input.kind,
    description: input.description,
    location: input.location,
    custodianId: input.custodianId,
    receivedDate: input.receivedDate,
    nextVerificationDue: input.nextVerificationDue,
    notes: input.notes,
    orderIds,
  };
}

export async function createProperty(db: Db, auth: AuthContext, input: z.infer<typeof CreateCustomerPropertyRequest>, today: string) {
  const id = await db.transaction(async (tx) => {
    await assertCustomer(tx, input.partyId);
    const values = await validateProperty(tx, input.partyId, input);
    const newId = await repo.insertProperty(tx, input.partyId, values, auth.userId);
    const row = (await repo.selectProperty(tx, newId))!;
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'customer-property', id: newId }, action: 'create', after: propertySnapshot(row) });
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'customer', id: input.partyId },
      action: 'customer-property.register',
      after: { item: row.number, kind: row.kind, description: row.description },
    });
    await indexProperty(tx, row);
    return newId;
  });
  return getProperty(db, id, today);
}

const assertNotLost = (r: repo.PropertyRow) => {
  if (r.condition === 'lost') throw new AppError('PROPERTY_LOST');
};

export async function updateProperty(db: Db, auth: AuthContext, id: string, input: z.infer<typeof UpdateCustomerPropertyRequest>, today: string) {
  await db.transaction(async (tx) => {
    const before = await loadProperty(tx, id);
    assertNotLost(before);
    const values = await validateProperty(tx, before.partyId, input);
    if (input.condition) values.condition = input.condition;
    if (!(await repo.updatePropertyRow(tx, id, input.version, values, auth.userId))) throw versionConflict();
    const after = (await repo.selectProperty(tx, id))!;
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'customer-property', id },
      action: 'update',
      before: propertySnapshot(before),
      after: propertySnapshot(after),
    });
    await indexProperty(tx, after);
  });
  return getProperty(db, id, today);
}

/** A periodic verification (点检/验证): this date, the condition found, the next due date. */
export async function verifyProperty(db: Db, auth: AuthContext, id: string, input: z.infer<typeof VerifyCustomerPropertyRequest>, today: string) {
  await db.transaction(async (tx) => {
    const before = await loadProperty(tx, id);
    assertNotLost(before);
    if (input.nextVerificationDue && input.nextVerificationDue <= input.verifiedOn)
      throw new AppError('PROPERTY_DATES_INVALID', [{ path: 'body.nextVerificationDue', code: 'before_verification' }]);
    const values = { lastVerifiedOn: input.verifiedOn, nextVerificationDue: input.nextVerificationDue, condition: input.condition };
    if (!(await repo.updatePropertyRow(tx, id, input.version, values, auth.userId))) throw versionConflict();
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'customer-property', id },
      action: 'verify',
      before: { condition: before.condition, lastVerifiedOn: before.lastVerifiedOn, nextVerificationDue: before.nextVerificationDue },
      after: { ...values, note: input.note },
    });
  });
  return getProperty(db, id, today);
}

/**
 * Lost, damaged or found unsuitable [IATF 8.5.3]: the incident, the item's new condition and the report to the
 * customer — an outgoing communication linked to the item and its orders, on the customer's timeline — all in
 * one transaction with their audit rows.
 */
export async function reportIncident(db: Db, auth: AuthContext, id: string, input: z.infer<typeof PropertyIncidentRequest>, today: string) {
  await db.transaction(async (tx) => {
    const before = await loadProperty(tx, id);
    assertNotLost(before);
    const c = await createCommunication(
      tx,
      auth,
      CreateCommunicationRequest.parse({
        partyId: before.partyId,
        channel: input.channel,
        direction: 'out',
        topic: 'customer-property',
        occurredAt: new Date().toISOString(),
        contactId: input.contactId,
        subject: input.subject,
        content: input.content,
        links: [{ type: 'customer-property', id }, ...before.orderIds.map((o) => ({ type: 'order', id: o }))],
      }),
    );
    const incident = await repo.insertIncident(
      tx,
      {
        propertyId: id,
        kind: input.kind,
        occurredOn: input.occurredOn,
        description: input.description,
        conditionBefore: before.condition,
        communicationId: c.id,
      },
      auth.userId,
    );
    if (!(await repo.updatePropertyRow(tx, id, input.version, { condition: input.kind }, auth.userId))) throw versionConflict();
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'customer-property', id },
      action: 'incident',
      before: { condition: before.condition },
      after: {
        incident: incident.no,
        kind: input.kind,
        occurredOn: input.occurredOn,
        description: input.description,
        condition: input.kind,
        communication: c.number,
      },
    });
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'customer', id: before.partyId },
      action: 'customer-property.incident',
      after: {
        item: before.number,
        kind: input.kind,
        zh: `顾客财产${INCIDENT_ZH[input.kind]}`,
        en: `Customer property ${INCIDENT_EN[input.kind]}`,
        communication: c.number,
      },
    });
  });
  return getProperty(db, id, today);
}

export async function addPropertyAction(db: Db, auth: AuthContext, id: string, input: z.infer<typeof PropertyActionRequest>, today: string) {
  const r = await loadProperty(db, id);
  assertNotLost(r);
  return createAction(
    db,
    auth,
    {
      sourceType: 'customer-property',
      sourceId: id,
      title: input.title,
      description: input.description,
      ownerId: input.ownerId,
      department: input.department,
      dueDate: input.dueDate,
      verification: null,
    },
    today,
  );
}

// ---- customer-specific requirements -----------------------------------------------------------

function csrSummary(r: repo.CsrRow) {
  return {
    id: r.id,
    number: r.number,
    partyId: r.partyId,
    partyCode: r.partyCode,
    partyName: r.partyName,
    title: r.title,
    documentNo: r.documentNo,
    revision: r.revision,
    receivedDate: r.receivedDate,
    notes: r.notes,
    supersedesId: r.supersedesId,
    supersedesNumber: r.supersedesNumber,
    supersededById: r.supersededById,
    supersededByNumber: r.supersededByNumber,
    inForce: r.state === 'in-force' && !r.supersededById,
    state: r.state,
    status: (r.status as TCsrDocument['status']) ?? null,
    ownerId: r.ownerId,
    ownerName: r.ownerName,
    createdAt: iso(r.createdAt),
    version: r.version,
    deploymentCount: r.deploymentCount,
  };
}

function csrSnapshot(r: repo.CsrRow) {
  return {
    number: r.number,
    party: r.partyCode,
    title: r.title,
    documentNo: r.documentNo,
    revision: r.revision,
    receivedDate: r.receivedDate,
    notes: r.notes,
    supersedes: r.supersedesNumber,
  };
}

async function indexCsr(tx: Executor, r: repo.CsrRow) {
  await upsertSearchDocument(tx, {
    refType: 'csr',
    refId: r.id,
    partyId: r.partyId,
    permission: 'registers.read',
    title: `${r.number} 顾客特殊要求 CSR ${r.title} ${r.revision} ${r.partyName}`,
    body: [r.notes ?? ''].join('\n'),
    codes: [r.number, r.partyCode, ...(r.documentNo ? [r.documentNo] : [])],
    at: new Date(`${r.receivedDate}T00:00:00Z`),
    voided: false,
  });
}

export async function loadCsr(db: Executor, id: string) {
  const row = await repo.selectCsr(db, id);
  if (!row) throw notFound();
  return row;
}

export async function getCsr(db: Executor, id: string): Promise<TCsrDocument> {
  const r = await loadCsr(db, id);
  const [deployments, files] = await Promise.all([repo.selectDeployments(db, id), attachmentsOf(db, 'csr', [id])]);
  const { deploymentCount: _, ...rest } = csrSummary(r);
  return {
    ...rest,
    deployments: deployments.map((d) => ({ ...d, target: d.target as 'procedure', createdAt: iso(d.createdAt) })),
    documents: files.map(toAttachment),
  };
}

export async function listCsrs(db: Db, q: z.infer<typeof CsrQuery>) {
  const bool = (v: 'true' | 'false' | undefined) => (v === undefined ? undefined : v === 'true');
  const rows = await repo.selectCsrs(db, { partyId: q.partyId, inForce: bool(q.inForce), current: bool(q.current), q: q.q });
  return { items: rows.map(csrSummary) };
}

function csrValues(input: z.infer<typeof CreateCsrRequest> | z.infer<typeof UpdateCsrRequest>): repo.CsrValues {
  return { title: input.title, documentNo: input.documentNo, revision: input.revision, receivedDate: input.receivedDate, notes: input.notes };
}

/**
 * Register a CSR document (starts procedures/csr-review). With `supersedesId` it is a new revision: the earlier
 * one (same customer, not yet superseded) is marked superseded — kept, read-only — and its review, if still
 * running, is ended by the system; all in one transaction.
 */
export async function createCsr(db: Db, auth: AuthContext, input: z.infer<typeof CreateCsrRequest>) {
  const id = await db.transaction(async (tx) => {
    await assertCustomer(tx, input.partyId);
    const old = input.supersedesId ? await repo.selectCsr(tx, input.supersedesId) : undefined;
    if (input.supersedesId) {
      if (!old) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.supersedesId', code: 'not_found' }]);
      if (old.partyId !== input.partyId) throw new AppError('CSR_SUPERSEDE_MISMATCH', [{ path: 'body.supersedesId', code: 'other_customer' }]);
      // superseding changes the earlier revision: its edit rights apply (the route itself only creates)
      const facts = await loadEditFacts(tx, 'csr', old.id);
      if (!facts || !mayEdit({ userId: auth.userId, roles: auth.roles, departmentCodes: auth.departmentCodes }, 'csr', facts))
        throw new AppError('RECORD_NOT_EDITABLE', [{ path: 'body.supersedesId', code: 'not_editable' }]);
      if (old.supersededById) throw new AppError('CSR_SUPERSEDED', [{ path: 'body.supersedesId', code: 'superseded' }]);
      if (old.status === 'open' && old.state === 'review') throw new AppError('CSR_UNDER_REVIEW', [{ path: 'body.supersedesId', code: 'under_review' }]);
    }
    const newId = await repo.insertCsr(tx, input.partyId, old?.id ?? null, csrValues(input), auth.userId);
    await claimAttachments(tx, auth, input.attachmentIds, { type: 'csr', id: newId });
    const row = (await repo.selectCsr(tx, newId))!;
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'csr', id: newId },
      action: 'create',
      after: { ...csrSnapshot(row), documents: input.attachmentIds },
    });
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'customer', id: input.partyId },
      action: 'csr.register',
      after: { csr: row.number, title: row.title, revision: row.revision },
    });
    await indexCsr(tx, row);
    await startProcedure(tx, auth, { procedureId: repo.CSR_PROCEDURE, ref: { type: 'csr', id: newId }, assigneeId: auth.userId, at: new Date() });
    if (old) {
      if (!(await repo.updateCsrRow(tx, old.id, old.version, { supersededById: newId }, auth.userId))) throw versionConflict();
      await insertAudit(tx, {
        actorId: auth.userId,
        ref: { type: 'csr', id: old.id },
        action: 'supersede',
        before: { supersededBy: null },
        after: { supersededBy: row.number, revision: row.revision },
      });
      if (old.status === 'open')
        await performSystemTransition(tx, SYSTEM(auth), { type: 'csr', id: old.id }, repo.CSR_PROCEDURE, `${row.number} ${row.revision}`);
    }
    return newId;
  });
  return getCsr(db, id);
}

async function assertCsrEditable(tx: Executor, r: repo.CsrRow, panel: 'document' | 'deployment') {
  if (r.supersededById) throw new AppError('CSR_SUPERSEDED');
  await assertEditable(tx, { type: 'csr', id: r.id }, repo.CSR_PROCEDURE, panel, 'CSR_NOT_EDITABLE');
}

/** Correct the registration (while it is being registered, or sent back by the review). */
export async function updateCsr(db: Db, auth: AuthContext, id: string, input: z.infer<typeof UpdateCsrRequest>) {
  await db.transaction(async (tx) => {
    const before = await loadCsr(tx, id);
    await assertCsrEditable(tx, before, 'document');
    if (!(await repo.updateCsrRow(tx, id, input.version, csrValues(input), auth.userId))) throw versionConflict();
    await claimAttachments(tx, auth, input.attachmentIds, { type: 'csr', id });
    const after = (await repo.selectCsr(tx, id))!;
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'csr', id },
      action: 'update',
      before: csrSnapshot(before),
      after: { ...csrSnapshot(after), documents: input.attachmentIds },
    });
    await indexCsr(tx, after);
  });
  return getCsr(db, id);
}

/** Where the CSR was deployed: which procedure, KPI or document changed, by which department, when. */
export async function addDeployment(db: Db, auth: AuthContext, id: string, input: z.infer<typeof CsrDeploymentRequest>) {
  await db.transaction(async (tx) => {
    const before = await loadCsr(tx, id);
    await assertCsrEditable(tx, before, 'deployment');
    if (!(await selectDepartments(tx)).some((d) => d.code === input.department))
      throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.department', code: 'not_found' }]);
    if (!(await repo.updateCsrRow(tx, id, input.version, {}, auth.userId))) throw versionConflict();
    const did = await repo.insertDeployment(
      tx,
      { csrId: id, target: input.target, reference: input.reference, change: input.change, department: input.department, doneOn: input.doneOn },
      auth.userId,
    );
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'csr', id },
      action: 'deployment.add',
      after: { deployment: did, target: input.target, reference: input.reference, change: input.change, department: input.department, doneOn: input.doneOn },
    });
  });
  return getCsr(db, id);
}
