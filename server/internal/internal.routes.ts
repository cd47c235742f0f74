import { z } from 'zod';
import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { Id } from '../../contracts/common.js';
import { ActionItem } from '../../contracts/actions.js';
import {
  CommunicationPlan,
  CommunicationPlanList,
  CommunicationPlanListQuery,
  CreateCommunicationPlanRequest,
  CreateMeetingRequest,
  CreateMeetingSeriesRequest,
  DistributeMeetingRequest,
  Meeting,
  MeetingActionRequest,
  MeetingList,
  MeetingListQuery,
  MeetingSeriesList,
  PlanReplyRequest,
  UpdateMeetingRequest,
} from '../../contracts/internal.js';
import { siteToday } from '../actions/index.js';
import { meetingRoutes } from '../../contracts/meetings.routes.js';
import { implement } from '../platform/http/routes.js';
import * as service from './internal.service.js';

const IdParams = z.object({ id: Id });
const tags = ['internal communication'];

export async function internalRoutes(app: App) {
  const read = { access: { permission: 'internal.read' as const } };
  const write = { access: { permission: 'internal.write' as const } };
  const auth = { access: { authenticated: true as const } };
  const today = () => siteToday(app.config.siteTimeZone);

  app.get(
    '/api/communication-plans',
    {
      config: read,
      schema: {
        tags,
        summary: 'Internal communication plans (内部沟通计划)',
        querystring: CommunicationPlanListQuery,
        response: { 200: CommunicationPlanList },
      },
    },
    async (request) => service.listPlans(app.db, request.query),
  );
  app.get(
    '/api/communication-plans/:id',
    { config: read, schema: { tags, summary: 'A plan with its seven steps and the replies', params: IdParams, response: { 200: CommunicationPlan } } },
    async (request) => service.getPlan(app.db, request.params.id),
  );
  app.post(
    '/api/communication-plans',
    {
      config: { ...write, record: { creates: 'communication-plan' } },
      schema: {
        tags,
        summary: 'Start a plan (optionally from a customer communication or complaint)',
        body: CreateCommunicationPlanRequest,
        response: { 200: CommunicationPlan },
      },
    },
    async (request) => service.createPlan(app.db, requireAuth(request), request.body),
  );
  app.post(
    '/api/communication-plans/:id/replies',
    {
      config: { ...auth, record: { anyHolder: 'an addressed department replies; the service checks the department' } },
      schema: {
        tags,
        summary: "A department's feedback (addressed departments only)",
        params: IdParams,
        body: PlanReplyRequest,
        response: { 200: CommunicationPlan },
      },
    },
    async (request) => service.replyToPlan(app.db, requireAuth(request), request.params.id, request.body),
  );

  const m = meetingRoutes;
  implement(
    app,
    m.listSeries,
    { tags, summary: 'Meeting series (e.g. the weekly quality meeting)', config: read, schemas: { response: MeetingSeriesList } },
    async () => service.listSeries(app.db),
  );
  implement(
    app,
    m.createSeries,
    {
      tags,
      summary: 'Create a meeting series',
      config: { ...write, record: { creates: 'meeting-series' } },
      schemas: { body: CreateMeetingSeriesRequest, response: MeetingSeriesList },
    },
    async (request) => service.createSeries(app.db, requireAuth(request), request.body),
  );
  implement(
    app,
    m.list,
    { tags, summary: 'Meetings (会议记要)', config: read, schemas: { querystring: MeetingListQuery, response: MeetingList } },
    async (request) => service.listMeetings(app.db, request.query),
  );
  implement(
    app,
    m.get,
    {
      tags,
      summary: 'A meeting with minutes, attendance, actions and the actions carried forward',
      config: read,
      schemas: { params: IdParams, response: Meeting },
    },
    async (request) => service.getMeeting(app.db, requireAuth(request), request.params.id),
  );
  implement(
    app,
    m.create,
    {
      tags,
      summary: 'Call a meeting (in a series: open actions carry forward)',
      config: { ...write, record: { creates: 'meeting' } },
      schemas: { body: CreateMeetingRequest, response: Meeting },
    },
    async (request) => service.createMeeting(app.db, requireAuth(request), request.body),
  );
  implement(
    app,
    m.update,
    {
      tags,
      summary: 'Agenda, attendance, minutes and decisions (until distributed)',
      config: { ...write, record: { edits: 'meeting' } },
      schemas: { params: IdParams, body: UpdateMeetingRequest, response: Meeting },
    },
    async (request) => service.updateMeeting(app.db, requireAuth(request), request.params.id, request.body),
  );
  implement(
    app,
    m.distribute,
    {
      tags,
      summary: 'Distribute the minutes to the participants',
      config: { ...write, record: { edits: 'meeting' } },
      schemas: { params: IdParams, body: DistributeMeetingRequest, response: Meeting },
    },
    async (request) => service.distributeMeeting(app.db, requireAuth(request), request.params.id, request.body),
  );
  implement(
    app,
    m.acknowledge,
    {
      tags,
      summary: 'Acknowledge the minutes (participants only)',
      config: { ...auth, record: { anyHolder: 'a participant acknowledges; the service checks the participant' } },
      schemas: { params: IdParams, response: Meeting },
    },
    async (request) => service.acknowledgeMeeting(app.db, requireAuth(request), request.params.id),
  );
  implement(
    app,
    m.addAction,
    {
      tags,
      summary: 'Assign an action decided in the meeting (owner and due date)',
      config: { ...write, record: { edits: 'meeting' } },
      schemas: { params: IdParams, body: MeetingActionRequest, response: ActionItem },
    },
    async (request) => service.addMeetingAction(app.db, requireAuth(request), request.params.id, request.body, today()),
  );
}
