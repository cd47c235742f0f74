import { Checkbox, DatePicker, Form, Input, InputNumber, Radio, Select, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import {
  AcknowledgeDeliveryChangeRequest,
  AnswerClarificationRequest,
  AttachWrittenOrderRequest,
  ConfirmRequirementsRequest,
  ConfirmAcceptanceStandardRequest,
  RecordReviewWaiverRequest,
  RecordReviewMeetingRequest,
  CreateClarificationRequest,
  CreateDeliveryChangeRequest,
  OverrideClassificationRequest,
  RecordShipmentRequest,
  deliveryChangeReasons,
  orderTypes,
  SetStatutoryItemRequest,
  statutoryApplicability,
  statutoryItemNames,
} from '../../../contracts/orders.js';
import { channels } from '../../../contracts/parties.js';
import { useLocalized, useT } from '../i18n/index.js';
import { useFeatureT } from '../i18n/feature.js';
import { seedWords } from './seed-words.js';
import { channelIcons, AttachmentUpload, type TAttachment } from '../communications/index.js';
import { useCustomer } from '../parties/index.js';
import { UserSelect } from '../platform/UserSelect.js';
import { maxLengthOf, rulesFor, toRequest } from '../platform/zodRule.js';
import {
  useAcknowledgeChange,
  useAnswerClarification,
  useAskClarification,
  useAttachWrittenOrder,
  useChangeDelivery,
  useConfirmRequirements,
  useConfirmAcceptance,
  useRecordWaiver,
  useRecordReviewMeeting,
  useOverrideClassification,
  useRecordShipment,
  useSetDeliveryPlan,
  useSetStatutoryItem,
  type TClarification,
  type TOrder,
  type TOrderLine,
} from './api.js';

import { FormModal as OrderModal } from '../platform/FormModal.js';

const iso = (d: unknown) => (dayjs.isDayjs(d) ? (d as Dayjs).toISOString() : d);
export const civil = (d: unknown) => (dayjs.isDayjs(d) ? (d as Dayjs).format('YYYY-MM-DD') : d);
const nowMinute = () => dayjs().second(0).millisecond(0);
export const required = (t: ReturnType<typeof useT>) => [{ required: true, message: t('form.required') }];

export function ChannelSelect(props: { value?: string; onChange?: (v: string) => void; testId: string; allowClear?: boolean }) {
  const t = useT();
  return (
    <Select
      value={props.value}
      onChange={props.onChange}
      allowClear={props.allowClear}
      options={channels.map((c) => ({
        value: c,
        label: (
          <span>
            {channelIcons[c]} {t(`enums.channel.${c}`)}
          </span>
        ),
      }))}
      data-testid={props.testId}
    />
  );
}

function ContactSelect(props: { partyId: string; value?: string | null; onChange?: (v: string | null) => void; testId: string }) {
  const { data } = useCustomer(props.partyId);
  const contacts = (data?.contacts ?? []).filter((c) => !c.voided);
  return (
    <Select
      value={props.value ?? undefined}
      onChange={(v) => props.onChange?.(v ?? null)}
      allowClear
      options={contacts.map((c) => ({ value: c.id, label: c.title ? `${c.name} (${c.title})` : c.name }))}
      data-testid={props.testId}
    />
  );
}

function WhenPicker(props: { value?: Dayjs; onChange?: (v: Dayjs | null) => void; testId: string }) {
  return (
    <DatePicker
      value={props.value}
      onChange={(v) => props.onChange?.(v)}
      showTime={{ format: 'HH:mm' }}
      format="YYYY-MM-DD HH:mm"
      style={{ width: '100%' }}
      allowClear={false}
      disabledDate={(d) => d.isAfter(dayjs().endOf('day'))}
      data-testid={props.testId}
    />
  );
}

export const lineLabel = (l: TOrderLine) => `${l.lineNo}. ${l.model}${l.spec ? ` ${l.spec}` : ''} × ${l.quantity}`;

interface Common {
  order: TOrder;
  open: boolean;
  onClose(): void;
  onReload(): void;
}

/** 向客户澄清: a question about the order or a line, to whom, how — logged as a communication. */
export function AskClarificationModal({ order, open, onClose, onReload, lineId }: Common & { lineId?: string | null }) {
  const t = useT();
  const ask = useAskClarification(order.id);
  const rules = rulesFor(CreateClarificationRequest);
  const firstUnclear = order.lines.find((l) => l.unclear);
  return (
    <OrderModal
      open={open}
      title={t('order.clar.askTitle')}
      okText={t('order.clar.ask')}
      testId="clarification-ask"
      hint={t('order.clar.askHint')}
      pending={ask.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({
        lineId: lineId !== undefined ? lineId : (firstUnclear?.id ?? null),
        contactId: order.contactId,
        channel: order.form === 'email' ? 'email' : order.form === 'fax' ? 'fax' : 'phone',
        askedAt: nowMinute(),
        question: firstUnclear?.unclearNote ?? undefined,
      })}
      onSubmit={(v) => ask.mutateAsync(toRequest(CreateClarificationRequest, { ...v, askedAt: iso(v.askedAt) }))}
    >
      {() => (
        <>
          <Form.Item name="lineId" label={t('order.clar.line')}>
            <Select
              options={[
                { value: null as unknown as string, label: t('order.clar.wholeOrder') },
                ...order.lines.map((l) => ({ value: l.id, label: lineLabel(l) })),
              ]}
              data-testid="clarification-line"
            />
          </Form.Item>
          <Form.Item name="contactId" label={t('order.clar.contact')}>
            <ContactSelect partyId={order.partyId} testId="clarification-contact" />
          </Form.Item>
          <Form.Item name="channel" label={t('order.clar.channel')} rules={rules.channel}>
            <ChannelSelect testId="clarification-channel" />
          </Form.Item>
          <Form.Item name="askedAt" label={t('order.clar.askedAt')} rules={required(t)}>
            <WhenPicker testId="clarification-asked-at" />
          </Form.Item>
          <Form.Item name="question" label={t('order.clar.question')} rules={rules.question}>
            <Input.TextArea
              autoFocus
              autoSize={{ minRows: 3, maxRows: 10 }}
              maxLength={maxLengthOf(CreateClarificationRequest.shape.question)}
              data-testid="clarification-question"
            />
          </Form.Item>
        </>
      )}
    </OrderModal>
  );
}

/** 记录客户答复: the answer and what we decided — an incoming communication; the line's unclear mark clears. */
export function AnswerClarificationModal({ order, clarification, onClose, onReload }: Omit<Common, 'open'> & { clarification: TClarification | null }) {
  const t = useT();
  const answer = useAnswerClarification(order.id);
  const rules = rulesFor(AnswerClarificationRequest);
  return (
    <OrderModal
      open={!!clarification}
      title={t('order.clar.answerTitle')}
      okText={t('order.clar.record')}
      testId="clarification-answer"
      hint={t('order.clar.answerHint')}
      pending={answer.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({ answeredAt: nowMinute(), channel: clarification?.channel })}
      onSubmit={(v) =>
        answer.mutateAsync({
          ...toRequest(AnswerClarificationRequest, { ...v, version: clarification!.version, answeredAt: iso(v.answeredAt) }),
          clarificationId: clarification!.id,
        })
      }
    >
      {() => (
        <>
          {clarification && (
            <Typography.Paragraph type="secondary" className="pre-wrap">
              {clarification.lineNo ? `${t('order.line.no')} ${clarification.lineNo} · ` : ''}
              {clarification.question}
            </Typography.Paragraph>
          )}
          <Form.Item name="answer" label={t('order.clar.answer')} rules={rules.answer}>
            <Input.TextArea
              autoFocus
              autoSize={{ minRows: 3, maxRows: 10 }}
              maxLength={maxLengthOf(AnswerClarificationRequest.shape.answer)}
              data-testid="clarification-answer-text"
            />
          </Form.Item>
          <Form.Item name="decision" label={t('order.clar.decision')} rules={rules.decision}>
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 8 }}
              maxLength={maxLengthOf(AnswerClarificationRequest.shape.decision)}
              data-testid="clarification-decision"
            />
          </Form.Item>
          <Form.Item name="channel" label={t('order.clar.answerChannel')} rules={required(t)}>
            <ChannelSelect testId="clarification-answer-channel" />
          </Form.Item>
          <Form.Item name="answeredAt" label={t('order.clar.answeredAt')} rules={required(t)}>
            <WhenPicker testId="clarification-answered-at" />
          </Form.Item>
        </>
      )}
    </OrderModal>
  );
}

/** 更改分类: contract ↔ continuous, with a reason (managers). */
export function OverrideModal({ order, open, onClose, onReload }: Common) {
  const t = useT();
  const override = useOverrideClassification(order.id);
  const rules = rulesFor(OverrideClassificationRequest);
  return (
    <OrderModal
      open={open}
      title={t('order.overrideTitle')}
      testId="order-override"
      hint={t('order.overrideHint')}
      pending={override.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({ type: order.type === 'contract' ? 'continuous' : 'contract' })}
      onSubmit={(v) => override.mutateAsync(toRequest(OverrideClassificationRequest, { ...v, version: order.version }))}
    >
      {() => (
        <>
          <Form.Item name="type" label={t('order.newType')} rules={rules.type}>
            <Select options={orderTypes.map((x) => ({ value: x, label: t(`order.types.${x}`) }))} data-testid="order-override-type" />
          </Form.Item>
          <Form.Item name="reason" label={t('common.reason')} rules={rules.reason}>
            <Input.TextArea
              autoFocus
              rows={3}
              maxLength={maxLengthOf(OverrideClassificationRequest.shape.reason)}
              showCount
              data-testid="order-override-reason"
            />
          </Form.Item>
        </>
      )}
    </OrderModal>
  );
}

/** 补登书面订单: the written order that backs an oral one (SP 6.1.2). */
export function WrittenOrderModal({ order, open, onClose, onReload }: Common) {
  const t = useT();
  const attach = useAttachWrittenOrder(order.id);
  return (
    <OrderModal
      open={open}
      title={t('order.ship.attachWrittenTitle')}
      testId="written-order"
      hint={t('order.ship.oralBlockedHint')}
      pending={attach.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({ attachments: [] })}
      onSubmit={(v) =>
        attach.mutateAsync(
          toRequest(AttachWrittenOrderRequest, {
            version: order.version,
            note: v.note,
            attachmentIds: ((v.attachments as TAttachment[] | undefined) ?? []).map((a) => a.id),
          }),
        )
      }
    >
      {() => (
        <>
          <Form.Item
            name="attachments"
            label={t('order.fields.attachments')}
            valuePropName="value"
            rules={[{ required: true, type: 'array', min: 1, message: t('form.required') }]}
          >
            <AttachmentUpload testId="written-order-upload" />
          </Form.Item>
          <Form.Item name="note" label={t('order.ship.writtenNote')}>
            <Input maxLength={maxLengthOf(AttachWrittenOrderRequest.shape.note)} data-testid="written-order-note" />
          </Form.Item>
        </>
      )}
    </OrderModal>
  );
}

/** 口头订单：向客户复述确认要求 — recorded as a communication. */
export function ConfirmRequirementsModal({ order, open, onClose, onReload }: Common) {
  const t = useT();
  const confirm = useConfirmRequirements(order.id);
  const rules = rulesFor(ConfirmRequirementsRequest);
  return (
    <OrderModal
      open={open}
      title={t('order.oral.confirmTitle')}
      testId="requirements-confirm"
      hint={t('order.oral.confirmHint')}
      pending={confirm.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({ channel: 'phone', contactId: order.contactId, confirmedAt: nowMinute() })}
      onSubmit={(v) => confirm.mutateAsync(toRequest(ConfirmRequirementsRequest, { ...v, version: order.version, confirmedAt: iso(v.confirmedAt) }))}
    >
      {() => (
        <>
          <Form.Item name="contactId" label={t('order.clar.contact')}>
            <ContactSelect partyId={order.partyId} testId="requirements-contact" />
          </Form.Item>
          <Form.Item name="channel" label={t('order.clar.channel')} rules={rules.channel}>
            <ChannelSelect testId="requirements-channel" />
          </Form.Item>
          <Form.Item name="confirmedAt" label={t('order.oral.confirmedAt')} rules={required(t)}>
            <WhenPicker testId="requirements-confirmed-at" />
          </Form.Item>
          <Form.Item name="content" label={t('order.oral.content')} rules={rules.content}>
            <Input.TextArea
              autoFocus
              autoSize={{ minRows: 3, maxRows: 10 }}
              maxLength={maxLengthOf(ConfirmRequirementsRequest.shape.content)}
              data-testid="requirements-content"
            />
          </Form.Item>
        </>
      )}
    </OrderModal>
  );
}

/** 交货计划: a planned date per line. */
export function DeliveryPlanModal({ order, open, onClose, onReload }: Common) {
  const t = useT();
  const setPlan = useSetDeliveryPlan(order.id);
  return (
    <OrderModal
      open={open}
      title={t('order.plan.setTitle')}
      testId="delivery-plan"
      hint={t('order.plan.setHint')}
      width={720}
      pending={setPlan.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({ lines: order.lines.map((l) => ({ lineId: l.id, plannedDate: dayjs(l.plannedDate ?? l.requestedDate) })) })}
      onSubmit={(v) =>
        setPlan.mutateAsync({
          version: order.version,
          lines: (v.lines as { lineId: string; plannedDate: Dayjs }[]).map((l) => ({ lineId: l.lineId, plannedDate: civil(l.plannedDate) as string })),
        })
      }
    >
      {() => (
        <Table
          size="small"
          pagination={false}
          rowKey="id"
          dataSource={order.lines}
          columns={[
            { title: t('order.line.no'), dataIndex: 'lineNo', width: 50 },
            { title: t('order.line.model'), key: 'm', render: (_: unknown, l: TOrderLine) => `${l.model}${l.spec ? ` · ${l.spec}` : ''}` },
            { title: t('order.line.quantity'), dataIndex: 'quantity', width: 90, align: 'right' as const },
            { title: t('order.line.requestedDate'), dataIndex: 'requestedDate', width: 110 },
            {
              title: t('order.line.plannedDate'),
              key: 'p',
              width: 170,
              render: (_: unknown, l: TOrderLine, i: number) => (
                <>
                  <Form.Item name={['lines', i, 'lineId']} hidden>
                    <Input />
                  </Form.Item>
                  <Form.Item name={['lines', i, 'plannedDate']} rules={required(t)} style={{ margin: 0 }}>
                    <DatePicker allowClear={false} disabledDate={(d) => d.isBefore(dayjs(order.orderDate), 'day')} data-testid={`plan-line-${l.lineNo}`} />
                  </Form.Item>
                </>
              ),
            },
          ]}
        />
      )}
    </OrderModal>
  );
}

/** 交期变更: new date, reason, internal approver, what the customer was told. */
export function DeliveryChangeModal({ order, line, onClose, onReload }: Omit<Common, 'open'> & { line: TOrderLine | null }) {
  const t = useT();
  const change = useChangeDelivery(order.id);
  const rules = rulesFor(CreateDeliveryChangeRequest);
  const shape = CreateDeliveryChangeRequest.shape;
  return (
    <OrderModal
      open={!!line}
      title={t('order.plan.changeTitle', { line: line?.lineNo ?? '' })}
      testId="delivery-change"
      hint={t('order.plan.changeHint')}
      width={640}
      pending={change.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({ reason: 'customer-request', channel: 'phone', contactId: order.contactId, toldCustomerAt: nowMinute() })}
      onSubmit={(v) =>
        change.mutateAsync(
          toRequest(CreateDeliveryChangeRequest, {
            ...v,
            version: order.version,
            lineId: line!.id,
            newDate: civil(v.newDate),
            toldCustomerAt: iso(v.toldCustomerAt),
          }),
        )
      }
    >
      {() => (
        <>
          <Typography.Paragraph>
            {line && lineLabel(line)} · {t('order.plan.oldDate')}: <Typography.Text strong>{line?.plannedDate}</Typography.Text>
          </Typography.Paragraph>
          <Form.Item name="newDate" label={t('order.plan.newDate')} rules={required(t)}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(order.orderDate), 'day')} data-testid="delivery-change-date" />
          </Form.Item>
          <Form.Item name="reason" label={t('order.plan.reason')} rules={rules.reason}>
            <Select options={deliveryChangeReasons.map((r) => ({ value: r, label: t(`order.changeReasons.${r}`) }))} data-testid="delivery-change-reason" />
          </Form.Item>
          <Form.Item name="reasonNote" label={t('order.plan.reasonNote')} rules={rules.reasonNote}>
            <Input maxLength={maxLengthOf(shape.reasonNote)} data-testid="delivery-change-note" />
          </Form.Item>
          <Form.Item name="approverId" label={t('order.plan.approver')} rules={rules.approverId}>
            <UserSelect data-testid="delivery-change-approver" />
          </Form.Item>
          <Form.Item name="channel" label={t('order.plan.channel')} rules={rules.channel}>
            <ChannelSelect testId="delivery-change-channel" />
          </Form.Item>
          <Form.Item name="contactId" label={t('order.plan.contact')}>
            <ContactSelect partyId={order.partyId} testId="delivery-change-contact" />
          </Form.Item>
          <Form.Item name="toldCustomerAt" label={t('order.plan.toldAt')} rules={required(t)}>
            <WhenPicker testId="delivery-change-told-at" />
          </Form.Item>
          <Form.Item name="message" label={t('order.plan.message')} rules={rules.message}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={maxLengthOf(shape.message)} data-testid="delivery-change-message" />
          </Form.Item>
        </>
      )}
    </OrderModal>
  );
}

/** 客户确认交期变更. */
export function AcknowledgeChangeModal({ order, change, onClose, onReload }: Omit<Common, 'open'> & { change: TOrder['deliveryChanges'][number] | null }) {
  const t = useT();
  const ack = useAcknowledgeChange(order.id);
  const rules = rulesFor(AcknowledgeDeliveryChangeRequest);
  return (
    <OrderModal
      open={!!change}
      title={t('order.plan.ackTitle')}
      testId="delivery-ack"
      pending={ack.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({ channel: 'phone', acknowledgedAt: nowMinute() })}
      onSubmit={(v) =>
        ack.mutateAsync({
          ...toRequest(AcknowledgeDeliveryChangeRequest, { ...v, version: change!.version, acknowledgedAt: iso(v.acknowledgedAt) }),
          changeId: change!.id,
        })
      }
    >
      {() => (
        <>
          {change && (
            <Typography.Paragraph>
              {t('order.line.no')} {change.lineNo}: {change.oldDate} → <Typography.Text strong>{change.newDate}</Typography.Text>
            </Typography.Paragraph>
          )}
          <Form.Item name="channel" label={t('order.clar.channel')} rules={rules.channel}>
            <ChannelSelect testId="delivery-ack-channel" />
          </Form.Item>
          <Form.Item name="acknowledgedAt" label={t('order.plan.ackAt')} rules={required(t)}>
            <WhenPicker testId="delivery-ack-at" />
          </Form.Item>
          <Form.Item name="content" label={t('order.plan.ackContent')} rules={rules.content}>
            <Input.TextArea
              autoFocus
              autoSize={{ minRows: 2, maxRows: 8 }}
              maxLength={maxLengthOf(AcknowledgeDeliveryChangeRequest.shape.content)}
              data-testid="delivery-ack-content"
            />
          </Form.Item>
        </>
      )}
    </OrderModal>
  );
}

/** 登记出货: quantities per line (partial shipments allowed). */
export function ShipmentModal({ order, open, onClose, onReload }: Common) {
  const t = useT();
  const ship = useRecordShipment(order.id);
  return (
    <OrderModal
      open={open}
      title={t('order.ship.recordTitle')}
      testId="shipment"
      hint={t('order.ship.hint')}
      width={760}
      pending={ship.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({ shippedAt: nowMinute(), qty: order.lines.map((l) => Math.max(0, l.quantity - l.shippedQuantity) || undefined) })}
      onSubmit={async (v) => {
        const qty = (v.qty as (number | null | undefined)[]) ?? [];
        const lines = order.lines.map((l, i) => ({ lineId: l.id, quantity: qty[i] ?? 0 })).filter((l) => l.quantity > 0);
        if (!lines.length) throw new Error(t('order.ship.nothingSelected'));
        return ship.mutateAsync(toRequest(RecordShipmentRequest, { version: order.version, shippedAt: iso(v.shippedAt), note: v.note, lines }));
      }}
    >
      {() => (
        <>
          <Table
            size="small"
            pagination={false}
            rowKey="id"
            dataSource={order.lines}
            style={{ marginBottom: 12 }}
            columns={[
              { title: t('order.line.no'), dataIndex: 'lineNo', width: 50 },
              { title: t('order.line.model'), key: 'm', render: (_: unknown, l: TOrderLine) => `${l.model}${l.spec ? ` · ${l.spec}` : ''}` },
              { title: t('order.line.quantity'), dataIndex: 'quantity', width: 80, align: 'right' as const },
              { title: t('order.line.shipped'), dataIndex: 'shippedQuantity', width: 80, align: 'right' as const },
              {
                title: t('order.ship.quantity'),
                key: 'q',
                width: 140,
                render: (_: unknown, l: TOrderLine, i: number) => (
                  <Form.Item name={['qty', i]} style={{ margin: 0 }}>
                    <InputNumber min={0} max={l.quantity - l.shippedQuantity} precision={0} style={{ width: '100%' }} data-testid={`ship-line-${l.lineNo}`} />
                  </Form.Item>
                ),
              },
            ]}
          />
          <Form.Item name="shippedAt" label={t('order.ship.shippedAt')} rules={required(t)}>
            <WhenPicker testId="shipment-at" />
          </Form.Item>
          <Form.Item name="note" label={t('order.ship.note')}>
            <Input maxLength={maxLengthOf(RecordShipmentRequest.shape.note)} data-testid="shipment-note" />
          </Form.Item>
        </>
      )}
    </OrderModal>
  );
}

/** 样板 / 承认书作为接收标准: the customer's written confirmation on file before review [QC 4.2.2]. */
export function AcceptanceModal({ order, open, onClose, onReload }: Common) {
  const t = useT();
  const confirm = useConfirmAcceptance(order.id);
  return (
    <OrderModal
      open={open}
      title={t('order.acceptance.confirmTitle')}
      testId="acceptance-confirm"
      hint={t('order.acceptance.confirmHint')}
      pending={confirm.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({ attachments: [], confirmedAt: nowMinute() })}
      onSubmit={(v) =>
        confirm.mutateAsync(
          toRequest(ConfirmAcceptanceStandardRequest, {
            version: order.version,
            confirmedAt: iso(v.confirmedAt),
            note: v.note,
            attachmentIds: ((v.attachments as TAttachment[] | undefined) ?? []).map((a) => a.id),
          }),
        )
      }
    >
      {() => (
        <>
          <Form.Item
            name="attachments"
            label={t('order.acceptance.document')}
            valuePropName="value"
            rules={[{ required: true, type: 'array', min: 1, message: t('form.required') }]}
          >
            <AttachmentUpload testId="acceptance-upload" />
          </Form.Item>
          <Form.Item name="confirmedAt" label={t('order.oral.confirmedAt')} rules={required(t)}>
            <WhenPicker testId="acceptance-confirmed-at" />
          </Form.Item>
          <Form.Item name="note" label={t('order.ship.writtenNote')}>
            <Input maxLength={maxLengthOf(ConfirmAcceptanceStandardRequest.shape.note)} data-testid="acceptance-note" />
          </Form.Item>
        </>
      )}
    </OrderModal>
  );
}

/** 客户授权免于评审: the customer's written authorisation on file (then the GM/VP waives the review). */
export function WaiverModal({ order, open, onClose, onReload }: Common) {
  const t = useT();
  const record = useRecordWaiver(order.id);
  const rules = rulesFor(RecordReviewWaiverRequest);
  return (
    <OrderModal
      open={open}
      title={t('order.waiver.title')}
      testId="review-waiver"
      hint={t('order.waiver.hint')}
      pending={record.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({ attachments: [], authorisedAt: nowMinute() })}
      onSubmit={(v) =>
        record.mutateAsync(
          toRequest(RecordReviewWaiverRequest, {
            version: order.version,
            authorisedAt: iso(v.authorisedAt),
            note: v.note,
            attachmentIds: ((v.attachments as TAttachment[] | undefined) ?? []).map((a) => a.id),
          }),
        )
      }
    >
      {() => (
        <>
          <Form.Item
            name="attachments"
            label={t('order.waiver.document')}
            valuePropName="value"
            rules={[{ required: true, type: 'array', min: 1, message: t('form.required') }]}
          >
            <AttachmentUpload testId="waiver-upload" />
          </Form.Item>
          <Form.Item name="authorisedAt" label={t('order.waiver.at')} rules={required(t)}>
            <WhenPicker testId="waiver-at" />
          </Form.Item>
          <Form.Item name="note" label={t('order.waiver.note')} rules={rules.note}>
            <Input.TextArea rows={3} maxLength={maxLengthOf(RecordReviewWaiverRequest.shape.note)} data-testid="waiver-note" />
          </Form.Item>
        </>
      )}
    </OrderModal>
  );
}

/** 重大合同评审会议: attendees and minutes (signed minutes attached) on file while the review runs [QC 3.3]. */
export function ReviewMeetingModal({ order, open, onClose, onReload }: Common) {
  const t = useT();
  const record = useRecordReviewMeeting(order.id);
  const rules = rulesFor(RecordReviewMeetingRequest);
  return (
    <OrderModal
      open={open}
      title={t('order.meeting.title')}
      testId="review-meeting"
      hint={t('order.meeting.hint')}
      width={680}
      pending={record.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({
        attachments: [],
        heldAt: order.reviewMeeting ? dayjs(order.reviewMeeting.at) : nowMinute(),
        attendees: order.reviewMeeting?.attendees,
        minutes: order.reviewMeeting?.minutes,
      })}
      onSubmit={(v) =>
        record.mutateAsync(
          toRequest(RecordReviewMeetingRequest, {
            version: order.version,
            heldAt: iso(v.heldAt),
            attendees: v.attendees,
            minutes: v.minutes,
            attachmentIds: ((v.attachments as TAttachment[] | undefined) ?? []).map((a) => a.id),
          }),
        )
      }
    >
      {() => (
        <>
          <Form.Item name="heldAt" label={t('order.meeting.heldAt')} rules={required(t)}>
            <WhenPicker testId="meeting-at" />
          </Form.Item>
          <Form.Item name="attendees" label={t('order.meeting.attendees')} rules={rules.attendees}>
            <Input.TextArea rows={2} maxLength={maxLengthOf(RecordReviewMeetingRequest.shape.attendees)} data-testid="meeting-attendees" />
          </Form.Item>
          <Form.Item name="minutes" label={t('order.meeting.minutes')} rules={rules.minutes}>
            <Input.TextArea rows={6} data-testid="meeting-minutes" />
          </Form.Item>
          <Form.Item name="attachments" label={t('order.meeting.document')} valuePropName="value">
            <AttachmentUpload testId="meeting-upload" />
          </Form.Item>
        </>
      )}
    </OrderModal>
  );
}

/** One item of the statutory requirements checklist: applies or not, its evidence, reviewed by the user now or not (QC 4.2.1). */
export function StatutoryModal({
  order,
  item,
  onClose,
  onReload,
}: {
  order: TOrder;
  item: TOrder['statutory'][number] | null;
  onClose(): void;
  onReload(): void;
}) {
  const t = useFeatureT(seedWords);
  const name = useLocalized();
  const save = useSetStatutoryItem(order.id);
  return (
    <OrderModal
      open={!!item}
      title={item ? t('statutory.editTitle', { item: name(statutoryItemNames[item.item]) }) : ''}
      testId="statutory"
      hint={t('statutory.reviewHint')}
      width={600}
      pending={save.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({ applicable: item?.applicable ?? undefined, evidence: item?.evidence ?? undefined, reviewed: !!item?.reviewedAt })}
      onSubmit={(v) =>
        save.mutateAsync({
          item: item!.item,
          ...toRequest(SetStatutoryItemRequest, { version: item!.version, applicable: v.applicable, evidence: v.evidence ?? null, reviewed: !!v.reviewed }),
        })
      }
    >
      {() => (
        <>
          <Form.Item name="applicable" label={t('statutory.applicable')} rules={[{ required: true, message: ' ' }]}>
            <Radio.Group
              data-testid="statutory-applicable"
              options={statutoryApplicability.map((a) => ({
                value: a,
                label: <span data-testid={`statutory-applicable-${a}`}>{t(`statutory.values.${a}`)}</span>,
              }))}
            />
          </Form.Item>
          <Form.Item name="evidence" label={t('statutory.evidence')}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="statutory-evidence" />
          </Form.Item>
          <Form.Item name="reviewed" valuePropName="checked">
            <Checkbox data-testid="statutory-review-now">{t('statutory.reviewNow')}</Checkbox>
          </Form.Item>
        </>
      )}
    </OrderModal>
  );
}
