import type { FormRule } from 'antd';
import dayjs from 'dayjs';
import { z } from 'zod';
import { zhCN as zodZh, en as zodEn } from 'zod/locales';
import type { Locale } from '../../../contracts/errors.js';
import { currentLocale, translate } from '../i18n/index.js';

/**
 * Form validation comes from the shared zod contracts, never retyped: `zodRule(schema)`
 * turns one field's schema into an antd rule (required mark, message in the UI language).
 */

const zodErrors = { 'zh-CN': zodZh().localeError, 'en-US': zodEn().localeError } as const;

/** What antd holds → what the API takes: dayjs → ISO string, blank → undefined. */
export function formValueToJson(value: unknown): unknown {
  if (dayjs.isDayjs(value)) return value.isValid() ? value.toISOString() : undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  return value;
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

/** The first problem with `value` for this schema in `locale`, or null when it is valid. */
export function zodFieldError(schema: z.ZodType, value: unknown, locale: Locale = currentLocale()): string | null {
  const v = formValueToJson(value);
  if (isBlank(v)) {
    // blank: fine when the contract lets the field be left out or emptied
    if (schema.safeParse(undefined).success || schema.safeParse(null).success) return null;
    if (Array.isArray(v) && schema.safeParse(v).success) return null;
    return translate(locale, 'form.required');
  }
  const result = schema.safeParse(v, { error: zodErrors[locale] });
  if (result.success) return null;
  const issue = result.error.issues[0];
  return issue ? (plainMessage(issue, locale) ?? issue.message) : translate(locale, 'form.invalid');
}

/**
 * The common cases in plain words ("至少 10 个字符" rather than zod's "数值过小：期望
 * string >=10 字符"); a contract's own message for a pattern is kept as the hint.
 */
export function plainMessage(issue: z.core.$ZodIssue, locale: Locale): string | undefined {
  const i = issue as z.core.$ZodIssue & { origin?: string; minimum?: number | bigint; maximum?: number | bigint; format?: string };
  const n = (x: number | bigint | undefined) => String(x ?? '');
  if (i.code === 'too_small' && i.origin === 'string') return translate(locale, 'form.minChars', { n: n(i.minimum) });
  if (i.code === 'too_big' && i.origin === 'string') return translate(locale, 'form.maxChars', { n: n(i.maximum) });
  if (i.code === 'too_small' && i.origin === 'array') return translate(locale, 'form.minItems', { n: n(i.minimum) });
  if (i.code === 'too_big' && i.origin === 'array') return translate(locale, 'form.maxItems', { n: n(i.maximum) });
  if (i.code === 'too_small' && i.origin === 'number') return translate(locale, 'form.minNumber', { n: n(i.minimum) });
  if (i.code === 'too_big' && i.origin === 'number') return translate(locale, 'form.maxNumber', { n: n(i.maximum) });
  if (i.code === 'invalid_format' && i.format === 'email') return translate(locale, 'form.email');
  if (i.code === 'invalid_format' && i.format === 'regex') {
    // a contract that explains its pattern says so in `message`; zod's own default does not help
    const own = issue.message && !/^(Invalid|无效)/.test(issue.message) ? issue.message : '';
    return own ? translate(locale, 'form.patternHint', { hint: own }) : translate(locale, 'form.invalid');
  }
  return undefined;
}

export function isRequired(schema: z.ZodType): boolean {
  return !schema.safeParse(undefined).success && !schema.safeParse(null).success;
}

export function zodRule(schema: z.ZodType, opts: { locale?: Locale; required?: boolean } = {}): FormRule {
  return {
    required: opts.required ?? isRequired(schema),
    validator: async (_rule, value) => {
      const message = zodFieldError(schema, value, opts.locale);
      if (message) throw new Error(message);
    },
  };
}

type Shape<S> = S extends z.ZodObject<infer Sh> ? Sh : never;

/** `rulesFor(CreateCustomerRequest).nameZh` → `[rule]` for every field of an object contract. */
export function rulesFor<S extends z.ZodObject>(schema: S, locale?: Locale): { [K in keyof Shape<S>]: FormRule[] } {
  const out: Record<string, FormRule[]> = {};
  for (const [key, field] of Object.entries(schema.shape)) out[key] = [zodRule(field as z.ZodType, { locale })];
  return out as { [K in keyof Shape<S>]: FormRule[] };
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s: z.ZodType = schema;
  for (let i = 0; i < 10; i++) {
    const def = s._zod.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
    if (def.innerType) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else break;
  }
  return s;
}

function lengthChecks(schema: z.ZodType, check: 'max_length' | 'min_length', prop: 'maximum' | 'minimum'): number[] {
  const checks = (unwrap(schema)._zod.def as { checks?: { _zod: { def: Record<string, unknown> } }[] }).checks ?? [];
  return checks
    .map((c) => c._zod.def)
    .filter((d) => d.check === check && typeof d[prop] === 'number')
    .map((d) => d[prop] as number);
}

/** The contract's maximum length of a text field (for `maxLength` / `showCount`), if any. */
export function maxLengthOf(schema: z.ZodType): number | undefined {
  const max = lengthChecks(schema, 'max_length', 'maximum');
  return max.length ? Math.min(...max) : undefined;
}

/**
 * Form values → request body: dayjs → ISO, blank text → null, then parsed with the
 * contract so the body is exactly what the server expects (defaults, trims).
 */
export function formToJson(values: unknown): unknown {
  if (dayjs.isDayjs(values)) return formValueToJson(values);
  if (Array.isArray(values)) return values.map(formToJson);
  if (values && typeof values === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(values)) {
      const j = formToJson(v);
      out[k] = typeof j === 'string' && j.trim() === '' ? null : j;
    }
    return out;
  }
  return values;
}

export function toRequest<S extends z.ZodType>(schema: S, values: unknown): z.output<S> {
  return schema.parse(formToJson(values));
}

/** The contract's minimum length of a text field, if any. */
export function minLengthOf(schema: z.ZodType): number | undefined {
  const min = lengthChecks(schema, 'min_length', 'minimum');
  return min.length ? Math.max(...min) : undefined;
}
