import { App, DatePicker, Form, Input, InputNumber, Modal, Select, type ButtonProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { channels } from '../../../contracts/parties.js';
import { CreateOrderFromQuotationRequest, RecordFollowUpRequest, ReviseQuotationRequest } from '../../../contracts/quotations.js';
import { useT } from '../i18n/index.js';
import { useProblemHandler } from '../platform/problem.js';
import { toRequest } from '../platform/zodRule.js';
import { channelIcons } from '../communications/index.js';
import { useCustomer } from '../parties/index.js';
import { useOrderFromQuotation, useRecordFollowUp, useReviseQuotation, type TQuotation } from './api.js';

const required = (t: ReturnType<typeof useT>) => [{ required: true, whitespace: true, message: t('form.required') }];

/** The dialog's form, mounted afresh each time the dialog opens (destroyOnHidden) with these initial values. */
function useDialogForm(initial: Record<string, unknown>) {
  const [form] = Form.useForm();
  return { form, initial };
}

/** A follow-up with the customer: how, what was said, the result (a communication on the quotation). */
export function FollowUpModal({ q, open, onClose }: { q: TQuotation; open: boolean; onClose(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const mutation = useRecordFollowUp(q.id);
  const { data: customer } = useCustomer(q.partyId);
  const { form, initial } = useDialogForm({ channel: 'phone', contactId: q.contactId ?? undefined, followedAt: dayjs().second(0).millisecond(0) });
  const submit = async () => {
    const v = await form.validateFields();
    let body;
    try {
      body = toRequest(RecordFollowUpRequest, { ...v, version: q.version, followedAt: (v.followedAt as Dayjs).toISOString() });
    } catch (e) {
      return onProblem(e);
    }
    mutation.mutate(body, {
      onSuccess: () => {
        message.success(t('quotation.followUp.saved'));
        onClose();
      },
      onError: (e) => onProblem(e, { form }),
    });
  };
  return (
    <Modal
      open={open}
      title={t('quotation.followUp.title', { number: `${q.number} R${q.revision}` })}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={mutation.isPending}
      okButtonProps={{ 'data-testid': 'follow-up-save' } as ButtonProps}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="follow-up" initialValues={initial}>
        <Form.Item name="channel" label={t('quotation.followUp.channel')} rules={required(t)}>
          <Select
            options={channels.map((c) => ({
              value: c,
              label: (
                <span>
                  {channelIcons[c]} {t(`enums.channel.${c}`)}
                </span>
              ),
            }))}
            data-testid="follow-up-channel"
          />
        </Form.Item>
        <Form.Item name="contactId" label={t('quotation.fields.contact')}>
          <Select allowClear options={(customer?.contacts ?? []).filter((c) => !c.voided).map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Form.Item name="followedAt" label={t('quotation.followUp.at')} rules={[{ required: true, message: t('form.required') }]}>
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: '100%' }}
            allowClear={false}
            disabledDate={(d) => d.isAfter(dayjs().endOf('day'))}
          />
        </Form.Item>
        <Form.Item name="content" label={t('quotation.followUp.content')} rules={required(t)}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} data-testid="follow-up-content" />
        </Form.Item>
        <Form.Item name="result" label={t('quotation.followUp.result')} rules={required(t)} extra={t('quotation.followUp.resultHint')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} data-testid="follow-up-result" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A sent (or approved) quote changes: a new revision, with the reason. */
export function ReviseModal({ q, open, onClose, onDone }: { q: TQuotation; open: boolean; onClose(): void; onDone(id: string): void }) {
  const t = useT();
  const onProblem = useProblemHandler();
  const mutation = useReviseQuotation(q.id);
  const { form, initial } = useDialogForm({});
  const submit = async () => {
    const v = await form.validateFields();
    mutation.mutate(toRequest(ReviseQuotationRequest, { ...v, version: q.version }), {
      onSuccess: (r) => onDone(r.id),
      onError: (e) => onProblem(e, { form }),
    });
  };
  return (
    <Modal
      open={open}
      title={t('quotation.revise.title', { number: `${q.number} R${q.revision}` })}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={mutation.isPending}
      okButtonProps={{ 'data-testid': 'revise-save' } as ButtonProps}
      destroyOnHidden
    >
      <p>{t('quotation.revise.hint')}</p>
      <Form form={form} layout="vertical" name="revise" initialValues={initial}>
        <Form.Item name="reason" label={t('quotation.revise.reason')} rules={[...required(t), { min: 2, message: t('form.required') }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} data-testid="revise-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The accepted quote becomes a customer order, the quoted prices carried over. */
export function OrderFromQuotationModal({ q, open, onClose }: { q: TQuotation; open: boolean; onClose(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const mutation = useOrderFromQuotation(q.id);
  const { form, initial } = useDialogForm({
    orderDate: dayjs().startOf('day'),
    receivedAt: dayjs().second(0).millisecond(0),
    quantities: q.lines.map((l) => l.quantity ?? undefined),
  });
  const submit = async () => {
    const v = await form.validateFields();
    let body;
    try {
      body = toRequest(CreateOrderFromQuotationRequest, {
        ...v,
        version: q.version,
        orderDate: (v.orderDate as Dayjs).format('YYYY-MM-DD'),
        receivedAt: (v.receivedAt as Dayjs).toISOString(),
        requestedDate: (v.requestedDate as Dayjs).format('YYYY-MM-DD'),
      });
    } catch (e) {
      return onProblem(e);
    }
    mutation.mutate(body, {
      onSuccess: (r) => {
        message.success(t('quotation.order.created', { number: r.orderNumber ?? '' }));
        onClose();
      },
      onError: (e) => onProblem(e, { form }),
    });
  };
  return (
    <Modal
      open={open}
      title={t('quotation.order.title')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={mutation.isPending}
      okButtonProps={{ 'data-testid': 'quotation-order-save' } as ButtonProps}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="quotation-order" initialValues={initial}>
        <Form.Item name="customerPo" label={t('quotation.order.customerPo')} rules={required(t)}>
          <Input maxLength={60} data-testid="quotation-order-po" />
        </Form.Item>
        <Form.Item name="orderDate" label={t('quotation.order.orderDate')} rules={[{ required: true, message: t('form.required') }]}>
          <DatePicker style={{ width: '100%' }} allowClear={false} />
        </Form.Item>
        <Form.Item name="receivedAt" label={t('quotation.order.receivedAt')} rules={[{ required: true, message: t('form.required') }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} allowClear={false} />
        </Form.Item>
        <Form.Item name="requestedDate" label={t('quotation.order.requestedDate')} rules={[{ required: true, message: t('form.required') }]}>
          <DatePicker style={{ width: '100%' }} data-testid="quotation-order-date" />
        </Form.Item>
        {q.lines.map((l, i) => (
          <Form.Item
            key={l.id}
            name={['quantities', i]}
            label={`${t('quotation.line.no')} ${l.lineNo} · ${l.model}`}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <InputNumber min={1} precision={0} style={{ width: '100%' }} addonAfter={l.unit} data-testid={`quotation-order-qty-${i}`} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
