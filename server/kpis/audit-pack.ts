import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { Db } from '../platform/db/client.js';
import type { AuthContext } from '../platform/http/access.js';
import { AppError } from '../platform/http/app-error.js';
import { redact } from '../platform/http/redact.js';
import { insertAudit } from '../platform/audit/index.js';
import type { Locale } from '../../contracts/errors.js';
import type { Permission } from '../../contracts/identity.js';
import { getOrder } from '../orders/index.js';
import { getComplaint } from '../complaints/index.js';
import { getVisit } from '../visits/index.js';
import { replyLetter } from '../surveys/index.js';
import { cellFormatter, exportListBuffer } from '../spreadsheets/index.js';
import * as repo from './audit-pack.repository.js';
import { esc, page, recordForm, t, type Bi, type FormSpec } from './audit-pack.html.js';
import { kpiReportWorkbook } from './report.js';
import { scopeOf } from './kpis.service.js';

/**
 * The audit pack [IATF 16949 9.1.2.1, ISO 9001 7.5.3]: for one customer and a period, one zip with an index page, the
 * records' print forms (self-contained HTML), the communications and the audit trail as xlsx, the customer's KPI sheet
 * and a manifest of SHA-256 checksums. Everything is built as the asking user would see it in the app: a kind of record
 * the user may not read is left out (the index says so), prices and contacts' personal data are removed at any depth
 * (`redact`, the same rule as every response) and the list export leaves out the columns the user may not see.
 */
interface PackFile {
  name: string;
  data: Buffer;
}

const FORMS = {
  contractReview: {
    title: { zh: '合同评审记录', en: 'Contract review' },
    fields: [
      'number',
      'partyName',
      'customerPo',
      'form',
      'orderDate',
      'receivedAt',
      'receiverName',
      'contactName',
      'computedType',
      'type',
      'classificationReasons',
      'major',
      'reviewedAt',
      'status',
      'notes',
      'totalAmount',
    ],
    sections: ['lines', 'clarifications', 'reviewMeeting', 'reviewWaiver'],
  },
  productionNotice: {
    title: { zh: '生产通知单', en: 'Production notice' },
    fields: ['number', 'partyName', 'customerPo', 'orderDate', 'computedType', 'type', 'notes'],
    sections: ['lines'],
    omit: ['unitPrice', 'price', 'lineAmount', 'totalAmount', 'discount', 'cost', 'margin'],
  },
  deliveryPlan: {
    title: { zh: '交货计划', en: 'Delivery plan' },
    fields: ['number', 'partyName', 'customerPo', 'orderDate', 'deliveryPlanRevision'],
    sections: ['lines', 'deliveryChanges', 'shipments'],
    omit: ['unitPrice', 'price', 'lineAmount', 'totalAmount', 'discount', 'cost', 'margin'],
  },
  complaintForm: {
    title: { zh: '客户投诉处理单', en: 'Complaint form' },
    fields: [
      'number',
      'kind',
      'partyName',
      'channel',
      'receivedAt',
      'receiverName',
      'contactName',
      'model',
      'lot',
      'deliveredQuantity',
      'defectiveQuantity',
      'severity',
      'description',
      'failureMode',
      'remedySought',
      'remedyNote',
      'status',
      'closedAt',
    ],
    sections: ['acknowledgement', 'assessment', 'returns'],
  },
  eightD: {
    title: { zh: '8D 报告', en: '8D report' },
    fields: ['number', 'partyName', 'model', 'lot', 'defectiveQuantity', 'description', 'status', 'closedAt'],
    sections: ['team', 'problem', 'containment', 'rootCause', 'actions', 'effectiveness', 'prevention', 'confirmations', 'disciplines', 'recurrences'],
  },
  visitMinutes: {
    title: { zh: '客户来访/审核纪要', en: 'Visit minutes' },
    fields: [
      'number',
      'direction',
      'kind',
      'partyName',
      'purpose',
      'visitors',
      'startDate',
      'endDate',
      'focusItems',
      'ndaRequired',
      'restrictedAreas',
      'noticeDepartments',
      'minutes',
      'outcomes',
      'nextContact',
      'customerInformed',
      'status',
      'ownerName',
    ],
    sections: ['accompanying', 'acknowledgements', 'findings'],
  },
  replyLetter: {
    title: { zh: '顾客满意度调查回复函', en: 'Survey reply letter' },
    fields: [
      'campaignNumber',
      'campaignTitle',
      'periodFrom',
      'periodTo',
      'partyName',
      'partyNameEn',
      'contactName',
      'respondedAt',
      'senderName',
      'date',
      'replied',
    ],
    sections: ['improvements'],
  },
} satisfies Record<string, FormSpec>;

const KINDS: { key: 'orders' | 'complaints' | 'visits' | 'surveys'; permission: Permission; title: Bi; forms: (keyof typeof FORMS)[] }[] = [
  {
    key: 'orders',
    permission: 'orders.read',
    title: { zh: '客户订单（合同评审、生产通知、交货计划）', en: 'Orders (contract review, production notice, delivery plan)' },
    forms: ['contractReview', 'productionNotice', 'deliveryPlan'],
  },
  {
    key: 'complaints',
    permission: 'complaints.read',
    title: { zh: '客户投诉（投诉处理单、8D 报告）', en: 'Complaints (complaint form, 8D report)' },
    forms: ['complaintForm', 'eightD'],
  },
  { key: 'visits', permission: 'visits.read', title: { zh: '客户来访与审核（纪要）', en: 'Visits and audits (minutes)' }, forms: ['visitMinutes'] },
  { key: 'surveys', permission: 'surveys.read', title: { zh: '满意度调查（回复函）', en: 'Satisfaction surveys (reply letters)' }, forms: ['replyLetter'] },
];
const REF_TYPE = { orders: 'order', complaints: 'complaint', visits: 'visit', surveys: 'survey-campaign' } as const;

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const STORED = /\.(xlsx|zip|png|jpe?g)$/i;

export interface AuditPackRequest {
  partyId: string;
  from: string;
  to: string;
}

export interface AuditPack {
  stream: PassThrough;
  filename: string;
  files: number;
}

export async function buildAuditPack(
  db: Db,
  auth: AuthContext,
  req: AuditPackRequest,
  opts: { locale: Locale; timeZone: string; companyName: Bi },
): Promise<AuditPack> {
  const { locale } = opts;
  const party = await repo.selectPackParty(db, req.partyId);
  if (!party) throw new AppError('NOT_FOUND');
  const { scope } = await scopeOf(db, { from: req.from, to: req.to, partyId: req.partyId });
  const records = await repo.selectPackRecords(db, party.id, scope.fromAt, scope.toAt, scope.fromDate, scope.toDate);
  const customer = `${party.code} ${locale === 'zh-CN' ? party.nameZh : (party.nameEn ?? party.nameZh)}`;
  const generatedAt = new Date();
  const cell = cellFormatter(locale, opts.timeZone);
  const when = (iso: string) => String(cell({ key: 'x', zh: '', en: '', kind: 'datetime' }, { x: iso }) ?? '');
  const meta = {
    when,
    org: t(opts.companyName, locale),
    customer,
    generated: `${locale === 'zh-CN' ? '生成于' : 'Generated'} ${when(generatedAt.toISOString())} · ${auth.displayName}`,
  };
  const files: PackFile[] = [];
  const add = (name: string, data: Buffer | string) => files.push({ name, data: typeof data === 'string' ? Buffer.from(data, 'utf8') : data });

  // ---- the records' print forms
  const listed: { kind: (typeof KINDS)[number]; rows: { number: string; at: string; voided: boolean; files: string[] }[] }[] = [];
  const omitted: Bi[] = [];
  const refs: { type: string; id: string }[] = [];
  for (const kind of KINDS) {
    if (!auth.permissions.has(kind.permission)) {
      omitted.push(kind.title);
      continue;
    }
    const rows: (typeof listed)[number]['rows'] = [];
    for (const r of records[kind.key]) {
      refs.push({ type: REF_TYPE[kind.key], id: r.id });
      const loaded: unknown =
        kind.key === 'orders'
          ? await getOrder(db, r.id)
          : kind.key === 'complaints'
            ? await getComplaint(db, r.id)
            : kind.key === 'visits'
              ? await getVisit(db, r.id)
              : await replyLetter(db, auth, r.id, party.id);
      const rec = redact({ partyName: customer, ...(loaded as Record<string, unknown>) }, auth.visible);
      const names: string[] = [];
      for (const form of kind.forms) {
        const name = `records/${kind.key}/${safe(r.number)}-${form}.html`;
        add(name, recordForm(FORMS[form], rec, meta, locale));
        names.push(name);
      }
      const at = r.at instanceof Date ? r.at.toISOString() : String(r.at);
      rows.push({ number: r.number, at: at.length > 10 ? when(at) : at, voided: r.voided, files: names });
    }
    listed.push({ kind, rows });
  }

  // ---- communications and audit trail (xlsx), the KPI sheet
  const sheets: { name: string; title: Bi; rows: number | null }[] = [];
  if (auth.permissions.has('communications.read')) {
    const x = await exportListBuffer(
      db,
      auth,
      'communications',
      { partyId: party.id, from: scope.fromAt.toISOString(), to: new Date(scope.toAt.getTime() - 1).toISOString() },
      opts,
    );
    add('communications.xlsx', x.buf);
    sheets.push({ name: 'communications.xlsx', title: { zh: '沟通记录', en: 'Communications' }, rows: x.rows });
  } else omitted.push({ zh: '沟通记录', en: 'Communications' });
  if (auth.permissions.has('audit.read')) {
    const trail = await repo.selectPackAudit(db, refs, { type: 'customer', id: party.id }, scope.fromAt, scope.toAt);
    add('audit-trail.xlsx', await auditWorkbook(trail, auth, locale, when));
    sheets.push({ name: 'audit-trail.xlsx', title: { zh: '审计记录', en: 'Audit trail' }, rows: trail.length });
  } else omitted.push({ zh: '审计记录', en: 'Audit trail' });
  const kpi = await kpiReportWorkbook(db, auth, { from: req.from, to: req.to, partyId: party.id });
  add('kpi-sheet.xlsx', kpi.buf);
  sheets.push({ name: 'kpi-sheet.xlsx', title: { zh: '客户绩效指标（记分卡）', en: 'Customer KPI sheet (scorecard)' }, rows: null });

  // ---- index and manifest
  add('index.html', indexPage({ customer, req, meta, listed, sheets, omitted, locale }));
  const manifest = {
    kind: 'accord-audit-pack',
    customer: { id: party.id, code: party.code, name: party.nameZh, nameEn: party.nameEn },
    period: { from: req.from, to: req.to },
    generatedAt: generatedAt.toISOString(),
    generatedBy: auth.displayName,
    algorithm: 'sha256',
    note: 'manifest.json itself is not listed',
    files: files.map((f) => ({ name: f.name, bytes: f.data.length, sha256: sha256(f.data) })),
  };
  add('manifest.json', JSON.stringify(manifest, null, 2));

  await insertAudit(db, {
    actorId: auth.userId,
    ref: { type: 'customer', id: party.id },
    action: 'audit-pack',
    after: {
      from: req.from,
      to: req.to,
      files: files.length,
      records: Object.fromEntries(listed.map((l) => [l.kind.key, l.rows.length])),
      omitted: omitted.map((o) => o.en),
    },
  });

  // ---- the zip, streamed to the response (xlsx are zips already: stored, not deflated again)
  const stream = new PassThrough();
  const zip = new Zip((err, chunk, final) => {
    if (err) return stream.destroy(err);
    stream.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (final) stream.end();
  });
  const root = `audit-pack-${safe(party.code)}-${req.from}_${req.to}`;
  setImmediate(() => {
    for (const f of files) {
      const entry = STORED.test(f.name) ? new ZipPassThrough(`${root}/${f.name}`) : new ZipDeflate(`${root}/${f.name}`, { level: 6 });
      entry.mtime = generatedAt;
      zip.add(entry);
      entry.push(new Uint8Array(f.data.buffer, f.data.byteOffset, f.data.byteLength), true);
    }
    zip.end();
  });
  return { stream, filename: `${root}.zip`, files: files.length };
}

async function auditWorkbook(trail: Awaited<ReturnType<typeof repo.selectPackAudit>>, auth: AuthContext, locale: Locale, when: (iso: string) => string) {
  const zh = locale === 'zh-CN';
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Accord';
  const ws = wb.addWorksheet(zh ? '审计记录' : 'Audit trail', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: zh ? '时间' : 'When', width: 18 },
    { header: zh ? '操作人' : 'Who', width: 14 },
    { header: zh ? '记录类型' : 'Record type', width: 16 },
    { header: zh ? '记录' : 'Record', width: 38 },
    { header: zh ? '操作' : 'Action', width: 20 },
    { header: zh ? '理由' : 'Reason', width: 30 },
    { header: zh ? '变更前' : 'Before', width: 50 },
    { header: zh ? '变更后' : 'After', width: 50 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const a of trail) {
    const at = a.at instanceof Date ? a.at.toISOString() : new Date(a.at).toISOString();
    const json = (v: Record<string, unknown> | null) => (v ? JSON.stringify(redact(v, auth.visible)) : null);
    ws.addRow([when(at), a.actorName ?? (zh ? '系统' : 'system'), a.refType, a.refId, a.action, a.reason, json(a.before), json(a.after)]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function indexPage(p: {
  customer: string;
  req: AuditPackRequest;
  meta: { org: string; generated: string };
  listed: { kind: (typeof KINDS)[number]; rows: { number: string; at: string; voided: boolean; files: string[] }[] }[];
  sheets: { name: string; title: Bi; rows: number | null }[];
  omitted: Bi[];
  locale: Locale;
}) {
  const { locale } = p;
  const zh = locale === 'zh-CN';
  const formTitle = (file: string) => {
    const key = file.replace(/^.*-(\w+)\.html$/, '$1') as keyof typeof FORMS;
    return FORMS[key] ? t(FORMS[key].title, locale) : file;
  };
  const title = `${zh ? '审核资料包' : 'Audit pack'} · ${p.customer} · ${p.req.from} – ${p.req.to}`;
  const sections = p.listed
    .map(
      (l) =>
        `<h2>${esc(t(l.kind.title, locale))} (${l.rows.length})</h2>` +
        (l.rows.length
          ? `<table><thead><tr><th>${zh ? '编号' : 'Number'}</th><th>${zh ? '日期' : 'Date'}</th><th>${zh ? '文件' : 'Files'}</th></tr></thead><tbody>${l.rows
              .map(
                (r) =>
                  `<tr><td>${esc(r.number)}${r.voided ? (zh ? '（已作废）' : ' (voided)') : ''}</td><td>${esc(r.at)}</td><td>${r.files.map((f) => `<a href="${esc(f)}">${esc(formTitle(f))}</a>`).join(' · ')}</td></tr>`,
              )
              .join('')}</tbody></table>`
          : `<p>${zh ? '本期间无记录。' : 'No records in the period.'}</p>`),
    )
    .join('\n');
  const sheets = `<h2>${zh ? '表格' : 'Spreadsheets'}</h2><ul>${p.sheets
    .map((s) => `<li><a href="${esc(s.name)}">${esc(t(s.title, locale))}</a>${s.rows === null ? '' : ` — ${s.rows} ${zh ? '行' : 'rows'}`}</li>`)
    .join('')}</ul>`;
  const omitted = p.omitted.length
    ? `<h2>${zh ? '未包含（无查看权限）' : 'Not included (no permission to view)'}</h2><ul>${p.omitted.map((o) => `<li>${esc(t(o, locale))}</li>`).join('')}</ul>`
    : '';
  const note = `<p class="meta">${
    zh
      ? '价格与联系人个人信息仅在生成人有相应权限时包含。manifest.json 列出每个文件的 SHA-256 校验值。'
      : "Prices and contacts' personal data are included only when the person who generated the pack may see them. manifest.json lists each file's SHA-256 checksum."
  }</p>`;
  return page(
    title,
    `<h1>${esc(title)}</h1><div class="meta">${esc([p.meta.org, p.meta.generated].filter(Boolean).join(' · '))}</div>\n${sections}\n${sheets}\n${omitted}\n${note}`,
    locale,
  );
}
