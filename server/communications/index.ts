import { registerRecordType } from '../platform/records/record-types.js';
import { communicationNumber } from './communications.service.js';
import { selectCommunication } from './communications.repository.js';

export { communicationsRoutes } from './communications.routes.js';
export { createCommunication, correctCommunication, completeFollowUp } from './communications.service.js';

export function registerCommunicationRecordTypes() {
  registerRecordType({
    type: 'communication',
    title: { zh: '沟通记录', en: 'Communication' },
    readPermission: 'communications.read',
    fetchTitle: async (db, id) => {
      const c = await selectCommunication(db, id);
      return c ? `${communicationNumber(c.seq)} ${c.subject}` : null;
    },
    url: (id) => `/communications/${id}`,
  });
}
