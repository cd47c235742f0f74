import { Badge } from 'antd';
import { useFeatureT } from '../i18n/feature.js';
import { kpiZh } from './i18n.zh-CN.js';
import { kpiEn } from './i18n.en-US.js';

const kpiWords = { 'zh-CN': kpiZh, 'en-US': kpiEn };
const useKpiT = () => useFeatureT(kpiWords);

const COLOR = { green: '#389e0d', amber: '#d48806', red: '#cf1322', none: '#bfbfbf' } as const;

/** A traffic light: met, warning, missed, no data. */
export function StatusLight({ status, testId }: { status: keyof typeof COLOR; testId?: string }) {
  const kw = useKpiT();
  return <Badge color={COLOR[status]} text={kw(`status.${status}` as never)} data-testid={testId} data-status={status} />;
}

/** A KPI value in its unit: 87.5 %, 7 000 PPM, 2.5 working days. */
export function fmtValue(v: number | null, unit: string, short = false): string {
  if (v === null) return '—';
  const n = unit === 'ppm' || unit === 'amount' ? Math.round(v).toLocaleString() : String(Math.round(v * 100) / 100);
  if (unit === 'percent') return `${n}${short ? '' : ' '}%`;
  if (unit === 'ppm') return short ? n : `${n} PPM`;
  if (unit === 'days') return short ? n : `${n} d`;
  return n;
}
