import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import relativeTime from 'dayjs/plugin/relativeTime';
import type { Locale } from '../../../contracts/errors.js';
import { setApiLocale } from '../api/client.js';
import { zhCN, type Dict } from './zh-CN.js';
import { enUS } from './en-US.js';

dayjs.extend(relativeTime);

export type { Locale };
export const dictionaries: Record<Locale, Dict> = { 'zh-CN': zhCN, 'en-US': enUS };

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
/** Every dictionary key, dot-separated: `customer.fields.code`. */
export type TKey = Leaves<Dict>;
export type TVars = Record<string, string | number>;
export type TFunction = (key: TKey, vars?: TVars) => string;

/** zh* → zh-CN, anything else → en-US. */
export function browserLocale(languages: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]): Locale {
  const first = languages.find(Boolean) ?? 'zh-CN';
  return first.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en-US';
}

export function translate(locale: Locale, key: TKey, vars?: TVars): string {
  let node: unknown = dictionaries[locale];
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  const text = typeof node === 'string' ? node : key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
}

let current: Locale = browserLocale();
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

interface I18nValue {
  locale: Locale;
  setLocale(locale: Locale): void;
}
const I18nContext = createContext<I18nValue>({ locale: current, setLocale: () => {} });

const STORAGE_KEY = 'accord.locale';

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setState] = useState<Locale>(() => {
    const saved = typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(STORAGE_KEY);
    return saved === 'zh-CN' || saved === 'en-US' ? saved : browserLocale();
  });
  apply(locale);
  const setLocale = useCallback((next: Locale) => {
    apply(next);
    try {
      sessionStorage.setItem(STORAGE_KEY, next);
    } catch {
      /* private mode */
    }
    setState(next);
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
