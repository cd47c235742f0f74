import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Result, Skeleton, Tabs, Tag } from 'antd';
import { CheckCircleOutlined, EditOutlined, InboxOutlined, PrinterOutlined } from '@ant-design/icons';
import { Link, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { HistoryPanel } from '../platform/HistoryPanel.js';
import { DateTime } from '../platform/DateTime.js';
import { NONE } from '../platform/format.js';
import { ProcedurePanel, useInstances } from '../procedures/index.js';
import { ActionItemsPanel } from '../actions/index.js';
import { useOrder } from '../orders/index.js';
import { outsourcingKeys, useCuttingSheet } from './api.js';
import { SheetStatusTag, VendorStatusTag } from './labels.js';
import { CuttingSheetModal, ReceiptModal, VendorConfirmationModal } from './CuttingSheetDialogs.js';

/** 裁剪单: one outsourced line — vendor, material, cutting spec, dates — and its procedure. */
export function CuttingSheetPage() {
  const t = useT();
  const can = useCan();
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const { data: sheet, error, isLoading, refetch } = useCuttingSheet(id);
  const { data: order } = useOrder(sheet?.orderId);
  const [dialog, setDialog] = useState<'edit' | 'confirm' | 'receipt' | null>(null);
  const qc = useQueryClient();
  const { data: instances } = useInstances('cutting-sheet', id);
  const instance = instances?.items[0];
  // a move on the procedure (panel) changes the sheet's step and what may be done to it
  useEffect(() => {
    if (instance && sheet && instance.state !== sheet.state && id) void qc.invalidateQueries({ queryKey: outsourcingKeys.sheet(id) });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [instance?.state, instance?.version]);
  if (isLoading) return <Skeleton active />;
  if (!sheet) {
    if (isApiError(error, 'NOT_FOUND'))
      return <Result status="404" title={t('outsourcing.sheet.notFound')} extra={<Link to="/orders">{t('order.nav')}</Link>} />;
    return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  }
  const canWrite = can('orders.write') && sheet.status === 'open';
  const draft = canWrite && sheet.state === 'draft';
  const late = sheet.vendorDeliveryDate !== null && sheet.vendorDeliveryDate > sheet.requiredDate;
  const reload = () => void refetch();
  const tab = params.get('tab') ?? 'actions';
  return (
    <>
      <PageHeader
        back={`/orders/${sheet.orderId}?tab=outsourcing`}
        title={<span data-testid="sheet-number">{sheet.number}</span>}
        subtitle={`${sheet.orderNumber} · ${sheet.partyName}`}
        tags={<SheetStatusTag state={sheet.state} status={sheet.status} />}
        extra={
          <>
            <Link to={`/cutting-sheets/${sheet.id}/print`} target="_blank">
              <Button icon={<PrinterOutlined />} data-testid="sheet-print">
                {t('order.print')}
              </Button>
            </Link>
            {draft && (
              <Button icon={<EditOutlined />} onClick={() => setDialog('edit')} data-testid="sheet-edit">
                {t('common.edit')}
              </Button>
            )}
            {draft && (
              <Button type="primary" icon={<CheckCircleOutlined />} onClick={() => setDialog('confirm')} data-testid="sheet-vendor-confirm">
                {t('outsourcing.sheet.confirmVendor')}
              </Button>
            )}
            {canWrite && sheet.state === 'vendor-delivery' && (
              <Button type="primary" icon={<InboxOutlined />} onClick={() => setDialog('receipt')} data-testid="sheet-receipt">
                {t('outsourcing.sheet.recordReceipt')}
              </Button>
            )}
          </>
        }
      />
      {sheet.vendorStatus === 'suspended' && sheet.status === 'open' && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('outsourcing.sheet.vendorSuspended')} />
      )}
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="sheet-details">
          <Descriptions.Item label={t('outsourcing.sheet.order')}>
            <Link to={`/orders/${sheet.orderId}`}>{sheet.orderNumber}</Link> · {sheet.partyName}
          </Descriptions.Item>
          <Descriptions.Item label={t('outsourcing.sheet.line')}>
            {sheet.lineNo}. {sheet.model} {sheet.spec ?? ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('outsourcing.sheet.vendor')}>
            {sheet.vendorCode} · {sheet.vendorName} <VendorStatusTag status={sheet.vendorStatus} />
          </Descriptions.Item>
          <Descriptions.Item label={t('outsourcing.sheet.quantity')}>
            {sheet.quantity} {sheet.unit}
          </Descriptions.Item>
          <Descriptions.Item label={t('outsourcing.sheet.requiredDate')}>{sheet.requiredDate}</Descriptions.Item>
          <Descriptions.Item label={t('outsourcing.sheet.vendorDeliveryDate')}>
            <span data-testid="sheet-vendor-date">{sheet.vendorDeliveryDate ?? <Tag color="warning">{t('outsourcing.sheet.notConfirmed')}</Tag>}</span>
            {late && (
              <Tag color="error" style={{ marginInlineStart: 6 }}>
                {t('outsourcing.sheet.later')}
              </Tag>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('outsourcing.sheet.material')} span={{ xs: 1, md: 2, xl: 3 }}>
            {sheet.material}
          </Descriptions.Item>
          <Descriptions.Item label={t('outsourcing.sheet.cuttingSpec')} span={{ xs: 1, md: 2, xl: 3 }}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{sheet.cuttingSpec}</span>
          </Descriptions.Item>
          {sheet.vendorConfirmationNote && (
            <Descriptions.Item label={t('outsourcing.sheet.confirmationNote')} span={{ xs: 1, md: 2, xl: 3 }}>
              {sheet.vendorConfirmationNote}{' '}
              {sheet.vendorConfirmedAt && (
                <>
                  · <DateTime value={sheet.vendorConfirmedAt} />
                </>
              )}
            </Descriptions.Item>
          )}
          {sheet.receivedQuantity !== null && (
            <Descriptions.Item label={t('outsourcing.sheet.receivedQuantity')}>
              <span data-testid="sheet-received">
                {sheet.receivedQuantity} {sheet.unit}
              </span>{' '}
              {sheet.receivedAt && (
                <>
                  · <DateTime value={sheet.receivedAt} />
                </>
              )}{' '}
              {sheet.receivedNote ?? ''}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('outsourcing.sheet.notes')}>{sheet.notes ?? NONE}</Descriptions.Item>
          <Descriptions.Item label={t('outsourcing.sheet.createdBy')}>
            {sheet.createdByName ?? NONE} · <DateTime value={sheet.createdAt} />
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <div style={{ margin: '12px 0' }}>
        <ProcedurePanel refType="cutting-sheet" refId={sheet.id} />
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'actions' ? {} : { tab: k }, { replace: true })}
        items={[
          {
            key: 'actions',
            label: <span data-testid="actions-tab">{t('nav.actions')}</span>,
            children: (
              <Card size="small">
                <ActionItemsPanel sourceType="cutting-sheet" sourceId={sheet.id} readOnly={sheet.status !== 'open'} />
              </Card>
            ),
          },
          {
            key: 'history',
            label: <span data-testid="history-tab">{t('order.tabs.history')}</span>,
            children: (
              <Card size="small">
                <HistoryPanel type="cutting-sheet" id={sheet.id} />
              </Card>
            ),
          },
        ]}
      />
      {order && <CuttingSheetModal order={order} sheet={sheet} open={dialog === 'edit'} onClose={() => setDialog(null)} onReload={reload} />}
      <VendorConfirmationModal sheet={sheet} open={dialog === 'confirm'} onClose={() => setDialog(null)} onReload={reload} />
      <ReceiptModal sheet={sheet} open={dialog === 'receipt'} onClose={() => setDialog(null)} onReload={reload} />
    </>
  );
}
