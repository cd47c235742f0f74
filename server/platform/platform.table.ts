import { bigserial, index, integer, jsonb, pgTable, text, uuid, boolean, bigint, primaryKey, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { ts, tsvector } from './db/columns.js';

/** The organisation using this installation (one row). */
export const organisation = pgTable('organisation', {
  id: integer('id').primaryKey().default(1),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
  /** the permissions this database has been given out (null: before this was tracked); newer ones reach the default roles */
  knownPermissions: jsonb('known_permissions').$type<string[]>(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** The last number given per kind of record (`communication`, `action`, `order:2026`): see numbering.ts. */
export const counters = pgTable('counters', {
  key: text('key').primaryKey(),
  value: bigint('value', { mode: 'number' }).notNull(),
});

/** Append-only: who did what to which record, with before/after and reason. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().defaultNow(),
    actorId: uuid('actor_id'),
    /** a customer's contact acting through the portal (actor_id is then null): the row names the contact */
    actorContactId: uuid('actor_contact_id'),
    refType: text('ref_type').notNull(),
    refId: text('ref_id').notNull(),
    action: text('action').notNull(),
    before: jsonb('before').$type<Record<string, unknown> | null>(),
    after: jsonb('after').$type<Record<string, unknown> | null>(),
    reason: text('reason'),
    /** HMAC of the row's content, written with it by the app: a row inserted or changed behind the app's back has none that fits */
    mac: text('mac'),
    /** the row's place in the chain, given by the sealer after commit (null: not sealed yet) */
    seq: bigint('seq', { mode: 'number' }),
    /** HMAC over the previous link, the place and the row's mac: a deleted, inserted or reordered row breaks the chain */
    chainHash: text('chain_hash'),
    /** set when a declared erasure (PIPL anonymisation) rewrote the content: the mac the chain was linked with */
    linkMac: text('link_mac'),
  },
  (t) => [
    index('audit_log_ref_idx').on(t.refType, t.refId, t.id),
    index('audit_log_at_idx').on(t.at),
    uniqueIndex('audit_log_seq_idx').on(t.seq),
    index('audit_log_unsealed_idx')
      .on(t.id)
      .where(sql`seq is null`),
  ],
);

/** The head of the audit chain (one row): the last sealed place and link; rows up to `adoptedThroughId` predate the chain. */
export const auditChain = pgTable('audit_chain', {
  id: integer('id').primaryKey().default(1),
  seq: bigint('seq', { mode: 'number' }).notNull().default(0),
  hash: text('hash').notNull().default(''),
  adoptedThroughId: bigint('adopted_through_id', { mode: 'number' }).notNull().default(0),
  sealedAt: ts('sealed_at'),
});

/** Side effects to run after commit (notifications, mail, webhooks). */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    topic: text('topic').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    processedAt: ts('processed_at'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** not before this time (a retry with back-off); null: as soon as possible */
    runAfter: ts('run_after'),
  },
  (t) => [
    index('outbox_pending_idx')
      .on(t.id)
      .where(sql`processed_at is null`),
  ],
);

/** In-app notifications, fed by the outbox. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull(),
    refType: text('ref_type').notNull(),
    refId: text('ref_id').notNull(),
    messageKey: text('message_key').notNull(),
    params: jsonb('params').$type<Record<string, string>>().notNull().default({}),
    createdAt: ts('created_at').notNull().defaultNow(),
    readAt: ts('read_at'),
    /** by mail: null (not yet decided) | digest (waits for the daily digest) | mailed | digested | off */
    mailState: text('mail_state'),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.createdAt),
    index('notifications_digest_idx')
      .on(t.userId)
      .where(sql`mail_state = 'digest'`),
  ],
);

/** Uploaded files: content lives in DATA_DIR/files by checksum; rows are never deleted. */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    mime: text('mime').notNull(),
    filename: text('filename').notNull(),
    ownerType: text('owner_type'),
    ownerId: text('owner_id'),
    uploadedBy: uuid('uploaded_by').notNull(),
    uploadedAt: ts('uploaded_at').notNull().defaultNow(),
    voidedAt: ts('voided_at'),
  },
  (t) => [index('attachments_owner_idx').on(t.ownerType, t.ownerId)],
);

/**
 * One row per searchable record, kept in step by the owning repository in the same
 * transaction. `tokens` holds CJK bigrams + single characters + words (built in the app);
 * `codes` holds part numbers and codes for trigram matching.
 */
export const searchIndex = pgTable(
  'search_index',
  {
    refType: text('ref_type').notNull(),
    refId: text('ref_id').notNull(),
    partyId: uuid('party_id'),
    permission: text('permission').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    tokens: tsvector('tokens').notNull(),
    codes: text('codes').notNull().default(''),
    at: ts('at').notNull(),
    voided: boolean('voided').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.refType, t.refId] }),
    index('search_index_tokens_idx').using('gin', t.tokens),
    index('search_index_codes_idx').using('gin', t.codes.op('gin_trgm_ops')),
    // newest first: a common word matches a quarter of the rows; walking by date stops at the limit
    index('search_index_at_idx').on(t.at.desc()),
  ],
);
