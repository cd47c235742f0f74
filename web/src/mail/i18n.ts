/** Both languages of the mail words (bilingual print forms); the dictionaries import one language each. */
export { mailZh, type MailDict } from './i18n.zh-CN.js';
export { mailEn } from './i18n.en-US.js';
