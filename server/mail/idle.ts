import { ImapFlow } from 'imapflow';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../platform/db/client.js';
import * as repo from './mail.repository.js';

/**
 * IMAP IDLE: one connection per active mailbox sits in IDLE on INBOX; when the server reports new mail (EXISTS) the
 * mailbox is read at once by `pollMailbox` (its own short connection, the same code and the same once-only
 * guarantees as the interval poll). The interval poll keeps running as the fallback: for a server without IDLE, while
 * a dropped connection waits to reconnect, and for anything an IDLE notification missed.
 */
export type WatchState = 'connecting' | 'idling' | 'no-idle' | 'reconnecting' | 'stopped';

export interface MailboxWatcher {
  mailboxId: string;
  /** the connection settings the watcher connected with: changed settings get a new watcher */
  fingerprint: string;
  state(): WatchState;
  /** how many times a notification (or the catch-up after connecting) read the mailbox */
  reads(): number;
  stop(): Promise<void>;
}

export interface WatchDeps {
  /** read the mailbox's new mail (pollMailbox); several notifications while one read runs make one more read */
  read(mailboxId: string): Promise<unknown>;
  client(m: repo.MailboxRow): ImapFlow;
  log?: FastifyBaseLogger | undefined;
}

const RECONNECT_MIN_MS = 2_000;
const RECONNECT_MAX_MS = 120_000;
/** IDLE is broken and restarted this often, so no firewall or server drops a silent session */
export const MAX_IDLE_MS = 5 * 60_000;

const fingerprint = (m: repo.MailboxRow) => JSON.stringify([m.imapHost, m.imapPort, m.imapSecurity, m.imapUser, m.imapPasswordEnc]);

export function watchMailbox(m: repo.MailboxRow, deps: WatchDeps): MailboxWatcher {
  let state: WatchState = 'connecting';
  let stopped = false;
  let client: ImapFlow | null = null;
  let reads = 0;
  let reading = false;
  let again = false;
  let delay = RECONNECT_MIN_MS;
  let timer: NodeJS.Timeout | null = null;

  const read = async () => {
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      do {
        again = false;
        reads++;
        await deps.read(m.id).catch((err: unknown) => deps.log?.warn({ err, mailbox: m.name }, 'mailbox read after IDLE failed'));
      } while (again && !stopped);
    } finally {
      reading = false;
    }
  };

  const reconnect = () => {
    if (stopped || timer) return;
    state = 'reconnecting';
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, delay);
    timer.unref?.();
    delay = Math.min(delay * 2, RECONNECT_MAX_MS);
  };

  const connect = async () => {
    if (stopped) return;
    state = 'connecting';
    const c = deps.client(m);
    client = c;
    c.on('error', (err: unknown) => deps.log?.warn({ err, mailbox: m.name }, 'IDLE connection error'));
    c.on('close', () => {
      if (client === c) client = null;
      if (!stopped && state !== 'no-idle') reconnect();
    });
    c.on('exists', () => void read());
    try {
      await c.connect();
      if (!c.capabilities.has('IDLE')) {
        // the interval poll alone serves this server
        state = 'no-idle';
        await c.logout().catch(() => undefined);
        return;
      }
      await c.mailboxOpen('INBOX', { readOnly: true });
      delay = RECONNECT_MIN_MS;
      // what arrived while no connection listened
      await read();
      if (stopped) return;
      state = 'idling';
      // resolves when IDLE ends (stop, or the connection closes); maxIdleTime restarts it inside
      void c.idle().catch(() => undefined);
    } catch (err) {
      deps.log?.warn({ err, mailbox: m.name }, 'IDLE connection failed; the interval poll goes on');
      c.close();
      if (client === c) client = null;
      reconnect();
    }
  };

  void connect();
  return {
    mailboxId: m.id,
    fingerprint: fingerprint(m),
    state: () => (stopped ? 'stopped' : state === 'idling' && !client?.idling ? 'connecting' : state),
    reads: () => reads,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      if (c) await c.logout().catch(() => c.close());
    },
  };
}

/**
 * The watchers of all active mailboxes, brought in line with the mailbox table on each call (a new mailbox gets a
 * watcher, a changed one a fresh watcher, a deactivated or removed one loses it). Called on every interval tick.
 */
export class MailWatchers {
  private readonly watchers = new Map<string, MailboxWatcher>();
  private closed = false;
  constructor(
    private readonly db: Db,
    private readonly deps: WatchDeps,
  ) {}

  async reconcile() {
    if (this.closed) return;
    const active = await repo.selectMailboxes(this.db, true);
    const wanted = new Map(active.map((m) => [m.id, m]));
    for (const [id, w] of this.watchers) {
      const m = wanted.get(id);
      if (!m || fingerprint(m) !== w.fingerprint) {
        this.watchers.delete(id);
        await w.stop();
      }
    }
    for (const m of active) if (!this.watchers.has(m.id) && !this.closed) this.watchers.set(m.id, watchMailbox(m, this.deps));
  }

  get(mailboxId: string) {
    return this.watchers.get(mailboxId);
  }

  async close() {
    this.closed = true;
    const all = [...this.watchers.values()];
    this.watchers.clear();
    await Promise.all(all.map((w) => w.stop()));
  }
}
