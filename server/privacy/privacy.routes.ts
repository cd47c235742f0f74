import { z } from 'zod';
import type { App } from '../platform/http/types.js';
import { requireAuth, assertPermission } from '../platform/http/access.js';
import { Id } from '../../contracts/common.js';
import { AnonymiseRequest, AnonymiseResult, ContactPrivacyView, ExportRequest, UpdateContactPrivacyRequest } from '../../contracts/privacy.js';
import * as service from './privacy.service.js';

const tags = ['privacy'];
const ContactParams = z.object({ contactId: Id });

/** PIPL: a contact's legal basis, export and erasure, and who viewed their data — the privacy officer's, behind privacy.manage. */
export async function privacyRoutes(app: App) {
  app.get(
    '/api/contacts/:contactId/privacy',
    {
      config: { access: { permission: 'privacy.manage' } },
      schema: {
        tags,
        summary: "A contact's legal basis, requests handled and who viewed the personal data",
        params: ContactParams,
        response: { 200: ContactPrivacyView },
      },
    },
    async (request) => service.getContactPrivacy(app.db, request.params.contactId),
  );

  app.put(
    '/api/contacts/:contactId/privacy',
    {
      config: { record: { anyHolder: 'the privacy officer, behind privacy.manage' }, access: { permission: 'privacy.manage' } },
      schema: {
        tags,
        summary: 'Record on what basis the personal data is held (PIPL art. 13)',
        params: ContactParams,
        body: UpdateContactPrivacyRequest,
        response: { 200: ContactPrivacyView },
      },
    },
    async (request) => service.updateContactPrivacy(app.db, requireAuth(request), request.params.contactId, request.body),
  );

  app.post(
    '/api/contacts/:contactId/privacy/export',
    {
      config: { record: { anyHolder: 'the privacy officer, behind privacy.manage' }, access: { permission: 'privacy.manage' } },
      schema: {
        tags,
        summary: 'Record a request for access and download everything held about the contact (JSON or xlsx)',
        params: ContactParams,
        body: ExportRequest,
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      // the file carries the personal data itself: its reader must be allowed to see it
      assertPermission(auth, 'contacts.personal.read');
      const { request: handled, document } = await service.exportContact(app.db, auth, request.params.contactId, request.body);
      if (request.body.format === 'xlsx') {
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="${handled.number}.xlsx"`)
          .header('cache-control', 'no-store')
          .send(await service.exportWorkbook(document));
      }
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${handled.number}.json"`)
        .header('cache-control', 'no-store')
        .send(JSON.stringify(document, null, 2));
    },
  );

  app.post(
    '/api/contacts/:contactId/anonymise',
    {
      config: { record: { anyHolder: 'the privacy officer, behind privacy.manage' }, access: { permission: 'privacy.manage' } },
      schema: {
        tags,
        summary: "Erase the person's data on request (PIPL art. 47): the business records stay",
        params: ContactParams,
        body: AnonymiseRequest,
        response: { 200: AnonymiseResult },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      assertPermission(auth, 'contacts.personal.read');
      return service.anonymiseContact(app.db, auth, request.params.contactId, request.body);
    },
  );
}
