export { integrationZh, type IntegrationDict } from './i18n.zh-CN.js';
export { integrationEn } from './i18n.en-US.js';
