import crypto from 'node:crypto';
import type { z } from 'zod';
import type { Db, Executor } from '../platform/db/client.js';
import type { AuthContext } from '../platform/http/access.js';
import { AppError } from '../platform/http/app-error.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { enqueue } from '../platform/outbox/outbox.js';
import { recordType } from '../platform/records/record-types.js';
import { redact, visibleClasses } from '../platform/http/redact.js';
import { siteCalendar } from '../calendar/index.js';
import {
  alwaysMailed,
  defaultMailModes,
  kindOfMessage,
  notificationKinds,
  type MailModeT,
  type NotificationKindT,
  type CreateRobotRequest,
  type UpdateNotificationMailSettingsRequest,
  type UpdateRobotRequest,
} from '../../contracts/notifications.js';
import * as repo from './notify.repository.js';
import { ensureSettings } from './mail.repository.js';
import { mailConfigOf, mailConfigured, publicLink, queueUserMail } from './mail.service.js';
import { mailKey, open, seal } from './secret-box.js';
import { notificationTexts } from './notification-texts.js';
import { postToRobot, robotRequest, type Provider } from './robots.js';

type Lang = 'zh' | 'en';
const langOf = (locale: string): Lang => (locale === 'en-US' ? 'en' : 'zh');

// ---- the text of a notification ------------------------------------------------------------------

/**
 * One notification as a line of text in the reader's language, with only what the reader may see: reserved
 * confidential parameters (prices, personal data) are removed without the permission, and a record the reader cannot
 * open is not named. `perms: null` is a group chat: no confidential parameter at all.
 */
export function notificationLine(
  n: Pick<repo.NotificationRow, 'messageKey' | 'params' | 'refType' | 'refId' | 'userId'>,
  lang: Lang,
  perms: ReadonlySet<string> | null,
) {
  const visible = perms ? visibleClasses(perms) : new Set<never>();
  const params: Record<string, string> = { ...redact(n.params, visible) };
  const type = recordType(n.refType);
  const readable = perms === null || !type || perms.has(type.readPermission) || (n.refType === 'account' && n.refId === n.userId);
  if (!readable) {
    const text =
      lang === 'zh'
        ? `您有一条关于${type!.title.zh}的新通知（您无权查看该记录，请在 Accord 中查看）`
        : `You have a new notification about a ${type!.title.en} record you cannot open (see Accord)`;
    return { text, link: publicLink('/') };
  }
  if (params.dueAt) {
    params.dueAt = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
      timeZone: mailConfigOf().siteTimeZone,
      dateStyle: 'medium',
      timeStyle: 'short',
    }).format(new Date(params.dueAt));
  }
  const dict = notificationTexts[lang];
  const base = n.messageKey.replace(/\./g, '_');
  const template = dict[`${base}NoStep`] ?? dict[base];
  const text = template ? template.replace(/\{(\w+)\}/g, (m, name: string) => params[name] ?? '') : [n.messageKey, params.title].filter(Boolean).join(': ');
  const link = publicLink(type?.url(n.refId) ?? '/');
  return { text, link };
}

// ---- a new notification (outbox topic notification.mail) ----------------------------------------

function modeFor(prefs: Record<string, string> | undefined, kind: NotificationKindT): MailModeT {
  if (alwaysMailed.includes(kind)) return 'immediate';
  const chosen = prefs?.[kind];
  return chosen === 'immediate' || chosen === 'digest' || chosen === 'off' ? chosen : defaultMailModes[kind];
}

const footer = (lang: Lang) =>
  lang === 'zh'
    ? `\n-- \n这封邮件由 Accord 自动发送。在“个人菜单 → 邮件通知”中可选择每类通知立即发送、每日摘要或不发送（逾期升级始终发送）：${publicLink('/account/notifications')}\n`
    : `\n-- \nSent by Accord. Choose immediate, daily digest or off per kind under "user menu → Mail notifications" (escalations always mail): ${publicLink('/account/notifications')}\n`;

/**
 * Decide what a new notification does by mail: at once, wait for the digest, or nothing; and post it to the group
 * robots of the recipient's departments that take its kind. Runs inside the outbox's claim of its row, so a second
 * instance never does it too; `mail_state` set once also makes a repeated call a no-op.
 */
export async function onNotification(db: Executor, id: string) {
  const n = await repo.selectNotification(db, id);
  if (!n || n.mailState !== null) return;
  const u = await repo.selectRecipient(db, n.userId);
  if (!u) return repo.setMailState(db, [id], 'off');
  const kind = kindOfMessage(n.messageKey);
  await toRobots(db, n, kind, u.departmentIds);
  const prefs = await repo.selectPrefs(db, n.userId);
  const mode = modeFor(prefs?.modes, kind);
  const address = u.workEmail?.trim();
  if (!u.active || !address || mode === 'off' || !(await mailConfigured(db))) return repo.setMailState(db, [id], 'off');
  if (mode === 'digest') return repo.setMailState(db, [id], 'digest');
  const lang = langOf(u.locale);
  const { text, link } = notificationLine(n, lang, u.permissions);
  const first = text.split('\n')[0]!;
  await queueUserMail(db, {
    userId: u.id,
    toAddress: address,
    toName: u.displayName,
    language: lang === 'en' ? 'en-US' : 'zh-CN',
    subject: `[Accord] ${first}`.slice(0, 200),
    body: `${u.displayName}${lang === 'zh' ? '，您好：' : ','}\n\n${text}\n\n${lang === 'zh' ? '打开' : 'Open'}: ${link}\n${footer(lang)}`,
    ref: null,
  });
  await repo.setMailState(db, [id], 'mailed');
}

// ---- the daily digest ----------------------------------------------------------------------------

/**
 * Once a day, on working days of the site calendar, at the configured hour: one mail per user with the notifications
 * that waited for it. The day is claimed by inserting its row (primary key), so with two instances one sends and the
 * other finds the day taken; the waiting notifications are marked in the same transaction.
 */
export async function runDigest(db: Db, now = new Date()): Promise<{ day: string; mails: number } | null> {
  const settings = await ensureSettings(db);
  if (!settings.smtpHost || !settings.fromAddress) return null;
  const cal = await siteCalendar(db);
  const day = cal.localDate(now);
  if (!cal.isWorkingDay(day) || now.getTime() < cal.toInstant(day, settings.digestHour * 60).getTime()) return null;
  return db.transaction(async (tx) => {
    if (!(await repo.claimDigestDay(tx, day))) return null;
    const waiting = await repo.selectDigestWaiting(tx);
    const byUser = new Map<string, repo.NotificationRow[]>();
    for (const n of waiting) byUser.set(n.userId, [...(byUser.get(n.userId) ?? []), n]);
    let mails = 0;
    for (const [userId, list] of byUser) {
      const u = await repo.selectRecipient(tx, userId);
      const address = u?.workEmail?.trim();
      if (!u || !u.active || !address) {
        await repo.setMailState(
          tx,
          list.map((n) => n.id),
          'off',
        );
        continue;
      }
      const lang = langOf(u.locale);
      const lines = list.map((n) => {
        const { text, link } = notificationLine(n, lang, u.permissions);
        return `• ${text.replace(/\n/g, '\n  ')}\n  ${link}`;
      });
      await queueUserMail(tx, {
        userId,
        toAddress: address,
        toName: u.displayName,
        language: lang === 'en' ? 'en-US' : 'zh-CN',
        subject: lang === 'zh' ? `[Accord] 每日通知摘要 ${day}（${list.length} 条）` : `[Accord] Daily digest ${day} (${list.length})`,
        body: `${u.displayName}${lang === 'zh' ? '，您好：\n\n以下是自上次摘要以来的通知：' : ',\n\nYour notifications since the last digest:'}\n\n${lines.join('\n\n')}\n${footer(lang)}`,
        ref: null,
      });
      await repo.setMailState(
        tx,
        list.map((n) => n.id),
        'digested',
      );
      mails++;
    }
    await repo.finishDigestDay(tx, day, mails);
    return { day, mails };
  });
}

// ---- the user's own settings ---------------------------------------------------------------------

export async function getMySettings(db: Db, auth: AuthContext) {
  const [prefs, settings, u] = await Promise.all([repo.selectPrefs(db, auth.userId), ensureSettings(db), repo.selectRecipient(db, auth.userId)]);
  const modes = Object.fromEntries(notificationKinds.map((k) => [k, modeFor(prefs?.modes, k)])) as Record<NotificationKindT, MailModeT>;
  return { sendTo: u?.workEmail ?? '', modes, alwaysMailed: [...alwaysMailed], digestHour: settings.digestHour, version: prefs?.version ?? 1 };
}

export async function updateMySettings(db: Db, auth: AuthContext, input: z.infer<typeof UpdateNotificationMailSettingsRequest>) {
  for (const k of alwaysMailed) {
    if (input.modes[k] !== undefined && input.modes[k] !== 'immediate')
      throw new AppError('NOTIFICATION_ALWAYS_MAILED', [{ path: `body.modes.${k}`, code: 'always_mailed' }]);
  }
  await db.transaction(async (tx) => {
    const before = await repo.selectPrefs(tx, auth.userId);
    const modes = { ...(before?.modes ?? {}), ...input.modes } as Record<string, string>;
    const after = await repo.upsertPrefs(tx, auth.userId, input.version, modes);
    if (!after) throw new AppError('VERSION_CONFLICT');
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'account', id: auth.userId },
      action: 'notification-mail',
      before: before?.modes ?? {},
      after: modes,
    });
  });
  return getMySettings(db, auth);
}

// ---- group robots --------------------------------------------------------------------------------

const key = () => mailKey(mailConfigOf());

function presentRobot(r: repo.RobotRow) {
  return {
    id: r.id,
    departmentId: r.departmentId,
    provider: r.provider as Provider,
    name: r.name,
    url: r.url,
    secretSet: !!r.secretEnc,
    kinds: r.kinds as NotificationKindT[],
    active: r.active,
    lastError: r.lastError,
    lastSentAt: r.lastSentAt?.toISOString() ?? null,
    version: r.version,
  };
}

export async function listRobots(db: Db) {
  return { items: (await repo.selectRobots(db)).map(presentRobot) };
}

const robotSnap = (r: repo.RobotRow) => ({
  departmentId: r.departmentId,
  provider: r.provider,
  name: r.name,
  kinds: r.kinds,
  active: r.active,
  secretSet: !!r.secretEnc,
});

export async function createRobot(db: Db, auth: AuthContext, input: z.infer<typeof CreateRobotRequest>) {
  return db.transaction(async (tx) => {
    const r = await repo.insertRobot(tx, {
      departmentId: input.departmentId,
      provider: input.provider,
      name: input.name,
      url: input.url,
      secretEnc: input.secret ? seal(key(), input.secret) : null,
      kinds: input.kinds,
      active: input.active,
      createdBy: auth.userId,
      updatedBy: auth.userId,
    });
    // the address carries the robot's key (WeCom, DingTalk): it never enters the audit trail, nor does the secret
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'notification-robot', id: r.id }, action: 'create', after: robotSnap(r) });
    return presentRobot(r);
  });
}

export async function updateRobot(db: Db, auth: AuthContext, id: string, input: z.infer<typeof UpdateRobotRequest>) {
  return db.transaction(async (tx) => {
    const before = await repo.selectRobot(tx, id);
    if (!before) throw new AppError('NOT_FOUND');
    const secret = input.secret === undefined || input.secret === null ? undefined : input.secret === '' ? null : seal(key(), input.secret);
    const after = await repo.updateRobot(
      tx,
      id,
      input.version,
      {
        departmentId: input.departmentId,
        provider: input.provider,
        name: input.name,
        url: input.url,
        kinds: input.kinds,
        active: input.active,
        ...(secret !== undefined ? { secretEnc: secret } : {}),
      },
      auth.userId,
    );
    if (!after) throw new AppError('VERSION_CONFLICT');
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'notification-robot', id },
      action: 'update',
      before: robotSnap(before),
      after: { ...robotSnap(after), ...(before.url !== after.url ? { urlChanged: true } : {}) },
    });
    return presentRobot(after);
  });
}

/** A robot takes an event once however many colleagues of its department were notified of it. */
function eventKey(n: repo.NotificationRow) {
  const minute = Math.floor(n.createdAt.getTime() / 60_000);
  const params = crypto.createHash('sha256').update(JSON.stringify(n.params)).digest('hex').slice(0, 16);
  return `${n.messageKey}|${n.refType}|${n.refId}|${params}|${minute}`;
}

async function toRobots(db: Executor, n: repo.NotificationRow, kind: NotificationKindT, departmentIds: string[]) {
  if (n.refType === 'account') return; // one's own account is nobody else's business
  for (const robot of await repo.selectActiveRobotsOf(db, departmentIds)) {
    if (!robot.kinds.includes(kind)) continue;
    // a group chat: its members' permissions are unknown, so no confidential parameter goes there
    const { text, link } = notificationLine(n, 'zh', null);
    const d = await repo.insertRobotDelivery(db, { robotId: robot.id, eventKey: eventKey(n), text: `${text}\n[打开 Accord](${link})` });
    if (d) await enqueue(db, 'robot.send', { id: d.id });
  }
}

export const ROBOT_MAX_ATTEMPTS = 5;
/** 1, 4, 16, 64 minutes after the 1st…4th failure */
const robotBackoffMs = (attempts: number) => 60_000 * 4 ** Math.max(0, attempts - 1);

/**
 * Post one delivery (outbox topic robot.send). The row is locked and only a `queued` one is posted, so two instances
 * never post it twice; a failure is written on the row and the next try is a new outbox row after the back-off.
 */
export async function deliverRobot(db: Executor, id: string) {
  const d = await repo.lockRobotDelivery(db, id);
  if (!d || d.status !== 'queued') return;
  const robot = await repo.selectRobot(db, d.robotId);
  if (!robot || !robot.active) return repo.updateRobotDelivery(db, id, { status: 'failed', lastError: 'robot removed or switched off' });
  const attempts = d.attempts + 1;
  try {
    const secret = robot.secretEnc ? open(key(), robot.secretEnc) : null;
    const title = d.text.split('\n')[0]!.slice(0, 60);
    await postToRobot(robotRequest(robot.provider as Provider, robot.url, secret, title, d.text));
    await repo.updateRobotDelivery(db, id, { status: 'sent', attempts, sentAt: new Date(), lastError: null });
    await repo.updateRobot(db, robot.id, null, { lastSentAt: new Date(), lastError: null }, null);
  } catch (err) {
    const message = String((err as Error)?.message ?? err).slice(0, 500);
    const final = attempts >= ROBOT_MAX_ATTEMPTS;
    await repo.updateRobotDelivery(db, id, { status: final ? 'failed' : 'queued', attempts, lastError: message });
    await repo.updateRobot(db, robot.id, null, { lastError: message }, null);
    if (!final) await enqueue(db, 'robot.send', { id }, { runAfter: new Date(Date.now() + robotBackoffMs(attempts)) });
  }
}

/** A test message to a robot now, so the administrator sees at once whether the address and secret are right. */
export async function testRobot(db: Db, auth: AuthContext, id: string) {
  const robot = await repo.selectRobot(db, id);
  if (!robot) throw new AppError('NOT_FOUND');
  const secret = robot.secretEnc ? open(key(), robot.secretEnc) : null;
  try {
    await postToRobot(
      robotRequest(
        robot.provider as Provider,
        robot.url,
        secret,
        'Accord 测试消息',
        `${auth.displayName} 从 Accord 发送的测试消息。This is a test message from Accord.`,
      ),
    );
  } catch (err) {
    throw new AppError('ROBOT_SEND_FAILED', [{ path: 'url', code: String((err as Error)?.message ?? err).slice(0, 200) }]);
  }
  return { ok: true as const };
}
