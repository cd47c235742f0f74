import { Alert, Button, Skeleton } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import dayjs from 'dayjs';
import { useT } from '../i18n/index.js';
import { useProcedure } from '../procedures/api.js';
import { useCompanyName } from '../orders/PrintPages.js';
import { useQuotation } from './api.js';
import { money } from './labels.js';

/**
 * The quotation as sent to the customer: A4, bilingual labels (Chinese, English underneath).
 * Price columns only when the server sent prices (prices.read); the page is outside the app shell.
 */
const css = `
  .pq-page { background: #e9ecf1; min-height: 100vh; padding: 16px 0 32px; }
  .pq-toolbar { width: 210mm; margin: 0 auto 12px; display: flex; gap: 8px; align-items: center; }
  .pq-sheet { width: 210mm; min-height: 297mm; box-sizing: border-box; margin: 0 auto; background: #fff; padding: 12mm 12mm 14mm;
    box-shadow: 0 2px 10px rgba(0,0,0,.15); color: #000; font-size: 10.5pt; line-height: 1.35;
    font-family: 'Noto Serif CJK SC', 'Songti SC', SimSun, 'Noto Sans CJK SC', 'Microsoft YaHei', serif; }
  .pq-head { display: grid; grid-template-columns: 1fr auto 1fr; align-items: end; border-bottom: 2px solid #000; padding-bottom: 6px; margin-bottom: 8px; }
  .pq-title { text-align: center; }
  .pq-title .zh { font-size: 18pt; font-weight: 700; letter-spacing: 6px; }
  .pq-title .en { font-size: 10pt; letter-spacing: 2px; }
  .pq-no { text-align: right; font-size: 9pt; }
  .pq-table { width: 100%; border-collapse: collapse; margin-top: 6px; table-layout: fixed; }
  .pq-table th, .pq-table td { border: 1px solid #000; padding: 3px 5px; vertical-align: top; word-break: break-word; }
  .pq-table th { background: #f2f2f2; font-weight: 600; text-align: left; }
  .pq-r { text-align: right; }
  .pq-l { display: block; }
  .pq-l .en { display: block; font-size: 7.5pt; font-weight: 400; color: #333; }
  .pq-section { margin-top: 10px; font-weight: 700; }
  .pq-section .en { font-weight: 400; font-size: 8pt; margin-left: 6px; }
  .pq-sign { height: 40px; }
  .pq-foot { margin-top: 14px; display: flex; justify-content: space-between; font-size: 8pt; color: #333; }
  @media print {
    @page { size: A4 portrait; margin: 0; }
    html, body, #root { background: #fff !important; }
    .pq-page { background: #fff; padding: 0; }
    .pq-toolbar { display: none !important; }
    .pq-sheet { box-shadow: none; margin: 0; min-height: auto; }
    .pq-table tr { break-inside: avoid; }
  }
`;

function L({ zh, en }: { zh: string; en: string }) {
  return (
    <span className="pq-l">
      {zh}
      <span className="en">{en}</span>
    </span>
  );
}

export function PrintQuotationPage() {
  const { id } = useParams<{ id: string }>();
  const t = useT();
  const { data: q, isLoading, error } = useQuotation(id);
  const { data: def } = useProcedure('quotation');
  const company = useCompanyName();
  if (isLoading) return <Skeleton active />;
  if (error || !q) return <Alert type="error" showIcon title={t('quotation.notFound')} />;
  const prices = q.lines.some((l) => l.unitPrice !== undefined);
  return (
    <div className="pq-page">
      <style>{css}</style>
      <div className="pq-toolbar">
        <Link to={`/quotations/${q.id}`}>
          <Button icon={<ArrowLeftOutlined />}>
            {q.number} R{q.revision}
          </Button>
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-now">
          {t('quotation.print')}
        </Button>
        {!prices && <Alert type="info" showIcon title={t('quotation.pricesHidden')} style={{ padding: '2px 8px' }} />}
      </div>
      <div className="pq-sheet" data-testid="print-sheet">
        <div className="pq-head">
          <div>
            <div style={{ fontWeight: 700 }} data-testid="print-company">
              {company.zh || company.en ? [company.zh, company.en].filter(Boolean).join(' ') : 'Accord'}
            </div>
            <div style={{ fontSize: '9pt' }}>{def ? `${def.title.zh} ${def.title.en}` : ''}</div>
          </div>
          <div className="pq-title">
            <div className="zh">报价单</div>
            <div className="en">QUOTATION</div>
          </div>
          <div className="pq-no">
            <div>{def?.documentNo ?? ''}</div>
            <div>
              No. <b>{q.number}</b> Rev. {q.revision}
            </div>
          </div>
        </div>
        <table className="pq-table">
          <colgroup>
            <col style={{ width: '16%' }} />
            <col style={{ width: '34%' }} />
            <col style={{ width: '16%' }} />
            <col style={{ width: '34%' }} />
          </colgroup>
          <tbody>
            <tr>
              <th><L zh="客户" en="Customer" /></th>
              <td>{q.partyCode} {q.partyName}</td>
              <th><L zh="联系人" en="Attention" /></th>
              <td>{q.contactName ?? ''}</td>
            </tr>
            <tr>
              <th><L zh="报价日期" en="Date" /></th>
              <td>{q.issueDate}</td>
              <th><L zh="有效期至" en="Valid until" /></th>
              <td>{q.validUntil}</td>
            </tr>
            <tr>
              <th><L zh="币种" en="Currency" /></th>
              <td>{q.currency}</td>
              <th><L zh="业务员" en="Sales" /></th>
              <td>{q.salespersonName ?? ''}</td>
            </tr>
          </tbody>
        </table>
        <div className="pq-section">
          报价明细<span className="en">Items</span>
        </div>
        <table className="pq-table" data-testid="print-lines">
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
              <th><L zh="序号" en="No." /></th>
              <th><L zh="型号" en="Model" /></th>
              <th><L zh="规格/描述" en="Description" /></th>
              <th className="pq-r"><L zh="数量" en="Qty" /></th>
              {prices && <th className="pq-r"><L zh="单价" en="Unit price" /></th>}
              {prices && <th><L zh="阶梯价" en="Quantity breaks" /></th>}
              {prices && <th className="pq-r"><L zh="金额" en="Amount" /></th>}
            </tr>
          </thead>
          <tbody>
            {q.lines.map((l) => (
              <tr key={l.id}>
                <td>{l.lineNo}</td>
                <td>{l.model}</td>
                <td>{l.description ?? ''}</td>
                <td className="pq-r">{l.quantity ? `${l.quantity.toLocaleString()} ${l.unit}` : ''}</td>
                {prices && <td className="pq-r">{money(l.unitPrice)}{l.discount ? ` (-${l.discount}%)` : ''}</td>}
                {prices && <td>{l.breaks.map((b) => `≥${b.minQuantity.toLocaleString()}: ${money(b.unitPrice)}`).join('; ')}</td>}
                {prices && <td className="pq-r">{money(l.lineAmount)}</td>}
              </tr>
            ))}
            {prices && q.totalAmount != null && (
              <tr>
                <td colSpan={6} className="pq-r"><b>合计 Total ({q.currency})</b></td>
                <td className="pq-r"><b>{money(q.totalAmount)}</b></td>
              </tr>
            )}
          </tbody>
        </table>
        <div className="pq-section">
          条款<span className="en">Terms and conditions</span>
        </div>
        <div style={{ whiteSpace: 'pre-wrap', border: '1px solid #000', padding: '4px 6px', minHeight: 40 }}>{q.terms ?? ''}</div>
        <table className="pq-table" style={{ marginTop: 14 }}>
          <tbody>
            <tr>
              <th style={{ width: '25%' }}><L zh="编制" en="Prepared by" /></th>
              <th style={{ width: '25%' }}><L zh="总经理批准" en="Approved (GM)" /></th>
              <th style={{ width: '50%' }}><L zh="客户回签（盖章）" en="Customer countersignature (stamp)" /></th>
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
          </tbody>
        </table>
        <div className="pq-foot">
          <span>
            {q.number} Rev.{q.revision} · v{q.version}
          </span>
          <span>打印时间 Printed {dayjs().format('YYYY-MM-DD HH:mm')}</span>
        </div>
      </div>
    </div>
  );
}
