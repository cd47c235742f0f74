import { DEV_IMAP_PORT, DEV_MAIL_DOMAIN, DEV_MAIL_PASSWORD, DEV_MAIL_USERS, DEV_SMTP_PORT, defaultDevMailDir, startDovecot, stopDovecot } from './dovecot.js';
import { DEV_SMTP_USER, startDevSmtpReceiver } from './smtp-receiver.js';

/**
 * `npm run dev:mail`: real mail servers on 127.0.0.1 for trying Accord's mail (Dovecot IMAP + an SMTP receiver
 * filing into it). `npm run dev:mail -- dovecot` starts Dovecot only and returns (CI; the tests start their own
 * SMTP receiver); `npm run dev:mail -- stop` stops it.
 */
const command = process.argv[2] ?? 'run';
const dir = defaultDevMailDir();

async function main() {
  if (command === 'stop') {
    stopDovecot(dir);
    return;
  }
  await startDovecot(dir);
  console.log(`Dovecot IMAP on 127.0.0.1:${DEV_IMAP_PORT} (mail, log and configuration in ${dir})`);
  if (command === 'dovecot') return;
  const smtp = await startDevSmtpReceiver(DEV_SMTP_PORT);
  console.log(`SMTP receiver on 127.0.0.1:${smtp.port}, filing into Dovecot

In Accord (Administration → Mail):
  outgoing  SMTP host 127.0.0.1, port ${smtp.port}, no TLS, user ${DEV_SMTP_USER}, password ${DEV_MAIL_PASSWORD}
  incoming  IMAP host 127.0.0.1, port ${DEV_IMAP_PORT}, no TLS, user sales (or quality), password ${DEV_MAIL_PASSWORD}
Mailboxes (all with password ${DEV_MAIL_PASSWORD}): ${DEV_MAIL_USERS.map((u) => `${u}@${DEV_MAIL_DOMAIN}`).join(', ')}
Mail sent to any of them lands in that mailbox (others in catchall). Ctrl-C stops the SMTP receiver; \`npm run dev:mail -- stop\` stops Dovecot.`);
  process.once('SIGINT', () => void smtp.close().then(() => process.exit(0)));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
