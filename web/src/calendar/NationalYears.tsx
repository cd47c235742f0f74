import { useMemo, useState, useLayoutEffect } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Flex, Form, Input, InputNumber, Modal, Row, Select, Tag, Typography, Upload, type ButtonProps } from 'antd';
import { MinusCircleOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { combinedNationalMidAutumn, ImportNationalYearRequest, statutoryHolidayNames } from '../../../contracts/calendar.js';
import { useLocalized, useT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { useProblemHandler } from '../platform/problem.js';
import { useImportNationalYear, useNationalYears, type TImportNationalYearRequest, type TNationalYear } from './api.js';

const D = 'YYYY-MM-DD';

/** The holiday names of the notices (放假办法 Art. 2; 2025's notice joined 国庆 and 中秋 in one item). */
export const HOLIDAY_NAMES: { zh: string; en: string }[] = [...Object.values(statutoryHolidayNames), combinedNationalMidAutumn];

interface NoticeItem {
  name: string;
  off?: [Dayjs, Dayjs];
  work?: Dayjs[];
}

/** A notice's days grouped back into its items: one holiday name, its days off as a range, its 调休 working weekends. */
export function itemsFromDays(days: TNationalYear['days']): NoticeItem[] {
  const byName = new Map<string, { off: string[]; work: string[] }>();
  for (const d of days) {
    const zh = d.name.zh.replace(/补假$/, '');
    const entry = byName.get(zh) ?? { off: [], work: [] };
    (d.type === 'holiday' ? entry.off : entry.work).push(d.date);
    byName.set(zh, entry);
  }
  return [...byName].map(([name, e]) => {
    const off = [...e.off].sort();
    return { name, off: off.length ? [dayjs(off[0]), dayjs(off[off.length - 1])] : undefined, work: e.work.map((w) => dayjs(w)) };
  });
}

/** The request's days from the form's items: every day of each range off, each working weekend. */
export function daysFromItems(items: NoticeItem[]): TImportNationalYearRequest['days'] {
  const out: TImportNationalYearRequest['days'] = [];
  for (const item of items) {
    const name = HOLIDAY_NAMES.find((n) => n.zh === item.name) ?? { zh: item.name, en: item.name };
    if (item.off)
      for (let d = item.off[0].startOf('day'); !d.isAfter(item.off[1], 'day'); d = d.add(1, 'day')) out.push({ date: d.format(D), type: 'holiday', name });
    for (const w of item.work ?? []) out.push({ date: w.format(D), type: 'workday', name });
  }
  return out;
}

function StatusTag({ status }: { status: TNationalYear['status'] }) {
  const t = useT();
  const color = status === 'provisional' ? 'gold' : status === 'imported' ? 'blue' : 'green';
  return (
    <Tag color={color} style={{ marginInlineEnd: 0 }} data-testid={`national-status-${status}`}>
      {t(`calendar.national.status.${status}`)}
    </Tag>
  );
}

/** 国家节假日: which years are published notices, which are estimates from the holiday law; an administrator imports a notice. */
export function NationalYearsCard({ year }: { year: number }) {
  const t = useT();
  const loc = useLocalized();
  const can = useCan();
  const { data, error } = useNationalYears();
  const [importing, setImporting] = useState(false);
  const entry = data?.items.find((y) => y.year === year);
  const holidays = (entry?.days ?? []).filter((d) => d.type === 'holiday');
  return (
    <Card
      size="small"
      title={t('calendar.national.title')}
      extra={
        can('calendar.manage') && (
          <Button size="small" icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="national-import">
            {t('calendar.national.import')}
          </Button>
        )
      }
      data-testid="calendar-national"
    >
      {error ? (
        <Alert type="error" showIcon title={t('errors.loadFailed')} />
      ) : !entry ? (
        <Typography.Text type="secondary">{t('calendar.national.none', { year })}</Typography.Text>
      ) : (
        <Flex vertical gap={6}>
          <Flex gap={6} align="center" wrap>
            <Typography.Text strong>{year}</Typography.Text>
            <StatusTag status={entry.status} />
            <Typography.Text code style={{ fontSize: 12 }}>
              {entry.dataVersion}
            </Typography.Text>
          </Flex>
          <Typography.Text style={{ fontSize: 12 }}>
            {entry.source.title}
            {entry.source.documentNumber ? ` ${entry.source.documentNumber}` : ''} · {entry.source.published}
          </Typography.Text>
          {entry.status === 'provisional' && <Alert type="warning" showIcon title={t('calendar.national.provisionalHint')} style={{ fontSize: 12 }} />}
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="national-days">
            {t('calendar.national.daysOff', { n: holidays.length })}:{' '}
            {[...new Set(holidays.map((d) => loc({ zh: d.name.zh.replace(/补假$/, ''), en: d.name.en.replace(/ \(make-up day\)$/, '') })))].join(
              loc({ zh: '、', en: ', ' }),
            )}
          </Typography.Text>
          <Flex gap={4} wrap>
            {(data?.items ?? []).map((y) => (
              <Tag key={y.year} color={y.status === 'provisional' ? undefined : 'green'} style={{ fontSize: 11 }}>
                {y.year} {y.status === 'provisional' ? t('calendar.provisional') : '✓'}
              </Tag>
            ))}
          </Flex>
        </Flex>
      )}
      <ImportNoticeModal open={importing} onClose={() => setImporting(false)} years={data?.items ?? []} initialYear={year} />
    </Card>
  );
}

function ImportNoticeModal({ open, onClose, years, initialYear }: { open: boolean; onClose(): void; years: TNationalYear[]; initialYear: number }) {
  const t = useT();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm();
  const importIt = useImportNationalYear();
  const year = Form.useWatch('year', form) as number | undefined;
  const existing = useMemo(() => years.find((y) => y.year === year), [years, year]);
  const replacing = !!existing && existing.status !== 'provisional';
  const fill = (y: number) => {
    const e = years.find((x) => x.year === y);
    form.setFieldsValue({
      year: y,
      title: e && e.status !== 'provisional' ? e.source.title : `国务院办公厅关于${y}年部分节假日安排的通知`,
      documentNumber: e && e.status !== 'provisional' ? e.source.documentNumber : undefined,
      published: e && e.status !== 'provisional' ? dayjs(e.source.published) : undefined,
      url: e && e.status !== 'provisional' ? e.source.url : undefined,
      // a provisional year starts from the law's days: the administrator widens the ranges and adds the 调休 weekends
      items: e ? itemsFromDays(e.days) : HOLIDAY_NAMES.slice(0, 7).map((n) => ({ name: n.zh, work: [] })),
    });
  };
  useLayoutEffect(() => {
    if (open) {
      form.resetFields();
      const firstProvisional = years.find((y) => y.status === 'provisional')?.year;
      fill(years.some((y) => y.year === initialYear && y.status === 'provisional') ? initialYear : (firstProvisional ?? initialYear));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  /** A .json file in the shape of the API (year, source, days) fills the form. */
  const loadFile = async (file: File) => {
    try {
      const parsed = JSON.parse(await file.text()) as {
        year?: number;
        source?: { title?: string; documentNumber?: string; published?: string; url?: string };
        days?: TNationalYear['days'];
      };
      if (!parsed.year || !Array.isArray(parsed.days)) throw new Error('shape');
      form.setFieldsValue({
        year: parsed.year,
        title: parsed.source?.title,
        documentNumber: parsed.source?.documentNumber,
        published: parsed.source?.published ? dayjs(parsed.source.published) : undefined,
        url: parsed.source?.url,
        items: itemsFromDays(parsed.days),
      });
      message.success(t('calendar.national.fileLoaded', { n: parsed.days.length }));
    } catch {
      message.error(t('calendar.national.fileInvalid'));
    }
    return false;
  };

  const submit = (values: { year: number; title: string; documentNumber?: string; published?: Dayjs; url?: string; items: NoticeItem[]; reason?: string }) => {
    const body: Record<string, unknown> = {
      year: values.year,
      source: {
        issuer: '国务院办公厅',
        title: values.title,
        ...(values.documentNumber ? { documentNumber: values.documentNumber } : {}),
        published: values.published?.format(D),
        ...(values.url ? { url: values.url } : {}),
      },
      days: daysFromItems(values.items ?? []),
      ...(existing?.version ? { version: existing.version } : {}),
      ...(values.reason ? { reason: values.reason } : {}),
    };
    const parsed = ImportNationalYearRequest.safeParse(body);
    if (!parsed.success) return onProblem(parsed.error, { form });
    importIt.mutate(parsed.data, {
      onSuccess: (r) => {
        message.success(t('calendar.national.imported', { year: r.year, n: r.recomputed }));
        onClose();
      },
      onError: (e) => onProblem(e, { form }),
    });
  };

  return (
    <Modal
      open={open}
      width={760}
      title={t('calendar.national.importTitle')}
      okText={t('calendar.national.importOk')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: importIt.isPending, 'data-testid': 'national-save' } as ButtonProps}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('calendar.national.importHint')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" name="national" onFinish={submit} disabled={importIt.isPending}>
        <Row gutter={12}>
          <Col xs={24} sm={6}>
            <Form.Item name="year" label={t('calendar.national.year')} rules={[{ required: true, message: t('form.required') }]}>
              <InputNumber
                min={2025}
                max={2100}
                style={{ width: '100%' }}
                onChange={(v) => typeof v === 'number' && v >= 2025 && fill(v)}
                data-testid="national-year"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={18}>
            <Form.Item name="title" label={t('calendar.national.noticeTitle')} rules={[{ required: true, message: t('form.required') }]}>
              <Input maxLength={200} data-testid="national-title" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="documentNumber" label={t('calendar.national.documentNumber')}>
              <Input maxLength={80} placeholder="国办发明电〔2026〕X号" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={6}>
            <Form.Item name="published" label={t('calendar.national.published')} rules={[{ required: true, message: t('form.required') }]}>
              <DatePicker style={{ width: '100%' }} data-testid="national-published" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="url" label={t('calendar.national.url')}>
              <Input maxLength={500} placeholder="https://www.gov.cn/…" />
            </Form.Item>
          </Col>
        </Row>
        <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
          <Typography.Text strong>{t('calendar.national.items')}</Typography.Text>
          <Upload accept=".json,application/json" showUploadList={false} beforeUpload={(f) => loadFile(f)}>
            <Button size="small" icon={<UploadOutlined />} data-testid="national-file">
              {t('calendar.national.fromFile')}
            </Button>
          </Upload>
        </Flex>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <Flex vertical gap={4}>
              {fields.map((field) => (
                <Row key={field.key} gutter={8} align="top" data-testid="national-item">
                  <Col xs={24} sm={6}>
                    <Form.Item name={[field.name, 'name']} rules={[{ required: true, message: t('form.required') }]} style={{ marginBottom: 4 }}>
                      <Select options={HOLIDAY_NAMES.map((n) => ({ value: n.zh, label: `${n.zh} ${n.en}` }))} aria-label={t('calendar.national.holiday')} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={9}>
                    <Form.Item name={[field.name, 'off']} rules={[{ required: true, message: t('form.required') }]} style={{ marginBottom: 4 }}>
                      <DatePicker.RangePicker
                        style={{ width: '100%' }}
                        placeholder={[t('calendar.national.offFrom'), t('calendar.national.offTo')]}
                        data-testid="national-off"
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={20} sm={8}>
                    <Form.Item name={[field.name, 'work']} style={{ marginBottom: 4 }}>
                      <DatePicker multiple style={{ width: '100%' }} placeholder={t('calendar.national.workdays')} data-testid="national-work" />
                    </Form.Item>
                  </Col>
                  <Col xs={4} sm={1}>
                    <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('common.remove')} onClick={() => remove(field.name)} />
                  </Col>
                </Row>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: undefined, work: [] })}>
                {t('calendar.national.addItem')}
              </Button>
            </Flex>
          )}
        </Form.List>
        {replacing && (
          <Form.Item name="reason" label={t('calendar.national.reason')} rules={[{ required: true, message: t('form.required') }]} style={{ marginTop: 12 }}>
            <Input.TextArea rows={2} maxLength={500} data-testid="national-reason" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
