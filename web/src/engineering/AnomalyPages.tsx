import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Result,
  Segmented,
  Select,
  Skeleton,
  Table,
  Tabs,
  Tag,
  type TableColumnsType,
} from 'antd';
import { CheckOutlined, LinkOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useNavigate, useParams } from 'react-router';
import {
  AnomalyReportRequest,
  CloseAnomalyRequest,
  CreateAnomalyRequest,
  LinkAnomalyComplaintRequest,
  anomalyFoundIn,
  reportKinds,
} from '../../../contracts/engineering.js';
import { isApiError } from '../api/client.js';
import { useEngineeringT as useT } from './words.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { HistoryPanel } from '../platform/HistoryPanel.js';
import { DateTime } from '../platform/DateTime.js';
import { NONE } from '../platform/format.js';
import { FormModal } from '../platform/FormModal.js';
import { maxLengthOf, toRequest } from '../platform/zodRule.js';
import { CustomerSelect } from '../parties/index.js';
import { AttachmentUpload, AttachmentList } from '../communications/index.js';
import { civil, required } from '../orders/index.js';
import {
  useAddReport,
  useAnomalies,
  useAnomaly,
  useCloseAnomaly,
  useCreateAnomaly,
  useLinkAnomalyComplaint,
  type TAnomaly,
  type TAnomalySummary,
} from './api.js';
import { CommunicationFields, ComplaintSelect, LinkedCommunications, OrderSelect, RefLink, StateTag, communicationOf } from './parts.js';

type Close = { open: boolean; onClose(): void; onReload(): void };

export function useAnomalyColumns(withCustomer: boolean): TableColumnsType<TAnomalySummary> {
  const t = useT();
  return [
    { title: t('engineering.anomaly.fields.number'), dataIndex: 'number', width: 110, render: (n: string, a) => <Link to={`/anomalies/${a.id}`}>{n}</Link> },
    ...(withCustomer
      ? [
          {
            title: t('engineering.common.customer'),
            key: 'customer',
            width: 200,
            render: (_: unknown, a: TAnomalySummary) => `${a.partyCode} · ${a.partyName}`,
          },
        ]
      : []),
    { title: t('engineering.anomaly.fields.title'), dataIndex: 'title', ellipsis: true },
    { title: t('engineering.anomaly.fields.foundIn'), dataIndex: 'foundIn', width: 120, render: (k: string) => t(`engineering.anomaly.foundIn.${k}`) },
    { title: t('engineering.anomaly.fields.occurredOn'), dataIndex: 'occurredOn', width: 110 },
    {
      title: t('engineering.common.order'),
      key: 'order',
      width: 130,
      render: (_, a) => (a.order ? <Link to={`/orders/${a.order.id}`}>{a.order.number}</Link> : NONE),
    },
    {
      title: t('engineering.common.complaint'),
      key: 'complaint',
      width: 130,
      render: (_, a) => (a.complaint ? <Link to={`/complaints/${a.complaint.id}`}>{a.complaint.number}</Link> : NONE),
    },
    { title: t('engineering.anomaly.reports'), dataIndex: 'reportCount', width: 90, align: 'right' },
    {
      title: t('engineering.anomaly.fields.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: 'open') => <StateTag state={s} label={t(`engineering.anomaly.status.${s}`)} testId="anomaly-status" />,
    },
  ];
}

function AnomalyModal({
  partyId,
  orderId,
  complaintId,
  open,
  onClose,
  onReload,
  onSaved,
}: Close & { partyId?: string; orderId?: string; complaintId?: string; onSaved?(a: TAnomaly): void }) {
  const t = useT();
  const create = useCreateAnomaly();
  return (
    <FormModal
      open={open}
      title={t('engineering.anomaly.newTitle')}
      testId="anomaly-form"
      width={800}
      pending={create.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({ partyId, orderId, complaintId, occurredOn: dayjs(), foundIn: 'verification', commMode: 'new', communication: { channel: 'email' } })}
      onSubmit={async (v) => {
        const saved = await create.mutateAsync(
          toRequest(CreateAnomalyRequest, {
            ...v,
            ...communicationOf(v),
            occurredOn: civil(v.occurredOn),
            orderId: v.orderId ?? null,
            complaintId: v.complaintId ?? null,
            quantity: v.quantity ?? null,
          }),
        );
        onSaved?.(saved);
      }}
    >
      {(form) => (
        <>
          <Form.Item name="partyId" label={t('engineering.common.customer')} rules={required(t as never)}>
            <CustomerSelect disabled={!!partyId} data-testid="anomaly-customer" />
          </Form.Item>
          <Form.Item name="title" label={t('engineering.anomaly.fields.title')} rules={required(t as never)}>
            <Input maxLength={maxLengthOf(CreateAnomalyRequest.shape.title)} data-testid="anomaly-title" />
          </Form.Item>
          <Form.Item name="description" label={t('engineering.anomaly.fields.description')} rules={required(t as never)}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} data-testid="anomaly-description" />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item name="foundIn" label={t('engineering.anomaly.fields.foundIn')} rules={required(t as never)} style={{ flex: 1 }}>
              <Select options={anomalyFoundIn.map((k) => ({ value: k, label: t(`engineering.anomaly.foundIn.${k}`) }))} data-testid="anomaly-found-in" />
            </Form.Item>
            <Form.Item name="occurredOn" label={t('engineering.anomaly.fields.occurredOn')} rules={required(t as never)} style={{ flex: 1 }}>
              <DatePicker style={{ width: '100%' }} data-testid="anomaly-occurred-on" />
            </Form.Item>
          </Flex>
          <Flex gap={12}>
            <Form.Item name="model" label={t('engineering.anomaly.fields.model')} style={{ flex: 1 }}>
              <Input maxLength={100} data-testid="anomaly-model" />
            </Form.Item>
            <Form.Item name="lotNo" label={t('engineering.anomaly.fields.lotNo')} style={{ flex: 1 }}>
              <Input maxLength={100} data-testid="anomaly-lot" />
            </Form.Item>
            <Form.Item name="quantity" label={t('engineering.anomaly.fields.quantity')} style={{ flex: 1 }}>
              <InputNumber min={1} precision={0} style={{ width: '100%' }} data-testid="anomaly-quantity" />
            </Form.Item>
          </Flex>
          <Form.Item noStyle shouldUpdate={(a, b) => a.partyId !== b.partyId}>
            {() => {
              const pid = (form.getFieldValue('partyId') as string | undefined) ?? partyId;
              return (
                <>
                  <Flex gap={12}>
                    <Form.Item name="orderId" label={t('engineering.common.order')} style={{ flex: 1 }}>
                      <OrderSelect partyId={pid} testId="anomaly-order" disabled={!!orderId} />
                    </Form.Item>
                    <Form.Item name="complaintId" label={t('engineering.common.complaint')} style={{ flex: 1 }}>
                      <ComplaintSelect partyId={pid} testId="anomaly-complaint" disabled={!!complaintId} />
                    </Form.Item>
                  </Flex>
                  <CommunicationFields partyId={pid} prefix="anomaly" />
                </>
              );
            }}
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

export function CustomerAnomalyModal(props: Close & { partyId: string; orderId?: string; complaintId?: string; onSaved?(a: TAnomaly): void }) {
  return <AnomalyModal {...props} />;
}

/** 异常 [CC 5.6]: anomalies the customers found, with their reports. */
export function AnomalyListPage() {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const [status, setStatus] = useState<'all' | 'open' | 'closed'>('open');
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const { data, isFetching } = useAnomalies({ ...(status !== 'all' ? { status } : {}), ...(q ? { q } : {}) });
  const columns = useAnomalyColumns(true);
  return (
    <>
      <PageHeader
        title={t('engineering.anomaly.listTitle')}
        subtitle={t('engineering.anomaly.listHint')}
        extra={
          can('engineering.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="anomaly-new">
              {t('engineering.anomaly.new')}
            </Button>
          )
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          options={(['open', 'closed', 'all'] as const).map((k) => ({
            value: k,
            label: k === 'all' ? t('engineering.common.all') : t(`engineering.anomaly.status.${k}`),
          }))}
          data-testid="anomaly-filter"
        />
        <Input.Search allowClear placeholder={t('engineering.common.search')} style={{ width: 260 }} onSearch={setQ} data-testid="anomaly-search" />
      </Flex>
      <Table<TAnomalySummary>
        rowKey="id"
        size="middle"
        loading={isFetching}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        onRow={(r) => ({ onClick: () => navigate(`/anomalies/${r.id}`), style: { cursor: 'pointer' } })}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('engineering.anomaly.empty')} /> }}
        data-testid="anomaly-table"
        scroll={{ x: 1100 }}
      />
      <AnomalyModal open={creating} onClose={() => setCreating(false)} onReload={() => undefined} onSaved={(r) => navigate(`/anomalies/${r.id}`)} />
    </>
  );
}

function ReportModal({ a, open, onClose, onReload }: Close & { a: TAnomaly }) {
  const t = useT();
  const add = useAddReport(a.id);
  return (
    <FormModal
      open={open}
      title={t('engineering.anomaly.reportTitle', { number: a.number })}
      testId="anomaly-report"
      width={640}
      pending={add.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({ kind: 'inspection' })}
      onSubmit={(v) =>
        add.mutateAsync(
          toRequest(AnomalyReportRequest, {
            ...v,
            version: a.version,
            attachmentIds: ((v.attachments ?? []) as { id: string }[]).slice(0, 1).map((x) => x.id),
            attachments: undefined,
          }),
        )
      }
    >
      {() => (
        <>
          <Flex gap={12}>
            <Form.Item name="kind" label={t('engineering.anomaly.fields.reportKind')} rules={required(t as never)} style={{ flex: 1 }}>
              <Select options={reportKinds.map((k) => ({ value: k, label: t(`engineering.anomaly.reportKind.${k}`) }))} data-testid="report-kind" />
            </Form.Item>
            <Form.Item name="documentNo" label={t('engineering.anomaly.fields.documentNo')} rules={required(t as never)} style={{ flex: 1 }}>
              <Input maxLength={100} data-testid="report-document-no" />
            </Form.Item>
          </Flex>
          <Form.Item name="note" label={t('engineering.anomaly.fields.note')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} data-testid="report-note" />
          </Form.Item>
          <Form.Item name="attachments" label={t('engineering.anomaly.fields.attachment')}>
            <AttachmentUpload testId="report-upload" />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

/** Link the anomaly to the customer's complaint (or clear it): the complaint page lists it. */
export function LinkComplaintModal({
  a,
  complaintId,
  open,
  onClose,
  onReload,
}: Close & { a: Pick<TAnomaly, 'id' | 'number' | 'partyId' | 'version' | 'complaint'>; complaintId?: string }) {
  const t = useT();
  const link = useLinkAnomalyComplaint(a.id);
  return (
    <FormModal
      open={open}
      title={t('engineering.anomaly.linkComplaintTitle', { number: a.number })}
      testId="anomaly-link-complaint"
      width={520}
      pending={link.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({ complaintId: complaintId ?? a.complaint?.id ?? null })}
      onSubmit={(v) => link.mutateAsync(toRequest(LinkAnomalyComplaintRequest, { version: a.version, complaintId: v.complaintId ?? null }))}
    >
      {() => (
        <Form.Item name="complaintId" label={t('engineering.common.complaint')} extra={t('engineering.anomaly.linkComplaintHint')}>
          <ComplaintSelect partyId={a.partyId} testId="anomaly-link-complaint-select" disabled={!!complaintId} />
        </Form.Item>
      )}
    </FormModal>
  );
}

function CloseModal({ a, open, onClose, onReload }: Close & { a: TAnomaly }) {
  const t = useT();
  const close = useCloseAnomaly(a.id);
  return (
    <FormModal
      open={open}
      title={t('engineering.anomaly.closeTitle', { number: a.number })}
      testId="anomaly-close"
      width={600}
      pending={close.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({})}
      onSubmit={(v) => close.mutateAsync(toRequest(CloseAnomalyRequest, { ...v, version: a.version }))}
    >
      {() => (
        <Form.Item name="conclusion" label={t('engineering.anomaly.fields.conclusion')} rules={required(t as never)}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} data-testid="anomaly-conclusion" />
        </Form.Item>
      )}
    </FormModal>
  );
}

/** One anomaly: what the customer found, the records it concerns, its reports, its communications. */
export function AnomalyDetailPage() {
  const t = useT();
  const can = useCan();
  const { id } = useParams();
  const { data: a, error, isLoading, refetch } = useAnomaly(id);
  const [dialog, setDialog] = useState<'report' | 'close' | 'complaint' | null>(null);
  if (isLoading) return <Skeleton active />;
  if (!a) {
    if (isApiError(error, 'NOT_FOUND'))
      return <Result status="404" title={t('engineering.common.notFound')} extra={<Link to="/anomalies">{t('engineering.anomaly.nav')}</Link>} />;
    return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  }
  const write = can('engineering.write') && a.status === 'open';
  const reload = () => void refetch();
  return (
    <>
      <PageHeader
        back="/anomalies"
        title={<span data-testid="anomaly-number">{a.number}</span>}
        subtitle={`${a.partyCode} · ${a.partyName} · ${a.title}`}
        tags={<StateTag state={a.status} label={t(`engineering.anomaly.status.${a.status}`)} testId="anomaly-status" />}
        extra={
          can('engineering.write') && (
            <>
              <Button icon={<LinkOutlined />} onClick={() => setDialog('complaint')} data-testid="anomaly-complaint-open">
                {t('engineering.anomaly.linkComplaint')}
              </Button>
              {write && (
                <>
                  <Button icon={<LinkOutlined />} onClick={() => setDialog('report')} data-testid="anomaly-report-open">
                    {t('engineering.anomaly.addReport')}
                  </Button>
                  <Button type="primary" icon={<CheckOutlined />} onClick={() => setDialog('close')} data-testid="anomaly-close-open">
                    {t('engineering.anomaly.close')}
                  </Button>
                </>
              )}
            </>
          )
        }
      />
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="anomaly-details">
          <Descriptions.Item label={t('engineering.common.customer')}>
            <Link to={`/customers/${a.partyId}`}>
              {a.partyCode} · {a.partyName}
            </Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('engineering.anomaly.fields.foundIn')}>{t(`engineering.anomaly.foundIn.${a.foundIn}`)}</Descriptions.Item>
          <Descriptions.Item label={t('engineering.anomaly.fields.occurredOn')}>{a.occurredOn}</Descriptions.Item>
          <Descriptions.Item label={t('engineering.anomaly.fields.description')} span={{ xs: 1, md: 2, xl: 3 }}>
            {a.description}
          </Descriptions.Item>
          <Descriptions.Item label={t('engineering.anomaly.fields.model')}>{a.model ?? NONE}</Descriptions.Item>
          <Descriptions.Item label={t('engineering.anomaly.fields.lotNo')}>{a.lotNo ?? NONE}</Descriptions.Item>
          <Descriptions.Item label={t('engineering.anomaly.fields.quantity')}>{a.quantity ?? NONE}</Descriptions.Item>
          <Descriptions.Item label={t('engineering.common.order')}>
            <RefLink to="/orders" value={a.order} />
          </Descriptions.Item>
          <Descriptions.Item label={t('engineering.common.complaint')}>
            <RefLink to="/complaints" value={a.complaint} />
          </Descriptions.Item>
          <Descriptions.Item label={t('engineering.anomaly.fields.reportedThrough')}>
            <RefLink to="/communications" value={a.reportedThrough} />
          </Descriptions.Item>
          <Descriptions.Item label={t('engineering.common.owner')}>{a.ownerName ?? NONE}</Descriptions.Item>
          {a.closedAt && (
            <>
              <Descriptions.Item label={t('engineering.anomaly.fields.closedAt')}>
                <DateTime value={a.closedAt} />
              </Descriptions.Item>
              <Descriptions.Item label={t('engineering.anomaly.fields.conclusion')} span={{ xs: 1, md: 2, xl: 3 }}>
                {a.conclusion}
              </Descriptions.Item>
            </>
          )}
        </Descriptions>
      </Card>
      <Card size="small" style={{ marginTop: 12 }}>
        <Tabs
          items={[
            {
              key: 'reports',
              label: (
                <span data-testid="anomaly-reports-tab">
                  {t('engineering.anomaly.reports')} {a.reports.length > 0 && <Tag>{a.reports.length}</Tag>}
                </span>
              ),
              children: <Reports a={a} />,
            },
            {
              key: 'communications',
              label: <span data-testid="anomaly-communications-tab">{t('engineering.common.communications')}</span>,
              children: <LinkedCommunications type="anomaly" id={a.id} />,
            },
            {
              key: 'history',
              label: <span data-testid="history-tab">{t('engineering.common.history')}</span>,
              children: <HistoryPanel type="anomaly" id={a.id} />,
            },
          ]}
        />
      </Card>
      <ReportModal a={a} open={dialog === 'report'} onClose={() => setDialog(null)} onReload={reload} />
      <CloseModal a={a} open={dialog === 'close'} onClose={() => setDialog(null)} onReload={reload} />
      <LinkComplaintModal a={a} open={dialog === 'complaint'} onClose={() => setDialog(null)} onReload={reload} />
    </>
  );
}

function Reports({ a }: { a: TAnomaly }) {
  const t = useT();
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={a.reports}
      data-testid="anomaly-reports"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('engineering.anomaly.noReports')} /> }}
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
          width: 180,
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
