/** Both languages of the complaints words (bilingual print forms); the dictionaries import one language each. */
export { complaintZh, type ComplaintDict } from './i18n.zh-CN.js';
export { complaintEn } from './i18n.en-US.js';
