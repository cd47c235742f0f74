import { registerRecordType } from '../platform/records/record-types.js';
import * as repo from './parties.repository.js';

export { partiesRoutes } from './parties.routes.js';
export {
  selectCustomer,
  selectContact,
  selectContacts,
  selectCustomerByCode,
  selectCustomerIdsByCodes,
  touchLastContact,
  touchLastContacts,
} from './parties.repository.js';
export { createCustomer, addContact } from './parties.service.js';

export function registerPartyRecordTypes() {
  registerRecordType({
    type: 'customer',
    title: { zh: '客户', en: 'Customer' },
    readPermission: 'customers.read',
    fetchTitle: async (db, id) => {
      const c = await repo.selectCustomer(db, id);
      return c ? `${c.code} ${c.nameZh}` : null;
    },
    url: (id) => `/customers/${id}`,
    editPeople: (db, id) => repo.selectPartyEditPeople(db, id, 'customer'),
    relatedRefs: async (db, id) => (await repo.selectContacts(db, [id])).map((c) => ({ type: 'contact', id: c.id })),
  });
  registerRecordType({
    type: 'contact',
    title: { zh: '联系人', en: 'Contact' },
    readPermission: 'customers.read',
    fetchTitle: async (db, id) => (await repo.selectContact(db, id))?.name ?? null,
    url: () => '/customers',
    editPeople: repo.selectContactEditPeople,
  });
}
export { acceptCustomer, getCustomer, listCustomers, updateCustomer, updateContact } from './parties.service.js';
export { refreshSegments, refreshSegmentsIfStale } from './segments.service.js';

// used by other features
export { selectCustomers } from './parties.repository.js';
