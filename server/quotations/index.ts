import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../platform/db/client.js';
import { registerRecordType, uuidsOf } from '../platform/records/record-types.js';
import { registerOutboxHandler } from '../platform/outbox/outbox.js';
import { insertNotification } from '../notifications/index.js';
import { selectEditPeople, selectPricePendingEditPeople, selectQuotation, selectQuotationTitles, usersOfDepartment } from './quotations.repository.js';
import { registerQuotationProcedureHooks } from './quotations.procedure.js';
import { sweepQuotationFollowUps } from './quotations.service.js';
import { startPeriodic, type StopPeriodic } from '../platform/periodic/index.js';

export { quotationsRoutes } from './quotations.routes.js';
export { listQuotations, getQuotation, priceCheck, sweepQuotationFollowUps } from './quotations.service.js';

export function registerQuotationFeature() {
  registerRecordType({
    type: 'quotation',
    title: { zh: '报价单', en: 'Quotation' },
    readPermission: 'quotations.read',
    fetchTitle: async (db, id) => {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
      const q = await selectQuotation(db, id);
      return q ? `${q.number} R${q.revision} ${q.partyName}` : null;
    },
    fetchTitles: async (db, ids) => new Map((await selectQuotationTitles(db, uuidsOf(ids))).map((q) => [q.id, `${q.number} R${q.revision} ${q.partyName}`])),
    url: (id) => `/quotations/${id}`,
    editPeople: selectEditPeople,
  });
  // produce first, price later: the open item a quotation closes
  registerRecordType({
    type: 'price-pending',
    title: { zh: '先生产后报价', en: 'Produced before priced' },
    readPermission: 'quotations.read',
    fetchTitle: async (db, id) => ((await selectPricePendingEditPeople(db, id)) ? id : null),
    url: () => '/quotations',
    editPeople: selectPricePendingEditPeople,
  });
  registerQuotationProcedureHooks();
  // every result is reported to Finance [SP 6.2.2]
  registerOutboxHandler('quotation.result', async (db, p) => {
    const q = await selectQuotation(db, String(p.quotationId));
    if (!q) return;
    for (const userId of await usersOfDepartment(db, 'finance')) {
      await insertNotification(db, {
        userId,
        refType: 'quotation',
        refId: q.id,
        messageKey: `quotation.${String(p.result)}`,
        params: { title: `${q.number} R${q.revision} ${q.partyName}` },
      });
    }
  });
}

/** Creates the follow-up tasks of sent quotes that fell due (every 5 minutes by default). */
export function startQuotationFollowUpSweeper(db: Db, log: FastifyBaseLogger, intervalMs = 300_000): StopPeriodic {
  return startPeriodic('quotation follow-up sweep', () => sweepQuotationFollowUps(db), log, intervalMs);
}

// used by other features
export { quotationPrintHtml } from './print.js';
export { createQuotation, recordFollowUp } from './quotations.service.js';
