import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Executor } from '../platform/db/client.js';
import { users } from '../identity/identity.table.js';
import { apiTokens } from './api-tokens.table.js';

const columns = {
  id: apiTokens.id,
  kind: apiTokens.kind,
  name: apiTokens.name,
  userId: apiTokens.userId,
  userName: users.displayName,
  prefix: apiTokens.prefix,
  scopes: apiTokens.scopes,
  expiresAt: apiTokens.expiresAt,
  revokedAt: apiTokens.revokedAt,
  lastUsedAt: apiTokens.lastUsedAt,
  lastUsedIp: apiTokens.lastUsedIp,
  createdAt: apiTokens.createdAt,
  createdBy: apiTokens.createdBy,
};
export type TokenRow = Awaited<ReturnType<typeof selectToken>> & object;

export async function insertToken(tx: Executor, values: typeof apiTokens.$inferInsert): Promise<string> {
  const [row] = await tx.insert(apiTokens).values(values).returning({ id: apiTokens.id });
  return row!.id;
}

export async function selectToken(db: Executor, id: string) {
  const [row] = await db.select(columns).from(apiTokens).innerJoin(users, eq(users.id, apiTokens.userId)).where(eq(apiTokens.id, id));
  return row;
}

export function selectTokens(db: Executor, filter: { userId?: string; kind?: string }) {
  const where = [filter.userId ? eq(apiTokens.userId, filter.userId) : undefined, filter.kind ? eq(apiTokens.kind, filter.kind) : undefined].filter(Boolean);
  return db
    .select(columns)
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(...where))
    .orderBy(desc(apiTokens.createdAt))
    .limit(500);
}

/** A live token by its hash: not revoked, not expired. */
export async function selectLiveByHash(db: Executor, tokenHash: string) {
  const [row] = await db
    .select({ id: apiTokens.id, userId: apiTokens.userId, scopes: apiTokens.scopes, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, new Date())));
  return row;
}

export async function touchToken(db: Executor, id: string, ip: string) {
  await db
    .update(apiTokens)
    .set({ lastUsedAt: new Date(), lastUsedIp: ip.slice(0, 60) })
    .where(eq(apiTokens.id, id));
}

export async function revokeToken(tx: Executor, id: string, by: string): Promise<boolean> {
  const r = await tx
    .update(apiTokens)
    .set({ revokedAt: new Date(), revokedBy: by })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return r.length > 0;
}
