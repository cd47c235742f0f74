import { lazy, Suspense, useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Dropdown,
  Empty,
  Flex,
  Result,
  Row,
  Skeleton,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import {
  ApartmentOutlined,
  CheckCircleFilled,
  CloseCircleFilled,
  EditOutlined,
  ExclamationCircleOutlined,
  MinusCircleOutlined,
  PaperClipOutlined,
  PlusOutlined,
  PrinterOutlined,
  QuestionCircleOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../api/client.js';
import { useLocalized, useT, useTryT } from '../i18n/index.js';
import { useCan, useDepartmentName } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { HistoryPanel } from '../platform/HistoryPanel.js';
import { DateTime } from '../platform/DateTime.js';
import { NONE, fmtDateTime } from '../platform/format.js';
import { WrapTabs } from '../platform/WrapTabs.js';
import { ProcedurePanel, useInstances } from '../procedures/index.js';
import { AttachmentList, useCommunicationList, ChannelTag, DirectionTag } from '../communications/index.js';
import { orderKeys, useOrder, type TClarification, type TOrder, type TOrderLine } from './api.js';
import { FormTag, OrderStatusTag, TypeTag } from './labels.js';
import { useStepSignoffs, type StepSignoffs } from './signoffs.js';
import { QuotePriceAlert, QuotePriceTag } from '../quotations/index.js';
import { CsrNotice } from '../registers/index.js';
import { OrderComplaints } from '../complaints/index.js';

// fetched when first opened: the edit drawer and the dialogs (forms, date pickers, uploads), the outsourcing tab, the action items
const OrderDialogHost = lazy(() => import('./OrderDialogHost.js').then((m) => ({ default: m.OrderDialogHost })));
const ActionItemsPanel = lazy(() => import('../actions/ActionItemsPanel.js').then((m) => ({ default: m.ActionItemsPanel })));
// the records of order procedure v3 (statutory checklist, order confirmation, task sheets): on the review and delivery tabs
const StatutoryChecklist = lazy(() => import('./OrderSeedRecords.js').then((m) => ({ default: m.StatutoryChecklist })));
const OrderConfirmationCard = lazy(() => import('./OrderSeedRecords.js').then((m) => ({ default: m.OrderConfirmationCard })));
const ProductionPlan = lazy(() => import('./OrderSeedRecords.js').then((m) => ({ default: m.ProductionPlan })));
const CuttingSheetsTab = lazy(() => import('../outsourcing/CuttingSheetsTab.js').then((m) => ({ default: m.CuttingSheetsTab })));
const OrderEngineeringPanel = lazy(() => import('../engineering/RecordPanels.js').then((m) => ({ default: m.OrderEngineeringPanel })));

type OrderPanel = 'lines' | 'reviewMeeting' | 'reviewWaiver' | 'deliveryPlan' | 'deliveryChanges' | 'shipments' | 'statutory';
/**
 * The panels the order's current step opens for editing: the step's `view` in procedures/order (carried by
 * the procedure instance; the same query as the procedure panel's, so no extra request).
 */
function useEditable(order: TOrder) {
  const { data } = useInstances('order', order.id);
  const view = data?.items.find((i) => i.procedureId === 'order')?.view;
  return (panel: OrderPanel) => !order.closed && !!view?.editable.includes(panel);
}

export type OrderDialog =
  | { kind: 'edit' | 'override' | 'ask' | 'written' | 'plan' | 'ship' | 'confirm' | 'acceptance' | 'waiver' | 'meeting' }
  | { kind: 'answer'; clarification: TClarification }
  | { kind: 'change'; line: TOrderLine }
  | { kind: 'ack'; change: TOrder['deliveryChanges'][number] }
  | { kind: 'statutory'; item: TOrder['statutory'][number] }
  | null;

function LinesTab({ order, onChange }: { order: TOrder; onChange?: (l: TOrderLine) => void }) {
  const t = useT();
  const tt = useTryT();
  const canSeePrices = order.lines.some((l) => l.unitPrice !== undefined);
  const columns: TableColumnsType<TOrderLine> = [
    { title: t('order.line.no'), dataIndex: 'lineNo', width: 48 },
    {
      title: t('order.line.model'),
      key: 'model',
      width: 170,
      render: (_, l) => (
        <Flex vertical gap={2}>
          <Flex gap={4} align="center" wrap>
            <Typography.Text strong>{l.model}</Typography.Text>
            {!l.inBom && <Tag color="orange">{t('product.notInBomTag')}</Tag>}
            <QuotePriceTag orderId={order.id} lineId={l.id} />
          </Flex>
          {l.unclear && (
            <Tooltip title={l.unclearNote}>
              <Tag color="warning" icon={<QuestionCircleOutlined />} data-testid="line-unclear">
                {t('order.line.unclearTag')}
              </Tag>
            </Tooltip>
          )}
        </Flex>
      ),
    },
    { title: t('order.line.spec'), dataIndex: 'spec', width: 120, render: (v: string | null) => v ?? NONE },
    { title: t('order.line.quantity'), key: 'q', width: 100, align: 'right', render: (_, l) => `${l.quantity.toLocaleString()} ${l.unit}` },
    { title: t('order.line.requestedDate'), dataIndex: 'requestedDate', width: 110 },
    {
      title: t('order.line.details'),
      key: 'req',
      render: (_, l) => (
        <Flex vertical gap={0} style={{ fontSize: 12 }}>
          {l.use && (
            <span>
              {t('order.line.use')}: {l.use}
            </span>
          )}
          {l.qualityStandard && (
            <span>
              {t('order.line.qualityStandard')}: {l.qualityStandard}
            </span>
          )}
          {l.hsfRequirement && (
            <span>
              {t('order.line.hsfRequirement')}: {l.hsfRequirement}
            </span>
          )}
          {l.acceptanceBasis && l.acceptanceBasis !== 'standard' && (
            <span>
              {t('order.line.acceptanceBasis')}: {t(`order.acceptance.${l.acceptanceBasis}`)}
            </span>
          )}
          {l.specialRequirements && (
            <Typography.Text type="warning" style={{ fontSize: 12 }}>
              {t('order.line.specialRequirements')}: {l.specialRequirements}
            </Typography.Text>
          )}
          {l.unclear && l.unclearNote && (
            <Typography.Text type="warning" style={{ fontSize: 12 }}>
              <QuestionCircleOutlined /> {l.unclearNote}
            </Typography.Text>
          )}
          {l.previous && l.previous.differences.length > 0 && (
            <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid="line-differences">
              <SwapOutlined />{' '}
              {t('order.line.differsFrom', {
                number: l.previous.orderNumber,
                fields: l.previous.differences.map((d) => tt(`order.differences.${d}`) ?? d).join('、'),
              })}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    ...(canSeePrices
      ? [
          {
            title: t('order.line.unitPrice'),
            key: 'price',
            width: 110,
            align: 'right' as const,
            render: (_: unknown, l: TOrderLine) => (l.unitPrice == null ? NONE : `${l.unitPrice} ${l.currency}`),
          },
        ]
      : []),
    { title: t('order.line.plannedDate'), dataIndex: 'plannedDate', width: 110, render: (v: string | null) => v ?? NONE },
    { title: t('order.line.shipped'), dataIndex: 'shippedQuantity', width: 80, align: 'right', render: (v: number) => v.toLocaleString() },
    ...(onChange
      ? [
          {
            title: '',
            key: 'act',
            width: 90,
            render: (_: unknown, l: TOrderLine) =>
              l.plannedDate && (
                <Button size="small" onClick={() => onChange(l)} data-testid={`line-change-date-${l.lineNo}`}>
                  {t('order.plan.change')}
                </Button>
              ),
          },
        ]
      : []),
  ];
  return (
    <Table<TOrderLine>
      size="small"
      rowKey="id"
      pagination={false}
      columns={columns}
      dataSource={order.lines}
      tableLayout="fixed"
      data-testid="order-lines"
      rowClassName={(l) => (l.unclear ? 'order-line-unclear' : '')}
      onRow={(l) => ({ style: l.unclear ? { background: '#fffbe6' } : undefined })}
    />
  );
}

function ClarificationsTab({
  order,
  canWrite,
  onAsk,
  onAnswer,
  onEdit,
}: {
  order: TOrder;
  canWrite: boolean;
  onAsk(): void;
  onAnswer(c: TClarification): void;
  onEdit(): void;
}) {
  const t = useT();
  const unclear = order.lines.filter((l) => l.unclear).map((l) => l.lineNo);
  return (
    <Flex vertical gap={8}>
      {order.openClarifications > 0 && <Alert type="warning" showIcon title={t('order.clar.openBlocks', { n: order.openClarifications })} />}
      {unclear.length > 0 && <Alert type="warning" showIcon title={t('order.clar.unclearLines', { lines: unclear.join('、') })} />}
      {canWrite && (
        <Flex gap={8}>
          <Button type="primary" icon={<QuestionCircleOutlined />} onClick={onAsk} data-testid="clarification-ask-open">
            {t('order.clar.ask')}
          </Button>
        </Flex>
      )}
      {!order.clarifications.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('order.clar.empty')} />
      ) : (
        <Flex vertical gap={8} data-testid="clarification-list">
          {order.clarifications.map((c) => (
            <Card key={c.id} size="small" data-testid="clarification" data-status={c.status}>
              <Flex justify="space-between" align="start" gap={8} wrap>
                <Flex vertical gap={4} style={{ minWidth: 0, flex: 1 }}>
                  <Flex gap={6} align="center" wrap>
                    <Tag color={c.status === 'open' ? 'warning' : 'success'}>{c.status === 'open' ? t('order.clar.open') : t('order.clar.resolved')}</Tag>
                    <Tag>{c.lineNo ? `${t('order.line.no')} ${c.lineNo}` : t('order.clar.wholeOrder')}</Tag>
                    <ChannelTag channel={c.channel} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('order.clar.askedBy', { name: c.askedByName ?? NONE, at: fmtDateTime(c.askedAt) })}
                      {c.contactName ? ` → ${c.contactName}` : ''}
                    </Typography.Text>
                  </Flex>
                  <Typography.Paragraph className="pre-wrap" style={{ margin: 0 }}>
                    <Typography.Text type="secondary">{t('order.clar.question')}: </Typography.Text>
                    {c.question}
                    {c.askCommunicationId && (
                      <Link to={`/communications/${c.askCommunicationId}`} style={{ marginInlineStart: 6 }}>
                        ↗
                      </Link>
                    )}
                  </Typography.Paragraph>
                  {c.answer && (
                    <Typography.Paragraph className="pre-wrap" style={{ margin: 0 }} data-testid="clarification-answer-shown">
                      <Typography.Text type="secondary">{t('order.clar.answer')}: </Typography.Text>
                      {c.answer}{' '}
                      <Typography.Text
                        type="secondary"
                        style={{ fontSize: 12 }}
                        data-testid="clarification-answer-channel-shown"
                        data-channel={c.answerChannel ?? ''}
                      >
                        ({t('order.clar.answerChannel')}: {c.answerChannel ? t(`enums.channel.${c.answerChannel}`) : NONE} · {fmtDateTime(c.answeredAt)})
                      </Typography.Text>
                      {c.answerCommunicationId && (
                        <Link to={`/communications/${c.answerCommunicationId}`} style={{ marginInlineStart: 6 }}>
                          ↗
                        </Link>
                      )}
                    </Typography.Paragraph>
                  )}
                  {c.decision && (
                    <Typography.Paragraph className="pre-wrap" style={{ margin: 0 }}>
                      <Typography.Text type="secondary">{t('order.clar.decision')}: </Typography.Text>
                      <Typography.Text strong>{c.decision}</Typography.Text>
                    </Typography.Paragraph>
                  )}
                </Flex>
                {c.status === 'open' && canWrite && (
                  <Button type="primary" onClick={() => onAnswer(c)} data-testid="clarification-answer-open">
                    {t('order.clar.record')}
                  </Button>
                )}
              </Flex>
            </Card>
          ))}
          {canWrite && order.clarifications.some((c) => c.status === 'resolved') && (
            <Flex gap={8} align="center">
              <Typography.Text type="secondary">{t('order.clar.applyHint')}</Typography.Text>
              <Button size="small" icon={<EditOutlined />} onClick={onEdit} data-testid="clarification-edit-order">
                {t('common.edit')}
              </Button>
            </Flex>
          )}
        </Flex>
      )}
    </Flex>
  );
}

/** Who signed (opinion, comment, when) and who has not — review or production notice receipts. */
export function SignoffTable({ data, testId }: { data: StepSignoffs; testId: string }) {
  const t = useT();
  const deptName = useDepartmentName();
  const icon = (opinion: string | undefined) =>
    opinion === 'accept' ? (
      <CheckCircleFilled style={{ color: '#389e0d' }} />
    ) : opinion === 'conditional' ? (
      <ExclamationCircleOutlined style={{ color: '#d48806' }} />
    ) : opinion === 'reject' ? (
      <CloseCircleFilled style={{ color: '#cf1322' }} />
    ) : (
      <MinusCircleOutlined style={{ color: '#bfbfbf' }} />
    );
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="d"
      data-testid={testId}
      dataSource={data.departments.map((d) => ({ d, s: data.signed.get(d) }))}
      onRow={(r) => ({ 'data-department': r.d, 'data-opinion': r.s?.opinion ?? '' }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        {
          title: t('recordTypes.department'),
          key: 'dept',
          width: 180,
          render: (_: unknown, r: { d: string; s?: StepSignoffs['signed'] extends Map<string, infer S> ? S : never }) => (
            <Flex gap={6} align="center">
              {icon(r.s?.opinion)}
              <Typography.Text strong>{deptName(r.d)}</Typography.Text>
            </Flex>
          ),
        },
        {
          title: t('procedure.signoff.opinion'),
          key: 'op',
          width: 130,
          render: (_: unknown, r: { s?: { opinion: string } }) =>
            r.s ? (
              <Tag color={r.s.opinion === 'accept' ? 'success' : r.s.opinion === 'reject' ? 'error' : 'warning'}>
                {t(`enums.opinion.${r.s.opinion as 'accept'}`)}
              </Tag>
            ) : (
              <Typography.Text type="secondary">{t('order.review.waiting')}</Typography.Text>
            ),
        },
        { title: t('procedure.signoff.comment'), key: 'c', render: (_: unknown, r: { s?: { comment: string | null } }) => r.s?.comment ?? '' },
        {
          title: t('order.review.signedBy'),
          key: 'who',
          width: 220,
          render: (_: unknown, r: { s?: { userName: string | null; at: string } }) =>
            r.s && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.s.userName} · <DateTime value={r.s.at} />
              </Typography.Text>
            ),
        },
      ]}
    />
  );
}

/** A major contract: why it is one, and its review meeting (minutes on file) [QC 3.3]. */
function MajorContract({ order, canRecord, onRecord }: { order: TOrder; canRecord: boolean; onRecord(): void }) {
  const t = useT();
  const loc = useLocalized();
  if (!order.major && !order.reviewMeeting) return null;
  const m = order.reviewMeeting;
  return (
    <Card size="small" data-testid="major-contract" style={{ marginBottom: 12 }}>
      <Flex justify="space-between" align="start" gap={12} wrap>
        <div>
          <Typography.Text strong>{t('order.meeting.major')}</Typography.Text>
          {order.major?.reasons.map((r, i) => (
            <div key={i}>
              <Typography.Text type="secondary">· {loc(r)}</Typography.Text>
            </div>
          ))}
        </div>
        {canRecord && (
          <Button onClick={onRecord} data-testid="meeting-open">
            {m ? t('order.meeting.edit') : t('order.meeting.record')}
          </Button>
        )}
      </Flex>
      {m ? (
        <Descriptions size="small" column={1} style={{ marginTop: 8 }} data-testid="meeting-record">
          <Descriptions.Item label={t('order.meeting.heldAt')}>{fmtDateTime(m.at)}</Descriptions.Item>
          <Descriptions.Item label={t('order.meeting.attendees')}>{m.attendees}</Descriptions.Item>
          <Descriptions.Item label={t('order.meeting.minutes')}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{m.minutes}</span>
          </Descriptions.Item>
          {m.attachmentIds.length > 0 && (
            <Descriptions.Item label={t('order.meeting.document')}>
              <AttachmentList items={order.attachments.filter((a) => m.attachmentIds.includes(a.id))} />
            </Descriptions.Item>
          )}
        </Descriptions>
      ) : (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {t('order.meeting.none')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

function ReviewTab({ order }: { order: TOrder }) {
  const t = useT();
  const { data, approval, isLoading } = useStepSignoffs(order.id, ['contract-review', 'continuous-review']);
  if (isLoading) return <Skeleton active />;
  if (!data || !data.reached) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('order.review.notYet')} />;
  return (
    <Flex vertical gap={8}>
      <QuotePriceAlert orderId={order.id} />
      <Typography.Text strong>
        {data.stepId === 'continuous-review' ? t('order.review.continuousTitle') : t('order.review.title')}{' '}
        {data.round > 1 && <Tag>{t('order.review.round', { n: data.round })}</Tag>}
      </Typography.Text>
      <SignoffTable data={data} testId="review-signoffs" />
      <Typography.Text type={approval ? 'success' : 'secondary'} data-testid="review-approval">
        {approval ? t('order.review.approvedBy', { name: approval.name ?? NONE, at: fmtDateTime(approval.at) }) : t('order.review.notApproved')}
      </Typography.Text>
    </Flex>
  );
}

function NoticeTab({ order }: { order: TOrder }) {
  const t = useT();
  const { data, isLoading } = useStepSignoffs(order.id, ['notice-acknowledgement']);
  if (isLoading) return <Skeleton active />;
  if (!data || !data.reached) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('order.notice.notIssued')} />;
  return (
    <Flex vertical gap={8}>
      <Alert type="info" showIcon title={t('order.notice.hint')} />
      <Typography.Text strong data-testid="notice-count">
        {t('order.notice.signed', { n: data.signed.size, total: data.departments.length })}
      </Typography.Text>
      <SignoffTable data={data} testId="notice-signoffs" />
    </Flex>
  );
}

/** The plan reported to the VP and signed for by the departments (v2 of the order procedure) [CR 5.5]. */
function PlanAcknowledgements({ order }: { order: TOrder }) {
  const t = useT();
  const { data } = useStepSignoffs(order.id, ['plan-acknowledgement']);
  if (!data?.reached) return null;
  return (
    <>
      <Typography.Text strong>{t('order.plan.acknowledgements', { n: data.signed.size, total: data.departments.length })}</Typography.Text>
      <SignoffTable data={data} testId="plan-signoffs" />
    </>
  );
}

function DeliveryTab({
  order,
  canWrite,
  onPlan,
  onChange,
  onAck,
}: {
  order: TOrder;
  canWrite: boolean;
  onPlan(): void;
  onChange(l: TOrderLine): void;
  onAck(c: TOrder['deliveryChanges'][number]): void;
}) {
  const t = useT();
  const editable = useEditable(order);
  const hasPlan = order.deliveryPlanRevision > 0;
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} align="center" wrap>
        <Typography.Text strong>{t('order.plan.title')}</Typography.Text>
        {hasPlan ? (
          <Tag color="blue" data-testid="plan-revision">
            {t('order.plan.revision', { n: order.deliveryPlanRevision })}
          </Tag>
        ) : (
          <Typography.Text type="secondary">{t('order.plan.noPlan')}</Typography.Text>
        )}
        <div style={{ flex: 1 }} />
        {canWrite && editable('deliveryPlan') && (
          <Button type="primary" onClick={onPlan} data-testid="plan-open">
            {t('order.plan.set')}
          </Button>
        )}
      </Flex>
      {!hasPlan && !editable('deliveryPlan') && <Typography.Text type="secondary">{t('order.plan.editable')}</Typography.Text>}
      <LinesTab order={order} onChange={canWrite && editable('deliveryChanges') ? onChange : undefined} />
      <PlanAcknowledgements order={order} />
      {(order.taskSheets.length > 0 || order.status === 'task-sheet') && (
        <Suspense fallback={<Skeleton active />}>
          <ProductionPlan order={order} />
        </Suspense>
      )}
      <Typography.Text strong>{t('order.plan.changes')}</Typography.Text>
      {!order.deliveryChanges.length ? (
        <Typography.Text type="secondary">{t('order.plan.noChanges')}</Typography.Text>
      ) : (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={order.deliveryChanges}
          data-testid="delivery-changes"
          columns={[
            { title: t('order.plan.line'), dataIndex: 'lineNo', width: 50 },
            { title: '#', dataIndex: 'revision', width: 40 },
            { title: t('order.plan.oldDate'), dataIndex: 'oldDate', width: 110 },
            { title: t('order.plan.newDate'), dataIndex: 'newDate', width: 110, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
            {
              title: t('order.plan.reason'),
              key: 'r',
              render: (_: unknown, c: TOrder['deliveryChanges'][number]) => `${t(`order.changeReasons.${c.reason}`)}${c.reasonNote ? `：${c.reasonNote}` : ''}`,
            },
            { title: t('order.plan.approvedBy'), dataIndex: 'approvedByName', width: 100 },
            {
              title: t('order.plan.acknowledged'),
              key: 'ack',
              width: 190,
              render: (_: unknown, c: TOrder['deliveryChanges'][number]) =>
                c.acknowledged ? (
                  <Tag color="success" data-testid="change-acknowledged">
                    {t('order.plan.acknowledged')} {c.customerAckAt ? fmtDateTime(c.customerAckAt).slice(5) : ''}
                  </Tag>
                ) : canWrite ? (
                  <Button size="small" type="primary" onClick={() => onAck(c)} data-testid="change-ack-open">
                    {t('order.plan.acknowledge')}
                  </Button>
                ) : (
                  <Tag color="warning">{t('order.plan.waitingAck')}</Tag>
                ),
            },
          ]}
        />
      )}
    </Flex>
  );
}

function ShipmentsTab({ order, canWrite, onShip, onWritten }: { order: TOrder; canWrite: boolean; onShip(): void; onWritten(): void }) {
  const t = useT();
  const editable = useEditable(order);
  const blocked = order.form === 'oral' && !order.writtenOrderOnFile;
  const unacked = order.deliveryChanges.some((c) => !c.acknowledged);
  return (
    <Flex vertical gap={12}>
      {blocked && (
        <Alert
          type="error"
          showIcon
          data-testid="oral-blocked"
          title={t('order.ship.oralBlocked')}
          description={t('order.ship.oralBlockedHint')}
          action={
            canWrite && (
              <Button danger icon={<PaperClipOutlined />} onClick={onWritten} data-testid="written-order-open">
                {t('order.ship.attachWritten')}
              </Button>
            )
          }
        />
      )}
      {unacked && <Alert type="warning" showIcon title={t('order.ship.ackMissing')} />}
      {canWrite && editable('shipments') && (
        <Flex>
          <Button type="primary" icon={<PlusOutlined />} onClick={onShip} disabled={blocked} data-testid="shipment-open">
            {t('order.ship.record')}
          </Button>
        </Flex>
      )}
      {!order.shipments.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('order.ship.empty')} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={order.shipments}
          data-testid="shipment-table"
          columns={[
            { title: t('order.line.no'), dataIndex: 'lineNo', width: 50 },
            {
              title: t('order.line.model'),
              key: 'm',
              render: (_: unknown, s: TOrder['shipments'][number]) => order.lines.find((l) => l.id === s.lineId)?.model ?? NONE,
            },
            { title: t('order.line.quantity'), dataIndex: 'quantity', width: 100, align: 'right' as const },
            { title: t('order.ship.shippedAt'), dataIndex: 'shippedAt', width: 150, render: (v: string) => <DateTime value={v} /> },
            { title: t('order.ship.note'), dataIndex: 'note', render: (v: string | null) => v ?? NONE },
            { title: t('order.fields.createdBy'), dataIndex: 'createdByName', width: 100 },
          ]}
        />
      )}
    </Flex>
  );
}

function TimelineTab({ order }: { order: TOrder }) {
  const t = useT();
  const { data, isLoading } = useCommunicationList({ linkType: 'order', linkId: order.id, pageSize: 100 });
  if (isLoading) return <Skeleton active />;
  const items = data?.items ?? [];
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('order.timeline.empty')} />;
  return (
    <Flex vertical gap={10} data-testid="order-timeline">
      {items.map((c) => (
        <div key={c.id} data-testid="order-timeline-item">
          <Flex gap={6} align="center" wrap>
            <DirectionTag direction={c.direction} />
            <ChannelTag channel={c.channel} />
            <Link to={`/communications/${c.id}`}>
              {c.number} · {c.subject}
            </Link>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <DateTime value={c.occurredAt} /> · {c.ourUserName}
              {c.contactName ? ` · ${c.contactName}` : ''}
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

function Summary(props: {
  order: TOrder;
  canClassify: boolean;
  onOverride(): void;
  onConfirm(): void;
  onAcceptance(): void;
  onWaiver(): void;
  canWrite: boolean;
}) {
  const { order, canClassify, onOverride, onConfirm, canWrite } = props;
  const t = useT();
  const loc = useLocalized();
  const editableAt = useEditable(order);
  const editable = editableAt('lines');
  const sampleLines = order.lines.filter((l) => l.acceptanceBasis && l.acceptanceBasis !== 'standard').map((l) => l.lineNo);
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} lg={14}>
        <Card
          size="small"
          title={
            <Flex gap={8} align="center">
              {t('order.fields.type')}: <TypeTag type={order.type} overridden={!!order.classificationOverride} />
            </Flex>
          }
          extra={
            canClassify &&
            editable && (
              <Button size="small" icon={<SwapOutlined />} onClick={onOverride} data-testid="order-override-open">
                {t('order.override')}
              </Button>
            )
          }
          style={{ height: '100%' }}
        >
          <Typography.Text type="secondary">{t('order.typeReasons')}:</Typography.Text>
          <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }} data-testid="order-type-reasons">
            {order.classificationReasons.map((r, i) => (
              <li key={i}>{loc(r.text)}</li>
            ))}
          </ul>
          {order.classificationOverride && (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 8 }}
              data-testid="order-override-info"
              title={t('order.overriddenBy', {
                name: order.classificationOverride.byName ?? NONE,
                type: t(`order.types.${order.classificationOverride.type}`),
                reason: order.classificationOverride.reason,
              })}
              description={`${t('order.computedWas', { type: t(`order.types.${order.computedType}`) })} · ${fmtDateTime(order.classificationOverride.at)}`}
            />
          )}
          {order.form === 'oral' && (
            <Alert
              type={order.requirementsConfirmedAt ? 'success' : 'warning'}
              showIcon
              style={{ marginTop: 8 }}
              data-testid="oral-requirements"
              title={
                order.requirementsConfirmedAt ? t('order.oral.confirmed', { at: fmtDateTime(order.requirementsConfirmedAt) }) : t('order.oral.notConfirmed')
              }
              action={
                !order.requirementsConfirmedAt &&
                canWrite &&
                !order.closed && (
                  <Button size="small" onClick={onConfirm} data-testid="requirements-confirm-open">
                    {t('order.oral.confirm')}
                  </Button>
                )
              }
            />
          )}
          {sampleLines.length > 0 && (
            <Alert
              type={order.acceptanceConfirmedAt ? 'success' : 'warning'}
              showIcon
              style={{ marginTop: 8 }}
              data-testid="acceptance-status"
              title={
                order.acceptanceConfirmedAt
                  ? t('order.acceptance.confirmed', { at: fmtDateTime(order.acceptanceConfirmedAt) })
                  : t('order.acceptance.needed', { lines: sampleLines.join('、') })
              }
              action={
                !order.acceptanceConfirmedAt &&
                canWrite &&
                editable && (
                  <Button size="small" onClick={props.onAcceptance} data-testid="acceptance-confirm-open">
                    {t('order.acceptance.confirm')}
                  </Button>
                )
              }
            />
          )}
          {order.reviewWaiver && (
            <Alert
              type="info"
              showIcon
              style={{ marginTop: 8 }}
              data-testid="waiver-info"
              title={t('order.waiver.onFile', { at: fmtDateTime(order.reviewWaiver.at), note: order.reviewWaiver.note })}
            />
          )}
          {!order.reviewWaiver && canWrite && editableAt('reviewWaiver') && (
            <Button type="link" size="small" style={{ paddingInline: 0, marginTop: 8 }} onClick={props.onWaiver} data-testid="waiver-open">
              {t('order.waiver.open')}
            </Button>
          )}
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card size="small">
          <Descriptions
            size="small"
            column={1}
            items={[
              {
                key: 'party',
                label: t('order.fields.party'),
                children: (
                  <Link to={`/customers/${order.partyId}`} data-testid="order-party">
                    {order.partyCode} · {order.partyName}
                  </Link>
                ),
              },
              { key: 'po', label: t('order.fields.customerPo'), children: <span data-testid="order-po-text">{order.customerPo ?? NONE}</span> },
              { key: 'contact', label: t('order.fields.contact'), children: order.contactName ?? NONE },
              { key: 'date', label: t('order.fields.orderDate'), children: order.orderDate },
              {
                key: 'recv',
                label: t('order.fields.receivedAt'),
                children: (
                  <span>
                    <DateTime value={order.receivedAt} /> · {order.receiverName}
                  </span>
                ),
              },
              {
                key: 'written',
                label: t('order.fields.writtenOrder'),
                children: order.writtenOrderOnFile ? (
                  <Tag color="success">{t('order.ship.writtenOnFile')}</Tag>
                ) : (
                  <Tag color="error" data-testid="written-missing">
                    {t('order.ship.writtenMissing')}
                  </Tag>
                ),
              },
              { key: 'reviewed', label: t('order.fields.reviewedAt'), children: <DateTime value={order.reviewedAt} /> },
              ...(order.notes ? [{ key: 'notes', label: t('order.fields.notes'), children: <span className="pre-wrap">{order.notes}</span> }] : []),
              { key: 'version', label: t('order.fields.version'), children: `v${order.version}` },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}

export function OrderDetailPage() {
  const { id } = useParams<{ id: string }>();
  const t = useT();
  const can = useCan();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [dialog, setDialog] = useState<OrderDialog>(null);
  // once a dialog has been opened the host stays mounted (closing animates as before)
  const [dialogsWanted, setDialogsWanted] = useState(false);
  if (dialog && !dialogsWanted) setDialogsWanted(true);
  const { data: order, isLoading, error, refetch } = useOrder(id);
  const { data: instances } = useInstances('order', id);
  const instance = instances?.items.find((i) => i.procedureId === 'order');
  // a move on the procedure (panel) changes the order's status and what may be done to it
  useEffect(() => {
    if (instance && order && (instance.state !== order.status || instance.status === 'closed') && id)
      void qc.invalidateQueries({ queryKey: orderKeys.one(id) });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [instance?.state, instance?.version]);
  if (isLoading) return <Skeleton active />;
  if (error || !order) {
    if (isApiError(error) && (error.status === 404 || error.status === 400))
      return <Result status="404" title={t('order.notFound')} extra={<Link to="/orders">{t('order.nav')}</Link>} />;
    return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  }
  const reload = () => void refetch();
  const canWrite = can('orders.write') && !order.voided;
  const view = instance?.status === 'open' ? instance.view : undefined;
  const editable = canWrite && !!view?.editable.includes('lines');
  const tab = params.get('tab') ?? 'lines';
  const close = () => setDialog(null);
  const unclearCount = order.lines.filter((l) => l.unclear).length;
  // the review exists once the order has left the steps where it is still written (intake, clarification)
  const hasReview = order.status !== null && !!instance && !instance.view.editable.includes('lines');
  return (
    <>
      <PageHeader
        back="/orders"
        title={
          <span>
            <span data-testid="order-number">{order.number}</span> · {order.partyName}
          </span>
        }
        subtitle={order.customerPo ? `PO ${order.customerPo}` : undefined}
        tags={
          <>
            <FormTag form={order.form} />
            <TypeTag type={order.type} reasons={order.classificationReasons} overridden={!!order.classificationOverride} />
            <OrderStatusTag status={order.status} closed={order.closed} />
            {order.voided && <Tag color="error">{t('common.voided')}</Tag>}
          </>
        }
        extra={
          <>
            <Link to="/procedures/order">
              <Button icon={<ApartmentOutlined />} data-testid="order-flowchart">
                {t('order.flowchart')}
              </Button>
            </Link>
            <Dropdown
              menu={{
                items: [
                  {
                    key: 'review',
                    label: (
                      <Link to={`/orders/${order.id}/print/review`} target="_blank" data-testid="print-review">
                        {t('order.printForms.review')}
                      </Link>
                    ),
                  },
                  {
                    key: 'notice',
                    label: (
                      <Link to={`/orders/${order.id}/print/notice`} target="_blank" data-testid="print-notice">
                        {t('order.printForms.notice')}
                      </Link>
                    ),
                  },
                  {
                    key: 'plan',
                    label: (
                      <Link to={`/orders/${order.id}/print/delivery-plan`} target="_blank" data-testid="print-delivery-plan">
                        {t('order.printForms.deliveryPlan')}
                      </Link>
                    ),
                  },
                  ...(order.taskSheets.length
                    ? [
                        {
                          key: 'task-sheet',
                          label: (
                            <Link to={`/orders/${order.id}/print/task-sheet`} target="_blank" data-testid="print-task-sheet">
                              {t('order.printForms.taskSheet')}
                            </Link>
                          ),
                        },
                      ]
                    : []),
                ],
              }}
            >
              <Button icon={<PrinterOutlined />} data-testid="order-print">
                {t('order.print')}
              </Button>
            </Dropdown>
            {editable && (
              <Button type="primary" icon={<EditOutlined />} onClick={() => setDialog({ kind: 'edit' })} data-testid="order-edit">
                {t('common.edit')}
              </Button>
            )}
          </>
        }
      />
      <Summary
        order={order}
        canClassify={can('orders.classify')}
        canWrite={canWrite}
        onOverride={() => setDialog({ kind: 'override' })}
        onConfirm={() => setDialog({ kind: 'confirm' })}
        onAcceptance={() => setDialog({ kind: 'acceptance' })}
        onWaiver={() => setDialog({ kind: 'waiver' })}
      />
      <div style={{ margin: '12px 0' }}>
        <ProcedurePanel refType="order" refId={order.id} />
      </div>
      <WrapTabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'lines' ? {} : { tab: k }, { replace: true })}
        items={[
          {
            key: 'lines',
            label: (
              <span data-testid="lines-tab">
                {t('order.tabs.lines')} <Tag style={{ marginInlineStart: 4 }}>{order.lines.length}</Tag>
                {unclearCount > 0 && <Tag color="warning">{unclearCount}</Tag>}
              </span>
            ),
            children: <LinesTab order={order} />,
          },
          {
            key: 'clarifications',
            label: (
              <span data-testid="clarifications-tab">
                {t('order.tabs.clarifications')}{' '}
                {order.openClarifications > 0 && (
                  <Tag color="warning" style={{ marginInlineStart: 4 }}>
                    {order.openClarifications}
                  </Tag>
                )}
              </span>
            ),
            children: (
              <ClarificationsTab
                order={order}
                canWrite={editable}
                onAsk={() => setDialog({ kind: 'ask' })}
                onAnswer={(c) => setDialog({ kind: 'answer', clarification: c })}
                onEdit={() => setDialog({ kind: 'edit' })}
              />
            ),
          },
          {
            key: 'review',
            label: <span data-testid="review-tab">{t('order.tabs.review')}</span>,
            children: (
              <>
                <div style={{ marginBottom: 8 }}>
                  <CsrNotice partyId={order.partyId} />
                </div>
                <MajorContract
                  order={order}
                  canRecord={canWrite && !order.closed && !!view?.editable.includes('reviewMeeting')}
                  onRecord={() => setDialog({ kind: 'meeting' })}
                />
                {(order.statutory.some((x) => x.applicable !== null) || !!view?.editable.includes('statutory')) && (
                  <Card size="small" style={{ marginBottom: 8 }}>
                    <Suspense fallback={<Skeleton active />}>
                      <StatutoryChecklist
                        order={order}
                        onEdit={
                          canWrite && !order.closed && view?.editable.includes('statutory') ? (item) => setDialog({ kind: 'statutory', item }) : undefined
                        }
                      />
                    </Suspense>
                  </Card>
                )}
                {hasReview ? <ReviewTab order={order} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('order.review.notYet')} />}
                {(!!order.confirmation || order.status === 'order-confirmation') && (
                  <Card size="small" style={{ marginTop: 8 }}>
                    <Suspense fallback={<Skeleton active />}>
                      <OrderConfirmationCard order={order} />
                    </Suspense>
                  </Card>
                )}
              </>
            ),
          },
          { key: 'notice', label: <span data-testid="notice-tab">{t('order.tabs.notice')}</span>, children: <NoticeTab order={order} /> },
          {
            key: 'delivery',
            label: <span data-testid="delivery-tab">{t('order.tabs.delivery')}</span>,
            children: (
              <DeliveryTab
                order={order}
                canWrite={canWrite}
                onPlan={() => setDialog({ kind: 'plan' })}
                onChange={(l) => setDialog({ kind: 'change', line: l })}
                onAck={(c) => setDialog({ kind: 'ack', change: c })}
              />
            ),
          },
          {
            key: 'shipments',
            label: (
              <span data-testid="shipments-tab">
                {t('order.tabs.shipments')}{' '}
                {order.form === 'oral' && !order.writtenOrderOnFile && (
                  <Tag color="error" style={{ marginInlineStart: 4 }}>
                    !
                  </Tag>
                )}
              </span>
            ),
            children: (
              <ShipmentsTab order={order} canWrite={canWrite} onShip={() => setDialog({ kind: 'ship' })} onWritten={() => setDialog({ kind: 'written' })} />
            ),
          },
          {
            key: 'outsourcing',
            label: <span data-testid="outsourcing-tab">{t('outsourcing.sheet.tab')}</span>,
            children: (
              <Suspense fallback={<Skeleton active />}>
                <CuttingSheetsTab order={order} canWrite={canWrite} />
              </Suspense>
            ),
          },
          ...(can('engineering.read')
            ? [
                {
                  key: 'engineering',
                  label: <span data-testid="engineering-tab">{t('engineering.tab')}</span>,
                  children: (
                    <Suspense fallback={<Skeleton active />}>
                      <OrderEngineeringPanel orderId={order.id} partyId={order.partyId} readOnly={order.voided} />
                    </Suspense>
                  ),
                },
              ]
            : []),
          ...(can('complaints.read')
            ? [
                {
                  key: 'complaints',
                  label: <span data-testid="complaints-tab">{t('complaint.nav')}</span>,
                  children: (
                    <Card size="small">
                      <OrderComplaints orderId={order.id} />
                    </Card>
                  ),
                },
              ]
            : []),
          { key: 'timeline', label: <span data-testid="timeline-tab">{t('order.tabs.timeline')}</span>, children: <TimelineTab order={order} /> },
          {
            key: 'attachments',
            label: (
              <span data-testid="attachments-tab">
                {t('order.tabs.attachments')} <Tag style={{ marginInlineStart: 4 }}>{order.attachments.length}</Tag>
              </span>
            ),
            children: (
              <Card size="small">
                <AttachmentList items={order.attachments} />
              </Card>
            ),
          },
          {
            key: 'actions',
            label: <span data-testid="actions-tab">{t('nav.actions')}</span>,
            children: (
              <Card size="small">
                <Suspense fallback={<Skeleton active />}>
                  <ActionItemsPanel sourceType="order" sourceId={order.id} readOnly={order.voided} />
                </Suspense>
              </Card>
            ),
          },
          {
            key: 'history',
            label: <span data-testid="history-tab">{t('order.tabs.history')}</span>,
            children: (
              <Card size="small">
                <HistoryPanel type="order" id={order.id} />
              </Card>
            ),
          },
        ]}
      />
      {dialogsWanted && (
        <Suspense fallback={null}>
          <OrderDialogHost order={order} dialog={dialog} onClose={close} onReload={reload} />
        </Suspense>
      )}
    </>
  );
}
