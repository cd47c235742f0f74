import type { ReactNode } from 'react';
import { Alert, Skeleton } from 'antd';
import { useParams } from 'react-router';
import { isApiError } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { useDepartments } from '../identity/index.js';
import { both, fmt, L, PrintFrame, PrintTable, Section } from '../platform/print/index.js';
import { statutoryItemNames } from '../../../contracts/order-statutory.js';
import { useOrder, type TOrder } from './api.js';
import { useStepSignoffs, type StepSignoffs } from './signoffs.js';

/**
 * Print-ready forms (A4, bilingual labels: Chinese with English underneath) that replace
 * the paper 合同评审表, 生产通知表, 生产任务单 and 交货计划表. No app chrome: the route sits outside the shell.
 * The sheet, toolbar, header and labels are the platform's (platform/print).
 */

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
const typeText: Record<string, { zh: string; en: string }> = {
  contract: { zh: '合同', en: 'Contract' },
  continuous: { zh: '连续订单', en: 'Continuous order' },
};
const reasonText: Record<string, string> = {
  'customer-request': '客户要求 Customer request',
  capacity: '产能 Capacity',
  material: '物料 Material',
  quality: '品质 Quality',
  other: '其他 Other',
};
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
    <PrintTable cols={['16%', '34%', '16%', '34%']}>
      <tr>
        <th>
          <L zh="客户名称" en="Customer" />
        </th>
        <td>
          {order.partyCode} · {order.partyName}
        </td>
        <th>
          <L zh="客户订单号" en="Customer PO" />
        </th>
        <td>{order.customerPo ?? ''}</td>
      </tr>
      <tr>
        <th>
          <L zh="订货日期" en="Order date" />
        </th>
        <td>{order.orderDate}</td>
        <th>
          <L zh="订单形式" en="Received as" />
        </th>
        <td>{both(formText[order.form])}</td>
      </tr>
      <tr>
        <th>
          <L zh="接单人 / 时间" en="Received by / at" />
        </th>
        <td>
          {order.receiverName} · {fmt(order.receivedAt)}
        </td>
        <th>
          <L zh="订单类型" en="Order type" />
        </th>
        <td>
          <span className="pf-mark">{both(typeText[order.type])}</span>
        </td>
      </tr>
    </PrintTable>
  );
}

function LinesTable({ order, plan }: { order: TOrder; plan?: boolean }) {
  const prices = !plan && order.lines.some((l) => l.unitPrice != null);
  return (
    <table className="pf-table">
      <thead>
        <tr>
          <th style={{ width: '6%' }}>
            <L zh="行" en="No." />
          </th>
          <th style={{ width: '14%' }}>
            <L zh="型号" en="Model" />
          </th>
          <th style={{ width: '13%' }}>
            <L zh="规格" en="Spec." />
          </th>
          <th style={{ width: '10%' }}>
            <L zh="数量" en="Qty" />
          </th>
          <th style={{ width: '12%' }}>
            <L zh="要求交期" en="Requested" />
          </th>
          {plan ? (
            <>
              <th style={{ width: '12%' }}>
                <L zh="计划交期" en="Planned" />
              </th>
              <th style={{ width: '10%' }}>
                <L zh="已出货" en="Shipped" />
              </th>
              <th>
                <L zh="备注" en="Remarks" />
              </th>
            </>
          ) : (
            <>
              <th>
                <L zh="用途 / 质量标准 / HSF / 特殊要求" en="Use / quality std. / HSF / special req." />
              </th>
              {prices && (
                <th style={{ width: '11%' }}>
                  <L zh="单价" en="Unit price" />
                </th>
              )}
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
          <th style={{ width: '20%' }}>
            <L zh="部门" en="Department" />
          </th>
          {!receipt && (
            <th style={{ width: '16%' }}>
              <L zh="评审意见" en="Opinion" />
            </th>
          )}
          {!receipt && (
            <th>
              <L zh="说明 / 条件" en="Comments / conditions" />
            </th>
          )}
          <th style={{ width: '16%' }}>
            <L zh={receipt ? '签收人' : '评审人'} en={receipt ? 'Received by' : 'Reviewer'} />
          </th>
          <th style={{ width: '18%' }}>
            <L zh="日期" en="Date" />
          </th>
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
      <PrintTable>
        <tr>
          <th style={{ width: '16%' }}>
            <L zh="分类依据" en="Classification" />
          </th>
          <td>
            {order.classificationReasons.map((r, i) => (
              <div key={i}>
                · {r.text.zh} <span style={{ fontSize: '8pt' }}>{r.text.en}</span>
              </div>
            ))}
            {order.classificationOverride && (
              <div className="pf-mark">
                改为 Changed to {both(typeText[order.classificationOverride.type])}: {order.classificationOverride.reason} (
                {order.classificationOverride.byName})
              </div>
            )}
          </td>
        </tr>
        {order.clarifications.length > 0 && (
          <tr>
            <th>
              <L zh="澄清记录" en="Clarifications" />
            </th>
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
      </PrintTable>
      <Section
        zh={continuous ? '连续订单评审（会签）' : '各部门评审意见（会签）'}
        en={`${continuous ? 'Continuous-order review' : 'Review by the departments'}${data && data.round > 1 ? ` · round ${data.round}` : ''}`}
      />
      <SignTable data={data} />
      {(order.statutory.some((x) => x.applicable !== null) || data?.stepId === 'contract-review') && !continuous && <StatutoryTable order={order} />}
      {order.reviewMeeting && (
        <>
          <Section zh="重大合同评审会议" en="Review meeting (major contract)" />
          <PrintTable testId="print-meeting">
            <tr>
              <th style={{ width: '20%' }}>
                <L zh="会议时间" en="Held at" />
              </th>
              <td>{fmt(order.reviewMeeting.at)}</td>
            </tr>
            <tr>
              <th>
                <L zh="参加人员" en="Attendees" />
              </th>
              <td>{order.reviewMeeting.attendees}</td>
            </tr>
            <tr>
              <th>
                <L zh="会议记录" en="Minutes" />
              </th>
              <td style={{ whiteSpace: 'pre-wrap' }}>{order.reviewMeeting.minutes}</td>
            </tr>
          </PrintTable>
        </>
      )}
      <PrintTable>
        <tr>
          <th style={{ width: '20%' }}>
            <L zh={continuous ? '批准（生产计划总监）' : '批准（总经理 / 副总）'} en={continuous ? 'Approved (planning director)' : 'Approved (GM / VP)'} />
          </th>
          <td className="pf-sign" data-testid="print-approver">
            {approval ? `${approval.name ?? ''}　${fmt(approval.at)}` : ''}
          </td>
        </tr>
      </PrintTable>
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
      <PrintTable
        testId="print-statutory"
        cols={['26%', '14%', undefined, '22%']}
        head={[
          <L zh="项目" en="Item" />,
          <L zh="是否适用" en="Applies" />,
          <L zh="证据 / 说明" en="Evidence / remark" />,
          <L zh="评审人 / 日期" en="Reviewed by / on" />,
        ]}
      >
        {order.statutory.map((x) => (
          <tr key={x.item} data-item={x.item}>
            <td>
              <L zh={statutoryItemNames[x.item].zh} en={statutoryItemNames[x.item].en} />
            </td>
            <td>{x.applicable ? <L zh={applicableText[x.applicable]!.zh} en={applicableText[x.applicable]!.en} /> : '未判定 Undecided'}</td>
            <td style={{ whiteSpace: 'pre-wrap' }}>{x.evidence ?? ''}</td>
            <td className="pf-sign">{x.reviewedAt ? `${x.reviewedByName ?? ''}　${fmt(x.reviewedAt)}` : ''}</td>
          </tr>
        ))}
      </PrintTable>
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
        <PrintTable>
          <tr>
            <th style={{ width: '16%' }}>
              <L zh="交付地址" en="Deliver to" />
            </th>
            <td style={{ whiteSpace: 'pre-wrap' }}>{order.confirmation.deliveryAddress}</td>
          </tr>
        </PrintTable>
      )}
      <Section zh="生产内容与交期" en="What to produce, by when" />
      <LinesTable order={order} plan />
      <Section zh={`生产安排${sheet ? `（第 ${sheet.revision} 版）` : ''}`} en={`Production schedule${sheet ? ` (revision ${sheet.revision})` : ''}`} />
      <PrintTable testId="print-task-sheet-body">
        <tr>
          <th style={{ width: '16%' }}>
            <L zh="计划开始" en="Start" />
          </th>
          <td>{sheet ? fmt(sheet.productionStart) : ''}</td>
          <th style={{ width: '16%' }}>
            <L zh="计划完成" en="Finish" />
          </th>
          <td>{sheet ? fmt(sheet.productionFinish) : ''}</td>
        </tr>
        <tr>
          <th>
            <L zh="生产安排" en="Arrangement" />
          </th>
          <td colSpan={3} style={{ whiteSpace: 'pre-wrap' }}>
            {sheet?.instructions ?? ''}
          </td>
        </tr>
      </PrintTable>
      <PrintTable style={{ marginTop: 14 }}>
        <tr>
          <th style={{ width: '20%' }}>
            <L zh="填写（PMC）" en="Prepared (PMC)" />
          </th>
          <td className="pf-sign">{sheet ? `${sheet.preparedByName ?? ''}　${fmt(sheet.preparedAt)}` : ''}</td>
          <th style={{ width: '20%' }}>
            <L zh="总经理签名" en="GM's signature" />
          </th>
          <td className="pf-sign" data-testid="print-task-sheet-signed">
            {sheet?.status === 'signed'
              ? `${sheet.signedByName ?? ''}　${fmt(sheet.signedAt)}（电子签名 e-signed）`
              : sheet?.status === 'returned'
                ? '退回 Returned'
                : ''}
          </td>
        </tr>
      </PrintTable>
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
      <PrintTable>
        <tr>
          <th style={{ width: '16%' }}>
            <L zh="评审批准" en="Review approved" />
          </th>
          <td>{fmt(order.reviewedAt)}</td>
        </tr>
      </PrintTable>
      <Section zh="生产内容" en="What to produce" />
      <LinesTable order={order} plan />
      {order.notes && (
        <PrintTable>
          <tr>
            <th style={{ width: '16%' }}>
              <L zh="备注" en="Notes" />
            </th>
            <td style={{ whiteSpace: 'pre-wrap' }}>{order.notes}</td>
          </tr>
        </PrintTable>
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
      <PrintTable
        cols={['6%', '13%', '13%', undefined, '13%', '18%']}
        head={[
          <L zh="行" en="No." />,
          <L zh="原交期" en="Old date" />,
          <L zh="新交期" en="New date" />,
          <L zh="原因" en="Reason" />,
          <L zh="批准人" en="Agreed by" />,
          <L zh="客户确认" en="Customer ack." />,
        ]}
      >
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
      </PrintTable>
      <PrintTable style={{ marginTop: 14 }}>
        <tr>
          <th style={{ width: '25%' }}>
            <L zh="制表（发货部）" en="Prepared by (shipping)" />
          </th>
          <td className="pf-sign" />
          <th style={{ width: '25%' }}>
            <L zh="审核（副总）" en="Reviewed (VP)" />
          </th>
          <td className="pf-sign" />
        </tr>
      </PrintTable>
      {signed?.reached && (
        <>
          <Section zh="汇报副总后分发各部门签收" en="Reported to the VP, signed for by the departments" />
          <SignTable data={signed} />
        </>
      )}
    </Sheet>
  );
}
