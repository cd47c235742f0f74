import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { implement } from '../platform/http/routes.js';
import { IdParams, VoidRequest } from '../../contracts/common.js';
import { Timeline, TimelineQuery } from '../../contracts/platform.js';
import { communicationRoutes } from '../../contracts/communications.routes.js';
import {
  Communication,
  CommunicationList,
  CommunicationListQuery,
  CompleteFollowUpRequest,
  CreateCommunicationRequest,
  UpdateCommunicationRequest,
} from '../../contracts/communications.js';
import * as service from './communications.service.js';

const tags = ['communications'];

export async function communicationsRoutes(app: App) {
  const r = communicationRoutes;
  implement(
    app,
    r.list,
    {
      tags,
      summary: 'Communication log (沟通记录)',
      config: { access: { permission: 'communications.read' } },
      schemas: { querystring: CommunicationListQuery, response: CommunicationList },
    },
    async (request) => service.listCommunications(app.db, request.query),
  );
  implement(
    app,
    r.create,
    {
      tags,
      summary: 'Log a communication',
      config: { record: { creates: 'communication' }, access: { permission: 'communications.write' } },
      schemas: { body: CreateCommunicationRequest, response: Communication },
    },
    async (request) => service.createCommunication(app.db, requireAuth(request), request.body),
  );
  implement(
    app,
    r.get,
    { tags, summary: 'A communication', config: { access: { permission: 'communications.read' } }, schemas: { params: IdParams, response: Communication } },
    async (request) => service.getCommunication(app.db, request.params.id),
  );
  implement(
    app,
    r.correct,
    {
      tags,
      summary: 'Correct a communication (reason required; the old version is kept)',
      config: { record: { edits: 'communication' }, access: { permission: 'communications.write' } },
      schemas: { params: IdParams, body: UpdateCommunicationRequest, response: Communication },
    },
    async (request) => service.correctCommunication(app.db, requireAuth(request), request.params.id, request.body),
  );
  implement(
    app,
    r.void,
    {
      tags,
      summary: 'Void a communication',
      config: { record: { edits: 'communication' }, access: { permission: 'communications.void' } },
      schemas: { params: IdParams, body: VoidRequest, response: Communication },
    },
    async (request) => service.voidCommunication(app.db, requireAuth(request), request.params.id, request.body),
  );
  implement(
    app,
    r.followUpDone,
    {
      tags,
      summary: 'Mark the follow-up done',
      config: { record: { edits: 'communication' }, access: { permission: 'communications.write' } },
      schemas: { params: IdParams, body: CompleteFollowUpRequest, response: Communication },
    },
    async (request) => service.completeFollowUp(app.db, requireAuth(request), request.params.id, request.body),
  );
  implement(
    app,
    r.timeline,
    {
      tags,
      summary: "A customer's timeline, newest first, 50 per page (before = nextCursor for older)",
      config: { access: { permission: 'communications.read' } },
      schemas: { params: IdParams, querystring: TimelineQuery, response: Timeline },
    },
    async (request) => service.customerTimeline(app.db, request.params.id, request.query),
  );
}
