import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Locale } from '../../../contracts/errors.js';
import type { Permission } from '../../../contracts/identity.js';
import type { SensitiveClass } from '../../../contracts/sensitive.js';
import { AppError } from './app-error.js';
import { localeFromAcceptLanguage } from './locale.js';
import { redact } from './redact.js';

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
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
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

    // Confidential fields leave the server only for users allowed to see them.
    app.addHook('preSerialization', async (request, _reply, payload) => {
      if (payload === null || typeof payload !== 'object') return payload;
      return redact(payload, request.auth?.visible ?? new Set());
    });
  },
  { name: 'accord-access', dependencies: ['@fastify/cookie'] },
);
