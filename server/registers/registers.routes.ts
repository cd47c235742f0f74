import { z } from 'zod';
import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { Id } from '../../contracts/common.js';
import { ActionItem } from '../../contracts/actions.js';
import {
  CreateCsrRequest,
  CreateCustomerPropertyRequest,
  CsrDeploymentRequest,
  CsrDocument,
  CsrList,
  CsrQuery,
  CustomerProperty,
  CustomerPropertyList,
  CustomerPropertyQuery,
  PropertyActionRequest,
  PropertyIncidentRequest,
  UpdateCsrRequest,
  UpdateCustomerPropertyRequest,
  VerifyCustomerPropertyRequest,
} from '../../contracts/registers.js';
import { siteToday } from '../actions/index.js';
import * as service from './registers.service.js';

const IdParams = z.object({ id: Id });
const tags = ['registers'];

export async function registersRoutes(app: App) {
  const read = { access: { permission: 'registers.read' as const } };
  const write = { access: { permission: 'registers.write' as const } };
  const today = () => siteToday(app.config.siteTimeZone);

  // customer property [IATF 8.5.3]
  app.get(
    '/api/customer-property',
    {
      config: read,
      schema: {
        tags,
        summary: 'Customer property register (moulds, gauges, packaging, drawings/IP, data)',
        querystring: CustomerPropertyQuery,
        response: { 200: CustomerPropertyList },
      },
    },
    async (request) => service.listProperties(app.db, request.query, today()),
  );
  app.get(
    '/api/customer-property/:id',
    { config: read, schema: { tags, summary: 'A customer property item with its incidents', params: IdParams, response: { 200: CustomerProperty } } },
    async (request) => service.getProperty(app.db, request.params.id, today()),
  );
  app.post(
    '/api/customer-property',
    {
      config: { ...write, record: { creates: 'customer-property' } },
      schema: { tags, summary: 'Register a customer property item (CP-n)', body: CreateCustomerPropertyRequest, response: { 200: CustomerProperty } },
    },
    async (request) => service.createProperty(app.db, requireAuth(request), request.body, today()),
  );
  app.put(
    '/api/customer-property/:id',
    {
      config: { ...write, record: { edits: 'customer-property' } },
      schema: {
        tags,
        summary: 'Change an item (location, custodian, dates, orders; condition good / needs repair)',
        params: IdParams,
        body: UpdateCustomerPropertyRequest,
        response: { 200: CustomerProperty },
      },
    },
    async (request) => service.updateProperty(app.db, requireAuth(request), request.params.id, request.body, today()),
  );
  app.post(
    '/api/customer-property/:id/verifications',
    {
      config: { ...write, record: { edits: 'customer-property' } },
      schema: {
        tags,
        summary: 'Record a verification (date, condition found, next due date)',
        params: IdParams,
        body: VerifyCustomerPropertyRequest,
        response: { 200: CustomerProperty },
      },
    },
    async (request) => service.verifyProperty(app.db, requireAuth(request), request.params.id, request.body, today()),
  );
  app.post(
    '/api/customer-property/:id/incidents',
    {
      config: { record: { edits: 'customer-property' }, access: { permission: 'communications.write' } },
      schema: {
        tags,
        summary: 'Report an incident (lost / damaged / unsuitable): the condition changes and the customer is told (a communication)',
        params: IdParams,
        body: PropertyIncidentRequest,
        response: { 200: CustomerProperty },
      },
    },
    async (request) => service.reportIncident(app.db, requireAuth(request), request.params.id, request.body, today()),
  );
  app.post(
    '/api/customer-property/:id/actions',
    {
      config: { ...write, record: { edits: 'customer-property' } },
      schema: {
        tags,
        summary: 'Assign an action on an item (owner and working-day due date)',
        params: IdParams,
        body: PropertyActionRequest,
        response: { 200: ActionItem },
      },
    },
    async (request) => service.addPropertyAction(app.db, requireAuth(request), request.params.id, request.body, today()),
  );

  // customer-specific requirements [IATF 4.3.2]
  app.get(
    '/api/csr',
    { config: read, schema: { tags, summary: 'Customer-specific requirements register', querystring: CsrQuery, response: { 200: CsrList } } },
    async (request) => service.listCsrs(app.db, request.query),
  );
  app.get(
    '/api/csr/:id',
    { config: read, schema: { tags, summary: 'A CSR document with its deployment record', params: IdParams, response: { 200: CsrDocument } } },
    async (request) => service.getCsr(app.db, request.params.id),
  );
  app.post(
    '/api/csr',
    {
      config: { ...write, record: { creates: 'csr' } },
      schema: {
        tags,
        summary: 'Register a CSR document or a new revision (starts the csr-review procedure)',
        body: CreateCsrRequest,
        response: { 200: CsrDocument },
      },
    },
    async (request) => service.createCsr(app.db, requireAuth(request), request.body),
  );
  app.put(
    '/api/csr/:id',
    {
      config: { ...write, record: { edits: 'csr' } },
      schema: { tags, summary: 'Correct the registration (before the review)', params: IdParams, body: UpdateCsrRequest, response: { 200: CsrDocument } },
    },
    async (request) => service.updateCsr(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/csr/:id/deployments',
    {
      config: { ...write, record: { edits: 'csr' } },
      schema: {
        tags,
        summary: 'Record where the CSR was deployed (procedure, KPI, document changed)',
        params: IdParams,
        body: CsrDeploymentRequest,
        response: { 200: CsrDocument },
      },
    },
    async (request) => service.addDeployment(app.db, requireAuth(request), request.params.id, request.body),
  );
}
