import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../platform/http/types.js';
import { AppError } from '../platform/http/app-error.js';
import { requireAuth } from '../platform/http/access.js';
import { Id, Ok } from '../../contracts/common.js';
import {
  CustomerPortal,
  InviteContactRequest,
  PORTAL_COOKIE,
  PORTAL_CSRF_HEADER,
  PortalComplaint,
  PortalComplaintList,
  PortalConfirmationRequest,
  PortalAcknowledgeRequest,
  PortalMe,
  PortalMessageRequest,
  PortalMessageResult,
  PortalOrder,
  PortalOrderList,
  RedeemLinkRequest,
  RequestLinkRequest,
  UpdatePortalSettingsRequest,
  PortalReconfirmRequest,
  PortalSurveyList,
  PortalVisitList,
  PortalUploadFields,
  PortalUploadResult,
  PortalUpload,
  PortalUploadList,
  CustomerPortalUploadList,
  PortalSetPasswordRequest,
  PortalPasswordSignInRequest,
  PortalTotpSetup,
  PortalTotpCodeRequest,
} from '../../contracts/portal.js';
import { PublicSurvey, PublicSurveyThanks, SubmitSurveyRequest } from '../../contracts/surveys.js';
import { findInvalidText } from '../../contracts/common.js';
import { discardUpload, receiveUpload, type ReceivedUpload } from '../platform/files/files.js';
import * as service from './portal.service.js';

const IdParams = z.object({ id: Id });
const AccessParams = z.object({ id: Id, accessId: Id });
const tags = ['portal'];
const staffTags = ['portal (factory side)'];

declare module 'fastify' {
  interface FastifyRequest {
    portal: service.PortalPrincipal | null;
  }
}

/** The portal contact behind the request's portal cookie, or 401; a change also needs the portal's CSRF header. */
function contact(request: FastifyRequest): service.PortalPrincipal {
  const p = request.portal;
  if (!p) throw new AppError('PORTAL_UNAUTHENTICATED');
  if (request.method !== 'GET' && request.headers[PORTAL_CSRF_HEADER] !== p.csrfToken) throw new AppError('CSRF_INVALID');
  return p;
}

/**
 * The portal's own routes (`/api/portal/*`): public for the staff access plugin (no staff session is asked or used),
 * answered only to a portal session (cookie `accord_portal`, resolved here), rate limited per address.
 */
export async function portalRoutes(app: App) {
  // ---- the factory's side, on the customer
  const read = { access: { permission: 'customers.read' } } as const;
  const write = { access: { permission: 'customers.write' }, record: { edits: 'customer' } } as const;
  app.get(
    '/api/customers/:id/portal',
    {
      config: read,
      schema: { tags: staffTags, summary: "The customer's portal: who is invited, what is shown", params: IdParams, response: { 200: CustomerPortal } },
    },
    async (request) => service.customerPortal(app.db, request.params.id),
  );
  app.get(
    '/api/customers/:id/portal/uploads',
    {
      config: read,
      schema: {
        tags: staffTags,
        summary: "Documents this customer's contacts uploaded in the portal (what, when, on which record, filed as what)",
        params: IdParams,
        response: { 200: CustomerPortalUploadList },
      },
    },
    async (request) => service.customerUploads(app.db, request.params.id),
  );
  app.put(
    '/api/customers/:id/portal/settings',
    {
      config: write,
      schema: {
        tags: staffTags,
        summary: 'What the portal shows this customer',
        params: IdParams,
        body: UpdatePortalSettingsRequest,
        response: { 200: CustomerPortal },
      },
    },
    async (request) => service.saveSettings(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/customers/:id/portal/invitations',
    {
      config: write,
      schema: {
        tags: staffTags,
        summary: 'Invite a contact (an e-mail with a sign-in link)',
        params: IdParams,
        body: InviteContactRequest,
        response: { 200: CustomerPortal },
      },
    },
    async (request) => service.invite(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/customers/:id/portal/access/:accessId/revoke',
    {
      config: write,
      schema: { tags: staffTags, summary: "Withdraw a contact's portal access (its sessions end)", params: AccessParams, response: { 200: CustomerPortal } },
    },
    async (request) => service.setAccess(app.db, requireAuth(request), request.params.id, request.params.accessId, false),
  );

  // ---- the customer's side
  await app.register(async (portal) => {
    portal.decorateRequest('portal', null);
    portal.addHook('onRoute', (route) => {
      route.config ??= {};
      route.config.access = { public: true };
    });
    portal.addHook('onRequest', async (request) => {
      const raw = request.cookies?.[PORTAL_COOKIE];
      const unsigned = raw ? request.unsignCookie(raw) : null;
      request.portal = unsigned?.valid && unsigned.value ? await service.resolvePortal(app.db, unsigned.value) : null;
    });
    const p = portal as unknown as App;
    // every portal route per address: six times the sign-in limit (120 a minute by default); declared on each route
    // (the rate-limit plugin reads a route's options when the route is added)
    const limited = { rateLimit: { max: app.config.loginRateLimitPerMinute * 6, timeWindow: '1 minute' } };
    const cookieOpts = { path: '/api/portal', httpOnly: true, sameSite: 'strict', secure: 'auto', signed: true } as const;
    p.post(
      '/api/portal/auth/request-link',
      {
        config: { rateLimit: { max: Math.max(1, Math.round(app.config.loginRateLimitPerMinute / 4)), timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: 'Send a one-time sign-in link to this address (the same answer whether it is known or not)',
          body: RequestLinkRequest,
          response: { 200: Ok },
        },
      },
      async (request) => service.requestLink(app.db, request.body.email, request.body.language),
    );
    p.post(
      '/api/portal/auth/redeem',
      {
        config: { rateLimit: { max: app.config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
        schema: { tags, summary: 'Sign in with the link (once)', body: RedeemLinkRequest, response: { 200: PortalMe } },
      },
      async (request, reply) => {
        const { session, expiresAt } = await service.redeem(app.db, request.body.token, request.ip);
        reply.setCookie(PORTAL_COOKIE, session, { ...cookieOpts, expires: expiresAt });
        return service.me((await service.resolvePortal(app.db, session))!);
      },
    );
    p.post(
      '/api/portal/auth/logout',
      { config: limited, schema: { tags, summary: 'Sign out of the portal', response: { 200: Ok } } },
      async (request, reply) => {
        await service.signOut(app.db, contact(request));
        reply.clearCookie(PORTAL_COOKIE, { path: '/api/portal' });
        return { ok: true as const };
      },
    );
    p.get('/api/portal/me', { config: limited, schema: { tags, summary: 'The signed-in contact and company', response: { 200: PortalMe } } }, async (request) =>
      service.me(contact(request)),
    );
    p.get('/api/portal/orders', { config: limited, schema: { tags, summary: "My company's orders", response: { 200: PortalOrderList } } }, async (request) =>
      service.orders(app.db, contact(request)),
    );
    p.get(
      '/api/portal/orders/:id',
      { config: limited, schema: { tags, summary: "One of my company's orders", params: IdParams, response: { 200: PortalOrder } } },
      async (request) => service.order(app.db, contact(request), request.params.id),
    );
    p.post(
      '/api/portal/orders/:id/date-changes/:changeId/acknowledge',
      {
        config: limited,
        schema: {
          tags,
          summary: 'Acknowledge a date change of my order',
          params: z.object({ id: Id, changeId: Id }),
          body: PortalAcknowledgeRequest,
          response: { 200: PortalOrder },
        },
      },
      async (request) => service.acknowledgeDateChange(app.db, contact(request), request.params.id, request.params.changeId, request.body),
    );
    p.get(
      '/api/portal/complaints',
      { config: limited, schema: { tags, summary: "My company's complaints", response: { 200: PortalComplaintList } } },
      async (request) => service.complaints(app.db, contact(request)),
    );
    p.get(
      '/api/portal/complaints/:id',
      { config: limited, schema: { tags, summary: "One of my company's complaints", params: IdParams, response: { 200: PortalComplaint } } },
      async (request) => service.complaint(app.db, contact(request), request.params.id),
    );
    p.post(
      '/api/portal/complaints/:id/confirmation',
      {
        config: limited,
        schema: {
          tags,
          summary: "Accept the complaint's resolution, or reject it with the reason",
          params: IdParams,
          body: PortalConfirmationRequest,
          response: { 200: PortalComplaint },
        },
      },
      async (request) => service.confirmComplaint(app.db, contact(request), request.params.id, request.body),
    );
    p.post(
      '/api/portal/auth/sign-in',
      {
        config: { rateLimit: { max: app.config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: 'Sign in with address and password (+ the authenticator code when enabled); the same 401 for any wrong part',
          body: PortalPasswordSignInRequest,
          response: { 200: PortalMe },
        },
      },
      async (request, reply) => {
        const { session, expiresAt } = await service.passwordSignIn(app.db, request.body, request.ip);
        reply.setCookie(PORTAL_COOKIE, session, { ...cookieOpts, expires: expiresAt });
        return service.me((await service.resolvePortal(app.db, session))!);
      },
    );
    p.post(
      '/api/portal/password',
      {
        config: limited,
        schema: { tags, summary: 'Set or change my password (the staff password policy)', body: PortalSetPasswordRequest, response: { 200: Ok } },
      },
      async (request) => service.setPassword(app.db, contact(request), request.body.password),
    );
    p.post(
      '/api/portal/totp/setup',
      {
        config: limited,
        schema: { tags, summary: 'A new authenticator secret (otpauth URI and text), pending until a code confirms it', response: { 200: PortalTotpSetup } },
      },
      async (request) => service.totpSetup(app.db, contact(request)),
    );
    p.post(
      '/api/portal/totp/enable',
      {
        config: limited,
        schema: {
          tags,
          summary: 'Confirm the pending authenticator with a code: sign-in by password then asks for a code',
          body: PortalTotpCodeRequest,
          response: { 200: Ok },
        },
      },
      async (request) => service.totpEnable(app.db, contact(request), request.body.code),
    );
    p.post(
      '/api/portal/totp/disable',
      { config: limited, schema: { tags, summary: 'Turn the authenticator off (with a current code)', body: PortalTotpCodeRequest, response: { 200: Ok } } },
      async (request) => service.totpDisable(app.db, contact(request), request.body.code),
    );
    p.post(
      '/api/portal/orders/:id/reconfirm',
      {
        config: limited,
        schema: {
          tags,
          summary: 'Reconfirm shipping time and specification of my order before shipment',
          params: IdParams,
          body: PortalReconfirmRequest,
          response: { 200: PortalOrder },
        },
      },
      async (request) => service.reconfirm(app.db, contact(request), request.params.id, request.body),
    );
    p.get(
      '/api/portal/surveys',
      { config: limited, schema: { tags, summary: 'Surveys waiting for my answer', response: { 200: PortalSurveyList } } },
      async (request) => service.surveys(app.db, contact(request)),
    );
    p.get(
      '/api/portal/surveys/:id',
      { config: limited, schema: { tags, summary: 'One of my surveys (the questionnaire)', params: IdParams, response: { 200: PublicSurvey } } },
      async (request) => service.survey(app.db, contact(request), request.params.id),
    );
    p.post(
      '/api/portal/surveys/:id',
      {
        config: limited,
        schema: { tags, summary: 'Answer one of my surveys (once)', params: IdParams, body: SubmitSurveyRequest, response: { 200: PublicSurveyThanks } },
      },
      async (request) => service.answerSurvey(app.db, contact(request), request.params.id, request.body, request.locale),
    );
    p.get(
      '/api/portal/visits',
      {
        config: limited,
        schema: { tags, summary: 'Visits and audits planned with my company (when the factory shows them)', response: { 200: PortalVisitList } },
      },
      async (request) => service.visits(app.db, contact(request)),
    );
    p.get(
      '/api/portal/uploads',
      { config: limited, schema: { tags, summary: 'My uploads: what, when, on which record, and what became of it', response: { 200: PortalUploadList } } },
      async (request) => service.uploads(app.db, contact(request)),
    );
    p.get(
      '/api/portal/uploads/:id',
      { config: limited, schema: { tags, summary: 'One of my uploads', params: IdParams, response: { 200: PortalUpload } } },
      async (request) => service.uploadOf(app.db, contact(request), request.params.id),
    );
    p.post(
      '/api/portal/uploads',
      {
        config: limited,
        schema: {
          tags,
          summary: 'Upload a document (multipart: "file" + kind, refType, refId, note): a written PO for an oral order, a drawing, our scorecard',
          consumes: ['multipart/form-data'],
          response: { 200: PortalUploadResult },
        },
      },
      async (request) => {
        const who = contact(request);
        if (!request.isMultipart()) throw new AppError('FILE_MISSING', [{ path: 'file', code: 'required' }]);
        const fields: Record<string, string> = {};
        let received: ReceivedUpload | null = null;
        try {
          for await (const part of request.parts()) {
            const where = `body.${part.fieldname}`;
            const bad =
              findInvalidText(part.fieldname, 'body') ??
              (part.type === 'field' ? findInvalidText(part.value, where) : findInvalidText(part.filename, `${where}.filename`));
            if (bad) {
              if (part.type === 'file') part.file.resume();
              throw new AppError('INVALID_TEXT', [{ path: bad, code: 'invalid_text' }]);
            }
            if (part.type === 'field') {
              fields[part.fieldname] = String(part.value);
              continue;
            }
            if (received) {
              part.file.resume();
              throw new AppError('TOO_MANY_FILES', [{ path: where, code: 'too_many_files' }]);
            }
            received = await receiveUpload(app.config.dataDir, { filename: part.filename, stream: part.file });
          }
          if (!received) throw new AppError('FILE_MISSING', [{ path: 'file', code: 'required' }]);
          const parsed = PortalUploadFields.safeParse(fields);
          if (!parsed.success)
            throw new AppError(
              'VALIDATION_FAILED',
              parsed.error.issues.map((i) => ({ path: ['body', ...i.path].join('.'), code: i.code })),
            );
          const r = await service.upload(app.db, app.config.dataDir, who, received, parsed.data);
          received = null;
          return r;
        } finally {
          if (received) discardUpload(received);
        }
      },
    );
    p.post(
      '/api/portal/messages',
      {
        config: limited,
        schema: {
          tags,
          summary: 'Write to the factory (an incoming communication, on the record if named)',
          body: PortalMessageRequest,
          response: { 200: PortalMessageResult },
        },
      },
      async (request) => service.message(app.db, contact(request), request.body),
    );
  });
}
