import crypto from 'node:crypto';
import type { Db } from '../platform/db/client.js';
import { AppError } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { visibleClasses } from '../platform/http/redact.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import type { Locale } from '../../contracts/errors.js';
import type { TMe } from '../../contracts/identity.js';
import { hashPassword, verifyDummy, verifyPassword } from './password.js';
import * as repo from './identity.repository.js';

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const userRef = (id: string) => ({ type: 'user', id });

export interface LoginResult {
  token: string;
  expiresAt: Date;
}

/** Check the password, count failures and lock the account after too many; open a session. */
export async function login(
  db: Db,
  input: { username: string; password: string; ip: string | null; userAgent: string | null },
  ttlHours: number,
  now = new Date(),
): Promise<LoginResult> {
  const user = await repo.selectUserForLogin(db, input.username);
  if (!user) {
    await verifyDummy(input.password);
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (user.lockedUntil && user.lockedUntil > now) throw new AppError('ACCOUNT_LOCKED');
  const ok = await verifyPassword(user.passwordHash, input.password);
  if (!ok) {
    const lockedUntil = await db.transaction(async (tx) => {
      const until = await repo.recordLoginFailure(tx, user.id, LOCK_AFTER_FAILURES, new Date(now.getTime() + LOCK_MINUTES * 60_000));
      const locked = !!until && until > now;
      await insertAudit(tx, { actorId: null, ref: userRef(user.id), action: locked ? 'account.locked' : 'login.failed', after: { ip: input.ip } });
      return locked ? until : null;
    });
    throw new AppError(lockedUntil ? 'ACCOUNT_LOCKED' : 'INVALID_CREDENTIALS');
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

export async function describeMe(db: Db, auth: AuthContext): Promise<TMe> {
  const s = await repo.selectSessionUser(db, auth.sessionHash);
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

export function assertStrongPassword(username: string, password: string) {
  if (password.length < 10 || password.toLowerCase() === username.toLowerCase()) {
    throw new AppError('WEAK_PASSWORD', [{ path: 'body.newPassword', code: 'weak' }]);
  }
}

export async function changePassword(db: Db, auth: AuthContext, currentPassword: string, newPassword: string) {
  const hash = await repo.selectPasswordHash(db, auth.userId);
  if (!hash || !(await verifyPassword(hash, currentPassword))) {
    throw new AppError('WRONG_PASSWORD', [{ path: 'body.currentPassword', code: 'wrong' }]);
  }
  assertStrongPassword(auth.username, newPassword);
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
    await insertAudit(tx, { actorId: auth.userId, ref: userRef(auth.userId), action: 'preferences.updated', before: { locale: user!.locale }, after: { locale } });
  });
}
