import crypto from 'node:crypto';
import type { Db } from '../platform/db/client.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { defaultDepartments, defaultRoles } from './organisation.data.js';
import { permissionKeys } from '../../contracts/identity.js';
import { hashPassword } from './password.js';
import * as repo from './identity.repository.js';
import { judgePassword } from './password-policy.js';

export interface SeedResult {
  created: boolean;
  /** set when the admin password was generated (printed once by the caller) */
  generatedPassword?: string;
}

/** The first start's ADMIN_PASSWORD is too weak: start-up stops and says why. */
export class AdminPasswordError extends Error {}

/** On an empty database: the organisation, default departments and roles, and `admin`. */
export async function seedOrganisation(db: Db, opts: { adminPassword?: string | undefined; timeZone: string }): Promise<SeedResult> {
  if (await repo.organisationExists(db)) {
    await addNewRoles(db);
    await grantNewPermissions(db);
    return { created: false };
  }
  if (opts.adminPassword) {
    const verdict = judgePassword(opts.adminPassword, ['admin', '系统管理员 Admin']);
    if (!verdict.ok)
      throw new AdminPasswordError(
        `ADMIN_PASSWORD does not meet the password policy (${verdict.reason}): ${verdict.messages!['en-US']} / ${verdict.messages!['zh-CN']}`,
      );
  }
  // 16 random characters: always meets the policy
  const generated = opts.adminPassword ? undefined : crypto.randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(opts.adminPassword ?? generated!);
  await db.transaction(async (tx) => {
    await repo.insertOrganisation(tx, '我的公司', 'My Company', opts.timeZone, [...permissionKeys]);
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
    await insertAudit(tx, {
      actorId: null,
      ref: { type: 'organisation', id: '1' },
      action: 'create',
      after: { departments: depts.length, roles: defaultRoles.length },
    });
  });
  return { created: true, ...(generated ? { generatedPassword: generated } : {}) };
}

/** Roles a newer release adds (the duty roles of the role templates) reach an existing installation once, audited. */
async function addNewRoles(db: Db) {
  const have = new Set((await repo.selectRoles(db)).map((r) => r.code));
  const missing = defaultRoles.filter((r) => !have.has(r.code));
  if (!missing.length) return;
  await db.transaction(async (tx) => {
    for (const r of missing) {
      await repo.insertRole(tx, { code: r.code, nameZh: r.zh, nameEn: r.en, permissions: r.permissions });
      await insertAudit(tx, {
        actorId: null,
        ref: { type: 'role', id: r.code },
        action: 'create',
        after: { permissions: r.permissions },
        reason: 'new release role',
      });
    }
  });
}

/**
 * Permissions a newer release adds (e.g. `orders.write` when orders arrive) reach, on start-up, the
 * administrator and every role whose defaults hold them; permissions the company took away from a role
 * stay away, because only permissions this database never knew are granted. Each grant is audited.
 */
async function grantNewPermissions(db: Db) {
  const roleRows = await repo.selectRoles(db);
  // before tracking began, what some role holds is what the database knew
  const known = new Set((await repo.selectKnownPermissions(db)) ?? roleRows.filter((r) => r.code !== 'admin').flatMap((r) => r.permissions));
  const fresh = new Set(permissionKeys.filter((p) => !known.has(p)));
  const admin = roleRows.find((r) => r.code === 'admin');
  const adminMissing = admin ? permissionKeys.filter((p) => !admin.permissions.includes(p)) : [];
  if (!fresh.size && !adminMissing.length && known.size === permissionKeys.length) return;
  await db.transaction(async (tx) => {
    for (const role of roleRows) {
      const defaults = role.code === 'admin' ? permissionKeys : (defaultRoles.find((r) => r.code === role.code)?.permissions ?? []);
      const add = defaults.filter((p) => (role.code === 'admin' || fresh.has(p)) && !role.permissions.includes(p));
      if (!add.length) continue;
      const after = await repo.updateRolePermissionsRow(tx, role.code, role.version, [...role.permissions, ...add].sort(), null);
      if (after)
        await insertAudit(tx, {
          actorId: null,
          ref: { type: 'role', id: role.code },
          action: 'update',
          before: { permissions: role.permissions },
          after: { permissions: after.permissions },
          reason: 'new release permissions',
        });
    }
    await repo.updateKnownPermissions(tx, [...permissionKeys]);
  });
}
