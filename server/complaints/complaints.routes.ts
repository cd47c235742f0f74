import { z } from 'zod';
import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { Id } from '../../contracts/common.js';
import {
  AssessmentRequest,
  Complaint,
  ComplaintKpi,
  ComplaintLinesRequest,
  OrderLineOptions,
  OrderLineOptionsQuery,
  ComplaintList,
  ComplaintListQuery,
  ContainmentRowRequest,
  CorrectiveActionRequest,
  CreateComplaintRequest,
  CreateCustomerLinkRequest,
  CustomerLinkAnswered,
  CustomerLinkAnswerRequest,
  CustomerLinkCreated,
  CustomerLinkToken,
  CustomerLinkView,
  CreditRequest,
  PartyParams,
  RemoveContainmentRequest,
  TimingTemplate,
  TimingTemplateRequest,
  CustomerConfirmationRequest,
  EffectivenessPlanRequest,
  KpiQuery,
  LinkRecurrenceRequest,
  PreventionRequest,
  ProblemRequest,
  RecurrenceCandidates,
  ReturnAnalysisRequest,
  ReturnRequest,
  ReworkDoneRequest,
  ReworkPlanRequest,
  RootCauseRequest,
  TeamRequest,
} from '../../contracts/complaints.js';
import { siteToday } from '../actions/index.js';
import * as service from './complaints.service.js';

const IdParams = z.object({ id: Id });
const RowParams = z.object({ id: Id, rowId: Id });
const ReturnParams = z.object({ id: Id, returnId: Id });
const TokenParams = z.object({ token: CustomerLinkToken });
const tags = ['complaints'];
const read = { access: { permission: 'complaints.read' as const } };
const write = { access: { permission: 'complaints.write' as const } };

export async function complaintsRoutes(app: App) {
  app.get(
    '/api/complaints',
    {
      config: read,
      schema: { tags, summary: 'Customer complaints and returns (客户投诉/退货)', querystring: ComplaintListQuery, response: { 200: ComplaintList } },
    },
    async (request) => service.listComplaints(app.db, request.query),
  );
  app.get(
    '/api/complaints/kpi',
    {
      config: read,
      schema: {
        tags,
        summary: 'Complaint handling timeliness rate (CM 5.1) with its definition, and per-step lateness',
        querystring: KpiQuery,
        response: { 200: ComplaintKpi },
      },
    },
    async (request) => service.complaintKpi(app.db, request.query),
  );
  app.post(
    '/api/complaints',
    {
      config: { ...write, record: { creates: 'complaint' } },
      schema: {
        tags,
        summary: 'Enter a complaint (fax, phone, email, portal); numbers it CC-<year>-n, links it to its communication, starts the complaint procedure',
        body: CreateComplaintRequest,
        response: { 200: Complaint },
      },
    },
    async (request) => service.createComplaint(app.db, requireAuth(request), request.body),
  );
  app.get(
    '/api/complaints/order-lines',
    {
      config: read,
      schema: {
        tags,
        summary: "The customer's order lines and shipments a complaint line may name (no prices)",
        querystring: OrderLineOptionsQuery,
        response: { 200: OrderLineOptions },
      },
    },
    async (request) => service.orderLineOptions(app.db, request.query),
  );
  app.get(
    '/api/complaints/:id',
    { config: read, schema: { tags, summary: 'A complaint with its 8D', params: IdParams, response: { 200: Complaint } } },
    async (request) => service.getComplaint(app.db, request.params.id),
  );
  app.put(
    '/api/complaints/:id/lines',
    {
      config: { ...write, record: { edits: 'complaint' } },
      schema: {
        tags,
        summary:
          "The lines the complaint concerns: model, lot, quantities delivered / defective / returned, the order line and shipment where known (the customer's own)",
        params: IdParams,
        body: ComplaintLinesRequest,
        response: { 200: Complaint },
      },
    },
    async (request) => service.setLines(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.put(
    '/api/complaints/:id/assessment',
    {
      config: { ...write, record: { edits: 'complaint' } },
      schema: {
        tags,
        summary: 'QA initial assessment: severity, safety/regulatory, customer impact, path',
        params: IdParams,
        body: AssessmentRequest,
        response: { 200: Complaint },
      },
    },
    async (request) => service.recordAssessment(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.put(
    '/api/complaints/:id/team',
    {
      config: { ...write, record: { edits: 'complaint' } },
      schema: { tags, summary: 'D1 team: leader, members, owner of each discipline', params: IdParams, body: TeamRequest, response: { 200: Complaint } },
    },
    async (request) => service.setTeam(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.put(
    '/api/complaints/:id/problem',
    {
      config: { ...write, record: { edits: 'complaint' } },
      schema: { tags, summary: 'D2 problem description (5W2H, is / is not)', params: IdParams, body: ProblemRequest, response: { 200: Complaint } },
    },
    async (request) => service.setProblem(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/complaints/:id/containment',
    {
      config: { ...write, record: { edits: 'complaint' } },
      schema: {
        tags,
        summary: 'D3 containment row: a stock location, quantity checked and found',
        params: IdParams,
        body: ContainmentRowRequest,
        response: { 200: Complaint },
      },
    },
    async (request) => service.saveContainment(app.db, requireAuth(request), request.params.id, null, request.body),
  );
  app.put(
    '/api/complaints/:id/containment/:rowId',
    {
      config: { ...write, record: { edits: 'complaint' } },
      schema: { tags, summary: 'Correct a D3 containment row', params: RowParams, body: ContainmentRowRequest, response: { 200: Complaint } },
    },
    async (request) => service.saveContainment(app.db, requireAuth(request), request.params.id, request.params.rowId, request.body),
  );
  app.post(
    '/api/complaints/:id/containment/:rowId/remove',
    {
      config: { ...write, record: { edits: 'complaint' } },
      schema: {
        tags,
        summary: 'Lift a containment row (only after D6: the permanent action validated)',
        params: RowParams,
        body: RemoveContainmentRequest,
        response: { 200: Complaint },
      },
    },
    async (request) => service.removeContainment(app.db, requireAuth(request), request.params.id, request.params.rowId, request.body.version),
  );
  app.put(
    '/api/complaints/:id/root-cause',
    {
      config: { ...write, record: { edits: 'complaint' } },
      schema: { tags, summary: 'D4 root cause and escape point, method, evidence', params: IdParams, body: RootCauseRequest, response: { 200: Complaint } },
    },
    async (request) => service.setRootCause(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/complaints/:id/actions',
    {
      config: { ...write, record: { edits: 'complaint' } },
      schema: {
        tags,
        summary: 'D5/D6 permanent corrective action (an action item: owner, due date, evidence)',
        params: IdParams,
        body: CorrectiveActionRequest,
        response: { 200: Complaint },
      },
    },
    async (request) => service.addCorrectiveAction(app.db, requireAuth(request), request.params.id, request.body, siteToday(app.config.siteTimeZone)),
  );
  app.put(
    '/api/complaints/:id/effectiveness',
    {
      config: { ...write, record: { edits: 'complaint' } },
      schema: {
        tags,
        summary: 'Plan the effectiveness check: method, criterion, date, verifier',
        params: IdParams,
        body: EffectivenessPlanRequest,
        response: { 200: Complaint },
      },
    },
    async (request) => service.planEffectiveness(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.put(
    '/api/complaints/:id/prevention',
    {
      config: { ...write, record: { edits: 'complaint' } },
      schema: {
        tags,
        summary: 'D7 prevention: similar products reviewed, PFMEA and control plan revisions (or N/A with justification)',
        params: IdParams,
        body: PreventionRequest,
        response: { 200: Complaint },
      },
    },
    async (request) => service.setPrevention(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/complaints/:id/customer-confirmation',
    {
      config: { ...write, record: { edits: 'complaint' } },
      schema: {
        tags,
        summary: "Record the customer's acceptance or rejection of the closure (a communication; scan attached)",
        params: IdParams,
        body: CustomerConfirmationRequest,
        response: { 200: Complaint },
      },
    },
    async (request) => service.recordCustomerConfirmation(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.get(
    '/api/complaints/:id/recurrence-candidates',
    {
      config: read,
      schema: {
        tags,
        summary: 'Complaints on the same model or failure mode (any customer, open or closed), offered as recurrences',
        params: IdParams,
        response: { 200: RecurrenceCandidates },
      },
    },
    async (request) => service.recurrenceCandidates(app.db, request.params.id),
  );
  app.post(
    '/api/complaints/:id/recurrences',
    {
      config: { ...write, record: { edits: 'complaint' } },
      schema: { tags, summary: 'Link the complaint as a recurrence of another', params: IdParams, body: LinkRecurrenceRequest, response: { 200: Complaint } },
    },
    async (request) => service.linkRecurrence(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/complaints/:id/returns',
    {
      config: { ...write, record: { edits: 'complaint' } },
      schema: { tags, summary: 'Returned goods received', params: IdParams, body: ReturnRequest, response: { 200: Complaint } },
    },
    async (request) => service.receiveReturn(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.put(
    '/api/complaints/:id/returns/:returnId/analysis',
    {
      config: {
        ...write,
        record: {
          anyHolder:
            "each step of a return is one department's; the service checks it (QA analysis, Process route, Planning schedule, Production rework, Sales credit)",
        },
      },
      schema: {
        tags,
        summary: 'Analysis of the returned parts (before any credit)',
        params: ReturnParams,
        body: ReturnAnalysisRequest,
        response: { 200: Complaint },
      },
    },
    async (request) => service.analyseReturn(app.db, requireAuth(request), request.params.id, request.params.returnId, request.body),
  );
  app.put(
    '/api/complaints/:id/returns/:returnId/rework-plan',
    {
      config: {
        ...write,
        record: {
          anyHolder:
            "each step of a return is one department's; the service checks it (QA analysis, Process route, Planning schedule, Production rework, Sales credit)",
        },
      },
      schema: {
        tags,
        summary: 'Rework route (Process Engineering) and schedule (Planning)',
        params: ReturnParams,
        body: ReworkPlanRequest,
        response: { 200: Complaint },
      },
    },
    async (request) => service.planRework(app.db, requireAuth(request), request.params.id, request.params.returnId, request.body),
  );
  app.put(
    '/api/complaints/:id/returns/:returnId/rework',
    {
      config: {
        ...write,
        record: {
          anyHolder:
            "each step of a return is one department's; the service checks it (QA analysis, Process route, Planning schedule, Production rework, Sales credit)",
        },
      },
      schema: {
        tags,
        summary: 'Rework done (Production) and its effect (Process Engineering)',
        params: ReturnParams,
        body: ReworkDoneRequest,
        response: { 200: Complaint },
      },
    },
    async (request) => service.recordRework(app.db, requireAuth(request), request.params.id, request.params.returnId, request.body),
  );
  app.post(
    '/api/complaints/:id/returns/:returnId/credit',
    {
      config: {
        ...write,
        record: {
          anyHolder:
            "each step of a return is one department's; the service checks it (QA analysis, Process route, Planning schedule, Production rework, Sales credit)",
        },
      },
      schema: {
        tags,
        summary: 'Grant credit for a return: only after analysis, or with an override reason',
        params: ReturnParams,
        body: CreditRequest,
        response: { 200: Complaint },
      },
    },
    async (request) => service.grantCredit(app.db, requireAuth(request), request.params.id, request.params.returnId, request.body),
  );
  app.post(
    '/api/complaints/:id/customer-links',
    {
      config: { ...write, record: { edits: 'complaint' } },
      schema: {
        tags,
        summary: 'A single-use, expiring link for the customer to accept or reject the closure (its sending is logged)',
        params: IdParams,
        body: CreateCustomerLinkRequest,
        response: { 200: CustomerLinkCreated },
      },
    },
    async (request) => service.createCustomerLink(app.db, requireAuth(request), request.params.id, request.body),
  );
  // the customer's side: no account, the token is the only key; it opens its own complaint and nothing else
  const linkLimit = { max: 30, timeWindow: '1 minute' };
  app.get(
    '/api/customer-links/:token',
    {
      config: { access: { public: true }, rateLimit: linkLimit },
      schema: { tags, summary: "The customer's view of the complaint and its 8D, through the link", params: TokenParams, response: { 200: CustomerLinkView } },
    },
    async (request) => service.customerLinkView(app.db, request.params.token),
  );
  app.post(
    '/api/customer-links/:token/answer',
    {
      config: { record: { anyHolder: 'public link' }, access: { public: true }, rateLimit: linkLimit },
      schema: {
        tags,
        summary: 'The customer accepts or rejects the closure (once)',
        params: TokenParams,
        body: CustomerLinkAnswerRequest,
        response: { 200: CustomerLinkAnswered },
      },
    },
    async (request) => service.answerCustomerLink(app.db, request.params.token, request.body),
  );
  app.get(
    '/api/complaints/timing-templates/:partyId',
    {
      config: read,
      schema: {
        tags,
        summary: "A customer's 8D timing template (deadline per step; missing steps take the procedure's default)",
        params: PartyParams,
        response: { 200: TimingTemplate },
      },
    },
    async (request) => service.getTimingTemplate(app.db, request.params.partyId),
  );
  app.put(
    '/api/complaints/timing-templates/:partyId',
    {
      config: {
        record: { anyHolder: "a customer's complaint timing (its requirements), kept by holders of customers.write" },
        access: { permission: 'customers.write' },
      },
      schema: {
        tags,
        summary: "Set a customer's 8D timing template (calendar hours, calendar days or working days per step)",
        params: PartyParams,
        body: TimingTemplateRequest,
        response: { 200: TimingTemplate },
      },
    },
    async (request) => service.setTimingTemplate(app.db, requireAuth(request), request.params.partyId, request.body),
  );
}
