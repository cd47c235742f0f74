import type { ReactNode } from 'react';
import { Alert, Skeleton } from 'antd';
import { useParams } from 'react-router';
import { isApiError } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { L as BiLabel, PrintFoot, PrintHeader, PrintPage, PrintSheet, day, useCompanyName } from '../platform/print/index.js';
import { complaintEn, complaintZh } from './i18n.js';
import { useComplaint, type TComplaint } from './api.js';

/**
 * The 8D report in the layout customers ask for (VDA / AIAG-like): a header block (customer, part, complaint no.,
 * dates), the D0–D8 status strip, then one box per discipline in order — team, containment quantities with totals,
 * root cause split into occurrence and escape (not detected), actions with owners and dates, verification,
 * prevention, and the closure signatures. Bilingual (Chinese with English beside), A4 portrait, outside the app shell.
 * Its words live here, with the print chunk, not in the shared dictionary.
 */
const W = {
  title: ['8D 报告', '8D Report'],
  layout: ['客户格式（VDA / AIAG）', 'Customer layout (VDA / AIAG)'],
  supplier: ['供应商', 'Supplier'],
  customer: ['客户', 'Customer'],
  complaintNo: ['投诉编号', 'Complaint no.'],
  customerRef: ['客户参考号（PO）', 'Customer reference (PO)'],
  contact: ['客户联系人', 'Customer contact'],
  part: ['零件 / 型号', 'Part / model'],
  lot: ['批号', 'Lot / batch'],
  orders: ['订单 / 出货', 'Order / shipment'],
  qty: ['交货 / 不良 / 退回', 'Delivered / defective / returned'],
  opened: ['投诉日期', 'Complaint date'],
  reportDate: ['报告日期', 'Report date'],
  closedAt: ['结案日期', 'Closed'],
  path: ['处理路径', 'Response path'],
  status: ['状态', 'Status'],
  open: ['进行中', 'Open'],
  closed: ['已结案', 'Closed'],
  done: ['完成', 'Done'],
  notApplicable: ['不适用（简易 8D）', 'N/A (short 8D)'],
  d0: ['D0 症状与紧急响应', 'D0 Symptom and emergency response'],
  d1: ['D1 小组', 'D1 Team'],
  d2: ['D2 问题描述', 'D2 Problem description'],
  d3: ['D3 临时围堵措施', 'D3 Interim containment'],
  d4: ['D4 根本原因', 'D4 Root cause'],
  d5: ['D5 选定的永久纠正措施', 'D5 Permanent corrective actions chosen'],
  d6: ['D6 实施与效果确认', 'D6 Implementation and validation'],
  d7: ['D7 预防再发', 'D7 Prevent recurrence'],
  d8: ['D8 结案与客户确认', 'D8 Closure and customer confirmation'],
  symptom: ['症状', 'Symptom'],
  era: ['紧急响应措施', 'Emergency response action'],
  leader: ['组长', 'Team leader'],
  member: ['成员 / 职责', 'Member / role'],
  total: ['合计', 'Total'],
  occurrence: ['发生原因（为什么会产生）', 'Occurrence — why was it made?'],
  escape: ['流出原因（为什么未被发现）', 'Escape — why was it not detected?'],
  method: ['分析方法', 'Method'],
  evidence: ['证据', 'Evidence'],
  no: ['编号', 'No.'],
  action: ['措施', 'Action'],
  owner: ['负责人', 'Owner'],
  due: ['计划日期', 'Due'],
  completed: ['完成日期', 'Completed'],
  actionStatus: ['状态', 'Status'],
  verification: ['效果验证', 'Verification'],
  criterion: ['判定准则', 'Criterion'],
  verifier: ['验证人', 'Verifier'],
  result: ['结果', 'Result'],
  effective: ['有效', 'Effective'],
  pending: ['待验证', 'Pending'],
  containmentRemoved: ['临时措施解除', 'Interim actions removed'],
  customerConfirmation: ['客户确认', 'Customer confirmation'],
  signLeader: ['8D 组长', '8D team leader'],
  signQuality: ['品质经理', 'Quality manager'],
  signCustomer: ['客户代表', 'Customer representative'],
  signDate: ['签名 / 日期', 'Signature / date'],
  printed: ['打印时间', 'Printed'],
} as const;
type Key = keyof typeof W;

/** The customer layout's own rules on top of the shared sheet: denser sans type, a boxed header, the D strip and boxes. */
const css = `
  .c8-sheet { padding: 10mm 11mm 12mm; font-size: 8.8pt; line-height: 1.32; font-family: 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif; }
  .c8-sheet .pf-head { align-items: center; border: 1.5px solid #000; padding: 5px 8px; margin-bottom: 0; }
  .c8-sheet .pf-title .zh { font-size: 17pt; letter-spacing: 3px; }
  .c8-sheet .pf-title .en { font-size: 9pt; font-weight: 600; }
  .c8-sheet .pf-company .sub { font-size: 7.5pt; }
  .c8-sheet .pf-docno { font-size: inherit; }
  .c8-sheet .pf-docno b { font-size: 11pt; }
  .c8-grid { width: 100%; border-collapse: collapse; table-layout: fixed; margin-top: -1px; }
  .c8-grid th, .c8-grid td { border: 1px solid #000; padding: 2px 4px; vertical-align: top; word-break: break-word; white-space: pre-wrap; }
  .c8-grid th { background: #eef1f5; font-weight: 600; text-align: left; }
  .c8-sheet .pf-l { display: inline; }
  .c8-sheet .pf-l .en { font-size: 7pt; }
  .c8-strip { display: grid; grid-template-columns: repeat(9, 1fr); margin-top: 6px; border: 1px solid #000; }
  .c8-strip div { border-right: 1px solid #000; text-align: center; padding: 2px 0; font-size: 7.5pt; }
  .c8-strip div:last-child { border-right: 0; }
  .c8-strip b { display: block; font-size: 9pt; }
  .c8-strip .ok { background: #e3f4e1; }
  .c8-strip .na { background: repeating-linear-gradient(45deg, #fff, #fff 3px, #eee 3px, #eee 6px); }
  .c8-box { margin-top: 6px; border: 1.5px solid #000; break-inside: avoid; }
  .c8-box-h { display: flex; justify-content: space-between; align-items: baseline; background: #1f3b5c; color: #fff; padding: 2px 6px; font-weight: 700; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .c8-box-h .en { font-weight: 400; font-size: 8pt; margin-left: 6px; }
  .c8-box-h .meta { font-weight: 400; font-size: 7.5pt; }
  .c8-box .c8-grid { margin-top: 0; }
  .c8-box .c8-grid tr:first-child th, .c8-box .c8-grid tr:first-child td { border-top: 0; }
  .c8-box .c8-grid th:first-child, .c8-box .c8-grid td:first-child { border-left: 0; }
  .c8-box .c8-grid th:last-child, .c8-box .c8-grid td:last-child { border-right: 0; }
  .c8-box .c8-grid tr:last-child th, .c8-box .c8-grid tr:last-child td { border-bottom: 0; }
  .c8-text { padding: 3px 6px; white-space: pre-wrap; }
  .c8-na { padding: 3px 6px; color: #555; font-style: italic; }
  .c8-sign td { height: 40px; }
  .c8-sheet .pf-foot { margin-top: 8px; font-size: 7.5pt; }
  .num { text-align: right; }
  @media print {
    @page { size: A4 portrait; margin: 8mm 0; }
    .c8-sheet { padding-top: 2mm; }
    .c8-box-h, .c8-strip .ok, .c8-grid th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    .c8-grid tr { break-inside: avoid; }
  }
`;

const dash = (v: ReactNode) => (v === null || v === undefined || v === '' ? '—' : v);
const w = (k: Key) => `${W[k][0]} ${W[k][1]}`;

const L = ({ k }: { k: Key }) => <BiLabel zh={W[k][0]} en={W[k][1]} />;

/** Which discipline steps of the procedure fill which D box (full 8D and the short 8D's own steps). */
const STEP_OF: Record<string, string[]> = {
  d0: ['d0-emergency'],
  d1: ['d1-team'],
  d2: ['d2-problem'],
  d3: ['d3-containment', 'short-d3-containment'],
  d4: ['d4-root-cause', 'short-d4-root-cause'],
  d5: ['d5-actions', 'short-d5-correction'],
  d6: ['d6-implementation', 'short-d5-correction'],
  d7: ['d7-prevention'],
  d8: ['customer-confirmation', 'short-d8-closure'],
};
const D_KEYS = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8'] as const;

function disciplineOf(c: TComplaint, d: string) {
  const ds = c.disciplines.filter((x) => STEP_OF[d]!.includes(x.stepId));
  if (!ds.length) return null;
  const done =
    ds
      .map((x) => x.completedAt)
      .filter((x): x is string => !!x)
      .sort()
      .at(-1) ?? null;
  return {
    completedAt: ds.every((x) => x.completedAt) ? done : null,
    approverName: ds.find((x) => x.approverName)?.approverName ?? null,
    ownerName: ds[0]!.ownerName,
  };
}

function Box({ c, d, children }: { c: TComplaint; d: (typeof D_KEYS)[number]; children: ReactNode }) {
  const info = disciplineOf(c, d);
  return (
    <div className="c8-box" data-testid={`c8-${d}`}>
      <div className="c8-box-h">
        <span>
          {W[d][0]}
          <span className="en">{W[d][1]}</span>
        </span>
        <span className="meta">
          {[
            info?.ownerName ? `${w('owner')}: ${info.ownerName}` : '',
            info?.completedAt ? `${w('done')}: ${day(info.completedAt)}${info.approverName ? ` (${info.approverName})` : ''}` : '',
          ]
            .filter(Boolean)
            .join(' · ')}
        </span>
      </div>
      {children}
    </div>
  );
}

const NotApplicable = () => <div className="c8-na">{w('notApplicable')}</div>;

export function Print8DCustomerPage() {
  const { id } = useParams<{ id: string }>();
  const t = useT();
  const company = useCompanyName();
  const { data: c, isLoading, error } = useComplaint(id);
  if (isLoading) return <Skeleton active style={{ padding: 24 }} />;
  if (!c) return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  const short = c.path === 'short-8d';
  const zh = complaintZh;
  const en = complaintEn;
  const pair = (a: string, b: string) => (a === b ? a : `${a} ${b}`);
  const pos = [...new Set(c.lines.map((l) => l.order?.customerPo).filter(Boolean))].join('、');
  const lots = [...new Set([c.lot, ...c.lines.map((l) => l.lot)].filter(Boolean))].join('、');
  const models = [...new Set([c.model, ...c.lines.map((l) => l.model)])].join('、');
  const sum = (f: (l: TComplaint['lines'][number]) => number | null) =>
    c.lines.some((l) => f(l) !== null) ? c.lines.reduce((a, l) => a + (f(l) ?? 0), 0).toLocaleString() : '—';
  const checked = c.containment.reduce((a, r) => a + r.quantityChecked, 0);
  const found = c.containment.reduce((a, r) => a + r.quantityFound, 0);
  const removed = c.containment.filter((r) => r.removedAt);
  const last = c.confirmations.at(-1);
  const actions = c.actions.filter((a) => a.status !== 'cancelled');
  const docLine = (x: NonNullable<TComplaint['prevention']>['pfmea'] | undefined) =>
    !x ? '—' : x.answer === 'updated' ? `已更新 Updated · Rev. ${x.revision}` : `不适用 N/A — ${x.justification}`;
  return (
    <PrintPage back={{ to: `/complaints/${c.id}`, label: c.number }} css={css}>
      <PrintSheet className="c8-sheet">
        <PrintHeader title={{ zh: W.title[0], en: W.title[1] }} sub={w('layout')} docNo={w('complaintNo')} number={c.number} />
        <table className="c8-grid" data-testid="c8-header">
          <colgroup>
            <col style={{ width: '17%' }} />
            <col style={{ width: '33%' }} />
            <col style={{ width: '17%' }} />
            <col style={{ width: '33%' }} />
          </colgroup>
          <tbody>
            <tr>
              <th>
                <L k="customer" />
              </th>
              <td>
                {c.partyName} ({c.partyCode})
              </td>
              <th>
                <L k="supplier" />
              </th>
              <td>{[company.zh, company.en].filter(Boolean).join(' ') || '—'}</td>
            </tr>
            <tr>
              <th>
                <L k="contact" />
              </th>
              <td>{dash(c.contactName)}</td>
              <th>
                <L k="customerRef" />
              </th>
              <td>{dash(pos)}</td>
            </tr>
            <tr>
              <th>
                <L k="part" />
              </th>
              <td data-testid="c8-part">{models}</td>
              <th>
                <L k="lot" />
              </th>
              <td>{dash(lots)}</td>
            </tr>
            <tr>
              <th>
                <L k="orders" />
              </th>
              <td data-testid="c8-orders">
                {dash(
                  c.lines
                    .filter((l) => l.order)
                    .map(
                      (l) =>
                        `${l.order!.number} #${l.order!.lineNo}${l.shipment ? ` · ${day(l.shipment.shippedAt)} (${l.shipment.quantity.toLocaleString()})` : ''}`,
                    )
                    .join('\n'),
                )}
              </td>
              <th>
                <L k="qty" />
              </th>
              <td>
                {sum((l) => l.deliveredQuantity)} / {sum((l) => l.defectiveQuantity)} / {sum((l) => l.returnedQuantity)}
              </td>
            </tr>
            <tr>
              <th>
                <L k="opened" />
              </th>
              <td>{day(c.receivedAt)}</td>
              <th>
                <L k="reportDate" />
              </th>
              <td>{day(new Date().toISOString())}</td>
            </tr>
            <tr>
              <th>
                <L k="path" />
              </th>
              <td>{c.path ? pair(zh.paths[c.path], en.paths[c.path]) : '—'}</td>
              <th>
                <L k="status" />
              </th>
              <td>
                {c.closed ? w('closed') : w('open')}
                {c.closedAt ? ` · ${w('closedAt')} ${day(c.closedAt)}` : ''}
              </td>
            </tr>
          </tbody>
        </table>

        <div className="c8-strip" data-testid="c8-strip">
          {D_KEYS.map((d) => {
            const info = disciplineOf(c, d);
            return (
              <div key={d} className={info?.completedAt ? 'ok' : !info && short ? 'na' : ''}>
                <b>{d.toUpperCase()}</b>
                {info?.completedAt ? day(info.completedAt) : !info && short ? 'N/A' : ' '}
              </div>
            );
          })}
        </div>

        <Box c={c} d="d0">
          {c.emergency ? (
            <table className="c8-grid">
              <colgroup>
                <col style={{ width: '20%' }} />
                <col />
              </colgroup>
              <tbody>
                <tr>
                  <th>
                    <L k="symptom" />
                  </th>
                  <td>{c.emergency.symptom}</td>
                </tr>
                <tr>
                  <th>
                    <L k="era" />
                  </th>
                  <td>{c.emergency.response}</td>
                </tr>
              </tbody>
            </table>
          ) : (
            <div className="c8-text">{c.description}</div>
          )}
        </Box>

        <Box c={c} d="d1">
          {c.team ? (
            <table className="c8-grid">
              <colgroup>
                <col style={{ width: '20%' }} />
                <col />
              </colgroup>
              <tbody>
                <tr>
                  <th>
                    <L k="leader" />
                  </th>
                  <td>{dash(c.team.leaderName)}</td>
                </tr>
                <tr>
                  <th>
                    <L k="member" />
                  </th>
                  <td>{c.team.members.map((m) => `${m.name ?? ''}（${m.role}）`).join('；')}</td>
                </tr>
              </tbody>
            </table>
          ) : short ? (
            <NotApplicable />
          ) : (
            <div className="c8-text">—</div>
          )}
        </Box>

        <Box c={c} d="d2">
          {c.problem ? (
            <table className="c8-grid">
              <colgroup>
                <col style={{ width: '20%' }} />
                <col style={{ width: '30%' }} />
                <col style={{ width: '20%' }} />
                <col style={{ width: '30%' }} />
              </colgroup>
              <tbody>
                {(
                  [
                    ['what', 'where'],
                    ['when', 'who'],
                    ['why', 'how'],
                    ['howMany', 'isNot'],
                  ] as const
                ).map(([a, b]) => (
                  <tr key={a}>
                    <th>{zh.problem[a]}</th>
                    <td>{dash(c.problem![a])}</td>
                    <th>{zh.problem[b]}</th>
                    <td>{dash(c.problem![b])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : short ? (
            <NotApplicable />
          ) : (
            <div className="c8-text">{c.description}</div>
          )}
        </Box>

        <Box c={c} d="d3">
          <table className="c8-grid" data-testid="c8-containment">
            <colgroup>
              <col style={{ width: '15%' }} />
              <col />
              <col style={{ width: '11%' }} />
              <col style={{ width: '11%' }} />
              <col style={{ width: '20%' }} />
            </colgroup>
            <tbody>
              <tr>
                <th>{pair(zh.containment.location, en.containment.location)}</th>
                <th>{pair(zh.containment.description, en.containment.description)}</th>
                <th className="num">{pair(zh.containment.checked, en.containment.checked)}</th>
                <th className="num">{pair(zh.containment.found, en.containment.found)}</th>
                <th>{pair(zh.containment.disposition, en.containment.disposition)}</th>
              </tr>
              {c.containment.map((r) => (
                <tr key={r.id}>
                  <td>{pair(zh.locations[r.location], en.locations[r.location])}</td>
                  <td>{r.description}</td>
                  <td className="num">{r.quantityChecked.toLocaleString()}</td>
                  <td className="num">{r.quantityFound.toLocaleString()}</td>
                  <td>{dash(r.disposition)}</td>
                </tr>
              ))}
              <tr>
                <th colSpan={2}>{w('total')}</th>
                <th className="num" data-testid="c8-checked">
                  {checked.toLocaleString()}
                </th>
                <th className="num" data-testid="c8-found">
                  {found.toLocaleString()}
                </th>
                <th />
              </tr>
            </tbody>
          </table>
        </Box>

        <Box c={c} d="d4">
          <table className="c8-grid">
            <colgroup>
              <col style={{ width: '50%' }} />
              <col style={{ width: '50%' }} />
            </colgroup>
            <tbody>
              <tr>
                <th>
                  <L k="occurrence" />
                </th>
                <th>
                  <L k="escape" />
                </th>
              </tr>
              <tr>
                <td data-testid="c8-occurrence">{dash(c.rootCause?.occurrenceCause)}</td>
                <td data-testid="c8-escape">{dash(c.rootCause?.escapePoint)}</td>
              </tr>
              <tr>
                <td colSpan={2}>
                  {w('method')}: {c.rootCause ? pair(zh.methods[c.rootCause.method], en.methods[c.rootCause.method]) : '—'}
                  {c.rootCause?.analysis ? `\n${c.rootCause.analysis}` : ''}
                  {c.rootCause?.evidence.length ? `\n${w('evidence')}: ${c.rootCause.evidence.map((e) => e.filename).join('、')}` : ''}
                </td>
              </tr>
            </tbody>
          </table>
        </Box>

        <Box c={c} d="d5">
          <table className="c8-grid" data-testid="c8-actions">
            <colgroup>
              <col style={{ width: '11%' }} />
              <col />
              <col style={{ width: '14%' }} />
              <col style={{ width: '13%' }} />
              <col style={{ width: '13%' }} />
              <col style={{ width: '12%' }} />
            </colgroup>
            <tbody>
              <tr>
                <th>
                  <L k="no" />
                </th>
                <th>
                  <L k="action" />
                </th>
                <th>
                  <L k="owner" />
                </th>
                <th>
                  <L k="due" />
                </th>
                <th>
                  <L k="completed" />
                </th>
                <th>
                  <L k="actionStatus" />
                </th>
              </tr>
              {actions.map((a) => (
                <tr key={a.id}>
                  <td>{a.number}</td>
                  <td>{a.title}</td>
                  <td>{dash(a.ownerName)}</td>
                  <td>{a.dueDate}</td>
                  <td>{dash(day(a.completedAt))}</td>
                  <td>{a.status === 'open' ? w('open') : w('done')}</td>
                </tr>
              ))}
              {actions.length === 0 && (
                <tr>
                  <td colSpan={6}>—</td>
                </tr>
              )}
            </tbody>
          </table>
        </Box>

        <Box c={c} d="d6">
          <table className="c8-grid">
            <colgroup>
              <col style={{ width: '20%' }} />
              <col />
            </colgroup>
            <tbody>
              <tr>
                <th>
                  <L k="evidence" />
                </th>
                <td>
                  {dash(
                    actions
                      .filter((a) => a.evidence)
                      .map((a) => `${a.number}: ${a.evidence}`)
                      .join('\n'),
                  )}
                </td>
              </tr>
              <tr>
                <th>
                  <L k="verification" />
                </th>
                <td data-testid="c8-verification">
                  {c.effectiveness
                    ? `${c.effectiveness.method}\n${w('criterion')}: ${c.effectiveness.criterion} · ${w('verifier')}: ${c.effectiveness.verifierName ?? ''} · ${c.effectiveness.plannedDate}\n${w('result')}: ${c.effectiveness.result === 'effective' ? w('effective') : w('pending')}${c.effectiveness.note ? ` — ${c.effectiveness.note}` : ''}`
                    : '—'}
                </td>
              </tr>
              <tr>
                <th>
                  <L k="containmentRemoved" />
                </th>
                <td>
                  {removed.length ? removed.map((r) => `${pair(zh.locations[r.location], en.locations[r.location])} ${day(r.removedAt)}`).join('；') : '—'}
                </td>
              </tr>
            </tbody>
          </table>
        </Box>

        <Box c={c} d="d7">
          {c.prevention ? (
            <table className="c8-grid">
              <colgroup>
                <col style={{ width: '28%' }} />
                <col />
              </colgroup>
              <tbody>
                <tr>
                  <th>{pair(zh.prevention.similar, en.prevention.similar)}</th>
                  <td>{dash(c.prevention.similarReviewed)}</td>
                </tr>
                <tr>
                  <th>{pair(zh.prevention.pfmea, en.prevention.pfmea)}</th>
                  <td>{docLine(c.prevention.pfmea)}</td>
                </tr>
                <tr>
                  <th>{pair(zh.prevention.controlPlan, en.prevention.controlPlan)}</th>
                  <td>{docLine(c.prevention.controlPlan)}</td>
                </tr>
                {c.prevention.lessonsLearned && (
                  <tr>
                    <th>{pair(zh.prevention.lessons, en.prevention.lessons)}</th>
                    <td>{c.prevention.lessonsLearned}</td>
                  </tr>
                )}
              </tbody>
            </table>
          ) : short ? (
            <NotApplicable />
          ) : (
            <div className="c8-text">—</div>
          )}
        </Box>

        <Box c={c} d="d8">
          <table className="c8-grid c8-sign">
            <colgroup>
              <col style={{ width: '20%' }} />
              <col style={{ width: '26.6%' }} />
              <col style={{ width: '26.7%' }} />
              <col style={{ width: '26.7%' }} />
            </colgroup>
            <tbody>
              <tr>
                <th>
                  <L k="customerConfirmation" />
                </th>
                <td colSpan={3} data-testid="c8-confirmation">
                  {last
                    ? `${pair(zh.confirmation[last.result], en.confirmation[last.result])} · ${day(last.at)}${last.comment ? ` · ${last.comment}` : ''}`
                    : '□ 接受 Accepted    □ 不接受 Rejected'}
                </td>
              </tr>
              <tr>
                <th>
                  <L k="signDate" />
                </th>
                <th>
                  <L k="signLeader" />
                </th>
                <th>
                  <L k="signQuality" />
                </th>
                <th>
                  <L k="signCustomer" />
                </th>
              </tr>
              <tr>
                <td />
                <td>{c.team?.leaderName ?? ''}</td>
                <td />
                <td />
              </tr>
            </tbody>
          </table>
        </Box>
        <PrintFoot printed={w('printed')}>
          {c.number} · v{c.version}
        </PrintFoot>
      </PrintSheet>
    </PrintPage>
  );
}
