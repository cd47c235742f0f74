import { z } from 'zod';
import type { App } from '../platform/http/types.js';
import { hasPermission, requireAuth } from '../platform/http/access.js';
import { Id } from '../../contracts/common.js';
import {
  ClosePricePendingRequest,
  CreateOrderFromQuotationRequest,
  CreatePricePendingRequest,
  CreateQuotationRequest,
  OrderPriceCheck,
  PriceCheck,
  PriceCheckQuery,
  PriceHistory,
  PriceHistoryQuery,
  PricePending,
  PricePendingList,
  PricePendingQuery,
  Quotation,
  QuotationKpiQuery,
  QuotationKpis,
  QuotationList,
  QuotationListQuery,
  RecordFollowUpRequest,
  ReviseQuotationRequest,
  UpdateQuotationRequest,
} from '../../contracts/quotations.js';
import * as service from './quotations.service.js';

const IdParams = z.object({ id: Id });
const tags = ['quotations'];

export async function quotationsRoutes(app: App) {
  app.get(
    '/api/quotations',
    {
      config: { access: { permission: 'quotations.read' } },
      schema: { tags, summary: 'Quotations (报价) with status, age and follow-up due', querystring: QuotationListQuery, response: { 200: QuotationList } },
    },
    async (request) => service.listQuotations(app.db, request.query),
  );
  app.post(
    '/api/quotations',
    {
      config: { record: { creates: 'quotation' }, access: { permission: 'quotations.write' } },
      schema: {
        tags,
        summary: 'Draft a quotation for a request; starts the quotation procedure (deadline from the request)',
        body: CreateQuotationRequest,
        response: { 200: Quotation },
      },
    },
    async (request) => service.createQuotation(app.db, requireAuth(request), request.body),
  );
  app.get(
    '/api/quotations/kpis',
    {
      config: { access: { permission: 'quotations.read' } },
      schema: {
        tags,
        summary: 'Follow-up compliance, quote-to-order conversion, time to quote',
        querystring: QuotationKpiQuery,
        response: { 200: QuotationKpis },
      },
    },
    async (request) => service.quotationKpis(app.db, request.query),
  );
  app.get(
    '/api/quotations/price-history',
    {
      config: { access: { permission: 'quotations.read' } },
      schema: {
        tags,
        summary: 'Approved prices of a model for a customer, newest first (prices only with prices.read)',
        querystring: PriceHistoryQuery,
        response: { 200: PriceHistory },
      },
    },
    async (request) => service.priceHistory(app.db, request.query),
  );
  app.get(
    '/api/quotations/price-check',
    {
      config: { access: { permission: 'orders.read' } },
      schema: { tags, summary: "An order line's price against the valid quote (SP 6.2.5)", querystring: PriceCheckQuery, response: { 200: PriceCheck } },
    },
    async (request) => {
      const check = await service.priceCheck(app.db, request.query);
      return hasPermission(request.auth, 'prices.read') ? check : { ...check, differs: null };
    },
  );
  app.get(
    '/api/orders/:id/quote-price-check',
    {
      config: { access: { permission: 'orders.read' } },
      schema: {
        tags,
        summary: "An order's lines against the valid quotes: which prices differ (SP 6.2.5)",
        params: IdParams,
        response: { 200: OrderPriceCheck },
      },
    },
    async (request) => service.orderPriceCheck(app.db, request.params.id, hasPermission(request.auth, 'prices.read')),
  );
  app.get(
    '/api/quotations/:id',
    {
      config: { access: { permission: 'quotations.read' } },
      schema: { tags, summary: 'A quotation with lines, follow-ups and revisions', params: IdParams, response: { 200: Quotation } },
    },
    async (request) => service.getQuotation(app.db, request.params.id),
  );
  app.put(
    '/api/quotations/:id',
    {
      config: { record: { edits: 'quotation' }, access: { permission: 'quotations.write' } },
      schema: {
        tags,
        summary: 'Edit a draft quotation (a sent one takes a new revision)',
        params: IdParams,
        body: UpdateQuotationRequest,
        response: { 200: Quotation },
      },
    },
    async (request) => service.updateQuotation(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/quotations/:id/revisions',
    {
      config: { record: { edits: 'quotation' }, access: { permission: 'quotations.write' } },
      schema: {
        tags,
        summary: 'Revise an approved or sent quotation: a new revision in draft, this one superseded',
        params: IdParams,
        body: ReviseQuotationRequest,
        response: { 200: Quotation },
      },
    },
    async (request) => service.reviseQuotation(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/quotations/:id/follow-ups',
    {
      config: { record: { edits: 'quotation' }, access: { permission: 'quotations.write' } },
      schema: {
        tags,
        summary: 'Record a follow-up with the customer (a communication with its result)',
        params: IdParams,
        body: RecordFollowUpRequest,
        response: { 200: Quotation },
      },
    },
    async (request) => service.recordFollowUp(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/quotations/:id/order',
    {
      config: { record: { edits: 'quotation' }, access: { permission: 'quotations.write' } },
      schema: {
        tags,
        summary: 'Create the customer order from an accepted quotation, prices carried over',
        params: IdParams,
        body: CreateOrderFromQuotationRequest,
        response: { 200: Quotation },
      },
    },
    async (request) => service.createOrderFromQuotation(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.get(
    '/api/price-pending',
    {
      config: { access: { permission: 'quotations.read' } },
      schema: {
        tags,
        summary: 'Produce first, price later (先生产后报价): records with their age',
        querystring: PricePendingQuery,
        response: { 200: PricePendingList },
      },
    },
    async (request) => service.listPricePending(app.db, request.query),
  );
  app.post(
    '/api/price-pending',
    {
      config: { record: { creates: 'price-pending' }, access: { permission: 'quotations.write' } },
      schema: {
        tags,
        summary: 'Open a produce-first-price-later record (existing customers only)',
        body: CreatePricePendingRequest,
        response: { 200: PricePending },
      },
    },
    async (request) => service.createPricePending(app.db, requireAuth(request), request.body),
  );
  app.post(
    '/api/price-pending/:id/close',
    {
      config: { record: { edits: 'price-pending' }, access: { permission: 'quotations.write' } },
      schema: {
        tags,
        summary: 'Close it with the countersigned quote and the PO',
        params: IdParams,
        body: ClosePricePendingRequest,
        response: { 200: PricePending },
      },
    },
    async (request) => service.closePricePending(app.db, requireAuth(request), request.params.id, request.body),
  );
}
