import { lazy, Suspense, useState } from 'react';
import { Alert, Button, Card, Descriptions, Result, Skeleton, Typography } from 'antd';
import { CheckOutlined, EditOutlined, PhoneOutlined, StopOutlined } from '@ant-design/icons';
import { Link, useParams, useSearchParams } from 'react-router';
import { AcceptCustomerRequest } from '../../../contracts/parties.js';
import { VoidRequest } from '../../../contracts/common.js';
import { isApiError } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { useQuickEntry } from '../communications/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { HistoryPanel } from '../platform/HistoryPanel.js';
import { RecordMailPanel } from '../mail/index.js';
import { ReasonModal } from '../platform/ReasonModal.js';
import { DateTime } from '../platform/DateTime.js';
import { NONE } from '../platform/format.js';
import { WrapTabs } from '../platform/WrapTabs.js';
import { useAcceptCustomer, useCustomer, useVoidCustomer, type TCustomer } from './api.js';
import { AcceptedTag, DueTag, GradeTag, StatusTag, VoidedTag } from './labels.js';
import { ContactsTab } from './ContactsTab.js';
import { TimelineTab } from './TimelineTab.js';
import { CustomerEditDrawer } from './CustomerEditDrawer.js';
import { ActionItemsPanel, useActionList } from '../actions/index.js';
import { CustomerVisitsTab } from '../visits/index.js';
import { CustomerPortalTab } from '../portal/index.js';
import { ScorecardPanel } from '../kpis/index.js';
import { CustomerRegistersTab } from '../registers/index.js';
import { CustomerEngineeringTab } from '../engineering/index.js';
import { CustomerServiceTab } from '../service/index.js';
import { useFeatureT } from '../i18n/feature.js';
import { segmentPanelWords as segmentWords } from './segment-panel-words.js';

// the value segment's panel comes with its tab
const SegmentPanel = lazy(() => import('./SegmentPanel.js').then((m) => ({ default: m.SegmentPanel })));
const SegmentTag = lazy(() => import('./SegmentPanel.js').then((m) => ({ default: m.SegmentTag })));

function Header({ customer, onReload }: { customer: TCustomer; onReload(): void }) {
  const t = useT();
  const can = useCan();
  const quick = useQuickEntry();
  const [dialog, setDialog] = useState<'edit' | 'accept' | 'void' | null>(null);
  const accept = useAcceptCustomer(customer.id);
  const voidIt = useVoidCustomer(customer.id);
  const live = !customer.voided;
  return (
    <>
      <PageHeader
        back="/customers"
        title={
          <span data-testid="customer-title">
            {customer.code} · {customer.nameZh}
          </span>
        }
        subtitle={customer.nameEn ?? undefined}
        tags={
          <>
            <GradeTag grade={customer.grade} />
            <StatusTag status={customer.status} />
            <AcceptedTag accepted={customer.acceptedByGm} />
            {customer.contactDue && live && <DueTag />}
            {customer.voided && <VoidedTag />}
          </>
        }
        extra={
          <>
            {live && can('communications.write') && (
              <Button type="primary" icon={<PhoneOutlined />} onClick={() => quick.open({ partyId: customer.id })} data-testid="customer-log-communication">
                {t('customer.logCommunication')}
              </Button>
            )}
            {live && can('customers.write') && (
              <Button icon={<EditOutlined />} onClick={() => setDialog('edit')} data-testid="customer-edit">
                {t('common.edit')}
              </Button>
            )}
            {live && can('customers.accept') && !customer.acceptedByGm && (
              <Button icon={<CheckOutlined />} onClick={() => setDialog('accept')} data-testid="customer-accept">
                {t('customer.accept')}
              </Button>
            )}
            {live && can('customers.write') && (
              <Button danger icon={<StopOutlined />} onClick={() => setDialog('void')} data-testid="customer-void">
                {t('common.void')}
              </Button>
            )}
          </>
        }
      />
      <CustomerEditDrawer customer={customer} open={dialog === 'edit'} onClose={() => setDialog(null)} onReload={onReload} />
      <ReasonModal
        open={dialog === 'accept'}
        title={t('customer.acceptTitle', { code: customer.code })}
        description={t('customer.acceptHint')}
        schema={AcceptCustomerRequest.shape.reason}
        label={t('customer.acceptRemark')}
        okText={t('customer.accept')}
        onClose={() => setDialog(null)}
        onReload={onReload}
        onSubmit={(reason) => accept.mutateAsync({ version: customer.version, reason })}
      />
      <ReasonModal
        open={dialog === 'void'}
        title={t('customer.voidTitle', { code: customer.code })}
        description={t('customer.voidHint')}
        schema={VoidRequest.shape.reason}
        okText={t('common.void')}
        danger
        onClose={() => setDialog(null)}
        onReload={onReload}
        onSubmit={(reason) => voidIt.mutateAsync({ version: customer.version, reason: reason ?? '' })}
      />
    </>
  );
}

function Facts({ customer }: { customer: TCustomer }) {
  const t = useT();
  const w = useFeatureT(segmentWords);
  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 4 }}
        items={[
          { key: 'owner', label: t('customer.fields.owner'), children: customer.ownerName ?? NONE },
          { key: 'last', label: t('customer.fields.lastContact'), children: <DateTime value={customer.lastContactAt} relative /> },
          {
            key: 'cadence',
            label: t('customer.fields.contactCadenceDays'),
            children: customer.contactCadenceDays
              ? t('customer.everyNDays', { n: customer.contactCadenceDays })
              : customer.effectiveCadenceDays
                ? `${t('customer.everyNDays', { n: customer.effectiveCadenceDays })}${w('bySegment')}`
                : NONE,
          },
          {
            key: 'segment',
            label: w('column'),
            children: (
              <Suspense fallback={NONE}>
                <SegmentTag abcClass={customer.abcClass} highValue={customer.highValue} />
              </Suspense>
            ),
          },
          { key: 'lang', label: t('customer.fields.preferredLanguage'), children: t(`enums.locale.${customer.preferredLanguage}`) },
          {
            key: 'accepted',
            label: t('customer.fields.acceptedByGm'),
            children: customer.acceptedByGm ? (
              <span>
                {customer.acceptedByName && `${customer.acceptedByName} · `}
                <DateTime value={customer.acceptedAt} />
              </span>
            ) : (
              t('customer.notAccepted')
            ),
          },
          { key: 'created', label: t('common.createdAt'), children: <DateTime value={customer.createdAt} /> },
          { key: 'updated', label: t('common.updatedAt'), children: <DateTime value={customer.updatedAt} /> },
          { key: 'version', label: t('common.version'), children: `v${customer.version}` },
          {
            key: 'notes',
            label: t('customer.fields.notes'),
            span: 'filled',
            children: customer.notes ? <span className="pre-wrap">{customer.notes}</span> : NONE,
          },
        ]}
      />
    </Card>
  );
}

export function CustomerDetailPage() {
  const { id } = useParams<{ id: string }>();
  const t = useT();
  const [params, setParams] = useSearchParams();
  const quick = useQuickEntry();
  const can = useCan();
  const segW = useFeatureT(segmentWords);
  const { data: customer, isLoading, error, refetch } = useCustomer(id);
  const actions = useActionList({ sourceType: 'customer', sourceId: id, pageSize: 200 }, !!id);
  const openActions = actions.data?.items.filter((a) => a.status === 'open').length ?? 0;
  if (isLoading) return <Skeleton active />;
  if (error || !customer) {
    // a malformed id in the address is "not found" too, not a form error
    if (isApiError(error) && (error.status === 404 || error.status === 400))
      return <Result status="404" title={t('customer.notFound')} extra={<Link to="/customers">{t('nav.customers')}</Link>} />;
    return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  }
  const reload = () => void refetch();
  const tab = params.get('tab') ?? 'timeline';
  const activeContacts = customer.contacts.filter((c) => !c.voided).length;
  return (
    <>
      <Header customer={customer} onReload={reload} />
      {customer.voided && <Alert type="warning" showIcon title={t('customer.voidedBanner')} style={{ marginBottom: 12 }} />}
      <Facts customer={customer} />
      <Card size="small">
        <WrapTabs
          activeKey={tab}
          onChange={(k) => setParams(k === 'timeline' ? {} : { tab: k }, { replace: true })}
          items={[
            {
              key: 'timeline',
              label: <span data-testid="timeline-tab">{t('customer.tabs.timeline')}</span>,
              children: (
                <TimelineTab
                  customerId={customer.id}
                  onLog={!customer.voided && can('communications.write') ? () => quick.open({ partyId: customer.id }) : undefined}
                />
              ),
            },
            {
              key: 'contacts',
              label: (
                <span data-testid="contacts-tab">
                  {t('customer.tabs.contacts')} <Typography.Text type="secondary">{activeContacts}</Typography.Text>
                </span>
              ),
              children: <ContactsTab customer={customer} onReload={reload} />,
            },
            {
              key: 'actions',
              label: (
                <span data-testid="actions-tab">
                  {t('nav.actions')} {openActions > 0 && <Typography.Text type="secondary">{openActions}</Typography.Text>}
                </span>
              ),
              children: <ActionItemsPanel sourceType="customer" sourceId={customer.id} readOnly={customer.voided} />,
            },
            ...(can('visits.read')
              ? [
                  {
                    key: 'visits',
                    label: <span data-testid="customer-visits-tab">{t('visit.nav')}</span>,
                    children: <CustomerVisitsTab customerId={customer.id} />,
                  },
                ]
              : []),
            {
              key: 'portal',
              label: <span data-testid="customer-portal-tab">{t('portal.staff.tab')}</span>,
              children: (
                <CustomerPortalTab
                  customerId={customer.id}
                  contacts={customer.contacts.filter((c) => !c.voided)}
                  canWrite={!customer.voided && can('customers.write')}
                />
              ),
            },
            {
              key: 'segment',
              label: <span data-testid="customer-segment-tab">{segW('tab')}</span>,
              children: (
                <Suspense fallback={<Skeleton active />}>
                  <SegmentPanel customerId={customer.id} ownCadenceDays={customer.contactCadenceDays} canRefresh={can('customers.write')} />
                </Suspense>
              ),
            },
            ...(can('kpis.read')
              ? [
                  {
                    key: 'scorecard',
                    label: <span data-testid="customer-scorecard-tab">{t('kpi.scorecard.tab')}</span>,
                    children: <ScorecardPanel customerId={customer.id} />,
                  },
                ]
              : []),
            ...(can('registers.read')
              ? [
                  {
                    key: 'registers',
                    label: <span data-testid="customer-registers-tab">{t('registers.tab')}</span>,
                    children: <CustomerRegistersTab customerId={customer.id} />,
                  },
                ]
              : []),
            ...(can('engineering.read')
              ? [
                  {
                    key: 'engineering',
                    label: <span data-testid="customer-engineering-tab">{t('engineering.tab')}</span>,
                    children: <CustomerEngineeringTab customerId={customer.id} />,
                  },
                ]
              : []),
            ...(can('service.read')
              ? [
                  {
                    key: 'service',
                    label: <span data-testid="customer-service-tab">{t('service.tab')}</span>,
                    children: <CustomerServiceTab customerId={customer.id} />,
                  },
                ]
              : []),
            ...(can('communications.write')
              ? [
                  {
                    key: 'mail',
                    label: <span data-testid="customer-mail-tab">{t('mail.record.title')}</span>,
                    children: <RecordMailPanel type="customer" id={customer.id} />,
                  },
                ]
              : []),
            {
              key: 'history',
              label: <span data-testid="history-tab">{t('history.title')}</span>,
              children: <HistoryPanel type="customer" id={customer.id} />,
            },
          ]}
        />
      </Card>
    </>
  );
}
