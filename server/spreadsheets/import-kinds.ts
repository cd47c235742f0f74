import type { Db, Executor } from '../platform/db/client.js';
import type { AuthContext } from '../platform/http/access.js';
import type { Permission } from '../../contracts/identity.js';
import type { ImportRowReason, TImportKind } from '../../contracts/spreadsheets.js';
import { customerGrades, customerStatuses } from '../../contracts/party-values.js';
import { channels } from '../../contracts/parties.js';
import { directions, topics } from '../../contracts/communications.js';
import { vendorStatuses } from '../../contracts/outsourcing.js';
import {
  addContact,
  createCustomer,
  selectContacts,
  selectCustomer,
  selectCustomerByCode,
  selectCustomerIdsByCodes,
  updateCustomer,
} from '../parties/index.js';
import { createProduct, selectActiveProductsByModels, updateProduct } from '../products/index.js';
import { createVendor, listVendors, updateVendor } from '../outsourcing/index.js';
import { createCommunication, createCommunicationsBulk, selectCommunicationKeys } from '../communications/index.js';
import { importOpenOrder, selectOrderByPo } from '../orders/index.js';
import { openSteps } from '../procedures/index.js';
import { createUser, selectDepartments, selectRoles, updateUserFromImport, userIdByUsername } from '../identity/index.js';
import { orderForms } from '../../contracts/orders.js';
import { randomBytes } from 'node:crypto';

export type FieldType = 'text' | 'code' | 'email' | 'number' | 'int' | 'decimal' | 'bool' | 'choice' | 'datetime' | 'date' | 'username';

export interface FieldSpec {
  key: string;
  zh: string;
  en: string;
  type: FieldType;
  required?: boolean;
  naturalKey?: boolean;
  max?: number;
  /** choice values, each with the words people type for it */
  choices?: Record<string, string[]>;
  /** other headers recognised for this field */
  aliases?: string[];
  hint: { zh: string; en: string };
}

export type Typed = string | number | boolean | Date | null | undefined;
export type Values = Record<string, Typed>;

export interface RowIssue {
  field: string | null;
  code: ImportRowReason;
  params?: Record<string, string | number>;
}

export interface PlannedRow {
  rowNo: number;
  values: Values;
  /** `line`: a further line of the record another row creates (an order's lines, one row each) */
  action: 'create' | 'update' | 'skip' | 'error' | 'line';
  key: string | null;
  label: string | null;
  issues: RowIssue[];
  /** what the plan found (existing id…) for the run */
  found?: unknown;
}

export interface ImportKindSpec {
  kind: TImportKind;
  permission: Permission;
  recordType: string;
  title: { zh: string; en: string };
  /** sheet names that hold this kind in a workbook of several */
  sheetNames: string[];
  rule: { zh: string; en: string };
  fields: FieldSpec[];
  /** create/update/skip per valid row, with lookups in bulk; marks rows with kind-specific problems */
  plan(db: Executor, rows: PlannedRow[]): Promise<void>;
  /**
   * A whole batch at once (the kind's bulk path: a few statements per batch instead of several per row). Each
   * record's own `create` audit row carries `reasonOf(row)` ("imported from file X row N"); the run adds one audit
   * row on the import per batch listing row → record. Returns the outcomes in the order given.
   */
  /** rows per transaction on the bulk path (default IMPORT_BATCH): a batch is a handful of statements, so larger is cheaper */
  batchSize?: number;
  applyBatch?(
    tx: Db,
    auth: AuthContext,
    rows: PlannedRow[],
    reasonOf: (row: PlannedRow) => string,
  ): Promise<{ id: string; outcome: 'created' | 'updated' | 'skipped' }[]>;
  /** rows sharing the natural key are one record (an order's lines): no duplicate-key error, the kind groups them */
  grouped?: boolean;
  /** writes one row through the feature's service inside the batch's transaction; returns the record's id */
  apply(
    tx: Db,
    auth: AuthContext,
    row: PlannedRow,
    reason: string,
  ): Promise<{ id: string; outcome: 'created' | 'updated' | 'skipped'; secret?: { key: string; label: string; value: string } }>;
}

const hint = (zh: string, en: string) => ({ zh, en });
const str = (v: Typed) => (v === null || v === undefined ? null : String(v));
const yesNo: Record<string, string[]> = { true: ['是', 'y', 'yes', '1', 'true', '√', '✓'], false: ['否', 'n', 'no', '0', 'false', '×'] };

const customerFields: FieldSpec[] = [
  {
    key: 'code',
    zh: '客户编号',
    en: 'Customer code',
    type: 'code',
    required: true,
    naturalKey: true,
    aliases: ['编号', '客户代码', 'code'],
    hint: hint('唯一；已存在则更新', 'unique; an existing code is updated'),
  },
  {
    key: 'nameZh',
    zh: '客户名称',
    en: 'Customer name',
    type: 'text',
    required: true,
    max: 120,
    aliases: ['中文名称', '名称', '公司名称', 'name', 'namezh'],
    hint: hint('中文全称', 'full Chinese name'),
  },
  { key: 'nameEn', zh: '英文名称', en: 'English name', type: 'text', max: 160, aliases: ['nameen'], hint: hint('', '') },
  {
    key: 'grade',
    zh: '等级',
    en: 'Grade',
    type: 'choice',
    choices: Object.fromEntries(customerGrades.map((g) => [g, [g]])),
    aliases: ['客户等级'],
    hint: hint('A/B/C/D', 'A/B/C/D'),
  },
  {
    key: 'status',
    zh: '状态',
    en: 'Status',
    type: 'choice',
    choices: {
      prospect: ['潜在', '潜在客户'],
      active: ['活跃', '合作中', '正常'],
      dormant: ['休眠', '沉睡'],
      blocked: ['停止', '冻结', '黑名单'],
    } satisfies Record<(typeof customerStatuses)[number], string[]>,
    hint: hint('潜在/活跃/休眠/停止', 'prospect/active/dormant/blocked'),
  },
  {
    key: 'contactCadenceDays',
    zh: '联系周期（天）',
    en: 'Contact cadence (days)',
    type: 'number',
    aliases: ['联系周期'],
    hint: hint('多少天至少联系一次', 'contact at least every n days'),
  },
  { key: 'notes', zh: '备注', en: 'Notes', type: 'text', max: 2000, hint: hint('', '') },
  {
    key: 'contactName',
    zh: '联系人',
    en: 'Contact',
    type: 'text',
    max: 60,
    aliases: ['联系人姓名', 'contact name'],
    hint: hint('主要联系人；同名联系人不重复添加', 'primary contact; not added twice'),
  },
  { key: 'contactTitle', zh: '职务', en: 'Title', type: 'text', max: 60, aliases: ['联系人职务', 'job title'], hint: hint('', '') },
  { key: 'phone', zh: '电话', en: 'Phone', type: 'text', max: 40, aliases: ['座机', 'tel', 'telephone'], hint: hint('', '') },
  { key: 'mobile', zh: '手机', en: 'Mobile', type: 'text', max: 40, aliases: ['手机号', 'cell'], hint: hint('', '') },
  { key: 'email', zh: '邮箱', en: 'Email', type: 'email', max: 200, aliases: ['电子邮件', 'e-mail', '邮件'], hint: hint('', '') },
  { key: 'im', zh: '微信/IM', en: 'IM / WeChat', type: 'text', max: 80, aliases: ['微信', 'wechat', 'im'], hint: hint('', '') },
];

const productFields: FieldSpec[] = [
  {
    key: 'model',
    zh: '型号',
    en: 'Model',
    type: 'text',
    required: true,
    naturalKey: true,
    max: 60,
    aliases: ['产品型号', 'part number', 'pn'],
    hint: hint('唯一；已存在则更新', 'unique; an existing model is updated'),
  },
  { key: 'spec', zh: '规格', en: 'Specification', type: 'text', max: 200, aliases: ['spec'], hint: hint('', '') },
  { key: 'nameZh', zh: '中文名称', en: 'Chinese name', type: 'text', required: true, max: 100, aliases: ['名称', '品名', 'name'], hint: hint('', '') },
  { key: 'nameEn', zh: '英文名称', en: 'English name', type: 'text', max: 100, hint: hint('', '') },
  { key: 'inBom', zh: '在BOM中', en: 'In BOM', type: 'bool', choices: yesNo, aliases: ['已列入bom', 'bom'], hint: hint('是/否', 'yes/no') },
  { key: 'notes', zh: '备注', en: 'Notes', type: 'text', max: 1000, hint: hint('', '') },
];

const vendorFields: FieldSpec[] = [
  {
    key: 'code',
    zh: '编号',
    en: 'Code',
    type: 'code',
    required: true,
    naturalKey: true,
    aliases: ['加工商编号', 'vendor code'],
    hint: hint('唯一；已存在则更新', 'unique; an existing code is updated'),
  },
  { key: 'nameZh', zh: '名称', en: 'Name', type: 'text', required: true, max: 100, aliases: ['加工商名称', '中文名称', 'vendor name'], hint: hint('', '') },
  { key: 'nameEn', zh: '英文名称', en: 'English name', type: 'text', max: 100, hint: hint('', '') },
  {
    key: 'status',
    zh: '状态',
    en: 'Status',
    type: 'choice',
    choices: { qualified: ['合格'], conditional: ['有条件合格', '条件合格'], suspended: ['暂停', '停用'] } satisfies Record<
      (typeof vendorStatuses)[number],
      string[]
    >,
    hint: hint('合格/有条件合格/暂停', 'qualified/conditional/suspended'),
  },
  { key: 'scope', zh: '加工范围', en: 'Scope', type: 'text', max: 500, aliases: ['范围'], hint: hint('', '') },
  { key: 'notes', zh: '备注', en: 'Notes', type: 'text', max: 1000, hint: hint('', '') },
];

const communicationFields: FieldSpec[] = [
  {
    key: 'customerCode',
    zh: '客户编号',
    en: 'Customer code',
    type: 'text',
    required: true,
    aliases: ['客户代码', 'customer'],
    hint: hint('须已存在', 'must exist'),
  },
  {
    key: 'occurredAt',
    zh: '沟通时间',
    en: 'When',
    type: 'datetime',
    required: true,
    aliases: ['日期', '时间', '沟通日期', 'date', 'occurred at'],
    hint: hint('2026-03-05 14:30、2026/3/5、2026年3月5日 或 Excel 日期', '2026-03-05 14:30, 2026/3/5, 2026年3月5日 or an Excel date'),
  },
  {
    key: 'channel',
    zh: '沟通方式',
    en: 'Channel',
    type: 'choice',
    required: true,
    aliases: ['方式'],
    choices: {
      phone: ['电话'],
      fax: ['传真'],
      email: ['邮件', '电子邮件', 'e-mail'],
      meeting: ['会议', '面谈'],
      visit: ['拜访', '来访'],
      im: ['微信', '即时通讯', 'wechat'],
      letter: ['信函', '书信'],
      portal: ['门户', '客户门户'],
    } satisfies Record<(typeof channels)[number], string[]>,
    hint: hint('电话/传真/邮件/会议/拜访/微信/信函/门户', 'phone/fax/email/meeting/visit/im/letter/portal'),
  },
  {
    key: 'direction',
    zh: '方向',
    en: 'Direction',
    type: 'choice',
    choices: { in: ['来', '收到', '客户来', '客户→我方'], out: ['去', '发出', '我方去', '我方→客户'], internal: ['内部'] } satisfies Record<
      (typeof directions)[number],
      string[]
    >,
    hint: hint('收到/发出/内部（默认收到）', 'in/out/internal (default in)'),
  },
  {
    key: 'topic',
    zh: '类别',
    en: 'Topic',
    type: 'choice',
    aliases: ['主题类型'],
    choices: {
      enquiry: ['咨询', '询价'],
      order: ['订单'],
      'product-info': ['产品信息'],
      complaint: ['投诉'],
      'customer-property': ['客户财产'],
      contingency: ['应急'],
      other: ['其他'],
    } satisfies Record<(typeof topics)[number], string[]>,
    hint: hint(
      '咨询/订单/产品信息/投诉/客户财产/应急/其他（默认其他）',
      'enquiry/order/product-info/complaint/customer-property/contingency/other (default other)',
    ),
  },
  {
    key: 'contactName',
    zh: '客户联系人',
    en: 'Contact',
    type: 'text',
    max: 60,
    aliases: ['联系人'],
    hint: hint('按姓名匹配该客户的联系人', "matched by name among the customer's contacts"),
  },
  {
    key: 'subject',
    zh: '主题',
    en: 'Subject',
    type: 'text',
    required: true,
    max: 200,
    hint: hint('同一客户、同一时间、同一主题视为已导入，跳过', 'same customer, time and subject: already there, skipped'),
  },
  { key: 'content', zh: '内容', en: 'Content', type: 'text', required: true, max: 20000, aliases: ['沟通内容', 'details'], hint: hint('', '') },
  { key: 'result', zh: '结果', en: 'Result', type: 'text', max: 4000, aliases: ['处理结果', 'outcome'], hint: hint('', '') },
];

function changed(before: Record<string, unknown>, after: Record<string, unknown>) {
  return Object.keys(after).some((k) => (before[k] ?? null) !== (after[k] ?? null));
}

/** file values over the record's: a column left out (or empty) keeps what the record has */
const keep = <T>(v: Typed, current: T): T | string | number | boolean | Date => (v === null || v === undefined ? current : (v as string | number | boolean));

const customers: ImportKindSpec = {
  kind: 'customers',
  permission: 'customers.write',
  recordType: 'customer',
  title: { zh: '客户及联系人', en: 'Customers with contacts' },
  sheetNames: ['客户', '客户档案', 'customers'],
  rule: {
    zh: '按客户编号匹配：新编号创建客户（含主要联系人）；已有编号更新文件中填写的字段，空白单元格保持原值；联系人按姓名匹配，已有则不重复添加。',
    en: 'Matched by customer code: a new code creates the customer (with its primary contact); an existing code updates the fields the file fills, empty cells keep the current value; contacts are matched by name and never added twice.',
  },
  fields: customerFields,
  async plan(db, rows) {
    for (const r of rows) {
      const code = String(r.values.code).toUpperCase();
      r.key = code;
      r.label = str(r.values.nameZh);
      const existing = await selectCustomerByCode(db, code);
      if (!existing) {
        r.action = 'create';
        continue;
      }
      const c = (await selectCustomer(db, existing.id))!;
      if (c.voidedAt) {
        r.issues.push({ field: 'code', code: 'voided' });
        continue;
      }
      const contacts = r.values.contactName ? await selectContacts(db, [existing.id]) : [];
      const next = customerUpdate(c, r.values);
      const newContact = !!r.values.contactName && !contacts.some((k) => !k.voidedAt && k.name === r.values.contactName);
      r.found = { id: existing.id, newContact };
      r.action = changed(c as unknown as Record<string, unknown>, next) || newContact ? 'update' : 'skip';
    }
  },
  async apply(tx, auth, row, reason) {
    const v = row.values;
    const contact = v.contactName
      ? {
          name: String(v.contactName),
          title: str(v.contactTitle),
          phone: str(v.phone),
          mobile: str(v.mobile),
          email: str(v.email),
          im: str(v.im),
          preferredChannel: null,
          isPrimary: true,
          notes: null,
        }
      : null;
    const found = row.found as { id: string; newContact: boolean } | undefined;
    if (!found) {
      const created = await createCustomer(tx, auth, {
        code: String(v.code).toUpperCase(),
        nameZh: String(v.nameZh),
        nameEn: str(v.nameEn),
        grade: (str(v.grade) as never) ?? null,
        status: (str(v.status) as never) ?? 'active',
        ownerId: auth.userId,
        contactCadenceDays: (v.contactCadenceDays as number | null) ?? null,
        preferredLanguage: 'zh-CN',
        notes: str(v.notes),
        contacts: contact ? [contact] : [],
      });
      return { id: created.id, outcome: 'created' };
    }
    const c = (await selectCustomer(tx, found.id))!;
    const next = customerUpdate(c, v);
    let touched = false;
    if (changed(c as unknown as Record<string, unknown>, next)) {
      await updateCustomer(tx, auth, found.id, { version: c.version, reason, ...next } as never);
      touched = true;
    }
    if (contact && found.newContact) {
      const has = (await selectContacts(tx, [found.id])).some((k) => !k.voidedAt);
      await addContact(tx, auth, found.id, { ...contact, isPrimary: !has });
      touched = true;
    }
    return { id: found.id, outcome: touched ? 'updated' : 'skipped' };
  },
};

function customerUpdate(c: NonNullable<Awaited<ReturnType<typeof selectCustomer>>>, v: Values) {
  return {
    nameZh: keep(v.nameZh, c.nameZh),
    nameEn: keep(v.nameEn, c.nameEn),
    grade: keep(v.grade, c.grade),
    status: keep(v.status, c.status),
    ownerId: c.ownerId,
    contactCadenceDays: keep(v.contactCadenceDays, c.contactCadenceDays),
    preferredLanguage: c.preferredLanguage,
    notes: keep(v.notes, c.notes),
  };
}

const products: ImportKindSpec = {
  kind: 'products',
  permission: 'products.manage',
  recordType: 'product',
  title: { zh: '型号目录', en: 'Products' },
  sheetNames: ['型号', '产品', 'products', 'models'],
  rule: {
    zh: '按型号匹配（不区分大小写）：新型号创建；已有型号更新文件中填写的字段，空白单元格保持原值。',
    en: 'Matched by model (any case): a new model is created; an existing one gets the fields the file fills, empty cells keep the current value.',
  },
  fields: productFields,
  async plan(db, rows) {
    const existing = await selectActiveProductsByModels(
      db,
      rows.map((r) => String(r.values.model)),
    );
    const byModel = new Map(existing.map((p) => [p.model.toUpperCase(), p]));
    for (const r of rows) {
      r.key = String(r.values.model);
      r.label = str(r.values.nameZh);
      const p = byModel.get(r.key.toUpperCase());
      if (!p) {
        r.action = 'create';
        continue;
      }
      r.found = p.id;
      r.action = changed(p as unknown as Record<string, unknown>, productUpdate(p, r.values)) ? 'update' : 'skip';
    }
  },
  async apply(tx, auth, row, reason) {
    const v = row.values;
    if (!row.found) {
      const p = await createProduct(tx, auth, {
        model: String(v.model),
        spec: str(v.spec),
        nameZh: String(v.nameZh),
        nameEn: str(v.nameEn),
        inBom: (v.inBom as boolean | null) ?? false,
        notes: str(v.notes),
      });
      return { id: p.id, outcome: 'created' };
    }
    const [p] = await selectActiveProductsByModels(tx, [String(v.model)]);
    if (!p) throw new Error('product vanished');
    const next = productUpdate(p, v);
    if (!changed(p as unknown as Record<string, unknown>, next)) return { id: p.id, outcome: 'skipped' };
    await updateProduct(tx, auth, p.id, { version: p.version, reason, ...next } as never);
    return { id: p.id, outcome: 'updated' };
  },
};

function productUpdate(p: { model: string; spec: string | null; nameZh: string; nameEn: string | null; inBom: boolean; notes: string | null }, v: Values) {
  return {
    model: p.model,
    spec: keep(v.spec, p.spec),
    nameZh: keep(v.nameZh, p.nameZh),
    nameEn: keep(v.nameEn, p.nameEn),
    inBom: keep(v.inBom, p.inBom),
    notes: keep(v.notes, p.notes),
  };
}

const vendors: ImportKindSpec = {
  kind: 'vendors',
  permission: 'vendors.manage',
  recordType: 'vendor',
  title: { zh: '合格外包加工商', en: 'Qualified vendors' },
  sheetNames: ['外包加工商', '加工商', 'vendors'],
  rule: {
    zh: '按编号匹配：新编号加入合格外包加工商清单；已有编号更新文件中填写的字段（变更原因记为"从文件导入"）。',
    en: 'Matched by code: a new code joins the qualified vendor list; an existing one gets the fields the file fills (the reason recorded: imported from the file).',
  },
  fields: vendorFields,
  async plan(db, rows) {
    const all = (await listVendors(db as Db, { includeVoided: 'true' } as never)).items;
    const byCode = new Map(all.map((x) => [x.code.toUpperCase(), x]));
    for (const r of rows) {
      r.key = String(r.values.code).toUpperCase();
      r.label = str(r.values.nameZh);
      const x = byCode.get(r.key);
      if (!x) {
        r.action = 'create';
        continue;
      }
      r.found = x.id;
      r.action = changed(x as unknown as Record<string, unknown>, vendorUpdate(x, r.values)) ? 'update' : 'skip';
    }
  },
  async apply(tx, auth, row, reason) {
    const v = row.values;
    if (!row.found) {
      const x = await createVendor(tx, auth, {
        code: String(v.code).toUpperCase(),
        nameZh: String(v.nameZh),
        nameEn: str(v.nameEn),
        status: (str(v.status) as never) ?? 'qualified',
        scope: str(v.scope),
        notes: str(v.notes),
      });
      return { id: x.id, outcome: 'created' };
    }
    const x = (await listVendors(tx, { includeVoided: 'true' } as never)).items.find((i) => i.id === row.found)!;
    const next = vendorUpdate(x, v);
    if (!changed(x as unknown as Record<string, unknown>, next)) return { id: x.id, outcome: 'skipped' };
    await updateVendor(tx, auth, x.id, { version: x.version, reason, ...next } as never);
    return { id: x.id, outcome: 'updated' };
  },
};

function vendorUpdate(x: { code: string; nameZh: string; nameEn: string | null; status: string; scope: string | null; notes: string | null }, v: Values) {
  return {
    code: x.code,
    nameZh: keep(v.nameZh, x.nameZh),
    nameEn: keep(v.nameEn, x.nameEn),
    status: keep(v.status, x.status),
    scope: keep(v.scope, x.scope),
    notes: keep(v.notes, x.notes),
  };
}

const communications: ImportKindSpec = {
  kind: 'communications',
  permission: 'communications.write',
  recordType: 'communication',
  title: { zh: '历史沟通记录', en: 'Past communications' },
  sheetNames: ['沟通记录', '沟通', 'communications'],
  rule: {
    zh: '每行一条沟通记录，记在客户编号对应的客户下（客户须已存在）；同一客户、同一时间、同一主题的记录已存在则跳过，不重复导入。',
    en: 'One communication per row, on the customer of the code (which must exist); a row whose customer, time and subject are already logged is skipped, never imported twice.',
  },
  fields: communicationFields,
  async plan(db, rows) {
    const codes = [...new Set(rows.map((r) => String(r.values.customerCode).toUpperCase()))];
    // the file's customers in one statement, and only the logged communications within the file's times
    const parties = await selectCustomerIdsByCodes(db, codes);
    const ids = [...parties.values()];
    let from = Infinity;
    let to = -Infinity;
    for (const r of rows) {
      const t = (r.values.occurredAt as Date).getTime();
      if (t < from) from = t;
      if (t > to) to = t;
    }
    const within = rows.length ? { from: new Date(from), to: new Date(to) } : undefined;
    const known = new Set((await selectCommunicationKeys(db, ids, within)).map((k) => `${k.partyId}|${k.occurredAt.toISOString()}|${k.subject}`));
    const contactsByParty = new Map<string, Map<string, string>>();
    for (const c of await selectContacts(db, ids)) {
      if (c.voidedAt) continue;
      const m = contactsByParty.get(c.partyId) ?? new Map<string, string>();
      m.set(c.name, c.id);
      contactsByParty.set(c.partyId, m);
    }
    for (const r of rows) {
      const code = String(r.values.customerCode).toUpperCase();
      r.key = code;
      r.label = str(r.values.subject);
      const partyId = parties.get(code);
      if (!partyId) {
        r.issues.push({ field: 'customerCode', code: 'unknown_customer', params: { value: code } });
        continue;
      }
      const at = (r.values.occurredAt as Date).toISOString();
      const k = `${partyId}|${at}|${String(r.values.subject)}`;
      const contactId = r.values.contactName ? (contactsByParty.get(partyId)?.get(String(r.values.contactName)) ?? null) : null;
      r.found = { partyId, contactId };
      if (known.has(k)) r.action = 'skip';
      else {
        r.action = 'create';
        known.add(k);
      }
    }
  },
  batchSize: 1000,
  async applyBatch(tx, auth, rows, reasonOf) {
    const ids = await createCommunicationsBulk(
      tx,
      auth,
      rows.map((row) => {
        const v = row.values;
        const { partyId, contactId } = row.found as { partyId: string; contactId: string | null };
        return {
          partyId,
          channel: String(v.channel),
          direction: str(v.direction) ?? 'in',
          topic: str(v.topic) ?? 'other',
          occurredAt: v.occurredAt as Date,
          contactId,
          subject: String(v.subject),
          content: String(v.content),
          result: str(v.result),
          reason: reasonOf(row),
        };
      }),
    );
    return ids.map((id) => ({ id, outcome: 'created' as const }));
  },
  async apply(tx, auth, row) {
    const v = row.values;
    const { partyId, contactId } = row.found as { partyId: string; contactId: string | null };
    const c = await createCommunication(tx, auth, {
      partyId,
      channel: String(v.channel) as never,
      direction: (str(v.direction) ?? 'in') as never,
      topic: (str(v.topic) ?? 'other') as never,
      occurredAt: (v.occurredAt as Date).toISOString(),
      contactId,
      subject: String(v.subject),
      content: String(v.content),
      result: str(v.result),
      followUpDue: null,
      links: [],
      attachmentIds: [],
    });
    return { id: c.id, outcome: 'created' };
  },
};

// ---- open orders with their lines and the step each stands at ----------------------------------------------------

const orderFields: FieldSpec[] = [
  {
    key: 'customerCode',
    zh: '客户编号',
    en: 'Customer code',
    type: 'text',
    required: true,
    aliases: ['客户代码', 'customer'],
    hint: hint('须已存在', 'must exist'),
  },
  {
    key: 'customerPo',
    zh: '客户订单号',
    en: 'Customer PO',
    type: 'text',
    required: true,
    naturalKey: true,
    max: 60,
    aliases: ['订单号', 'po', 'po number', 'po no'],
    hint: hint(
      '同一客户同一订单号的多行为同一订单的多个明细行；已登记的订单号跳过',
      "rows with the same customer and PO are one order's lines; a PO already on file is skipped",
    ),
  },
  {
    key: 'orderDate',
    zh: '订货日期',
    en: 'Order date',
    type: 'date',
    required: true,
    aliases: ['下单日期', '订单日期', 'po date'],
    hint: hint('2026-03-05、2026/3/5、2026年3月5日 或 Excel 日期', '2026-03-05, 2026/3/5, 2026年3月5日 or an Excel date'),
  },
  {
    key: 'form',
    zh: '订单形式',
    en: 'Form',
    type: 'choice',
    choices: { po: ['正式订单', '订单'], fax: ['传真'], note: ['便条'], email: ['邮件', '电子邮件'], oral: ['口头', '电话'] } satisfies Record<
      (typeof orderForms)[number],
      string[]
    >,
    hint: hint('正式订单/传真/便条/邮件/口头（默认正式订单）', 'po/fax/note/email/oral (default po)'),
  },
  {
    key: 'step',
    zh: '当前步骤',
    en: 'Current step',
    type: 'text',
    required: true,
    max: 120,
    aliases: ['步骤', '进度', '状态', 'step', 'status'],
    hint: hint('订单流程中的步骤编号或名称，如 生产中 / production', 'the step id or its name in the order procedure, e.g. 生产中 / production'),
  },
  {
    key: 'stepSince',
    zh: '进入步骤时间',
    en: 'At this step since',
    type: 'datetime',
    aliases: ['步骤开始时间', 'since'],
    hint: hint('该步骤期限从此时起算（默认导入时）', "the step's deadline runs from then (default: the import)"),
  },
  { key: 'model', zh: '型号', en: 'Model', type: 'text', required: true, max: 60, aliases: ['产品型号', 'part number', 'pn'], hint: hint('', '') },
  { key: 'quantity', zh: '数量', en: 'Quantity', type: 'int', required: true, aliases: ['订货数量', 'qty'], hint: hint('正整数', 'a whole number > 0') },
  { key: 'unit', zh: '单位', en: 'Unit', type: 'text', max: 12, hint: hint('默认 pcs', 'default pcs') },
  {
    key: 'requestedDate',
    zh: '要求交期',
    en: 'Requested delivery',
    type: 'date',
    required: true,
    aliases: ['交期', '交货日期', 'delivery date', 'due date'],
    hint: hint('不早于订货日期', 'not before the order date'),
  },
  {
    key: 'unitPrice',
    zh: '单价',
    en: 'Unit price',
    type: 'decimal',
    aliases: ['价格', 'price'],
    hint: hint('仅有价格权限的用户可导入', 'only users who may read prices import it'),
  },
  { key: 'currency', zh: '币种', en: 'Currency', type: 'code', aliases: ['货币'], hint: hint('默认 CNY', 'default CNY') },
  { key: 'notes', zh: '备注', en: 'Notes', type: 'text', max: 4000, hint: hint('', '') },
];

interface OrderGroup {
  partyId: string;
  stepId: string;
  lines: PlannedRow[];
}

/** a step by its id or its zh/en name (any case, spaces ignored) */
function stepByName(text: string) {
  const norm = (x: string) => x.replace(/\s+/g, '').toLowerCase();
  const wanted = norm(text);
  return openSteps('order').find((s) => norm(s.id) === wanted || norm(s.name.zh) === wanted || norm(s.name.en) === wanted) ?? null;
}

const orders: ImportKindSpec = {
  kind: 'orders',
  permission: 'orders.write',
  recordType: 'order',
  title: { zh: '未结订单', en: 'Open orders' },
  sheetNames: ['未结订单', '订单', 'orders', 'open orders'],
  rule: {
    zh: '同一客户、同一客户订单号的各行是同一订单的明细行（表头字段须一致）；订单按录入的方式建立，订单流程从"当前步骤"开始，期限从"进入步骤时间"（默认导入时）起算。该客户已有此订单号的订单则跳过，不重复导入。单价列仅限有价格权限的用户。',
    en: "Rows with the same customer and customer PO are the lines of one order (their header fields must agree); the order is entered as if typed in and its order procedure starts at the current step, the step's deadline running from 'at this step since' (default: the import). A PO the customer already has on file is skipped, never imported twice. The unit price column only for users who may read prices.",
  },
  fields: orderFields,
  grouped: true,
  async plan(db, rows) {
    const parties = new Map<string, string | null>();
    const groups = new Map<string, OrderGroup>();
    for (const r of rows) {
      const code = String(r.values.customerCode).toUpperCase();
      const po = String(r.values.customerPo).trim();
      r.key = `${code} / ${po}`;
      r.label = str(r.values.model);
      if (!parties.has(code)) parties.set(code, (await selectCustomerByCode(db, code))?.id ?? null);
      const partyId = parties.get(code);
      if (!partyId) {
        r.issues.push({ field: 'customerCode', code: 'unknown_customer', params: { value: code } });
        continue;
      }
      const step = stepByName(String(r.values.step));
      if (!step) {
        r.issues.push({
          field: 'step',
          code: 'unknown_step',
          params: {
            value: String(r.values.step),
            choices: openSteps('order')
              .map((s) => `${s.id}/${s.name.zh}`)
              .join(', '),
          },
        });
        continue;
      }
      if (String(r.values.requestedDate) < String(r.values.orderDate)) {
        r.issues.push({ field: 'requestedDate', code: 'before_order_date' });
        continue;
      }
      const gk = `${partyId}|${po.toUpperCase()}`;
      const g = groups.get(gk);
      if (!g) {
        groups.set(gk, { partyId, stepId: step.id, lines: [r] });
        if (await selectOrderByPo(db, partyId, po)) {
          r.action = 'skip';
          r.found = { skip: true };
        } else {
          r.action = 'create';
          r.found = groups.get(gk);
        }
        continue;
      }
      const lead = g.lines[0]!;
      const differs =
        (['orderDate', 'form', 'notes'] as const).find((k) => (lead.values[k] ?? null) !== (r.values[k] ?? null)) ?? (step.id !== g.stepId ? 'step' : null);
      const since = (v: Typed) => (v instanceof Date ? v.getTime() : null);
      const differsSince = since(lead.values.stepSince) !== since(r.values.stepSince) ? 'stepSince' : null;
      if (differs || differsSince) {
        r.issues.push({ field: differs ?? differsSince, code: 'group_mismatch', params: { other: lead.rowNo } });
        continue;
      }
      g.lines.push(r);
      r.action = lead.action === 'skip' ? 'skip' : 'line';
    }
    // an order whose line has an error is not imported at all: its first row carries the error too
    for (const g of groups.values()) {
      const lead = g.lines[0]!;
      const bad = rows.find((r) => r.issues.length && r.key === lead.key && r !== lead);
      if (bad && !lead.issues.length) lead.issues.push({ field: 'customerPo', code: 'line_has_errors', params: { other: bad.rowNo } });
    }
  },
  async apply(tx, auth, row, reason) {
    const found = row.found as OrderGroup | { skip: true };
    if ('skip' in found) return { id: '', outcome: 'skipped' };
    const v = row.values;
    const orderDate = String(v.orderDate);
    const id = await importOpenOrder(
      tx,
      auth,
      {
        partyId: found.partyId,
        customerPo: String(v.customerPo).trim(),
        form: (str(v.form) ?? 'po') as never,
        orderDate,
        // received on the order date (09:00 at the site is what the date cell gives; never in the future)
        receivedAt: new Date(Math.min(Date.now(), Date.parse(`${orderDate}T01:00:00Z`))).toISOString(),
        contactId: null,
        notes: str(v.notes),
        attachmentIds: [],
        confirmDuplicate: false,
        lines: found.lines.map((l) => ({
          model: String(l.values.model),
          quantity: l.values.quantity as number,
          unit: str(l.values.unit) ?? 'pcs',
          requestedDate: String(l.values.requestedDate),
          acceptanceBasis: 'standard' as const,
          unitPrice: (l.values.unitPrice as number | null) ?? null,
          currency: str(l.values.currency) ?? 'CNY',
          unclear: false,
        })) as never,
      },
      { stepId: found.stepId, at: (v.stepSince as Date | null) ?? new Date(), reason },
    );
    return { id, outcome: 'created' };
  },
};

// ---- users with departments and roles ----------------------------------------------------------------------------

const userFields: FieldSpec[] = [
  {
    key: 'username',
    zh: '用户名',
    en: 'User name',
    type: 'username',
    required: true,
    naturalKey: true,
    aliases: ['账号', '登录名', 'login', 'username'],
    hint: hint(
      '字母、数字、. _ -（2–40 位）；已存在则更新姓名、部门和角色',
      'letters, digits, . _ - (2–40); an existing one gets name, departments and roles updated',
    ),
  },
  { key: 'displayName', zh: '姓名', en: 'Name', type: 'text', required: true, max: 60, aliases: ['显示名', 'display name', 'full name'], hint: hint('', '') },
  { key: 'workEmail', zh: '工作邮箱', en: 'Work e-mail', type: 'email', max: 200, aliases: ['邮箱', 'email', 'e-mail'], hint: hint('', '') },
  {
    key: 'departments',
    zh: '部门',
    en: 'Departments',
    type: 'text',
    required: true,
    max: 500,
    aliases: ['所属部门', 'department'],
    hint: hint('部门编号或名称，多个用 、或 , 分隔', 'department codes or names, several separated by , or 、'),
  },
  {
    key: 'roles',
    zh: '角色',
    en: 'Roles',
    type: 'text',
    required: true,
    max: 500,
    aliases: ['岗位角色', 'role'],
    hint: hint('角色编号或名称，多个用 、或 , 分隔', 'role codes or names, several separated by , or 、'),
  },
  {
    key: 'locale',
    zh: '语言',
    en: 'Language',
    type: 'choice',
    choices: { 'zh-CN': ['中文', '简体中文', 'zh', 'chinese'], 'en-US': ['英文', 'english', 'en'] },
    hint: hint('中文/英文（默认中文）', 'Chinese/English (default Chinese)'),
  },
];

const splitList = (v: Typed) =>
  String(v ?? '')
    .split(/[,，、;；\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

/** a one-time password: 18 random base64url characters (the policy's strength many times over) */
const oneTimePassword = () => randomBytes(14).toString('base64url');

interface UserPlan {
  userId: string | null;
  roles: string[];
  departmentIds: string[];
}

const users: ImportKindSpec = {
  kind: 'users',
  permission: 'users.admin',
  recordType: 'user',
  title: { zh: '用户（部门与角色）', en: 'Users with departments and roles' },
  sheetNames: ['用户', '员工', 'users'],
  rule: {
    zh: '按用户名匹配：新用户名创建用户，生成一次性初始密码（导入完成后下载一次），首次登录必须修改密码；已有用户名则更新姓名、邮箱、部门和角色。部门和角色可填编号或中/英文名称。',
    en: 'Matched by user name: a new one creates the user with a generated one-time password (downloaded once after the import) to be changed at the first sign-in; an existing one gets name, e-mail, departments and roles updated. Departments and roles by code or Chinese/English name.',
  },
  fields: userFields,
  async plan(db, rows) {
    const norm = (x: string) => x.replace(/\s+/g, '').toLowerCase();
    const depts = (await selectDepartments(db)).filter((d) => d.active);
    const roleRows = await selectRoles(db);
    for (const r of rows) {
      r.key = String(r.values.username);
      r.label = str(r.values.displayName);
      const departmentIds: string[] = [];
      for (const name of splitList(r.values.departments)) {
        const d = depts.find((x) => [x.code, x.nameZh, x.nameEn].some((n) => norm(n) === norm(name)));
        if (d) departmentIds.push(d.id);
        else r.issues.push({ field: 'departments', code: 'unknown_department', params: { value: name } });
      }
      const roles: string[] = [];
      for (const name of splitList(r.values.roles)) {
        const x = roleRows.find((y) => [y.code, y.nameZh, y.nameEn].some((n) => norm(n) === norm(name)));
        if (x) roles.push(x.code);
        else r.issues.push({ field: 'roles', code: 'unknown_role', params: { value: name } });
      }
      if (r.issues.length) continue;
      const existing = await userIdByUsername(db as Db, String(r.values.username));
      r.found = { userId: existing, roles: [...new Set(roles)], departmentIds: [...new Set(departmentIds)] } satisfies UserPlan;
      r.action = existing ? 'update' : 'create';
    }
  },
  async apply(tx, auth, row) {
    const v = row.values;
    const p = row.found as UserPlan;
    if (!p.userId) {
      const password = oneTimePassword();
      const u = await createUser(tx, auth, {
        username: String(v.username),
        displayName: String(v.displayName),
        workEmail: str(v.workEmail),
        locale: (str(v.locale) ?? 'zh-CN') as 'zh-CN',
        roles: p.roles as never,
        departmentIds: p.departmentIds,
        password,
      });
      return { id: u.id, outcome: 'created', secret: { key: String(v.username), label: String(v.displayName), value: password } };
    }
    const u = await updateUserFromImport(tx, auth, p.userId, {
      displayName: String(v.displayName),
      workEmail: str(v.workEmail),
      locale: str(v.locale),
      roles: p.roles,
      departmentIds: p.departmentIds,
    });
    return { id: p.userId, outcome: u ? 'updated' : 'skipped' };
  },
};

export const importKinds: Record<TImportKind, ImportKindSpec> = { customers, products, vendors, communications, orders, users };
