import { z } from 'zod';
import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { Id } from '../../contracts/common.js';
import {
  DecideDisposalRequest,
  DisposalBatch,
  DisposalBatches,
  DueRecords,
  LegalHold,
  LegalHoldList,
  PlaceHoldRequest,
  ProposeDisposalRequest,
  RejectDisposalRequest,
  ReleaseHoldRequest,
  RetentionRules,
  RuleParams,
  Tombstones,
  UpdateRuleRequest,
} from '../../contracts/retention.js';
import * as service from './retention.service.js';

const tags = ['retention'];
const IdParams = z.object({ id: Id });
const HoldQuery = z.object({ all: z.enum(['true', 'false']).optional() });
const byOfficer = { anyHolder: 'the records officer, behind records.manage' } as const;
const byApprover = { anyHolder: 'the approver of disposals, behind records.dispose (never the proposer)' } as const;

/** Records retention: rules, legal holds, the disposal list and its approval, tombstones. */
export async function retentionRoutes(app: App) {
  app.get(
    '/api/retention/rules',
    {
      config: { access: { permission: 'records.manage' } },
      schema: { tags, summary: 'How long each kind of record is kept', response: { 200: RetentionRules } },
    },
    async () => ({
      items: await service.listRules(app.db),
    }),
  );
  app.put(
    '/api/retention/rules/:type',
    {
      config: { record: byOfficer, access: { permission: 'records.manage' } },
      schema: { tags, summary: 'Set how long a kind of record is kept', params: RuleParams, body: UpdateRuleRequest, response: { 200: RetentionRules } },
    },
    async (request) => ({ items: await service.updateRule(app.db, requireAuth(request), request.params.type, request.body) }),
  );

  app.get(
    '/api/legal-holds',
    {
      config: { access: { permission: 'records.manage' } },
      schema: { tags, summary: 'Legal holds (active; ?all=true with released)', querystring: HoldQuery, response: { 200: LegalHoldList } },
    },
    async (request) => ({
      items: await service.listHolds(app.db, request.query.all !== 'true'),
    }),
  );
  app.post(
    '/api/legal-holds',
    {
      config: { record: byOfficer, access: { permission: 'records.manage' } },
      schema: { tags, summary: 'Place a legal hold on a customer or a record', body: PlaceHoldRequest, response: { 200: LegalHold } },
    },
    async (request) => service.placeHold(app.db, requireAuth(request), request.body),
  );
  app.post(
    '/api/legal-holds/:id/release',
    {
      config: { record: byOfficer, access: { permission: 'records.manage' } },
      schema: { tags, summary: 'Release a legal hold, with the reason', params: IdParams, body: ReleaseHoldRequest, response: { 200: LegalHold } },
    },
    async (request) => service.releaseHold(app.db, requireAuth(request), request.params.id, request.body.reason),
  );

  app.get(
    '/api/retention/due',
    {
      config: { access: { permission: 'records.manage' } },
      schema: { tags, summary: 'Records past their retention, not under a hold', response: { 200: DueRecords } },
    },
    async () => ({
      items: await service.dueForDisposal(app.db),
    }),
  );
  app.get(
    '/api/disposals',
    { config: { access: { permission: 'records.manage' } }, schema: { tags, summary: 'Disposal lists', response: { 200: DisposalBatches } } },
    async () => ({
      items: await service.listBatches(app.db),
    }),
  );
  app.post(
    '/api/disposals',
    {
      config: { record: byOfficer, access: { permission: 'records.manage' } },
      schema: {
        tags,
        summary: 'Propose records past their retention for disposal (all due when none named)',
        body: ProposeDisposalRequest,
        response: { 200: DisposalBatch },
      },
    },
    async (request) => service.proposeDisposal(app.db, requireAuth(request), request.body.items),
  );
  app.post(
    '/api/disposals/:id/approve',
    {
      config: { record: byApprover, access: { permission: 'records.dispose' } },
      schema: {
        tags,
        summary: 'Approve a disposal list and dispose of its records (tombstones kept)',
        params: IdParams,
        body: DecideDisposalRequest,
        response: { 200: DisposalBatch },
      },
    },
    async (request) => service.approveDisposal(app.db, requireAuth(request), request.params.id, request.body.version),
  );
  app.post(
    '/api/disposals/:id/reject',
    {
      config: { record: byApprover, access: { permission: 'records.dispose' } },
      schema: { tags, summary: 'Reject a disposal list, with the reason', params: IdParams, body: RejectDisposalRequest, response: { 200: DisposalBatch } },
    },
    async (request) => service.rejectDisposal(app.db, requireAuth(request), request.params.id, request.body.version, request.body.reason),
  );
  app.get(
    '/api/tombstones',
    { config: { access: { permission: 'records.manage' } }, schema: { tags, summary: 'What remains of disposed records', response: { 200: Tombstones } } },
    async () => ({
      items: await service.listTombstones(app.db),
    }),
  );
}
