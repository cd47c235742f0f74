import { Typography } from 'antd';
import { Link } from 'react-router';
import { useLocalized } from '../i18n/index.js';
import { lastMonths, useProcessIndicators } from './api.js';
import { fmtValue, StatusLight } from './labels.js';
import { useFeatureT } from '../i18n/feature.js';
import { kpiZh } from './i18n.zh-CN.js';
import { kpiEn } from './i18n.en-US.js';

const kpiWords = { 'zh-CN': kpiZh, 'en-US': kpiEn };
const useKpiT = () => useFeatureT(kpiWords);

/** The turtle's indicator box, live: the process's KPIs over the last 12 months against their targets. */
export function TurtleIndicators({ process }: { process: string }) {
  const kw = useKpiT();
  const loc = useLocalized();
  const period = lastMonths(12);
  const { data } = useProcessIndicators(process, period, true);
  if (!data?.items.length) return null;
  return (
    <div style={{ marginTop: 8 }} data-testid="turtle-live-indicators">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {kw('turtle.live')}
      </Typography.Text>
      <ul style={{ margin: 0, paddingInlineStart: 18 }}>
        {data.items.map((i) => (
          <li key={i.kpiId} style={{ lineHeight: '22px' }} data-testid={`turtle-kpi-${i.kpiId}`}>
            <Link to={`/kpis?kpi=${i.kpiId}&from=${data.from}&to=${data.to}`}>{loc(i.name)}</Link>:{' '}
            <strong>{i.hidden ? '—' : fmtValue(i.value, i.unit)}</strong> ({kw('turtle.target')} {fmtValue(i.target, i.unit)}) <StatusLight status={i.status} />
          </li>
        ))}
      </ul>
    </div>
  );
}
