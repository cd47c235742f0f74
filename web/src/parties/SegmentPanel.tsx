import { useEffect } from 'react';
import { App, Button, Descriptions, Empty, Flex, Skeleton, Tag, Tooltip, Typography } from 'antd';
import { ReloadOutlined, StarFilled } from '@ant-design/icons';
import { useFeatureT } from '../i18n/feature.js';
import { useProblemHandler } from '../platform/problem.js';
import { DateTime } from '../platform/DateTime.js';
import { NONE } from '../platform/format.js';
import { useCustomerSegment, useRefreshSegments } from './api.js';
import { segmentPanelWords as segmentWords } from './segment-panel-words.js';

const abcColor = { A: 'gold', B: 'blue', C: 'default' } as const;

/** The ABC letter and the high-value star, as on the customer list. */
export function SegmentTag({ abcClass, highValue }: { abcClass: 'A' | 'B' | 'C' | null; highValue: boolean }) {
  const w = useFeatureT(segmentWords);
  if (!abcClass && !highValue) return <>{NONE}</>;
  return (
    <Flex gap={4} align="center">
      {abcClass && (
        <Tag color={abcColor[abcClass]} style={{ marginInlineEnd: 0 }} data-testid="segment-abc">
          {abcClass}
        </Tag>
      )}
      {highValue && (
        <Tooltip title={w('highValue')}>
          <StarFilled style={{ color: '#faad14' }} aria-label={w('highValue')} data-testid="segment-high-value" />
        </Tooltip>
      )}
    </Flex>
  );
}

/** The "recompute now" button (customers.write), on the list and the customer page. */
/**
 * The customer list's "recompute" button runs this when pressed (the list's first load keeps neither the mutation nor
 * the problem handler): recompute, refresh the customer queries, and say what came out — or what went wrong.
 */
export function useRunRefresh(): () => Promise<void> {
  const w = useFeatureT(segmentWords);
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const refresh = useRefreshSegments();
  return () =>
    refresh.mutateAsync().then(
      (r) => void message.success(w('refreshed', { n: r.customers, a: r.counts.A, b: r.counts.B, c: r.counts.C, h: r.counts.highValue })),
      (e: unknown) => onProblem(e),
    );
}

/** Runs the recompute once when mounted (the list's light button mounts it on a press), then tells the button. */
export function RefreshSegmentsRun({ onDone }: { onDone(): void }) {
  const run = useRunRefresh();
  useEffect(() => {
    void run().finally(onDone);
    // once per press
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return null;
}

export function RefreshSegmentsButton() {
  const w = useFeatureT(segmentWords);
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const refresh = useRefreshSegments();
  return (
    <Button
      icon={<ReloadOutlined />}
      loading={refresh.isPending}
      data-testid="segments-refresh"
      onClick={() =>
        refresh.mutateAsync().then(
          (r) => void message.success(w('refreshed', { n: r.customers, a: r.counts.A, b: r.counts.B, c: r.counts.C, h: r.counts.highValue })),
          (e: unknown) => onProblem(e),
        )
      }
    >
      {w('refresh')}
    </Button>
  );
}

/** The customer page's value segment: ABC, RFM, high value, the period and when it was computed; revenue with prices.read. */
export function SegmentPanel({ customerId, ownCadenceDays, canRefresh }: { customerId: string; ownCadenceDays: number | null; canRefresh: boolean }) {
  const w = useFeatureT(segmentWords);
  const { data, isLoading } = useCustomerSegment(customerId);
  if (isLoading) return <Skeleton active paragraph={{ rows: 3 }} />;
  const s = data?.segment;
  if (!s)
    return (
      <Empty description={w('notComputed')} data-testid="segment-none">
        {canRefresh && <RefreshSegmentsButton />}
      </Empty>
    );
  return (
    <div data-testid="segment-panel">
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3 }}
        items={[
          { key: 'abc', label: w('abc'), children: <SegmentTag abcClass={s.abcClass} highValue={false} /> },
          {
            key: 'hv',
            label: w('highValue'),
            children: s.highValue ? (
              <Tag color="gold" icon={<StarFilled />}>
                {w('highValue')}
              </Tag>
            ) : (
              NONE
            ),
          },
          {
            key: 'rfm',
            label: <Tooltip title={w('rfmHint')}>{w('rfm')}</Tooltip>,
            children: s.rfm ? (
              <span data-testid="segment-rfm">
                R{s.recencyScore} · F{s.frequencyScore} · M{s.monetaryScore}
              </span>
            ) : (
              NONE
            ),
          },
          { key: 'orders', label: w('frequency'), children: s.orderCount },
          { key: 'last', label: w('lastOrder'), children: s.lastOrderDate ?? NONE },
          {
            key: 'revenue',
            label: w('revenue'),
            children:
              s.revenue === undefined || s.revenue === null ? (
                <Typography.Text type="secondary">{w('revenueHidden')}</Typography.Text>
              ) : (
                <span data-testid="segment-revenue">
                  {Number(s.revenue).toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} {s.currency}
                </span>
              ),
          },
          { key: 'period', label: w('period'), children: `${s.periodFrom} – ${s.periodTo}` },
          {
            key: 'cadence',
            label: w('cadence'),
            children: (
              <span>
                {w('everyNDays', { n: s.segmentCadenceDays })}
                {ownCadenceDays !== null && <Typography.Text type="secondary"> · {w('cadenceOwn')}</Typography.Text>}
              </span>
            ),
          },
          {
            key: 'at',
            label: w('computedAt'),
            children: (
              <span>
                <DateTime value={s.computedAt} /> <Typography.Text type="secondary">{w('rules', { v: s.rulesVersion })}</Typography.Text>
              </span>
            ),
          },
        ]}
      />
      {canRefresh && (
        <Flex justify="end">
          <RefreshSegmentsButton />
        </Flex>
      )}
    </div>
  );
}
