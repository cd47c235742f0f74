import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import relativeTime from 'dayjs/plugin/relativeTime';
import type { Locale } from '../../../contracts/errors.js';
import { setApiLocale } from '../api/client.js';
import type { Dict } from './zh-CN.js';

dayjs.extend(relativeTime);

export type { Locale };

/**
 * Each language's dictionary is its own chunk: the browser downloads only the one shown,
 * and the other when the user switches (`setLocale` waits for it before switching).
 */
const loaders: Record<Locale, () => Promise<Dict>> = {
  'zh-CN': () => import('./zh-CN.js').then((m) => m.zhCN),
  'en-US': () => import('./en-US.js').then((m) => m.enUS),
};
/** The dictionaries loaded so far. */
export const dictionaries: Partial<Record<Locale, Dict>> = {};
const loading = new Map<Locale, Promise<Dict>>();

/**
 * Sections of the dictionary that travel with their feature's pages instead of every first load (mail, complaints,
 * the audit trail): the shared dictionary keeps only the words the shell shows (menu entries, a tab's title) and the
 * feature's module registers the whole section when it loads — before any of its components renders.
 */
const sections: Record<Locale, Record<string, object>> = { 'zh-CN': {}, 'en-US': {} };
function mergeSections(locale: Locale, dict: Dict) {
  for (const [name, words] of Object.entries(sections[locale])) {
    const d = dict as unknown as Record<string, object | undefined>;
    d[name] = { ...d[name], ...words };
  }
}
export function registerWords(name: keyof Dict & string, words: Record<Locale, object>) {
  for (const locale of ['zh-CN', 'en-US'] as const) {
    sections[locale][name] = words[locale];
    const dict = dictionaries[locale];
    if (dict) mergeSections(locale, dict);
  }
}

/** Loads a language's dictionary once (a failed download may be tried again). */
export function loadDictionary(locale: Locale): Promise<Dict> {
  const done = dictionaries[locale];
  if (done) return Promise.resolve(done);
  let pending = loading.get(locale);
  if (!pending) {
    pending = loaders[locale]().then(
      (dict) => {
        mergeSections(locale, dict);
        dictionaries[locale] = dict;
        return dict;
      },
      (err: unknown) => {
        loading.delete(locale);
        throw err;
      },
    );
    loading.set(locale, pending);
  }
  return pending;
}

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
/** Every dictionary key, dot-separated: `customer.fields.code`. */
export type TKey = Leaves<Dict>;
export type TVars = Record<string, string | number>;
export type TFunction = (key: TKey, vars?: TVars) => string;

/** zh* → zh-CN, anything else → en-US. */
export function browserLocale(languages: readonly string[] = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language])): Locale {
  const first = languages.find(Boolean) ?? 'zh-CN';
  return first.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en-US';
}

export function translate(locale: Locale, key: TKey, vars?: TVars): string {
  let node: unknown = dictionaries[locale];
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  const text = typeof node === 'string' ? node : key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
}

const STORAGE_KEY = 'accord.locale';

const isLocale = (v: string | null | undefined): v is Locale => v === 'zh-CN' || v === 'en-US';

/**
 * The signed-in user's saved language (the server names it in index.html: server/platform/http/index-page.ts, so
 * the app is drawn once, in it, with one dictionary downloaded), else the language chosen earlier in this tab, else
 * the browser's.
 */
function initialLocale(): Locale {
  const meta = typeof document === 'undefined' ? null : document.querySelector<HTMLMetaElement>('meta[name="accord-locale"]');
  if (meta?.dataset.source === 'user' && isLocale(meta.content)) return meta.content;
  let saved: string | null = null;
  try {
    saved = typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(STORAGE_KEY);
  } catch {
    /* storage blocked */
  }
  if (isLocale(saved)) return saved;
  return isLocale(meta?.content) ? meta.content : browserLocale();
}

let current: Locale = initialLocale();
/** The UI language right now, for code outside React (validation rules, formatting). */
export function currentLocale(): Locale {
  return current;
}

function apply(locale: Locale) {
  current = locale;
  setApiLocale(locale);
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}
apply(current);
/**
 * Settles when the active language's dictionary is here: main.tsx renders the app after it,
 * while the rest of the app's modules, the page's chunks and /me are already on their way.
 * Outside a browser (unit tests, tools) nothing is downloaded: both are loaded before any
 * importer runs, so `translate` answers in either language at once.
 */
export const i18nReady: Promise<unknown> =
  typeof document === 'undefined' ? Promise.all([loadDictionary('zh-CN'), loadDictionary('en-US')]) : loadDictionary(current);
if (typeof document === 'undefined') await i18nReady;

interface I18nValue {
  locale: Locale;
  setLocale(locale: Locale): void;
}
const I18nContext = createContext<I18nValue>({ locale: current, setLocale: () => {} });

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setState] = useState<Locale>(() => current);
  apply(locale);
  const wanted = useRef(locale);
  const setLocale = useCallback((next: Locale) => {
    wanted.current = next;
    try {
      sessionStorage.setItem(STORAGE_KEY, next);
    } catch {
      /* private mode */
    }
    // switch once the words are here; the latest choice wins if the user clicks twice
    void loadDictionary(next).then(
      () => {
        if (wanted.current !== next) return;
        apply(next);
        setState(next);
      },
      () => {
        /* not downloaded (offline): stay in the language shown */
      },
    );
  }, []);
  useEffect(() => {
    document.title = translate(locale, 'app.title');
  }, [locale]);
  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useLocale(): I18nValue {
  return useContext(I18nContext);
}

/** `t('customer.fields.code')`, `t('search.noResults', { q })` in the current language. */
export function useT(): TFunction {
  const { locale } = useContext(I18nContext);
  return useCallback((key: TKey, vars?: TVars) => translate(locale, key, vars), [locale]);
}

/** Picks the right half of a `{zh, en}` name. */
export function useLocalized(): (name: { zh: string; en: string } | null | undefined) => string {
  const { locale } = useContext(I18nContext);
  return useCallback((name) => (name ? (locale === 'zh-CN' ? name.zh || name.en : name.en || name.zh) : ''), [locale]);
}

/** For keys built at run time (an audit action, a field name): undefined when missing. */
export function tryTranslate(locale: Locale, key: string): string | undefined {
  let node: unknown = dictionaries[locale];
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return typeof node === 'string' ? node : undefined;
}

export function useTryT(): (key: string) => string | undefined {
  const { locale } = useContext(I18nContext);
  return useCallback((key: string) => tryTranslate(locale, key), [locale]);
}
