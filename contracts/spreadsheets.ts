import { z } from 'zod';
import { Id, IsoDateTime, Text } from './common.js';

/** What can be imported from a spreadsheet (导入向导). */
export const importKinds = ['customers', 'products', 'vendors', 'communications', 'orders', 'users'] as const;
export const ImportKind = z.enum(importKinds);
export type TImportKind = z.infer<typeof ImportKind>;

export const importStatuses = ['uploaded', 'checked', 'running', 'done', 'cancelled', 'failed'] as const;
export const ImportStatus = z.enum(importStatuses);

/** A field a spreadsheet column can fill. */
export const ImportField = z.object({
  key: z.string(),
  zh: z.string(),
  en: z.string(),
  required: z.boolean(),
  /** the natural key of the record (customer code, product model…) */
  naturalKey: z.boolean(),
  hint: z.object({ zh: z.string(), en: z.string() }),
});

export const ImportRowError = z.object({
  row: z.int().describe('the row number in the sheet (1 = header row)'),
  column: z.string().nullable().describe("the column's header as in the file"),
  field: z.string().nullable(),
  code: z.string(),
  message: z.string().describe("in the user's language"),
});

export const ImportRowPlan = z.object({
  row: z.int(),
  action: z.enum(['create', 'update', 'skip', 'error', 'line']).describe('line: a further line of the order an earlier row creates'),
  key: z.string().nullable(),
  label: z.string().nullable(),
});

export const ImportJob = z.object({
  id: Id,
  kind: ImportKind,
  fileName: z.string(),
  sheet: z.string().nullable(),
  status: ImportStatus,
  headers: z.array(z.string()),
  mapping: z.record(z.string(), z.string()).describe('field → header'),
  fields: z.array(ImportField),
  rule: z.object({ zh: z.string(), en: z.string() }).describe('how rows become records (upsert by natural key)'),
  total: z.int(),
  processed: z.int(),
  created: z.int(),
  updated: z.int(),
  skipped: z.int(),
  errorCount: z.int(),
  errors: z.array(ImportRowError).describe('the first 500'),
  plan: z.array(ImportRowPlan).describe('the first 500 rows'),
  message: z.string().nullable(),
  createdAt: IsoDateTime,
  finishedAt: IsoDateTime.nullable(),
});
export type TImportJob = z.infer<typeof ImportJob>;

export const ImportJobList = z.object({ items: z.array(ImportJob.omit({ errors: true, plan: true, fields: true, headers: true, mapping: true })) });

/** The dry run of the whole example workbook: per sheet, in the order imported, what the run would do. */
export const ExampleCheck = z.object({
  fileName: z.string(),
  sheets: z.array(
    z.object({
      kind: ImportKind,
      sheet: z.string().nullable(),
      total: z.int(),
      created: z.int(),
      updated: z.int(),
      skipped: z.int(),
      errorCount: z.int(),
      errors: z.array(ImportRowError).describe('the first 5'),
    }),
  ),
});
export type TExampleCheck = z.infer<typeof ExampleCheck>;

/** The import of the whole example workbook: sheet after sheet, each an import of its own (jobId: poll or open it). */
export const ExampleRun = z.object({
  id: Id,
  status: z.enum(['running', 'done', 'failed']),
  message: z.string().nullable(),
  sheets: z.array(
    z.object({
      kind: ImportKind,
      jobId: Id.nullable(),
      status: z.union([ImportStatus, z.literal('waiting')]),
      total: z.int(),
      processed: z.int(),
      created: z.int(),
      updated: z.int(),
      skipped: z.int(),
      errorCount: z.int(),
    }),
  ),
});
export type TExampleRun = z.infer<typeof ExampleRun>;

export const CheckImportRequest = z.object({
  mapping: z.record(Text().max(60), Text().max(200)).describe('field → header of the file'),
});

export const TemplateParams = z.object({ kind: ImportKind });
export const TemplateQuery = z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') });

/** Why a row cannot be imported: both languages, `{placeholders}` filled from the error's params. */
export const importRowReasons = {
  required: { zh: '必填项为空', en: 'required, but empty' },
  too_long: { zh: '超过 {max} 个字符', en: 'longer than {max} characters' },
  formula: { zh: '单元格是公式，请粘贴为数值后再导入', en: 'the cell holds a formula: paste it as values and import again' },
  bad_date: {
    zh: '无法识别的日期"{value}"（可用 2026-03-05、2026/3/5、2026年3月5日 或 Excel 日期）',
    en: 'unrecognised date "{value}" (use 2026-03-05, 2026/3/5, 2026年3月5日 or an Excel date)',
  },
  bad_number: { zh: '不是数字："{value}"', en: 'not a number: "{value}"' },
  bad_choice: { zh: '"{value}" 不是可选值（{choices}）', en: '"{value}" is not one of {choices}' },
  bad_code: { zh: '编号只能包含字母、数字、_ 和 -（2–24 位）', en: 'codes hold letters, digits, _ and - (2–24)' },
  bad_email: { zh: '邮箱格式不正确', en: 'not an e-mail address' },
  duplicate_in_file: { zh: '与第 {other} 行的 {key} 重复', en: 'same {key} as row {other}' },
  unknown_customer: { zh: '找不到客户编号 {value}', en: 'no customer with code {value}' },
  unknown_user: { zh: '找不到用户 {value}', en: 'no user {value}' },
  voided: { zh: '该记录已作废，不能更新', en: 'the record is voided and cannot be updated' },
  not_permitted: { zh: '您没有权限导入此列（价格或个人信息）', en: 'you may not import this column (prices or personal data)' },
  invalid_text: { zh: '含有无效字符', en: 'holds invalid characters' },
  unknown_step: { zh: '订单流程中没有步骤"{value}"（可用：{choices}）', en: 'the order procedure has no step "{value}" (one of: {choices})' },
  before_order_date: { zh: '要求交期早于订货日期', en: 'the requested delivery is before the order date' },
  group_mismatch: { zh: '与第 {other} 行同一订单，但此列不一致', en: 'same order as row {other}, but this column differs' },
  line_has_errors: { zh: '该订单第 {other} 行有错误，整张订单不导入', en: 'row {other} of this order has an error: the whole order is held back' },
  unknown_department: { zh: '找不到部门"{value}"', en: 'no department "{value}"' },
  unknown_role: { zh: '找不到角色"{value}"', en: 'no role "{value}"' },
  bad_username: { zh: '用户名只能包含字母、数字、. _ -（2–40 位）', en: 'user names hold letters, digits, . _ - (2–40)' },
  failed: { zh: '导入失败：{value}', en: 'import failed: {value}' },
} as const satisfies Record<string, { zh: string; en: string }>;
export type ImportRowReason = keyof typeof importRowReasons;

/** GET /api/exports/<list>/columns: the columns this user may export from the list, in the screen's order (for the column chooser). */
export const ExportColumnList = z.object({
  items: z.array(z.object({ key: z.string(), zh: z.string(), en: z.string() })),
});
