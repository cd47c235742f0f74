import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { IdParams } from '../../contracts/common.js';
import { actionRoutes } from '../../contracts/actions.routes.js';
import { implement } from '../platform/http/routes.js';
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

/** Today's date at the site (calendar-day questions are answered in the site's time zone). */
export function siteToday(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export async function actionsRoutes(app: App) {
  const today = () => siteToday(app.config.siteTimeZone);
  const r = actionRoutes;
  implement(
    app,
    r.list,
    {
      tags,
      summary: 'Action items (措施项) you may see',
      config: { access: { authenticated: true } },
      schemas: { querystring: ActionListQuery, response: ActionList },
    },
    async (request) => service.listActions(app.db, requireAuth(request), request.query),
  );
  implement(
    app,
    r.get,
    { tags, summary: 'An action item', config: { access: { authenticated: true } }, schemas: { params: IdParams, response: ActionItem } },
    async (request) => service.getAction(app.db, requireAuth(request), request.params.id),
  );
  implement(
    app,
    r.create,
    {
      tags,
      summary: 'Assign an action item on a record',
      config: { record: { creates: 'action' }, access: { permission: 'actions.manage' } },
      schemas: { body: CreateActionRequest, response: ActionItem },
    },
    async (request) => service.createAction(app.db, requireAuth(request), request.body, today()),
  );
  implement(
    app,
    r.update,
    {
      tags,
      summary: 'Change an open action item',
      config: { record: { edits: 'action' }, access: { permission: 'actions.manage' } },
      schemas: { params: IdParams, body: UpdateActionRequest, response: ActionItem },
    },
    async (request) => service.updateAction(app.db, requireAuth(request), request.params.id, request.body, today()),
  );
  implement(
    app,
    r.claim,
    {
      tags,
      summary: "Take an open action item of one's own department (a department's shared queue)",
      config: { record: { edits: 'action' }, access: { authenticated: true } },
      schemas: { params: IdParams, body: ClaimActionRequest, response: ActionItem },
    },
    async (request) => service.claimAction(app.db, requireAuth(request), request.params.id, request.body),
  );
  implement(
    app,
    r.complete,
    {
      tags,
      summary: 'Complete with evidence (owner)',
      config: { record: { edits: 'action' }, access: { authenticated: true } },
      schemas: { params: IdParams, body: CompleteActionRequest, response: ActionItem },
    },
    async (request) => service.completeAction(app.db, requireAuth(request), request.params.id, request.body),
  );
  implement(
    app,
    r.verify,
    {
      tags,
      summary: 'Record the effectiveness check (verifier); not effective reopens',
      config: { record: { edits: 'action' }, access: { authenticated: true } },
      schemas: { params: IdParams, body: VerifyActionRequest, response: ActionItem },
    },
    async (request) => service.verifyAction(app.db, requireAuth(request), request.params.id, request.body),
  );
  implement(
    app,
    r.cancel,
    {
      tags,
      summary: 'Cancel with a reason',
      config: { record: { edits: 'action' }, access: { permission: 'actions.manage' } },
      schemas: { params: IdParams, body: CancelActionRequest, response: ActionItem },
    },
    async (request) => service.cancelAction(app.db, requireAuth(request), request.params.id, request.body),
  );
}
