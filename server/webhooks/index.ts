export { webhooksRoutes } from './webhooks.routes.js';
export { emitEvent, subscribersOf, deliver, claimDelivery, signature, backoffMs, MAX_ATTEMPTS, setWebhookConfig } from './webhooks.service.js';

import { registerRecordType } from '../platform/records/record-types.js';
import { registerOutboxHandler } from '../platform/outbox/outbox.js';
import { claimDelivery } from './webhooks.service.js';
import * as repo from './webhooks.repository.js';

export function registerWebhookFeature() {
  // claimed in the outbox's transaction, sent after its commit
  registerOutboxHandler('webhook.deliver', async (db, p) => claimDelivery(db, String(p.id)));
  registerRecordType({
    type: 'webhook',
    title: { zh: 'Webhook 订阅', en: 'Webhook subscription' },
    readPermission: 'users.admin',
    fetchTitle: async (db, id) => (await repo.selectSubscription(db, id))?.name ?? null,
    url: (id) => `/admin/webhooks/${id}`,
  });
}
