import { z } from 'zod';
import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { Id } from '../../contracts/common.js';
import {
  AssessServiceRequest,
  CreateServiceRequest,
  RetireWarrantyRuleRequest,
  SaveWarrantyRuleRequest,
  ServiceConfirmationRequest,
  ServiceRequest,
  ServiceRequestList,
  ServiceRequestQuery,
  ServiceWorkRequest,
  UpdateServiceRequest,
  Warranty,
  WarrantyCheckQuery,
  WarrantyRule,
  WarrantyRuleList,
  WarrantyRuleQuery,
} from '../../contracts/service.js';
import * as service from './service.service.js';

const IdParams = z.object({ id: Id });
const tags = ['service'];

export async function serviceRoutes(app: App) {
  const read = { access: { permission: 'service.read' as const } };
  const write = { access: { permission: 'service.write' as const } };
  const manage = {
    access: { permission: 'service.warranty.manage' as const },
    record: { anyHolder: 'warranty rules administration (service.warranty.manage)' },
  };

  // service requests [CS 2.5–2.6]
  app.get(
    '/api/service-requests',
    {
      config: read,
      schema: {
        tags,
        summary: 'After-sales service requests (repair, support, installation, return, refund)',
        querystring: ServiceRequestQuery,
        response: { 200: ServiceRequestList },
      },
    },
    async (request) => service.listServiceRequests(app.db, request.query),
  );
  app.get(
    '/api/service-requests/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'A service request with its warranty, assessment, work and the customer’s confirmation',
        params: IdParams,
        response: { 200: ServiceRequest },
      },
    },
    async (request) => service.getServiceRequest(app.db, request.params.id),
  );
  app.post(
    '/api/service-requests',
    {
      config: { ...write, record: { creates: 'service-request' } },
      schema: {
        tags,
        summary: 'Register a service request from the communication that reported it (SR-<year>-n; starts procedures/service-request)',
        body: CreateServiceRequest,
        response: { 200: ServiceRequest },
      },
    },
    async (request) => service.createServiceRequest(app.db, requireAuth(request), request.body),
  );
  app.put(
    '/api/service-requests/:id',
    {
      config: { ...write, record: { edits: 'service-request' } },
      schema: {
        tags,
        summary: 'Correct what was received (until the assessment is done)',
        params: IdParams,
        body: UpdateServiceRequest,
        response: { 200: ServiceRequest },
      },
    },
    async (request) => service.updateServiceRequest(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/service-requests/:id/assessment',
    {
      config: { ...write, record: { edits: 'service-request' } },
      schema: {
        tags,
        summary: 'The assessment: free or chargeable (with the reason when out of warranty), the action decided',
        params: IdParams,
        body: AssessServiceRequest,
        response: { 200: ServiceRequest },
      },
    },
    async (request) => service.assessServiceRequest(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/service-requests/:id/work',
    {
      config: { ...write, record: { edits: 'service-request' } },
      schema: {
        tags,
        summary: 'The service report, or the return received / refund made',
        params: IdParams,
        body: ServiceWorkRequest,
        response: { 200: ServiceRequest },
      },
    },
    async (request) => service.recordServiceWork(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/service-requests/:id/confirmation',
    {
      config: { ...write, record: { edits: 'service-request' } },
      schema: {
        tags,
        summary: 'Record the customer’s confirmation with its communication (closes the request)',
        params: IdParams,
        body: ServiceConfirmationRequest,
        response: { 200: ServiceRequest },
      },
    },
    async (request) => service.confirmServiceRequest(app.db, requireAuth(request), request.params.id, request.body),
  );

  // warranty rules (保修条款) [service standard 5]
  app.get(
    '/api/warranty',
    {
      config: read,
      schema: {
        tags,
        summary: 'Whether an item is in warranty: the rule that applies, start and end dates',
        querystring: WarrantyCheckQuery,
        response: { 200: Warranty },
      },
    },
    async (request) => service.checkWarranty(app.db, request.query),
  );
  app.get(
    '/api/warranty-rules',
    {
      config: read,
      schema: {
        tags,
        summary: 'Warranty rules: months per product, customer agreements (current, or every revision)',
        querystring: WarrantyRuleQuery,
        response: { 200: WarrantyRuleList },
      },
    },
    async (request) => service.listWarrantyRules(app.db, request.query),
  );
  app.post(
    '/api/warranty-rules',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Set the warranty of a scope (customer × model): the first rule or a new revision (reason required)',
        body: SaveWarrantyRuleRequest,
        response: { 200: WarrantyRule },
      },
    },
    async (request) => service.saveWarrantyRule(app.db, requireAuth(request), request.body),
  );
  app.post(
    '/api/warranty-rules/:id/retire',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Retire a warranty rule (a retired revision, with the reason)',
        params: IdParams,
        body: RetireWarrantyRuleRequest,
        response: { 200: WarrantyRule },
      },
    },
    async (request) => service.retireWarrantyRule(app.db, requireAuth(request), request.params.id, request.body),
  );
}
