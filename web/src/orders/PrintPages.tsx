import type { ReactNode } from 'react';
import { Alert, Button, Flex, Skeleton } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import dayjs from 'dayjs';
import { isApiError } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { useDepartments } from '../identity/api.js';
import { useProcedure } from '../procedures/api.js';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.js';
import { statutoryItemNames } from '../../../contracts/order-statutory.js';
import { useOrder, type TOrder } from './api.js';
import { useStepSignoffs, type StepSignoffs } from './signoffs.js';

/**
 * Print-ready forms (A4, bilingual labels: Chinese with English underneath) that replace
 * the paper 合同评审表, 生产通知表 and 交货计划表. No app chrome: the route sits outside the shell.
 */

const css = `
  .pf-page { background: #e9ecf1; min-height: 100vh; padding: 16px 0 32px; }
  .pf-toolbar { width: 210mm; margin: 0 auto 12px; display: flex; gap: 8px; align-items: center; }
  .pf-sheet { width: 210mm; min-height: 297mm; box-sizing: border-box; margin: 0 auto; background: #fff; padding: 12mm 12mm 14mm;
    box-shadow: 0 2px 10px rgba(0,0,0,.15); color: #000; font-size: 10.5pt; line-height: 1.35;
    font-family: 'Noto Serif CJK SC', 'Songti SC', SimSun, 'Noto Sans CJK SC', 'Microsoft YaHei', serif; }
  .pf-head { display: grid; grid-template-columns: 1fr auto 1fr; align-items: end; border-bottom: 2px solid #000; padding-bottom: 6px; margin-bottom: 8px; }
  .pf-company { font-size: 10pt; }
  .pf-title { text-align: center; }
  .pf-title .zh { font-size: 18pt; font-weight: 700; letter-spacing: 4px; }
  .pf-title .en { font-size: 10pt; }
  .pf-docno { text-align: right; font-size: 9pt; }
  .pf-table { width: 100%; border-collapse: collapse; margin-top: 6px; table-layout: fixed; }
  .pf-table th, .pf-table td { border: 1px solid #000; padding: 3px 5px; vertical-align: top; word-break: break-word; }
  .pf-table th { background: #f2f2f2; font-weight: 600; text-align: left; }
  .pf-l { display: block; }
  .pf-l .en { display: block; font-size: 7.5pt; font-weight: 400; color: #333; }
  .pf-section { margin-top: 10px; font-weight: 700; }
  .pf-section .en { font-weight: 400; font-size: 8pt; margin-left: 6px; }
  .pf-mark { font-weight: 700; }
  .pf-foot { margin-top: 14px; display: flex; justify-content: space-between; font-size: 8pt; color: #333; }
  .pf-sign { height: 34px; }
  @media print {
    @page { size: A4 portrait; margin: 0; }
    html, body, #root { background: #fff !important; }
    .pf-page { background: #fff; padding: 0; }
    .pf-toolbar { display: none !important; }
    .pf-sheet { box-shadow: none; margin: 0; width: 210mm; min-height: auto; }
    .pf-table tr { break-inside: avoid; }
  }
`;

/** A label in both languages: Chinese, English underneath. */
export function L({ zh, en }: { zh: string; en: string }) {
  return (
    <span className="pf-l">
      {zh}
      <span className="en">{en}</span>
    </span>
  );
}

export function Section({ zh, en }: { zh: string; en: string }) {
  return (
    <div className="pf-section">
      {zh}
      <span className="en">{en}</span>
    </div>
  );
}

function useDeptNames(): (code: string) => { zh: string; en: string } {
  const { data } = useDepartments();
  return (code) => {
    const d = data?.items.find((x) => x.code === code);
    return d ? { zh: d.name.zh, en: d.name.en } : { zh: code, en: code };
  };
}

const opinionText: Record<string, { zh: string; en: string }> = {
  accept: { zh: '同意', en: 'Accept' },
  conditional: { zh: '有条件同意', en: 'Accept with conditions' },
  reject: { zh: '不同意', en: 'Reject' },
};
const formText: Record<string, { zh: string; en: string }> = {
  po: { zh: '正式订单', en: 'Formal PO' },
  fax: { zh: '传真', en: 'Fax' },
  note: { zh: '便条', en: 'Note' },
  email: { zh: '邮件', en: 'Email' },
  oral: { zh: '口头（电话）', en: 'Oral (phone)' },
};
const typeText: Record<string, { zh: string; en: string }> = { contract: { zh: '合同', en: 'Contract' }, continuous: { zh: '连续订单', en: 'Continuous order' } };
const reasonText: Record<string, string> = {
  'customer-request': '客户要求 Customer request',
  capacity: '产能 Capacity',
  material: '物料 Material',
  quality: '品质 Quality',
  other: '其他 Other',
};
export const fmt = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');
export const both = (x: { zh: string; en: string } | undefined) => (x ? `${x.zh} ${x.en}` : '');

/** The paper form's frame: toolbar (back, print), header (company, title, document number), footer. */
/** The company's name for the form's header (COMPANY_NAME_ZH / _EN); Accord when not set. */
export function useCompanyName(): { zh: string; en: string } {
  const { data } = useQuery({ queryKey: ['organisation'], queryFn: () => api.get<{ name: { zh: string; en: string } }>('/api/organisation'), staleTime: Infinity });
  return data?.name ?? { zh: '', en: '' };
}

export function PrintFrame({ back, number, version, procedureId, title, children }: { back: { to: string; label: string }; number: string; version: number; procedureId: string; title: { zh: string; en: string }; children: ReactNode }) {
  const t = useT();
  const { data: def } = useProcedure(procedureId);
  const company = useCompanyName();
  return (
    <div className="pf-page">
      <style>{css}</style>
      <div className="pf-toolbar">
        <Link to={back.to}>
          <Button icon={<ArrowLeftOutlined />}>{back.label}</Button>
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-now">
          {t('order.print')}
        </Button>
      </div>
      <div className="pf-sheet" data-testid="print-sheet">
        <div className="pf-head">
          <div className="pf-company">
            <div style={{ fontWeight: 700 }} data-testid="print-company">
              {company.zh || company.en ? [company.zh, company.en].filter(Boolean).join(' ') : 'Accord'}
            </div>
            <div>{def ? both(def.title) : ''}</div>
          </div>
          <div className="pf-title">
            <div className="zh">{title.zh}</div>
            <div className="en">{title.en}</div>
          </div>
          <div className="pf-docno">
            <div>{def?.documentNo ?? ''}</div>
            <div>
              No. <span className="pf-mark">{number}</span>
            </div>
          </div>
        </div>
        {children}
        <div className="pf-foot">
          <span>
            {number} · v{version}
          </span>
          <span>
            打印时间 Printed {dayjs().format('YYYY-MM-DD HH:mm')}
          </span>
        </div>
      </div>
    </div>
  );
}

function Sheet({ order, title, children }: { order: TOrder; title: { zh: string; en: string }; children: ReactNode }) {
  return (
    <PrintFrame back={{ to: `/orders/${order.id}`, label: order.number }} number={order.number} version={order.version} procedureId="order" title={title}>
      <HeaderTable order={order} />
      {children}
    </PrintFrame>
  );
}

function HeaderTable({ order }: { order: TOrder }) {
  return (
    <table className="pf-table">
      <colgroup>
        <col style={{ width: '16%' }} />
        <col style={{ width: '34%' }} />
        <col style={{ width: '16%' }} />
        <col style={{ width: '34%' }} />
      </colgroup>
      <tbody>
        <tr>
          <th><L zh="客户名称" en="Customer" /></th>
          <td>
            {order.partyCode} · {order.partyName}
          </td>
          <th><L zh="客户订单号" en="Customer PO" /></th>
          <td>{order.customerPo ?? ''}</td>
        </tr>
        <tr>
          <th><L zh="订货日期" en="Order date" /></th>
          <td>{order.orderDate}</td>
          <th><L zh="订单形式" en="Received as" /></th>
          <td>{both(formText[order.form])}</td>
        </tr>
        <tr>
          <th><L zh="接单人 / 时间" en="Received by / at" /></th>
          <td>
            {order.receiverName} · {fmt(order.receivedAt)}
          </td>
          <th><L zh="订单类型" en="Order type" /></th>
          <td>
            <span className="pf-mark">{both(typeText[order.type])}</span>
          </td>
        </tr>
      </tbody>
    </table>
  );
}

function LinesTable({ order, plan }: { order: TOrder; plan?: boolean }) {
  const prices = !plan && order.lines.some((l) => l.unitPrice != null);
  return (
    <table className="pf-table">
      <thead>
        <tr>
          <th style={{ width: '6%' }}><L zh="行" en="No." /></th>
          <th style={{ width: '14%' }}><L zh="型号" en="Model" /></th>
          <th style={{ width: '13%' }}><L zh="规格" en="Spec." /></th>
          <th style={{ width: '10%' }}><L zh="数量" en="Qty" /></th>
          <th style={{ width: '12%' }}><L zh="要求交期" en="Requested" /></th>
          {plan ? (
            <>
              <th style={{ width: '12%' }}><L zh="计划交期" en="Planned" /></th>
              <th style={{ width: '10%' }}><L zh="已出货" en="Shipped" /></th>
              <th><L zh="备注" en="Remarks" /></th>
            </>
          ) : (
            <>
              <th><L zh="用途 / 质量标准 / HSF / 特殊要求" en="Use / quality std. / HSF / special req." /></th>
              {prices && <th style={{ width: '11%' }}><L zh="单价" en="Unit price" /></th>}
            </>
          )}
        </tr>
      </thead>
      <tbody>
        {order.lines.map((l) => (
          <tr key={l.id}>
            <td>{l.lineNo}</td>
            <td>
              {l.model}
              {!l.inBom && <div style={{ fontSize: '7.5pt' }}>未入BOM New product</div>}
            </td>
            <td>{l.spec ?? ''}</td>
            <td style={{ textAlign: 'right' }}>
              {l.quantity.toLocaleString()} {l.unit}
            </td>
            <td>{l.requestedDate}</td>
            {plan ? (
              <>
                <td className="pf-mark">{l.plannedDate ?? ''}</td>
                <td style={{ textAlign: 'right' }}>{l.shippedQuantity ? l.shippedQuantity.toLocaleString() : ''}</td>
                <td>
                  {order.deliveryChanges
                    .filter((c) => c.lineId === l.id)
                    .map((c) => `${c.oldDate}→${c.newDate}${c.acknowledged ? ' ✓' : ''}`)
                    .join('; ')}
                </td>
              </>
            ) : (
              <>
                <td>{[l.use, l.qualityStandard, l.hsfRequirement, l.specialRequirements].filter(Boolean).join(' / ')}</td>
                {prices && <td style={{ textAlign: 'right' }}>{l.unitPrice != null ? `${l.unitPrice} ${l.currency}` : ''}</td>}
              </>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SignTable({ data, receipt }: { data: StepSignoffs | null; receipt?: boolean }) {
  const dept = useDeptNames();
  const rows = data?.departments ?? [];
  return (
    <table className="pf-table" data-testid="print-signoffs">
      <thead>
        <tr>
          <th style={{ width: '20%' }}><L zh="部门" en="Department" /></th>
          {!receipt && <th style={{ width: '16%' }}><L zh="评审意见" en="Opinion" /></th>}
          {!receipt && <th><L zh="说明 / 条件" en="Comments / conditions" /></th>}
          <th style={{ width: '16%' }}><L zh={receipt ? '签收人' : '评审人'} en={receipt ? 'Received by' : 'Reviewer'} /></th>
          <th style={{ width: '18%' }}><L zh="日期" en="Date" /></th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => {
          const s = data?.signed.get(d);
          const n = dept(d);
          return (
            <tr key={d} data-department={d}>
              <td>
                <L zh={n.zh} en={n.en} />
              </td>
              {!receipt && <td>{s ? <L zh={opinionText[s.opinion]!.zh} en={opinionText[s.opinion]!.en} /> : ''}</td>}
              {!receipt && <td>{s?.comment ?? ''}</td>}
              <td className="pf-sign">{s?.userName ?? ''}</td>
              <td>{s ? fmt(s.at) : ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function usePrintOrder() {
  const { id } = useParams<{ id: string }>();
  return useOrder(id);
}

function Loading({ error }: { error: unknown }) {
  const t = useT();
  if (error) return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} style={{ margin: 24 }} />;
  return <Skeleton active style={{ padding: 24 }} />;
}

/** 合同评审表: the order, each department's opinion, comment, reviewer and date, and the approver. */
export function PrintReviewPage() {
  const { data: order, error } = usePrintOrder();
  const { data, approval } = useStepSignoffs(order?.id ?? '', ['contract-review', 'continuous-review']);
  if (!order) return <Loading error={error} />;
  const continuous = data?.stepId === 'continuous-review';
  return (
    <Sheet order={order} title={{ zh: '合同评审表', en: 'Contract Review Form' }}>
      <Section zh="订单内容" en="Order content" />
      <LinesTable order={order} />
      <table className="pf-table">
        <tbody>
          <tr>
            <th style={{ width: '16%' }}><L zh="分类依据" en="Classification" /></th>
            <td>
              {order.classificationReasons.map((r, i) => (
                <div key={i}>
                  · {r.text.zh} <span style={{ fontSize: '8pt' }}>{r.text.en}</span>
                </div>
              ))}
              {order.classificationOverride && (
                <div className="pf-mark">
                  改为 Changed to {both(typeText[order.classificationOverride.type])}: {order.classificationOverride.reason} ({order.classificationOverride.byName})
                </div>
              )}
            </td>
          </tr>
          {order.clarifications.length > 0 && (
            <tr>
              <th><L zh="澄清记录" en="Clarifications" /></th>
              <td>
                {order.clarifications.map((c) => (
                  <div key={c.id}>
                    {c.lineNo ? `#${c.lineNo} ` : ''}
                    {c.question} → {c.answer ?? '—'}
                    {c.decision ? `（${c.decision}）` : ''}
                  </div>
                ))}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <Section
        zh={continuous ? '连续订单评审（会签）' : '各部门评审意见（会签）'}
        en={`${continuous ? 'Continuous-order review' : 'Review by the departments'}${data && data.round > 1 ? ` · round ${data.round}` : ''}`}
      />
      <SignTable data={data} />
      {(order.statutory.some((x) => x.applicable !== null) || data?.stepId === 'contract-review') && !continuous && <StatutoryTable order={order} />}
      {order.reviewMeeting && (
        <>
          <Section zh="重大合同评审会议" en="Review meeting (major contract)" />
          <table className="pf-table" data-testid="print-meeting">
            <tbody>
              <tr>
                <th style={{ width: '20%' }}><L zh="会议时间" en="Held at" /></th>
                <td>{fmt(order.reviewMeeting.at)}</td>
              </tr>
              <tr>
                <th><L zh="参加人员" en="Attendees" /></th>
                <td>{order.reviewMeeting.attendees}</td>
              </tr>
              <tr>
                <th><L zh="会议记录" en="Minutes" /></th>
                <td style={{ whiteSpace: 'pre-wrap' }}>{order.reviewMeeting.minutes}</td>
              </tr>
            </tbody>
          </table>
        </>
      )}
      <table className="pf-table">
        <tbody>
          <tr>
            <th style={{ width: '20%' }}>
              <L zh={continuous ? '批准（生产计划总监）' : '批准（总经理 / 副总）'} en={continuous ? 'Approved (planning director)' : 'Approved (GM / VP)'} />
            </th>
            <td className="pf-sign" data-testid="print-approver">
              {approval ? `${approval.name ?? ''}　${fmt(approval.at)}` : ''}
            </td>
          </tr>
        </tbody>
      </table>
    </Sheet>
  );
}

const applicableText: Record<string, { zh: string; en: string }> = {
  yes: { zh: '适用', en: 'Applies' },
  no: { zh: '不适用', en: 'Does not apply' },
  na: { zh: '不涉及', en: 'Not relevant' },
};

/** The statutory and regulatory requirements reviewed in the contract review (QC 4.2.1). */
function StatutoryTable({ order }: { order: TOrder }) {
  return (
    <>
      <Section zh="法律法规要求评审" en="Statutory and regulatory requirements" />
      <table className="pf-table" data-testid="print-statutory">
        <thead>
          <tr>
            <th style={{ width: '26%' }}><L zh="项目" en="Item" /></th>
            <th style={{ width: '14%' }}><L zh="是否适用" en="Applies" /></th>
            <th><L zh="证据 / 说明" en="Evidence / remark" /></th>
            <th style={{ width: '22%' }}><L zh="评审人 / 日期" en="Reviewed by / on" /></th>
          </tr>
        </thead>
        <tbody>
          {order.statutory.map((x) => (
            <tr key={x.item} data-item={x.item}>
              <td><L zh={statutoryItemNames[x.item].zh} en={statutoryItemNames[x.item].en} /></td>
              <td>{x.applicable ? <L zh={applicableText[x.applicable]!.zh} en={applicableText[x.applicable]!.en} /> : '未判定 Undecided'}</td>
              <td style={{ whiteSpace: 'pre-wrap' }}>{x.evidence ?? ''}</td>
              <td className="pf-sign">{x.reviewedAt ? `${x.reviewedByName ?? ''}　${fmt(x.reviewedAt)}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** 生产任务单: PMC's schedule for the order, signed by the GM before it is issued (SP 5.3); who acknowledged the plan (SP 6.3.1.2). */
export function PrintTaskSheetPage() {
  const { data: order, error } = usePrintOrder();
  const { data } = useStepSignoffs(order?.id ?? '', ['plan-distribution']);
  if (!order) return <Loading error={error} />;
  const sheet = order.taskSheets.at(-1);
  return (
    <Sheet order={order} title={{ zh: '生产任务单', en: 'Production Task Sheet' }}>
      {order.confirmation && (
        <table className="pf-table">
          <tbody>
            <tr>
              <th style={{ width: '16%' }}><L zh="交付地址" en="Deliver to" /></th>
              <td style={{ whiteSpace: 'pre-wrap' }}>{order.confirmation.deliveryAddress}</td>
            </tr>
          </tbody>
        </table>
      )}
      <Section zh="生产内容与交期" en="What to produce, by when" />
      <LinesTable order={order} plan />
      <Section zh={`生产安排${sheet ? `（第 ${sheet.revision} 版）` : ''}`} en={`Production schedule${sheet ? ` (revision ${sheet.revision})` : ''}`} />
      <table className="pf-table" data-testid="print-task-sheet-body">
        <tbody>
          <tr>
            <th style={{ width: '16%' }}><L zh="计划开始" en="Start" /></th>
            <td>{sheet ? fmt(sheet.productionStart) : ''}</td>
            <th style={{ width: '16%' }}><L zh="计划完成" en="Finish" /></th>
            <td>{sheet ? fmt(sheet.productionFinish) : ''}</td>
          </tr>
          <tr>
            <th><L zh="生产安排" en="Arrangement" /></th>
            <td colSpan={3} style={{ whiteSpace: 'pre-wrap' }}>{sheet?.instructions ?? ''}</td>
          </tr>
        </tbody>
      </table>
      <table className="pf-table" style={{ marginTop: 14 }}>
        <tbody>
          <tr>
            <th style={{ width: '20%' }}><L zh="填写（PMC）" en="Prepared (PMC)" /></th>
            <td className="pf-sign">{sheet ? `${sheet.preparedByName ?? ''}　${fmt(sheet.preparedAt)}` : ''}</td>
            <th style={{ width: '20%' }}><L zh="总经理签名" en="GM's signature" /></th>
            <td className="pf-sign" data-testid="print-task-sheet-signed">
              {sheet?.status === 'signed' ? `${sheet.signedByName ?? ''}　${fmt(sheet.signedAt)}（电子签名 e-signed）` : sheet?.status === 'returned' ? '退回 Returned' : ''}
            </td>
          </tr>
        </tbody>
      </table>
      {data?.reached && (
        <>
          <Section zh="生产制造令 / 生产计划分发签收" en="Manufacturing order / production plan acknowledged by the departments" />
          <SignTable data={data} receipt />
        </>
      )}
    </Sheet>
  );
}

/** 生产通知表: the reviewed order and each department's receipt. */
export function PrintNoticePage() {
  const { data: order, error } = usePrintOrder();
  const { data } = useStepSignoffs(order?.id ?? '', ['notice-acknowledgement']);
  if (!order) return <Loading error={error} />;
  return (
    <Sheet order={order} title={{ zh: '生产通知表', en: 'Production Notice' }}>
      <table className="pf-table">
        <tbody>
          <tr>
            <th style={{ width: '16%' }}><L zh="评审批准" en="Review approved" /></th>
            <td>{fmt(order.reviewedAt)}</td>
          </tr>
        </tbody>
      </table>
      <Section zh="生产内容" en="What to produce" />
      <LinesTable order={order} plan />
      {order.notes && (
        <table className="pf-table">
          <tbody>
            <tr>
              <th style={{ width: '16%' }}><L zh="备注" en="Notes" /></th>
              <td style={{ whiteSpace: 'pre-wrap' }}>{order.notes}</td>
            </tr>
          </tbody>
        </table>
      )}
      <Section zh="各部门签收" en="Acknowledged by the departments" />
      <SignTable data={data} receipt />
    </Sheet>
  );
}

/** 交货计划表: planned dates per line, the revision, changes and the customer's acknowledgements. */
export function PrintDeliveryPlanPage() {
  const { data: order, error } = usePrintOrder();
  const { data: signed } = useStepSignoffs(order?.id ?? '', ['plan-acknowledgement']);
  if (!order) return <Loading error={error} />;
  return (
    <Sheet order={order} title={{ zh: '交货计划表', en: 'Delivery Plan' }}>
      <Section zh={`交货计划（第 ${order.deliveryPlanRevision} 版）`} en={`Planned dates (revision ${order.deliveryPlanRevision})`} />
      <LinesTable order={order} plan />
      <Section zh="交期变更记录" en="Date changes" />
      <table className="pf-table">
        <thead>
          <tr>
            <th style={{ width: '6%' }}><L zh="行" en="No." /></th>
            <th style={{ width: '13%' }}><L zh="原交期" en="Old date" /></th>
            <th style={{ width: '13%' }}><L zh="新交期" en="New date" /></th>
            <th><L zh="原因" en="Reason" /></th>
            <th style={{ width: '13%' }}><L zh="批准人" en="Agreed by" /></th>
            <th style={{ width: '18%' }}><L zh="客户确认" en="Customer ack." /></th>
          </tr>
        </thead>
        <tbody>
          {order.deliveryChanges.length === 0 && (
            <tr>
              <td colSpan={6} style={{ textAlign: 'center', color: '#666' }}>
                无 None
              </td>
            </tr>
          )}
          {order.deliveryChanges.map((c) => (
            <tr key={c.id}>
              <td>{c.lineNo}</td>
              <td>{c.oldDate}</td>
              <td className="pf-mark">{c.newDate}</td>
              <td>
                {reasonText[c.reason] ?? c.reason}
                {c.reasonNote ? `: ${c.reasonNote}` : ''}
              </td>
              <td>{c.approvedByName ?? ''}</td>
              <td>{c.acknowledged ? fmt(c.customerAckAt) : '待确认 Pending'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="pf-table" style={{ marginTop: 14 }}>
        <tbody>
          <tr>
            <th style={{ width: '25%' }}><L zh="制表（发货部）" en="Prepared by (shipping)" /></th>
            <td className="pf-sign" />
            <th style={{ width: '25%' }}><L zh="审核（副总）" en="Reviewed (VP)" /></th>
            <td className="pf-sign" />
          </tr>
        </tbody>
      </table>
      {signed?.reached && (
        <>
          <Section zh="汇报副总后分发各部门签收" en="Reported to the VP, signed for by the departments" />
          <SignTable data={signed} />
        </>
      )}
    </Sheet>
  );
}
