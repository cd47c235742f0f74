import { z } from 'zod';
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
  ADMIN_PASSWORD: z.string().min(10, { message: 'must be at least 10 characters' }).optional(),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(12),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100000).default(20),
  MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(200).default(20),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TZ_SITE: z.string().default('Asia/Shanghai'),
  /** the company's name on print forms and letters */
  COMPANY_NAME_ZH: z.string().max(100).default(''),
  COMPANY_NAME_EN: z.string().max(100).default(''),
  NODE_ENV: z.string().optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  sessionSecret: string | undefined;
  adminPassword: string | undefined;
  sessionTtlHours: number;
  maxUploadBytes: number;
  loginRateLimitPerMinute: number;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  siteTimeZone: string;
  companyName: { zh: string; en: string };
  production: boolean;
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
    adminPassword: e.ADMIN_PASSWORD,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    maxUploadBytes: e.MAX_UPLOAD_MB * 1024 * 1024,
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    logLevel: e.LOG_LEVEL,
    siteTimeZone: e.TZ_SITE,
    companyName: { zh: e.COMPANY_NAME_ZH, en: e.COMPANY_NAME_EN },
    production: e.NODE_ENV === 'production',
    ...overrides,
  };
}
