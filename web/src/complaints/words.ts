/**
 * The complaint section of the dictionary in both languages, registered when a page of this feature loads (every module
 * here that shows its words imports this file): the shared first load carries only the shell's few words of it.
 */
import { registerWords } from '../i18n/index.js';
import { complaintZh } from './i18n.zh-CN.js';
import { complaintEn } from './i18n.en-US.js';

registerWords('complaint', { 'zh-CN': complaintZh, 'en-US': complaintEn });
