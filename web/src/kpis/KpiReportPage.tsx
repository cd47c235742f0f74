import { Alert, Button, Skeleton } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import { PrintPage, PrintSheet } from '../platform/print/index.js';
import { isApiError } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { useDepartmentName } from '../identity/index.js';
import { lastMonths, useKpis, type TKpiValue } from './api.js';
import { fmtValue } from './labels.js';
import { useFeatureT } from '../i18n/feature.js';
import { kpiZh } from './i18n.zh-CN.js';
import { kpiEn } from './i18n.en-US.js';

const kpiWords = { 'zh-CN': kpiZh, 'en-US': kpiEn };
const useKpiT = () => useFeatureT(kpiWords);

/** The report's own rules on the shared landscape sheet: a dense month grid, sans type, status colours. */
const css = `
.kr-sheet { padding: 10mm; font-size: 12px; font-family: inherit; }
.kr-sheet h1 { font-size: 18px; text-align: center; margin: 4px 0; }
.kr-sheet h2 { font-size: 14px; margin: 14px 0 4px; border-bottom: 1px solid #000; }
.kr-sheet .pf-table { margin-top: 0; }
.kr-sheet .pf-table th, .kr-sheet .pf-table td { padding: 2px 4px; text-align: center; vertical-align: middle; background: none; }
.kr-sheet .pf-table td.name { text-align: left; }
.kr-green { color: #237804; } .kr-amber { color: #ad6800; } .kr-red { color: #a8071a; font-weight: 600; }
.kr-en { display: block; font-size: 10px; color: #555; }
`;

const groups = ['customer-satisfaction', 'delivered-quality', 'delivery', 'disruptions', 'process-performance', 'actions'] as const;

/**
 * The monthly KPI report and the management-review input [ISO 9001 9.3.2 c, IATF 9.1.2.1, 9.3.2.1]: every KPI by
 * month against its target, grouped by the review input it serves; a missed target asks for an action plan.
 */
export function KpiReportPage() {
  const t = useT();
  const kw = useKpiT();
  const dept = useDepartmentName();
  const [params] = useSearchParams();
  const def = lastMonths(12);
  const q = { from: params.get('from') ?? def.from, to: params.get('to') ?? def.to };
  const { data, error, isLoading } = useKpis(q);
  if (isLoading) return <Skeleton active />;
  if (!data) return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  const months = data.items[0]?.months.map((m) => m.month) ?? [];
  const row = (v: TKpiValue) => (
    <tr key={v.id} data-testid={`kpi-report-row-${v.id}`}>
      <td className="name">
        {v.name.zh}
        <span className="kr-en">{v.name.en}</span>
      </td>
      <td>{v.documentNo}</td>
      <td>{dept(v.owner.department)}</td>
      <td>{fmtValue(v.target, v.unit)}</td>
      {v.months.map((m) => (
        <td key={m.month} className={`kr-${m.status}`}>
          {v.hidden ? '—' : fmtValue(m.value, v.unit, true)}
        </td>
      ))}
      <td className={`kr-${v.total.status}`}>{v.hidden ? '—' : fmtValue(v.total.value, v.unit)}</td>
      <td>{v.total.status === 'red' ? kw('report.missed') : v.total.status === 'none' ? '—' : kw(`status.${v.total.status}` as never)}</td>
    </tr>
  );
  return (
    <PrintPage
      back={{ to: `/kpis?from=${q.from}&to=${q.to}`, label: kw('nav') }}
      printLabel={kw('report.print')}
      orientation="landscape"
      css={css}
      testId="kpi-report"
      toolbar={
        <a href={`/api/kpis/report.xlsx?from=${q.from}&to=${q.to}`} download data-testid="kpi-report-xlsx">
          <Button icon={<DownloadOutlined />}>{kw('report.xlsx')}</Button>
        </a>
      }
    >
      <PrintSheet className="kr-sheet">
        <h1>
          月度绩效指标报告 · 管理评审输入
          <span className="kr-en">Monthly KPI report · Management review input (ISO 9001 9.3 / IATF 9.1.2.1)</span>
        </h1>
        <div style={{ textAlign: 'center' }}>{kw('report.period', { from: data.from, to: data.to })}</div>
        {groups.map((g) => {
          const items = data.items.filter((v) => v.reviewInput === g);
          if (!items.length) return null;
          return (
            <section key={g} data-testid={`kpi-report-group-${g}`}>
              <h2>{kw(`report.inputs.${g}` as never)}</h2>
              <table className="pf-table">
                <colgroup>
                  <col style={{ width: '24%' }} />
                  <col style={{ width: '8%' }} />
                  <col style={{ width: '11%' }} />
                  <col style={{ width: '8%' }} />
                  {months.map((m) => (
                    <col key={m} />
                  ))}
                  <col style={{ width: '8%' }} />
                  <col style={{ width: '14%' }} />
                </colgroup>
                <thead>
                  <tr>
                    <th>{kw('columns.kpi')}</th>
                    <th>{kw('columns.doc')}</th>
                    <th>{kw('columns.owner')}</th>
                    <th>{kw('columns.target')}</th>
                    {months.map((m) => (
                      <th key={m}>{m.slice(2)}</th>
                    ))}
                    <th>{kw('columns.value')}</th>
                    <th>{kw('columns.status')}</th>
                  </tr>
                </thead>
                <tbody>{items.map(row)}</tbody>
              </table>
            </section>
          );
        })}
        <div style={{ marginTop: 12, textAlign: 'right' }}>
          {kw('report.generated')}: {new Date().toLocaleString()}
        </div>
      </PrintSheet>
    </PrintPage>
  );
}
