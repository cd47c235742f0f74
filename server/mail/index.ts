import type { Config } from '../platform/config.js';
import { registerOutboxHandler } from '../platform/outbox/outbox.js';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../platform/db/client.js';
import { startPeriodic, type StopPeriodic } from '../platform/periodic/index.js';
import { deliver, setMailConfig } from './mail.service.js';
import { deliverRobot, onNotification, runDigest } from './notify.service.js';

export { mailRoutes } from './mail.routes.js';
export { queueMail, deliver, backoffMs, MAX_ATTEMPTS, publicLink, sendSlots } from './mail.service.js';
export { closePooledTransport } from './transport.js';
export { pollMailbox, readMailbox, startMailPoller, mailWatchers, sanitise } from './incoming.service.js';
export type { WatchState } from './idle.js';

/** Mail: its configuration and the outbox topic that sends a queued mail. */
export function registerMailFeature(config: Config) {
  setMailConfig(config);
  registerOutboxHandler('mail.send', async (db, p) => deliver(db, String(p.id)));
  registerOutboxHandler('notification.mail', async (db, p) => onNotification(db, String(p.id)));
  registerOutboxHandler('robot.send', async (db, p) => deliverRobot(db, String(p.id)));
}

/** The daily digest: checked every minute, sent once per working day at the configured hour (one instance wins the day). */
export function startDigestRunner(db: Db, log: FastifyBaseLogger, intervalMs = 60_000): StopPeriodic {
  return startPeriodic('mail digest', () => runDigest(db), log, intervalMs);
}
export { runDigest, notificationLine } from './notify.service.js';
export { robotRequest, dingtalkSign, feishuSign } from './robots.js';
export { mailKey, seal, open } from './secret-box.js';
