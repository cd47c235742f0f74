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
  /** how many times the connection was made (the first one and each reconnect) */
  connects(): number;
  /** why the connection last failed or dropped; null once it idles again */
  lastError(): string | null;
  stop(): Promise<void>;
}

export interface WatchDeps {
  /** read the mailbox's new mail (pollMailbox); several notifications while one read runs make one more read */
  read(mailboxId: string): Promise<unknown>;
  client(m: repo.MailboxRow): ImapFlow;
  log?: FastifyBaseLogger | undefined;
  /** told of each change of state (the settings page shows it) */
  report?: ((mailboxId: string, state: WatchState, error: string | null) => Promise<unknown> | void) | undefined;
  /** the wait before reconnecting: from minMs, doubled each failed try, at most maxMs (tests shorten it) */
  backoff?: { minMs: number; maxMs: number } | undefined;
}

const RECONNECT_MIN_MS = 2_000;
const RECONNECT_MAX_MS = 120_000;
/** IDLE is broken and restarted this often, so no firewall or server drops a silent session */
export const MAX_IDLE_MS = 5 * 60_000;

const fingerprint = (m: repo.MailboxRow) => JSON.stringify([m.imapHost, m.imapPort, m.imapSecurity, m.imapUser, m.imapPasswordEnc]);

const message = (err: unknown) => String((err as Error)?.message ?? err).slice(0, 500);

export function watchMailbox(m: repo.MailboxRow, deps: WatchDeps): MailboxWatcher {
  const minMs = deps.backoff?.minMs ?? RECONNECT_MIN_MS;
  const maxMs = deps.backoff?.maxMs ?? RECONNECT_MAX_MS;
  let state: WatchState = 'connecting';
  let error: string | null = null;
  let stopped = false;
  let client: ImapFlow | null = null;
  let reads = 0;
  let connects = 0;
  let reading = false;
  let again = false;
  let delay = minMs;
  let timer: NodeJS.Timeout | null = null;
  let reported = '';

  const setState = (next: WatchState, err?: unknown) => {
    state = next;
    if (err !== undefined) error = message(err);
    if (next === 'idling') error = null;
    const key = `${next}\u0000${error ?? ''}`;
    if (key === reported) return;
    reported = key;
    void Promise.resolve(deps.report?.(m.id, next, error)).catch((e: unknown) =>
      deps.log?.warn({ err: e, mailbox: m.name }, 'mailbox watch state not recorded'),
    );
  };

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

  /** after a failed try or a dropped connection: wait (doubling, with a little jitter so instances spread), then connect */
  const reconnect = (err?: unknown) => {
    if (stopped || timer) return;
    setState('reconnecting', err ?? error ?? 'connection closed');
    const wait = Math.round(delay * (0.9 + Math.random() * 0.2));
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, wait);
    timer.unref?.();
    delay = Math.min(delay * 2, maxMs);
  };

  const connect = async () => {
    if (stopped) return;
    setState('connecting');
    const c = deps.client(m);
    client = c;
    let dropped: unknown;
    c.on('error', (err: unknown) => {
      dropped = err;
      deps.log?.warn({ err, mailbox: m.name }, 'IDLE connection error');
    });
    c.on('close', () => {
      if (client !== c) return;
      client = null;
      // the server went away (restarted, kicked us, the socket broke): try again after the back-off
      if (!stopped && state !== 'no-idle') reconnect(dropped ?? 'the server closed the connection');
    });
    c.on('exists', () => void read());
    try {
      await c.connect();
      connects++;
      if (!c.capabilities.has('IDLE')) {
        // the interval poll alone serves this server
        setState('no-idle');
        await c.logout().catch(() => undefined);
        return;
      }
      await c.mailboxOpen('INBOX', { readOnly: true });
      // what arrived while no connection listened (each mail once: UIDs above the last recorded, Message-IDs seen skipped)
      await read();
      if (stopped || client !== c) return;
      delay = minMs;
      setState('idling');
      // resolves when IDLE ends (stop, or the connection closes); maxIdleTime restarts it inside
      void c.idle().catch(() => undefined);
    } catch (err) {
      deps.log?.warn({ err, mailbox: m.name }, 'IDLE connection failed; the interval poll goes on');
      if (client === c) client = null;
      c.close();
      reconnect(err);
    }
  };

  void connect();
  return {
    mailboxId: m.id,
    fingerprint: fingerprint(m),
    state: () => (stopped ? 'stopped' : state === 'idling' && !client?.idling ? 'connecting' : state),
    reads: () => reads,
    connects: () => connects,
    lastError: () => error,
    async stop() {
      // not reported: another instance's watcher may be the one serving the mailbox now
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
