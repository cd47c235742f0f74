import { useState } from 'react';
import { Button, Empty, Flex, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useRegistersT as useT } from './words.js';
import { useCan } from '../identity/index.js';
import { useCsrs, useProperties, type TCsrSummary, type TPropertySummary } from './api.js';
import { usePropertyColumns } from './PropertyListPage.js';
import { useCsrColumns } from './CsrListPage.js';
import { PropertyModal } from './PropertyDialogs.js';
import { CsrModal } from './CsrDialogs.js';

/** On the customer's page: the customer's property in our custody and its CSR documents (current revisions). */
export function CustomerRegistersTab({ customerId }: { customerId: string }) {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<'property' | 'csr' | null>(null);
  const properties = useProperties({ partyId: customerId });
  const csrs = useCsrs({ partyId: customerId, current: 'true' });
  const propertyColumns = usePropertyColumns(false);
  const csrColumns = useCsrColumns(false);
  return (
    <Flex vertical gap={16}>
      <div data-testid="customer-property-panel">
        <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
          <Typography.Text strong>{t('registers.property.customerTab')}</Typography.Text>
          {can('registers.write') && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => setDialog('property')} data-testid="customer-property-new">
              {t('registers.property.new')}
            </Button>
          )}
        </Flex>
        <Table<TPropertySummary>
          rowKey="id"
          size="small"
          pagination={false}
          loading={properties.isLoading}
          dataSource={properties.data?.items ?? []}
          columns={propertyColumns}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registers.property.empty')} /> }}
        />
      </div>
      <div data-testid="customer-csr-panel">
        <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
          <Typography.Text strong>{t('registers.csr.customerTab')}</Typography.Text>
          {can('registers.write') && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => setDialog('csr')} data-testid="customer-csr-new">
              {t('registers.csr.new')}
            </Button>
          )}
        </Flex>
        <Table<TCsrSummary>
          rowKey="id"
          size="small"
          pagination={false}
          loading={csrs.isLoading}
          dataSource={csrs.data?.items ?? []}
          columns={csrColumns}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registers.csr.empty')} /> }}
        />
      </div>
      <PropertyModal
        item={null}
        partyId={customerId}
        open={dialog === 'property'}
        onClose={() => setDialog(null)}
        onReload={() => undefined}
        onSaved={(p) => navigate(`/customer-property/${p.id}`)}
      />
      <CsrModal
        csr={null}
        partyId={customerId}
        open={dialog === 'csr'}
        onClose={() => setDialog(null)}
        onReload={() => undefined}
        onSaved={(c) => navigate(`/csr/${c.id}`)}
      />
    </Flex>
  );
}
