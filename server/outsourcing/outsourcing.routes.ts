import { z } from 'zod';
import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { Id } from '../../contracts/common.js';
import {
  ConfirmVendorDeliveryRequest,
  CreateCuttingSheetRequest,
  CreateVendorRequest,
  CuttingSheet,
  CuttingSheetList,
  CuttingSheetListQuery,
  RecordVendorReceiptRequest,
  UpdateCuttingSheetRequest,
  UpdateVendorRequest,
  Vendor,
  VendorList,
  VendorListQuery,
  CreateVendorEvaluationRequest,
  EvaluationFacts,
  EvaluationFactsQuery,
  VendorEvaluation,
  VendorEvaluationList,
} from '../../contracts/outsourcing.js';
import * as service from './outsourcing.service.js';

const IdParams = z.object({ id: Id });
const tags = ['outsourcing'];

export async function outsourcingRoutes(app: App) {
  app.get(
    '/api/vendors',
    {
      config: { access: { permission: 'orders.read' } },
      schema: { tags, summary: 'The qualified vendor list (外包加工商清单)', querystring: VendorListQuery, response: { 200: VendorList } },
    },
    async (request) => service.listVendors(app.db, request.query),
  );
  app.post(
    '/api/vendors',
    {
      config: { record: { creates: 'vendor' }, access: { permission: 'vendors.manage' } },
      schema: { tags, summary: 'Add a vendor to the list', body: CreateVendorRequest, response: { 200: Vendor } },
    },
    async (request) => service.createVendor(app.db, requireAuth(request), request.body),
  );
  app.put(
    '/api/vendors/:id',
    {
      config: { record: { edits: 'vendor' }, access: { permission: 'vendors.manage' } },
      schema: {
        tags,
        summary: 'Change a vendor (status qualified / conditional / suspended) with a reason',
        params: IdParams,
        body: UpdateVendorRequest,
        response: { 200: Vendor },
      },
    },
    async (request) => service.updateVendor(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.get(
    '/api/vendors/:id/evaluations',
    {
      config: { access: { permission: 'orders.read' } },
      schema: {
        tags,
        summary: "A vendor's periodic evaluations, newest first, and when the next is due",
        params: IdParams,
        response: { 200: VendorEvaluationList },
      },
    },
    async (request) => service.listEvaluations(app.db, request.params.id),
  );
  app.get(
    '/api/vendors/:id/evaluation-facts',
    {
      config: { access: { permission: 'orders.read' } },
      schema: {
        tags,
        summary: "The vendor's cutting sheets received in a period and how many on time (the delivery score's basis)",
        params: IdParams,
        querystring: EvaluationFactsQuery,
        response: { 200: EvaluationFacts },
      },
    },
    async (request) => service.evaluationFacts(app.db, request.params.id, request.query),
  );
  app.post(
    '/api/vendors/:id/evaluations',
    {
      config: { record: { edits: 'vendor' }, access: { permission: 'vendors.manage' } },
      schema: {
        tags,
        summary: "Record a periodic evaluation (quality, delivery, cooperation); its result sets the vendor's status on the list",
        params: IdParams,
        body: CreateVendorEvaluationRequest,
        response: { 200: VendorEvaluation },
      },
    },
    async (request) => service.evaluateVendor(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.get(
    '/api/cutting-sheets',
    {
      config: { access: { permission: 'orders.read' } },
      schema: { tags, summary: 'Cutting sheets (裁剪单), by order or vendor', querystring: CuttingSheetListQuery, response: { 200: CuttingSheetList } },
    },
    async (request) => service.listSheets(app.db, request.query),
  );
  app.post(
    '/api/orders/:id/cutting-sheets',
    {
      config: { record: { creates: 'cutting-sheet' }, access: { permission: 'orders.write' } },
      schema: {
        tags,
        summary: 'Fill a cutting sheet for an outsourced line; starts the cutting-sheet procedure',
        params: IdParams,
        body: CreateCuttingSheetRequest,
        response: { 200: CuttingSheet },
      },
    },
    async (request) => service.createSheet(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.get(
    '/api/cutting-sheets/:id',
    { config: { access: { permission: 'orders.read' } }, schema: { tags, summary: 'A cutting sheet', params: IdParams, response: { 200: CuttingSheet } } },
    async (request) => service.getSheet(app.db, request.params.id),
  );
  app.put(
    '/api/cutting-sheets/:id',
    {
      config: { record: { edits: 'cutting-sheet' }, access: { permission: 'orders.write' } },
      schema: { tags, summary: 'Edit a cutting sheet while in draft', params: IdParams, body: UpdateCuttingSheetRequest, response: { 200: CuttingSheet } },
    },
    async (request) => service.updateSheet(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/cutting-sheets/:id/vendor-confirmation',
    {
      config: { record: { edits: 'cutting-sheet' }, access: { permission: 'orders.write' } },
      schema: {
        tags,
        summary: 'Record the delivery date the vendor confirmed',
        params: IdParams,
        body: ConfirmVendorDeliveryRequest,
        response: { 200: CuttingSheet },
      },
    },
    async (request) => service.confirmVendorDelivery(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/cutting-sheets/:id/receipt',
    {
      config: { record: { edits: 'cutting-sheet' }, access: { permission: 'orders.write' } },
      schema: { tags, summary: 'Record what the vendor delivered', params: IdParams, body: RecordVendorReceiptRequest, response: { 200: CuttingSheet } },
    },
    async (request) => service.recordVendorReceipt(app.db, requireAuth(request), request.params.id, request.body),
  );
}
