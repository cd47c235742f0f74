import { useState } from 'react';
import { Button, Empty, Flex, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { useActionList } from './api.js';
import { ActionFormModal } from './ActionModals.js';
import { ActionTable } from './ActionTable.js';

/**
 * The action items (措施项) raised on one record — a customer, a communication, later a
 * complaint — with "new action" for those who may assign them.
 */
export function ActionItemsPanel({ sourceType, sourceId, readOnly = false }: { sourceType: string; sourceId: string; readOnly?: boolean }) {
  const t = useT();
  const can = useCan();
  const [creating, setCreating] = useState(false);
  const { data, isLoading } = useActionList({ sourceType, sourceId, pageSize: 200 });
  const items = data?.items ?? [];
  const open = items.filter((a) => a.status === 'open').length;
  const mayCreate = !readOnly && can('actions.manage');
  return (
    <div data-testid="action-panel">
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary">{t('action.panelSummary', { n: items.length, open })}</Typography.Text>
        {mayCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="action-new">
            {t('action.new')}
          </Button>
        )}
      </Flex>
      <ActionTable
        showSource={false}
        loading={isLoading}
        dataSource={items}
        pagination={false}
        data-testid="action-table"
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('action.emptyOnRecord')}>
              {mayCreate && (
                <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                  {t('action.new')}
                </Button>
              )}
            </Empty>
          ),
        }}
      />
      <ActionFormModal open={creating} onClose={() => setCreating(false)} source={{ type: sourceType, id: sourceId }} />
    </div>
  );
}
