import { Alert, Button, Descriptions, Empty, Flex, Table, Tag, Typography } from 'antd';
import { CheckCircleFilled, ExclamationCircleOutlined, MinusCircleOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { statutoryItemNames } from '../../../contracts/order-statutory.js';
import { useFeatureT } from '../i18n/feature.js';
import { useLocalized, useT } from '../i18n/index.js';
import { DateTime } from '../platform/DateTime.js';
import { NONE } from '../platform/format.js';
import type { TOrder } from './api.js';
import { seedWords } from './seed-words.js';
import { SignoffTable } from './OrderDetailPage.js';
import { useStepSignoffs } from './signoffs.js';

/** The order page's records of procedure v3: statutory checklist, order confirmation, production task sheets. */
export const useSeedT = () => useFeatureT(seedWords);
type Item = TOrder['statutory'][number];

/** Items still holding the contract review: undecided, or applicable and not reviewed (the sign-off guard's rule). */
export const openStatutory = (order: TOrder) => order.statutory.filter((x) => x.applicable === null || (x.applicable === 'yes' && !x.reviewedAt));

export function StatutoryChecklist({ order, onEdit }: { order: TOrder; onEdit?: (item: Item) => void }) {
  const t = useSeedT();
  const name = useLocalized();
  const open = openStatutory(order);
  return (
    <Flex vertical gap={8} data-testid="statutory">
      <Flex gap={8} align="center" wrap>
        <Typography.Text strong>{t('statutory.title')}</Typography.Text>
        {open.length ? (
          <Tag color="warning" data-testid="statutory-open">
            {t('statutory.open', { n: open.length })}
          </Tag>
        ) : (
          <Tag color="success" data-testid="statutory-done">
            {t('statutory.done')}
          </Tag>
        )}
      </Flex>
      {onEdit && <Alert type="info" showIcon title={t('statutory.hint')} />}
      <Table
        size="small"
        pagination={false}
        rowKey="item"
        dataSource={order.statutory}
        onRow={(r) => ({ 'data-item': r.item, 'data-applicable': r.applicable ?? '' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('statutory.item'),
            key: 'item',
            width: 230,
            render: (_: unknown, r: Item) => <Typography.Text strong>{name(statutoryItemNames[r.item])}</Typography.Text>,
          },
          {
            title: t('statutory.applicable'),
            key: 'a',
            width: 110,
            render: (_: unknown, r: Item) =>
              r.applicable ? (
                <Tag color={r.applicable === 'yes' ? 'blue' : 'default'}>{t(`statutory.values.${r.applicable}`)}</Tag>
              ) : (
                <Tag color="warning">{t('statutory.undecided')}</Tag>
              ),
          },
          { title: t('statutory.evidence'), key: 'e', render: (_: unknown, r: Item) => r.evidence ?? '' },
          {
            title: t('statutory.reviewed'),
            key: 'r',
            width: 220,
            render: (_: unknown, r: Item) =>
              r.reviewedAt ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="statutory-reviewed">
                  <CheckCircleFilled style={{ color: '#389e0d' }} /> {r.reviewedByName ?? NONE} · <DateTime value={r.reviewedAt} />
                </Typography.Text>
              ) : r.applicable === 'yes' ? (
                <Typography.Text type="warning">
                  <ExclamationCircleOutlined /> {t('statutory.notReviewed')}
                </Typography.Text>
              ) : r.applicable ? (
                <Typography.Text type="secondary">
                  <MinusCircleOutlined /> {t('statutory.notNeeded')}
                </Typography.Text>
              ) : null,
          },
          ...(onEdit
            ? [
                {
                  title: '',
                  key: 'edit',
                  width: 80,
                  render: (_: unknown, r: Item) => (
                    <Button size="small" onClick={() => onEdit(r)} data-testid={`statutory-edit-${r.item}`}>
                      {t('statutory.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Flex>
  );
}

export function OrderConfirmationCard({ order }: { order: TOrder }) {
  const t = useSeedT();
  const tt = useT();
  const c = order.confirmation;
  return (
    <Flex vertical gap={8} data-testid="order-confirmation">
      <Typography.Text strong>{t('confirmation.title')}</Typography.Text>
      {!c ? (
        <Typography.Text type="secondary">{order.status === 'order-confirmation' ? t('confirmation.none') : NONE}</Typography.Text>
      ) : (
        <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('confirmation.address')} span={2}>
            <span style={{ whiteSpace: 'pre-wrap' }} data-testid="confirmation-address">
              {c.deliveryAddress}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('confirmation.payment')}>{c.paymentMethod}</Descriptions.Item>
          <Descriptions.Item label={t('confirmation.by')}>{c.confirmedBy}</Descriptions.Item>
          <Descriptions.Item label={t('confirmation.at')}>
            <DateTime value={c.confirmedAt} />
          </Descriptions.Item>
          <Descriptions.Item label={t('confirmation.channel')}>{tt(`enums.channel.${c.channel}`)}</Descriptions.Item>
          <Descriptions.Item label={t('confirmation.recordedBy')}>{c.recordedByName ?? NONE}</Descriptions.Item>
          <Descriptions.Item label={t('confirmation.communication')}>
            {c.communicationId ? <Link to={`/communications/${c.communicationId}`}>{t('confirmation.communication')}</Link> : NONE}
          </Descriptions.Item>
        </Descriptions>
      )}
    </Flex>
  );
}

export function TaskSheets({ order }: { order: TOrder }) {
  const t = useSeedT();
  const sheets = [...order.taskSheets].reverse();
  return (
    <Flex vertical gap={8} data-testid="task-sheets">
      <Flex gap={8} align="center" wrap>
        <Typography.Text strong>{t('taskSheet.title')}</Typography.Text>
        <div style={{ flex: 1 }} />
        {order.taskSheets.length > 0 && (
          <Link to={`/orders/${order.id}/print/task-sheet`} target="_blank" data-testid="print-task-sheet-inline">
            {t('taskSheet.print')}
          </Link>
        )}
      </Flex>
      {!sheets.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('taskSheet.none')} />
      ) : (
        <Table
          size="small"
          pagination={false}
          rowKey="revision"
          dataSource={sheets}
          onRow={(r) => ({ 'data-status': r.status }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: '#', key: 'n', width: 80, render: (_: unknown, r: TOrder['taskSheets'][number]) => t('taskSheet.revision', { n: r.revision }) },
            {
              title: t('taskSheet.start'),
              key: 's',
              width: 150,
              render: (_: unknown, r: TOrder['taskSheets'][number]) => <DateTime value={r.productionStart} />,
            },
            {
              title: t('taskSheet.finish'),
              key: 'f',
              width: 150,
              render: (_: unknown, r: TOrder['taskSheets'][number]) => <DateTime value={r.productionFinish} />,
            },
            {
              title: t('taskSheet.instructions'),
              key: 'i',
              render: (_: unknown, r: TOrder['taskSheets'][number]) => <span style={{ whiteSpace: 'pre-wrap' }}>{r.instructions}</span>,
            },
            { title: t('taskSheet.preparedBy'), key: 'p', width: 120, render: (_: unknown, r: TOrder['taskSheets'][number]) => r.preparedByName ?? NONE },
            {
              title: t('taskSheet.signedBy'),
              key: 'g',
              width: 230,
              render: (_: unknown, r: TOrder['taskSheets'][number]) => (
                <Flex vertical gap={2}>
                  <Tag color={r.status === 'signed' ? 'success' : r.status === 'returned' ? 'error' : 'processing'} data-testid="task-sheet-status">
                    {t(`taskSheet.status.${r.status}`)}
                  </Tag>
                  {r.signedAt && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.signedByName} · <DateTime value={r.signedAt} />
                    </Typography.Text>
                  )}
                  {r.returnReason && (
                    <Typography.Text type="danger" style={{ fontSize: 12 }}>
                      {t('taskSheet.returned', { reason: r.returnReason })}
                    </Typography.Text>
                  )}
                </Flex>
              ),
            },
          ]}
        />
      )}
    </Flex>
  );
}

/** The task sheet signed by the GM and the production plan acknowledged by the departments [SP 5.3, 6.3.1.2]. */
export function ProductionPlan({ order }: { order: TOrder }) {
  const t = useSeedT();
  const { data } = useStepSignoffs(order.id, ['plan-distribution']);
  return (
    <>
      <TaskSheets order={order} />
      {data?.reached && (
        <>
          <Typography.Text strong>{t('taskSheet.distribution', { n: data.signed.size, total: data.departments.length })}</Typography.Text>
          <SignoffTable data={data} testId="plan-distribution-signoffs" />
        </>
      )}
    </>
  );
}
