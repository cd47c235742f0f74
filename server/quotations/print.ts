import type { TQuotation } from '../../contracts/quotations.js';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const money = (n: number | null | undefined) =>
  typeof n === 'number' ? n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 }) : '';

/**
 * The quotation's print form as one HTML document (A4, bilingual labels), for rendering to PDF — the same layout as the
 * web's print page (web/src/quotations/PrintQuotationPage.tsx). The caller passes the quotation already redacted for the
 * sender: price columns appear only when the prices are there.
 */
export function quotationPrintHtml(
  q: Pick<
    TQuotation,
    'number' | 'revision' | 'partyName' | 'partyCode' | 'issueDate' | 'validUntil' | 'currency' | 'contactName' | 'terms' | 'notes' | 'lines'
  >,
  company: { zh: string; en: string },
): string {
  const prices = q.lines.some((l) => typeof l.unitPrice === 'number');
  const L = (zh: string, en: string) => `<span class="l">${esc(zh)}<span class="en">${esc(en)}</span></span>`;
  const rows = q.lines
    .map(
      (l) =>
        `<tr><td>${l.lineNo}</td><td>${esc(l.model)}</td><td>${esc(l.description ?? '')}</td><td class="r">${l.quantity ?? ''}</td><td>${esc(l.unit ?? '')}</td>${
          prices
            ? `<td class="r">${money(l.unitPrice)}${(l.breaks ?? []).map((b) => `<br/><small>≥${b.minQuantity}: ${money(b.unitPrice)}</small>`).join('')}</td><td class="r">${money(l.lineAmount)}</td>`
            : ''
        }</tr>`,
    )
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(q.number)}</title><style>
  @page { size: A4 portrait; margin: 12mm; }
  body { color: #000; font-size: 10.5pt; line-height: 1.35; font-family: 'Noto Serif CJK SC', 'Noto Sans CJK SC', 'Songti SC', SimSun, serif; }
  .head { display: grid; grid-template-columns: 1fr auto 1fr; align-items: end; border-bottom: 2px solid #000; padding-bottom: 6px; margin-bottom: 8px; }
  .title { text-align: center; } .title .zh { font-size: 18pt; font-weight: 700; letter-spacing: 6px; } .title .en { font-size: 10pt; letter-spacing: 2px; }
  .no { text-align: right; font-size: 9pt; }
  table { width: 100%; border-collapse: collapse; margin-top: 6px; table-layout: fixed; }
  th, td { border: 1px solid #000; padding: 3px 5px; vertical-align: top; word-break: break-word; } th { background: #f2f2f2; text-align: left; }
  .r { text-align: right; } .l { display: block; } .l .en { display: block; font-size: 7.5pt; font-weight: 400; color: #333; }
  tr { break-inside: avoid; } .section { margin-top: 10px; font-weight: 700; }
</style></head><body>
<div class="head"><div>${esc(company.zh)}<br/><small>${esc(company.en)}</small></div><div class="title"><div class="zh">报价单</div><div class="en">QUOTATION</div></div>
<div class="no">${L('报价单号', 'No.')} ${esc(q.number)} R${q.revision}</div></div>
<table><tr><th style="width:18%">${L('客户', 'Customer')}</th><td>${esc(q.partyName)} (${esc(q.partyCode)})</td><th style="width:14%">${L('联系人', 'Attn.')}</th><td>${esc(q.contactName ?? '')}</td></tr>
<tr><th>${L('报价日期', 'Date')}</th><td>${esc(q.issueDate)}</td><th>${L('有效期至', 'Valid until')}</th><td>${esc(q.validUntil)}</td></tr>
${prices ? `<tr><th>${L('币种', 'Currency')}</th><td colspan="3">${esc(q.currency)}</td></tr>` : ''}</table>
<table><tr><th style="width:6%">#</th><th style="width:18%">${L('型号', 'Model')}</th><th>${L('描述', 'Description')}</th><th style="width:10%" class="r">${L('数量', 'Qty')}</th><th style="width:8%">${L('单位', 'Unit')}</th>${
    prices ? `<th style="width:14%" class="r">${L('单价', 'Unit price')}</th><th style="width:14%" class="r">${L('金额', 'Amount')}</th>` : ''
  }</tr>${rows}</table>
${q.terms ? `<div class="section">条款 <small>Terms</small></div><div>${esc(q.terms).replace(/\n/g, '<br/>')}</div>` : ''}
${q.notes ? `<div class="section">备注 <small>Notes</small></div><div>${esc(q.notes).replace(/\n/g, '<br/>')}</div>` : ''}
</body></html>`;
}
