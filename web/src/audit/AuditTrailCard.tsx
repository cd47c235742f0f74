import { useState } from 'react';
import { Card, DatePicker, Flex, Input, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { AuditTrail } from '../../../contracts/platform.js';
import { api } from '../api/client.js';
import { useTryT } from '../i18n/index.js';
import { useFeatureT } from '../i18n/feature.js';
import { DateTime } from '../platform/DateTime.js';
import { ExportButton } from '../spreadsheets/index.js';

type TTrail = z.infer<typeof AuditTrail>;

const words = {
  'zh-CN': {
    title: '审计记录',
    hint: '全部审计记录，最新的在前；可按记录类型、记录编号、操作和日期筛选，导出的内容与筛选一致（没有权限的价格和个人信息不会显示或导出）。',
    refType: '记录类型（如 order）',
    refId: '记录 ID',
    action: '操作（如 create、import、export）',
    at: '时间',
    by: '操作人',
    record: '记录',
    op: '操作',
    reason: '原因',
  },
  'en-US': {
    title: 'Audit trail',
    hint: 'The whole audit trail, newest first; filter by record type, record, action and days — the export holds exactly what the filters show (prices and personal data you may not see are neither shown nor exported).',
    refType: 'Record type (e.g. order)',
    refId: 'Record id',
    action: 'Action (e.g. create, import, export)',
    at: 'When',
    by: 'By',
    record: 'Record',
    op: 'Action',
    reason: 'Reason',
  },
};

/** The audit trail as a filtered list with its export (审计记录). */
export function AuditTrailCard() {
  const w = useFeatureT(words);
  const tt = useTryT();
  const [refType, setRefType] = useState('');
  const [refId, setRefId] = useState('');
  const [action, setAction] = useState('');
  const [range, setRange] = useState<[string, string] | null>(null);
  const [page, setPage] = useState(1);
  const filters = {
    refType: refType.trim() || undefined,
    refId: refId.trim() || undefined,
    action: action.trim() || undefined,
    from: range?.[0],
    to: range?.[1],
  };
  const { data, isFetching } = useQuery({
    queryKey: ['audit-trail', filters, page],
    queryFn: () => api.get<TTrail>('/api/audit/trail', { ...filters, page, pageSize: 20 }),
  });
  const set = (f: (v: string) => void) => (e: { target: { value: string } }) => {
    f(e.target.value);
    setPage(1);
  };
  return (
    <Card title={w('title')} style={{ marginTop: 16 }} extra={<ExportButton list="audit" filters={filters} />} data-testid="audit-trail">
      <Typography.Paragraph type="secondary">{w('hint')}</Typography.Paragraph>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input allowClear placeholder={w('refType')} value={refType} onChange={set(setRefType)} style={{ width: 200 }} data-testid="audit-filter-type" />
        <Input allowClear placeholder={w('refId')} value={refId} onChange={set(setRefId)} style={{ width: 280 }} />
        <Input allowClear placeholder={w('action')} value={action} onChange={set(setAction)} style={{ width: 240 }} data-testid="audit-filter-action" />
        <DatePicker.RangePicker
          onChange={(_, s) => {
            setRange(s[0] && s[1] ? [s[0], s[1]] : null);
            setPage(1);
          }}
        />
      </Flex>
      <Table
        size="small"
        rowKey="id"
        loading={isFetching}
        dataSource={data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        scroll={{ x: 900 }}
        columns={[
          { title: w('at'), dataIndex: 'at', width: 150, render: (v: string) => <DateTime value={v} /> },
          { title: w('by'), dataIndex: 'actorName', width: 110 },
          { title: w('record'), key: 'ref', render: (_, r) => `${tt(`recordTypes.${r.ref.type}`) ?? r.ref.type} ${r.ref.id.slice(0, 8)}` },
          { title: w('op'), dataIndex: 'action', width: 150 },
          { title: w('reason'), dataIndex: 'reason', ellipsis: true },
        ]}
      />
    </Card>
  );
}
