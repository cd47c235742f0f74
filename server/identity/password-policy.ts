import { createRequire } from 'node:module';
import type { ZxcvbnFactory, ZxcvbnResult } from '@zxcvbn-ts/core';
import { AppError } from '../platform/http/app-error.js';
import type { Locale } from '../../contracts/errors.js';
import { MIN_PASSWORD_LENGTH } from '../../contracts/identity.js';

/**
 * The password policy: at least 12 characters and a zxcvbn score of at least 3 ("safely
 * unguessable", ~10^8 guesses) against the common-password, English and name dictionaries —
 * plus the user's own name and the words of this application. zxcvbn-ts has no Chinese
 * dictionary on the registry; the pinyin list below covers the most common Chinese-style passwords.
 */
export { MIN_PASSWORD_LENGTH };
export const MIN_PASSWORD_SCORE = 3;
/** zxcvbn's running time grows with the length; the tail of a long password adds nothing to refuse */
const CHECKED_LENGTH = 100;

const pinyinCommon = [
  'woaini',
  'aini',
  'woaiwojia',
  'wobuzhidao',
  'mima',
  'mimamima',
  'nihao',
  'zhongguo',
  'beijing',
  'shanghai',
  'guangzhou',
  'shenzhen',
  'qwe',
  'asd',
  'zxc',
  'aaa',
  'abc',
  'xiaoming',
  'xiaohong',
  'laopo',
  'laogong',
  'baobei',
  'tiantian',
  'kuaile',
  'xingfu',
  'pingan',
  'fuqi',
  'zhang',
  'wang',
  'li',
  'zhao',
  'liu',
  'chen',
  'yang',
  'huang',
  'zhou',
  'wu',
  'xu',
  'sun',
  'ma',
  'zhu',
  'hu',
  'guo',
  'he',
  'lin',
  'luo',
  'gao',
  'zheng',
  'liang',
  'xie',
  'song',
  'tang',
  'han',
  'feng',
  'deng',
  'cao',
  'peng',
  'zeng',
  'xiao',
  'tian',
  'dong',
  'pan',
  'yuan',
  'cai',
  'jiang',
  'wei',
  'min',
  'jun',
  'hua',
  'ming',
  'jie',
  'lei',
  'fang',
  'yan',
  'ying',
  'hong',
  'ping',
  'qiang',
  'yong',
  'hui',
  'tao',
  'bin',
  'chao',
  'ling',
  '5201314',
  '1314520',
  '1314',
  '520',
  '521',
  '666666',
  '888888',
  '168168',
  '147258369',
  '123qwe',
  'qwe123',
  'a123456',
  'abc123',
];
const applicationWords = [
  'accord',
  'admin',
  'administrator',
  'password',
  'kehu',
  'goutong',
  'guanli',
  'xitong',
  'gongsi',
  'customer',
  'quality',
  'iatf',
  'iso9001',
];

/**
 * zxcvbn and its dictionaries cost about a second to load: loaded on the first password judged (someone sets a
 * password), not at every start of the server.
 */
const load = createRequire(import.meta.url);
let zxcvbn: { factory: ZxcvbnFactory; warnings: Record<string, string> } | null = null;
function checker() {
  if (!zxcvbn) {
    const core = load('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
    const common = load('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
    const en = load('@zxcvbn-ts/language-en') as typeof import('@zxcvbn-ts/language-en');
    const factory = new core.ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary, pinyinCommon, applicationWords },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
    });
    zxcvbn = { factory, warnings: en.translations.warnings as Record<string, string> };
  }
  return zxcvbn;
}

/** zxcvbn's warnings in Chinese (its English ones come from @zxcvbn-ts/language-en) */
const zhWarnings: Record<string, string> = {
  straightRow: '键盘上连续的一行按键很容易被猜到。',
  keyPattern: '键盘上的短图案很容易被猜到。',
  simpleRepeat: '重复的字符（如 "aaa"）很容易被猜到。',
  extendedRepeat: '重复的字符组合（如 "abcabcabc"）很容易被猜到。',
  sequences: '常见的字符序列（如 "abc"、"123"）很容易被猜到。',
  recentYears: '最近的年份很容易被猜到。',
  dates: '日期很容易被猜到。',
  topTen: '这是最常用的密码之一。',
  topHundred: '这是非常常用的密码。',
  common: '这是常用密码。',
  similarToCommon: '这与常用密码非常相似。',
  wordByItself: '单个词语很容易被猜到。',
  namesByThemselves: '单独的姓名很容易被猜到。',
  commonNames: '常见的姓名很容易被猜到。',
  userInputs: '密码中不应包含个人信息或本系统相关的词语。',
  pwned: '该密码已在网上的数据泄露中出现过。',
};

export interface PasswordVerdict {
  ok: boolean;
  /** a stable reason: too_short, same_as_username, or zxcvbn's warning key (common, sequences …) or weak */
  reason?: string;
  messages?: Record<Locale, string>;
}

function reasonOf(result: ZxcvbnResult, enWarning: string | null): { reason: string; zh: string; en: string } {
  const key = Object.entries(checker().warnings).find(([, text]) => text === enWarning)?.[0];
  const suggestion = result.feedback.suggestions[0];
  if (key) return { reason: key, zh: zhWarnings[key] ?? '这个密码很容易被猜到。', en: enWarning! };
  return {
    reason: 'weak',
    zh: '这个密码很容易被猜到，请用几个不常见的词语组合成更长的密码。',
    en: `This password is easy to guess.${suggestion ? ` ${suggestion}` : ''}`,
  };
}

/** Judge a password; `userInputs` are words the password must not lean on (user name, display name). */
export function judgePassword(password: string, userInputs: string[] = []): PasswordVerdict {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return {
      ok: false,
      reason: 'too_short',
      messages: { 'zh-CN': `密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符。`, 'en-US': `The password needs at least ${MIN_PASSWORD_LENGTH} characters.` },
    };
  }
  const inputs = userInputs.map((u) => u.trim().toLowerCase()).filter(Boolean);
  if (inputs.some((u) => password.toLowerCase() === u)) {
    return {
      ok: false,
      reason: 'same_as_username',
      messages: { 'zh-CN': '密码不能与用户名或姓名相同。', 'en-US': 'The password must differ from the user name and the name.' },
    };
  }
  const result = checker().factory.check(password.slice(0, CHECKED_LENGTH), inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return { ok: true };
  const r = reasonOf(result, result.feedback.warning);
  return { ok: false, reason: r.reason, messages: { 'zh-CN': r.zh, 'en-US': r.en } };
}

/** 422 PASSWORD_TOO_WEAK naming the field, with the reason in the user's language. */
export function assertPasswordPolicy(password: string, userInputs: string[], path: string) {
  const verdict = judgePassword(password, userInputs);
  if (!verdict.ok) throw new AppError('PASSWORD_TOO_WEAK', [{ path, code: verdict.reason!, messages: verdict.messages }]);
}
