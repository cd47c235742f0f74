import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A private Dovecot (Debian's dovecot-imapd) for tests and for trying Accord's mail locally: its own
 * configuration, mail and logs under one folder, IMAP on 127.0.0.1:11143, plain passwords, no TLS.
 * It is not the system's Dovecot (port 143 and /etc/dovecot are left alone). Every user below has the
 * password DEV_MAIL_PASSWORD; mail is kept as Maildir under <dir>/mail/<user>.
 */
export const DEV_IMAP_PORT = 11143;
export const DEV_SMTP_PORT = 2525;
export const DEV_MAIL_PASSWORD = 'accord-dev';
/** shared mailboxes Accord reads, and customers' mailboxes that receive what Accord sends */
export const DEV_MAIL_USERS = [
  'sales',
  'quality',
  'customer',
  'buyer',
  'catchall',
  'rules',
  'orders',
  'po-buyer',
  'idle',
  'bench',
  'burst',
  'reconnect',
  'complaints',
  'qc-buyer',
  'journey-sales',
  'journey-customer',
  'journey-orders',
  'journey-admin',
] as const;
export const DEV_MAIL_DOMAIN = 'accord.test';
export const defaultDevMailDir = () => path.join(os.tmpdir(), `accord-mail-${process.getuid?.() ?? 0}`);

export const dovecotBinary = () => ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((p) => fs.existsSync(p));

function idOf(name: string, flag: '-u' | '-g'): number | undefined {
  const r = spawnSync('id', [flag, name], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.trim()) : undefined;
}

function config(dir: string): string {
  const root = process.getuid?.() === 0;
  const me = os.userInfo().username;
  // as root: mail belongs to Debian's `mail` user (uid 8; Dovecot refuses uid 0 for mail); otherwise everything runs as the caller
  const uid = root ? (idOf('mail', '-u') ?? 8) : process.getuid!();
  const gid = root ? (idOf('mail', '-g') ?? 8) : process.getgid!();
  const nonRoot = root ? '' : `default_internal_user = ${me}\ndefault_login_user = ${me}\ndefault_internal_group = ${os.userInfo().username}\n`;
  return `# written by server/mail/dev/dovecot.ts — a private Dovecot for Accord's tests and npm run dev:mail
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:${dir}/mail/%n
mail_max_userip_connections = 200
${nonRoot}passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n ${dir}/users
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${dir}/mail/%n
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${DEV_IMAP_PORT}
  }
  inet_listener imaps {
    port = 0
  }
}
service imap {
  process_limit = 256
}
protocol imap {
  mail_max_userip_connections = 200
}
`;
}

export function portOpen(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

function writeUsers(dir: string) {
  const file = path.join(dir, 'users');
  const text = DEV_MAIL_USERS.map((u) => `${u}:{PLAIN}${DEV_MAIL_PASSWORD}`).join('\n') + '\n';
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text, { mode: 0o644 });
}

/** Start the private Dovecot (idempotent: a running one is kept). Returns the folder. */
export async function startDovecot(dir = defaultDevMailDir()): Promise<string> {
  if (await portOpen(DEV_IMAP_PORT)) {
    // a running one learns users added since it started (its passwd-file is re-read when it changes)
    if (fs.existsSync(path.join(dir, 'users'))) writeUsers(dir);
    return dir;
  }
  const bin = dovecotBinary();
  if (!bin) throw new Error('Dovecot is not installed: apt-get install dovecot-imapd');
  for (const sub of ['run', 'state', 'mail']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  const root = process.getuid?.() === 0;
  if (root) {
    const uid = idOf('mail', '-u') ?? 8;
    const gid = idOf('mail', '-g') ?? 8;
    fs.chownSync(path.join(dir, 'mail'), uid, gid);
  }
  writeUsers(dir);
  fs.writeFileSync(path.join(dir, 'dovecot.conf'), config(dir));
  execFileSync(bin, ['-c', path.join(dir, 'dovecot.conf')], { stdio: 'inherit' });
  for (let i = 0; i < 50; i++) {
    if (await portOpen(DEV_IMAP_PORT)) return dir;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Dovecot did not open 127.0.0.1:${DEV_IMAP_PORT}; see ${dir}/dovecot.log`);
}

export function stopDovecot(dir = defaultDevMailDir()) {
  const bin = dovecotBinary();
  const conf = path.join(dir, 'dovecot.conf');
  if (bin && fs.existsSync(conf)) spawnSync(bin, ['-c', conf, 'stop'], { stdio: 'inherit' });
}
