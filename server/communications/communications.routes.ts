import { z } from 'zod';
import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { Id, VoidRequest } from '../../contracts/common.js';
import { Timeline, TimelineQuery } from '../../contracts/platform.js';
import {
  Communication,
  CommunicationList,
  CommunicationListQuery,
  CompleteFollowUpRequest,
  CreateCommunicationRequest,
  UpdateCommunicationRequest,
} from '../../contracts/communications.js';
import * as service from './communications.service.js';

const IdParams = z.object({ id: Id });
const tags = ['communications'];

export async function communicationsRoutes(app: App) {
  app.get(
    '/api/communications',
    {
      config: { access: { permission: 'communications.read' } },
      schema: { tags, summary: 'Communication log (沟通记录)', querystring: CommunicationListQuery, response: { 200: CommunicationList } },
    },
    async (request) => service.listCommunications(app.db, request.query),
  );
  app.post(
    '/api/communications',
    {
      config: { record: { creates: 'communication' }, access: { permission: 'communications.write' } },
      schema: { tags, summary: 'Log a communication', body: CreateCommunicationRequest, response: { 200: Communication } },
    },
    async (request) => service.createCommunication(app.db, requireAuth(request), request.body),
  );
  app.get(
    '/api/communications/:id',
    {
      config: { access: { permission: 'communications.read' } },
      schema: { tags, summary: 'A communication', params: IdParams, response: { 200: Communication } },
    },
    async (request) => service.getCommunication(app.db, request.params.id),
  );
  app.put(
    '/api/communications/:id',
    {
      config: { record: { edits: 'communication' }, access: { permission: 'communications.write' } },
      schema: {
        tags,
        summary: 'Correct a communication (reason required; the old version is kept)',
        params: IdParams,
        body: UpdateCommunicationRequest,
        response: { 200: Communication },
      },
    },
    async (request) => service.correctCommunication(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/communications/:id/void',
    {
      config: { record: { edits: 'communication' }, access: { permission: 'communications.void' } },
      schema: { tags, summary: 'Void a communication', params: IdParams, body: VoidRequest, response: { 200: Communication } },
    },
    async (request) => service.voidCommunication(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/communications/:id/follow-up-done',
    {
      config: { record: { edits: 'communication' }, access: { permission: 'communications.write' } },
      schema: { tags, summary: 'Mark the follow-up done', params: IdParams, body: CompleteFollowUpRequest, response: { 200: Communication } },
    },
    async (request) => service.completeFollowUp(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.get(
    '/api/customers/:id/timeline',
    {
      config: { access: { permission: 'communications.read' } },
      schema: {
        tags,
        summary: "A customer's timeline, newest first, 50 per page (before = nextCursor for older)",
        params: IdParams,
        querystring: TimelineQuery,
        response: { 200: Timeline },
      },
    },
    async (request) => service.customerTimeline(app.db, request.params.id, request.query),
  );
}
