/**
 * The one print stylesheet of the paper forms: an A4 sheet on a grey desk on screen, the sheet alone on paper.
 * Class names are `pf-*`; a page with a special layout adds its own rules after these (PrintPage's `css`).
 */
export type Orientation = 'portrait' | 'landscape';

export function printCss(orientation: Orientation): string {
  const [w, h] = orientation === 'landscape' ? ['297mm', '210mm'] : ['210mm', '297mm'];
  return `
  .pf-page { background: #e9ecf1; min-height: 100vh; padding: 16px 0 32px; }
  .pf-toolbar { width: ${w}; max-width: 100%; margin: 0 auto 12px; }
  .pf-sheet { width: ${w}; max-width: 100%; min-height: ${h}; box-sizing: border-box; margin: 0 auto; background: #fff; padding: 12mm 12mm 14mm;
    box-shadow: 0 2px 10px rgba(0,0,0,.15); color: #000; font-size: 10.5pt; line-height: 1.35;
    font-family: 'Noto Serif CJK SC', 'Songti SC', SimSun, 'Noto Sans CJK SC', 'Microsoft YaHei', serif; }
  .pf-sheet + .pf-sheet { margin-top: 12px; }
  .pf-head { display: grid; grid-template-columns: 1fr auto 1fr; align-items: end; border-bottom: 2px solid #000; padding-bottom: 6px; margin-bottom: 8px; }
  .pf-company { font-size: 10pt; }
  .pf-company .sub { font-size: 9pt; }
  .pf-title { text-align: center; }
  .pf-title .zh { font-size: 18pt; font-weight: 700; letter-spacing: 4px; }
  .pf-title .en { font-size: 10pt; }
  .pf-docno { text-align: right; font-size: 9pt; }
  .pf-table { width: 100%; border-collapse: collapse; margin-top: 6px; table-layout: fixed; }
  .pf-table th, .pf-table td { border: 1px solid #000; padding: 3px 5px; vertical-align: top; word-break: break-word; }
  .pf-table th { background: #f2f2f2; font-weight: 600; text-align: left; }
  .pf-table .pf-r { text-align: right; }
  .pf-l { display: block; }
  .pf-l .en { display: block; font-size: 7.5pt; font-weight: 400; color: #333; }
  .pf-section { display: block; margin-top: 10px; font-weight: 700; }
  .pf-section .en { font-weight: 400; font-size: 8pt; margin-left: 6px; }
  .pf-mark { font-weight: 700; }
  .pf-foot { margin-top: 14px; display: flex; justify-content: space-between; font-size: 8pt; color: #333; }
  .pf-sign { height: 34px; }
  @media print {
    @page { size: A4 ${orientation}; margin: 0; }
    html, body, #root { background: #fff !important; }
    .pf-page { background: #fff; padding: 0; }
    .pf-toolbar { display: none !important; }
    .pf-sheet { box-shadow: none; margin: 0; min-height: auto; }
    .pf-sheet + .pf-sheet { margin-top: 0; }
    .pf-table tr { break-inside: avoid; }
  }
`;
}
