import { z } from 'zod';
import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { Id } from '../../contracts/common.js';
import {
  AcknowledgeDeliveryChangeRequest,
  CreateDeliveryChangeRequest,
  RecordShipmentRequest,
  SetDeliveryPlanRequest,
  AnswerClarificationRequest,
  AttachWrittenOrderRequest,
  ConfirmAcceptanceStandardRequest,
  ConfirmRequirementsRequest,
  CreateClarificationRequest,
  RecordReviewWaiverRequest,
  RecordReviewMeetingRequest,
  CreateOrderRequest,
  Order,
  OrderDraftFromMail,
  OrderList,
  OrderListQuery,
  OverrideClassificationRequest,
  UpdateOrderRequest,
  SetStatutoryItemRequest,
  StatutoryItemParams,
} from '../../contracts/orders.js';
import * as service from './orders.service.js';

const IdParams = z.object({ id: Id });
const ClarificationParams = z.object({ id: Id, clarificationId: Id });
const ChangeParams = z.object({ id: Id, changeId: Id });
const tags = ['orders'];

export async function ordersRoutes(app: App) {
  app.get(
    '/api/orders',
    {
      config: { access: { permission: 'orders.read' } },
      schema: { tags, summary: 'Customer orders (客户订单)', querystring: OrderListQuery, response: { 200: OrderList } },
    },
    async (request) => service.listOrders(app.db, request.query),
  );
  app.post(
    '/api/orders',
    {
      config: { record: { creates: 'order' }, access: { permission: 'orders.write' } },
      schema: {
        tags,
        summary: 'Enter an order (PO, fax, note, email or oral) with its lines; starts the order procedure',
        body: CreateOrderRequest,
        response: { 200: Order },
      },
    },
    async (request) => service.createOrder(app.db, requireAuth(request), request.body),
  );
  app.get(
    '/api/orders/from-mail/:id',
    {
      config: { access: { permission: 'orders.write' } },
      schema: {
        tags,
        summary:
          '接单: the order form prefilled from an incoming mail (customer, contact, PO number guessed from the subject, its attachments); 409 once an order was taken from it',
        params: IdParams,
        response: { 200: OrderDraftFromMail },
      },
    },
    async (request) => service.draftFromMail(app.db, request.params.id),
  );
  app.get(
    '/api/orders/:id',
    {
      config: { access: { permission: 'orders.read' } },
      schema: { tags, summary: 'An order with lines, classification and clarifications', params: IdParams, response: { 200: Order } },
    },
    async (request) => service.getOrder(app.db, request.params.id),
  );
  app.put(
    '/api/orders/:id',
    {
      config: { record: { edits: 'order' }, access: { permission: 'orders.write' } },
      schema: { tags, summary: 'Edit an order while in intake or clarification', params: IdParams, body: UpdateOrderRequest, response: { 200: Order } },
    },
    async (request) => service.updateOrder(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/orders/:id/classification',
    {
      config: { record: { edits: 'order' }, access: { permission: 'orders.classify' } },
      schema: {
        tags,
        summary: 'Override the contract / continuous classification, with a reason',
        params: IdParams,
        body: OverrideClassificationRequest,
        response: { 200: Order },
      },
    },
    async (request) => service.overrideClassification(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/orders/:id/written-order',
    {
      config: { record: { edits: 'order' }, access: { permission: 'orders.write' } },
      schema: {
        tags,
        summary: 'Attach the written order that backs an oral order (SP 6.1.2)',
        params: IdParams,
        body: AttachWrittenOrderRequest,
        response: { 200: Order },
      },
    },
    async (request) => service.attachWrittenOrder(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/orders/:id/requirements-confirmation',
    {
      config: { record: { edits: 'order' }, access: { permission: 'orders.write' } },
      schema: {
        tags,
        summary: "Record that an oral order's requirements were confirmed with the customer (a communication)",
        params: IdParams,
        body: ConfirmRequirementsRequest,
        response: { 200: Order },
      },
    },
    async (request) => service.confirmRequirements(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/orders/:id/acceptance-confirmation',
    {
      config: { record: { edits: 'order' }, access: { permission: 'orders.write' } },
      schema: {
        tags,
        summary: "Attach the customer's written confirmation of the sample / signed approval sheet (QC 4.2.2)",
        params: IdParams,
        body: ConfirmAcceptanceStandardRequest,
        response: { 200: Order },
      },
    },
    async (request) => service.confirmAcceptanceStandard(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/orders/:id/review-waiver',
    {
      config: { record: { edits: 'order' }, access: { permission: 'orders.write' } },
      schema: {
        tags,
        summary: "Record the customer's written authorisation to proceed without review (GM/VP then waive it in the procedure)",
        params: IdParams,
        body: RecordReviewWaiverRequest,
        response: { 200: Order },
      },
    },
    async (request) => service.recordReviewWaiver(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/orders/:id/review-meeting',
    {
      config: { record: { edits: 'order' }, access: { permission: 'orders.write' } },
      schema: {
        tags,
        summary: 'The review meeting of a major contract: attendees and minutes (signed minutes attached)',
        params: IdParams,
        body: RecordReviewMeetingRequest,
        response: { 200: Order },
      },
    },
    async (request) => service.recordReviewMeeting(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/orders/:id/clarifications',
    {
      config: { record: { edits: 'order' }, access: { permission: 'orders.write' } },
      schema: {
        tags,
        summary: 'Ask the customer a question about the order or a line (logged as a communication)',
        params: IdParams,
        body: CreateClarificationRequest,
        response: { 200: Order },
      },
    },
    async (request) => service.askClarification(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/orders/:id/clarifications/:clarificationId/answer',
    {
      config: { record: { edits: 'order' }, access: { permission: 'orders.write' } },
      schema: {
        tags,
        summary: "Record the customer's answer and the decision",
        params: ClarificationParams,
        body: AnswerClarificationRequest,
        response: { 200: Order },
      },
    },
    async (request) => service.answerClarification(app.db, requireAuth(request), request.params.id, request.params.clarificationId, request.body),
  );
  app.put(
    '/api/orders/:id/delivery-plan',
    {
      config: { record: { edits: 'order' }, access: { permission: 'orders.write' } },
      schema: {
        tags,
        summary: 'Set the delivery plan (交货计划表): a date per line, before it is replied to the customer',
        params: IdParams,
        body: SetDeliveryPlanRequest,
        response: { 200: Order },
      },
    },
    async (request) => service.setDeliveryPlan(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/orders/:id/delivery-changes',
    {
      config: { record: { edits: 'order' }, access: { permission: 'orders.write' } },
      schema: {
        tags,
        summary: 'Change a planned date: reason, internal approver, the communication telling the customer (new plan revision)',
        params: IdParams,
        body: CreateDeliveryChangeRequest,
        response: { 200: Order },
      },
    },
    async (request) => service.changeDeliveryDate(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/orders/:id/delivery-changes/:changeId/acknowledge',
    {
      config: { record: { edits: 'order' }, access: { permission: 'orders.write' } },
      schema: {
        tags,
        summary: "Record the customer's acknowledgement of a date change",
        params: ChangeParams,
        body: AcknowledgeDeliveryChangeRequest,
        response: { 200: Order },
      },
    },
    async (request) => service.acknowledgeDeliveryChange(app.db, requireAuth(request), request.params.id, request.params.changeId, request.body),
  );
  app.post(
    '/api/orders/:id/shipments',
    {
      config: { record: { edits: 'order' }, access: { permission: 'orders.write' } },
      schema: { tags, summary: 'Record quantities shipped per line', params: IdParams, body: RecordShipmentRequest, response: { 200: Order } },
    },
    async (request) => service.recordShipment(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.put(
    '/api/orders/:id/statutory/:item',
    {
      config: { record: { edits: 'order' }, access: { permission: 'orders.write' } },
      schema: {
        tags,
        summary: 'Record or review one statutory / regulatory requirement of the order (RoHS, REACH, export control, labelling…; QC 4.2.1)',
        params: StatutoryItemParams,
        body: SetStatutoryItemRequest,
        response: { 200: Order },
      },
    },
    async (request) => service.setStatutoryItem(app.db, requireAuth(request), request.params.id, request.params.item, request.body),
  );
}
