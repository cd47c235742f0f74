import { z } from 'zod';
import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { Id } from '../../contracts/common.js';
import {
  Anomaly,
  AnomalyList,
  AnomalyQuery,
  AnomalyReportRequest,
  CloseAnomalyRequest,
  CreateAnomalyRequest,
  CreateProcessQuestionRequest,
  CreateSampleRequest,
  LinkAnomalyComplaintRequest,
  OrderEngineeringRecords,
  ProcessAnswerRequest,
  ProcessQuestion,
  ProcessQuestionList,
  ProcessQuestionQuery,
  ProcessSignRequest,
  Sample,
  SampleAnswerRequest,
  SampleList,
  SampleQuery,
  UpdateSampleRequest,
} from '../../contracts/engineering.js';
import * as service from './engineering.service.js';

const IdParams = z.object({ id: Id });
const tags = ['engineering'];

export async function engineeringRoutes(app: App) {
  const read = { access: { permission: 'engineering.read' as const } };
  const write = { access: { permission: 'engineering.write' as const } };

  // sample confirmations [CC 5.4]
  app.get(
    '/api/samples',
    {
      config: read,
      schema: { tags, summary: 'Sample confirmations (samples sent, the customer’s answer)', querystring: SampleQuery, response: { 200: SampleList } },
    },
    async (request) => service.listSamples(app.db, request.query),
  );
  app.get(
    '/api/samples/:id',
    { config: read, schema: { tags, summary: 'A sample confirmation with the signed sample record', params: IdParams, response: { 200: Sample } } },
    async (request) => service.getSample(app.db, request.params.id),
  );
  app.post(
    '/api/samples',
    {
      config: { ...write, record: { creates: 'sample' } },
      schema: {
        tags,
        summary: 'Register a sample sent to the customer (SMP-n; starts procedures/sample-confirmation)',
        body: CreateSampleRequest,
        response: { 200: Sample },
      },
    },
    async (request) => service.createSample(app.db, requireAuth(request), request.body),
  );
  app.put(
    '/api/samples/:id',
    {
      config: { ...write, record: { edits: 'sample' } },
      schema: { tags, summary: 'Correct the dispatch details (before dispatch)', params: IdParams, body: UpdateSampleRequest, response: { 200: Sample } },
    },
    async (request) => service.updateSample(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/samples/:id/answer',
    {
      config: { ...write, record: { edits: 'sample' } },
      schema: {
        tags,
        summary: 'Record the customer’s approval or rejection with the signed sample record (closes the procedure)',
        params: IdParams,
        body: SampleAnswerRequest,
        response: { 200: Sample },
      },
    },
    async (request) => service.answerSample(app.db, requireAuth(request), request.params.id, request.body),
  );

  // process-design questions [CC 5.3]
  app.get(
    '/api/process-questions',
    {
      config: read,
      schema: {
        tags,
        summary: 'Engineering’s process-design questions on customers’ process data',
        querystring: ProcessQuestionQuery,
        response: { 200: ProcessQuestionList },
      },
    },
    async (request) => service.listQuestions(app.db, request.query),
  );
  app.get(
    '/api/process-questions/:id',
    {
      config: read,
      schema: { tags, summary: 'A process-design question with the answer and the signature', params: IdParams, response: { 200: ProcessQuestion } },
    },
    async (request) => service.getQuestion(app.db, request.params.id),
  );
  app.post(
    '/api/process-questions',
    {
      config: { ...write, record: { creates: 'process-question' } },
      schema: {
        tags,
        summary: 'Record a question to the customer (PQ-n) and the communication that asked it',
        body: CreateProcessQuestionRequest,
        response: { 200: ProcessQuestion },
      },
    },
    async (request) => service.createQuestion(app.db, requireAuth(request), request.body),
  );
  app.post(
    '/api/process-questions/:id/answer',
    {
      config: { ...write, record: { edits: 'process-question' } },
      schema: { tags, summary: 'Record the customer’s answer', params: IdParams, body: ProcessAnswerRequest, response: { 200: ProcessQuestion } },
    },
    async (request) => service.answerQuestion(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/process-questions/:id/signature',
    {
      config: { ...write, record: { edits: 'process-question' } },
      schema: {
        tags,
        summary: 'Record the contact’s signature (signed document uploaded, or the contact named with the date)',
        params: IdParams,
        body: ProcessSignRequest,
        response: { 200: ProcessQuestion },
      },
    },
    async (request) => service.signQuestion(app.db, requireAuth(request), request.params.id, request.body),
  );

  // anomalies [CC 5.6]
  app.get(
    '/api/anomalies',
    { config: read, schema: { tags, summary: 'Product anomalies found by customers', querystring: AnomalyQuery, response: { 200: AnomalyList } } },
    async (request) => service.listAnomalies(app.db, request.query),
  );
  app.get(
    '/api/anomalies/:id',
    { config: read, schema: { tags, summary: 'An anomaly with its inspection, scrap and anomaly reports', params: IdParams, response: { 200: Anomaly } } },
    async (request) => service.getAnomaly(app.db, request.params.id),
  );
  app.post(
    '/api/anomalies',
    {
      config: { ...write, record: { creates: 'anomaly' } },
      schema: { tags, summary: 'Register an anomaly (ANO-n) with the communication that reported it', body: CreateAnomalyRequest, response: { 200: Anomaly } },
    },
    async (request) => service.createAnomaly(app.db, requireAuth(request), request.body),
  );
  app.post(
    '/api/anomalies/:id/reports',
    {
      config: { ...write, record: { edits: 'anomaly' } },
      schema: {
        tags,
        summary: 'Link an inspection, scrap or anomaly report (document no., scan)',
        params: IdParams,
        body: AnomalyReportRequest,
        response: { 200: Anomaly },
      },
    },
    async (request) => service.addReport(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/anomalies/:id/close',
    {
      config: { ...write, record: { edits: 'anomaly' } },
      schema: { tags, summary: 'Close with a conclusion (needs at least one report)', params: IdParams, body: CloseAnomalyRequest, response: { 200: Anomaly } },
    },
    async (request) => service.closeAnomaly(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/anomalies/:id/complaint',
    {
      config: { ...write, record: { edits: 'anomaly' } },
      schema: {
        tags,
        summary: 'Link the anomaly to the customer’s complaint (or unlink: null)',
        params: IdParams,
        body: LinkAnomalyComplaintRequest,
        response: { 200: Anomaly },
      },
    },
    async (request) => service.linkAnomalyComplaint(app.db, requireAuth(request), request.params.id, request.body),
  );

  // where people work: the order page's panel [CC 5.3, 5.4, 5.6]
  app.get(
    '/api/orders/:id/engineering-records',
    {
      config: read,
      schema: {
        tags,
        summary: 'The order’s sample confirmations, process-design questions and anomalies',
        params: IdParams,
        response: { 200: OrderEngineeringRecords },
      },
    },
    async (request) => service.orderRecords(app.db, request.params.id),
  );
}
