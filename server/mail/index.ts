import type { Config } from '../platform/config.js';
import { registerOutboxHandler } from '../platform/outbox/outbox.js';
import { deliver, setMailConfig } from './mail.service.js';

export { mailRoutes } from './mail.routes.js';
export { queueMail, deliver, backoffMs, MAX_ATTEMPTS, publicLink } from './mail.service.js';
export { pollMailbox, startMailPoller, sanitise } from './incoming.service.js';

/** Mail: its configuration and the outbox topic that sends a queued mail. */
export function registerMailFeature(config: Config) {
  setMailConfig(config);
  registerOutboxHandler('mail.send', async (db, p) => deliver(db, String(p.id)));
}
export { mailKey, seal, open } from './secret-box.js';
