import { z } from 'zod';
import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { Id, VoidRequest } from '../../contracts/common.js';
import {
  AcceptCustomerRequest,
  Contact,
  CreateContactRequest,
  CreateCustomerRequest,
  Customer,
  CustomerList,
  CustomerListQuery,
  UpdateContactRequest,
  UpdateCustomerRequest,
} from '../../contracts/parties.js';
import * as service from './parties.service.js';
import * as segments from './segments.service.js';
import { CustomerSegmentAnswer, RefreshSegmentsRequest, RefreshSegmentsResult } from '../../contracts/segments.js';

const IdParams = z.object({ id: Id });
const ContactParams = z.object({ id: Id, contactId: Id });
const tags = ['customers'];

export async function partiesRoutes(app: App) {
  app.get(
    '/api/customers',
    {
      config: { access: { permission: 'customers.read' } },
      schema: { tags, summary: 'Customers (客户档案)', querystring: CustomerListQuery, response: { 200: CustomerList } },
    },
    async (request) => service.listCustomers(app.db, request.query),
  );
  app.post(
    '/api/customers',
    {
      config: { record: { creates: 'customer' }, access: { permission: 'customers.write' } },
      schema: { tags, summary: 'Create a customer with its contacts', body: CreateCustomerRequest, response: { 200: Customer } },
    },
    async (request) => service.createCustomer(app.db, requireAuth(request), request.body),
  );
  app.get(
    '/api/customers/:id',
    {
      config: { access: { permission: 'customers.read' } },
      schema: { tags, summary: 'A customer with its contacts', params: IdParams, response: { 200: Customer } },
    },
    async (request) => service.getCustomer(app.db, request.params.id),
  );
  app.put(
    '/api/customers/:id',
    {
      config: { record: { edits: 'customer' }, access: { permission: 'customers.write' } },
      schema: { tags, summary: 'Update a customer', params: IdParams, body: UpdateCustomerRequest, response: { 200: Customer } },
    },
    async (request) => service.updateCustomer(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/customers/:id/accept',
    {
      config: { record: { edits: 'customer' }, access: { permission: 'customers.accept' } },
      schema: { tags, summary: "GM's acceptance of a new customer", params: IdParams, body: AcceptCustomerRequest, response: { 200: Customer } },
    },
    async (request) => service.acceptCustomer(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/customers/:id/void',
    {
      config: { record: { edits: 'customer' }, access: { permission: 'customers.write' } },
      schema: { tags, summary: 'Void a customer (never deleted)', params: IdParams, body: VoidRequest, response: { 200: Customer } },
    },
    async (request) => service.voidCustomer(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/customers/:id/contacts',
    {
      config: { record: { edits: 'customer' }, access: { permission: 'customers.write' } },
      schema: { tags, summary: 'Add a contact', params: IdParams, body: CreateContactRequest, response: { 200: Contact } },
    },
    async (request) => service.addContact(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.put(
    '/api/customers/:id/contacts/:contactId',
    {
      config: { record: { edits: 'contact', param: 'contactId' }, access: { permission: 'customers.write' } },
      schema: { tags, summary: 'Update a contact', params: ContactParams, body: UpdateContactRequest, response: { 200: Contact } },
    },
    async (request) => service.updateContact(app.db, requireAuth(request), request.params.id, request.params.contactId, request.body),
  );
  app.post(
    '/api/customers/:id/contacts/:contactId/void',
    {
      config: { record: { edits: 'contact', param: 'contactId' }, access: { permission: 'customers.write' } },
      schema: { tags, summary: 'Void a contact', params: ContactParams, body: VoidRequest, response: { 200: Contact } },
    },
    async (request) => service.voidContact(app.db, requireAuth(request), request.params.id, request.params.contactId, request.body),
  );
  app.get(
    '/api/customers/:id/segment',
    {
      config: { access: { permission: 'customers.read' } },
      schema: {
        tags,
        summary: "The customer's value segment: ABC, RFM, high value, cadence (revenue only with prices.read)",
        params: IdParams,
        response: { 200: CustomerSegmentAnswer },
      },
    },
    async (request) => segments.getCustomerSegment(app.db, request.params.id),
  );
  app.post(
    '/api/customer-segments/refresh',
    {
      config: {
        record: { anyHolder: 'a computation over every customer from their orders (customers.write), no record edited by hand' },
        access: { permission: 'customers.write' },
      },
      schema: {
        tags,
        summary: "Recompute every customer's value segment from the orders (also nightly)",
        body: RefreshSegmentsRequest,
        response: { 200: RefreshSegmentsResult },
      },
    },
    async (request) => segments.refreshSegments(app.db, requireAuth(request).userId, { asOf: request.body.asOf }),
  );
}
