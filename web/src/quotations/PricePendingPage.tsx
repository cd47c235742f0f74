import { useState } from 'react';
import { App, Button, DatePicker, Empty, Flex, Form, Input, Modal, Select, Table, Tag, Typography, type ButtonProps, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router';
import { ClosePricePendingRequest, CreatePricePendingRequest } from '../../../contracts/quotations.js';
import { useT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { NONE } from '../platform/format.js';
import { useProblemHandler } from '../platform/problem.js';
import { toRequest } from '../platform/zodRule.js';
import { CustomerSelect } from '../parties/index.js';
import { ModelInput } from '../products/index.js';
import { useClosePricePending, useCreatePricePending, usePricePendingList, useQuotationList, type TPricePending } from './api.js';

function CloseModal({ row, onClose }: { row: TPricePending | null; onClose(): void }) {
  const t = useT();
  const [form] = Form.useForm();
  const onProblem = useProblemHandler();
  const close = useClosePricePending();
  const { data: quotes } = useQuotationList({ partyId: row?.partyId, result: 'accepted', pageSize: 50 });
  const submit = async () => {
    const v = await form.validateFields();
    close.mutate(
      toRequest(ClosePricePendingRequest, { ...v, id: row!.id, version: row!.version, poReceivedOn: (v.poReceivedOn as Dayjs).format('YYYY-MM-DD') }) as never,
      { onSuccess: onClose, onError: (e) => onProblem(e, { form }) },
    );
  };
  return (
    <Modal
      open={!!row}
      title={t('quotation.pending.closeTitle', { model: row?.model ?? '' })}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={close.isPending}
      okButtonProps={{ 'data-testid': 'pending-close-save' } as ButtonProps}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="pending-close" initialValues={{ poReceivedOn: dayjs() }}>
        <Form.Item
          name="quotationId"
          label={t('quotation.pending.quotation')}
          rules={[{ required: true, message: t('form.required') }]}
          extra={t('quotation.pending.quotationHint')}
        >
          <Select options={(quotes?.items ?? []).map((q) => ({ value: q.id, label: `${q.number} R${q.revision}` }))} data-testid="pending-close-quotation" />
        </Form.Item>
        <Form.Item name="customerPo" label={t('quotation.order.customerPo')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="poReceivedOn" label={t('quotation.pending.poReceivedOn')} rules={[{ required: true, message: t('form.required') }]}>
          <DatePicker style={{ width: '100%' }} allowClear={false} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 先生产后报价: open records with their age until the countersigned quote and the PO are on file [SP 6.2.3]. */
export function PricePendingPage() {
  const t = useT();
  const can = useCan();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [open, setOpen] = useState<'true' | 'false' | undefined>('true');
  const { data, isFetching } = usePricePendingList({ open });
  const create = useCreatePricePending();
  const [adding, setAdding] = useState(false);
  const [closing, setClosing] = useState<TPricePending | null>(null);
  const [form] = Form.useForm();
  const add = async () => {
    const v = await form.validateFields();
    create.mutate(toRequest(CreatePricePendingRequest, { ...v, startedOn: (v.startedOn as Dayjs).format('YYYY-MM-DD') }), {
      onSuccess: () => {
        message.success(t('common.saved'));
        setAdding(false);
        form.resetFields();
      },
      onError: (e) => onProblem(e, { form }),
    });
  };
  const columns: TableColumnsType<TPricePending> = [
    { title: t('quotation.fields.party'), key: 'party', render: (_, r) => <Link to={`/customers/${r.partyId}`}>{r.partyName}</Link> },
    { title: t('quotation.line.model'), dataIndex: 'model', width: 140 },
    { title: t('quotation.line.description'), dataIndex: 'description', render: (v: string | null) => v ?? NONE },
    { title: t('quotation.pending.startedOn'), dataIndex: 'startedOn', width: 110 },
    {
      title: t('quotation.fields.age'),
      dataIndex: 'ageDays',
      width: 90,
      align: 'right',
      render: (v: number, r) => (
        <Tag color={r.closed ? 'default' : v > 30 ? 'error' : v > 7 ? 'warning' : 'processing'} data-testid="pending-age">
          {t('quotation.days', { n: v })}
        </Tag>
      ),
    },
    {
      title: t('quotation.fields.order'),
      key: 'order',
      width: 120,
      render: (_, r) => (r.orderId ? <Link to={`/orders/${r.orderId}`}>{r.orderNumber}</Link> : NONE),
    },
    {
      title: t('quotation.pending.state'),
      key: 'state',
      width: 220,
      render: (_, r) =>
        r.closed ? (
          <Typography.Text type="success">{t('quotation.pending.closed', { quotation: r.quotationNumber ?? '', po: r.customerPo ?? '' })}</Typography.Text>
        ) : can('quotations.write') ? (
          <Button size="small" onClick={() => setClosing(r)} data-testid="pending-close-open">
            {t('quotation.pending.close')}
          </Button>
        ) : (
          <Tag color="warning">{t('quotation.pending.open')}</Tag>
        ),
    },
  ];
  return (
    <>
      <PageHeader
        back="/quotations"
        title={t('quotation.pending.title')}
        subtitle={t('quotation.pending.hint')}
        extra={
          can('quotations.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="pending-new">
              {t('quotation.pending.new')}
            </Button>
          )
        }
      />
      <Flex gap={8} style={{ marginBottom: 12 }}>
        <Select
          value={open ?? 'all'}
          onChange={(v) => setOpen(v === 'all' ? undefined : (v as 'true' | 'false'))}
          style={{ width: 160 }}
          options={[
            { value: 'true', label: t('quotation.pending.open') },
            { value: 'false', label: t('quotation.pending.closedFilter') },
            { value: 'all', label: t('quotation.pending.all') },
          ]}
        />
      </Flex>
      <Table<TPricePending>
        size="small"
        rowKey="id"
        loading={isFetching}
        columns={columns}
        dataSource={data?.items}
        pagination={false}
        data-testid="pending-table"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('quotation.pending.empty')} /> }}
      />
      <Modal
        open={adding}
        title={t('quotation.pending.new')}
        onCancel={() => setAdding(false)}
        onOk={add}
        confirmLoading={create.isPending}
        okButtonProps={{ 'data-testid': 'pending-save' } as ButtonProps}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" name="pending-new" initialValues={{ startedOn: dayjs() }}>
          <Form.Item
            name="partyId"
            label={t('quotation.fields.party')}
            rules={[{ required: true, message: t('form.required') }]}
            extra={t('quotation.pending.existingOnly')}
          >
            <CustomerSelect allowClear={false} data-testid="pending-customer" />
          </Form.Item>
          <Form.Item name="model" label={t('quotation.line.model')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
            <ModelInput maxLength={60} data-testid="pending-model" />
          </Form.Item>
          <Form.Item name="description" label={t('quotation.line.description')}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="startedOn" label={t('quotation.pending.startedOn')} rules={[{ required: true, message: t('form.required') }]}>
            <DatePicker style={{ width: '100%' }} allowClear={false} />
          </Form.Item>
          <Form.Item name="note" label={t('quotation.fields.notes')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
      <CloseModal row={closing} onClose={() => setClosing(null)} />
    </>
  );
}
