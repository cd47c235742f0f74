import { useState } from 'react';
import { Button, Empty, Flex, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useServiceT as useT } from './words.js';
import { useCan } from '../identity/index.js';
import { useServiceRequests, useWarrantyRules, type TServiceRequest } from './api.js';
import { ServiceRequestModal } from './ServiceDialogs.js';
import { useServiceColumns } from './ServiceListPage.js';

/** On the customer's page: its after-sales service requests and its own warranty agreements. */
export function CustomerServiceTab({ customerId }: { customerId: string }) {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const list = useServiceRequests({ partyId: customerId });
  const rules = useWarrantyRules({ partyId: customerId });
  const columns = useServiceColumns(false);
  return (
    <Flex vertical gap={12} data-testid="customer-service-panel">
      <Flex justify="space-between" align="center">
        <Typography.Text strong>{t('service.customerTab')}</Typography.Text>
        {can('service.write') && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="customer-service-new">
            {t('service.new')}
          </Button>
        )}
      </Flex>
      <Table<TServiceRequest>
        rowKey="id"
        size="small"
        pagination={false}
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('service.empty')} /> }}
        scroll={{ x: 1000 }}
      />
      {!!rules.data?.items.length && (
        <Typography.Text type="secondary" data-testid="customer-warranty-agreements">
          {t('service.rules.title')}:{' '}
          {rules.data.items
            .map(
              (r) =>
                `${r.model ?? t('service.rules.allModels')} ${t('service.warranty.period', { months: r.months, basis: t(`service.warranty.basis.${r.basis}`) })}`,
            )
            .join('；')}
        </Typography.Text>
      )}
      <ServiceRequestModal
        request={null}
        partyId={customerId}
        open={creating}
        onClose={() => setCreating(false)}
        onReload={() => undefined}
        onSaved={(s) => navigate(`/service-requests/${s.id}`)}
      />
    </Flex>
  );
}
