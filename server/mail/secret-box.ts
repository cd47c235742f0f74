import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../platform/config.js';

/**
 * Secrets at rest (SMTP/IMAP passwords, a customer's link waiting in the mail queue): AES-256-GCM with the key from
 * MAIL_SECRET_KEY, or — for the embedded single instance — a key generated once into DATA_DIR/mail-secret.key.
 * Stored as `v1:<iv>:<tag>:<ciphertext>` (base64).
 */
let cached: { dir: string; key: Buffer } | null = null;

export function mailKey(config: Pick<Config, 'mailSecretKey' | 'dataDir'>): Buffer {
  if (config.mailSecretKey) return config.mailSecretKey;
  if (cached?.dir === config.dataDir) return cached.key;
  const file = path.join(config.dataDir, 'mail-secret.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
  cached = { dir: config.dataDir, key };
  return key;
}

export function seal(key: Buffer, plain: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
}

/** The plain text, or null when the key does not open it (the key changed: the password must be entered again). */
export function open(key: Buffer, sealed: string): string | null {
  const [v, iv, tag, data] = sealed.split(':');
  if (v !== 'v1' || !iv || !tag || data === undefined) return null;
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
