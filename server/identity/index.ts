export { identityRoutes } from './identity.routes.js';
export { resolveSession, login, logout, changePassword } from './auth.service.js';
export { seedOrganisation } from './seed-organisation.js';
export { selectUser, selectUserOptions, selectDepartments } from './identity.repository.js';
export { createUser } from './admin.service.js';

import { registerRecordType } from '../platform/records/record-types.js';
import * as repo from './identity.repository.js';
import { setDepartmentsResolver } from '../platform/records/edit-rights.js';

export function registerIdentityRecordTypes() {
  setDepartmentsResolver(repo.selectDepartmentCodesOf);
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
