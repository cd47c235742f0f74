import { z } from 'zod';
import type { App } from '../platform/http/types.js';
import { requireAuth, SESSION_COOKIE } from '../platform/http/access.js';
import { Id, Ok, Problem } from '../../contracts/common.js';
import {
  ApplyRoleTemplateRequest,
  ChangePasswordRequest,
  CreateDepartmentRequest,
  CreateUserRequest,
  Department,
  DepartmentList,
  LoginRequest,
  Me,
  ResetPasswordRequest,
  RoleCode,
  Role,
  RoleList,
  UpdateDepartmentRequest,
  UpdatePreferencesRequest,
  UpdateRoleRequest,
  UpdateUserRequest,
  User,
  UserList,
  UserOptionList,
} from '../../contracts/identity.js';
import * as auth from './auth.service.js';
import * as admin from './admin.service.js';

const IdParams = z.object({ id: Id });
const tags = ['identity'];

export async function identityRoutes(app: App) {
  app.post(
    '/api/auth/login',
    {
      config: { record: { anyHolder: 'signing in' }, access: { public: true }, rateLimit: { max: app.config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
      // unknown user, wrong password and locked account all answer the same 401
      schema: { tags, summary: 'Sign in', body: LoginRequest, response: { 200: Me, 401: Problem } },
    },
    async (request, reply) => {
      const { token, expiresAt } = await auth.login(
        app.db,
        { ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] ?? null },
        app.config.sessionTtlHours,
      );
      reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto', signed: true, expires: expiresAt });
      const ctx = await auth.resolveSession(app.db, token);
      return auth.describeMe(app.db, ctx!);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { record: { anyHolder: "the caller's own session" }, access: { authenticated: true }, sessionOnly: true },
      schema: { tags, summary: 'Sign out', response: { 200: Ok } },
    },
    async (request, reply) => {
      await auth.logout(app.db, requireAuth(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/auth/me',
    { config: { access: { authenticated: true } }, schema: { tags, summary: 'The signed-in user', response: { 200: Me } } },
    async (request) => auth.describeMe(app.db, requireAuth(request)),
  );

  app.post(
    '/api/auth/password',
    {
      config: { record: { anyHolder: "the caller's own password" }, access: { authenticated: true }, sessionOnly: true },
      schema: { tags, summary: 'Change my password', body: ChangePasswordRequest, response: { 200: Ok } },
    },
    async (request) => {
      await auth.changePassword(app.db, requireAuth(request), request.body.currentPassword, request.body.newPassword);
      return { ok: true as const };
    },
  );

  app.put(
    '/api/auth/preferences',
    {
      config: { record: { anyHolder: "the caller's own preferences" }, access: { authenticated: true } },
      schema: { tags, summary: 'Set my language', body: UpdatePreferencesRequest, response: { 200: Ok } },
    },
    async (request) => {
      await auth.updatePreferences(app.db, requireAuth(request), request.body.locale);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/departments',
    { config: { access: { authenticated: true } }, schema: { tags, summary: 'Departments', response: { 200: DepartmentList } } },
    async () => admin.listDepartments(app.db),
  );
  app.post(
    '/api/departments',
    {
      config: { record: { anyHolder: 'administration (users.admin)' }, access: { permission: 'users.admin' } },
      schema: { tags, summary: 'Add a department', body: CreateDepartmentRequest, response: { 200: Department } },
    },
    async (request) => admin.createDepartment(app.db, requireAuth(request), request.body),
  );
  app.put(
    '/api/departments/:id',
    {
      config: { record: { anyHolder: 'administration (users.admin)' }, access: { permission: 'users.admin' } },
      schema: { tags, summary: 'Rename or deactivate a department', params: IdParams, body: UpdateDepartmentRequest, response: { 200: Department } },
    },
    async (request) => admin.updateDepartment(app.db, requireAuth(request), request.params.id, request.body),
  );

  app.get(
    '/api/roles',
    { config: { access: { permission: 'users.admin' } }, schema: { tags, summary: 'Roles and permissions', response: { 200: RoleList } } },
    async () => admin.listRoles(app.db),
  );
  app.put(
    '/api/roles/:code',
    {
      config: { record: { anyHolder: 'administration (users.admin)' }, access: { permission: 'users.admin' } },
      schema: { tags, summary: "Change a role's permissions", params: z.object({ code: RoleCode }), body: UpdateRoleRequest, response: { 200: Role } },
    },
    async (request) => admin.updateRole(app.db, requireAuth(request), request.params.code, request.body),
  );

  app.get('/api/users', { config: { access: { permission: 'users.admin' } }, schema: { tags, summary: 'Users', response: { 200: UserList } } }, async () =>
    admin.listUsers(app.db),
  );
  app.get(
    '/api/users/options',
    {
      config: { access: { authenticated: true } },
      schema: { tags, summary: 'Active users for pickers (user names for user administrators only)', response: { 200: UserOptionList } },
    },
    async (request) => admin.listUserOptions(app.db, requireAuth(request)),
  );
  app.post(
    '/api/users',
    {
      config: { record: { anyHolder: 'administration (users.admin)' }, access: { permission: 'users.admin' } },
      schema: { tags, summary: 'Create a user', body: CreateUserRequest, response: { 200: User } },
    },
    async (request) => admin.createUser(app.db, requireAuth(request), request.body),
  );
  app.put(
    '/api/users/:id',
    {
      config: { record: { anyHolder: 'administration (users.admin)' }, access: { permission: 'users.admin' } },
      schema: { tags, summary: 'Update a user', params: IdParams, body: UpdateUserRequest, response: { 200: User } },
    },
    async (request) => admin.updateUser(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/users/:id/template',
    {
      config: { record: { anyHolder: 'administration (users.admin)' }, access: { permission: 'users.admin' } },
      schema: {
        tags,
        summary: "Apply a role template: sets the user's department and roles in one step",
        params: IdParams,
        body: ApplyRoleTemplateRequest,
        response: { 200: User },
      },
    },
    async (request) => admin.applyRoleTemplate(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/users/:id/password',
    {
      config: { record: { anyHolder: 'administration (users.admin)' }, access: { permission: 'users.admin' } },
      schema: { tags, summary: 'Set a temporary password (unlocks)', params: IdParams, body: ResetPasswordRequest, response: { 200: User } },
    },
    async (request) => admin.resetPassword(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/users/:id/unlock',
    {
      config: { record: { anyHolder: 'administration (users.admin)' }, access: { permission: 'users.admin' } },
      schema: { tags, summary: 'Lift a sign-in lock', params: IdParams, response: { 200: User } },
    },
    async (request) => admin.unlockUser(app.db, requireAuth(request), request.params.id),
  );
}
