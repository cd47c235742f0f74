import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../platform/db/columns.js';
import { users } from '../identity/identity.table.js';

/** API tokens: only the SHA-256 of the secret is kept (the secret is shown once). */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    /** the user the token acts as (the person, or the service user) */
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull().unique(),
    prefix: text('prefix').notNull(),
    scopes: jsonb('scopes').$type<string[]>().notNull(),
    expiresAt: ts('expires_at').notNull(),
    revokedAt: ts('revoked_at'),
    revokedBy: uuid('revoked_by'),
    lastUsedAt: ts('last_used_at'),
    lastUsedIp: text('last_used_ip'),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);
