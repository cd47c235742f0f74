import { useMemo, useState } from 'react';
import { DatePicker, Tooltip, Typography, type DatePickerProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useLocalized, useT } from '../i18n/index.js';
import { useCalendarDays, type TDayInfo } from './api.js';

const D = 'YYYY-MM-DD';

/** The days the picker's panel shows for a month (six weeks around it). */
export function panelRange(month: Dayjs): { from: string; to: string } {
  return { from: month.startOf('month').subtract(7, 'day').format(D), to: month.endOf('month').add(14, 'day').format(D) };
}

/** Working days of the months around `month`, by date; `failed` when the calendar could not be read. */
export function useMonthDays(month: Dayjs) {
  const { from, to } = panelRange(month);
  const q = useCalendarDays(from, to);
  const byDate = useMemo(() => new Map((q.data?.days ?? []).map((d) => [d.date, d])), [q.data]);
  return { byDate, failed: !!q.error, loading: q.isLoading };
}

/** Holiday / 调休 / shutdown marks inside a date cell. */
export function dayMark(info: TDayInfo | undefined): { color?: string; sup?: string } {
  if (!info) return {};
  switch (info.type) {
    case 'holiday':
      return { color: '#cf1322', sup: '休' };
    case 'shutdown':
      return { color: '#8c8c8c', sup: '停' };
    case 'adjusted-workday':
      return { color: '#d46b08', sup: '班' };
    case 'extra-workday':
      return { color: '#389e0d', sup: '班' };
    default:
      return {};
  }
}

type Props = Omit<DatePickerProps, 'picker' | 'disabledDate' | 'cellRender' | 'onPanelChange'> & {
  /** allow days before today (default: no) */
  allowPast?: boolean;
};

/**
 * A due-date picker that only lets working days be picked: weekends, statutory holidays
 * and site shutdowns are greyed out; 调休 working weekends and extra working days can be
 * picked. The calendar is read for the month on show. If the calendar cannot be read,
 * Saturdays and Sundays are greyed out and the server has the last word.
 */
export function WorkingDatePicker({ allowPast = false, ...props }: Props) {
  const t = useT();
  const loc = useLocalized();
  const value = props.value as Dayjs | null | undefined;
  const [month, setMonth] = useState<Dayjs>(() => (value && dayjs.isDayjs(value) ? value : dayjs()));
  const { byDate, failed } = useMonthDays(month);
  const today = dayjs().startOf('day');
  const provisional = [...byDate.values()].some((d) => d.provisional && d.date.slice(0, 7) === month.format('YYYY-MM'));
  return (
    <DatePicker
      {...props}
      onOpenChange={(open) => {
        if (open) setMonth(value && dayjs.isDayjs(value) ? value : dayjs());
        props.onOpenChange?.(open);
      }}
      onPanelChange={(v) => v && setMonth(v)}
      disabledDate={(d) => {
        if (!allowPast && d.isBefore(today, 'day')) return true;
        const info = byDate.get(d.format(D));
        if (info) return !info.working;
        return failed ? d.day() === 0 || d.day() === 6 : false;
      }}
      cellRender={(current, info) => {
        if (info.type !== 'date' || !dayjs.isDayjs(current)) return info.originNode;
        const day = byDate.get(current.format(D));
        const mark = dayMark(day);
        if (!mark.sup) return info.originNode;
        return (
          <Tooltip title={day?.name ? loc(day.name) : t(`enums.dayType.${day!.type}`)}>
            <div style={{ position: 'relative' }}>
              {info.originNode}
              <span style={{ position: 'absolute', top: -4, right: -2, fontSize: 9, lineHeight: 1, color: mark.color, pointerEvents: 'none' }}>{mark.sup}</span>
            </div>
          </Tooltip>
        );
      }}
      renderExtraFooter={() => (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {failed ? t('calendar.pickerFallback') : t('calendar.pickerHint')}
          {provisional && (
            <Typography.Text type="warning" style={{ fontSize: 12 }}>
              {' '}
              · {t('calendar.provisionalShort')}
            </Typography.Text>
          )}
        </Typography.Text>
      )}
    />
  );
}
