import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './platform/paths.js';
import { secretBesideData } from './platform/secrets.js';
import { configureAuditChain } from './platform/audit/index.js';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './platform/config.js';
import type { Database } from './platform/db/client.js';
import { accessPlugin } from './platform/http/access.js';
import { clientErrorHandler, errorHandler, frameworkErrorHandler, sendProblem } from './platform/http/problem.js';
import { textGuardPlugin } from './platform/http/text-guard.js';
import { loadEditFacts, type EditableType } from './platform/records/edit-rights.js';
import { securityPlugin } from './platform/http/security.js';
import { localeFromAcceptLanguage } from './platform/http/locale.js';
import { isWebAppPath, REVALIDATE, webStaticOptions } from './platform/http/web-assets.js';
import { firstScreen, loadIndexPage } from './platform/http/index-page.js';
import type { App } from './platform/http/types.js';
import { platformRoutes } from './platform/platform.routes.js';
import { filesRoutes } from './platform/files/files.routes.js';
import { identityRoutes, registerIdentityRecordTypes, resolveSession } from './identity/index.js';
import { partiesRoutes, registerPartyRecordTypes } from './parties/index.js';
import { communicationsRoutes, registerCommunicationRecordTypes } from './communications/index.js';
import { notificationsRoutes, registerNotificationHandlers } from './notifications/index.js';
import { initProcedures, proceduresRoutes, registerProcedureRecordTypes } from './procedures/index.js';
import { actionsRoutes, registerActionFeature } from './actions/index.js';
import { calendarRoutes, registerCalendarFeature } from './calendar/index.js';
import { productsRoutes, registerProductFeature } from './products/index.js';
import { ordersRoutes, registerOrderFeature } from './orders/index.js';
import { outsourcingRoutes, registerOutsourcingFeature } from './outsourcing/index.js';
import { surveysRoutes, registerSurveyFeature } from './surveys/index.js';
import { quotationsRoutes, registerQuotationFeature } from './quotations/index.js';
import { complaintsRoutes, registerComplaintFeature } from './complaints/index.js';
import { registerVisitFeature, visitsRoutes } from './visits/index.js';
import { internalRoutes, registerInternalFeature } from './internal/index.js';
import { registerRegistersFeature, registersRoutes } from './registers/index.js';
import { engineeringRoutes, registerEngineeringFeature } from './engineering/index.js';
import { registerServiceFeature, serviceRoutes } from './service/index.js';
import { myWorkRoutes } from './my-work/index.js';
import { mailRoutes, registerMailFeature } from './mail/index.js';
import { apiTokensRoutes, registerApiTokenFeature, resolveBearer } from './api-tokens/index.js';
import { registerWebhookFeature, setWebhookConfig, webhooksRoutes } from './webhooks/index.js';
import { selectInstance } from './procedures/index.js';
import { portalRoutes, setPortalConfig } from './portal/index.js';
import { registerSpreadsheetFeature, spreadsheetsRoutes } from './spreadsheets/index.js';
import { logPersonalDataViews, personalDataShown, privacyRoutes } from './privacy/index.js';
import { registerRetentionRecordTypes, retentionRoutes } from './retention/index.js';
import { kpisRoutes, registerKpiFeature } from './kpis/index.js';

export const webDist = path.join(projectRoot, 'dist/web');

/** Feature registrations (record types, outbox handlers): plain data, idempotent. */
export function registerFeatures() {
  registerIdentityRecordTypes();
  registerPartyRecordTypes();
  registerCommunicationRecordTypes();
  registerNotificationHandlers();
  registerProcedureRecordTypes();
  registerActionFeature();
  registerProductFeature();
  registerOrderFeature();
  registerOutsourcingFeature();
  registerSurveyFeature();
  registerQuotationFeature();
  registerComplaintFeature();
  registerVisitFeature();
  registerInternalFeature();
  registerSpreadsheetFeature();
  registerRetentionRecordTypes();
  registerApiTokenFeature();
  registerWebhookFeature();
  registerRegistersFeature();
  registerEngineeringFeature();
  registerServiceFeature();
  // after the features registered their guards and effects: a broken definition stops start-up here
  initProcedures();
  registerKpiFeature();
}

const sessionSecret = (config: Config) => secretBesideData(config.dataDir, 'session-secret', config.sessionSecret);

/** TRUST_PROXY=<n>: the n proxies nearest to us tell the address (proxy-addr's hop count) */
const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

export interface BuildOptions {
  config: Config;
  database: Database;
  logger?: boolean;
  /** extra routes (tests use this to prove the access enumeration catches undeclared routes) */
  extraRoutes?: (app: App) => Promise<void>;
}

/**
 * The settings some features keep per process (the site's time zone, the audit key, mail and webhook secrets' place):
 * one app per process in production; a test worker that builds several apps applies an app's again before using it.
 */
export function applyProcessConfig(config: Config) {
  registerCalendarFeature(config.siteTimeZone);
  configureAuditChain(config);
  registerMailFeature(config);
  setWebhookConfig(config);
  setPortalConfig(config);
}

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  registerFeatures();
  const { config, database } = opts;
  applyProcessConfig(config);
  const app = Fastify({
    logger: opts.logger === false ? false : { level: config.logLevel },
    // one line per request only when debugging; errors are always logged
    logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace' }),
    bodyLimit: 1024 * 1024,
    // the client's address (rate limits, audit) comes from X-Forwarded-For only via configured proxies
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    ajv: undefined,
    // a request line or headers over node's maxHeaderSize (16 kB) get a problem+json 431, not a bare JSON body
    clientErrorHandler,
    // a path the router cannot decode, or a path parameter over 100 characters: problem+json as well
    frameworkErrors: frameworkErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.decorate('db', database.db);
  app.decorate('engine', database.engine);
  app.decorate('config', config);

  // 1. external plugins
  await app.register(cookie, { secret: sessionSecret(config) });
  await app.register(multipart, { limits: { fileSize: config.maxUploadBytes, files: 1, fields: 5 } });
  await app.register(rateLimit, { global: false, errorResponseBuilder: () => ({ statusCode: 429, code: 'RATE_LIMITED', message: 'rate limited' }) });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Accord API', description: 'Accord — customer communication management (客户沟通管理系统)', version: '0.1.0' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'accord_session' },
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API token (acc_…): personal (My account → API tokens) or a service token (Administration)',
          },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });

  // 2. app plugins: browser security first, so that every answer carries its headers
  await app.register(securityPlugin);
  await app.register(accessPlugin, {
    resolveSession: (token: string) => resolveSession(database.db, token),
    resolveBearer: (token: string, ip: string) => resolveBearer(database.db, token, ip),
    instanceRecordType: async (id: string) => (await selectInstance(database.db, id))?.refType ?? null,
    editFacts: (type: EditableType, id: string) => loadEditFacts(database.db, type, id),
    personalDataShown: async (auth, payload, route) => {
      const ids = personalDataShown(payload);
      if (ids.size) await logPersonalDataViews(database.db, auth.userId, ids, route);
    },
  });
  await app.register(textGuardPlugin);

  // 3. routes
  // the built web app: precompressed files, cache headers (platform/http/web-assets.ts); `reply.sendFile`
  // (index.html) for every context, the files themselves under the public routes below
  const webBuilt = fs.existsSync(path.join(webDist, 'index.html'));
  const indexPage = webBuilt ? loadIndexPage(webDist) : null;
  const sendIndex = (request: FastifyRequest, reply: FastifyReply) => {
    if (!indexPage) return reply.sendFile('index.html');
    const first = firstScreen(request.url, !!request.auth && !request.auth.tokenId);
    const { body, encoding } = indexPage.send(request.auth?.locale ?? request.locale, first, request.headers['accept-encoding']);
    reply.type('text/html; charset=utf-8').header('cache-control', REVALIDATE).header('vary', 'Accept-Encoding, Accept-Language, Cookie');
    if (encoding) reply.header('content-encoding', encoding);
    return reply.send(body);
  };
  if (webBuilt) await app.register(fastifyStatic, { ...webStaticOptions(webDist), serve: false });
  await app.register(async (pub) => {
    pub.addHook('onRoute', (route) => {
      route.config ??= {};
      // the API documentation is for signed-in users unless API_DOCS_PUBLIC=true
      const docs = route.url.startsWith('/api/docs') || route.url === '/api/openapi.json';
      route.config.access = docs && !config.apiDocsPublic ? { authenticated: true } : { public: true };
    });
    await pub.register(swaggerUi, { routePrefix: '/api/docs' });
    pub.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    if (webBuilt) {
      // wildcard: files built after start-up are served too; unknown paths fall through to the SPA
      await pub.register(fastifyStatic, { ...webStaticOptions(webDist), prefix: '/', wildcard: true, index: false, decorateReply: false });
      // the static wildcard does not answer the bare root: the web app starts there
      pub.get('/', { schema: { hide: true } }, (request, reply) => sendIndex(request, reply));
      pub.get('/index.html', { schema: { hide: true } }, (request, reply) => sendIndex(request, reply));
    }
  });
  await app.register(platformRoutes);
  await app.register(identityRoutes);
  await app.register(partiesRoutes);
  await app.register(communicationsRoutes);
  await app.register(filesRoutes);
  await app.register(notificationsRoutes);
  await app.register(proceduresRoutes);
  await app.register(actionsRoutes);
  await app.register(calendarRoutes);
  await app.register(productsRoutes);
  await app.register(ordersRoutes);
  await app.register(outsourcingRoutes);
  await app.register(surveysRoutes);
  await app.register(quotationsRoutes);
  await app.register(complaintsRoutes);
  await app.register(visitsRoutes);
  await app.register(internalRoutes);
  await app.register(registersRoutes);
  await app.register(engineeringRoutes);
  await app.register(serviceRoutes);
  await app.register(myWorkRoutes);
  await app.register(mailRoutes);
  await app.register(apiTokensRoutes);
  await app.register(webhooksRoutes);
  await app.register(portalRoutes);
  await app.register(spreadsheetsRoutes);
  await app.register(privacyRoutes);
  await app.register(retentionRoutes);
  await app.register(kpisRoutes);
  if (opts.extraRoutes) await app.register(opts.extraRoutes);

  // The web app's client-side routes fall back to index.html; unknown API paths get a problem.
  const indexHtml = path.join(webDist, 'index.html');
  app.setNotFoundHandler((request, reply) => {
    const locale = request.auth?.locale ?? localeFromAcceptLanguage(request.headers['accept-language']);
    if (request.method === 'GET' && isWebAppPath(request.url) && fs.existsSync(indexHtml)) {
      if (webBuilt) return sendIndex(request, reply);
      return reply.type('text/html').header('cache-control', 'no-cache').send(fs.createReadStream(indexHtml));
    }
    return sendProblem(reply, 'ROUTE_NOT_FOUND', locale);
  });

  await app.ready();
  return app as unknown as FastifyInstance;
}
