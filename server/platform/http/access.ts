import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Locale } from '../../../contracts/errors.js';
import type { Permission } from '../../../contracts/identity.js';
import type { SensitiveClass } from '../../../contracts/sensitive.js';
import { AppError } from './app-error.js';
import { localeFromAcceptLanguage } from './locale.js';
import { redact, sensitiveClassOf } from './redact.js';
import type { FieldError } from './app-error.js';
import { mayEdit, type EditableType, type EditFacts, type RecordRule } from '../records/edit-rights.js';

/**
 * Every route declares its access in `config.access`:
 *  - `{ public: true }` — anyone (sign-in, health, documentation, the web app's files)
 *  - `{ authenticated: true }` — any signed-in user; the service checks record rights
 *  - `{ permission: 'x.y' }` — a signed-in user holding that permission
 * A route without a declaration is refused (deny by default) and listed by `undeclaredRoutes`.
 */
export type Access = { public: true } | { authenticated: true } | { permission: Permission };

export interface AuthContext {
  userId: string;
  username: string;
  displayName: string;
  locale: Locale;
  roles: string[];
  departmentIds: string[];
  /** department codes, as procedure definitions name them */
  departmentCodes: string[];
  permissions: ReadonlySet<string>;
  /** sensitive classes (price, personal) this user may see */
  visible: ReadonlySet<SensitiveClass>;
  csrfToken: string;
  sessionHash: string;
  mustChangePassword: boolean;
  /** set when the caller is an API token (`Authorization: Bearer`): its permissions are narrowed to its scopes */
  tokenId?: string;
}

export interface RouteEntry {
  method: string;
  url: string;
  access: Access | undefined;
  /** what a route that changes data declares about records (see `edit-rights.ts`) */
  record: RecordRule | undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    record?: RecordRule;
    /** only a browser session, never an API token (managing tokens, one's password…) */
    sessionOnly?: true;
    /**
     * What an API token needs to call a route that changes data without a permission of its own (`{authenticated}`):
     * a write permission, or the write permission of the record type of the procedure instance in the path.
     * Without it such a route refuses tokens; `{permission}` routes and `{edits: type}` rules need no declaration.
     */
    tokenScope?: Permission | { instanceParam: string };
  }
  interface FastifyRequest {
    auth: AuthContext | null;
    locale: Locale;
  }
  interface FastifyInstance {
    routeCatalogue: RouteEntry[];
  }
}

export const SESSION_COOKIE = 'accord_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function undeclaredRoutes(app: FastifyInstance): RouteEntry[] {
  return app.routeCatalogue.filter((r) => !r.access);
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Routes that change data for signed-in users without saying which records they change (`config.record`). */
export function undeclaredRecordRules(app: FastifyInstance): RouteEntry[] {
  return app.routeCatalogue.filter((r) => MUTATING.has(r.method) && !(r.access && 'public' in r.access) && !r.record);
}

/** The signed-in user, or 401. */
export function requireAuth(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new AppError('UNAUTHENTICATED');
  return request.auth;
}

export function hasPermission(auth: AuthContext | null, permission: Permission): boolean {
  return !!auth && auth.permissions.has(permission);
}

export function assertPermission(auth: AuthContext, permission: Permission) {
  if (!auth.permissions.has(permission)) throw new AppError('FORBIDDEN');
}

/**
 * The write permission an API token must hold to change a record of a type (its scopes narrow its permissions,
 * so this is asked of `auth.permissions`). Beside `editRights` in `platform/records/edit-rights.ts`.
 */
export const tokenWriteScope: Record<EditableType, Permission> = {
  order: 'orders.write',
  quotation: 'quotations.write',
  communication: 'communications.write',
  customer: 'customers.write',
  contact: 'customers.write',
  vendor: 'vendors.manage',
  complaint: 'complaints.write',
  visit: 'visits.write',
  meeting: 'internal.write',
  'communication-plan': 'internal.write',
  'survey-template': 'surveys.write',
  'survey-campaign': 'surveys.write',
  'survey-response': 'surveys.write',
  action: 'actions.manage',
  'cutting-sheet': 'orders.write',
  'price-pending': 'quotations.write',
  'customer-property': 'registers.write',
  csr: 'registers.write',
  sample: 'engineering.write',
  'process-question': 'engineering.write',
  anomaly: 'engineering.write',
  'service-request': 'service.write',
};
/** record types of procedure instances → the write permission a token needs to act on them */
const instanceWriteScope: Record<string, Permission> = { ...tokenWriteScope, 'cutting-sheet': 'orders.write' };

const BEARER = /^Bearer[ ]+([A-Za-z0-9_\-.~+/=]{10,200})$/;

interface AccessOptions {
  resolveSession(token: string): Promise<AuthContext | null>;
  /** the principal of an API token (`Authorization: Bearer`), or null (unknown, expired, revoked, user inactive) */
  resolveBearer(token: string, ip: string): Promise<AuthContext | null>;
  /** the record type a procedure instance runs on, or null */
  instanceRecordType(id: string): Promise<string | null>;
  /** the people and departments of a record, or null when it does not exist */
  editFacts(type: EditableType, id: string): Promise<EditFacts | null>;
  /** after redaction, for a user who may see personal data: what the response showed (PIPL: who viewed whom) */
  personalDataShown?(auth: AuthContext, payload: object, route: string): Promise<void>;
}

/**
 * Reserved sensitive fields (`contracts/sensitive.ts`) the user may not see, anywhere in a request's body or
 * query — the mirror of `redact` on the way out: a field the user could never have read may not be written
 * (nor probed with a query) either. Each is named by its path, e.g. `body.lines.0.unitPrice`.
 */
export function forbiddenFields(value: unknown, visible: ReadonlySet<SensitiveClass>, root: string): FieldError[] {
  // an explicit stack, not recursion: a body nested 100,000 deep must be refused, not overflow the stack
  const out: FieldError[] = [];
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length && out.length < 20) {
    const [v, path] = stack.pop()!;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}.${i}`]);
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      const entries = Object.entries(v as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i]!;
        const cls = sensitiveClassOf(k);
        if (cls && !visible.has(cls)) out.push({ path: `${path}.${k}`, code: `needs_${cls}` });
        else stack.push([child, `${path}.${k}`]);
      }
    }
  }
  return out;
}

/**
 * An API token changes data only within its write scopes: a `{permission}` route was checked already (the token's
 * permissions are narrowed); a route editing a record needs the type's write permission; any other route that
 * changes data must declare `config.tokenScope`, else tokens are refused (sessions, passwords, notifications…).
 */
async function assertTokenMayWrite(request: FastifyRequest, auth: AuthContext, rule: RecordRule | undefined, opts: AccessOptions) {
  const access = request.routeOptions.config?.access;
  const scope = request.routeOptions.config?.tokenScope;
  const params = (request.params ?? {}) as Record<string, unknown>;
  let needed: Permission | null = null;
  if (rule && 'edits' in rule) needed = tokenWriteScope[rule.edits];
  if (scope && typeof scope === 'string') needed = scope;
  else if (scope) {
    const id = params[scope.instanceParam];
    const type = typeof id === 'string' ? await opts.instanceRecordType(id) : null;
    if (!type) return; // unknown instance: the route answers 404 itself
    needed = instanceWriteScope[type] ?? null;
    if (!needed) throw new AppError('TOKEN_SCOPE_MISSING');
  }
  if (needed) {
    if (!auth.permissions.has(needed)) throw new AppError('TOKEN_SCOPE_MISSING');
    return;
  }
  if (access && 'permission' in access) return;
  throw new AppError('TOKEN_SCOPE_MISSING');
}

export const accessPlugin = fp(
  async (app: FastifyInstance, opts: AccessOptions) => {
    app.decorate('routeCatalogue', [] as RouteEntry[]);
    app.decorateRequest('auth', null);
    app.decorateRequest('locale', 'zh-CN');

    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        // read lazily: hooks of inner contexts (public plugin routes) set access after this one runs
        app.routeCatalogue.push({
          method,
          url: route.url,
          get access() {
            return route.config?.access;
          },
          get record() {
            return route.config?.record;
          },
        });
      }
    });

    app.addHook('onRequest', async (request) => {
      request.locale = localeFromAcceptLanguage(request.headers['accept-language']);
      const authorization = request.headers.authorization;
      // an API token only ever from the Authorization header (never a cookie), only on /api; the cookie is then ignored
      const bearer = typeof authorization === 'string' && /^bearer /i.test(authorization) && request.url.startsWith('/api/');
      const token = bearer ? undefined : request.cookies?.[SESSION_COOKIE];
      if (bearer) {
        const m = BEARER.exec(authorization!.replace(/^bearer/i, 'Bearer'));
        request.auth = m ? await opts.resolveBearer(m[1]!, request.ip) : null;
        if (!request.auth && !request.is404) throw new AppError('TOKEN_INVALID');
        if (request.auth) request.locale = request.auth.locale;
      } else if (token) {
        const raw = request.unsignCookie(token);
        if (raw.valid && raw.value) request.auth = await opts.resolveSession(raw.value);
        if (request.auth) request.locale = request.auth.locale;
      }
      if (request.is404) return;
      const access = request.routeOptions.config?.access;
      if (!access) {
        request.log.error({ url: request.routeOptions.url }, 'route without access declaration refused');
        throw new AppError('FORBIDDEN');
      }
      if ('public' in access) return;
      if (!request.auth) throw new AppError('UNAUTHENTICATED');
      const config = request.routeOptions.config;
      if (request.auth.tokenId) {
        if (config?.sessionOnly) throw new AppError('TOKEN_NOT_ALLOWED');
      } else if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== request.auth.csrfToken) {
        // CSRF protects the ambient cookie; a bearer token is not sent by a browser on its own
        throw new AppError('CSRF_INVALID');
      }
      if ('permission' in access && !request.auth.permissions.has(access.permission)) {
        throw new AppError(request.auth.tokenId ? 'TOKEN_SCOPE_MISSING' : 'FORBIDDEN');
      }
    });

    // Write rights, in one place for every route (before validation, so nothing is silently dropped):
    // fields the user may not see are refused by name; a change to an existing record needs the edit right.
    app.addHook('preValidation', async (request) => {
      const auth = request.auth;
      if (!auth || request.is404) return;
      const hidden = [...forbiddenFields(request.query, auth.visible, 'query'), ...forbiddenFields(request.body, auth.visible, 'body')];
      if (hidden.length) throw new AppError('FIELD_NOT_PERMITTED', hidden);
      const rule = request.routeOptions.config?.record;
      if (auth.tokenId && !SAFE_METHODS.has(request.method)) await assertTokenMayWrite(request, auth, rule, opts);
      if (!rule || !('edits' in rule) || SAFE_METHODS.has(request.method)) return;
      const id = (request.params as Record<string, unknown> | undefined)?.[rule.param ?? 'id'];
      if (typeof id !== 'string') return;
      const facts = await opts.editFacts(rule.edits, id);
      if (facts && !mayEdit({ userId: auth.userId, roles: auth.roles, departmentCodes: auth.departmentCodes }, rule.edits, facts)) {
        throw new AppError('RECORD_NOT_EDITABLE');
      }
    });

    // Confidential fields leave the server only for users allowed to see them.
    app.addHook('preSerialization', async (request, _reply, payload) => {
      if (payload === null || typeof payload !== 'object') return payload;
      const shown = redact(payload, request.auth?.visible ?? new Set());
      if (request.auth?.visible.has('personal') && opts.personalDataShown) {
        await opts.personalDataShown(request.auth, shown as object, `${request.method} ${request.routeOptions.url ?? request.url}`);
      }
      return shown;
    });
  },
  { name: 'accord-access', dependencies: ['@fastify/cookie'] },
);
