import { useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Result, Row, Skeleton, Tabs, Tag, Typography } from 'antd';
import { CheckOutlined, EditOutlined, StopOutlined } from '@ant-design/icons';
import { Link, useParams, useSearchParams } from 'react-router';
import { VoidRequest } from '../../../contracts/common.js';
import { isApiError } from '../api/client.js';
import { useT, useTryT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { HistoryPanel, useHistory } from '../platform/HistoryPanel.js';
import { ReasonModal } from '../platform/ReasonModal.js';
import { DateTime } from '../platform/DateTime.js';
import { NONE } from '../platform/format.js';
import { useProblemHandler } from '../platform/problem.js';
import { useCommunication, useCommunicationList, useCompleteFollowUp, useVoidCommunication, type TCommunication } from './api.js';
import { ChannelTag, DirectionTag, FollowUpTag, TopicTag } from './labels.js';
import { AttachmentList } from './AttachmentList.js';
import { CorrectDrawer } from './CorrectDrawer.js';
import { ProcedurePanel } from '../procedures/index.js';
import { ActionItemsPanel, useActionList } from '../actions/index.js';

/** Communications that link to this one — the logged answer to an enquiry, follow-ups. */
function LinkedHere({ comm }: { comm: TCommunication }) {
  const t = useT();
  const { data } = useCommunicationList({ linkType: 'communication', linkId: comm.id, pageSize: 20 });
  const items = data?.items ?? [];
  if (!items.length) return null;
  return (
    <Card size="small" title={`${t('comm.linkedHere')} (${items.length})`} style={{ marginTop: 12 }} data-testid="comm-linked">
      <Flex vertical gap={10}>
        {items.map((c) => (
          <div key={c.id} data-testid="comm-linked-item">
            <Flex gap={6} align="center" wrap>
              <DirectionTag direction={c.direction} />
              <ChannelTag channel={c.channel} />
              <Link to={`/communications/${c.id}`}>
                {c.number} · {c.subject}
              </Link>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                <DateTime value={c.occurredAt} /> · {c.ourUserName}
              </Typography.Text>
            </Flex>
            <Typography.Paragraph className="pre-wrap" ellipsis={{ rows: 4, expandable: 'collapsible' }} style={{ margin: '4px 0 0' }}>
              {c.content}
            </Typography.Paragraph>
          </div>
        ))}
      </Flex>
    </Card>
  );
}

function Details({ comm }: { comm: TCommunication }) {
  const t = useT();
  const tt = useTryT();
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} lg={16}>
        <Card size="small" title={t('comm.fields.content')}>
          <Typography.Paragraph className="pre-wrap" style={{ marginBottom: 0 }} data-testid="comm-content">
            {comm.content}
          </Typography.Paragraph>
        </Card>
        <LinkedHere comm={comm} />
        <Card size="small" title={t('comm.fields.result')} style={{ marginTop: 12 }}>
          {comm.result ? (
            <Typography.Paragraph className="pre-wrap" style={{ marginBottom: 0 }} data-testid="comm-result">
              {comm.result}
            </Typography.Paragraph>
          ) : (
            <Typography.Text type="secondary">{NONE}</Typography.Text>
          )}
        </Card>
        <Card size="small" title={`${t('comm.fields.attachments')} (${comm.attachments.length})`} style={{ marginTop: 12 }}>
          <AttachmentList items={comm.attachments} />
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card size="small">
          <Descriptions
            size="small"
            column={1}
            items={[
              {
                key: 'party',
                label: t('comm.fields.party'),
                children: (
                  <Link to={`/customers/${comm.partyId}`} data-testid="comm-party">
                    {comm.partyCode} · {comm.partyName}
                  </Link>
                ),
              },
              { key: 'contact', label: t('comm.fields.contact'), children: comm.contactName ?? NONE },
              { key: 'our', label: t('comm.fields.ourUser'), children: comm.ourUserName },
              { key: 'at', label: t('comm.fields.occurredAt'), children: <DateTime value={comm.occurredAt} /> },
              { key: 'channel', label: t('comm.fields.channel'), children: <ChannelTag channel={comm.channel} /> },
              { key: 'direction', label: t('comm.fields.direction'), children: <DirectionTag direction={comm.direction} /> },
              { key: 'topic', label: t('comm.fields.topic'), children: <TopicTag topic={comm.topic} showOther /> },
              {
                key: 'follow',
                label: t('comm.fields.followUpDue'),
                children: comm.followUpDue ? (
                  <span>
                    <DateTime value={comm.followUpDue} /> <FollowUpTag due={comm.followUpDue} doneAt={comm.followUpDoneAt} />
                  </span>
                ) : (
                  NONE
                ),
              },
              {
                key: 'links',
                label: t('comm.fields.links'),
                children: comm.links.length
                  ? comm.links.map((l) => (
                      <Tag key={`${l.type}:${l.id}`}>
                        {tt(`recordTypes.${l.type}`) ?? l.type}:{' '}
                        {l.type === 'communication' || l.type === 'customer' ? (
                          <Link to={l.type === 'customer' ? `/customers/${l.id}` : `/communications/${l.id}`} data-testid="comm-link">
                            {l.title ?? l.id}
                          </Link>
                        ) : (
                          (l.title ?? l.id)
                        )}
                      </Tag>
                    ))
                  : NONE,
              },
              {
                key: 'created',
                label: t('common.createdBy'),
                children: (
                  <span>
                    {comm.createdByName} · <DateTime value={comm.createdAt} />
                  </span>
                ),
              },
              { key: 'updated', label: t('common.updatedAt'), children: <DateTime value={comm.updatedAt} /> },
              { key: 'version', label: t('common.version'), children: <span data-testid="comm-version">v{comm.version}</span> },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}

export function CommunicationDetailPage() {
  const { id } = useParams<{ id: string }>();
  const t = useT();
  const can = useCan();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [params, setParams] = useSearchParams();
  const [dialog, setDialog] = useState<'correct' | 'void' | null>(null);
  const { data: comm, isLoading, error, refetch } = useCommunication(id);
  const voidIt = useVoidCommunication(id ?? '');
  const done = useCompleteFollowUp();
  // how often it was corrected, from its audit trail (absent without audit.read)
  const { data: history } = useHistory('communication', id);
  const corrections = history?.entries.filter((e) => e.action === 'correct').length ?? 0;
  const actions = useActionList({ sourceType: 'communication', sourceId: id, pageSize: 200 }, !!id);
  const openActions = actions.data?.items.filter((a) => a.status === 'open').length ?? 0;
  if (isLoading) return <Skeleton active />;
  if (error || !comm) {
    if (isApiError(error) && (error.status === 404 || error.status === 400))
      return <Result status="404" title={t('comm.notFound')} extra={<Link to="/communications">{t('nav.communications')}</Link>} />;
    return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  }
  const reload = () => void refetch();
  const live = !comm.voided;
  const tab = params.get('tab') ?? 'details';
  return (
    <>
      <PageHeader
        back="/communications"
        title={
          <span>
            <span data-testid="comm-number">{comm.number}</span> · <span data-testid="comm-subject">{comm.subject}</span>
          </span>
        }
        tags={
          <>
            <ChannelTag channel={comm.channel} />
            <DirectionTag direction={comm.direction} />
            <TopicTag topic={comm.topic} />
            <FollowUpTag due={comm.followUpDue} doneAt={comm.followUpDoneAt} />
            {comm.voided && <Tag color="error">{t('common.voided')}</Tag>}
            {corrections > 0 && <Tag color="orange">{t('comm.correctedTag', { n: corrections })}</Tag>}
          </>
        }
        extra={
          <>
            {live && can('communications.write') && comm.followUpDue && !comm.followUpDoneAt && (
              <Button
                icon={<CheckOutlined />}
                loading={done.isPending}
                data-testid="comm-follow-up-done"
                onClick={() =>
                  done.mutate(
                    { id: comm.id, version: comm.version },
                    { onSuccess: () => message.success(t('comm.followUpMarkedDone')), onError: (e) => onProblem(e, { onReload: reload }) },
                  )
                }
              >
                {t('comm.markFollowUpDone')}
              </Button>
            )}
            {live && can('complaints.write') && comm.direction === 'in' && !comm.links.some((l) => l.type === 'complaint') && (
              <Link to={`/complaints/new?communicationId=${comm.id}`}>
                <Button data-testid="comm-to-complaint">{t('complaint.new')}</Button>
              </Link>
            )}
            {live && can('orders.write') && comm.direction === 'in' && comm.channel === 'email' && !comm.links.some((l) => l.type === 'order') && (
              <Link to={`/orders/new?communicationId=${comm.id}`}>
                <Button data-testid="comm-take-order">{t('order.takeFromMail')}</Button>
              </Link>
            )}
            {live && can('internal.write') && (
              <Link to={`/communication-plans?new=1&sourceType=communication&sourceId=${comm.id}`}>
                <Button data-testid="comm-forward-internal">{t('internal.new')}</Button>
              </Link>
            )}
            {live && can('communications.write') && (
              <Button type="primary" icon={<EditOutlined />} onClick={() => setDialog('correct')} data-testid="comm-correct">
                {t('comm.correct')}
              </Button>
            )}
            {live && can('communications.void') && (
              <Button danger icon={<StopOutlined />} onClick={() => setDialog('void')} data-testid="comm-void">
                {t('common.void')}
              </Button>
            )}
          </>
        }
      />
      {comm.voided && (
        <Alert
          type="warning"
          showIcon
          title={t('comm.voidedBanner')}
          description={comm.voidReason ? `${t('common.reason')}: ${comm.voidReason}` : undefined}
          style={{ marginBottom: 12 }}
        />
      )}
      <div style={{ marginBottom: 12 }}>
        <ProcedurePanel refType="communication" refId={comm.id} defaultChannel={comm.channel} />
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'details' ? {} : { tab: k }, { replace: true })}
        items={[
          { key: 'details', label: <span data-testid="details-tab">{t('comm.tabs.details')}</span>, children: <Details comm={comm} /> },
          {
            key: 'actions',
            label: (
              <span data-testid="actions-tab">
                {t('nav.actions')}{' '}
                {openActions > 0 && (
                  <Tag color="processing" style={{ marginInlineStart: 4 }}>
                    {openActions}
                  </Tag>
                )}
              </span>
            ),
            children: (
              <Card size="small">
                <ActionItemsPanel sourceType="communication" sourceId={comm.id} readOnly={comm.voided} />
              </Card>
            ),
          },
          {
            key: 'history',
            label: <span data-testid="history-tab">{t('history.titleVersions')}</span>,
            children: (
              <Card size="small">
                <HistoryPanel type="communication" id={comm.id} />
              </Card>
            ),
          },
        ]}
      />
      <CorrectDrawer comm={comm} open={dialog === 'correct'} onClose={() => setDialog(null)} onReload={reload} />
      <ReasonModal
        open={dialog === 'void'}
        title={t('comm.voidTitle', { number: comm.number })}
        description={t('comm.voidHint')}
        schema={VoidRequest.shape.reason}
        okText={t('common.void')}
        danger
        onClose={() => setDialog(null)}
        onReload={reload}
        onSubmit={(reason) => voidIt.mutateAsync({ version: comm.version, reason: reason ?? '' })}
      />
    </>
  );
}
