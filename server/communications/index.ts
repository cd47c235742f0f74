import { registerRecordType } from '../platform/records/record-types.js';
import { CreateCommunicationRequest } from '../../contracts/communications.js';
import { registerEffect } from '../procedures/index.js';
import { communicationNumber, createCommunication } from './communications.service.js';
import { selectCommunication, selectEditPeople } from './communications.repository.js';

export { communicationsRoutes } from './communications.routes.js';
export { selectCommunicationKeys } from './communications.repository.js';
export {
  listCommunications,
  createCommunication,
  createCommunicationsBulk,
  correctCommunication,
  completeFollowUp,
  linkCommunication,
  communicationNumber,
} from './communications.service.js';

/** The reply to an enquiry is itself a communication, linked to the enquiry (its subject in the replier's language). */
function registerEnquiryEffects() {
  registerEffect('log-reply', async ({ tx, auth, ref, fields, at }) => {
    const enquiry = (await selectCommunication(tx, ref.id))!;
    const input = CreateCommunicationRequest.parse({
      partyId: enquiry.partyId,
      channel: typeof fields.channel === 'string' && fields.channel ? fields.channel : enquiry.channel,
      direction: 'out',
      topic: 'enquiry',
      occurredAt: (at ?? new Date()).toISOString(),
      ourUserId: auth.userId,
      contactId: enquiry.contactId,
      subject: `${auth.locale === 'en-US' ? 'Re: ' : '回复：'}${enquiry.subject}`.slice(0, 200),
      content: String(fields.answer),
      links: [{ type: 'communication', id: ref.id }],
    });
    await createCommunication(tx, auth, input);
  });
}

export function registerCommunicationRecordTypes() {
  registerEnquiryEffects();
  registerRecordType({
    type: 'communication',
    title: { zh: '沟通记录', en: 'Communication' },
    readPermission: 'communications.read',
    fetchTitle: async (db, id) => {
      const c = await selectCommunication(db, id);
      return c ? `${communicationNumber(c.seq)} ${c.subject}` : null;
    },
    url: (id) => `/communications/${id}`,
    editPeople: selectEditPeople,
  });
}
