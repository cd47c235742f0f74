import { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';
import { DEV_IMAP_PORT, DEV_MAIL_PASSWORD, dovecotBinary, portOpen } from './dovecot.js';

/** Why the mail tests cannot run here, or null when the private Dovecot answers (npm run dev:mail, or .ci/run). */
export async function mailServersUnavailable(): Promise<string | null> {
  if (await portOpen(DEV_IMAP_PORT)) return null;
  if (!dovecotBinary()) return 'Dovecot is not installed (apt-get install dovecot-imapd), so the mail tests are skipped; .ci/run installs and starts it';
  return `Dovecot is not running on 127.0.0.1:${DEV_IMAP_PORT}, so the mail tests are skipped: start it with npm run dev:mail -- dovecot`;
}

async function withInbox<T>(user: string, fn: (c: ImapFlow) => Promise<T>): Promise<T> {
  const c = new ImapFlow({ host: '127.0.0.1', port: DEV_IMAP_PORT, secure: false, auth: { user, pass: DEV_MAIL_PASSWORD }, logger: false });
  c.on('error', () => undefined);
  await c.connect();
  try {
    const lock = await c.getMailboxLock('INBOX');
    try {
      return await fn(c);
    } finally {
      lock.release();
    }
  } finally {
    await c.logout().catch(() => undefined);
  }
}

/** Empty a dev mailbox (tests start from an empty INBOX). */
export async function clearInbox(user: string) {
  await withInbox(user, async (c) => {
    const box = c.mailbox;
    if (box && typeof box === 'object' && box.exists > 0) await c.messageDelete('1:*');
  });
}

/** Put a raw message into a dev mailbox, as a mail server delivering it would. */
export async function deliverRaw(user: string, raw: string | Buffer) {
  await withInbox(user, async (c) => {
    await c.append('INBOX', raw);
  });
}

/** Every message in a dev mailbox, parsed. */
export async function inbox(user: string): Promise<ParsedMail[]> {
  return withInbox(user, async (c) => {
    const out: ParsedMail[] = [];
    const box = c.mailbox;
    if (!box || typeof box !== 'object' || box.exists === 0) return out;
    for await (const m of c.fetch('1:*', { source: true })) if (m.source) out.push(await simpleParser(m.source));
    return out;
  });
}

/** The Message-ID and subject of every message in a dev mailbox, from the envelopes (quick for a thousand). */
export async function inboxEnvelopes(user: string): Promise<{ messageId: string; subject: string }[]> {
  return withInbox(user, async (c) => {
    const out: { messageId: string; subject: string }[] = [];
    const box = c.mailbox;
    if (!box || typeof box !== 'object' || box.exists === 0) return out;
    for await (const m of c.fetch('1:*', { envelope: true })) out.push({ messageId: m.envelope?.messageId ?? '', subject: m.envelope?.subject ?? '' });
    return out;
  });
}
