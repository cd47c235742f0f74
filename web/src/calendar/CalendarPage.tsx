import { useEffect, useMemo, useState, useLayoutEffect } from 'react';
import {
  Alert,
  App,
  Button,
  Calendar,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Segmented,
  Skeleton,
  Table,
  Tag,
  TimePicker,
  Tooltip,
  Typography,
  type ButtonProps,
} from 'antd';
import { DeleteOutlined, LeftOutlined, MinusCircleOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { CreateOverrideRequest, VoidOverrideRequest, overrideTypes, type dayTypes } from '../../../contracts/calendar.js';
import { isApiError } from '../api/client.js';
import { useLocalized, useT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { ReasonModal } from '../platform/ReasonModal.js';
import { useProblemHandler } from '../platform/problem.js';
import { useUrlState } from '../platform/useUrlState.js';
import { NationalYearsCard } from './NationalYears.js';
import { rulesFor, toRequest } from '../platform/zodRule.js';
import {
  useCalendarDays,
  useCalendarOverrides,
  useCalendarSettings,
  useCreateOverride,
  useUpdateCalendarSettings,
  useVoidOverride,
  type TCalendarOverride,
  type TCalendarSettings,
  type TDayInfo,
} from './api.js';

type DayType = (typeof dayTypes)[number];
const D = 'YYYY-MM-DD';

export const DAY_STYLE: Record<DayType, { bg?: string; color?: string; sup?: string }> = {
  workday: {},
  weekend: { bg: '#f5f5f5', color: '#a0a0a0' },
  holiday: { bg: '#fff1f0', color: '#cf1322', sup: '休' },
  'adjusted-workday': { bg: '#fff7e6', color: '#d46b08', sup: '班' },
  shutdown: { bg: '#e8e8e8', color: '#595959', sup: '停' },
  'extra-workday': { bg: '#f6ffed', color: '#389e0d', sup: '班' },
};

function Legend() {
  const t = useT();
  const types: DayType[] = ['workday', 'weekend', 'holiday', 'adjusted-workday', 'shutdown', 'extra-workday'];
  return (
    <Flex gap={12} wrap>
      {types.map((ty) => (
        <Flex key={ty} gap={4} align="center">
          <span
            style={{
              display: 'inline-block',
              width: 16,
              height: 16,
              borderRadius: 3,
              background: DAY_STYLE[ty].bg ?? '#fff',
              border: '1px solid #e0e0e0',
              color: DAY_STYLE[ty].color,
              fontSize: 10,
              lineHeight: '14px',
              textAlign: 'center',
            }}
          >
            {DAY_STYLE[ty].sup ?? ''}
          </span>
          <Typography.Text style={{ fontSize: 12 }}>{t(`enums.dayType.${ty}`)}</Typography.Text>
        </Flex>
      ))}
    </Flex>
  );
}

function useDayTitle() {
  const t = useT();
  const loc = useLocalized();
  return (d: TDayInfo) =>
    `${d.date} ${dayjs(d.date).format('ddd')} · ${t(`enums.dayType.${d.type}`)}${d.name ? ` · ${loc(d.name)}` : ''}${d.provisional ? ` · ${t('calendar.provisional')}` : ''}`;
}

function MonthGrid({ month, byDate, onPick }: { month: Dayjs; byDate: Map<string, TDayInfo>; onPick(d: Dayjs): void }) {
  const t = useT();
  const title = useDayTitle();
  const first = month.startOf('month');
  const lead = (first.day() + 6) % 7; // weeks start on Monday
  const cells: (Dayjs | null)[] = [...Array<null>(lead).fill(null), ...Array.from({ length: month.daysInMonth() }, (_, i) => first.add(i, 'day'))];
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
  const today = dayjs().format(D);
  return (
    <div className="cal-month" data-testid="calendar-month" data-month={month.format('YYYY-MM')}>
      <Typography.Text strong style={{ display: 'block', textAlign: 'center', marginBottom: 4, cursor: 'pointer' }} onClick={() => onPick(first)}>
        {month.format(t('calendar.monthFormat'))}
      </Typography.Text>
      <table>
        <thead>
          <tr>
            {t('calendar.weekdaysShort')
              .split(',')
              .map((w) => (
                <th key={w}>{w}</th>
              ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((w, i) => (
            <tr key={i}>
              {w.map((d, j) => {
                if (!d) return <td key={j} />;
                const key = d.format(D);
                const info = byDate.get(key);
                const s = info ? DAY_STYLE[info.type] : {};
                return (
                  <td key={j}>
                    <Tooltip title={info ? title(info) : key} mouseEnterDelay={0.2}>
                      <span
                        className="cal-day"
                        data-date={key}
                        data-type={info?.type}
                        onClick={() => onPick(d)}
                        style={{
                          background: s.bg,
                          color: s.color,
                          cursor: 'pointer',
                          fontWeight: info?.name ? 600 : undefined,
                          outline: key === today ? '2px solid #1657d9' : undefined,
                          outlineOffset: -2,
                        }}
                      >
                        {d.date()}
                        {s.sup && <sup>{s.sup}</sup>}
                      </span>
                    </Tooltip>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface Run {
  name: string;
  type: DayType;
  from: string;
  to: string;
  n: number;
}

/** Named days of the year, consecutive ones of the same name and kind merged: 国庆节 10-01 – 10-07 休. */
export function namedRuns(days: TDayInfo[], loc: (n: { zh: string; en: string }) => string): Run[] {
  const out: Run[] = [];
  for (const d of days) {
    if (!d.name || (d.type !== 'holiday' && d.type !== 'adjusted-workday' && d.type !== 'shutdown' && d.type !== 'extra-workday')) continue;
    const name = loc(d.name);
    const last = out.at(-1);
    if (last && last.name === name && last.type === d.type && dayjs(last.to).add(1, 'day').format(D) === d.date) {
      last.to = d.date;
      last.n++;
    } else out.push({ name, type: d.type, from: d.date, to: d.date, n: 1 });
  }
  return out;
}

function YearView({ year, days, onPick }: { year: number; days: TDayInfo[]; onPick(d: Dayjs): void }) {
  const t = useT();
  const loc = useLocalized();
  const byDate = useMemo(() => new Map(days.map((d) => [d.date, d])), [days]);
  const runs = namedRuns(days, loc);
  const working = days.filter((d) => d.working).length;
  return (
    <Flex vertical gap={16}>
      <div className="cal-year" data-testid="calendar-year">
        {Array.from({ length: 12 }, (_, m) => (
          <MonthGrid key={m} month={dayjs(`${year}-01-01`).month(m)} byDate={byDate} onPick={onPick} />
        ))}
      </div>
      <Typography.Text type="secondary">{t('calendar.workingDaysInYear', { year, n: working })}</Typography.Text>
      {runs.length > 0 && (
        <Table<Run>
          size="small"
          pagination={false}
          rowKey={(r) => `${r.from}-${r.type}`}
          dataSource={runs}
          data-testid="calendar-named-days"
          columns={[
            { title: t('calendar.fields.name'), dataIndex: 'name' },
            {
              title: t('calendar.fields.dates'),
              key: 'dates',
              render: (_, r) => (r.from === r.to ? `${r.from} ${dayjs(r.from).format('ddd')}` : `${r.from} – ${r.to.slice(5)}`),
            },
            { title: t('calendar.fields.days'), dataIndex: 'n', width: 70 },
            {
              title: t('calendar.fields.type'),
              dataIndex: 'type',
              width: 130,
              render: (ty: DayType) => (
                <Tag color={ty === 'holiday' ? 'red' : ty === 'shutdown' ? 'default' : ty === 'adjusted-workday' ? 'orange' : 'green'}>
                  {t(`enums.dayType.${ty}`)}
                </Tag>
              ),
            },
          ]}
        />
      )}
    </Flex>
  );
}

function MonthView({ month, byDate, onChange }: { month: Dayjs; byDate: Map<string, TDayInfo>; onChange(d: Dayjs): void }) {
  const t = useT();
  const loc = useLocalized();
  return (
    <Calendar
      value={month}
      mode="month"
      onPanelChange={(d) => onChange(d)}
      onSelect={(d, info) => info.source !== 'date' && onChange(d)}
      headerRender={({ value }) => (
        <Flex justify="center" align="center" gap={8} style={{ padding: '8px 0' }}>
          <Button size="small" icon={<LeftOutlined />} aria-label={t('calendar.prevMonth')} onClick={() => onChange(value.subtract(1, 'month'))} />
          <Typography.Text strong style={{ minWidth: 110, textAlign: 'center' }} data-testid="calendar-month-label">
            {value.format(t('calendar.monthTitleFormat'))}
          </Typography.Text>
          <Button size="small" icon={<RightOutlined />} aria-label={t('calendar.nextMonth')} onClick={() => onChange(value.add(1, 'month'))} />
        </Flex>
      )}
      data-testid="calendar-month-view"
      fullCellRender={(date, info) => {
        if (info.type !== 'date') return info.originNode;
        const d = byDate.get(date.format(D));
        const s = d ? DAY_STYLE[d.type] : {};
        const other = date.month() !== month.month();
        return (
          <div
            className="ant-picker-cell-inner ant-picker-calendar-date"
            data-date={date.format(D)}
            data-type={d?.type}
            style={{ background: s.bg, opacity: other ? 0.45 : 1, borderTop: date.isSame(dayjs(), 'day') ? '2px solid #1657d9' : undefined }}
          >
            <div className="ant-picker-calendar-date-value" style={{ color: s.color }}>
              {date.date()}
            </div>
            <div className="ant-picker-calendar-date-content" style={{ color: s.color, fontSize: 12 }}>
              {d && d.type !== 'workday' && d.type !== 'weekend' && <div>{t(`enums.dayType.${d.type}`)}</div>}
              {d?.name && <div style={{ fontWeight: 600 }}>{loc(d.name)}</div>}
              {d?.provisional && <div style={{ color: '#d48806' }}>{t('calendar.provisional')}</div>}
            </div>
          </div>
        );
      }}
    />
  );
}

function SettingsCard({ settings }: { settings: TCalendarSettings }) {
  const t = useT();
  const can = useCan();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const update = useUpdateCalendarSettings();
  const [editing, setEditing] = useState(false);
  const [periods, setPeriods] = useState<[Dayjs, Dayjs][]>([]);
  useEffect(() => {
    setPeriods(settings.workingHours.map((p) => [dayjs(`2000-01-01T${p.start}`), dayjs(`2000-01-01T${p.end}`)]));
  }, [settings, editing]);
  const valid = periods.length > 0 && periods.every(([a, b]) => a.isBefore(b)) && periods.length <= 6;
  const save = () =>
    update.mutate(
      {
        version: settings.version,
        workingHours: [...periods].sort((a, b) => a[0].diff(b[0])).map(([a, b]) => ({ start: a.format('HH:mm'), end: b.format('HH:mm') })),
      },
      {
        onSuccess: () => {
          message.success(t('common.saved'));
          setEditing(false);
        },
        onError: (e) => onProblem(e),
      },
    );
  const hours = settings.workingHours.reduce((s, p) => s + dayjs(`2000-01-01T${p.end}`).diff(dayjs(`2000-01-01T${p.start}`), 'minute'), 0) / 60;
  return (
    <Card
      size="small"
      title={t('calendar.settings')}
      extra={
        can('calendar.manage') &&
        !editing && (
          <Button size="small" onClick={() => setEditing(true)} data-testid="calendar-hours-edit">
            {t('calendar.editHours')}
          </Button>
        )
      }
      data-testid="calendar-settings"
    >
      {editing ? (
        <Flex vertical gap={8}>
          {periods.map((p, i) => (
            <Flex key={i} gap={6} align="center">
              <TimePicker.RangePicker
                value={p}
                format="HH:mm"
                minuteStep={5}
                allowClear={false}
                order
                onChange={(v) => v?.[0] && v[1] && setPeriods((ps) => ps.map((x, j) => (j === i ? [v[0]!, v[1]!] : x)))}
                data-testid={`calendar-period-${i}`}
              />
              <Button
                type="text"
                icon={<MinusCircleOutlined />}
                aria-label={t('common.remove')}
                disabled={periods.length <= 1}
                onClick={() => setPeriods((ps) => ps.filter((_, j) => j !== i))}
              />
            </Flex>
          ))}
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            disabled={periods.length >= 6}
            onClick={() => setPeriods((ps) => [...ps, [dayjs('2000-01-01T18:00'), dayjs('2000-01-01T20:00')]])}
          >
            {t('calendar.addPeriod')}
          </Button>
          <Alert type="warning" showIcon title={t('calendar.hoursChangeHint')} />
          <Flex gap={8}>
            <Button type="primary" loading={update.isPending} disabled={!valid} onClick={save} data-testid="calendar-hours-save">
              {t('common.save')}
            </Button>
            <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
          </Flex>
        </Flex>
      ) : (
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'tz', label: t('calendar.timeZone'), children: settings.timeZone },
            {
              key: 'hours',
              label: t('calendar.workingHours'),
              children: (
                <span data-testid="calendar-hours">
                  {settings.workingHours.map((p) => `${p.start}–${p.end}`).join(', ')}{' '}
                  <Typography.Text type="secondary">({t('calendar.hoursPerDay', { n: hours })})</Typography.Text>
                </span>
              ),
            },
            {
              key: 'version',
              label: t('calendar.calendarVersion'),
              children: (
                <Typography.Text code data-testid="calendar-version">
                  {settings.calendarVersion}
                </Typography.Text>
              ),
            },
            { key: 'years', label: t('calendar.publishedYears'), children: settings.publishedYears.join(', ') || '—' },
            {
              key: 'sources',
              label: t('calendar.sources'),
              children: (
                <Flex vertical gap={2}>
                  {settings.sources.map((s) => (
                    <Typography.Text key={s.year} style={{ fontSize: 12 }}>
                      <strong>{s.year}</strong>: {s.source}
                    </Typography.Text>
                  ))}
                </Flex>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}

function OverrideModal({ open, onClose, date }: { open: boolean; onClose(): void; date?: Dayjs }) {
  const t = useT();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm();
  const create = useCreateOverride();
  const rules = rulesFor(CreateOverrideRequest);
  useLayoutEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ type: 'shutdown', date });
    }
  }, [open, form, date]);
  const submit = (values: Record<string, unknown>) => {
    let body;
    try {
      body = toRequest(CreateOverrideRequest, { ...values, date: (values.date as Dayjs | undefined)?.format(D) });
    } catch (e) {
      return onProblem(e);
    }
    create.mutate(body, {
      onSuccess: () => {
        message.success(t('common.saved'));
        onClose();
      },
      onError: (e) => onProblem(e, { form }),
    });
  };
  return (
    <Modal
      open={open}
      title={t('calendar.addOverride')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: create.isPending, 'data-testid': 'override-save' } as ButtonProps}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="override" onFinish={submit} disabled={create.isPending}>
        <Form.Item name="date" label={t('calendar.fields.date')} rules={[{ required: true, message: t('form.required') }]}>
          <DatePicker style={{ width: '100%' }} data-testid="override-date" />
        </Form.Item>
        <Form.Item name="type" label={t('calendar.fields.type')} rules={rules.type}>
          <Radio.Group
            style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
            options={overrideTypes.map((o) => ({
              value: o,
              label: (
                <span>
                  {t(`enums.overrideType.${o}`)}{' '}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`calendar.overrideHints.${o}`)}
                  </Typography.Text>
                </span>
              ),
            }))}
            data-testid="override-type"
          />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="nameZh" label={t('calendar.fields.nameZh')} rules={rules.nameZh}>
              <Input maxLength={60} placeholder="年度停产检修" data-testid="override-name-zh" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="nameEn" label={t('calendar.fields.nameEn')} rules={rules.nameEn}>
              <Input maxLength={80} placeholder="Annual maintenance shutdown" data-testid="override-name-en" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="reason" label={t('common.reason')} rules={rules.reason}>
          <Input.TextArea rows={2} maxLength={500} data-testid="override-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function OverridesCard({ year, onAdd }: { year: number; onAdd(): void }) {
  const t = useT();
  const loc = useLocalized();
  const can = useCan();
  const { message } = App.useApp();
  const { data, isLoading, error } = useCalendarOverrides();
  const voidIt = useVoidOverride();
  const [voiding, setVoiding] = useState<TCalendarOverride | null>(null);
  const manage = can('calendar.manage');
  const items = [...(data?.items ?? [])].sort((a, b) => a.date.localeCompare(b.date));
  const upcoming = items.filter((o) => o.date >= `${year}-01-01`);
  return (
    <Card
      size="small"
      title={t('calendar.overrides')}
      extra={
        manage && (
          <Button size="small" type="primary" icon={<PlusOutlined />} onClick={onAdd} data-testid="override-add">
            {t('calendar.addOverride')}
          </Button>
        )
      }
      data-testid="calendar-overrides"
    >
      {error ? (
        <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />
      ) : (
        <Table<TCalendarOverride>
          size="small"
          rowKey="id"
          loading={isLoading}
          pagination={false}
          dataSource={upcoming}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('calendar.noOverrides')} /> }}
          columns={[
            { title: t('calendar.fields.date'), dataIndex: 'date', width: 118, render: (d: string) => `${d} ${dayjs(d).format('dd')}` },
            {
              title: t('calendar.fields.name'),
              key: 'name',
              render: (_, o) => (
                <Flex vertical>
                  <span>
                    <Tag
                      color={o.type === 'shutdown' || o.type === 'holiday' ? 'red' : o.type === 'regular' ? 'default' : 'green'}
                      style={{ marginInlineEnd: 4 }}
                    >
                      {t(`enums.overrideType.${o.type}`)}
                    </Tag>
                    {loc(o.name)}
                  </span>
                  {o.reason && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {o.reason}
                    </Typography.Text>
                  )}
                </Flex>
              ),
            },
            ...(manage
              ? [
                  {
                    title: '',
                    key: 'void',
                    width: 44,
                    render: (_: unknown, o: TCalendarOverride) => (
                      <Tooltip title={t('common.void')}>
                        <Button
                          type="text"
                          size="small"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={t('common.void')}
                          onClick={() => setVoiding(o)}
                          data-testid="override-void"
                        />
                      </Tooltip>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      <ReasonModal
        open={!!voiding}
        title={t('calendar.voidOverrideTitle', { date: voiding?.date ?? '' })}
        description={t('calendar.voidOverrideHint')}
        schema={VoidOverrideRequest.shape.reason}
        okText={t('common.void')}
        danger
        onClose={() => setVoiding(null)}
        onSubmit={(reason) =>
          voidIt.mutateAsync({ id: voiding!.id, body: { version: voiding!.version, reason: reason ?? '' } }).then(() => void message.success(t('common.saved')))
        }
      />
    </Card>
  );
}

/**
 * 工作日历: national holidays and 调休, the site's shutdowns and extra working days, the
 * working hours — everything a deadline is counted in. Everyone may look; those with
 * calendar.manage maintain the site layer.
 */
export function CalendarPage() {
  const t = useT();
  const { values, set } = useUrlState(['year', 'month', 'view'] as const);
  const year = Number(values.year) || dayjs().year();
  const view = values.view === 'month' ? 'month' : 'year';
  const month = values.month ? dayjs(`${values.month}-01`) : dayjs().year(year).startOf('month');
  const settings = useCalendarSettings();
  const days = useCalendarDays(`${year}-01-01`, `${year}-12-31`);
  const byDate = useMemo(() => new Map((days.data?.days ?? []).map((d) => [d.date, d])), [days.data]);
  const [adding, setAdding] = useState(false);
  const published = settings.data?.publishedYears.includes(year);
  const provisional = settings.data ? !published : days.data?.days.some((d) => d.provisional);
  const pickMonth = (d: Dayjs) => set({ view: 'month', month: d.format('YYYY-MM'), year: d.year() === dayjs().year() ? undefined : d.year() });
  const loadError = days.error ?? settings.error;
  return (
    <div data-testid="calendar-page">
      <PageHeader
        title={t('nav.calendar')}
        subtitle={t('calendar.subtitle')}
        extra={
          <>
            <Segmented
              value={view}
              onChange={(v) => set({ view: v === 'month' ? 'month' : undefined, month: v === 'month' ? month.format('YYYY-MM') : undefined })}
              options={[
                { value: 'year', label: t('calendar.yearView') },
                { value: 'month', label: t('calendar.monthView') },
              ]}
            />
            <Flex align="center" gap={4}>
              <Button
                icon={<LeftOutlined />}
                aria-label={t('calendar.prevYear')}
                onClick={() => set({ year: year - 1, month: undefined })}
                data-testid="calendar-prev-year"
              />
              <Typography.Text strong style={{ minWidth: 48, textAlign: 'center' }} data-testid="calendar-year-label">
                {year}
              </Typography.Text>
              <Button
                icon={<RightOutlined />}
                aria-label={t('calendar.nextYear')}
                onClick={() => set({ year: year + 1, month: undefined })}
                data-testid="calendar-next-year"
              />
            </Flex>
          </>
        }
      />
      {loadError && (
        <Alert
          type="error"
          showIcon
          title={t('calendar.unavailable')}
          description={isApiError(loadError) ? loadError.problem.detail : String(loadError)}
          style={{ marginBottom: 12 }}
        />
      )}
      {provisional && !loadError && (
        <Alert
          type="warning"
          showIcon
          title={t('calendar.provisionalYear', { year })}
          description={t('calendar.provisionalHint')}
          style={{ marginBottom: 12 }}
          data-testid="calendar-provisional"
        />
      )}
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={16}>
          <Card size="small" title={<Legend />}>
            {days.isLoading ? (
              <Skeleton active paragraph={{ rows: 10 }} />
            ) : view === 'year' ? (
              <YearView year={year} days={days.data?.days ?? []} onPick={pickMonth} />
            ) : (
              <MonthView
                month={month}
                byDate={byDate}
                onChange={(d) => set({ view: 'month', month: d.format('YYYY-MM'), year: d.year() === dayjs().year() ? undefined : d.year() })}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Flex vertical gap={12}>
            <NationalYearsCard year={year} />
            {settings.data && <SettingsCard settings={settings.data} />}
            <OverridesCard year={year} onAdd={() => setAdding(true)} />
          </Flex>
        </Col>
      </Row>
      <OverrideModal open={adding} onClose={() => setAdding(false)} />
    </div>
  );
}
