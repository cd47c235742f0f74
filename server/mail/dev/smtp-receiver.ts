import { SMTPServer } from 'smtp-server';
import { ImapFlow } from 'imapflow';
import { DEV_IMAP_PORT, DEV_MAIL_PASSWORD, DEV_MAIL_USERS } from './dovecot.js';

/**
 * The SMTP side of the dev/test mail servers: an in-process `smtp-server` on 127.0.0.1 that files every message it
 * accepts into the Dovecot mailbox of each recipient's local part (sales@… → sales, unknown → catchall) by IMAP
 * APPEND. It asks for AUTH (user `accord`, the dev password) so a wrong password is refused as a real server would.
 */
export const DEV_SMTP_USER = 'accord';

export interface DevSmtpReceiver {
  port: number;
  /** messages accepted so far (tests wait for a count) */
  accepted: () => number;
  /** client connections open now, and the most open at once since the start (or the last `resetPeak`) */
  connections: () => { open: number; peak: number; total: number };
  resetPeak: () => void;
  /**
   * Hold the next message once its data has arrived, before answering the client (tests: what an instance does while
   * another one is mid-conversation with the server). `reached` resolves when a message is held; `release` lets it go.
   */
  hold: () => { reached: Promise<void>; release: () => void };
  close: () => Promise<void>;
}

/** One IMAP connection per mailbox filed into, kept open while the receiver runs (a burst files a thousand mails). */
function filer() {
  const open = new Map<string, Promise<ImapFlow>>();
  const connect = (user: string) => {
    const c = new ImapFlow({ host: '127.0.0.1', port: DEV_IMAP_PORT, secure: false, auth: { user, pass: DEV_MAIL_PASSWORD }, logger: false });
    c.on('error', () => undefined);
    c.on('close', () => {
      if (open.get(user) === p) open.delete(user);
    });
    const p = c.connect().then(() => c);
    p.catch(() => open.delete(user));
    return p;
  };
  return {
    async fileInto(user: string, raw: Buffer) {
      if (!open.has(user)) open.set(user, connect(user));
      const c = await open.get(user)!;
      await c.append('INBOX', raw);
    },
    async close() {
      const all = [...open.values()];
      open.clear();
      await Promise.all(all.map((p) => p.then((c) => c.logout()).catch(() => undefined)));
    },
  };
}

export async function startDevSmtpReceiver(port = 0): Promise<DevSmtpReceiver> {
  let accepted = 0;
  const files = filer();
  let open = 0;
  let peak = 0;
  let total = 0;
  let held: { reached: () => void; released: Promise<void> } | null = null;
  const server = new SMTPServer({
    secure: false,
    authOptional: false,
    disabledCommands: ['STARTTLS'],
    size: 60 * 1024 * 1024,
    logger: false,
    onConnect(_session, callback) {
      open++;
      total++;
      peak = Math.max(peak, open);
      callback();
    },
    onClose() {
      open--;
    },
    onAuth(auth, _session, callback) {
      if (auth.username === DEV_SMTP_USER && auth.password === DEV_MAIL_PASSWORD) return callback(null, { user: auth.username });
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const gate = held;
        held = null;
        if (gate) {
          gate.reached();
          await gate.released;
        }
        const raw = Buffer.concat(chunks);
        const users = new Set(
          session.envelope.rcptTo.map((r) => {
            const local = r.address.split('@')[0]!.toLowerCase();
            return (DEV_MAIL_USERS as readonly string[]).includes(local) ? local : 'catchall';
          }),
        );
        Promise.all([...users].map((u) => files.fileInto(u, raw)))
          .then(() => {
            accepted++;
            callback();
          })
          .catch((err: Error) => callback(Object.assign(new Error(`could not file the message: ${err.message}`), { responseCode: 451 })));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    accepted: () => accepted,
    connections: () => ({ open, peak, total }),
    resetPeak: () => {
      peak = open;
      total = open;
    },
    hold: () => {
      let reached!: () => void;
      let release!: () => void;
      const r = new Promise<void>((res) => (reached = res));
      held = { reached, released: new Promise<void>((res) => (release = res)) };
      return { reached: r, release };
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await files.close();
    },
  };
}
