import { useCallback } from 'react';
import { useT, type TKey, type TVars } from '../i18n/index.js';
import { useFeatureT } from '../i18n/feature.js';
import { serviceZh } from './i18n.zh-CN.js';
import { serviceEn } from './i18n.en-US.js';

/** The after-sales pages' words travel with their pages (i18n/feature.ts), under `service.` keys. */
export const serviceWords = { 'zh-CN': { service: serviceZh }, 'en-US': { service: serviceEn } };

/** `service.…` from the feature's own words, anything else (common, nav, errors) from the shared dictionary. */
export function useServiceT() {
  const t = useT();
  const rt = useFeatureT(serviceWords);
  return useCallback((key: string, vars?: TVars) => (key.startsWith('service.') ? rt(key as Parameters<typeof rt>[0], vars) : t(key as TKey, vars)), [t, rt]);
}
