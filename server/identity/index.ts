export { identityRoutes } from './identity.routes.js';
export { resolveSession, resolvePrincipal, login, logout, changePassword } from './auth.service.js';
export { AdminPasswordError, seedOrganisation } from './seed-organisation.js';
export { selectUser, selectUserOptions, selectDepartments, selectRoles } from './identity.repository.js';
export { createUser, userIdByUsername, updateUserFromImport } from './admin.service.js';

import { registerRecordType } from '../platform/records/record-types.js';
import { registerOutboxHandler } from '../platform/outbox/outbox.js';
import { insertNotification } from '../notifications/index.js';
import * as repo from './identity.repository.js';
import { setDepartmentsResolver } from '../platform/records/edit-rights.js';

export function registerIdentityRecordTypes() {
  setDepartmentsResolver(repo.selectDepartmentCodesOf);
  // one's own account: the notification that it was locked opens the change-password page
  registerRecordType({
    type: 'account',
    title: { zh: '我的账户', en: 'My account' },
    readPermission: 'users.admin',
    fetchTitle: async (db, id) => (await repo.selectUser(db, id))?.displayName ?? null,
    url: () => '/account/password',
  });
  registerOutboxHandler('account.locked', async (db, p) => {
    const userId = String(p.userId);
    await insertNotification(db, {
      userId,
      refType: 'account',
      refId: userId,
      messageKey: 'account.locked',
      params: { minutes: String(p.minutes), failures: String(p.failures) },
    });
  });
  registerRecordType({
    type: 'user',
    title: { zh: '用户', en: 'User' },
    readPermission: 'users.admin',
    fetchTitle: async (db, id) => (await repo.selectUser(db, id))?.displayName ?? null,
    url: () => '/admin/users',
  });
  registerRecordType({
    type: 'department',
    title: { zh: '部门', en: 'Department' },
    readPermission: 'users.admin',
    fetchTitle: async (db, id) => (await repo.selectDepartment(db, id))?.nameZh ?? null,
    url: () => '/admin/departments',
  });
  registerRecordType({
    type: 'role',
    title: { zh: '角色', en: 'Role' },
    readPermission: 'users.admin',
    fetchTitle: async (db, id) => (await repo.selectRole(db, id))?.nameZh ?? null,
    url: () => '/admin/roles',
  });
}
export { assertPasswordPolicy } from './password-policy.js';
export { hashPassword, verifyPassword, verifyDummy } from './password.js';
export { lockMinutes } from './auth.service.js';

// used by other features
export { selectActivePrincipal, selectPasswordHash, selectUserForLogin } from './identity.repository.js';
