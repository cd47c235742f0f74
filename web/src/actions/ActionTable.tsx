import { Table, Typography, type TableColumnsType, type TableProps } from 'antd';
import { Link, useNavigate } from 'react-router';
import { useT, useTryT } from '../i18n/index.js';
import { useDepartmentName } from '../identity/index.js';
import { NONE } from '../platform/format.js';
import type { TActionItem } from './api.js';
import { ActionStatusTag, DueDate } from './labels.js';

/** Action items as a table: number, what, source, owner, department, due date, status. */
export function ActionTable({ showSource = true, ...props }: TableProps<TActionItem> & { showSource?: boolean }) {
  const t = useT();
  const tt = useTryT();
  const navigate = useNavigate();
  const deptName = useDepartmentName();
  const columns: TableColumnsType<TActionItem> = [
    {
      title: t('action.fields.number'),
      dataIndex: 'number',
      width: 90,
      render: (n: string, a) => (
        <Link to={`/actions/${a.id}`} onClick={(e) => e.stopPropagation()}>
          {n}
        </Link>
      ),
    },
    {
      title: t('action.fields.title'),
      key: 'title',
      render: (_, a) => (
        <div style={{ minWidth: 0 }}>
          <Typography.Text strong ellipsis style={{ display: 'block' }}>
            {a.title}
          </Typography.Text>
          {showSource && (
            <Typography.Text type="secondary" ellipsis style={{ fontSize: 12, display: 'block' }}>
              {tt(`recordTypes.${a.source.type}`) ?? a.source.type}:{' '}
              <Link to={a.source.url} onClick={(e) => e.stopPropagation()}>
                {a.source.title ?? a.source.id}
              </Link>
            </Typography.Text>
          )}
        </div>
      ),
    },
    { title: t('action.fields.owner'), dataIndex: 'ownerName', width: 120, ellipsis: true, render: (v: string | null) => v ?? NONE },
    { title: t('action.fields.department'), dataIndex: 'department', width: 140, ellipsis: true, render: (v: string) => deptName(v) },
    { title: t('action.fields.dueDate'), key: 'due', width: 190, render: (_, a) => <DueDate action={a} compact /> },
    { title: t('action.fields.status'), dataIndex: 'status', width: 100, render: (s: TActionItem['status']) => <ActionStatusTag status={s} /> },
  ];
  return (
    <Table<TActionItem>
      size="small"
      rowKey="id"
      columns={columns}
      tableLayout="fixed"
      rowClassName={(a) => (a.status === 'cancelled' ? 'clickable-row row-voided' : 'clickable-row')}
      onRow={(a) => ({ onClick: () => navigate(`/actions/${a.id}`) })}
      scroll={{ x: 760 }}
      {...props}
    />
  );
}
