import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Result,
  Row,
  Select,
  Skeleton,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { ApartmentOutlined, BranchesOutlined, EditOutlined, PhoneOutlined, PrinterOutlined, ShoppingCartOutlined, WarningOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { HistoryPanel } from '../platform/HistoryPanel.js';
import { DateTime } from '../platform/DateTime.js';
import { NONE } from '../platform/format.js';
import { ProcedurePanel, useInstances } from '../procedures/index.js';
import { useCommunicationList, ChannelTag, DirectionTag } from '../communications/index.js';
import { ActionItemsPanel } from '../actions/index.js';
import { quotationKeys, usePriceHistory, useQuotation, type TPriceHistory, type TQuotation, type TQuotationLine } from './api.js';
import { money, QuotationStatusTag } from './labels.js';
import { FollowUpModal, OrderFromQuotationModal, ReviseModal } from './QuotationDialogs.js';

type Dialog = 'follow-up' | 'revise' | 'order' | null;

function LinesTab({ q }: { q: TQuotation }) {
  const t = useT();
  const seePrices = q.lines.some((l) => l.unitPrice !== undefined);
  const columns: TableColumnsType<TQuotationLine> = [
    { title: t('quotation.line.no'), dataIndex: 'lineNo', width: 48 },
    {
      title: t('quotation.line.model'),
      key: 'model',
      width: 170,
      render: (_, l) => (
        <Flex gap={4} align="center" wrap>
          <Typography.Text strong>{l.model}</Typography.Text>
          {!l.productId && <Tag color="orange">{t('quotation.line.freeText')}</Tag>}
          {l.priceChanged && (
            <Tooltip title={t('quotation.line.priceChangedHint', { number: l.executed?.number ?? '' })}>
              <Tag color="red" icon={<WarningOutlined />} data-testid="line-price-changed">
                {t('quotation.line.priceChanged')}
              </Tag>
            </Tooltip>
          )}
        </Flex>
      ),
    },
    { title: t('quotation.line.description'), dataIndex: 'description', render: (v: string | null) => v ?? NONE },
    {
      title: t('quotation.line.quantity'),
      key: 'q',
      width: 110,
      align: 'right',
      render: (_, l) => (l.quantity ? `${l.quantity.toLocaleString()} ${l.unit}` : NONE),
    },
    ...(seePrices
      ? ([
          {
            title: t('quotation.line.unitPrice'),
            key: 'price',
            width: 110,
            align: 'right',
            render: (_: unknown, l: TQuotationLine) => <span data-testid="line-unit-price">{money(l.unitPrice, q.currency)}</span>,
          },
          {
            title: t('quotation.line.breaks'),
            key: 'breaks',
            width: 170,
            render: (_: unknown, l: TQuotationLine) =>
              l.breaks.length
                ? l.breaks.map((b) => (
                    <div key={b.minQuantity}>
                      ≥ {b.minQuantity.toLocaleString()}: {money(b.unitPrice)}
                    </div>
                  ))
                : NONE,
          },
          {
            title: t('quotation.line.discount'),
            key: 'discount',
            width: 70,
            align: 'right',
            render: (_: unknown, l: TQuotationLine) => (l.discount == null ? NONE : `${l.discount}%`),
          },
          { title: t('quotation.line.cost'), key: 'cost', width: 90, align: 'right', render: (_: unknown, l: TQuotationLine) => money(l.cost) },
          {
            title: t('quotation.line.executed'),
            key: 'exec',
            width: 140,
            render: (_: unknown, l: TQuotationLine) => (l.executed ? `${money(l.executed.price)} (${l.executed.number})` : NONE),
          },
          { title: t('quotation.line.amount'), key: 'amount', width: 120, align: 'right', render: (_: unknown, l: TQuotationLine) => money(l.lineAmount) },
        ] as TableColumnsType<TQuotationLine>)
      : []),
  ];
  return (
    <Flex vertical gap={8}>
      {!seePrices && <Alert type="info" showIcon title={t('quotation.pricesHidden')} data-testid="prices-hidden" />}
      <Table<TQuotationLine>
        size="small"
        rowKey="id"
        pagination={false}
        columns={columns}
        dataSource={q.lines}
        tableLayout="fixed"
        data-testid="quotation-lines"
      />
      {seePrices && q.totalAmount != null && (
        <Typography.Text strong style={{ alignSelf: 'flex-end' }} data-testid="quotation-total">
          {t('quotation.fields.total')}: {money(q.totalAmount, q.currency)}
        </Typography.Text>
      )}
    </Flex>
  );
}

function FollowUpsTab({ q, canWrite, onRecord }: { q: TQuotation; canWrite: boolean; onRecord(): void }) {
  const t = useT();
  // follow-ups are recorded at the steps that open them (procedures/quotation: sent)
  const { data } = useInstances('quotation', q.id);
  const open = !!data?.items.find((i) => i.procedureId === 'quotation')?.view.editable.includes('followUps');
  return (
    <Flex vertical gap={8}>
      {open && (
        <Alert
          type={q.followUpDue && q.followUpDue <= new Date().toISOString().slice(0, 10) ? 'warning' : 'info'}
          showIcon
          title={t('quotation.followUp.due', { date: q.followUpDue ?? NONE })}
          action={
            canWrite && (
              <Button type="primary" icon={<PhoneOutlined />} onClick={onRecord} data-testid="follow-up-open">
                {t('quotation.followUp.record')}
              </Button>
            )
          }
          data-testid="follow-up-due"
        />
      )}
      {!q.followUps.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('quotation.followUp.empty')} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={q.followUps}
          data-testid="follow-up-list"
          columns={[
            { title: t('quotation.followUp.at'), dataIndex: 'followedAt', width: 150, render: (v: string) => <DateTime value={v} /> },
            {
              title: t('quotation.followUp.channel'),
              dataIndex: 'channel',
              width: 100,
              render: (v: TQuotation['followUps'][number]['channel']) => <ChannelTag channel={v} />,
            },
            { title: t('quotation.followUp.content'), dataIndex: 'content' },
            { title: t('quotation.followUp.result'), dataIndex: 'result' },
            {
              title: t('quotation.followUp.onTime'),
              key: 'onTime',
              width: 130,
              render: (_: unknown, f: TQuotation['followUps'][number]) => (
                <Tag color={f.onTime ? 'success' : 'error'}>
                  {f.onTime ? t('quotation.followUp.inTime') : t('quotation.followUp.late')}
                  {f.dueDate ? ` (${f.dueDate})` : ''}
                </Tag>
              ),
            },
            { title: t('quotation.followUp.by'), dataIndex: 'byName', width: 100 },
            {
              title: '',
              key: 'c',
              width: 40,
              render: (_: unknown, f: TQuotation['followUps'][number]) => <Link to={`/communications/${f.communicationId}`}>↗</Link>,
            },
          ]}
        />
      )}
    </Flex>
  );
}

function RevisionsTab({ q }: { q: TQuotation }) {
  const t = useT();
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={q.revisions}
      data-testid="revision-list"
      columns={[
        {
          title: t('quotation.fields.revision'),
          dataIndex: 'revision',
          width: 90,
          render: (v: number, r: { id: string }) =>
            r.id === q.id ? <Typography.Text strong>R{v}</Typography.Text> : <Link to={`/quotations/${r.id}`}>R{v}</Link>,
        },
        { title: t('quotation.fields.status'), dataIndex: 'status', render: (v: string | null) => <QuotationStatusTag status={v} /> },
        { title: t('quotation.fields.createdAt'), dataIndex: 'createdAt', render: (v: string) => <DateTime value={v} /> },
      ]}
    />
  );
}

function PriceHistoryTab({ q }: { q: TQuotation }) {
  const t = useT();
  const models = [...new Set(q.lines.map((l) => l.model))];
  const [model, setModel] = useState(models[0]);
  const { data, isLoading } = usePriceHistory(q.partyId, model);
  const seePrices = data?.items.some((i) => i.unitPrice !== undefined);
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} align="center">
        <Typography.Text>{t('quotation.line.model')}</Typography.Text>
        <Select
          value={model}
          onChange={setModel}
          style={{ width: 220 }}
          options={models.map((m) => ({ value: m, label: m }))}
          data-testid="price-history-model"
        />
      </Flex>
      <Table<TPriceHistory['items'][number]>
        size="small"
        rowKey="quotationId"
        loading={isLoading}
        pagination={false}
        dataSource={data?.items}
        data-testid="price-history"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('quotation.history.empty')} /> }}
        columns={[
          {
            title: t('quotation.fields.number'),
            key: 'n',
            width: 150,
            render: (_: unknown, r: { quotationId: string; number: string; revision: number }) => (
              <Link to={`/quotations/${r.quotationId}`}>
                {r.number} R{r.revision}
              </Link>
            ),
          },
          { title: t('quotation.fields.issueDate'), dataIndex: 'issueDate', width: 110 },
          ...(seePrices
            ? [
                {
                  title: t('quotation.line.unitPrice'),
                  key: 'p',
                  width: 120,
                  align: 'right' as const,
                  render: (_: unknown, r: { unitPrice?: number | null; currency: string }) => money(r.unitPrice, r.currency),
                },
              ]
            : []),
          { title: t('quotation.fields.status'), dataIndex: 'status', width: 170, render: (v: string | null) => <QuotationStatusTag status={v} /> },
          {
            title: t('quotation.fields.approvedBy'),
            key: 'a',
            width: 200,
            render: (_: unknown, r: { approvedByName: string | null; approvedAt: string | null }) => (
              <span>
                {r.approvedByName} · <DateTime value={r.approvedAt} />
              </span>
            ),
          },
          { title: t('quotation.fields.priceChangeReason'), dataIndex: 'priceChangeReason', render: (v: string | null) => v ?? NONE },
        ]}
      />
    </Flex>
  );
}

function TimelineTab({ q }: { q: TQuotation }) {
  const t = useT();
  const { data, isLoading } = useCommunicationList({ linkType: 'quotation', linkId: q.id, pageSize: 100 });
  if (isLoading) return <Skeleton active />;
  const items = data?.items ?? [];
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('quotation.timelineEmpty')} />;
  return (
    <Flex vertical gap={10} data-testid="quotation-timeline">
      {items.map((c) => (
        <div key={c.id} data-testid="quotation-timeline-item">
          <Flex gap={6} align="center" wrap>
            <DirectionTag direction={c.direction} />
            <ChannelTag channel={c.channel} />
            <Link to={`/communications/${c.id}`}>
              {c.number} · {c.subject}
            </Link>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <DateTime value={c.occurredAt} /> · {c.ourUserName}
            </Typography.Text>
          </Flex>
          <Typography.Paragraph className="pre-wrap" ellipsis={{ rows: 3, expandable: 'collapsible' }} style={{ margin: '4px 0 0' }}>
            {c.content}
          </Typography.Paragraph>
          {c.result && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              → {c.result}
            </Typography.Text>
          )}
        </div>
      ))}
    </Flex>
  );
}

export function QuotationDetailPage() {
  const { id } = useParams<{ id: string }>();
  const t = useT();
  const can = useCan();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [dialog, setDialog] = useState<Dialog>(null);
  const { data: q, isLoading, error } = useQuotation(id);
  const { data: instances } = useInstances('quotation', id);
  const instance = instances?.items.find((i) => i.procedureId === 'quotation');
  useEffect(() => {
    if (instance && q && instance.state !== q.status && id) void qc.invalidateQueries({ queryKey: quotationKeys.one(id) });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [instance?.state, instance?.version]);
  if (isLoading) return <Skeleton active />;
  if (error || !q) {
    if (isApiError(error) && (error.status === 404 || error.status === 400))
      return <Result status="404" title={t('quotation.notFound')} extra={<Link to="/quotations">{t('quotation.nav')}</Link>} />;
    return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  }
  const canWrite = can('quotations.write') && !q.voided;
  // what the quotation's current step opens (procedures/quotation `view:`): lines in draft, a revision once approved or sent
  const editable = (panel: 'lines' | 'revision' | 'followUps') => instance?.status === 'open' && instance.view.editable.includes(panel);
  const tab = params.get('tab') ?? 'lines';
  const close = () => setDialog(null);
  const changed = q.lines.filter((l) => l.priceChanged);
  return (
    <>
      <PageHeader
        back="/quotations"
        title={
          <span>
            <span data-testid="quotation-number">{q.number}</span> R{q.revision} · {q.partyName}
          </span>
        }
        tags={
          <>
            <QuotationStatusTag status={q.status} />
            {q.voided && <Tag color="error">{t('common.voided')}</Tag>}
          </>
        }
        extra={
          <>
            <Link to="/procedures/quotation">
              <Button icon={<ApartmentOutlined />}>{t('quotation.flowchart')}</Button>
            </Link>
            <Link to={`/quotations/${q.id}/print`} target="_blank" data-testid="quotation-print">
              <Button icon={<PrinterOutlined />}>{t('quotation.print')}</Button>
            </Link>
            {canWrite && editable('lines') && (
              <Button type="primary" icon={<EditOutlined />} onClick={() => navigate(`/quotations/${q.id}/edit`)} data-testid="quotation-edit">
                {t('common.edit')}
              </Button>
            )}
            {canWrite && editable('revision') && (
              <Button icon={<BranchesOutlined />} onClick={() => setDialog('revise')} data-testid="quotation-revise">
                {t('quotation.revise.open')}
              </Button>
            )}
            {canWrite && q.result === 'accepted' && !q.orderId && can('orders.write') && (
              <Button type="primary" icon={<ShoppingCartOutlined />} onClick={() => setDialog('order')} data-testid="quotation-order">
                {t('quotation.order.open')}
              </Button>
            )}
          </>
        }
      />
      {!q.customerAccepted && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          title={t('quotation.newCustomerWarning')}
          action={<Link to={`/customers/${q.partyId}`}>{t('quotation.openCustomer')}</Link>}
          data-testid="quotation-new-customer"
        />
      )}
      {changed.length > 0 && (
        <Alert
          type={q.priceChangeReason ? 'info' : 'warning'}
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="quotation-price-change"
          title={
            q.priceChangeReason
              ? t('quotation.priceChangeWithReason', { reason: q.priceChangeReason })
              : t('quotation.priceChangeNeedsReason', { lines: changed.map((l) => l.lineNo).join('、') })
          }
        />
      )}
      <Row gutter={12}>
        <Col xs={24} lg={14}>
          <Card size="small">
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                {
                  key: 'party',
                  label: t('quotation.fields.party'),
                  children: (
                    <Link to={`/customers/${q.partyId}`}>
                      {q.partyCode} · {q.partyName}
                    </Link>
                  ),
                },
                { key: 'contact', label: t('quotation.fields.contact'), children: q.contactName ?? NONE },
                {
                  key: 'request',
                  label: t('quotation.fields.request'),
                  children: q.requestCommunicationId ? <Link to={`/communications/${q.requestCommunicationId}`}>{q.requestNumber}</Link> : NONE,
                },
                { key: 'requestAt', label: t('quotation.fields.requestAt'), children: <DateTime value={q.requestAt} /> },
                { key: 'issue', label: t('quotation.fields.issueDate'), children: q.issueDate },
                { key: 'valid', label: t('quotation.fields.validUntil'), children: q.validUntil },
                { key: 'currency', label: t('quotation.fields.currency'), children: q.currency },
                { key: 'sales', label: t('quotation.fields.salesperson'), children: q.salespersonName ?? NONE },
                {
                  key: 'approved',
                  label: t('quotation.fields.approvedBy'),
                  children: q.approvedAt ? (
                    <span data-testid="quotation-approved-by">
                      {q.approvedByName} · <DateTime value={q.approvedAt} />
                    </span>
                  ) : (
                    NONE
                  ),
                },
                { key: 'sent', label: t('quotation.fields.sentAt'), children: q.sentAt ? <DateTime value={q.sentAt} /> : NONE },
                { key: 'age', label: t('quotation.fields.age'), children: t('quotation.days', { n: q.ageDays }) },
                {
                  key: 'fu',
                  label: t('quotation.fields.followUpDue'),
                  children: q.followUpDue ? <span data-testid="quotation-follow-up-due-date">{q.followUpDue}</span> : NONE,
                },
                ...(q.result
                  ? [
                      {
                        key: 'result',
                        label: t('quotation.fields.result'),
                        children: (
                          <span data-testid="quotation-result">
                            {t(`quotation.results.${q.result}`)}
                            {q.resultReason ? `: ${q.resultReason}` : ''}
                          </span>
                        ),
                      },
                    ]
                  : []),
                ...(q.orderId
                  ? [
                      {
                        key: 'order',
                        label: t('quotation.fields.order'),
                        children: (
                          <Link to={`/orders/${q.orderId}`} data-testid="quotation-order-link">
                            {q.orderNumber}
                          </Link>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small">
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'terms', label: t('quotation.fields.terms'), children: <span className="pre-wrap">{q.terms ?? NONE}</span> },
                { key: 'notes', label: t('quotation.fields.notes'), children: <span className="pre-wrap">{q.notes ?? NONE}</span> },
                { key: 'reason', label: t('quotation.fields.priceChangeReason'), children: q.priceChangeReason ?? NONE },
                { key: 'version', label: t('quotation.fields.version'), children: `v${q.version}` },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <div style={{ margin: '12px 0' }}>
        <ProcedurePanel refType="quotation" refId={q.id} defaultChannel="email" />
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'lines' ? {} : { tab: k }, { replace: true })}
        items={[
          {
            key: 'lines',
            label: (
              <span data-testid="lines-tab">
                {t('quotation.tabs.lines')} <Tag style={{ marginInlineStart: 4 }}>{q.lines.length}</Tag>
              </span>
            ),
            children: <LinesTab q={q} />,
          },
          {
            key: 'follow-ups',
            label: (
              <span data-testid="follow-ups-tab">
                {t('quotation.tabs.followUps')} {q.followUpCount > 0 && <Tag style={{ marginInlineStart: 4 }}>{q.followUpCount}</Tag>}
              </span>
            ),
            children: <FollowUpsTab q={q} canWrite={canWrite} onRecord={() => setDialog('follow-up')} />,
          },
          {
            key: 'revisions',
            label: (
              <span data-testid="revisions-tab">
                {t('quotation.tabs.revisions')} <Tag style={{ marginInlineStart: 4 }}>{q.revisions.length}</Tag>
              </span>
            ),
            children: <RevisionsTab q={q} />,
          },
          { key: 'prices', label: <span data-testid="price-history-tab">{t('quotation.tabs.priceHistory')}</span>, children: <PriceHistoryTab q={q} /> },
          { key: 'timeline', label: <span data-testid="timeline-tab">{t('quotation.tabs.timeline')}</span>, children: <TimelineTab q={q} /> },
          {
            key: 'actions',
            label: <span data-testid="actions-tab">{t('nav.actions')}</span>,
            children: (
              <Card size="small">
                <ActionItemsPanel sourceType="quotation" sourceId={q.id} readOnly={q.voided} />
              </Card>
            ),
          },
          {
            key: 'history',
            label: <span data-testid="history-tab">{t('quotation.tabs.history')}</span>,
            children: (
              <Card size="small">
                <HistoryPanel type="quotation" id={q.id} />
              </Card>
            ),
          },
        ]}
      />
      <FollowUpModal q={q} open={dialog === 'follow-up'} onClose={close} />
      <ReviseModal
        q={q}
        open={dialog === 'revise'}
        onClose={close}
        onDone={(newId) => {
          close();
          navigate(`/quotations/${newId}`);
        }}
      />
      <OrderFromQuotationModal q={q} open={dialog === 'order'} onClose={close} />
    </>
  );
}
