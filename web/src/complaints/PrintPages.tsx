import type { ReactNode } from 'react';
import { Alert, Skeleton } from 'antd';
import { useParams } from 'react-router';
import { isApiError } from '../api/client.js';
import { useT } from '../i18n/index.js';
import {
  both as bothText,
  fmt,
  L as BiLabel,
  PrintFoot,
  PrintPage,
  PrintSheet,
  PrintTable,
  ProcedurePrintHeader,
  Section as BiSection,
} from '../platform/print/index.js';
import { complaintEn, complaintZh } from './i18n.js';
import { useComplaint, type TComplaint } from './api.js';

/**
 * The 8D report and the complaint / return form (客户投诉退货物料情况说明) for the customer:
 * A4, every label in Chinese with English underneath. Outside the app shell.
 */
/** The complaint forms' own touches: smaller type, text kept as typed, sections marked with a bar. */
const css = `
  .cp-sheet { font-size: 10pt; }
  .cp-sheet .pf-table { margin-top: 4px; }
  .cp-sheet .pf-table th, .cp-sheet .pf-table td { white-space: pre-wrap; }
  .cp-sheet .pf-section { margin-top: 9px; border-left: 4px solid #000; padding-left: 6px; }
`;

const dash = (v: ReactNode) => (v === null || v === undefined || v === '' ? '—' : v);
type Words = (d: typeof complaintZh) => string;

/** A label from the complaint dictionary in both languages. */
const L = ({ k }: { k: Words }) => <BiLabel zh={k(complaintZh)} en={k(complaintEn)} />;
const both = (k: Words) => bothText({ zh: k(complaintZh), en: k(complaintEn) });
const Section = ({ k }: { k: Words }) => <BiSection zh={k(complaintZh)} en={k(complaintEn)} />;

function Sheet({ c, title, children }: { c: TComplaint; title: { zh: string; en: string }; children: ReactNode }) {
  return (
    <PrintPage back={{ to: `/complaints/${c.id}`, label: c.number }} css={css}>
      <PrintSheet className="cp-sheet">
        <ProcedurePrintHeader procedureId="complaint" title={title} number={c.number} />
        <HeaderTable c={c} />
        {children}
        <PrintFoot>
          {c.number} · v{c.version}
        </PrintFoot>
      </PrintSheet>
    </PrintPage>
  );
}

function HeaderTable({ c }: { c: TComplaint }) {
  return (
    <PrintTable>
      <tr>
        <th style={{ width: '16%' }}>
          <L k={(d) => d.fields.party} />
        </th>
        <td style={{ width: '34%' }}>
          {c.partyCode} · {c.partyName}
        </td>
        <th style={{ width: '16%' }}>
          <L k={(d) => d.fields.receivedAt} />
        </th>
        <td>
          {fmt(c.receivedAt)} · {both((d) => d.kinds[c.kind])}
        </td>
      </tr>
      <tr>
        <th>
          <L k={(d) => d.fields.model} />
        </th>
        <td>{c.model}</td>
        <th>
          <L k={(d) => d.fields.lot} />
        </th>
        <td>{dash(c.lot)}</td>
      </tr>
      <tr>
        <th>
          <L k={(d) => d.fields.deliveredQuantity} />
        </th>
        <td>{dash(c.deliveredQuantity)}</td>
        <th>
          <L k={(d) => d.fields.defectiveQuantity} />
        </th>
        <td>{c.defectiveQuantity}</td>
      </tr>
      <tr>
        <th>
          <L k={(d) => d.fields.description} />
        </th>
        <td colSpan={3}>{c.description}</td>
      </tr>
      <tr>
        <th>
          <L k={(d) => d.fields.remedySought} />
        </th>
        <td colSpan={3}>
          {c.remedySought.map((r) => both((d) => d.remedies[r])).join('；')}
          {c.remedyNote ? ` — ${c.remedyNote}` : ''}
        </td>
      </tr>
    </PrintTable>
  );
}

/** The root cause's two halves: why it was made, why it was not detected. */
const CauseRows = ({ c }: { c: TComplaint }) => (
  <>
    <tr>
      <th>
        <L k={(d) => d.rootCause.occurrence} />
      </th>
      <td>{dash(c.rootCause?.occurrenceCause)}</td>
    </tr>
    <tr>
      <th>
        <L k={(d) => d.rootCause.escape} />
      </th>
      <td>{dash(c.rootCause?.escapePoint)}</td>
    </tr>
  </>
);

function usePrintable() {
  const { id } = useParams<{ id: string }>();
  const t = useT();
  const { data, isLoading, error } = useComplaint(id);
  const fallback = isLoading ? (
    <Skeleton active style={{ padding: 24 }} />
  ) : !data ? (
    <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />
  ) : null;
  return { c: data, fallback };
}

const Signatures = ({ c }: { c: TComplaint }) => {
  const last = c.confirmations.at(-1);
  return (
    <>
      <Section k={(d) => d.d.d8} />
      <PrintTable>
        <tr>
          <th style={{ width: '25%' }}>
            <L k={(d) => d.confirmation.result} />
          </th>
          <td data-testid="print-confirmation">
            {last
              ? `${both((d) => d.confirmation[last.result as 'accepted' | 'rejected'])} · ${fmt(last.at)}${last.comment ? ` · ${last.comment}` : ''}`
              : '□ 接受 Accepted    □ 不接受 Rejected'}
          </td>
        </tr>
        <tr>
          <th>
            <L k={(d) => d.print.signature} />
          </th>
          <td className="pf-sign" />
        </tr>
      </PrintTable>
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
      <PrintTable>
        <tr>
          <th style={{ width: '20%' }}>
            <L k={(d) => d.team.leader} />
          </th>
          <td>{dash(c.team?.leaderName)}</td>
        </tr>
        <tr>
          <th>
            <L k={(d) => d.team.members} />
          </th>
          <td>{dash(c.team?.members.map((m) => `${m.name ?? ''} (${m.role})`).join('、'))}</td>
        </tr>
      </PrintTable>
      <Section k={(d) => d.d.d2} />
      <PrintTable>
        {(['what', 'where', 'when', 'who', 'why', 'how', 'howMany', 'isNot'] as const).map((k) => (
          <tr key={k}>
            <th style={{ width: '20%' }}>
              <L k={(d) => d.problem[k]} />
            </th>
            <td>{dash(c.problem?.[k])}</td>
          </tr>
        ))}
      </PrintTable>
      <Section k={(d) => d.d.d3} />
      <PrintTable
        cols={['14%', undefined, '12%', '12%', '20%']}
        head={[
          <L k={(d) => d.containment.location} />,
          <L k={(d) => d.containment.description} />,
          <L k={(d) => d.containment.checked} />,
          <L k={(d) => d.containment.found} />,
          <L k={(d) => d.containment.disposition} />,
        ]}
      >
        {c.containment.map((r) => (
          <tr key={r.id}>
            <td>{both((d) => d.locations[r.location])}</td>
            <td>{r.description}</td>
            <td>{r.quantityChecked}</td>
            <td>{r.quantityFound}</td>
            <td>{dash(r.disposition)}</td>
          </tr>
        ))}
      </PrintTable>
      <Section k={(d) => d.d.d4} />
      <PrintTable cols={['20%', undefined]}>
        <tr>
          <th>
            <L k={(d) => d.rootCause.method} />
          </th>
          <td>{c.rootCause ? both((d) => d.methods[c.rootCause!.method]) : '—'}</td>
        </tr>
        <CauseRows c={c} />
        <tr>
          <th>
            <L k={(d) => d.rootCause.analysis} />
          </th>
          <td>{dash(c.rootCause?.analysis)}</td>
        </tr>
        <tr>
          <th>
            <L k={(d) => d.rootCause.evidence} />
          </th>
          <td>{dash(c.rootCause?.evidence.map((e) => e.filename).join('、'))}</td>
        </tr>
      </PrintTable>
      <Section k={(d) => d.d.d5} />
      <PrintTable
        cols={[undefined, '14%', '13%', '30%']}
        head={[<L k={(d) => d.actions.title} />, <L k={(d) => d.actions.owner} />, <L k={(d) => d.actions.due} />, <BiLabel zh="完成证据" en="Evidence" />]}
      >
        {c.actions.map((a) => (
          <tr key={a.id}>
            <td>
              {a.number} {a.title}
            </td>
            <td>{dash(a.ownerName)}</td>
            <td>{a.dueDate}</td>
            <td>{dash(a.evidence)}</td>
          </tr>
        ))}
      </PrintTable>
      <PrintTable>
        <tr>
          <th style={{ width: '20%' }}>
            <L k={(d) => d.tabs.effectiveness} />
          </th>
          <td data-testid="print-effectiveness">
            {c.effectiveness
              ? `${c.effectiveness.method}；${c.effectiveness.criterion}；${c.effectiveness.plannedDate}；${c.effectiveness.verifierName ?? ''} → ${c.effectiveness.result === 'effective' ? '有效 Effective' : '待验证 Pending'}${c.effectiveness.note ? ` — ${c.effectiveness.note}` : ''}`
              : '—'}
          </td>
        </tr>
      </PrintTable>
      <Section k={(d) => d.d.d7} />
      <PrintTable>
        <tr>
          <th style={{ width: '30%' }}>
            <L k={(d) => d.prevention.similar} />
          </th>
          <td>{dash(p?.similarReviewed)}</td>
        </tr>
        <tr>
          <th>
            <L k={(d) => d.prevention.pfmea} />
          </th>
          <td className="pf-mark" data-testid="print-pfmea">
            {docLine(p?.pfmea ?? null)}
          </td>
        </tr>
        <tr>
          <th>
            <L k={(d) => d.prevention.controlPlan} />
          </th>
          <td className="pf-mark" data-testid="print-control-plan">
            {docLine(p?.controlPlan ?? null)}
          </td>
        </tr>
        {p?.otherDocuments && (
          <tr>
            <th>
              <L k={(d) => d.prevention.other} />
            </th>
            <td>{p.otherDocuments}</td>
          </tr>
        )}
        {p?.lessonsLearned && (
          <tr>
            <th>
              <L k={(d) => d.prevention.lessons} />
            </th>
            <td>{p.lessonsLearned}</td>
          </tr>
        )}
      </PrintTable>
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
      <PrintTable>
        <tr>
          <th style={{ width: '20%' }}>
            <L k={(d) => d.fields.severity} />
          </th>
          <td>{c.assessment ? both((d) => d.severities[c.assessment!.severity]) : '—'}</td>
          <th style={{ width: '20%' }}>
            <L k={(d) => d.fields.path} />
          </th>
          <td>{c.assessment ? both((d) => d.paths[c.assessment!.path]) : '—'}</td>
        </tr>
        <tr>
          <th>
            <L k={(d) => d.assessment.impact} />
          </th>
          <td colSpan={3}>{c.assessment ? c.assessment.customerImpact.map((x) => both((d) => d.impacts[x])).join('；') : '—'}</td>
        </tr>
      </PrintTable>
      <Section k={(d) => d.tabs.returns} />
      <PrintTable
        cols={['18%', '10%', undefined, '26%']}
        head={[
          <L k={(d) => d.returns.receivedAt} />,
          <L k={(d) => d.returns.quantity} />,
          <L k={(d) => d.returns.analysis} />,
          <L k={(d) => d.returns.rework} />,
        ]}
      >
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
      </PrintTable>
      <Section k={(d) => d.d.d4} />
      <PrintTable cols={['20%', undefined]}>
        <CauseRows c={c} />
        <tr>
          <th>
            <L k={(d) => d.d.d5} />
          </th>
          <td>{dash(c.actions.map((a) => `${a.title}（${a.ownerName ?? ''}，${a.dueDate}）`).join('\n'))}</td>
        </tr>
      </PrintTable>
      <Signatures c={c} />
    </Sheet>
  );
}
