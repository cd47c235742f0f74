/** Both languages of the audit words (bilingual print forms); the dictionaries import one language each. */
export { auditZh, type AuditDict } from './i18n.zh-CN.js';
export { auditEn } from './i18n.en-US.js';
