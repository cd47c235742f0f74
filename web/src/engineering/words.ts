import { useCallback } from 'react';
import { useT, type TKey, type TVars } from '../i18n/index.js';
import { useFeatureT } from '../i18n/feature.js';
import { engineeringZh } from './i18n.zh-CN.js';
import { engineeringEn } from './i18n.en-US.js';

/** The engineering records' words travel with their pages (i18n/feature.ts), under `engineering.` keys. */
export const engineeringWords = { 'zh-CN': { engineering: engineeringZh }, 'en-US': { engineering: engineeringEn } };

/** `engineering.…` from the feature's own words, anything else (common, nav, errors) from the shared dictionary. */
export function useEngineeringT() {
  const t = useT();
  const rt = useFeatureT(engineeringWords);
  return useCallback(
    (key: string, vars?: TVars) => (key.startsWith('engineering.') ? rt(key as Parameters<typeof rt>[0], vars) : t(key as TKey, vars)),
    [t, rt],
  );
}
