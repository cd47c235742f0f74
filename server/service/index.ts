import { registerRecordType } from '../platform/records/record-types.js';
import { because, registerEffect, registerGuard, registerPanels } from '../procedures/index.js';
import { selectServiceEditPeople, selectServiceRequest } from './service.repository.js';
import { clearWork, logAcknowledgement, serviceFacts, SERVICE_KINDS_RETURN, SERVICE_KINDS_SERVICE } from './service.service.js';

export { serviceRoutes } from './service.routes.js';
export {
  createServiceRequest,
  assessServiceRequest,
  recordServiceWork,
  confirmServiceRequest,
  getServiceRequest,
  listServiceRequests,
  saveWarrantyRule,
  computeWarranty,
  addMonths,
} from './service.service.js';

const isUuid = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

/** After-sales service [CS 2.5–2.6, service standards 5–6]: service requests on procedures/service-request and the warranty rules. */
export function registerServiceFeature() {
  registerRecordType({
    type: 'service-request',
    title: { zh: '售后服务申请', en: 'Service request' },
    readPermission: 'service.read',
    fetchTitle: async (db, id) => {
      if (!isUuid(id)) return null;
      const r = await selectServiceRequest(db, id);
      return r ? `${r.number} ${r.model} ${r.partyName}`.slice(0, 120) : null;
    },
    url: (id) => `/service-requests/${id}`,
    editPeople: selectServiceEditPeople,
  });
  registerRecordType({
    type: 'warranty-rule',
    title: { zh: '保修条款', en: 'Warranty rule' },
    readPermission: 'service.read',
    fetchTitle: async () => null,
    url: () => '/warranty-rules',
  });
  registerPanels('service-request', ['request', 'warranty', 'assessment', 'work', 'confirmation']);
  registerGuard(
    'service-assessed',
    async (ctx) => (await serviceFacts(ctx.tx, ctx.ref.id))?.assessed || because('serviceRequest.assessment', 'SERVICE_NOT_ASSESSED'),
  );
  registerGuard(
    'service-kind-service',
    async (ctx) =>
      SERVICE_KINDS_SERVICE.includes((await serviceFacts(ctx.tx, ctx.ref.id))?.kind ?? '') || because('serviceRequest.kind', 'SERVICE_KIND_RETURN'),
  );
  registerGuard(
    'service-kind-return',
    async (ctx) =>
      SERVICE_KINDS_RETURN.includes((await serviceFacts(ctx.tx, ctx.ref.id))?.kind ?? '') || because('serviceRequest.kind', 'SERVICE_KIND_SERVICE'),
  );
  registerGuard(
    'service-work-recorded',
    async (ctx) => (await serviceFacts(ctx.tx, ctx.ref.id))?.workRecorded || because('serviceRequest.work', 'SERVICE_NO_WORK'),
  );
  registerGuard(
    'service-customer-confirmed',
    async (ctx) => (await serviceFacts(ctx.tx, ctx.ref.id))?.confirmed || because('serviceRequest.confirmation', 'SERVICE_NO_CONFIRMATION'),
  );
  registerEffect('log-service-acknowledgement', async ({ tx, auth, ref, fields, at }) => logAcknowledgement(tx, auth, ref.id, fields, at ?? new Date()));
  registerEffect('service-work-reopened', async ({ tx, auth, ref }) => clearWork(tx, auth, ref.id));
}
