import { expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { Running } from '../e2e/browser.js';
import { ADMIN_PASSWORD } from '../e2e/browser.js';
import { client, signIn, type Client, type Session } from './harness.js';
import { FIXTURE_PASSWORD, insertFixtureUser } from './fixtures.js';

/**
 * What every browser journey shares: fixture users, a signed-in browser per user, procedure actions
 * in the page and through the API. Journeys wait for states (expect.poll), never for time.
 */
export type Locale = 'zh-CN' | 'en-US';

/** Waits for a value on the page (the server, then React, then antd's animations); generous for a loaded CI machine. */
export const poll = <T>(fn: () => T | Promise<T>, timeout = 30_000) => expect.poll(fn, { timeout });

export interface JourneyUser {
  username: string;
  id: string;
  /** the user's own password (for electronic signatures) */
  password: string;
  api: Client;
  session: Session;
  /** the value of the session cookie, for a browser context */
  cookie: string;
}

export interface Journey {
  accord: Running;
  locale: Locale;
  /** page errors of every browser opened through `browserAs` */
  errors: string[];
  users: Record<string, JourneyUser>;
  contexts: BrowserContext[];
}

export function journey(accord: Running, locale: Locale): Journey {
  return { accord, locale, errors: [], users: {}, contexts: [] };
}

/** The administrator's API client in the journey's language. */
export async function adminApi(j: Journey) {
  return client(j.accord.app, await signIn(j.accord.app, 'admin', ADMIN_PASSWORD), j.locale);
}

/** A user set up by the administrator who has already chosen an own password (a fixture; the sign-in journeys show those screens). */
export async function makeUser(j: Journey, username: string, roles: string[], department: string, displayName = username): Promise<JourneyUser> {
  const id = await insertFixtureUser(j.accord.database.db, {
    username,
    displayName,
    roles,
    departments: [department],
    locale: j.locale,
    mustChangePassword: false,
  });
  const session = await signIn(j.accord.app, username, FIXTURE_PASSWORD);
  const user = { username, id, password: FIXTURE_PASSWORD, api: client(j.accord.app, session, j.locale), session, cookie: session.cookie.split('=')[1]! };
  j.users[username] = user;
  return user;
}

export interface BrowserOptions {
  viewport?: { width: number; height: number };
}

/** A new browser context signed in as the user (page errors collected in `j.errors`). */
export async function browserAs(j: Journey, username: string, opts: BrowserOptions = {}) {
  const ctx = await j.accord.browser.newContext({ locale: j.locale, timezoneId: 'Asia/Shanghai', viewport: opts.viewport ?? { width: 1440, height: 900 } });
  j.contexts.push(ctx);
  await ctx.addCookies([{ name: 'accord_session', value: j.users[username]!.cookie, url: j.accord.baseUrl }]);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => j.errors.push(`${username}: ${e.message}`));
  return { ctx, page };
}

/** A browser context of nobody (a customer's link, the sign-in page). */
export async function anonymousBrowser(j: Journey, opts: BrowserOptions & { who?: string } = {}) {
  const ctx = await j.accord.browser.newContext({ locale: j.locale, timezoneId: 'Asia/Shanghai', viewport: opts.viewport ?? { width: 1440, height: 900 } });
  j.contexts.push(ctx);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => j.errors.push(`${opts.who ?? 'anonymous'}: ${e.message}`));
  return { ctx, page };
}

export async function closeJourney(j: Journey | undefined) {
  if (!j) return;
  for (const c of j.contexts) await c.close().catch(() => {});
  await j.accord.close();
}

// ---- procedures in the page

/** The state of the procedure instance shown on the page. */
export const state = (p: Page) => p.getByTestId('procedure-instance').getAttribute('data-state');

/**
 * Waits until the open dialog has finished its opening animation: a click while it still zooms in can land beside
 * the moving button on a loaded machine (Playwright's "stable" check sees two equal frames mid-animation).
 */
export async function dialogSettled(p: Page) {
  await p.waitForFunction(() => !document.querySelector('.ant-modal-root [class*="zoom-appear"], .ant-modal-root [class*="zoom-enter"]'), undefined, {
    timeout: 15_000,
  });
}

/** Runs a procedure action from the panel: its dialog, the fields, submit. */
export async function act(p: Page, transitionId: string, fill?: () => Promise<void>) {
  await p.getByTestId(`procedure-action-${transitionId}`).click();
  await p.getByTestId('procedure-action-submit').waitFor();
  await dialogSettled(p);
  if (fill) await fill();
  await p.getByTestId('procedure-action-submit').click();
}

/** `act`, then waits until the dialog has closed (the action went through). */
export async function actAndClose(p: Page, transitionId: string, fill?: () => Promise<void>) {
  await act(p, transitionId, fill);
  await poll(() => p.getByTestId('procedure-action-submit').isVisible()).toBe(false);
}

/**
 * `act`, then clicks submit again while the dialog stays open without an answer (a click during the
 * dialog's opening animation can be lost); done when the dialog has closed, or, with `orNotice`, when a
 * notification (a refusal) is shown.
 */
export async function actRetrying(p: Page, transitionId: string, fill?: () => Promise<void>, opts: { orNotice?: boolean } = {}) {
  await act(p, transitionId, fill);
  const submit = p.getByTestId('procedure-action-submit');
  const settled = async () => !(await submit.isVisible()) || (!!opts.orNotice && (await p.locator('.ant-notification-notice').count()) > 0);
  await expect
    .poll(
      async () => {
        if (await settled()) return true;
        await p.waitForTimeout(1500);
        if (!(await settled())) await submit.click({ timeout: 3000 }).catch(() => undefined);
        return settled();
      },
      { timeout: 30_000 },
    )
    .toBe(true);
}

/** Closes the refusal notification and the action dialog it was shown over. */
export async function dismissRefusal(p: Page) {
  await p.locator('.ant-notification-notice-close').first().click();
  await p.keyboard.press('Escape');
  await poll(() => p.getByTestId('procedure-action-submit').isVisible()).toBe(false);
}

/** Types a date into an antd date picker. */
export async function pickDate(p: Page, selector: string, value: string) {
  const input = p.locator(selector);
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

/** Picks a customer (or any record) in an antd search select by typing its code. */
export async function pickByTyping(p: Page, testId: string, text: string) {
  await p.getByTestId(testId).click();
  await p.keyboard.type(text);
  await p.locator('.ant-select-item-option').filter({ hasText: text }).first().waitFor();
  await p.keyboard.press('Enter');
}

/**
 * The tabs of the page's tab bars that are out of sight: in antd's "more" menu (its button shown in the tab list), past
 * the edge of their tab list or of the window, or not laid out. Empty when every tab can be seen and clicked.
 */
export async function tabsOutOfSight(p: Page): Promise<string[]> {
  await p.getByRole('tablist').first().waitFor();
  return p.evaluate(() => {
    const out: string[] = [];
    for (const list of document.querySelectorAll('[role=tablist]')) {
      const bar = list.getBoundingClientRect();
      for (const more of list.querySelectorAll<HTMLElement>('.ant-tabs-nav-more')) {
        const style = getComputedStyle(more);
        if (more.offsetParent !== null && style.visibility !== 'hidden' && style.display !== 'none') out.push('(the "more" menu button)');
      }
      for (const tab of list.querySelectorAll('[role=tab]')) {
        const r = tab.getBoundingClientRect();
        const off =
          r.width === 0 ||
          r.height === 0 ||
          r.left < bar.left - 1 ||
          r.right > bar.right + 1 ||
          r.top < bar.top - 1 ||
          r.bottom > bar.bottom + 1 ||
          r.right > window.innerWidth;
        if (off) out.push(tab.textContent?.trim() || '?');
      }
    }
    return out;
  });
}

// ---- procedures through the API

export interface InstanceRef {
  refType: string;
  refId: string;
}

export async function instanceOf(api: Client, refType: string, refId: string) {
  const res = await api.get(`/api/procedure-instances?refType=${refType}&refId=${refId}`);
  return (res.json() as { items: { id: string; version: number; state: string }[] }).items[0]!;
}

/** A transition through the API (steps the journey does not show on the page). */
export async function moveApi(api: Client, refType: string, refId: string, transitionId: string, extra: Record<string, unknown> = {}) {
  const i = await instanceOf(api, refType, refId);
  const res = await api.post(`/api/procedure-instances/${i.id}/transitions`, { version: i.version, transitionId, ...extra });
  expect(res.statusCode, res.body).toBe(200);
  return res;
}

/** A department's sign-off through the API. */
export async function signApi(api: Client, refType: string, refId: string, department: string, opinion = 'accept', extra: Record<string, unknown> = {}) {
  const i = await instanceOf(api, refType, refId);
  const res = await api.post(`/api/procedure-instances/${i.id}/signoffs`, { version: i.version, department, opinion, ...extra });
  expect(res.statusCode, res.body).toBe(200);
  return res;
}
