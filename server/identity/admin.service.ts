import { pinyin } from 'pinyin-pro';
import type { z } from 'zod';
import type { Db } from '../platform/db/client.js';
import { AppError, notFound, versionConflict } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { permissions as permissionNames, roleTemplates, type Permission } from '../../contracts/identity.js';
import type {
  ApplyRoleTemplateRequest,
  CreateDepartmentRequest,
  CreateUserRequest,
  ResetPasswordRequest,
  UpdateDepartmentRequest,
  UpdateRoleRequest,
  UpdateUserRequest,
} from '../../contracts/identity.js';
import { hashPassword } from './password.js';
import { assertPasswordPolicy } from './password-policy.js';
import * as repo from './identity.repository.js';

const toDepartment = (d: repo.DepartmentRow) => ({
  id: d.id,
  code: d.code,
  name: { zh: d.nameZh, en: d.nameEn },
  sort: d.sort,
  active: d.active,
  version: d.version,
});
const toRole = (r: repo.RoleRow) => ({
  code: r.code as never,
  name: { zh: r.nameZh, en: r.nameEn },
  permissions: r.permissions as Permission[],
  version: r.version,
});
const toUser = (u: repo.UserWithMemberships) => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  workEmail: u.workEmail,
  locale: u.locale as 'zh-CN' | 'en-US',
  active: u.active,
  roles: u.roles as never[],
  departmentIds: u.departmentIds,
  lockedUntil: u.lockedUntil && u.lockedUntil > new Date() ? u.lockedUntil.toISOString() : null,
  version: u.version,
  createdAt: u.createdAt.toISOString(),
});
const auditUser = (u: repo.UserWithMemberships) => {
  const { lockedUntil: _l, failedLogins: _f, createdAt: _c, ...rest } = u;
  return rest;
};

export async function listDepartments(db: Db) {
  return { items: (await repo.selectDepartments(db)).map(toDepartment) };
}

export async function createDepartment(db: Db, auth: AuthContext, input: z.infer<typeof CreateDepartmentRequest>) {
  return db.transaction(async (tx) => {
    const existing = await repo.selectDepartments(tx);
    if (existing.some((d) => d.code === input.code)) throw new AppError('DUPLICATE_CODE', [{ path: 'body.code', code: 'duplicate' }]);
    const row = await repo.insertDepartment(tx, { ...input, sort: existing.length + 1 }, auth.userId);
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'department', id: row.id }, action: 'create', after: row });
    return toDepartment(row);
  });
}

export async function updateDepartment(db: Db, auth: AuthContext, id: string, input: z.infer<typeof UpdateDepartmentRequest>) {
  return db.transaction(async (tx) => {
    const before = await repo.selectDepartment(tx, id);
    if (!before) throw notFound();
    const { version, ...values } = input;
    const after = await repo.updateDepartmentRow(tx, id, version, values, auth.userId);
    if (!after) throw versionConflict();
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'department', id }, action: 'update', before, after });
    return toDepartment(after);
  });
}

export async function listRoles(db: Db) {
  return {
    items: (await repo.selectRoles(db)).map(toRole),
    permissions: (Object.keys(permissionNames) as Permission[]).map((key) => ({ key, name: permissionNames[key] })),
  };
}

export async function updateRole(db: Db, auth: AuthContext, code: string, input: z.infer<typeof UpdateRoleRequest>) {
  return db.transaction(async (tx) => {
    const before = await repo.selectRole(tx, code);
    if (!before) throw notFound();
    // The admin role keeps users.admin so nobody locks the organisation out.
    const perms = code === 'admin' && !input.permissions.includes('users.admin') ? [...input.permissions, 'users.admin'] : input.permissions;
    const after = await repo.updateRolePermissionsRow(tx, code, input.version, [...new Set(perms)].sort(), auth.userId);
    if (!after) throw versionConflict();
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'role', id: code }, action: 'update', before, after });
    return toRole(after);
  });
}

export async function listUsers(db: Db) {
  return { items: (await repo.selectUsers(db)).map(toUser) };
}

/** The pinyin of a Chinese name, full and initials ('王经理' → 'wang jing li wjl'), so a picker finds 王经理 by typing 'wang'. */
export function nameSearchKey(displayName: string): string {
  const syllables = pinyin(displayName, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).map((s) => s.toLowerCase());
  return `${syllables.join(' ')} ${syllables.join('')} ${syllables.map((s) => s[0] ?? '').join('')}`;
}

/** Everyone active, for pickers; user names only for user administrators (no list of accounts to attack). */
export async function listUserOptions(db: Db, auth: AuthContext) {
  const admin = auth.permissions.has('users.admin');
  return {
    items: (await repo.selectUserOptions(db)).map(({ username, ...u }) => ({ ...u, searchKey: nameSearchKey(u.displayName), ...(admin ? { username } : {}) })),
  };
}

async function assertDepartmentsExist(db: Db, ids: string[]) {
  const known = new Set((await repo.selectDepartments(db)).map((d) => d.id));
  const missing = ids.findIndex((id) => !known.has(id));
  if (missing >= 0) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: `body.departmentIds.${missing}`, code: 'not_found' }]);
}

export async function createUser(db: Db, auth: AuthContext, input: z.infer<typeof CreateUserRequest>) {
  assertPasswordPolicy(input.password, [input.username, input.displayName], 'body.password');
  await assertDepartmentsExist(db, input.departmentIds);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    if (await repo.selectUserForLogin(tx, input.username)) throw new AppError('DUPLICATE_USERNAME', [{ path: 'body.username', code: 'duplicate' }]);
    const id = await repo.insertUser(
      tx,
      {
        username: input.username,
        displayName: input.displayName,
        workEmail: input.workEmail ?? null,
        locale: input.locale,
        passwordHash,
        mustChangePassword: true,
      },
      auth.userId,
    );
    await repo.replaceMemberships(tx, id, [...new Set(input.roles)], [...new Set(input.departmentIds)]);
    const created = (await repo.selectUser(tx, id))!;
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'user', id }, action: 'create', after: auditUser(created) });
    return toUser(created);
  });
}

export async function updateUser(db: Db, auth: AuthContext, id: string, input: z.infer<typeof UpdateUserRequest>) {
  await assertDepartmentsExist(db, input.departmentIds);
  return db.transaction(async (tx) => {
    const before = await repo.selectUser(tx, id);
    if (!before) throw notFound();
    const ok = await repo.updateUserRow(
      tx,
      id,
      input.version,
      { displayName: input.displayName, workEmail: input.workEmail ?? null, locale: input.locale, active: input.active },
      auth.userId,
    );
    if (!ok) throw versionConflict();
    await repo.replaceMemberships(tx, id, [...new Set(input.roles)], [...new Set(input.departmentIds)]);
    if (before.roles.includes('admin') && (!input.active || !input.roles.includes('admin')) && (await repo.countActiveAdmins(tx)) === 0) {
      throw new AppError('LAST_ADMIN');
    }
    if (!input.active) await repo.revokeUserSessions(tx, id);
    const after = (await repo.selectUser(tx, id))!;
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'user', id }, action: 'update', before: auditUser(before), after: auditUser(after) });
    return toUser(after);
  });
}

/**
 * One click: a role template sets the user's department and roles (contracts/identity.ts `roleTemplates`);
 * name, e-mail, language and state stay. Audited as any user change.
 */
export async function applyRoleTemplate(db: Db, auth: AuthContext, id: string, input: z.infer<typeof ApplyRoleTemplateRequest>) {
  const template = roleTemplates.find((t) => t.code === input.template)!;
  const user = await repo.selectUser(db, id);
  if (!user) throw notFound();
  let departmentId = input.departmentId;
  if (template.department) {
    const d = (await repo.selectDepartments(db)).find((x) => x.code === template.department);
    if (!d) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.template', code: 'department_not_found' }]);
    departmentId = d.id;
  }
  if (!departmentId) throw new AppError('VALIDATION_FAILED', [{ path: 'body.departmentId', code: 'required' }]);
  return updateUser(db, auth, id, {
    version: input.version,
    displayName: user.displayName,
    workEmail: user.workEmail,
    locale: user.locale as 'zh-CN' | 'en-US',
    active: user.active,
    roles: [...template.roles],
    departmentIds: [departmentId],
  });
}

/** An administrator sets a temporary password; the user must change it, and the lock is lifted. */
export async function resetPassword(db: Db, auth: AuthContext, id: string, input: z.infer<typeof ResetPasswordRequest>) {
  const before = await repo.selectUser(db, id);
  if (!before) throw notFound();
  assertPasswordPolicy(input.password, [before.username, before.displayName], 'body.password');
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const ok = await repo.updateUserRow(tx, id, input.version, { passwordHash, mustChangePassword: true, lockedUntil: null, failedLogins: 0 }, auth.userId);
    if (!ok) throw versionConflict();
    await repo.revokeUserSessions(tx, id);
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'user', id }, action: 'password.reset' });
    return toUser((await repo.selectUser(tx, id))!);
  });
}

/** An administrator lifts a sign-in lock (the failure count starts afresh); audited on the user. */
export async function unlockUser(db: Db, auth: AuthContext, id: string) {
  return db.transaction(async (tx) => {
    const before = await repo.selectUser(tx, id);
    if (!before) throw notFound();
    await repo.unlockUser(tx, id);
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'user', id },
      action: 'account.unlocked',
      before: { lockedUntil: before.lockedUntil?.toISOString() ?? null, failedLogins: before.failedLogins },
      after: { lockedUntil: null, failedLogins: 0 },
    });
    return toUser((await repo.selectUser(tx, id))!);
  });
}

/** The id of the user with this user name (any case), or null: what an import matches on. */
export async function userIdByUsername(db: Db, username: string): Promise<string | null> {
  return (await repo.selectUserForLogin(db, username))?.id ?? null;
}

/**
 * A user brought in again from a spreadsheet: name, e-mail, language, departments and roles as the file says,
 * through `updateUser` (its audit row, its last-admin rule). Unchanged: nothing written, false.
 */
export async function updateUserFromImport(
  db: Db,
  auth: AuthContext,
  id: string,
  v: { displayName: string; workEmail: string | null; locale: string | null; roles: string[]; departmentIds: string[] },
): Promise<boolean> {
  const before = await repo.selectUser(db, id);
  if (!before) throw notFound();
  const same = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();
  const workEmail = v.workEmail ?? before.workEmail;
  const locale = (v.locale ?? before.locale) as 'zh-CN' | 'en-US';
  if (
    before.displayName === v.displayName &&
    before.workEmail === workEmail &&
    before.locale === locale &&
    same(before.roles, v.roles) &&
    same(before.departmentIds, v.departmentIds)
  )
    return false;
  await updateUser(db, auth, id, {
    version: before.version,
    displayName: v.displayName,
    workEmail,
    locale,
    active: before.active,
    roles: v.roles as never,
    departmentIds: v.departmentIds,
  });
  return true;
}
