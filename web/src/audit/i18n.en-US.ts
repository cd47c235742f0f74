import type { AuditDict } from './i18n.zh-CN.js';

export const auditEn: AuditDict = {
  nav: 'Audit trail',
  title: 'Audit trail integrity',
  intro:
    'Each audit row is written with a keyed signature of its content and linked into one chain after commit. Verifying recomputes the chain from its start: a row changed, deleted, inserted or moved is found, and the first broken row is named (ISO 9001 7.5.3, protection of records).',
  verify: 'Verify now',
  intact: 'The audit trail is intact',
  intactDetail: '{checked} rows checked, chain head #{seq} ({hash}…).',
  pending: '{pending} rows just written are waiting for their link (done within seconds).',
  broken: 'The audit trail has been altered',
  labels: { place: 'Place in the chain', row: 'Audit row id', record: 'Record', at: 'Written at' },
  kinds: {
    changed: 'This row was changed after it was written.',
    missing: 'The row at this place is missing (deleted).',
    'broken-link': 'This row is not in its place (inserted or moved).',
    unsealed: 'This row was never linked: it was not written by the application, or was changed before its link.',
    'head-mismatch': 'The chain ends before its recorded head: rows were cut from the end.',
  },
  advice: 'Keep a screenshot of this page and tell the management representative and the administrator: compare the altered content with a backup.',
  cli: 'From the command line: npm run audit:verify (exit code 0 intact, 1 altered).',
  never: 'Not verified yet',
};
