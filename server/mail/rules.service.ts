import type { z } from 'zod';
import safeRegex from 'safe-regex2';
import type { Db, Executor } from '../platform/db/client.js';
import type { AuthContext } from '../platform/http/access.js';
import { AppError } from '../platform/http/app-error.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import type { CreateMailRuleRequest, MailRule, UpdateMailRuleRequest } from '../../contracts/mail.js';
import type { MailRuleActions, MailRuleCondition } from './mail.table.js';
import * as repo from './mail.repository.js';

/**
 * Incoming mail rules as data. Each mail read is checked against the active rules in ascending position; the FIRST
 * rule whose conditions hold (all of them, or any of them) applies, and no later rule is looked at.
 */

/** The default rule: what Accord did before rules existed (询价 / RFQ / enquiry / inquiry in the subject → topic enquiry). */
export const DEFAULT_RULE_ID = '00000000-0000-4000-8000-00000000a001';
const defaultRule = {
  id: DEFAULT_RULE_ID,
  name: '询价邮件 Enquiries (询价 / RFQ / enquiry / inquiry)',
  position: 100,
  match: 'all',
  conditions: [{ kind: 'subjectMatches', value: '询价|RFQ|enquiry|inquiry' }] as MailRuleCondition[],
  actions: { topic: 'enquiry' } as MailRuleActions,
  active: true,
};

/** An installation without rules gets the default one, once (rules are deactivated, never deleted, so none means never seeded). */
export async function ensureDefaultRules(db: Executor) {
  if ((await repo.countRules(db)) > 0) return;
  const row = await repo.insertRule(db, { ...defaultRule, createdBy: null, updatedBy: null });
  if (row)
    await insertAudit(db, {
      actorId: null,
      ref: { type: 'mail-rule', id: row.id },
      action: 'create',
      after: present(row),
      reason: 'default rule (the behaviour before rules)',
    });
}

function present(r: repo.RuleRow): z.infer<typeof MailRule> {
  const a = r.actions;
  return {
    id: r.id,
    name: r.name,
    position: r.position,
    match: r.match === 'any' ? 'any' : 'all',
    conditions: r.conditions as z.infer<typeof MailRule>['conditions'],
    actions: {
      topic: (a.topic ?? null) as z.infer<typeof MailRule>['actions']['topic'],
      assigneeId: a.assigneeId ?? null,
      departmentId: a.departmentId ?? null,
      partyId: a.partyId ?? null,
      ignoreReason: a.ignoreReason ?? null,
    },
    active: r.active,
    version: r.version,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** A read writes nothing: before the default rule is stored (first mail read, first rule change) it is shown as it will be. */
export async function listRules(db: Db) {
  const stored = await repo.selectRules(db);
  if (stored.length) return { items: stored.map(present) };
  const now = new Date();
  return { items: [present({ ...defaultRule, version: 1, createdAt: now, updatedAt: now, createdBy: null, updatedBy: null })] };
}

/** The ids a rule names must exist: answered 422 with the field. */
async function checkRefs(tx: Executor, input: z.infer<typeof CreateMailRuleRequest>) {
  const boxes = input.conditions.flatMap((c, i) => (c.kind === 'mailbox' ? [{ i, id: c.mailboxId }] : []));
  const found = await repo.ruleRefsExist(tx, {
    mailboxIds: boxes.map((b) => b.id),
    userId: input.actions.assigneeId,
    departmentId: input.actions.departmentId,
    partyId: input.actions.partyId,
  });
  const fields = [
    ...boxes.filter((b) => found.missingMailboxes.includes(b.id)).map((b) => ({ path: `body.conditions.${b.i}.mailboxId`, code: 'not_found' })),
    ...(found.user ? [] : [{ path: 'body.actions.assigneeId', code: 'not_found' }]),
    ...(found.department ? [] : [{ path: 'body.actions.departmentId', code: 'not_found' }]),
    ...(found.party ? [] : [{ path: 'body.actions.partyId', code: 'not_found' }]),
  ];
  if (fields.length) throw new AppError('LINKED_RECORD_NOT_FOUND', fields);
}

const values = (input: z.infer<typeof CreateMailRuleRequest>) => ({
  name: input.name,
  position: input.position,
  match: input.match,
  conditions: input.conditions as MailRuleCondition[],
  actions: input.actions as MailRuleActions,
  active: input.active,
});

/** A pattern that could take exponential time on a crafted subject (nested repetition, `(a+)+`) is refused: the poller runs it on every mail. */
const unsafeMessages = {
  'zh-CN': '此正则表达式含嵌套重复（如 (a+)+），可能使邮件读取卡住，请简化。',
  'en-US': 'This regular expression nests repetition (like (a+)+) and could stall reading mail; simplify it.',
};
function checkPatterns(input: z.infer<typeof CreateMailRuleRequest>) {
  const unsafe = input.conditions.flatMap((c, i) =>
    c.kind === 'subjectMatches' && !safeRegex(c.value) ? [{ path: `body.conditions.${i}.value`, code: 'unsafe_pattern', messages: unsafeMessages }] : [],
  );
  if (unsafe.length) throw new AppError('VALIDATION_FAILED', unsafe);
}

export async function createRule(db: Db, auth: AuthContext, input: z.infer<typeof CreateMailRuleRequest>) {
  checkPatterns(input);
  return db.transaction(async (tx) => {
    await ensureDefaultRules(tx);
    await checkRefs(tx, input);
    const row = (await repo.insertRule(tx, { ...values(input), createdBy: auth.userId, updatedBy: auth.userId }))!;
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'mail-rule', id: row.id }, action: 'create', after: present(row) });
    return present(row);
  });
}

export async function updateRule(db: Db, auth: AuthContext, id: string, input: z.infer<typeof UpdateMailRuleRequest>) {
  checkPatterns(input);
  return db.transaction(async (tx) => {
    await ensureDefaultRules(tx);
    const before = await repo.selectRule(tx, id);
    if (!before) throw new AppError('NOT_FOUND');
    await checkRefs(tx, input);
    const row = await repo.updateRule(tx, id, input.version, values(input), auth.userId);
    if (!row) throw new AppError('VERSION_CONFLICT');
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'mail-rule', id }, action: 'update', before: present(before), after: present(row) });
    return present(row);
  });
}

// ---- evaluation --------------------------------------------------------------------------------

export interface MailFacts {
  mailboxId: string;
  fromAddress: string;
  subject: string;
  body: string;
}

function holds(c: MailRuleCondition, m: MailFacts): boolean {
  const from = m.fromAddress.trim().toLowerCase();
  switch (c.kind) {
    case 'mailbox':
      return c.mailboxId === m.mailboxId;
    case 'fromAddress':
      return from === c.value.trim().toLowerCase();
    case 'fromDomain': {
      const want = c.value.trim().toLowerCase().replace(/^@/, '');
      const domain = from.split('@')[1] ?? '';
      return domain === want || domain.endsWith(`.${want}`);
    }
    case 'subjectContains':
      return m.subject.toLowerCase().includes(c.value.toLowerCase());
    case 'bodyContains':
      return m.body.toLowerCase().includes(c.value.toLowerCase());
    case 'subjectMatches':
      try {
        // at most the first 1000 characters (a header line is at most 998)
        return new RegExp(c.value, 'iu').test(m.subject.slice(0, 1000));
      } catch {
        return false;
      }
  }
}

/** The first active rule (by position) whose conditions hold, or undefined. */
export function firstMatch(rules: repo.RuleRow[], m: MailFacts): repo.RuleRow | undefined {
  return rules.find(
    (r) => r.active && r.conditions.length > 0 && (r.match === 'any' ? r.conditions.some((c) => holds(c, m)) : r.conditions.every((c) => holds(c, m))),
  );
}

/** The rule that applies to a mail being read (the default rule seeded first on an installation without rules). */
export async function ruleFor(tx: Executor, m: MailFacts) {
  await ensureDefaultRules(tx);
  return firstMatch(await repo.selectRules(tx, true), m);
}
