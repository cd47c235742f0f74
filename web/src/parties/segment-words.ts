/**
 * The words of the customer value segment on the customer list (ABC letter, high value, the filters): kept with the
 * list (useFeatureT), not in the shared dictionary — the list's first load stays within its budget. The customer page's
 * words are in segment-panel-words.ts (its own chunk).
 */
export const segmentWords = {
  'zh-CN': {
    column: '价值',
    filter: '价值分类',
    none: '无分类',
    highValue: '重点客户',
    filterHighValue: '只看重点客户',
    refresh: '立即重新计算',
  },
  'en-US': {
    column: 'Value',
    filter: 'Value class',
    none: 'No class',
    highValue: 'High value',
    filterHighValue: 'High-value only',
    refresh: 'Recompute now',
  },
};
