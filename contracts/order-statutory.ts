/**
 * The statutory and regulatory requirements checklist of an order (QC 4.2.1): its items and their names, without
 * zod — the order page imports these words without pulling the contracts into its first load.
 */
export const statutoryItems = ['rohs', 'reach', 'export-control', 'labelling', 'customer-specific', 'other'] as const;
export type TStatutoryItemCode = (typeof statutoryItems)[number];
/** The checklist's items by name (also the refusal that names an unreviewed item). */
export const statutoryItemNames: Record<TStatutoryItemCode, { zh: string; en: string }> = {
  rohs: { zh: 'RoHS（有害物质限制）', en: 'RoHS (restricted substances)' },
  reach: { zh: 'REACH（化学品注册、评估、许可）', en: 'REACH (chemicals)' },
  'export-control': { zh: '出口管制', en: 'Export control' },
  labelling: { zh: '标签与标识', en: 'Labelling and marking' },
  'customer-specific': { zh: '客户特定法规要求', en: 'Customer-specific statutory requirements' },
  other: { zh: '其他法律法规与标准', en: 'Other laws, regulations and standards' },
};
export const statutoryApplicability = ['yes', 'no', 'na'] as const;
