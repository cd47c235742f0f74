import crypto from 'node:crypto';
import type { Db } from '../platform/db/client.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { defaultDepartments, defaultRoles } from './organisation.data.js';
import { permissionKeys } from '../../contracts/identity.js';
import { hashPassword } from './password.js';
import * as repo from './identity.repository.js';

export interface SeedResult {
  created: boolean;
  /** set when the admin password was generated (printed once by the caller) */
  generatedPassword?: string;
}

/** On an empty database: the organisation, default departments and roles, and `admin`. */
export async function seedOrganisation(db: Db, opts: { adminPassword?: string | undefined; timeZone: string }): Promise<SeedResult> {
  if (await repo.organisationExists(db)) {
    await grantNewPermissionsToAdmin(db);
    return { created: false };
  }
  const generated = opts.adminPassword ? undefined : crypto.randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(opts.adminPassword ?? generated!);
  await db.transaction(async (tx) => {
    await repo.insertOrganisation(tx, '我的公司', 'My Company', opts.timeZone);
    for (const r of defaultRoles) await repo.insertRole(tx, { code: r.code, nameZh: r.zh, nameEn: r.en, permissions: r.permissions });
    const depts = [];
    for (const [i, d] of defaultDepartments.entries()) {
      depts.push(await repo.insertDepartment(tx, { code: d.code, nameZh: d.zh, nameEn: d.en, sort: i + 1 }, null));
    }
    const adminId = await repo.insertUser(
      tx,
      { username: 'admin', displayName: '系统管理员 Admin', workEmail: null, locale: 'zh-CN', passwordHash, mustChangePassword: false },
      null,
    );
    await repo.replaceMemberships(tx, adminId, ['admin'], [depts[0]!.id]);
    await insertAudit(tx, { actorId: null, ref: { type: 'organisation', id: '1' }, action: 'create', after: { departments: depts.length, roles: defaultRoles.length } });
  });
  return { created: true, ...(generated ? { generatedPassword: generated } : {}) };
}

/** Permissions added by a newer release reach the administrator role on start-up. */
async function grantNewPermissionsToAdmin(db: Db) {
  const admin = await repo.selectRole(db, 'admin');
  if (!admin) return;
  const missing = permissionKeys.filter((p) => !admin.permissions.includes(p));
  if (!missing.length) return;
  await db.transaction(async (tx) => {
    const after = await repo.updateRolePermissionsRow(tx, 'admin', admin.version, [...admin.permissions, ...missing].sort(), null);
    if (after) await insertAudit(tx, { actorId: null, ref: { type: 'role', id: 'admin' }, action: 'update', before: { permissions: admin.permissions }, after: { permissions: after.permissions }, reason: 'new release permissions' });
  });
}
