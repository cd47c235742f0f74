import { Alert, Skeleton } from 'antd';
import { useParams } from 'react-router';
import { isApiError } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { useInstances } from '../procedures/index.js';
import { fmt, L, PrintFrame, PrintTable, Section } from '../platform/print/index.js';
import { useCuttingSheet } from './api.js';

const vendorStatusText: Record<string, string> = { qualified: '合格 Qualified', conditional: '有条件合格 Conditional', suspended: '暂停 Suspended' };

/** 裁剪单 as the paper form: what to cut, for whom, by when; the VP's review and the customer's confirmation. */
export function PrintCuttingSheetPage() {
  const t = useT();
  const { id } = useParams();
  const { data: sheet, error, isLoading } = useCuttingSheet(id);
  const { data: instances } = useInstances('cutting-sheet', id);
  if (isLoading) return <Skeleton active />;
  if (!sheet) return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  const history = instances?.items[0]?.history ?? [];
  const left = (transitionId: string) => [...history].reverse().find((v) => v.transitionId === transitionId);
  const approved = left('approve');
  const confirmed = left('customer-confirmed');
  const sent = left('send');
  return (
    <PrintFrame
      back={{ to: `/cutting-sheets/${sheet.id}`, label: sheet.number }}
      number={sheet.number}
      version={sheet.version}
      procedureId="cutting-sheet"
      title={{ zh: '裁剪单', en: 'Cutting Sheet' }}
    >
      <PrintTable cols={['16%', '34%', '16%', '34%']}>
        <tr>
          <th>
            <L zh="客户" en="Customer" />
          </th>
          <td>{sheet.partyName}</td>
          <th>
            <L zh="订单编号" en="Order No." />
          </th>
          <td>{sheet.orderNumber}</td>
        </tr>
        <tr>
          <th>
            <L zh="外包加工商" en="Vendor" />
          </th>
          <td>
            {sheet.vendorCode} · {sheet.vendorName}
          </td>
          <th>
            <L zh="合格状态" en="List status" />
          </th>
          <td>{vendorStatusText[sheet.vendorStatus]}</td>
        </tr>
        <tr>
          <th>
            <L zh="型号 / 规格" en="Model / spec" />
          </th>
          <td>
            {sheet.model} {sheet.spec ?? ''}（第 {sheet.lineNo} 行 Line {sheet.lineNo}）
          </td>
          <th>
            <L zh="数量" en="Quantity" />
          </th>
          <td className="pf-mark">
            {sheet.quantity} {sheet.unit}
          </td>
        </tr>
        <tr>
          <th>
            <L zh="需要到货日期" en="Needed by" />
          </th>
          <td>{sheet.requiredDate}</td>
          <th>
            <L zh="外包商确认交期" en="Vendor's confirmed date" />
          </th>
          <td className="pf-mark">{sheet.vendorDeliveryDate ?? ''}</td>
        </tr>
      </PrintTable>
      <Section zh="材料" en="Material" />
      <PrintTable>
        <tr>
          <td style={{ minHeight: 40 }}>{sheet.material}</td>
        </tr>
      </PrintTable>
      <Section zh="裁剪 / 加工要求" en="Cutting / processing specification" />
      <PrintTable>
        <tr>
          <td style={{ whiteSpace: 'pre-wrap', height: 120 }}>{sheet.cuttingSpec}</td>
        </tr>
        {sheet.notes && (
          <tr>
            <td>
              <L zh="备注" en="Notes" /> {sheet.notes}
            </td>
          </tr>
        )}
      </PrintTable>
      <Section zh="审核与确认" en="Review and confirmation" />
      <PrintTable
        cols={['25%', '25%', '25%', '25%']}
        head={[
          <L zh="制表（发货部）" en="Prepared (Shipping)" />,
          <L zh="副总审核" en="VP review" />,
          <L zh="客户确认" en="Customer confirmation" />,
          <L zh="外包加工商回签" en="Vendor acknowledgement" />,
        ]}
      >
        <tr>
          <td className="pf-sign">
            {sheet.createdByName}
            <br />
            {fmt(sheet.createdAt)}
          </td>
          <td className="pf-sign">
            {approved ? (
              <>
                {approved.actorName}（电子签名 e-signed）
                <br />
                {fmt(approved.leftAt)}
              </>
            ) : null}
          </td>
          <td className="pf-sign">{confirmed ? fmt(confirmed.leftAt) : null}</td>
          <td className="pf-sign">{sent ? `已发出 Sent ${fmt(sent.leftAt)}` : null}</td>
        </tr>
      </PrintTable>
      {sheet.vendorConfirmationNote && <p style={{ fontSize: '8.5pt', marginTop: 6 }}>交期确认 Date confirmed: {sheet.vendorConfirmationNote}</p>}
    </PrintFrame>
  );
}
