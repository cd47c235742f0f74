import nodemailer from 'nodemailer';
import type { ErrorCode } from '../../contracts/errors.js';

export interface SmtpSettings {
  host: string;
  port: number;
  security: 'none' | 'starttls' | 'tls';
  user: string;
  password: string | null;
}

/** A nodemailer SMTP transport; short timeouts so a test mail answers quickly and a dead server fails a try. */
export function smtpTransport(s: SmtpSettings) {
  return nodemailer.createTransport({
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
