import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Result, Skeleton, Tabs } from 'antd';
import { CheckCircleOutlined, EditOutlined, SolutionOutlined, ToolOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { isApiError } from '../api/client.js';
import { useServiceT as useT } from './words.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { HistoryPanel } from '../platform/HistoryPanel.js';
import { DateTime } from '../platform/DateTime.js';
import { NONE } from '../platform/format.js';
import { ProcedurePanel, useInstances } from '../procedures/index.js';
import { LinkedCommunications, RefLink } from '../engineering/index.js';
import { ChannelTag } from '../communications/index.js';
import { useServiceRequest } from './api.js';
import { AssessModal, ConfirmModal, ServiceRequestModal, WorkModal } from './ServiceDialogs.js';
import { StepDue } from './ServiceListPage.js';
import { ServiceStateTag, WarrantyView } from './parts.js';

const wide = { xs: 1, md: 2, xl: 3 } as const;

/** One service request: what was received, the warranty, the assessment, the work, the customer's confirmation, the procedure. */
export function ServiceDetailPage() {
  const t = useT();
  const can = useCan();
  const { id } = useParams();
  const { data: s, error, isLoading, refetch } = useServiceRequest(id);
  const [dialog, setDialog] = useState<'edit' | 'assess' | 'work' | 'confirm' | null>(null);
  const qc = useQueryClient();
  const { data: instances } = useInstances('service-request', id);
  const instance = instances?.items[0];
  useEffect(() => {
    if (instance && s && instance.state !== s.state && id) void qc.invalidateQueries({ queryKey: ['service-requests'] });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [instance?.state, instance?.version]);
  if (isLoading) return <Skeleton active />;
  if (!s) {
    if (isApiError(error, 'NOT_FOUND'))
      return <Result status="404" title={t('service.notFound')} extra={<Link to="/service-requests">{t('service.nav')}</Link>} />;
    return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  }
  const editable = new Set(instance?.view.editable ?? []);
  const write = can('service.write');
  const isReturn = s.kind === 'return' || s.kind === 'refund';
  const reload = () => void refetch();
  return (
    <>
      <PageHeader
        back="/service-requests"
        title={<span data-testid="service-number">{s.number}</span>}
        subtitle={`${s.partyCode} · ${s.partyName} · ${t(`service.kind.${s.kind}`)} · ${s.model}`}
        tags={<ServiceStateTag state={s.state} />}
        extra={
          write && (
            <>
              {editable.has('request') && (
                <Button icon={<EditOutlined />} onClick={() => setDialog('edit')} data-testid="service-edit">
                  {t('common.edit')}
                </Button>
              )}
              {editable.has('assessment') && (
                <Button icon={<SolutionOutlined />} onClick={() => setDialog('assess')} data-testid="service-assess-open">
                  {t('service.assess')}
                </Button>
              )}
              {editable.has('work') && (
                <Button icon={<ToolOutlined />} onClick={() => setDialog('work')} data-testid="service-work-open">
                  {isReturn ? t('service.workReturn') : t('service.work')}
                </Button>
              )}
              {editable.has('confirmation') && (
                <Button type="primary" icon={<CheckCircleOutlined />} onClick={() => setDialog('confirm')} data-testid="service-confirm-open">
                  {t('service.confirm')}
                </Button>
              )}
            </>
          )
        }
      />
      <Card size="small">
        <Descriptions size="small" column={wide} data-testid="service-details">
          <Descriptions.Item label={t('service.fields.customer')}>
            <Link to={`/customers/${s.partyId}`}>
              {s.partyCode} · {s.partyName}
            </Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('service.fields.contact')}>{s.contactName ?? NONE}</Descriptions.Item>
          <Descriptions.Item label={t('service.fields.kind')}>{t(`service.kind.${s.kind}`)}</Descriptions.Item>
          <Descriptions.Item label={t('service.fields.model')}>{s.model}</Descriptions.Item>
          <Descriptions.Item label={t('service.fields.serialNo')}>{s.serialNo ?? NONE}</Descriptions.Item>
          <Descriptions.Item label={t('service.fields.lotNo')}>{s.lotNo ?? NONE}</Descriptions.Item>
          <Descriptions.Item label={t('service.fields.orderLine')}>
            {s.orderLine ? <Link to={`/orders/${s.orderLine.orderId}`}>{`${s.orderLine.orderNumber} #${s.orderLine.lineNo}`}</Link> : NONE}
          </Descriptions.Item>
          <Descriptions.Item label={t('service.fields.deliveredOn')}>{s.deliveredOn ?? NONE}</Descriptions.Item>
          <Descriptions.Item label={t('service.fields.quantity')}>{s.quantity ?? NONE}</Descriptions.Item>
          <Descriptions.Item label={t('service.fields.receivedAt')}>
            <DateTime value={s.receivedAt} />
          </Descriptions.Item>
          <Descriptions.Item label={t('service.fields.channel')}>{s.channel ? <ChannelTag channel={s.channel} /> : NONE}</Descriptions.Item>
          <Descriptions.Item label={t('service.fields.receivedThrough')}>
            <RefLink to="/communications" value={s.receivedThrough} />
          </Descriptions.Item>
          <Descriptions.Item label={t('service.fields.owner')}>{s.ownerName ?? NONE}</Descriptions.Item>
          <Descriptions.Item label={t('service.fields.due')}>
            <StepDue s={s} />
          </Descriptions.Item>
          <Descriptions.Item label={t('service.fields.description')} span={wide}>
            <span className="pre-wrap">{s.description}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" style={{ marginTop: 12 }} title={t('service.warranty.title')}>
        <WarrantyView w={s.warranty} />
      </Card>
      {s.chargeDecision && (
        <Card size="small" style={{ marginTop: 12 }} title={t('service.assess')}>
          <Descriptions size="small" column={wide} data-testid="service-assessment">
            <Descriptions.Item label={t('service.fields.chargeDecision')}>
              <span data-testid="service-charge-decision">{t(`service.charge.${s.chargeDecision}`)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('service.fields.assessedBy')}>
              {s.assessedByName ?? NONE} {s.assessedAt && <DateTime value={s.assessedAt} />}
            </Descriptions.Item>
            {can('prices.read') && <Descriptions.Item label={t('service.fields.price')}>{s.price ?? NONE}</Descriptions.Item>}
            <Descriptions.Item label={t('service.fields.decisionReason')} span={wide}>
              {s.decisionReason ?? NONE}
            </Descriptions.Item>
            <Descriptions.Item label={t('service.fields.plannedAction')} span={wide}>
              {s.plannedAction ?? NONE}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      {s.workReport && (
        <Card size="small" style={{ marginTop: 12 }} title={isReturn ? t('service.workReturn') : t('service.work')}>
          <Descriptions size="small" column={wide} data-testid="service-work">
            <Descriptions.Item label={t('service.fields.workDoneOn')}>{s.workDoneOn ?? NONE}</Descriptions.Item>
            {isReturn && <Descriptions.Item label={t('service.fields.returnQuantity')}>{s.returnQuantity ?? NONE}</Descriptions.Item>}
            {isReturn && can('prices.read') && <Descriptions.Item label={t('service.fields.totalAmount')}>{s.totalAmount ?? NONE}</Descriptions.Item>}
            {isReturn && <Descriptions.Item label={t('service.fields.creditNote')}>{s.creditNote ?? NONE}</Descriptions.Item>}
            <Descriptions.Item label={t('service.fields.workReport')} span={wide}>
              <span className="pre-wrap">{s.workReport}</span>
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      {s.confirmedOn && (
        <Card size="small" style={{ marginTop: 12 }} title={t('service.confirm')}>
          <Descriptions size="small" column={wide} data-testid="service-confirmation">
            <Descriptions.Item label={t('service.fields.confirmedOn')}>{s.confirmedOn}</Descriptions.Item>
            <Descriptions.Item label={t('service.fields.confirmedBy')}>{s.confirmedByContactName ?? NONE}</Descriptions.Item>
            <Descriptions.Item label={t('service.fields.confirmationCommunication')}>
              <RefLink to="/communications" value={s.confirmationCommunication} />
            </Descriptions.Item>
            <Descriptions.Item label={t('service.fields.confirmationNote')} span={wide}>
              {s.confirmationNote ?? NONE}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      <div style={{ marginTop: 12 }}>
        <ProcedurePanel refType="service-request" refId={s.id} defaultChannel={s.channel ?? undefined} route={isReturn ? 'return' : 'service'} />
      </div>
      <Card size="small" style={{ marginTop: 12 }}>
        <Tabs
          items={[
            {
              key: 'communications',
              label: <span data-testid="service-communications-tab">{t('service.communications')}</span>,
              children: <LinkedCommunications type="service-request" id={s.id} />,
            },
            {
              key: 'history',
              label: <span data-testid="history-tab">{t('service.history')}</span>,
              children: <HistoryPanel type="service-request" id={s.id} />,
            },
          ]}
        />
      </Card>
      <ServiceRequestModal request={s} open={dialog === 'edit'} onClose={() => setDialog(null)} onReload={reload} />
      {dialog === 'assess' && <AssessModal request={s} open onClose={() => setDialog(null)} onReload={reload} />}
      {dialog === 'work' && <WorkModal request={s} open onClose={() => setDialog(null)} onReload={reload} />}
      {dialog === 'confirm' && <ConfirmModal request={s} open onClose={() => setDialog(null)} onReload={reload} />}
    </>
  );
}
