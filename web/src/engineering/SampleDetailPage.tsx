import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Flex, Result, Skeleton, Tabs } from 'antd';
import { CheckCircleOutlined, EditOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { isApiError } from '../api/client.js';
import { useEngineeringT as useT } from './words.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { HistoryPanel } from '../platform/HistoryPanel.js';
import { NONE } from '../platform/format.js';
import { ProcedurePanel, useInstances } from '../procedures/index.js';
import { AttachmentList } from '../communications/index.js';
import { useSample } from './api.js';
import { SampleAnswerModal, SampleModal } from './SampleDialogs.js';
import { SampleDue } from './SampleListPage.js';
import { LinkedCommunications, RefLink, StateTag } from './parts.js';

/** One sample confirmation: the dispatch, the procedure (answer due, escalation), the customer's answer, communications. */
export function SampleDetailPage() {
  const t = useT();
  const can = useCan();
  const { id } = useParams();
  const { data: s, error, isLoading, refetch } = useSample(id);
  const [dialog, setDialog] = useState<'edit' | 'answer' | null>(null);
  const qc = useQueryClient();
  const { data: instances } = useInstances('sample', id);
  const instance = instances?.items[0];
  useEffect(() => {
    if (instance && s && instance.state !== s.state && id) void qc.invalidateQueries({ queryKey: ['samples'] });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [instance?.state, instance?.version]);
  if (isLoading) return <Skeleton active />;
  if (!s) {
    if (isApiError(error, 'NOT_FOUND'))
      return <Result status="404" title={t('engineering.common.notFound')} extra={<Link to="/samples">{t('engineering.sample.nav')}</Link>} />;
    return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  }
  const editable = new Set(instance?.view.editable ?? []);
  const write = can('engineering.write');
  const reload = () => void refetch();
  return (
    <>
      <PageHeader
        back="/samples"
        title={<span data-testid="sample-number">{s.number}</span>}
        subtitle={`${s.partyCode} · ${s.partyName} · ${s.model} ×${s.quantity}`}
        tags={<StateTag state={s.state} label={s.state ? t(`engineering.sample.state.${s.state}`) : ''} testId="sample-state" />}
        extra={
          write && (
            <>
              {editable.has('sample') && (
                <Button icon={<EditOutlined />} onClick={() => setDialog('edit')} data-testid="sample-edit">
                  {t('common.edit')}
                </Button>
              )}
              {editable.has('answer') && (
                <Button type="primary" icon={<CheckCircleOutlined />} onClick={() => setDialog('answer')} data-testid="sample-answer-open">
                  {t('engineering.sample.answer')}
                </Button>
              )}
            </>
          )
        }
      />
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="sample-details">
          <Descriptions.Item label={t('engineering.common.customer')}>
            <Link to={`/customers/${s.partyId}`}>
              {s.partyCode} · {s.partyName}
            </Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('engineering.sample.fields.model')}>{s.model}</Descriptions.Item>
          <Descriptions.Item label={t('engineering.sample.fields.quantity')}>{s.quantity}</Descriptions.Item>
          <Descriptions.Item label={t('engineering.sample.fields.sentOn')}>{s.sentOn}</Descriptions.Item>
          <Descriptions.Item label={t('engineering.sample.fields.shipVia')}>
            {t(`engineering.sample.shipVia.${s.shipVia}`)}
            {s.trackingNo ? ` · ${s.trackingNo}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('engineering.sample.answerDue')}>
            <SampleDue s={s} /> ({t('engineering.sample.fields.answerWithinDays')}: {s.answerWithinDays})
          </Descriptions.Item>
          <Descriptions.Item label={t('engineering.common.order')}>
            <RefLink to="/orders" value={s.order} />
          </Descriptions.Item>
          <Descriptions.Item label={t('engineering.common.quotation')}>
            <RefLink to="/quotations" value={s.quotation} />
          </Descriptions.Item>
          <Descriptions.Item label={t('engineering.common.owner')}>{s.ownerName ?? NONE}</Descriptions.Item>
          <Descriptions.Item label={t('engineering.sample.fields.description')} span={{ xs: 1, md: 2, xl: 3 }}>
            {s.description ?? NONE}
          </Descriptions.Item>
          <Descriptions.Item label={t('engineering.common.notes')} span={{ xs: 1, md: 2, xl: 3 }}>
            {s.notes ?? NONE}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {s.decision && (
        <Card size="small" style={{ marginTop: 12 }} title={t('engineering.sample.fields.decision')}>
          <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="sample-answer-details">
            <Descriptions.Item label={t('engineering.sample.fields.decision')}>
              <StateTag state={s.decision} label={t(`engineering.sample.decision.${s.decision}`)} testId="sample-decision-tag" />
            </Descriptions.Item>
            <Descriptions.Item label={t('engineering.sample.fields.answeredOn')}>{s.answeredOn ?? NONE}</Descriptions.Item>
            <Descriptions.Item label={t('engineering.sample.fields.answeredBy')}>{s.answeredByContactName ?? NONE}</Descriptions.Item>
            <Descriptions.Item label={t('engineering.sample.fields.answerCommunication')}>
              <RefLink to="/communications" value={s.answerCommunication} />
            </Descriptions.Item>
            <Descriptions.Item label={t('engineering.sample.signedRecords')} span={{ xs: 1, md: 2 }}>
              {s.signedRecords.length ? <AttachmentList items={s.signedRecords} /> : NONE}
            </Descriptions.Item>
            {s.rejectionReason && (
              <Descriptions.Item label={t('engineering.sample.fields.rejectionReason')} span={{ xs: 1, md: 2, xl: 3 }}>
                {s.rejectionReason}
              </Descriptions.Item>
            )}
          </Descriptions>
        </Card>
      )}
      <div style={{ marginTop: 12 }}>
        <ProcedurePanel refType="sample" refId={s.id} />
      </div>
      <Card size="small" style={{ marginTop: 12 }}>
        <Tabs
          items={[
            {
              key: 'communications',
              label: <span data-testid="sample-communications-tab">{t('engineering.common.communications')}</span>,
              children: <LinkedCommunications type="sample" id={s.id} />,
            },
            {
              key: 'history',
              label: <span data-testid="history-tab">{t('engineering.common.history')}</span>,
              children: <HistoryPanel type="sample" id={s.id} />,
            },
          ]}
        />
      </Card>
      <Flex />
      <SampleModal sample={s} open={dialog === 'edit'} onClose={() => setDialog(null)} onReload={reload} />
      <SampleAnswerModal sample={s} open={dialog === 'answer'} onClose={() => setDialog(null)} onReload={reload} />
    </>
  );
}
