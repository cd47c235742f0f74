/**
 * The mail section of the dictionary in both languages, registered when a page of this feature loads (every module
 * here that shows its words imports this file): the shared first load carries only the shell's few words of it.
 */
import { registerWords } from '../i18n/index.js';
import { mailZh } from './i18n.zh-CN.js';
import { mailEn } from './i18n.en-US.js';

registerWords('mail', { 'zh-CN': mailZh, 'en-US': mailEn });
