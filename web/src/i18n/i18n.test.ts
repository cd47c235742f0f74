import { describe, expect, it } from 'vitest';
import { errorCodes, errorMessage, locales, type ErrorCode } from '../../../contracts/errors.js';
import { permissionKeys, permissions } from '../../../contracts/identity.js';
import { channels, customerStatuses } from '../../../contracts/parties.js';
import { directions, topics } from '../../../contracts/communications.js';
import { zhCN } from './zh-CN.js';
import { enUS } from './en-US.js';
import { browserLocale, translate, tryTranslate } from './index.js';
import { mailZh } from '../mail/i18n.zh-CN.js';
import { mailEn } from '../mail/i18n.en-US.js';
import { complaintZh } from '../complaints/i18n.zh-CN.js';
import { complaintEn } from '../complaints/i18n.en-US.js';
import { auditZh } from '../audit/i18n.zh-CN.js';
import { auditEn } from '../audit/i18n.en-US.js';

/** Every leaf key path of a dictionary: `customer.fields.code`. */
function leafKeys(node: unknown, prefix = ''): string[] {
  if (typeof node === 'string') return [prefix];
  if (!node || typeof node !== 'object') throw new Error(`${prefix}: neither text nor section`);
  return Object.entries(node).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
}

function leafValues(node: unknown, prefix = ''): [string, string][] {
  if (typeof node === 'string') return [[prefix, node]];
  return Object.entries(node as object).flatMap(([k, v]) => leafValues(v, prefix ? `${prefix}.${k}` : k));
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

const dictionaries = { 'zh-CN': zhCN, 'en-US': enUS } as const;

describe('sections that travel with their pages (registerWords)', () => {
  const sections = { mail: [mailZh, mailEn], complaint: [complaintZh, complaintEn], audit: [auditZh, auditEn] } as const;
  it('have the same keys in both languages, and the shell keeps the very same words for the few keys it shows', () => {
    for (const [name, [zh, en]] of Object.entries(sections)) {
      expect(leafKeys(zh).sort(), name).toEqual(leafKeys(en).sort());
      for (const [locale, shell, full] of [
        ['zh-CN', zhCN[name as 'mail'], zh],
        ['en-US', enUS[name as 'mail'], en],
      ] as const) {
        for (const [key, text] of leafValues(shell)) {
          expect(leafValues(full).find(([k]) => k === key)?.[1], `${locale} ${name}.${key}`).toBe(text);
        }
      }
    }
  });
});

describe('dictionaries', () => {
  const zh = new Set(leafKeys(zhCN));
  const en = new Set(leafKeys(enUS));

  it('have exactly the same keys in zh-CN and en-US', () => {
    expect(
      [...zh].filter((k) => !en.has(k)),
      'in zh-CN only',
    ).toEqual([]);
    expect(
      [...en].filter((k) => !zh.has(k)),
      'in en-US only',
    ).toEqual([]);
  });

  it('leave no text empty', () => {
    for (const [locale, dict] of Object.entries(dictionaries)) {
      const empty = leafValues(dict).filter(([, v]) => !v.trim());
      expect(empty.map(([k]) => `${locale}:${k}`)).toEqual([]);
    }
  });

  it('use the same {placeholders} in both languages', () => {
    const enValues = new Map(leafValues(enUS));
    const differ = leafValues(zhCN)
      .filter(([k, v]) => JSON.stringify(placeholders(v)) !== JSON.stringify(placeholders(enValues.get(k) ?? '')))
      .map(([k]) => k);
    expect(differ).toEqual([]);
  });

  it('name every channel, direction, topic and customer status of the contracts', () => {
    for (const locale of locales) {
      for (const c of channels) expect(tryTranslate(locale, `enums.channel.${c}`), `${locale} channel ${c}`).toBeTruthy();
      for (const d of directions) expect(tryTranslate(locale, `enums.direction.${d}`), `${locale} direction ${d}`).toBeTruthy();
      for (const x of topics) expect(tryTranslate(locale, `enums.topic.${x}`), `${locale} topic ${x}`).toBeTruthy();
      for (const s of customerStatuses) expect(tryTranslate(locale, `enums.status.${s}`), `${locale} status ${s}`).toBeTruthy();
    }
  });
});

describe('error messages', () => {
  // The web app shows the server's localized `detail`; when a response carries none
  // (a proxy's 502, a dropped connection) it falls back to contracts/errors.ts, so every
  // code must have a text in both languages there.
  it('exist for every error code in both languages', () => {
    for (const code of Object.keys(errorCodes) as ErrorCode[]) {
      for (const locale of locales) expect(errorMessage(code, locale).trim(), `${code} ${locale}`).not.toBe('');
    }
  });

  it('permission names exist in both languages', () => {
    for (const p of permissionKeys) {
      expect(permissions[p].zh.trim()).not.toBe('');
      expect(permissions[p].en.trim()).not.toBe('');
    }
  });
});

describe('translate', () => {
  it('fills placeholders and falls back to the key', () => {
    expect(translate('zh-CN', 'search.noResults', { q: '投诉' })).toBe('没有找到与“投诉”相关的结果');
    expect(translate('en-US', 'common.total', { total: 3 })).toBe('3 in all');
    expect(tryTranslate('en-US', 'no.such.key')).toBeUndefined();
  });

  it('picks zh-CN for any Chinese browser language, else en-US', () => {
    expect(browserLocale(['zh-TW', 'en'])).toBe('zh-CN');
    expect(browserLocale(['zh'])).toBe('zh-CN');
    expect(browserLocale(['de-DE', 'zh-CN'])).toBe('en-US');
    expect(browserLocale([])).toBe('zh-CN');
  });
});
