import { useState } from 'react';
import { Alert, DatePicker, Flex, Progress, Skeleton, Statistic, Table, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { StepTimes, TProcedureReport } from '../../../contracts/procedures.js';
import { api } from '../api/client.js';
import { useLocalized, useT } from '../i18n/index.js';
import { NONE } from '../platform/format.js';
import { useProblemHandler } from '../platform/problem.js';
import { useDeadlineText, useDuration, useStepName } from './labels.js';
import type { TProcedureDefinition } from './api.js';

type Row = z.infer<typeof StepTimes>;

/** Hours as a user reads them: minutes under an hour, hours under two days, else days and hours. */
/**
 * Time in each step over a period, from the same declaration as the flowchart: how many records
 * entered and left each step, the share that left on time, and the time spent gross (as the calendar
 * runs) and net (without the spans the clock was paused, e.g. waiting for the customer's parts).
 */
export function ReportTab({ def }: { def: TProcedureDefinition }) {
  const t = useT();
  const loc = useLocalized();
  const stepName = useStepName(def);
  const deadlineText = useDeadlineText();
  const duration = useDuration();
  const onProblem = useProblemHandler();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(12, 'month').startOf('day'), dayjs().endOf('day')]);
  const report = useQuery({
    queryKey: ['procedures', 'report', def.id, range[0].toISOString(), range[1].toISOString()],
    queryFn: () =>
      api.get<TProcedureReport>(`/api/procedures/${encodeURIComponent(def.id)}/report`, { from: range[0].toISOString(), to: range[1].toISOString() }),
  });
  if (report.error) onProblem(report.error);
  const stepOf = (id: string) => def.steps.find((s) => s.id === id);

  return (
    <Flex vertical gap={12} data-testid="procedure-report">
      <Flex gap={24} wrap align="center" justify="space-between">
        <Flex gap={8} align="center" wrap>
          <Typography.Text type="secondary">{t('procedure.report.period')}</Typography.Text>
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0].startOf('day'), v[1].endOf('day')])}
            presets={[
              { label: t('procedure.report.last30'), value: [dayjs().subtract(30, 'day').startOf('day'), dayjs().endOf('day')] },
              { label: t('procedure.report.last90'), value: [dayjs().subtract(90, 'day').startOf('day'), dayjs().endOf('day')] },
              { label: t('procedure.report.last12m'), value: [dayjs().subtract(12, 'month').startOf('day'), dayjs().endOf('day')] },
              { label: t('procedure.report.thisYear'), value: [dayjs().startOf('year'), dayjs().endOf('day')] },
            ]}
            data-testid="report-range"
          />
        </Flex>
        <Flex gap={32}>
          <Statistic title={t('procedure.report.started')} value={report.data?.started ?? 0} loading={report.isLoading} data-testid="report-started" />
          <Statistic title={t('procedure.report.closed')} value={report.data?.closed ?? 0} loading={report.isLoading} data-testid="report-closed" />
        </Flex>
      </Flex>
      <Alert type="info" showIcon title={t('procedure.report.hint')} />
      {report.isLoading ? (
        <Skeleton active />
      ) : (
        <Table<Row>
          size="small"
          rowKey="stepId"
          pagination={false}
          dataSource={report.data?.steps ?? []}
          data-testid="report-table"
          onRow={(r) => ({ 'data-step': r.stepId }) as React.HTMLAttributes<HTMLElement>}
          scroll={{ x: 900 }}
          columns={[
            {
              title: t('procedure.report.step'),
              dataIndex: 'stepId',
              render: (id: string) => (
                <Flex vertical>
                  <Typography.Text strong>{stepName(id)}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {stepOf(id)?.deadline ? deadlineText(stepOf(id)!.deadline) : t('procedure.flow.noDeadline')}
                  </Typography.Text>
                </Flex>
              ),
            },
            { title: t('procedure.report.entered'), dataIndex: 'entered', align: 'right' },
            { title: t('procedure.report.completed'), dataIndex: 'completed', align: 'right' },
            { title: t('procedure.report.open'), dataIndex: 'open', align: 'right' },
            {
              title: <Tooltip title={t('procedure.report.onTimeHint')}>{t('procedure.report.onTime')}</Tooltip>,
              key: 'onTime',
              width: 160,
              render: (_: unknown, r: Row) =>
                r.timed ? (
                  <Tooltip title={`${r.onTime} / ${r.timed}`}>
                    <Progress
                      percent={Math.round((r.onTime / r.timed) * 100)}
                      size="small"
                      format={(p) => `${p}%`}
                      status={r.onTime < r.timed ? 'exception' : 'success'}
                      data-testid="report-on-time"
                    />
                  </Tooltip>
                ) : (
                  NONE
                ),
            },
            {
              title: t('procedure.report.avgGross'),
              dataIndex: 'avgGrossHours',
              align: 'right',
              render: (h: number | null) => <span data-testid="report-gross">{duration(h)}</span>,
            },
            {
              title: t('procedure.report.avgNet'),
              dataIndex: 'avgNetHours',
              align: 'right',
              render: (h: number | null) => <span data-testid="report-net">{duration(h)}</span>,
            },
            { title: t('procedure.report.medianNet'), dataIndex: 'medianNetHours', align: 'right', render: duration },
            { title: t('procedure.report.maxNet'), dataIndex: 'maxNetHours', align: 'right', render: duration },
            { title: t('procedure.report.paused'), dataIndex: 'pausedHours', align: 'right', render: (h: number) => (h ? duration(h) : NONE) },
          ]}
          locale={{ emptyText: t('procedure.report.empty') }}
        />
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {loc(def.title)} · {def.documentNo} v{def.version}
      </Typography.Text>
    </Flex>
  );
}
