import { useState } from 'react';
import { Button, Checkbox, Empty, Flex, Form, Input, InputNumber, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { RetireWarrantyRuleRequest, SaveWarrantyRuleRequest, warrantyBases } from '../../../contracts/service.js';
import { useServiceT as useT } from './words.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { DateTime } from '../platform/DateTime.js';
import { NONE } from '../platform/format.js';
import { FormModal } from '../platform/FormModal.js';
import { ReasonModal } from '../platform/ReasonModal.js';
import { toRequest } from '../platform/zodRule.js';
import { required } from '../orders/index.js';
import { CustomerSelect } from '../parties/index.js';
import { useRetireWarrantyRule, useSaveWarrantyRule, useWarrantyRules, type TWarrantyRule } from './api.js';

function RuleModal({ rule, open, onClose }: { rule: Partial<TWarrantyRule> | null; open: boolean; onClose(): void }) {
  const t = useT();
  const save = useSaveWarrantyRule();
  return (
    <FormModal
      open={open}
      title={t('service.rules.formTitle')}
      testId="warranty-rule-form"
      width={640}
      pending={save.isPending}
      onClose={onClose}
      onReload={() => undefined}
      initial={() => ({
        partyId: rule?.partyId ?? null,
        model: rule?.model ?? null,
        months: rule?.months ?? 12,
        basis: rule?.basis ?? 'shipment',
        note: rule?.note ?? null,
      })}
      onSubmit={(v) => save.mutateAsync(toRequest(SaveWarrantyRuleRequest, { ...v, partyId: v.partyId ?? null }))}
    >
      {() => (
        <>
          <Flex gap={12}>
            <Form.Item name="partyId" label={t('service.fields.customer')} style={{ flex: 2 }}>
              <CustomerSelect allowClear placeholder={t('service.rules.allCustomers')} disabled={!!rule?.id} data-testid="warranty-rule-customer" />
            </Form.Item>
            <Form.Item name="model" label={t('service.fields.model')} style={{ flex: 1 }}>
              <Input maxLength={100} placeholder={t('service.rules.allModels')} disabled={!!rule?.id} data-testid="warranty-rule-model" />
            </Form.Item>
          </Flex>
          <Flex gap={12}>
            <Form.Item name="months" label={t('service.rules.months')} rules={required(t as never)} style={{ flex: 1 }}>
              <InputNumber min={0} max={240} precision={0} style={{ width: '100%' }} data-testid="warranty-rule-months" />
            </Form.Item>
            <Form.Item name="basis" label={t('service.rules.basis')} rules={required(t as never)} style={{ flex: 1 }}>
              <Select options={warrantyBases.map((b) => ({ value: b, label: t(`service.warranty.basis.${b}`) }))} data-testid="warranty-rule-basis" />
            </Form.Item>
          </Flex>
          <Form.Item name="note" label={t('service.rules.note')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} data-testid="warranty-rule-note" />
          </Form.Item>
          <Form.Item name="reason" label={t('service.rules.reason')} extra={t('service.rules.reasonHint')}>
            <Input maxLength={1000} data-testid="warranty-rule-reason" />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

/** 保修条款 [service standard 5]: warranty months per product, the customers' agreements, every revision kept. */
export function WarrantyRulesPage() {
  const t = useT();
  const can = useCan();
  const manage = can('service.warranty.manage');
  const [history, setHistory] = useState(false);
  const [editing, setEditing] = useState<Partial<TWarrantyRule> | null | undefined>(undefined);
  const [retiring, setRetiring] = useState<TWarrantyRule | null>(null);
  const retire = useRetireWarrantyRule();
  const { data, isFetching } = useWarrantyRules(history ? { history: 'true' } : {});
  const columns: TableColumnsType<TWarrantyRule> = [
    {
      title: t('service.fields.customer'),
      key: 'party',
      width: 220,
      render: (_, r) => (r.partyId ? `${r.partyCode} · ${r.partyName}` : <Tag>{t('service.rules.allCustomers')}</Tag>),
    },
    { title: t('service.fields.model'), key: 'model', width: 140, render: (_, r) => r.model ?? <Tag>{t('service.rules.allModels')}</Tag> },
    { title: t('service.rules.months'), dataIndex: 'months', width: 90, align: 'right' },
    { title: t('service.rules.basis'), dataIndex: 'basis', width: 110, render: (b: string) => t(`service.warranty.basis.${b}`) },
    {
      title: t('service.rules.revision'),
      key: 'revision',
      width: 120,
      render: (_, r) => (
        <span data-testid="warranty-rule-revision">
          v{r.revision}{' '}
          {r.retired ? (
            <Tag>{t('service.rules.retired')}</Tag>
          ) : r.current ? (
            <Tag color="success">{t('service.rules.current')}</Tag>
          ) : (
            <Tag>{t('service.rules.superseded')}</Tag>
          )}
        </span>
      ),
    },
    {
      title: t('service.rules.note'),
      key: 'note',
      render: (_, r) => [r.note, r.reason ? `${t('service.rules.reason')}: ${r.reason}` : null].filter(Boolean).join(' · ') || NONE,
    },
    {
      title: t('service.rules.by'),
      key: 'by',
      width: 180,
      render: (_, r) => (
        <>
          {r.createdByName ?? NONE} <DateTime value={r.createdAt} />
        </>
      ),
    },
    ...(manage
      ? [
          {
            title: '',
            key: 'actions',
            width: 150,
            render: (_: unknown, r: TWarrantyRule) =>
              r.current && (
                <Space size={4}>
                  <Button size="small" onClick={() => setEditing(r)} data-testid="warranty-rule-edit">
                    {t('service.rules.edit')}
                  </Button>
                  <Button size="small" danger onClick={() => setRetiring(r)} data-testid="warranty-rule-retire">
                    {t('service.rules.retire')}
                  </Button>
                </Space>
              ),
          },
        ]
      : []),
  ];
  return (
    <>
      <PageHeader
        title={t('service.rules.title')}
        subtitle={t('service.rules.hint')}
        extra={
          manage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="warranty-rule-new">
              {t('service.rules.new')}
            </Button>
          )
        }
      />
      <Flex style={{ marginBottom: 12 }}>
        <Checkbox checked={history} onChange={(e) => setHistory(e.target.checked)} data-testid="warranty-rule-history">
          {t('service.rules.history')}
        </Checkbox>
      </Flex>
      <Table<TWarrantyRule>
        rowKey="id"
        size="middle"
        loading={isFetching}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 100, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('service.rules.empty')} /> }}
        data-testid="warranty-rule-table"
        scroll={{ x: 1100 }}
      />
      <RuleModal rule={editing ?? null} open={editing !== undefined} onClose={() => setEditing(undefined)} />
      <ReasonModal
        open={!!retiring}
        title={t('service.rules.retireTitle')}
        schema={RetireWarrantyRuleRequest.shape.reason}
        okText={t('service.rules.retire')}
        danger
        onSubmit={(reason) => retire.mutateAsync({ id: retiring!.id, reason: reason ?? '' })}
        onClose={() => setRetiring(null)}
      />
    </>
  );
}
