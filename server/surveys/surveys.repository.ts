import { and, asc, desc, eq, ilike, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../platform/db/client.js';
import { nextNumber } from '../platform/numbering/numbering.js';
import { departments, userDepartments, userRoles, users } from '../identity/identity.table.js';
import { contacts, parties } from '../parties/parties.table.js';
import { procedureInstances } from '../procedures/procedures.table.js';
import { actionItems } from '../actions/actions.table.js';
import type { TSurveyDimension } from '../../contracts/surveys.js';
import { surveyCampaigns, surveyRecipients, surveyReplies, surveyResponses, surveyTemplates } from './surveys.table.js';

export const SURVEY_PROCEDURE = 'survey';
export const RESPONSE_REF = 'survey-response';
const creator = alias(users, 'creator');

// ---- templates ----------------------------------------------------------------------------
const templateColumns = {
  id: surveyTemplates.id,
  key: surveyTemplates.key,
  revision: surveyTemplates.revision,
  title: surveyTemplates.title,
  intro: surveyTemplates.intro,
  dimensions: surveyTemplates.dimensions,
  recommendQuestion: surveyTemplates.recommendQuestion,
  commentsQuestion: surveyTemplates.commentsQuestion,
  lowScoreThreshold: surveyTemplates.lowScoreThreshold,
  indexTarget: surveyTemplates.indexTarget,
  actionDueWorkingDays: surveyTemplates.actionDueWorkingDays,
  supersededAt: surveyTemplates.supersededAt,
  version: surveyTemplates.version,
  createdAt: surveyTemplates.createdAt,
  createdByName: creator.displayName,
};
export type TemplateRow = {
  id: string;
  key: string;
  revision: number;
  title: { zh: string; en: string };
  intro: { zh: string; en: string };
  dimensions: TSurveyDimension[];
  recommendQuestion: { zh: string; en: string };
  commentsQuestion: { zh: string; en: string };
  lowScoreThreshold: number;
  indexTarget: string;
  actionDueWorkingDays: number;
  supersededAt: Date | null;
  version: number;
  createdAt: Date;
  createdByName: string | null;
};
export type TemplateValues = Omit<TemplateRow, 'id' | 'key' | 'revision' | 'supersededAt' | 'version' | 'createdAt' | 'createdByName'>;

const templateBase = (db: Executor) => db.select(templateColumns).from(surveyTemplates).leftJoin(creator, eq(creator.id, surveyTemplates.createdBy));

export function selectTemplates(db: Executor): Promise<TemplateRow[]> {
  return templateBase(db).orderBy(asc(surveyTemplates.key), desc(surveyTemplates.revision));
}
export async function selectTemplate(db: Executor, id: string): Promise<TemplateRow | undefined> {
  const [row] = await templateBase(db).where(eq(surveyTemplates.id, id));
  return row;
}
export async function selectTemplateByKey(db: Executor, key: string): Promise<TemplateRow | undefined> {
  const [row] = await templateBase(db).where(and(eq(surveyTemplates.key, key), isNull(surveyTemplates.supersededAt)));
  return row;
}
export async function insertTemplate(tx: Executor, key: string, revision: number, v: TemplateValues, reason: string | null, actorId: string): Promise<string> {
  const [row] = await tx
    .insert(surveyTemplates)
    .values({ key, revision, ...v, reason, createdBy: actorId, updatedBy: actorId })
    .returning({ id: surveyTemplates.id });
  return row!.id;
}
/** Mark a revision superseded (only the current one, at the version read). */
export async function supersedeTemplate(tx: Executor, id: string, version: number, actorId: string): Promise<boolean> {
  const res = await tx
    .update(surveyTemplates)
    .set({ supersededAt: new Date(), version: sql`${surveyTemplates.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(surveyTemplates.id, id), eq(surveyTemplates.version, version), isNull(surveyTemplates.supersededAt)))
    .returning({ id: surveyTemplates.id });
  return res.length > 0;
}

// ---- campaigns ----------------------------------------------------------------------------
const owner = alias(users, 'owner');
const instanceJoin = and(
  eq(procedureInstances.refType, 'survey-campaign'),
  eq(procedureInstances.refId, sql`${surveyCampaigns.id}::text`),
  eq(procedureInstances.procedureId, SURVEY_PROCEDURE),
);
const campaignColumns = {
  id: surveyCampaigns.id,
  number: surveyCampaigns.number,
  title: surveyCampaigns.title,
  templateId: surveyCampaigns.templateId,
  templateKey: surveyTemplates.key,
  templateRevision: surveyTemplates.revision,
  periodFrom: surveyCampaigns.periodFrom,
  periodTo: surveyCampaigns.periodTo,
  sentAt: surveyCampaigns.sentAt,
  responseDeadline: surveyCampaigns.responseDeadline,
  reminderAfterWorkingDays: surveyCampaigns.reminderAfterWorkingDays,
  ownerId: surveyCampaigns.ownerId,
  ownerName: owner.displayName,
  analysisSummary: surveyCampaigns.analysisSummary,
  version: surveyCampaigns.version,
  createdAt: surveyCampaigns.createdAt,
  state: procedureInstances.state,
  instanceStatus: procedureInstances.status,
  recipientCount: sql<number>`(select count(*)::int from ${surveyRecipients} where ${surveyRecipients.campaignId} = ${surveyCampaigns.id})`,
  responseCount: sql<number>`(select count(*)::int from ${surveyResponses} where ${surveyResponses.campaignId} = ${surveyCampaigns.id} and ${surveyResponses.voidedAt} is null)`,
};
export type CampaignRow = {
  id: string;
  number: string;
  title: string;
  templateId: string;
  templateKey: string;
  templateRevision: number;
  periodFrom: string;
  periodTo: string;
  sentAt: Date;
  responseDeadline: string;
  reminderAfterWorkingDays: number;
  ownerId: string;
  ownerName: string | null;
  analysisSummary: string | null;
  version: number;
  createdAt: Date;
  state: string | null;
  instanceStatus: string | null;
  recipientCount: number;
  responseCount: number;
};
const campaignBase = (db: Executor) =>
  db
    .select(campaignColumns)
    .from(surveyCampaigns)
    .innerJoin(surveyTemplates, eq(surveyTemplates.id, surveyCampaigns.templateId))
    .leftJoin(owner, eq(owner.id, surveyCampaigns.ownerId))
    .leftJoin(procedureInstances, instanceJoin);

export async function selectCampaigns(db: Executor, f: { q?: string | undefined; limit: number; offset: number }) {
  const where = [isNull(surveyCampaigns.voidedAt)];
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(surveyCampaigns.number, like), ilike(surveyCampaigns.title, like))!);
  }
  const items: CampaignRow[] = await campaignBase(db)
    .where(and(...where))
    .orderBy(desc(surveyCampaigns.sentAt), desc(surveyCampaigns.seq))
    .limit(f.limit)
    .offset(f.offset);
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(surveyCampaigns)
    .where(and(...where));
  return { items, total: count!.n };
}
export async function selectCampaign(db: Executor, id: string): Promise<CampaignRow | undefined> {
  const [row] = await campaignBase(db).where(eq(surveyCampaigns.id, id));
  return row;
}
/** Earlier campaigns of the same questionnaire (any revision), oldest first, for the trend. */
export function selectEarlierCampaigns(db: Executor, templateKey: string, before: Date, limit = 8): Promise<CampaignRow[]> {
  return campaignBase(db)
    .where(and(eq(surveyTemplates.key, templateKey), lt(surveyCampaigns.sentAt, before), isNull(surveyCampaigns.voidedAt)))
    .orderBy(desc(surveyCampaigns.sentAt))
    .limit(limit)
    .then((r) => r.reverse());
}
export async function insertCampaign(
  tx: Executor,
  v: {
    title: string;
    templateId: string;
    periodFrom: string;
    periodTo: string;
    sentAt: Date;
    responseDeadline: string;
    reminderAfterWorkingDays: number;
    ownerId: string;
  },
  actorId: string,
): Promise<{ id: string; number: string }> {
  const year = v.sentAt.toISOString().slice(0, 4);
  const n = await nextNumber(
    tx,
    `survey:${year}`,
    sql`select coalesce(max(split_part(number, '-', 3)::int), 0) from survey_campaigns where number like ${`CS-${year}-%`}`,
  );
  const number = `CS-${year}-${String(n).padStart(2, '0')}`;
  const [row] = await tx
    .insert(surveyCampaigns)
    .values({ ...v, number, createdBy: actorId, updatedBy: actorId })
    .returning({ id: surveyCampaigns.id });
  return { id: row!.id, number };
}
/** Inside a procedure transition (the instance is the lock): no version check. */
export async function setAnalysisSummary(tx: Executor, id: string, summary: string, actorId: string) {
  await tx
    .update(surveyCampaigns)
    .set({ analysisSummary: summary, version: sql`${surveyCampaigns.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(eq(surveyCampaigns.id, id));
}
export async function touchCampaign(tx: Executor, id: string, actorId: string) {
  await tx
    .update(surveyCampaigns)
    .set({ version: sql`${surveyCampaigns.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(eq(surveyCampaigns.id, id));
}

// ---- recipients ----------------------------------------------------------------------------
const recipientColumns = {
  id: surveyRecipients.id,
  campaignId: surveyRecipients.campaignId,
  partyId: surveyRecipients.partyId,
  partyCode: parties.code,
  partyName: parties.nameZh,
  partyNameEn: parties.nameEn,
  contactId: surveyRecipients.contactId,
  contactName: contacts.name,
  language: surveyRecipients.language,
  expiresAt: surveyRecipients.expiresAt,
  sentAt: surveyRecipients.sentAt,
  sendCommunicationId: surveyRecipients.sendCommunicationId,
  reminders: surveyRecipients.reminders,
  lastRemindedAt: surveyRecipients.lastRemindedAt,
  respondedAt: surveyRecipients.respondedAt,
  version: surveyRecipients.version,
};
export type RecipientRow = {
  id: string;
  campaignId: string;
  partyId: string;
  partyCode: string;
  partyName: string;
  partyNameEn: string | null;
  contactId: string;
  contactName: string;
  language: string;
  expiresAt: Date;
  sentAt: Date;
  sendCommunicationId: string | null;
  reminders: number;
  lastRemindedAt: Date | null;
  respondedAt: Date | null;
  version: number;
};
const recipientBase = (db: Executor) =>
  db
    .select(recipientColumns)
    .from(surveyRecipients)
    .innerJoin(parties, eq(parties.id, surveyRecipients.partyId))
    .innerJoin(contacts, eq(contacts.id, surveyRecipients.contactId));

export function selectRecipients(db: Executor, campaignIds: string[]): Promise<RecipientRow[]> {
  if (!campaignIds.length) return Promise.resolve([]);
  return recipientBase(db).where(inArray(surveyRecipients.campaignId, campaignIds)).orderBy(asc(parties.code), asc(contacts.name));
}
export async function selectRecipient(db: Executor, id: string): Promise<RecipientRow | undefined> {
  const [row] = await recipientBase(db).where(eq(surveyRecipients.id, id));
  return row;
}
/** A contact's own survey links not yet answered (the portal's list). */
export function selectUnansweredOfContact(db: Executor, partyId: string, contactId: string): Promise<RecipientRow[]> {
  return recipientBase(db)
    .where(and(eq(surveyRecipients.partyId, partyId), eq(surveyRecipients.contactId, contactId), isNull(surveyRecipients.respondedAt)))
    .orderBy(asc(surveyRecipients.expiresAt));
}
export async function selectRecipientByTokenHash(db: Executor, tokenHash: string): Promise<RecipientRow | undefined> {
  const [row] = await recipientBase(db).where(eq(surveyRecipients.tokenHash, tokenHash));
  return row;
}
export async function insertRecipient(
  tx: Executor,
  v: { campaignId: string; partyId: string; contactId: string; language: string; tokenHash: string; expiresAt: Date; sentAt: Date },
  actorId: string | null,
): Promise<string> {
  const [row] = await tx
    .insert(surveyRecipients)
    .values({ ...v, createdBy: actorId, updatedBy: actorId })
    .returning({ id: surveyRecipients.id });
  return row!.id;
}
export async function updateRecipient(
  tx: Executor,
  id: string,
  v: Partial<{ sendCommunicationId: string; tokenHash: string; reminders: number; lastRemindedAt: Date }>,
  actorId: string | null,
) {
  await tx
    .update(surveyRecipients)
    .set({ ...v, version: sql`${surveyRecipients.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(eq(surveyRecipients.id, id));
}
/** Take the recipient's one answer: false when someone answered first (double submission). */
export async function markResponded(tx: Executor, id: string, at: Date, actorId: string | null): Promise<boolean> {
  const res = await tx
    .update(surveyRecipients)
    .set({ respondedAt: at, version: sql`${surveyRecipients.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(surveyRecipients.id, id), isNull(surveyRecipients.respondedAt)))
    .returning({ id: surveyRecipients.id });
  return res.length > 0;
}

// ---- responses -----------------------------------------------------------------------------
const enterer = alias(users, 'enterer');
const corrector = alias(users, 'corrector');
const responseColumns = {
  id: surveyResponses.id,
  campaignId: surveyResponses.campaignId,
  campaignNumber: surveyCampaigns.number,
  recipientId: surveyResponses.recipientId,
  partyId: surveyResponses.partyId,
  partyCode: parties.code,
  partyName: parties.nameZh,
  contactName: contacts.name,
  source: surveyResponses.source,
  respondedAt: surveyResponses.respondedAt,
  enteredByName: enterer.displayName,
  scores: surveyResponses.scores,
  recommend: surveyResponses.recommend,
  comments: surveyResponses.comments,
  satisfactionIndex: surveyResponses.satisfactionIndex,
  low: surveyResponses.low,
  communicationId: surveyResponses.communicationId,
  correctiveReason: surveyResponses.correctiveReason,
  correctiveByName: corrector.displayName,
  correctiveAt: surveyResponses.correctiveAt,
  version: surveyResponses.version,
};
export type ResponseRow = {
  id: string;
  campaignId: string;
  campaignNumber: string;
  recipientId: string;
  partyId: string;
  partyCode: string;
  partyName: string;
  contactName: string;
  source: string;
  respondedAt: Date;
  enteredByName: string | null;
  scores: Record<string, number>;
  recommend: number | null;
  comments: string | null;
  satisfactionIndex: string;
  low: string[];
  communicationId: string | null;
  correctiveReason: string | null;
  correctiveByName: string | null;
  correctiveAt: Date | null;
  version: number;
};
const responseBase = (db: Executor) =>
  db
    .select(responseColumns)
    .from(surveyResponses)
    .innerJoin(surveyCampaigns, eq(surveyCampaigns.id, surveyResponses.campaignId))
    .innerJoin(surveyRecipients, eq(surveyRecipients.id, surveyResponses.recipientId))
    .innerJoin(parties, eq(parties.id, surveyResponses.partyId))
    .innerJoin(contacts, eq(contacts.id, surveyRecipients.contactId))
    .leftJoin(enterer, eq(enterer.id, surveyResponses.enteredBy))
    .leftJoin(corrector, eq(corrector.id, surveyResponses.correctiveBy));

export function selectResponses(db: Executor, campaignIds: string[]): Promise<ResponseRow[]> {
  if (!campaignIds.length) return Promise.resolve([]);
  return responseBase(db)
    .where(and(inArray(surveyResponses.campaignId, campaignIds), isNull(surveyResponses.voidedAt)))
    .orderBy(asc(parties.code), asc(surveyResponses.respondedAt));
}
export async function selectResponse(db: Executor, id: string): Promise<ResponseRow | undefined> {
  const [row] = await responseBase(db).where(eq(surveyResponses.id, id));
  return row;
}
export async function insertResponse(
  tx: Executor,
  v: {
    campaignId: string;
    recipientId: string;
    partyId: string;
    source: string;
    respondedAt: Date;
    enteredBy: string | null;
    scores: Record<string, number>;
    recommend: number | null;
    comments: string | null;
    satisfactionIndex: string;
    low: string[];
  },
  actorId: string | null,
): Promise<string> {
  const [row] = await tx
    .insert(surveyResponses)
    .values({ ...v, createdBy: actorId, updatedBy: actorId })
    .returning({ id: surveyResponses.id });
  return row!.id;
}
export async function updateResponse(
  tx: Executor,
  id: string,
  v: Partial<{ communicationId: string; correctiveReason: string; correctiveBy: string; correctiveAt: Date }>,
  actorId: string | null,
) {
  await tx
    .update(surveyResponses)
    .set({ ...v, version: sql`${surveyResponses.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(eq(surveyResponses.id, id));
}

// ---- replies --------------------------------------------------------------------------------
export function selectReplies(db: Executor, campaignId: string) {
  return db
    .select({
      id: surveyReplies.id,
      partyId: surveyReplies.partyId,
      sentAt: surveyReplies.sentAt,
      channel: surveyReplies.channel,
      communicationId: surveyReplies.communicationId,
    })
    .from(surveyReplies)
    .where(eq(surveyReplies.campaignId, campaignId));
}
export async function insertReply(
  tx: Executor,
  v: { campaignId: string; partyId: string; sentAt: Date; channel: string; communicationId: string },
  actorId: string,
) {
  await tx.insert(surveyReplies).values({ ...v, createdBy: actorId, updatedBy: actorId });
}

// ---- improvement actions (the shared action items, read here for the survey's status) --------
export function selectResponseActions(db: Executor, responseIds: string[]) {
  if (!responseIds.length) return Promise.resolve([]);
  return db
    .select({
      id: actionItems.id,
      seq: actionItems.seq,
      sourceId: actionItems.sourceId,
      title: actionItems.title,
      department: actionItems.department,
      status: actionItems.status,
      dueDate: actionItems.dueDate,
      evidence: actionItems.evidence,
    })
    .from(actionItems)
    .where(and(eq(actionItems.sourceType, RESPONSE_REF), inArray(actionItems.sourceId, responseIds)))
    .orderBy(asc(actionItems.seq));
}

/** Who owns a department's improvement: its manager, else any active member. */
export async function selectDepartmentOwner(db: Executor, departmentCode: string): Promise<string | undefined> {
  const members = await db
    .select({
      id: users.id,
      isManager: sql<boolean>`exists (select 1 from ${userRoles} where ${userRoles.userId} = ${users.id} and ${userRoles.roleCode} = 'manager')`,
    })
    .from(users)
    .innerJoin(userDepartments, eq(userDepartments.userId, users.id))
    .innerJoin(departments, eq(departments.id, userDepartments.departmentId))
    .where(and(eq(departments.code, departmentCode), eq(users.active, true)))
    .orderBy(asc(users.createdAt));
  return (members.find((m) => m.isManager) ?? members[0])?.id;
}

/** The people of a record for the edit rights (`platform/records/edit-rights.ts`); null when it does not exist. */
export async function selectCampaignEditPeople(db: Executor, id: string) {
  const [r] = await db
    .select({ ownerId: surveyCampaigns.ownerId, createdBy: surveyCampaigns.createdBy })
    .from(surveyCampaigns)
    .where(eq(surveyCampaigns.id, id));
  return r ? { owners: [r.ownerId, r.createdBy] } : null;
}

export async function selectTemplateEditPeople(db: Executor, id: string) {
  const [r] = await db.select({ createdBy: surveyTemplates.createdBy }).from(surveyTemplates).where(eq(surveyTemplates.id, id));
  return r ? { owners: [r.createdBy] } : null;
}

export async function selectResponseEditPeople(db: Executor, id: string) {
  const [r] = await db
    .select({ enteredBy: surveyResponses.enteredBy, ownerId: surveyCampaigns.ownerId })
    .from(surveyResponses)
    .innerJoin(surveyCampaigns, eq(surveyCampaigns.id, surveyResponses.campaignId))
    .where(eq(surveyResponses.id, id));
  return r ? { owners: [r.enteredBy, r.ownerId] } : null;
}

/** Number and title of many campaigns in one statement (the record type's `fetchTitles`). */
export async function selectCampaignTitles(db: Executor, ids: string[]) {
  if (!ids.length) return [];
  return db
    .select({ id: surveyCampaigns.id, number: surveyCampaigns.number, title: surveyCampaigns.title })
    .from(surveyCampaigns)
    .where(inArray(surveyCampaigns.id, ids));
}
