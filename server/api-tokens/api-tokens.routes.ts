import { z } from 'zod';
import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { Id } from '../../contracts/common.js';
import { ApiToken, ApiTokenList, CreatedApiToken, CreatePersonalTokenRequest, CreateServiceTokenRequest } from '../../contracts/api-tokens.js';
import * as service from './api-tokens.service.js';

const IdParams = z.object({ id: Id });
const tags = ['api-tokens'];
// tokens are managed in the browser only: a token never mints or revokes tokens
const own = { access: { authenticated: true }, sessionOnly: true } as const;
const admin = { access: { permission: 'users.admin' }, sessionOnly: true } as const;

export async function apiTokensRoutes(app: App) {
  app.get('/api/api-tokens', { config: own, schema: { tags, summary: 'My personal API tokens', response: { 200: ApiTokenList } } }, async (request) =>
    service.listMyTokens(app.db, requireAuth(request)),
  );
  app.post(
    '/api/api-tokens',
    {
      config: { ...own, record: { anyHolder: "the caller's own token" } },
      schema: { tags, summary: 'Create a personal API token (the secret is shown once)', body: CreatePersonalTokenRequest, response: { 200: CreatedApiToken } },
    },
    async (request) => service.createPersonalToken(app.db, requireAuth(request), request.body),
  );
  app.post(
    '/api/api-tokens/:id/revoke',
    {
      config: { ...own, record: { anyHolder: "the caller's own token (the service checks)" } },
      schema: { tags, summary: 'Revoke my personal API token', params: IdParams, response: { 200: ApiToken } },
    },
    async (request) => service.revokeToken(app.db, requireAuth(request), request.params.id, 'own'),
  );
  app.get(
    '/api/admin/service-tokens',
    { config: admin, schema: { tags, summary: 'Service API tokens (administration)', response: { 200: ApiTokenList } } },
    async () => service.listServiceTokens(app.db),
  );
  app.post(
    '/api/admin/service-tokens',
    {
      config: { ...admin, record: { anyHolder: 'administration behind users.admin' } },
      schema: { tags, summary: 'Create a service API token bound to a service user', body: CreateServiceTokenRequest, response: { 200: CreatedApiToken } },
    },
    async (request) => service.createServiceToken(app.db, requireAuth(request), request.body),
  );
  app.post(
    '/api/admin/service-tokens/:id/revoke',
    {
      config: { ...admin, record: { anyHolder: 'administration behind users.admin' } },
      schema: { tags, summary: 'Revoke a service API token', params: IdParams, response: { 200: ApiToken } },
    },
    async (request) => service.revokeToken(app.db, requireAuth(request), request.params.id, 'service'),
  );
}
