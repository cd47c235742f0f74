import { useCallback } from 'react';
import { useT, type TKey, type TVars } from '../i18n/index.js';
import { useFeatureT } from '../i18n/feature.js';
import { registersZh } from './i18n.zh-CN.js';
import { registersEn } from './i18n.en-US.js';

/** The registers' words travel with their pages (i18n/feature.ts), under the same `registers.` keys. */
export const registersWords = { 'zh-CN': { registers: registersZh }, 'en-US': { registers: registersEn } };

/** `registers.…` from the feature's own words, anything else (common, nav, errors) from the shared dictionary. */
export function useRegistersT() {
  const t = useT();
  const rt = useFeatureT(registersWords);
  return useCallback((key: string, vars?: TVars) => (key.startsWith('registers.') ? rt(key as Parameters<typeof rt>[0], vars) : t(key as TKey, vars)), [t, rt]);
}
