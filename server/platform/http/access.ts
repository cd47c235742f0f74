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

interface AccessOptions {
  resolveSession(token: string): Promise<AuthContext | null>;
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
      const token = request.cookies?.[SESSION_COOKIE];
      if (token) {
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
      if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== request.auth.csrfToken) {
        throw new AppError('CSRF_INVALID');
      }
      if ('permission' in access && !request.auth.permissions.has(access.permission)) throw new AppError('FORBIDDEN');
    });

    // Write rights, in one place for every route (before validation, so nothing is silently dropped):
    // fields the user may not see are refused by name; a change to an existing record needs the edit right.
    app.addHook('preValidation', async (request) => {
      const auth = request.auth;
      if (!auth || request.is404) return;
      const hidden = [...forbiddenFields(request.query, auth.visible, 'query'), ...forbiddenFields(request.body, auth.visible, 'body')];
      if (hidden.length) throw new AppError('FIELD_NOT_PERMITTED', hidden);
      const rule = request.routeOptions.config?.record;
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
