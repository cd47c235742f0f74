import type { ReactNode } from 'react';
import { Alert, Button, Skeleton } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import dayjs from 'dayjs';
import { isApiError } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { useProcedure } from '../procedures/api.js';
import { useCompanyName } from '../orders/PrintPages.js';
import { complaintEn, complaintZh } from './i18n.js';
import { useComplaint, type TComplaint } from './api.js';

/**
 * The 8D report and the complaint / return form (客户投诉退货物料情况说明) for the customer:
 * A4, every label in Chinese with English underneath. Outside the app shell.
 */
const css = `
  .cp-page { background: #e9ecf1; min-height: 100vh; padding: 16px 0 32px; }
  .cp-toolbar { width: 210mm; margin: 0 auto 12px; display: flex; gap: 8px; align-items: center; }
  .cp-sheet { width: 210mm; min-height: 297mm; box-sizing: border-box; margin: 0 auto; background: #fff; padding: 12mm 12mm 14mm;
    box-shadow: 0 2px 10px rgba(0,0,0,.15); color: #000; font-size: 10pt; line-height: 1.35;
    font-family: 'Noto Serif CJK SC', 'Songti SC', SimSun, 'Noto Sans CJK SC', 'Microsoft YaHei', serif; }
  .cp-head { display: grid; grid-template-columns: 1fr auto 1fr; align-items: end; border-bottom: 2px solid #000; padding-bottom: 6px; margin-bottom: 8px; }
  .cp-title { text-align: center; }
  .cp-title .zh { font-size: 18pt; font-weight: 700; letter-spacing: 4px; }
  .cp-title .en { font-size: 10pt; }
  .cp-docno { text-align: right; font-size: 9pt; }
  .cp-table { width: 100%; border-collapse: collapse; margin-top: 4px; table-layout: fixed; }
  .cp-table th, .cp-table td { border: 1px solid #000; padding: 3px 5px; vertical-align: top; word-break: break-word; white-space: pre-wrap; }
  .cp-table th { background: #f2f2f2; font-weight: 600; text-align: left; }
  .cp-l { display: block; }
  .cp-l .en { display: block; font-size: 7.5pt; font-weight: 400; color: #333; }
  .cp-section { margin-top: 9px; font-weight: 700; border-left: 4px solid #000; padding-left: 6px; }
  .cp-section .en { font-weight: 400; font-size: 8pt; margin-left: 6px; }
  .cp-foot { margin-top: 14px; display: flex; justify-content: space-between; font-size: 8pt; color: #333; }
  .cp-sign { height: 34px; }
  .cp-gate { font-weight: 700; }
  @media print {
    @page { size: A4 portrait; margin: 0; }
    html, body, #root { background: #fff !important; }
    .cp-page { background: #fff; padding: 0; }
    .cp-toolbar { display: none !important; }
    .cp-sheet { box-shadow: none; margin: 0; min-height: auto; }
    .cp-table tr { break-inside: avoid; }
  }
`;

const fmt = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');
const dash = (v: ReactNode) => (v === null || v === undefined || v === '' ? '—' : v);

/** A label from the complaint dictionary in both languages. */
function L({ k }: { k: (d: typeof complaintZh) => string }) {
  return (
    <span className="cp-l">
      {k(complaintZh)}
      <span className="en">{k(complaintEn)}</span>
    </span>
  );
}
const both = (k: (d: typeof complaintZh) => string) => (k(complaintZh) === k(complaintEn) ? k(complaintZh) : `${k(complaintZh)} ${k(complaintEn)}`);

function Section({ k }: { k: (d: typeof complaintZh) => string }) {
  return (
    <div className="cp-section">
      {k(complaintZh)}
      <span className="en">{k(complaintEn)}</span>
    </div>
  );
}

function Sheet({ c, title, children }: { c: TComplaint; title: { zh: string; en: string }; children: ReactNode }) {
  const t = useT();
  const { data: def } = useProcedure('complaint');
  const company = useCompanyName();
  return (
    <div className="cp-page">
      <style>{css}</style>
      <div className="cp-toolbar">
        <Link to={`/complaints/${c.id}`}>
          <Button icon={<ArrowLeftOutlined />}>{c.number}</Button>
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-now">
          {t('order.print')}
        </Button>
      </div>
      <div className="cp-sheet" data-testid="print-sheet">
        <div className="cp-head">
          <div>
            <div style={{ fontWeight: 700 }} data-testid="print-company">
              {company.zh || company.en ? [company.zh, company.en].filter(Boolean).join(' ') : 'Accord'}
            </div>
            <div style={{ fontSize: '9pt' }}>{def ? `${def.title.zh} ${def.title.en}` : ''}</div>
          </div>
          <div className="cp-title">
            <div className="zh">{title.zh}</div>
            <div className="en">{title.en}</div>
          </div>
          <div className="cp-docno">
            <div>{def?.documentNo ?? ''}</div>
            <div>
              No. <b data-testid="print-number">{c.number}</b>
            </div>
          </div>
        </div>
        <HeaderTable c={c} />
        {children}
        <div className="cp-foot">
          <span>
            {c.number} · v{c.version}
          </span>
          <span>打印时间 Printed {dayjs().format('YYYY-MM-DD HH:mm')}</span>
        </div>
      </div>
    </div>
  );
}

function HeaderTable({ c }: { c: TComplaint }) {
  return (
    <table className="cp-table">
      <tbody>
        <tr>
          <th style={{ width: '16%' }}><L k={(d) => d.fields.party} /></th>
          <td style={{ width: '34%' }}>{c.partyCode} · {c.partyName}</td>
          <th style={{ width: '16%' }}><L k={(d) => d.fields.receivedAt} /></th>
          <td>{fmt(c.receivedAt)} · {both((d) => d.kinds[c.kind])}</td>
        </tr>
        <tr>
          <th><L k={(d) => d.fields.model} /></th>
          <td>{c.model}</td>
          <th><L k={(d) => d.fields.lot} /></th>
          <td>{dash(c.lot)}</td>
        </tr>
        <tr>
          <th><L k={(d) => d.fields.deliveredQuantity} /></th>
          <td>{dash(c.deliveredQuantity)}</td>
          <th><L k={(d) => d.fields.defectiveQuantity} /></th>
          <td>{c.defectiveQuantity}</td>
        </tr>
        <tr>
          <th><L k={(d) => d.fields.description} /></th>
          <td colSpan={3}>{c.description}</td>
        </tr>
        <tr>
          <th><L k={(d) => d.fields.remedySought} /></th>
          <td colSpan={3}>{c.remedySought.map((r) => both((d) => d.remedies[r])).join('；')}{c.remedyNote ? ` — ${c.remedyNote}` : ''}</td>
        </tr>
      </tbody>
    </table>
  );
}

function usePrintable() {
  const { id } = useParams<{ id: string }>();
  const t = useT();
  const { data, isLoading, error } = useComplaint(id);
  const fallback = isLoading ? <Skeleton active style={{ padding: 24 }} /> : !data ? <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} /> : null;
  return { c: data, fallback };
}

const Signatures = ({ c }: { c: TComplaint }) => {
  const last = c.confirmations.at(-1);
  return (
    <>
      <Section k={(d) => d.d.d8} />
      <table className="cp-table">
        <tbody>
          <tr>
            <th style={{ width: '25%' }}><L k={(d) => d.confirmation.result} /></th>
            <td data-testid="print-confirmation">
              {last ? `${both((d) => d.confirmation[last.result as 'accepted' | 'rejected'])} · ${fmt(last.at)}${last.comment ? ` · ${last.comment}` : ''}` : '□ 接受 Accepted    □ 不接受 Rejected'}
            </td>
          </tr>
          <tr>
            <th><L k={(d) => d.print.signature} /></th>
            <td className="cp-sign" />
          </tr>
        </tbody>
      </table>
    </>
  );
};

/** 8D 报告: D1–D8 with the gates' answers (PFMEA, control plan, effectiveness), for the customer. */
export function Print8DPage() {
  const { c, fallback } = usePrintable();
  if (!c) return fallback;
  const p = c.prevention;
  const docLine = (x: NonNullable<TComplaint['prevention']>['pfmea']) =>
    !x ? '—' : x.answer === 'updated' ? `已更新 Updated · Rev. ${x.revision}` : `不适用 N/A — ${x.justification}`;
  return (
    <Sheet c={c} title={{ zh: '8D 报告', en: '8D Report' }}>
      <Section k={(d) => d.d.d1} />
      <table className="cp-table">
        <tbody>
          <tr>
            <th style={{ width: '20%' }}><L k={(d) => d.team.leader} /></th>
            <td>{dash(c.team?.leaderName)}</td>
          </tr>
          <tr>
            <th><L k={(d) => d.team.members} /></th>
            <td>{dash(c.team?.members.map((m) => `${m.name ?? ''} (${m.role})`).join('、'))}</td>
          </tr>
        </tbody>
      </table>
      <Section k={(d) => d.d.d2} />
      <table className="cp-table">
        <tbody>
          {(['what', 'where', 'when', 'who', 'why', 'how', 'howMany', 'isNot'] as const).map((k) => (
            <tr key={k}>
              <th style={{ width: '20%' }}><L k={(d) => d.problem[k]} /></th>
              <td>{dash(c.problem?.[k])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Section k={(d) => d.d.d3} />
      <table className="cp-table">
        <thead>
          <tr>
            <th style={{ width: '14%' }}><L k={(d) => d.containment.location} /></th>
            <th><L k={(d) => d.containment.description} /></th>
            <th style={{ width: '12%' }}><L k={(d) => d.containment.checked} /></th>
            <th style={{ width: '12%' }}><L k={(d) => d.containment.found} /></th>
            <th style={{ width: '20%' }}><L k={(d) => d.containment.disposition} /></th>
          </tr>
        </thead>
        <tbody>
          {c.containment.map((r) => (
            <tr key={r.id}>
              <td>{both((d) => d.locations[r.location])}</td>
              <td>{r.description}</td>
              <td>{r.quantityChecked}</td>
              <td>{r.quantityFound}</td>
              <td>{dash(r.disposition)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Section k={(d) => d.d.d4} />
      <table className="cp-table">
        <tbody>
          <tr>
            <th style={{ width: '20%' }}><L k={(d) => d.rootCause.method} /></th>
            <td>{c.rootCause ? both((d) => d.methods[c.rootCause!.method]) : '—'}</td>
          </tr>
          <tr>
            <th><L k={(d) => d.rootCause.occurrence} /></th>
            <td>{dash(c.rootCause?.occurrenceCause)}</td>
          </tr>
          <tr>
            <th><L k={(d) => d.rootCause.escape} /></th>
            <td>{dash(c.rootCause?.escapePoint)}</td>
          </tr>
          <tr>
            <th><L k={(d) => d.rootCause.analysis} /></th>
            <td>{dash(c.rootCause?.analysis)}</td>
          </tr>
          <tr>
            <th><L k={(d) => d.rootCause.evidence} /></th>
            <td>{dash(c.rootCause?.evidence.map((e) => e.filename).join('、'))}</td>
          </tr>
        </tbody>
      </table>
      <Section k={(d) => d.d.d5} />
      <table className="cp-table">
        <thead>
          <tr>
            <th><L k={(d) => d.actions.title} /></th>
            <th style={{ width: '14%' }}><L k={(d) => d.actions.owner} /></th>
            <th style={{ width: '13%' }}><L k={(d) => d.actions.due} /></th>
            <th style={{ width: '30%' }}>完成证据<span className="cp-l"><span className="en">Evidence</span></span></th>
          </tr>
        </thead>
        <tbody>
          {c.actions.map((a) => (
            <tr key={a.id}>
              <td>{a.number} {a.title}</td>
              <td>{dash(a.ownerName)}</td>
              <td>{a.dueDate}</td>
              <td>{dash(a.evidence)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="cp-table">
        <tbody>
          <tr>
            <th style={{ width: '20%' }}><L k={(d) => d.tabs.effectiveness} /></th>
            <td data-testid="print-effectiveness">
              {c.effectiveness
                ? `${c.effectiveness.method}；${c.effectiveness.criterion}；${c.effectiveness.plannedDate}；${c.effectiveness.verifierName ?? ''} → ${c.effectiveness.result === 'effective' ? '有效 Effective' : '待验证 Pending'}${c.effectiveness.note ? ` — ${c.effectiveness.note}` : ''}`
                : '—'}
            </td>
          </tr>
        </tbody>
      </table>
      <Section k={(d) => d.d.d7} />
      <table className="cp-table">
        <tbody>
          <tr>
            <th style={{ width: '30%' }}><L k={(d) => d.prevention.similar} /></th>
            <td>{dash(p?.similarReviewed)}</td>
          </tr>
          <tr>
            <th><L k={(d) => d.prevention.pfmea} /></th>
            <td className="cp-gate" data-testid="print-pfmea">{docLine(p?.pfmea ?? null)}</td>
          </tr>
          <tr>
            <th><L k={(d) => d.prevention.controlPlan} /></th>
            <td className="cp-gate" data-testid="print-control-plan">{docLine(p?.controlPlan ?? null)}</td>
          </tr>
          {p?.otherDocuments && (
            <tr>
              <th><L k={(d) => d.prevention.other} /></th>
              <td>{p.otherDocuments}</td>
            </tr>
          )}
          {p?.lessonsLearned && (
            <tr>
              <th><L k={(d) => d.prevention.lessons} /></th>
              <td>{p.lessonsLearned}</td>
            </tr>
          )}
        </tbody>
      </table>
      <Signatures c={c} />
    </Sheet>
  );
}

/** 客户投诉退货物料情况说明: the intake, the assessment, returns and the resolution in short. */
export function PrintComplaintFormPage() {
  const { c, fallback } = usePrintable();
  if (!c) return fallback;
  return (
    <Sheet c={c} title={{ zh: '客户投诉退货物料情况说明', en: 'Customer complaint / return form' }}>
      <Section k={(d) => d.assessment.title} />
      <table className="cp-table">
        <tbody>
          <tr>
            <th style={{ width: '20%' }}><L k={(d) => d.fields.severity} /></th>
            <td>{c.assessment ? both((d) => d.severities[c.assessment!.severity]) : '—'}</td>
            <th style={{ width: '20%' }}><L k={(d) => d.fields.path} /></th>
            <td>{c.assessment ? both((d) => d.paths[c.assessment!.path]) : '—'}</td>
          </tr>
          <tr>
            <th><L k={(d) => d.assessment.impact} /></th>
            <td colSpan={3}>{c.assessment ? c.assessment.customerImpact.map((x) => both((d) => d.impacts[x])).join('；') : '—'}</td>
          </tr>
        </tbody>
      </table>
      <Section k={(d) => d.tabs.returns} />
      <table className="cp-table">
        <thead>
          <tr>
            <th style={{ width: '18%' }}><L k={(d) => d.returns.receivedAt} /></th>
            <th style={{ width: '10%' }}><L k={(d) => d.returns.quantity} /></th>
            <th><L k={(d) => d.returns.analysis} /></th>
            <th style={{ width: '26%' }}><L k={(d) => d.returns.rework} /></th>
          </tr>
        </thead>
        <tbody>
          {c.returns.map((r) => (
            <tr key={r.id}>
              <td>{fmt(r.receivedAt)}</td>
              <td>{r.quantity}</td>
              <td>{dash(r.analysis?.result)}</td>
              <td>{[r.rework.route, r.rework.effect].filter(Boolean).join(' / ') || '—'}</td>
            </tr>
          ))}
          {c.returns.length === 0 && (
            <tr>
              <td colSpan={4}>{both((d) => d.returns.none)}</td>
            </tr>
          )}
        </tbody>
      </table>
      <Section k={(d) => d.d.d4} />
      <table className="cp-table">
        <tbody>
          <tr>
            <th style={{ width: '20%' }}><L k={(d) => d.rootCause.occurrence} /></th>
            <td>{dash(c.rootCause?.occurrenceCause)}</td>
          </tr>
          <tr>
            <th><L k={(d) => d.rootCause.escape} /></th>
            <td>{dash(c.rootCause?.escapePoint)}</td>
          </tr>
          <tr>
            <th><L k={(d) => d.d.d5} /></th>
            <td>{dash(c.actions.map((a) => `${a.title}（${a.ownerName ?? ''}，${a.dueDate}）`).join('\n'))}</td>
          </tr>
        </tbody>
      </table>
      <Signatures c={c} />
    </Sheet>
  );
}
