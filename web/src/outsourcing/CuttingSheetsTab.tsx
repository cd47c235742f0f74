import { useState } from 'react';
import { Button, Card, Empty, Flex, Table, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useT } from '../i18n/index.js';
import { NONE } from '../platform/format.js';
import type { TOrder } from '../orders/index.js';
import { useCuttingSheets, type TCuttingSheet } from './api.js';
import { SheetStatusTag } from './labels.js';
import { CuttingSheetModal } from './CuttingSheetDialogs.js';

/** The order's cutting sheets (裁剪单) for outsourced lines, and filling a new one. */
export function CuttingSheetsTab({ order, canWrite }: { order: TOrder; canWrite: boolean }) {
  const t = useT();
  const { data, isFetching, refetch } = useCuttingSheets({ orderId: order.id });
  const [open, setOpen] = useState(false);
  const columns: TableColumnsType<TCuttingSheet> = [
    {
      title: t('outsourcing.sheet.number'),
      dataIndex: 'number',
      width: 130,
      render: (v: string, s) => (
        <Link to={`/cutting-sheets/${s.id}`} data-testid="sheet-link">
          {v}
        </Link>
      ),
    },
    { title: t('outsourcing.sheet.line'), key: 'line', render: (_: unknown, s) => `${s.lineNo}. ${s.model}${s.spec ? ` ${s.spec}` : ''}` },
    { title: t('outsourcing.sheet.vendor'), dataIndex: 'vendorName', ellipsis: true },
    { title: t('outsourcing.sheet.quantity'), key: 'q', width: 110, align: 'right', render: (_: unknown, s) => `${s.quantity} ${s.unit}` },
    { title: t('outsourcing.sheet.vendorDeliveryDate'), dataIndex: 'vendorDeliveryDate', width: 130, render: (v: string | null) => v ?? NONE },
    { title: t('outsourcing.sheet.status'), key: 'st', width: 170, render: (_: unknown, s) => <SheetStatusTag state={s.state} status={s.status} /> },
  ];
  return (
    <Card size="small">
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary">{t('outsourcing.sheet.tabHint')}</Typography.Text>
        {canWrite && !order.closed && (
          <Button icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="sheet-new">
            {t('outsourcing.sheet.new')}
          </Button>
        )}
      </Flex>
      <Table
        rowKey="id"
        size="small"
        loading={isFetching}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={false}
        scroll={{ x: 760 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('outsourcing.sheet.empty')} /> }}
        data-testid="sheet-table"
      />
      <CuttingSheetModal order={order} sheet={null} open={open} onClose={() => setOpen(false)} onReload={() => void refetch()} />
    </Card>
  );
}
