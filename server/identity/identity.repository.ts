import { rows } from '../platform/db/client.js';
import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../platform/db/client.js';
import { organisation } from '../platform/platform.table.js';
import { departments, roles, sessions, userDepartments, userRoles, users } from './identity.table.js';

// ---- organisation -------------------------------------------------------------------
export async function organisationExists(db: Executor): Promise<boolean> {
  const found = await db.select({ id: organisation.id }).from(organisation).limit(1);
  return found.length > 0;
}

export async function insertOrganisation(tx: Executor, nameZh: string, nameEn: string, timeZone: string, knownPermissions: string[]) {
  await tx.insert(organisation).values({ id: 1, nameZh, nameEn, timeZone, knownPermissions });
}

export async function selectKnownPermissions(db: Executor): Promise<string[] | null> {
  const [row] = await db.select({ known: organisation.knownPermissions }).from(organisation).limit(1);
  return row?.known ?? null;
}

export async function updateKnownPermissions(tx: Executor, knownPermissions: string[]) {
  await tx.update(organisation).set({ knownPermissions });
}

// ---- departments --------------------------------------------------------------------
const departmentColumns = {
  id: departments.id,
  code: departments.code,
  nameZh: departments.nameZh,
  nameEn: departments.nameEn,
  sort: departments.sort,
  active: departments.active,
  version: departments.version,
};
export type DepartmentRow = { id: string; code: string; nameZh: string; nameEn: string; sort: number; active: boolean; version: number };

export function selectDepartments(db: Executor): Promise<DepartmentRow[]> {
  return db.select(departmentColumns).from(departments).orderBy(asc(departments.sort), asc(departments.code));
}

export async function selectDepartment(db: Executor, id: string): Promise<DepartmentRow | undefined> {
  const [row] = await db.select(departmentColumns).from(departments).where(eq(departments.id, id));
  return row;
}

export async function insertDepartment(tx: Executor, v: { code: string; nameZh: string; nameEn: string; sort: number }, actorId: string | null) {
  const [row] = await tx
    .insert(departments)
    .values({ ...v, createdBy: actorId, updatedBy: actorId })
    .returning(departmentColumns);
  return row!;
}

export async function updateDepartmentRow(
  tx: Executor,
  id: string,
  version: number,
  v: { nameZh: string; nameEn: string; active: boolean },
  actorId: string,
): Promise<DepartmentRow | undefined> {
  const [row] = await tx
    .update(departments)
    .set({ ...v, version: sql`${departments.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(departments.id, id), eq(departments.version, version)))
    .returning(departmentColumns);
  return row;
}

// ---- roles --------------------------------------------------------------------------
const roleColumns = { code: roles.code, nameZh: roles.nameZh, nameEn: roles.nameEn, permissions: roles.permissions, version: roles.version };
export type RoleRow = { code: string; nameZh: string; nameEn: string; permissions: string[]; version: number };

export function selectRoles(db: Executor): Promise<RoleRow[]> {
  return db.select(roleColumns).from(roles).orderBy(asc(roles.code));
}

export async function selectRole(db: Executor, code: string): Promise<RoleRow | undefined> {
  const [row] = await db.select(roleColumns).from(roles).where(eq(roles.code, code));
  return row;
}

export async function insertRole(tx: Executor, v: { code: string; nameZh: string; nameEn: string; permissions: string[] }) {
  await tx.insert(roles).values(v);
}

export async function updateRolePermissionsRow(tx: Executor, code: string, version: number, permissions: string[], actorId: string | null) {
  const [row] = await tx
    .update(roles)
    .set({ permissions, version: sql`${roles.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(roles.code, code), eq(roles.version, version)))
    .returning(roleColumns);
  return row;
}

// ---- users --------------------------------------------------------------------------
const userColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  workEmail: users.workEmail,
  locale: users.locale,
  active: users.active,
  mustChangePassword: users.mustChangePassword,
  lockedUntil: users.lockedUntil,
  failedLogins: users.failedLogins,
  version: users.version,
  createdAt: users.createdAt,
};
export type UserRow = {
  id: string;
  username: string;
  displayName: string;
  workEmail: string | null;
  locale: string;
  active: boolean;
  mustChangePassword: boolean;
  lockedUntil: Date | null;
  failedLogins: number;
  version: number;
  createdAt: Date;
};
export type UserWithMemberships = UserRow & { roles: string[]; departmentIds: string[] };

async function withMemberships(db: Executor, list: UserRow[]): Promise<UserWithMemberships[]> {
  if (!list.length) return [];
  const ids = list.map((u) => u.id);
  const [r, d] = await Promise.all([
    db.select({ userId: userRoles.userId, code: userRoles.roleCode }).from(userRoles).where(inArray(userRoles.userId, ids)),
    db.select({ userId: userDepartments.userId, id: userDepartments.departmentId }).from(userDepartments).where(inArray(userDepartments.userId, ids)),
  ]);
  return list.map((u) => ({
    ...u,
    roles: r
      .filter((x) => x.userId === u.id)
      .map((x) => x.code)
      .sort(),
    departmentIds: d.filter((x) => x.userId === u.id).map((x) => x.id),
  }));
}

export async function selectUsers(db: Executor): Promise<UserWithMemberships[]> {
  return withMemberships(db, await db.select(userColumns).from(users).orderBy(asc(users.username)));
}

export async function selectUser(db: Executor, id: string): Promise<UserWithMemberships | undefined> {
  const [row] = await withMemberships(db, await db.select(userColumns).from(users).where(eq(users.id, id)));
  return row;
}

export async function selectUserOptions(db: Executor) {
  const list = await db
    .select({ id: users.id, displayName: users.displayName, username: users.username })
    .from(users)
    .where(eq(users.active, true))
    .orderBy(asc(users.displayName));
  if (!list.length) return [];
  const d = await db
    .select({ userId: userDepartments.userId, id: userDepartments.departmentId })
    .from(userDepartments)
    .where(
      inArray(
        userDepartments.userId,
        list.map((u) => u.id),
      ),
    );
  return list.map((u) => ({ ...u, departmentIds: d.filter((x) => x.userId === u.id).map((x) => x.id) }));
}

export async function unlockUser(tx: Executor, id: string) {
  await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, id));
}

export async function selectUserForLogin(db: Executor, username: string) {
  const [row] = await db
    .select({ ...userColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.username, username.toLowerCase()));
  return row;
}

export async function selectPasswordHash(db: Executor, id: string): Promise<string | undefined> {
  const [row] = await db.select({ h: users.passwordHash }).from(users).where(eq(users.id, id));
  return row?.h;
}

export async function insertUser(
  tx: Executor,
  v: { username: string; displayName: string; workEmail: string | null; locale: string; passwordHash: string; mustChangePassword: boolean },
  actorId: string | null,
): Promise<string> {
  const [row] = await tx
    .insert(users)
    .values({ ...v, username: v.username.toLowerCase(), createdBy: actorId, updatedBy: actorId })
    .returning({ id: users.id });
  return row!.id;
}

export async function replaceMemberships(tx: Executor, userId: string, roleCodes: string[], departmentIds: string[]) {
  await tx.delete(userRoles).where(eq(userRoles.userId, userId));
  await tx.delete(userDepartments).where(eq(userDepartments.userId, userId));
  if (roleCodes.length) await tx.insert(userRoles).values(roleCodes.map((roleCode) => ({ userId, roleCode })));
  if (departmentIds.length) await tx.insert(userDepartments).values(departmentIds.map((departmentId) => ({ userId, departmentId })));
}

export async function updateUserRow(
  tx: Executor,
  id: string,
  version: number,
  v: Partial<{
    displayName: string;
    workEmail: string | null;
    locale: string;
    active: boolean;
    passwordHash: string;
    mustChangePassword: boolean;
    lockedUntil: Date | null;
    failedLogins: number;
  }>,
  actorId: string,
): Promise<boolean> {
  const res = await tx
    .update(users)
    .set({ ...v, version: sql`${users.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(users.id, id), eq(users.version, version)))
    .returning({ id: users.id });
  return res.length > 0;
}

/** Login bookkeeping is not a user edit: it does not bump the version. Returns the consecutive failures. */
export async function recordLoginFailure(tx: Executor, id: string): Promise<number> {
  const [row] = await tx
    .update(users)
    .set({ failedLogins: sql`${users.failedLogins} + 1` })
    .where(eq(users.id, id))
    .returning({ failedLogins: users.failedLogins });
  return row?.failedLogins ?? 0;
}

export async function setLockedUntil(tx: Executor, id: string, until: Date) {
  await tx.update(users).set({ lockedUntil: until }).where(eq(users.id, id));
}

export async function recordLoginSuccess(tx: Executor, id: string) {
  await tx.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() }).where(eq(users.id, id));
}

export async function countActiveAdmins(db: Executor): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(users.active, true), eq(userRoles.roleCode, 'admin')));
  return row?.n ?? 0;
}

// ---- sessions -----------------------------------------------------------------------
export async function insertSession(
  tx: Executor,
  v: { tokenHash: string; userId: string; csrfToken: string; expiresAt: Date; ip: string | null; userAgent: string | null },
) {
  await tx.insert(sessions).values(v);
}

/** The session's user with roles and departments, in one statement (it runs on every request). */
export async function selectSessionUser(db: Executor, tokenHash: string) {
  const [row] = await db
    .select({
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      locale: users.locale,
      mustChangePassword: users.mustChangePassword,
      csrfToken: sessions.csrfToken,
      lastSeenAt: sessions.lastSeenAt,
      roles: sql<
        { code: string; permissions: string[] }[]
      >`coalesce((select json_agg(json_build_object('code', ${roles.code}, 'permissions', ${roles.permissions}))
        from ${userRoles} join ${roles} on ${roles.code} = ${userRoles.roleCode} where ${userRoles.userId} = ${users.id}), '[]'::json)`,
      departments: sql<
        { id: string; code: string; nameZh: string; nameEn: string }[]
      >`coalesce((select json_agg(json_build_object('id', ${departments.id}, 'code', ${departments.code}, 'nameZh', ${departments.nameZh}, 'nameEn', ${departments.nameEn}))
        from ${userDepartments} join ${departments} on ${departments.id} = ${userDepartments.departmentId} where ${userDepartments.userId} = ${users.id}), '[]'::json)`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date()), eq(users.active, true)));
  if (!row) return undefined;
  // PGlite and node-postgres both parse json; a driver returning text would need JSON.parse
  const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
  return { ...row, roles: parse(row.roles), departments: parse(row.departments) };
}

/** A user's roles and departments for a principal that is not a session (an API token), or undefined if inactive. */
export async function selectActivePrincipal(db: Executor, userId: string) {
  // raw SQL with aliases: a single-table drizzle select leaves column names unqualified inside the subqueries
  const [row] = await rows<{
    userId: string;
    username: string;
    displayName: string;
    locale: string;
    roles: { code: string; permissions: string[] }[] | string;
    departments: { id: string; code: string; nameZh: string; nameEn: string }[] | string;
  }>(
    db,
    sql`select u.id as "userId", u.username, u.display_name as "displayName", u.locale,
          coalesce((select json_agg(json_build_object('code', r.code, 'permissions', r.permissions)) from user_roles ur join roles r on r.code = ur.role_code where ur.user_id = u.id), '[]'::json) as roles,
          coalesce((select json_agg(json_build_object('id', d.id, 'code', d.code, 'nameZh', d.name_zh, 'nameEn', d.name_en)) from user_departments ud join departments d on d.id = ud.department_id where ud.user_id = u.id), '[]'::json) as departments
        from users u where u.id = ${userId} and u.active`,
  );
  if (!row) return undefined;
  const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
  return { ...row, roles: parse(row.roles), departments: parse(row.departments) };
}

export async function touchSession(db: Executor, tokenHash: string) {
  await db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.tokenHash, tokenHash));
}

export async function revokeSession(tx: Executor, tokenHash: string) {
  await tx.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.tokenHash, tokenHash));
}

export async function revokeUserSessions(tx: Executor, userId: string, exceptHash?: string) {
  await tx
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), exceptHash ? sql`${sessions.tokenHash} <> ${exceptHash}` : sql`true`));
}

/** The department codes of these users (the edit rights ask for the departments of a record's people). */
export async function selectDepartmentCodesOf(db: Executor, userIds: string[]): Promise<string[]> {
  if (!userIds.length) return [];
  const r = await db
    .selectDistinct({ code: departments.code })
    .from(userDepartments)
    .innerJoin(departments, eq(departments.id, userDepartments.departmentId))
    .where(inArray(userDepartments.userId, userIds));
  return r.map((x) => x.code);
}
