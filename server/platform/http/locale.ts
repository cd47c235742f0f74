import type { Locale } from '../../../contracts/errors.js';

/** zh* → zh-CN, anything else → en-US; used before a user is known. */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  if (!header) return 'zh-CN';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('zh') ? 'zh-CN' : 'en-US';
}
