import { useState } from 'react';
import { Button, Empty, Flex, Form, Input, Segmented, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { AuditOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { lazy, Suspense } from 'react';
import { CreateVendorRequest, UpdateVendorRequest, vendorStatuses } from '../../../contracts/outsourcing.js';
import { useLocale, useT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { DateTime } from '../platform/DateTime.js';
import { NONE } from '../platform/format.js';
import { maxLengthOf, rulesFor, toRequest } from '../platform/zodRule.js';
import { FormModal } from '../platform/FormModal.js';
import { useSaveVendor, useVendors, type TVendor } from './api.js';
import { VendorStatusTag } from './labels.js';
import { ExportButton } from '../spreadsheets/index.js';

const VendorEvaluationDialog = lazy(() => import('./VendorEvaluationDialog.js').then((m) => ({ default: m.VendorEvaluationDialog })));

/** 外包加工商清单: the vendors a cutting sheet may go to; suspended ones are refused. */
export function VendorListPage() {
  const t = useT();
  const zh = useLocale().locale === 'zh-CN';
  const can = useCan();
  const manage = can('vendors.manage');
  const [status, setStatus] = useState<string>('all');
  const { data, isFetching } = useVendors(status === 'all' ? {} : { status });
  const [editing, setEditing] = useState<TVendor | 'new' | null>(null);
  const [evaluating, setEvaluating] = useState<TVendor | null>(null);
  const save = useSaveVendor();
  const rules = rulesFor(UpdateVendorRequest);
  const vendor = editing && editing !== 'new' ? editing : null;

  const columns: TableColumnsType<TVendor> = [
    { title: t('outsourcing.vendor.code'), dataIndex: 'code', width: 110, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: t('outsourcing.vendor.name'), key: 'name', render: (_: unknown, v) => `${v.nameZh}${v.nameEn ? ` / ${v.nameEn}` : ''}` },
    { title: t('outsourcing.vendor.status'), dataIndex: 'status', width: 140, render: (s: TVendor['status']) => <VendorStatusTag status={s} /> },
    { title: t('outsourcing.vendor.scope'), dataIndex: 'scope', ellipsis: true, render: (v: string | null) => v ?? NONE },
    {
      // the last periodic evaluation: its points and period end; a tag when the next one is due
      title: zh ? '最近评价' : 'Last evaluation',
      key: 'evaluation',
      width: 150,
      render: (_: unknown, v) => (
        <span data-testid="vendor-last-evaluation">
          {v.lastEvaluation ? `${v.lastEvaluation.total} · ${v.lastEvaluation.periodTo}` : NONE}
          {v.evaluationDue && (
            <Tag color="orange" style={{ marginInlineStart: 6 }} data-testid="vendor-evaluation-due">
              {zh ? '待评价' : 'Due'}
            </Tag>
          )}
        </span>
      ),
    },
    { title: t('outsourcing.vendor.updatedAt'), dataIndex: 'updatedAt', width: 140, render: (v: string) => <DateTime value={v} /> },
    ...(manage
      ? [
          {
            title: t('common.actions'),
            key: 'a',
            width: 90,
            render: (_: unknown, v: TVendor) => (
              <>
                <Button
                  size="small"
                  type="text"
                  icon={<EditOutlined />}
                  aria-label={t('common.edit')}
                  onClick={() => setEditing(v)}
                  data-testid="vendor-edit"
                />
                <Button
                  size="small"
                  type="text"
                  icon={<AuditOutlined />}
                  aria-label="评价 / Evaluate"
                  title="评价 / Evaluate"
                  onClick={() => setEvaluating(v)}
                  data-testid="vendor-evaluate"
                />
              </>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title={t('outsourcing.vendor.listTitle')}
        subtitle={t('outsourcing.vendor.listHint')}
        extra={
          <>
            <ExportButton list="vendors" filters={status === 'all' ? {} : { status }} />
            {manage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="vendor-new">
                {t('outsourcing.vendor.new')}
              </Button>
            )}
          </>
        }
      />
      <Segmented
        style={{ marginBottom: 12 }}
        value={status}
        onChange={(v) => setStatus(String(v))}
        options={[
          { value: 'all', label: t('outsourcing.vendor.all') },
          ...vendorStatuses.map((s) => ({ value: s, label: t(`outsourcing.vendorStatus.${s}`) })),
        ]}
      />
      <Table
        rowKey="id"
        size="middle"
        loading={isFetching}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={false}
        scroll={{ x: 800 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('outsourcing.vendor.empty')} /> }}
        data-testid="vendor-table"
      />
      {evaluating && (
        <Suspense fallback={null}>
          <VendorEvaluationDialog vendor={evaluating} onClose={() => setEvaluating(null)} />
        </Suspense>
      )}
      <FormModal
        open={editing !== null}
        title={vendor ? t('outsourcing.vendor.editTitle', { code: vendor.code }) : t('outsourcing.vendor.new')}
        testId="vendor"
        pending={save.isPending}
        onClose={() => setEditing(null)}
        onReload={() => setEditing(null)}
        initial={() => (vendor ? { ...vendor } : { status: 'qualified' })}
        onSubmit={(v) =>
          save.mutateAsync(
            vendor ? { id: vendor.id, body: toRequest(UpdateVendorRequest, { ...v, version: vendor.version }) } : { body: toRequest(CreateVendorRequest, v) },
          )
        }
      >
        {() => (
          <>
            <Flex gap={12}>
              <Form.Item name="code" label={t('outsourcing.vendor.code')} rules={rules.code} style={{ width: 160 }}>
                <Input maxLength={maxLengthOf(CreateVendorRequest.shape.code)} data-testid="vendor-code" />
              </Form.Item>
              <Form.Item name="status" label={t('outsourcing.vendor.status')} rules={rules.status} style={{ flex: 1 }}>
                <Select options={vendorStatuses.map((s) => ({ value: s, label: t(`outsourcing.vendorStatus.${s}`) }))} data-testid="vendor-status-select" />
              </Form.Item>
            </Flex>
            <Form.Item name="nameZh" label={t('outsourcing.vendor.nameZh')} rules={rules.nameZh}>
              <Input maxLength={maxLengthOf(CreateVendorRequest.shape.nameZh)} data-testid="vendor-name-zh" />
            </Form.Item>
            <Form.Item name="nameEn" label={t('outsourcing.vendor.nameEn')}>
              <Input data-testid="vendor-name-en" />
            </Form.Item>
            <Form.Item name="scope" label={t('outsourcing.vendor.scope')}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} data-testid="vendor-scope" />
            </Form.Item>
            <Form.Item name="notes" label={t('outsourcing.vendor.notes')}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} data-testid="vendor-notes" />
            </Form.Item>
            {vendor && (
              <Form.Item name="reason" label={t('outsourcing.vendor.reason')} rules={rules.reason}>
                <Input data-testid="vendor-reason" />
              </Form.Item>
            )}
          </>
        )}
      </FormModal>
    </>
  );
}
