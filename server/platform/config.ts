import { z } from 'zod';
import net from 'node:net';
import path from 'node:path';

/**
 * Configuration is read here and only here. A bad value stops start-up with a message
 * naming the variable.
 */
const Env = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'must start with postgres:// or postgresql://' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  SESSION_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  /** the key of the audit trail's hashes (the same on every instance; default: a key file beside the data) */
  AUDIT_KEY: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  /**
   * `off` leaves the audit rows without their keyed hashes and stops the sealer — only so that `npm run bench` can show
   * what the tamper-evident trail costs (P1 beside P1 without it); the verification then reports every such row.
   */
  AUDIT_CHAIN: z.enum(['on', 'off']).default('on'),
  /** the first administrator's password, used on the first start only (checked against the password policy then) */
  ADMIN_PASSWORD: z.string().min(1).optional(),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100000).default(20),
  /**
   * Webhook receivers allowed although private/loopback/link-local (an on-premise ERP, the tests' local receiver):
   * comma-separated host names, addresses or CIDRs, e.g. `erp.factory.lan,10.20.0.0/16`. Empty: public addresses only.
   */
  WEBHOOK_ALLOWED_HOSTS: z.string().max(2000).default(''),
  MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(200).default(20),
  /** spreadsheets to import (xlsx/csv): refused from their Content-Length before they are read */
  IMPORT_MAX_MB: z.coerce.number().int().min(1).max(150).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TZ_SITE: z.string().default('Asia/Shanghai'),
  /** the company's name on print forms and letters */
  COMPANY_NAME_ZH: z.string().max(100).default(''),
  COMPANY_NAME_EN: z.string().max(100).default(''),
  NODE_ENV: z.string().optional(),
  /**
   * Which proxies may tell the client's address (X-Forwarded-For/-Proto/-Host): off by default.
   * A hop count (`1`: the one nginx in front) or a comma list of addresses/CIDRs (`127.0.0.1,10.0.0.0/8`,
   * also `loopback`, `linklocal`, `uniquelocal`).
   */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v, ctx): false | number | string[] => {
      const text = (v ?? '').trim();
      if (!text || text === 'false' || text === 'off' || text === '0') return false;
      if (/^\d+$/.test(text)) return Number(text);
      const entries = text
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean);
      const bad = entries.find((e) => !isProxyEntry(e));
      if (bad !== undefined) {
        ctx.addIssue({ code: 'custom', message: `"${bad}" is not an address, a CIDR or a hop count (trusting every proxy lets anyone choose their address)` });
        return z.NEVER;
      }
      return entries;
    }),
  /** on SIGTERM/SIGINT, requests in flight get this long to finish before every connection is closed */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(1).max(300).default(8),
  /**
   * The key that encrypts mail passwords at rest (SMTP/IMAP): 32 bytes as 64 hex characters or base64. Unset: a key
   * generated once into DATA_DIR/mail-secret.key (fine for one embedded instance; set it when several share a database).
   */
  MAIL_SECRET_KEY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const key = /^[0-9a-f]{64}$/i.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64');
      if (key.length !== 32) {
        ctx.addIssue({ code: 'custom', message: 'must be 32 bytes: 64 hex characters or base64' });
        return z.NEVER;
      }
      return key;
    }),
  /** the address customers reach Accord at, for links in mail (survey and confirmation links); default http://HOST:PORT */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** how often the shared mailboxes are read, in seconds (0: not at all) */
  MAIL_POLL_SECONDS: z.coerce.number().int().min(0).max(86400).default(60),
  /** at most this many SMTP conversations at once from one instance (a pool of as many connections) */
  MAIL_SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100).default(4),
  /** at most this many mails a minute from one instance (0: no limit; for a provider that caps the rate) */
  MAIL_SMTP_RATE_PER_MINUTE: z.coerce.number().int().min(0).max(100_000).default(0),
  /** the API documentation (/api/docs, /api/openapi.json) without signing in */
  API_DOCS_PUBLIC: z.enum(['true', 'false']).default('false'),
});

function isProxyEntry(e: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(e)) return true;
  const [address, prefix, ...rest] = e.split('/');
  if (rest.length || !address) return false;
  const family = net.isIP(address);
  if (!family) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  sessionSecret: string | undefined;
  auditKey: string | undefined;
  auditChain: boolean;
  adminPassword: string | undefined;
  sessionTtlHours: number;
  maxUploadBytes: number;
  maxImportBytes: number;
  loginRateLimitPerMinute: number;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  siteTimeZone: string;
  companyName: { zh: string; en: string };
  production: boolean;
  /** Fastify's trustProxy: false, a hop count or the trusted proxies' addresses/CIDRs */
  trustProxy: false | number | string[];
  apiDocsPublic: boolean;
  shutdownGraceMs: number;
  /** MAIL_SECRET_KEY, or undefined (then a key file in the data directory) */
  mailSecretKey: Buffer | undefined;
  /** base of links in mail, without a trailing slash */
  publicUrl: string;
  mailPollSeconds: number;
  /** MAIL_SMTP_MAX_CONNECTIONS */
  smtpMaxConnections: number;
  /** MAIL_SMTP_RATE_PER_MINUTE (0: none) */
  smtpRatePerMinute: number;
  /** WEBHOOK_ALLOWED_HOSTS, split (lower case) */
  webhookAllowedHosts: string[];
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    sessionSecret: e.SESSION_SECRET,
    auditKey: e.AUDIT_KEY,
    auditChain: e.AUDIT_CHAIN === 'on',
    adminPassword: e.ADMIN_PASSWORD,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    maxUploadBytes: e.MAX_UPLOAD_MB * 1024 * 1024,
    maxImportBytes: e.IMPORT_MAX_MB * 1024 * 1024,
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    logLevel: e.LOG_LEVEL,
    siteTimeZone: e.TZ_SITE,
    companyName: { zh: e.COMPANY_NAME_ZH, en: e.COMPANY_NAME_EN },
    production: e.NODE_ENV === 'production',
    trustProxy: e.TRUST_PROXY,
    apiDocsPublic: e.API_DOCS_PUBLIC === 'true',
    shutdownGraceMs: e.SHUTDOWN_GRACE_SECONDS * 1000,
    mailSecretKey: e.MAIL_SECRET_KEY,
    publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? 'localhost' : e.HOST}:${e.PORT}`).replace(/\/+$/, ''),
    mailPollSeconds: e.MAIL_POLL_SECONDS,
    smtpMaxConnections: e.MAIL_SMTP_MAX_CONNECTIONS,
    smtpRatePerMinute: e.MAIL_SMTP_RATE_PER_MINUTE,
    webhookAllowedHosts: e.WEBHOOK_ALLOWED_HOSTS.split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    ...overrides,
  };
}
