import nodemailer from 'nodemailer';
import type { ErrorCode } from '../../contracts/errors.js';

export interface SmtpSettings {
  host: string;
  port: number;
  security: 'none' | 'starttls' | 'tls';
  user: string;
  password: string | null;
}

/** Server, security, login and short timeouts (a test mail answers quickly, a dead server fails a try). */
const connection = (s: SmtpSettings) => ({
  host: s.host,
  port: s.port,
  secure: s.security === 'tls',
  requireTLS: s.security === 'starttls',
  ignoreTLS: s.security === 'none',
  ...(s.user ? { auth: { user: s.user, pass: s.password ?? '' } } : {}),
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 30_000,
  dnsTimeout: 10_000,
});

/** A nodemailer SMTP transport for one try (the test mail). */
export function smtpTransport(s: SmtpSettings) {
  return nodemailer.createTransport(connection(s));
}

export interface SendLimits {
  /** connections (and so mails in flight) at once from this instance */
  maxConnections: number;
  /** mails a minute from this instance; 0: no limit */
  ratePerMinute: number;
}

/**
 * At most `limit()` holders at once, the others waiting in order (the limit is read at each release, so a changed
 * setting takes effect without a restart).
 */
export class Slots {
  private busy = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: () => number) {}

  async acquire(): Promise<() => void> {
    if (this.busy < this.limit() && !this.waiting.length) this.busy++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.busy--;
      while (this.waiting.length && this.busy < this.limit()) {
        this.busy++;
        this.waiting.shift()!();
      }
    };
  }

  /** holding a slot now, waiting for one */
  stats() {
    return { busy: this.busy, waiting: this.waiting.length };
  }
}

type Transport = ReturnType<typeof nodemailer.createTransport>;
let pool: { key: string; transport: Transport } | null = null;

/**
 * The instance's pooled SMTP transport for the queue: at most `maxConnections` connections, reused from mail to mail
 * (no message limit per connection, so no connection is replaced mid-burst), closed after 20 s idle; the pool itself
 * never sends a mail again after a dropped connection (maxRequeues 0) — the outbox retries, with its claim. Changed
 * settings get a new pool; the old one closes once its connections finish.
 */
export function pooledTransport(s: SmtpSettings, limits: SendLimits): Transport {
  const key = JSON.stringify([s.host, s.port, s.security, s.user, s.password, limits.maxConnections, limits.ratePerMinute]);
  if (pool?.key === key) return pool.transport;
  pool?.transport.close();
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: limits.maxConnections,
    maxMessages: Infinity,
    maxRequeues: 0,
    idleTimeout: 20_000,
    ...(limits.ratePerMinute > 0 ? { rateLimit: limits.ratePerMinute, rateDelta: 60_000 } : {}),
    ...connection(s),
  });
  pool = { key, transport };
  return transport;
}

/** Close the pooled transport (shutdown, tests). */
export function closePooledTransport() {
  pool?.transport.close();
  pool = null;
}

/**
 * What went wrong, as one of our error codes, from nodemailer's error (its `code`, the socket's errno, the SMTP
 * answer): a wrong password, a TLS mismatch, a name that does not resolve, a refused or broken connection.
 */
export function classifySmtpError(err: unknown): ErrorCode {
  const e = (err ?? {}) as { code?: string; responseCode?: number; message?: string; errno?: string; cause?: { code?: string } };
  const code = e.code ?? '';
  const message = `${e.message ?? ''} ${e.cause?.code ?? ''}`;
  if (code === 'EAUTH' || e.responseCode === 535 || e.responseCode === 534) return 'MAIL_AUTH_FAILED';
  if (code === 'ETLS' || /ssl|tls|certificate|wrong version number|self[- ]signed|EPROTO/i.test(message)) return 'MAIL_TLS_FAILED';
  if (code === 'EDNS' || /ENOTFOUND|EAI_AGAIN|getaddrinfo/i.test(message)) return 'MAIL_HOST_NOT_FOUND';
  if (/ECONNREFUSED/.test(message) || code === 'ECONNREFUSED') return 'MAIL_CONNECTION_REFUSED';
  if (code === 'EENVELOPE' || (e.responseCode !== undefined && e.responseCode >= 550 && e.responseCode < 560)) return 'MAIL_RECIPIENT_REFUSED';
  if (code === 'ETIMEDOUT' || code === 'ECONNECTION' || code === 'ESOCKET' || /ETIMEDOUT|ECONNRESET|timeout/i.test(message)) return 'MAIL_CONNECTION_FAILED';
  return 'MAIL_SEND_FAILED';
}

/** Worth trying again later: the server or the network, not our settings or the address. */
export function retryable(code: ErrorCode): boolean {
  return code === 'MAIL_CONNECTION_FAILED' || code === 'MAIL_CONNECTION_REFUSED' || code === 'MAIL_SEND_FAILED' || code === 'MAIL_HOST_NOT_FOUND';
}
