import { z } from 'zod';
import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { Id } from '../../contracts/common.js';
import {
  ActionItem,
  ActionList,
  ActionListQuery,
  CancelActionRequest,
  ClaimActionRequest,
  CompleteActionRequest,
  CreateActionRequest,
  UpdateActionRequest,
  VerifyActionRequest,
} from '../../contracts/actions.js';
import * as service from './actions.service.js';

const tags = ['actions'];
const IdParams = z.object({ id: Id });

/** Today's date at the site (calendar-day questions are answered in the site's time zone). */
export function siteToday(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export async function actionsRoutes(app: App) {
  const today = () => siteToday(app.config.siteTimeZone);
  app.get(
    '/api/actions',
    {
      config: { access: { authenticated: true } },
      schema: { tags, summary: 'Action items (措施项) you may see', querystring: ActionListQuery, response: { 200: ActionList } },
    },
    async (request) => service.listActions(app.db, requireAuth(request), request.query),
  );
  app.get(
    '/api/actions/:id',
    { config: { access: { authenticated: true } }, schema: { tags, summary: 'An action item', params: IdParams, response: { 200: ActionItem } } },
    async (request) => service.getAction(app.db, requireAuth(request), request.params.id),
  );
  app.post(
    '/api/actions',
    {
      config: { record: { creates: 'action' }, access: { permission: 'actions.manage' } },
      schema: { tags, summary: 'Assign an action item on a record', body: CreateActionRequest, response: { 200: ActionItem } },
    },
    async (request) => service.createAction(app.db, requireAuth(request), request.body, today()),
  );
  app.put(
    '/api/actions/:id',
    {
      config: { record: { edits: 'action' }, access: { permission: 'actions.manage' } },
      schema: { tags, summary: 'Change an open action item', params: IdParams, body: UpdateActionRequest, response: { 200: ActionItem } },
    },
    async (request) => service.updateAction(app.db, requireAuth(request), request.params.id, request.body, today()),
  );
  app.post(
    '/api/actions/:id/claim',
    {
      config: { record: { edits: 'action' }, access: { authenticated: true } },
      schema: {
        tags,
        summary: "Take an open action item of one's own department (a department's shared queue)",
        params: IdParams,
        body: ClaimActionRequest,
        response: { 200: ActionItem },
      },
    },
    async (request) => service.claimAction(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/actions/:id/complete',
    {
      config: { record: { edits: 'action' }, access: { authenticated: true } },
      schema: { tags, summary: 'Complete with evidence (owner)', params: IdParams, body: CompleteActionRequest, response: { 200: ActionItem } },
    },
    async (request) => service.completeAction(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/actions/:id/verify',
    {
      config: { record: { edits: 'action' }, access: { authenticated: true } },
      schema: {
        tags,
        summary: 'Record the effectiveness check (verifier); not effective reopens',
        params: IdParams,
        body: VerifyActionRequest,
        response: { 200: ActionItem },
      },
    },
    async (request) => service.verifyAction(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/actions/:id/cancel',
    {
      config: { record: { edits: 'action' }, access: { permission: 'actions.manage' } },
      schema: { tags, summary: 'Cancel with a reason', params: IdParams, body: CancelActionRequest, response: { 200: ActionItem } },
    },
    async (request) => service.cancelAction(app.db, requireAuth(request), request.params.id, request.body),
  );
}
