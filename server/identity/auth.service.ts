import crypto from 'node:crypto';
import type { Db } from '../platform/db/client.js';
import { AppError } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { visibleClasses } from '../platform/http/redact.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import type { Locale } from '../../contracts/errors.js';
import type { TMe } from '../../contracts/identity.js';
import { hashPassword, verifyDummy, verifyPassword } from './password.js';
import { enqueue } from '../platform/outbox/outbox.js';
import { assertPasswordPolicy } from './password-policy.js';
import * as repo from './identity.repository.js';

/**
 * Lockout with back-off: the 5th consecutive failure locks the account for 1 minute; each
 * further failure after a lock ends locks it again for twice as long, up to 15 minutes. The
 * caller is never told (unknown user, wrong password and locked answer the same 401), the user is
 * notified, an administrator can unlock, and a successful sign-in starts the count afresh.
 */
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_FIRST_MINUTES = 1;
export const LOCK_MAX_MINUTES = 15;

export function lockMinutes(failures: number): number {
  if (failures < LOCK_AFTER_FAILURES) return 0;
  return Math.min(LOCK_FIRST_MINUTES * 2 ** Math.min(failures - LOCK_AFTER_FAILURES, 20), LOCK_MAX_MINUTES);
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const userRef = (id: string) => ({ type: 'user', id });

export interface LoginResult {
  token: string;
  expiresAt: Date;
}

/** Check the password, count failures and lock the account (with back-off) after too many; open a session. */
export async function login(
  db: Db,
  input: { username: string; password: string; ip: string | null; userAgent: string | null },
  ttlHours: number,
  now = new Date(),
): Promise<LoginResult> {
  const user = await repo.selectUserForLogin(db, input.username);
  if (!user) {
    // the same work as a wrong password (a hash check and one audit write), so the time tells nothing;
    // the attempted name is not kept (people type passwords into the name field)
    await verifyDummy(input.password);
    await db.transaction(async (tx) => {
      await insertAudit(tx, { actorId: null, ref: { type: 'login', id: 'unknown-user' }, action: 'login.failed', after: { ip: input.ip } });
    });
    throw new AppError('INVALID_CREDENTIALS');
  }
  // the hash is checked even while locked: the time spent tells nothing
  const ok = await verifyPassword(user.passwordHash, input.password);
  if (user.lockedUntil && user.lockedUntil > now) {
    await db.transaction(async (tx) => {
      await insertAudit(tx, {
        actorId: null,
        ref: userRef(user.id),
        action: 'login.refused',
        after: { ip: input.ip, lockedUntil: user.lockedUntil!.toISOString() },
      });
    });
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (!ok) {
    await db.transaction(async (tx) => {
      const failures = await repo.recordLoginFailure(tx, user.id);
      const minutes = lockMinutes(failures);
      if (!minutes) {
        await insertAudit(tx, { actorId: null, ref: userRef(user.id), action: 'login.failed', after: { ip: input.ip } });
        return;
      }
      const until = new Date(now.getTime() + minutes * 60_000);
      await repo.setLockedUntil(tx, user.id, until);
      await insertAudit(tx, {
        actorId: null,
        ref: userRef(user.id),
        action: 'account.locked',
        after: { ip: input.ip, failures, lockedUntil: until.toISOString() },
      });
      await enqueue(tx, 'account.locked', { userId: user.id, minutes, failures });
    });
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (!user.active) throw new AppError('ACCOUNT_DISABLED');
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000);
  await db.transaction(async (tx) => {
    await repo.recordLoginSuccess(tx, user.id);
    await repo.insertSession(tx, {
      tokenHash: sha256(token),
      userId: user.id,
      csrfToken: crypto.randomBytes(24).toString('base64url'),
      expiresAt,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
    await insertAudit(tx, { actorId: user.id, ref: userRef(user.id), action: 'login', after: { ip: input.ip } });
  });
  return { token, expiresAt };
}

export async function logout(db: Db, auth: AuthContext) {
  await db.transaction(async (tx) => {
    await repo.revokeSession(tx, auth.sessionHash);
    await insertAudit(tx, { actorId: auth.userId, ref: userRef(auth.userId), action: 'logout' });
  });
}

/** The signed-in user behind a session token, or null. */
export async function resolveSession(db: Db, token: string): Promise<AuthContext | null> {
  const tokenHash = sha256(token);
  const s = await repo.selectSessionUser(db, tokenHash);
  if (!s) return null;
  if (Date.now() - s.lastSeenAt.getTime() > 5 * 60_000) await repo.touchSession(db, tokenHash);
  const permissions = new Set(s.roles.flatMap((r) => r.permissions));
  return {
    userId: s.userId,
    username: s.username,
    displayName: s.displayName,
    locale: s.locale as Locale,
    roles: s.roles.map((r) => r.code).sort(),
    departmentIds: s.departments.map((d) => d.id),
    departmentCodes: s.departments.map((d) => d.code),
    permissions,
    visible: visibleClasses(permissions),
    csrfToken: s.csrfToken,
    sessionHash: tokenHash,
    mustChangePassword: s.mustChangePassword,
  };
}

/**
 * The principal of an API token: the user behind it with the user's permissions narrowed to the token's scopes
 * (a permission the user lacks is never granted by a scope). No CSRF token: a bearer token is not ambient.
 */
export async function resolvePrincipal(db: Db, userId: string, scopes: readonly string[], tokenId: string): Promise<AuthContext | null> {
  const u = await repo.selectActivePrincipal(db, userId);
  if (!u) return null;
  const allowed = new Set(scopes);
  const permissions = new Set(u.roles.flatMap((r) => r.permissions).filter((p) => allowed.has(p)));
  return {
    userId: u.userId,
    username: u.username,
    displayName: u.displayName,
    locale: u.locale as Locale,
    roles: u.roles.map((r) => r.code).sort(),
    departmentIds: u.departments.map((d) => d.id),
    departmentCodes: u.departments.map((d) => d.code),
    permissions,
    visible: visibleClasses(permissions),
    csrfToken: '',
    sessionHash: '',
    mustChangePassword: false,
    tokenId,
  };
}

export async function describeMe(db: Db, auth: AuthContext): Promise<TMe> {
  const s = auth.tokenId ? await repo.selectActivePrincipal(db, auth.userId) : await repo.selectSessionUser(db, auth.sessionHash);
  return {
    id: auth.userId,
    username: auth.username,
    displayName: auth.displayName,
    locale: auth.locale,
    roles: auth.roles as TMe['roles'],
    departments: (s?.departments ?? []).map((d) => ({ id: d.id, code: d.code, name: { zh: d.nameZh, en: d.nameEn } })),
    permissions: [...auth.permissions].sort() as TMe['permissions'],
    csrfToken: auth.csrfToken,
    mustChangePassword: auth.mustChangePassword,
  };
}

export async function changePassword(db: Db, auth: AuthContext, currentPassword: string, newPassword: string) {
  const hash = await repo.selectPasswordHash(db, auth.userId);
  if (!hash || !(await verifyPassword(hash, currentPassword))) {
    throw new AppError('WRONG_PASSWORD', [{ path: 'body.currentPassword', code: 'wrong' }]);
  }
  assertPasswordPolicy(newPassword, [auth.username, auth.displayName], 'body.newPassword');
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    const user = await repo.selectUser(tx, auth.userId);
    await repo.updateUserRow(tx, auth.userId, user!.version, { passwordHash, mustChangePassword: false }, auth.userId);
    await repo.revokeUserSessions(tx, auth.userId, auth.sessionHash);
    await insertAudit(tx, { actorId: auth.userId, ref: userRef(auth.userId), action: 'password.changed' });
  });
}

export async function updatePreferences(db: Db, auth: AuthContext, locale: Locale) {
  await db.transaction(async (tx) => {
    const user = await repo.selectUser(tx, auth.userId);
    await repo.updateUserRow(tx, auth.userId, user!.version, { locale }, auth.userId);
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: userRef(auth.userId),
      action: 'preferences.updated',
      before: { locale: user!.locale },
      after: { locale },
    });
  });
}
