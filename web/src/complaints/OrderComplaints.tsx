import './words.js';
import { Empty, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useT } from '../i18n/index.js';
import { useFeatureT } from '../i18n/feature.js';
import { linesWords } from './lines-words.js';
import { fmtDateTime } from '../platform/format.js';
import { useOrderComplaints, type TComplaintSummary } from './api.js';
import { ComplaintStatusTag, SeverityTag } from './labels.js';

/** The order page's list of the complaints with a line on this order (the trace from order to complaint). */
export function OrderComplaints({ orderId }: { orderId: string }) {
  const t = useT();
  const w = useFeatureT(linesWords);
  const { data, isLoading } = useOrderComplaints(orderId);
  if (!isLoading && !data?.items.length)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={w('onOrder.empty')} data-testid="order-complaints-empty" />;
  return (
    <Table<TComplaintSummary>
      size="small"
      rowKey="id"
      loading={isLoading}
      pagination={false}
      dataSource={data?.items ?? []}
      data-testid="order-complaints"
      columns={[
        {
          title: t('complaint.fields.number'),
          dataIndex: 'number',
          width: 140,
          render: (v: string, c) => (
            <Link to={`/complaints/${c.id}`} data-testid="order-complaint-link">
              {v}
            </Link>
          ),
        },
        { title: t('complaint.fields.kind'), dataIndex: 'kind', width: 90, render: (v: TComplaintSummary['kind']) => <Tag>{t(`complaint.kinds.${v}`)}</Tag> },
        { title: t('complaint.fields.receivedAt'), dataIndex: 'receivedAt', width: 150, render: (v: string) => fmtDateTime(v) },
        {
          title: t('complaint.fields.model'),
          dataIndex: 'model',
          render: (v: string, c) => (
            <span>
              {v}
              {c.lot ? <Typography.Text type="secondary"> · {c.lot}</Typography.Text> : null}
            </span>
          ),
        },
        { title: t('complaint.fields.defectiveQuantity'), dataIndex: 'defectiveQuantity', width: 90, align: 'right' },
        { title: t('complaint.fields.severity'), dataIndex: 'severity', width: 90, render: (v: TComplaintSummary['severity']) => <SeverityTag severity={v} /> },
        {
          title: t('complaint.fields.status'),
          dataIndex: 'status',
          width: 160,
          render: (v: string | null, c) => <ComplaintStatusTag status={v} closed={c.closed} />,
        },
      ]}
    />
  );
}
