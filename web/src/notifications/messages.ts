import { tryTranslate, type Locale } from '../i18n/index.js';
import { fmtDateTime } from '../platform/format.js';

/**
 * A notification's text in the UI language: `notifications.messages.<key>` with its
 * params. Times (dueAt) are shown in the user's time; `step` is a step id, named by
 * `stepName`. An unknown key falls back to the key and the title.
 */
export function notificationText(
  locale: Locale,
  messageKey: string,
  params: Record<string, string>,
  stepName: (id: string, procedureId?: string) => string = (id) => id,
): string {
  const base = `notifications.messages.${messageKey.replace(/\./g, '_')}`;
  // an action item's clock has no step
  const template = (!params.step && tryTranslate(locale, `${base}NoStep`)) || tryTranslate(locale, base);
  const values: Record<string, string> = {
    ...params,
    dueAt: params.dueAt ? fmtDateTime(params.dueAt) : '',
    step: params.step ? stepName(params.step, params.procedure) : '',
  };
  if (!template) return [messageKey, params.title].filter(Boolean).join(': ');
  return template.replace(/\{(\w+)\}/g, (m, name: string) => values[name] ?? m);
}
