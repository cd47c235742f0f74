import { Alert, Skeleton } from 'antd';
import { useParams } from 'react-router';
import dayjs from 'dayjs';
import { useT } from '../i18n/index.js';
import { L, PrintFoot, PrintPage, PrintSheet, PrintTable, ProcedurePrintHeader, Section } from '../platform/print/index.js';
import { useQuotation } from './api.js';
import { money } from './labels.js';

/**
 * The quotation as sent to the customer: A4, bilingual labels (Chinese, English underneath).
 * Price columns only when the server sent prices (prices.read); the page is outside the app shell.
 */
/** The title's letter-spacing of the quotation, wider than the forms'. */
const css = `
  .pq-head .pf-title .zh { letter-spacing: 6px; }
  .pq-head .pf-title .en { letter-spacing: 2px; }
  .pq-sign { height: 40px; }
`;

export function PrintQuotationPage() {
  const { id } = useParams<{ id: string }>();
  const t = useT();
  const { data: q, isLoading, error } = useQuotation(id);
  if (isLoading) return <Skeleton active />;
  if (error || !q) return <Alert type="error" showIcon title={t('quotation.notFound')} />;
  const prices = q.lines.some((l) => l.unitPrice !== undefined);
  return (
    <PrintPage
      back={{ to: `/quotations/${q.id}`, label: `${q.number} R${q.revision}` }}
      printLabel={t('quotation.print')}
      css={css}
      toolbar={!prices && <Alert type="info" showIcon title={t('quotation.pricesHidden')} style={{ padding: '2px 8px' }} />}
    >
      <PrintSheet>
        <ProcedurePrintHeader procedureId="quotation" className="pq-head" title={{ zh: '报价单', en: 'QUOTATION' }} number={q.number} revision={q.revision} />
        <PrintTable cols={['16%', '34%', '16%', '34%']}>
          <tr>
            <th>
              <L zh="客户" en="Customer" />
            </th>
            <td>
              {q.partyCode} {q.partyName}
            </td>
            <th>
              <L zh="联系人" en="Attention" />
            </th>
            <td>{q.contactName ?? ''}</td>
          </tr>
          <tr>
            <th>
              <L zh="报价日期" en="Date" />
            </th>
            <td>{q.issueDate}</td>
            <th>
              <L zh="有效期至" en="Valid until" />
            </th>
            <td>{q.validUntil}</td>
          </tr>
          <tr>
            <th>
              <L zh="币种" en="Currency" />
            </th>
            <td>{q.currency}</td>
            <th>
              <L zh="业务员" en="Sales" />
            </th>
            <td>{q.salespersonName ?? ''}</td>
          </tr>
        </PrintTable>
        <Section zh="报价明细" en="Items" />
        <table className="pf-table" data-testid="print-lines">
          <colgroup>
            <col style={{ width: '6%' }} />
            <col style={{ width: '16%' }} />
            <col />
            <col style={{ width: '12%' }} />
            {prices && <col style={{ width: '13%' }} />}
            {prices && <col style={{ width: '18%' }} />}
            {prices && <col style={{ width: '13%' }} />}
          </colgroup>
          <thead>
            <tr>
              <th>
                <L zh="序号" en="No." />
              </th>
              <th>
                <L zh="型号" en="Model" />
              </th>
              <th>
                <L zh="规格/描述" en="Description" />
              </th>
              <th className="pf-r">
                <L zh="数量" en="Qty" />
              </th>
              {prices && (
                <th className="pf-r">
                  <L zh="单价" en="Unit price" />
                </th>
              )}
              {prices && (
                <th>
                  <L zh="阶梯价" en="Quantity breaks" />
                </th>
              )}
              {prices && (
                <th className="pf-r">
                  <L zh="金额" en="Amount" />
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {q.lines.map((l) => (
              <tr key={l.id}>
                <td>{l.lineNo}</td>
                <td>{l.model}</td>
                <td>{l.description ?? ''}</td>
                <td className="pf-r">{l.quantity ? `${l.quantity.toLocaleString()} ${l.unit}` : ''}</td>
                {prices && (
                  <td className="pf-r">
                    {money(l.unitPrice)}
                    {l.discount ? ` (-${l.discount}%)` : ''}
                  </td>
                )}
                {prices && <td>{l.breaks.map((b) => `≥${b.minQuantity.toLocaleString()}: ${money(b.unitPrice)}`).join('; ')}</td>}
                {prices && <td className="pf-r">{money(l.lineAmount)}</td>}
              </tr>
            ))}
            {prices && q.totalAmount != null && (
              <tr>
                <td colSpan={6} className="pf-r">
                  <b>合计 Total ({q.currency})</b>
                </td>
                <td className="pf-r">
                  <b>{money(q.totalAmount)}</b>
                </td>
              </tr>
            )}
          </tbody>
        </table>
        <Section zh="条款" en="Terms and conditions" />
        <div style={{ whiteSpace: 'pre-wrap', border: '1px solid #000', padding: '4px 6px', minHeight: 40 }}>{q.terms ?? ''}</div>
        <PrintTable style={{ marginTop: 14 }}>
          <tr>
            <th style={{ width: '25%' }}>
              <L zh="编制" en="Prepared by" />
            </th>
            <th style={{ width: '25%' }}>
              <L zh="总经理批准" en="Approved (GM)" />
            </th>
            <th style={{ width: '50%' }}>
              <L zh="客户回签（盖章）" en="Customer countersignature (stamp)" />
            </th>
          </tr>
          <tr>
            <td className="pq-sign">{q.createdByName ?? ''}</td>
            <td className="pq-sign">
              {q.approvedByName ?? ''}
              <br />
              {q.approvedAt ? dayjs(q.approvedAt).format('YYYY-MM-DD') : ''}
            </td>
            <td className="pq-sign" />
          </tr>
        </PrintTable>
        <PrintFoot>
          {q.number} Rev.{q.revision} · v{q.version}
        </PrintFoot>
      </PrintSheet>
    </PrintPage>
  );
}
