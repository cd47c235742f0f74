import { z } from 'zod';
import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { Id } from '../../contracts/common.js';
import {
  CreatedSurveyCampaign,
  CreateSurveyCampaignRequest,
  CreateSurveyTemplateRequest,
  EnterSurveyResponseRequest,
  PublicSurvey,
  PublicSurveyThanks,
  RaiseCorrectiveRequest,
  RecordReplyRequest,
  ReissueLinkRequest,
  ReplyLetter,
  ReviseSurveyTemplateRequest,
  SendRemindersRequest,
  SentReminders,
  SubmitSurveyRequest,
  SurveyAnalysis,
  SurveyCampaign,
  SurveyCampaignList,
  SurveyCampaignListQuery,
  SurveyLink,
  SurveyResponse,
  SurveyResponseList,
  SurveyTemplate,
  SurveyTemplateList,
  TokenParams,
} from '../../contracts/surveys.js';
import * as service from './surveys.service.js';

const IdParams = z.object({ id: Id });
const RecipientParams = z.object({ id: Id, recipientId: Id });
const PartyParams = z.object({ id: Id, partyId: Id });
const tags = ['surveys'];
/** The public link: anyone holding it, but a guessing client is slowed down per address. */
const publicLink = { access: { public: true as const }, rateLimit: { max: 60, timeWindow: '1 minute' } };

export async function surveysRoutes(app: App) {
  // ---- questionnaires
  app.get(
    '/api/survey-templates',
    {
      config: { access: { permission: 'surveys.read' } },
      schema: { tags, summary: 'Questionnaire revisions (问卷版本)', response: { 200: SurveyTemplateList } },
    },
    async () => service.listTemplates(app.db),
  );
  app.get(
    '/api/survey-templates/:id',
    {
      config: { access: { permission: 'surveys.read' } },
      schema: { tags, summary: 'A questionnaire revision', params: IdParams, response: { 200: SurveyTemplate } },
    },
    async (request) => service.getTemplate(app.db, request.params.id),
  );
  app.post(
    '/api/survey-templates',
    {
      config: { record: { creates: 'survey-template' }, access: { permission: 'surveys.write' } },
      schema: { tags, summary: 'Create a questionnaire (revision 1)', body: CreateSurveyTemplateRequest, response: { 200: SurveyTemplate } },
    },
    async (request) => service.createTemplate(app.db, requireAuth(request), request.body),
  );
  app.post(
    '/api/survey-templates/:id/revisions',
    {
      config: { record: { edits: 'survey-template' }, access: { permission: 'surveys.write' } },
      schema: {
        tags,
        summary: 'Revise a questionnaire: a new revision supersedes this one',
        params: IdParams,
        body: ReviseSurveyTemplateRequest,
        response: { 200: SurveyTemplate },
      },
    },
    async (request) => service.reviseTemplate(app.db, requireAuth(request), request.params.id, request.body),
  );

  // ---- campaigns
  app.get(
    '/api/survey-campaigns',
    {
      config: { access: { permission: 'surveys.read' } },
      schema: { tags, summary: 'Satisfaction surveys sent (客户满意度调查)', querystring: SurveyCampaignListQuery, response: { 200: SurveyCampaignList } },
    },
    async (request) => service.listCampaigns(app.db, request.query),
  );
  app.post(
    '/api/survey-campaigns',
    {
      config: { record: { creates: 'survey-campaign' }, access: { permission: 'surveys.write' } },
      schema: {
        tags,
        summary: 'Send a survey: a link per contact (shown once), each sending logged; starts the survey procedure',
        body: CreateSurveyCampaignRequest,
        response: { 200: CreatedSurveyCampaign },
      },
    },
    async (request) => service.createCampaign(app.db, requireAuth(request), request.body),
  );
  app.get(
    '/api/survey-campaigns/:id',
    {
      config: { access: { permission: 'surveys.read' } },
      schema: {
        tags,
        summary: 'A survey: recipients, response status, reminders, reply and improvement status per customer',
        params: IdParams,
        response: { 200: SurveyCampaign },
      },
    },
    async (request) => service.getCampaign(app.db, request.params.id),
  );
  app.post(
    '/api/survey-campaigns/:id/reminders',
    {
      config: { record: { edits: 'survey-campaign' }, access: { permission: 'surveys.write' } },
      schema: {
        tags,
        summary: 'Remind the contacts who have not answered after the reminder interval (working days)',
        params: IdParams,
        body: SendRemindersRequest,
        response: { 200: SentReminders },
      },
    },
    async (request) => service.sendReminders(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/survey-campaigns/:id/recipients/:recipientId/link',
    {
      config: { record: { edits: 'survey-campaign' }, access: { permission: 'surveys.write' } },
      schema: {
        tags,
        summary: 'Issue a new link for a contact (the old one stops working)',
        params: RecipientParams,
        body: ReissueLinkRequest,
        response: { 200: SurveyLink },
      },
    },
    async (request) => service.reissueLink(app.db, requireAuth(request), request.params.id, request.params.recipientId, request.body),
  );
  app.post(
    '/api/survey-campaigns/:id/responses',
    {
      config: { record: { edits: 'survey-campaign' }, access: { permission: 'surveys.write' } },
      schema: {
        tags,
        summary: 'Type in a returned paper / fax / email form, with the scan',
        params: IdParams,
        body: EnterSurveyResponseRequest,
        response: { 200: SurveyResponse },
      },
    },
    async (request) => service.enterResponse(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.get(
    '/api/survey-campaigns/:id/responses',
    {
      config: { access: { permission: 'surveys.answers.read' } },
      schema: { tags, summary: "The customers' answers", params: IdParams, response: { 200: SurveyResponseList } },
    },
    async (request) => service.listResponses(app.db, request.params.id),
  );
  app.get(
    '/api/survey-campaigns/:id/analysis',
    {
      config: { access: { permission: 'surveys.answers.read' } },
      schema: {
        tags,
        summary: 'CSAT, mean per dimension, NPS, weighted index, response rate; by customer; trend over earlier surveys',
        params: IdParams,
        response: { 200: SurveyAnalysis },
      },
    },
    async (request) => service.analyse(app.db, request.params.id),
  );
  app.get(
    '/api/survey-campaigns/:id/replies/:partyId',
    {
      config: { access: { permission: 'surveys.read' } },
      schema: {
        tags,
        summary: 'The reply letter to a customer, listing the improvements (bilingual, print-ready)',
        params: PartyParams,
        response: { 200: ReplyLetter },
      },
    },
    async (request) => service.replyLetter(app.db, requireAuth(request), request.params.id, request.params.partyId),
  );
  app.post(
    '/api/survey-campaigns/:id/replies',
    {
      config: { record: { edits: 'survey-campaign' }, access: { permission: 'surveys.write' } },
      schema: {
        tags,
        summary: 'Record that the reply letter was sent to a customer (a communication)',
        params: IdParams,
        body: RecordReplyRequest,
        response: { 200: SurveyCampaign },
      },
    },
    async (request) => service.recordReply(app.db, requireAuth(request), request.params.id, request.body),
  );

  // ---- responses
  app.get(
    '/api/survey-responses/:id',
    {
      config: { access: { permission: 'surveys.answers.read' } },
      schema: { tags, summary: "A customer's answers", params: IdParams, response: { 200: SurveyResponse } },
    },
    async (request) => service.getResponse(app.db, request.params.id),
  );
  app.post(
    '/api/survey-responses/:id/corrective',
    {
      config: { record: { edits: 'survey-response' }, access: { permission: 'surveys.answers.read' } },
      schema: {
        tags,
        summary: 'Raise a serious result to a corrective action (8D)',
        params: IdParams,
        body: RaiseCorrectiveRequest,
        response: { 200: SurveyResponse },
      },
    },
    async (request) => service.raiseCorrective(app.db, requireAuth(request), request.params.id, request.body),
  );

  // ---- the public link (no account): this survey, for this contact, nothing else
  app.get(
    '/api/public/surveys/:token',
    {
      config: publicLink,
      schema: { tags, summary: 'The survey behind a link (404 unknown, 409 answered, 410 expired)', params: TokenParams, response: { 200: PublicSurvey } },
    },
    async (request) => service.openSurvey(app.db, request.params.token),
  );
  app.post(
    '/api/public/surveys/:token',
    {
      config: { ...publicLink, record: { anyHolder: 'public link' } },
      schema: { tags, summary: 'Answer the survey (once)', params: TokenParams, body: SubmitSurveyRequest, response: { 200: PublicSurveyThanks } },
    },
    async (request) => service.submitSurvey(app.db, request.params.token, request.body, request.locale),
  );
}
