import { useState } from 'react';
import { Button, Card, Empty, Flex, Form, Select, Skeleton, Table, Tag, Typography } from 'antd';
import { LinkOutlined, PlusOutlined } from '@ant-design/icons';
import { isApiError } from '../api/client.js';
import { useEngineeringT as useT } from './words.js';
import { useCan } from '../identity/index.js';
import { NONE } from '../platform/format.js';
import { DateTime } from '../platform/DateTime.js';
import { FormModal } from '../platform/FormModal.js';
import { AttachmentList } from '../communications/index.js';
import { required } from '../orders/index.js';
import { useAnomalies, useAnomaly, useLinkAnyAnomaly, useOrderEngineering, type TAnomalySummary, type TQuestionSummary, type TSampleSummary } from './api.js';
import { SampleModal } from './SampleDialogs.js';
import { useSampleColumns } from './SampleListPage.js';
import { CustomerQuestionModal, useQuestionColumns } from './QuestionPages.js';
import { CustomerAnomalyModal, useAnomalyColumns } from './AnomalyPages.js';

type Kind = 'sample' | 'question' | 'anomaly';

function Head({ title, count, kind, onNew }: { title: string; count: number; kind: Kind; onNew?: (k: Kind) => void }) {
  const t = useT();
  return (
    <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
      <Typography.Text strong>
        {title} <Tag>{count}</Tag>
      </Typography.Text>
      {onNew && (
        <Button size="small" icon={<PlusOutlined />} onClick={() => onNew(kind)} data-testid={`order-${kind}-new`}>
          {t(`engineering.${kind}.new`)}
        </Button>
      )}
    </Flex>
  );
}

/**
 * The order page's panel [CC 5.3, 5.4, 5.6]: the order's sample confirmations (with their state and answer due),
 * the process-design questions asked about it and the anomalies the customer found on it; what is registered from
 * here carries the order and its customer. Shown only to a role with engineering.read (the API refuses the rest).
 */
export function OrderEngineeringPanel({ orderId, partyId, readOnly }: { orderId: string; partyId: string; readOnly?: boolean }) {
  const t = useT();
  const can = useCan();
  const [dialog, setDialog] = useState<Kind | null>(null);
  const { data, isLoading, error } = useOrderEngineering(orderId);
  const sampleColumns = useSampleColumns(false).filter((c) => c.key !== 'order');
  const questionColumns = useQuestionColumns(false);
  const anomalyColumns = useAnomalyColumns(false).filter((c) => c.key !== 'order');
  if (isLoading) return <Skeleton active />;
  if (error || !data) return <Typography.Text type="danger">{isApiError(error) ? error.problem.detail : t('errors.loadFailed')}</Typography.Text>;
  const onNew = can('engineering.write') && !readOnly ? setDialog : undefined;
  const empty = (key: string) => ({ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(key)} /> });
  return (
    <Card size="small" data-testid="order-engineering-panel">
      <Typography.Paragraph type="secondary">{t('engineering.panel.orderHint')}</Typography.Paragraph>
      <Flex vertical gap={16}>
        <div data-testid="order-samples">
          <Head title={t('engineering.sample.customerTab')} count={data.samples.length} kind="sample" onNew={onNew} />
          <Table<TSampleSummary>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={data.samples}
            columns={sampleColumns}
            locale={empty('engineering.sample.empty')}
            scroll={{ x: 900 }}
          />
        </div>
        <div data-testid="order-questions">
          <Head title={t('engineering.question.customerTab')} count={data.questions.length} kind="question" onNew={onNew} />
          <Table<TQuestionSummary>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={data.questions}
            columns={questionColumns}
            locale={empty('engineering.question.empty')}
            scroll={{ x: 900 }}
          />
        </div>
        <div data-testid="order-anomalies">
          <Head title={t('engineering.anomaly.customerTab')} count={data.anomalies.length} kind="anomaly" onNew={onNew} />
          <Table<TAnomalySummary>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={data.anomalies}
            columns={anomalyColumns}
            locale={empty('engineering.anomaly.empty')}
            scroll={{ x: 900 }}
          />
        </div>
      </Flex>
      <SampleModal sample={null} partyId={partyId} orderId={orderId} open={dialog === 'sample'} onClose={() => setDialog(null)} onReload={() => undefined} />
      <CustomerQuestionModal partyId={partyId} orderId={orderId} open={dialog === 'question'} onClose={() => setDialog(null)} onReload={() => undefined} />
      <CustomerAnomalyModal partyId={partyId} orderId={orderId} open={dialog === 'anomaly'} onClose={() => setDialog(null)} onReload={() => undefined} />
    </Card>
  );
}

/** One anomaly's inspection, scrap and anomaly reports, under its row on the complaint page. */
function AnomalyReports({ id }: { id: string }) {
  const t = useT();
  const { data, isLoading } = useAnomaly(id);
  if (isLoading || !data) return <Skeleton active paragraph={{ rows: 1 }} />;
  if (!data.reports.length) return <Typography.Text type="secondary">{t('engineering.anomaly.noReports')}</Typography.Text>;
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={data.reports}
      data-testid="complaint-anomaly-reports"
      columns={[
        {
          title: t('engineering.anomaly.fields.reportKind'),
          dataIndex: 'kind',
          width: 130,
          render: (k: string) => <Tag>{t(`engineering.anomaly.reportKind.${k}`)}</Tag>,
        },
        { title: t('engineering.anomaly.fields.documentNo'), dataIndex: 'documentNo', width: 160 },
        { title: t('engineering.anomaly.fields.note'), dataIndex: 'note', render: (n: string | null) => n ?? NONE },
        {
          title: t('engineering.anomaly.fields.attachment'),
          key: 'file',
          width: 220,
          render: (_, r) => (r.attachment ? <AttachmentList items={[r.attachment]} /> : NONE),
        },
        {
          title: t('engineering.anomaly.fields.addedBy'),
          key: 'by',
          width: 200,
          render: (_, r) => (
            <>
              {r.addedByName ?? NONE} · <DateTime value={r.createdAt} />
            </>
          ),
        },
      ]}
    />
  );
}

/** Link one of the customer's anomalies (not yet on this complaint) to it. */
function LinkExistingModal({ complaintId, partyId, open, onClose }: { complaintId: string; partyId: string; open: boolean; onClose(): void }) {
  const t = useT();
  const { data } = useAnomalies({ partyId }, open);
  const link = useLinkAnyAnomaly();
  const candidates = (data?.items ?? []).filter((a) => a.complaint?.id !== complaintId);
  return (
    <FormModal
      open={open}
      title={t('engineering.panel.pickTitle')}
      testId="complaint-anomaly-link"
      width={560}
      pending={link.isPending}
      onClose={onClose}
      onReload={() => undefined}
      initial={() => ({})}
      onSubmit={async (v) => {
        const a = candidates.find((x) => x.id === v.anomalyId);
        if (!a) return;
        await link.mutateAsync({ id: a.id, version: a.version, complaintId });
      }}
    >
      {() => (
        <Form.Item name="anomalyId" label={t('engineering.panel.pickAnomaly')} rules={required(t as never)}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={candidates.map((a) => ({ value: a.id, label: `${a.number} · ${a.title}${a.complaint ? ` (${a.complaint.number})` : ''}` }))}
            data-testid="complaint-anomaly-pick"
          />
        </Form.Item>
      )}
    </FormModal>
  );
}

/** The complaint page's panel [CC 5.6]: the anomalies linked to the complaint, each with its reports; register or link one. */
export function ComplaintAnomaliesPanel({ complaintId, partyId, readOnly }: { complaintId: string; partyId: string; readOnly?: boolean }) {
  const t = useT();
  const can = useCan();
  const [dialog, setDialog] = useState<'new' | 'link' | null>(null);
  const { data, isLoading } = useAnomalies({ complaintId });
  const columns = useAnomalyColumns(false).filter((c) => c.key !== 'complaint');
  const write = can('engineering.write') && !readOnly;
  return (
    <Card
      size="small"
      title={t('engineering.panel.complaintTitle')}
      data-testid="complaint-anomalies-panel"
      extra={
        write && (
          <Flex gap={8}>
            <Button size="small" icon={<LinkOutlined />} onClick={() => setDialog('link')} data-testid="complaint-anomaly-link-open">
              {t('engineering.panel.linkExisting')}
            </Button>
            <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setDialog('new')} data-testid="complaint-anomaly-new">
              {t('engineering.anomaly.new')}
            </Button>
          </Flex>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('engineering.panel.complaintHint')}</Typography.Paragraph>
      <Table<TAnomalySummary>
        rowKey="id"
        size="small"
        pagination={false}
        loading={isLoading}
        dataSource={data?.items ?? []}
        columns={columns}
        data-testid="complaint-anomalies"
        expandable={{ expandedRowRender: (a) => <AnomalyReports id={a.id} />, rowExpandable: (a) => a.reportCount > 0 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('engineering.panel.complaintEmpty')} /> }}
        scroll={{ x: 900 }}
      />
      <CustomerAnomalyModal partyId={partyId} complaintId={complaintId} open={dialog === 'new'} onClose={() => setDialog(null)} onReload={() => undefined} />
      <LinkExistingModal complaintId={complaintId} partyId={partyId} open={dialog === 'link'} onClose={() => setDialog(null)} />
    </Card>
  );
}
