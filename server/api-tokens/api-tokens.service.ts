import crypto from 'node:crypto';
import type { Db } from '../platform/db/client.js';
import { AppError } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { TOKEN_PREFIX, type TApiToken } from '../../contracts/api-tokens.js';
import type { Permission } from '../../contracts/identity.js';
import { resolvePrincipal, selectUser } from '../identity/index.js';
import { selectActivePrincipal } from '../identity/index.js';
import * as repo from './api-tokens.repository.js';

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const ref = (id: string) => ({ type: 'api-token', id });

function present(r: NonNullable<Awaited<ReturnType<typeof repo.selectToken>>>, now = new Date()): TApiToken {
  return {
    id: r.id,
    kind: r.kind as TApiToken['kind'],
    name: r.name,
    userId: r.userId,
    userName: r.userName,
    prefix: r.prefix,
    scopes: r.scopes as Permission[],
    expiresAt: r.expiresAt.toISOString(),
    revokedAt: r.revokedAt?.toISOString() ?? null,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    lastUsedIp: r.lastUsedIp,
    createdAt: r.createdAt.toISOString(),
    state: r.revokedAt ? 'revoked' : r.expiresAt <= now ? 'expired' : 'active',
  };
}

interface CreateInput {
  name: string;
  scopes: Permission[];
  expiresInDays: number;
}

async function create(db: Db, auth: AuthContext, kind: 'personal' | 'service', userId: string, input: CreateInput) {
  const principal = await selectActivePrincipal(db, userId);
  if (!principal) throw new AppError('TOKEN_USER_INACTIVE', [{ path: 'body.userId', code: 'inactive' }]);
  // a scope the user does not hold would grant nothing: refused, so the list shown is what the token can do
  const held = new Set(principal.roles.flatMap((r) => r.permissions));
  const missing = [...new Set(input.scopes)].map((s, i) => ({ s, i })).filter(({ s }) => !held.has(s));
  if (missing.length)
    throw new AppError(
      'TOKEN_SCOPE_NOT_HELD',
      missing.map(({ i, s }) => ({ path: `body.scopes.${i}`, code: s })),
    );
  const secret = `${TOKEN_PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(Date.now() + input.expiresInDays * 86_400_000);
  const scopes = [...new Set(input.scopes)].sort();
  const id = await db.transaction(async (tx) => {
    const newId = await repo.insertToken(tx, {
      kind,
      name: input.name,
      userId,
      tokenHash: sha256(secret),
      prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
      scopes,
      expiresAt,
      createdBy: auth.userId,
    });
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: ref(newId),
      action: 'api-token.created',
      after: { kind, name: input.name, userId, scopes, expiresAt: expiresAt.toISOString() },
    });
    return newId;
  });
  return { token: present((await repo.selectToken(db, id))!), secret };
}

export const createPersonalToken = (db: Db, auth: AuthContext, input: CreateInput) => create(db, auth, 'personal', auth.userId, input);

export async function createServiceToken(db: Db, auth: AuthContext, input: CreateInput & { userId: string }) {
  if (!(await selectUser(db, input.userId))) throw new AppError('NOT_FOUND', [{ path: 'body.userId', code: 'not_found' }]);
  return create(db, auth, 'service', input.userId, input);
}

export async function listMyTokens(db: Db, auth: AuthContext) {
  return { items: (await repo.selectTokens(db, { userId: auth.userId, kind: 'personal' })).map((r) => present(r)) };
}

export async function listServiceTokens(db: Db) {
  return { items: (await repo.selectTokens(db, { kind: 'service' })).map((r) => present(r)) };
}

/** Revoke: one's own personal token, or (administration) a service token. Another's token answers 404. */
export async function revokeToken(db: Db, auth: AuthContext, id: string, as: 'own' | 'service') {
  const t = await repo.selectToken(db, id);
  if (!t || (as === 'own' ? t.kind !== 'personal' || t.userId !== auth.userId : t.kind !== 'service')) throw new AppError('NOT_FOUND');
  await db.transaction(async (tx) => {
    if (!(await repo.revokeToken(tx, id, auth.userId))) throw new AppError('TOKEN_REVOKED');
    await insertAudit(tx, { actorId: auth.userId, ref: ref(id), action: 'api-token.revoked', before: { name: t.name } });
  });
  return present((await repo.selectToken(db, id))!);
}

/** The principal behind `Authorization: Bearer <secret>`; records last use (at most once a minute). */
export async function resolveBearer(db: Db, secret: string, ip: string): Promise<AuthContext | null> {
  if (!secret.startsWith(TOKEN_PREFIX)) return null;
  const t = await repo.selectLiveByHash(db, sha256(secret));
  if (!t) return null;
  const principal = await resolvePrincipal(db, t.userId, t.scopes, t.id);
  if (!principal) return null;
  if (!t.lastUsedAt || Date.now() - t.lastUsedAt.getTime() > 60_000) await repo.touchToken(db, t.id, ip);
  return principal;
}
