import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Empty, Flex, Result, Skeleton, Table, Tabs, Tag } from 'antd';
import { AlertOutlined, CheckCircleOutlined, EditOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { isApiError } from '../api/client.js';
import { useRegistersT as useT } from './words.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { HistoryPanel } from '../platform/HistoryPanel.js';
import { DateTime } from '../platform/DateTime.js';
import { NONE } from '../platform/format.js';
import { ActionItemsPanel } from '../actions/index.js';
import { useProperty, type TCustomerProperty } from './api.js';
import { ConditionTag, DueDate, KindTag } from './labels.js';
import { IncidentModal, PropertyModal, VerifyModal } from './PropertyDialogs.js';

/** One item of customer property: details, verification, incidents (each told to the customer), actions, history. */
export function PropertyDetailPage() {
  const t = useT();
  const can = useCan();
  const { id } = useParams();
  const { data: item, error, isLoading, refetch } = useProperty(id);
  const [dialog, setDialog] = useState<'edit' | 'verify' | 'incident' | null>(null);
  if (isLoading) return <Skeleton active />;
  if (!item) {
    if (isApiError(error, 'NOT_FOUND'))
      return <Result status="404" title={t('registers.property.notFound')} extra={<Link to="/customer-property">{t('registers.property.nav')}</Link>} />;
    return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  }
  const write = can('registers.write') && item.condition !== 'lost';
  const reload = () => void refetch();
  return (
    <>
      <PageHeader
        back="/customer-property"
        title={<span data-testid="property-number">{item.number}</span>}
        subtitle={`${item.partyCode} · ${item.partyName}`}
        tags={
          <Flex gap={6}>
            <KindTag kind={item.kind} />
            <ConditionTag condition={item.condition} />
          </Flex>
        }
        extra={
          write && (
            <>
              <Button icon={<EditOutlined />} onClick={() => setDialog('edit')} data-testid="property-edit">
                {t('common.edit')}
              </Button>
              <Button icon={<CheckCircleOutlined />} onClick={() => setDialog('verify')} data-testid="property-verify-open">
                {t('registers.property.verify')}
              </Button>
              {can('communications.write') && (
                <Button danger icon={<AlertOutlined />} onClick={() => setDialog('incident')} data-testid="property-incident-open">
                  {t('registers.property.incident')}
                </Button>
              )}
            </>
          )
        }
      />
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="property-details">
          <Descriptions.Item label={t('registers.property.fields.customer')}>
            <Link to={`/customers/${item.partyId}`}>
              {item.partyCode} · {item.partyName}
            </Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('registers.property.fields.location')}>{item.location}</Descriptions.Item>
          <Descriptions.Item label={t('registers.property.fields.custodian')}>{item.custodianName ?? NONE}</Descriptions.Item>
          <Descriptions.Item label={t('registers.property.fields.description')} span={{ xs: 1, md: 2, xl: 3 }}>
            {item.description}
          </Descriptions.Item>
          <Descriptions.Item label={t('registers.property.fields.receivedDate')}>{item.receivedDate ?? NONE}</Descriptions.Item>
          <Descriptions.Item label={t('registers.property.fields.lastVerifiedOn')}>{item.lastVerifiedOn ?? NONE}</Descriptions.Item>
          <Descriptions.Item label={t('registers.property.fields.nextVerificationDue')}>
            <DueDate date={item.nextVerificationDue} overdue={item.verificationOverdue} />
          </Descriptions.Item>
          <Descriptions.Item label={t('registers.property.fields.orders')}>
            {item.orders.length ? (
              <Flex gap={6} wrap data-testid="property-order-links">
                {item.orders.map((o) => (
                  <Link key={o.id} to={`/orders/${o.id}`}>
                    {o.number}
                  </Link>
                ))}
              </Flex>
            ) : (
              NONE
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('registers.property.fields.notes')} span={{ xs: 1, md: 2 }}>
            {item.notes ?? NONE}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" style={{ marginTop: 12 }}>
        <Tabs
          items={[
            {
              key: 'incidents',
              label: (
                <span data-testid="property-incidents-tab">
                  {t('registers.property.incidents')} {item.incidents.length > 0 && <Tag>{item.incidents.length}</Tag>}
                </span>
              ),
              children: <Incidents item={item} />,
            },
            {
              key: 'actions',
              label: <span data-testid="actions-tab">{t('nav.actions')}</span>,
              children: <ActionItemsPanel sourceType="customer-property" sourceId={item.id} readOnly={!write} />,
            },
            {
              key: 'history',
              label: <span data-testid="history-tab">{t('registers.property.history')}</span>,
              children: <HistoryPanel type="customer-property" id={item.id} />,
            },
          ]}
        />
      </Card>
      <PropertyModal item={item} open={dialog === 'edit'} onClose={() => setDialog(null)} onReload={reload} />
      <VerifyModal item={item} open={dialog === 'verify'} onClose={() => setDialog(null)} onReload={reload} />
      <IncidentModal item={item} open={dialog === 'incident'} onClose={() => setDialog(null)} onReload={reload} />
    </>
  );
}

function Incidents({ item }: { item: TCustomerProperty }) {
  const t = useT();
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={item.incidents}
      data-testid="property-incidents"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registers.property.noIncidents')} /> }}
      columns={[
        { title: '#', dataIndex: 'no', width: 50 },
        {
          title: t('registers.property.fields.incidentKind'),
          dataIndex: 'kind',
          width: 100,
          render: (k: 'lost') => <Tag color="error">{t(`registers.property.incidentKind.${k}`)}</Tag>,
        },
        { title: t('registers.property.fields.occurredOn'), dataIndex: 'occurredOn', width: 120 },
        { title: t('registers.property.fields.whatHappened'), dataIndex: 'description' },
        {
          title: t('registers.property.fields.conditionBefore'),
          dataIndex: 'conditionBefore',
          width: 110,
          render: (c: 'good') => t(`registers.property.condition.${c}`),
        },
        {
          title: t('registers.property.communication'),
          key: 'comm',
          width: 130,
          render: (_, i) =>
            i.communicationId ? (
              <Link to={`/communications/${i.communicationId}`} data-testid="incident-communication">
                {i.communicationNumber}
              </Link>
            ) : (
              NONE
            ),
        },
        {
          title: t('registers.property.fields.reportedBy'),
          key: 'by',
          width: 160,
          render: (_, i) => (
            <>
              {i.reportedByName ?? NONE} · <DateTime value={i.createdAt} />
            </>
          ),
        },
      ]}
    />
  );
}
