import { useCallback } from 'react';
import { useLocale, type Locale, type TVars } from './index.js';

type Leaves<T, P extends string = ''> = { [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`> }[keyof T & string];

/**
 * The words of one feature page, kept with the page's own chunk instead of the shared dictionary: a page few users
 * open (records retention, personal-data requests) does not weigh on everyone's first load. Both languages travel
 * with the page (a few kB); the shared dictionary keeps only what the shell shows (menu entries).
 */
export function useFeatureT<D>(dicts: Record<Locale, D>) {
  const { locale } = useLocale();
  return useCallback(
    (key: Leaves<D>, vars?: TVars) => {
      let node: unknown = dicts[locale];
      for (const part of (key as string).split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
      const text = typeof node === 'string' ? node : (key as string);
      return vars ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : text;
    },
    [locale, dicts],
  );
}

/** The same, for a key built at run time (an enum value): undefined when the feature has no such word. */
export function featureWord<D>(dict: D, key: string): string | undefined {
  let node: unknown = dict;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return typeof node === 'string' ? node : undefined;
}
