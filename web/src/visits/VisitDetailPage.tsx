import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Empty, Flex, List, Result, Skeleton, Table, Tabs, Tag, Typography } from 'antd';
import { CheckCircleOutlined, EditOutlined, FileTextOutlined, MailOutlined, PlusOutlined, PrinterOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Link, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { useCan, useCurrentUser, useDepartmentName } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { HistoryPanel } from '../platform/HistoryPanel.js';
import { DateTime } from '../platform/DateTime.js';
import { NONE } from '../platform/format.js';
import { useProblemHandler } from '../platform/problem.js';
import { ProcedurePanel, useInstances } from '../procedures/index.js';
import { ActionTable, useActionList } from '../actions/index.js';
import { AttachmentList, useCommunicationList, ChannelTag, DirectionTag } from '../communications/index.js';
import { useAcknowledgeNotice, useVisit, visitKeys, type TVisit } from './api.js';
import { SeverityTag, StepTag, VisitKindTag } from './labels.js';
import { FindingModal, InformModal, MinutesModal, RespondModal, VisitActionModal, VisitPlanModal } from './VisitDialogs.js';

function NoticeCard({ visit }: { visit: TVisit }) {
  const t = useT();
  const me = useCurrentUser();
  const dept = useDepartmentName();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const ack = useAcknowledgeNotice(visit.id);
  const mine = new Set(me.departments.map((d) => d.code));
  return (
    <Card
      size="small"
      title={
        <>
          <SafetyCertificateOutlined /> {t('visit.notice')}
        </>
      }
      data-testid="visit-notice"
    >
      {!visit.noticeDepartments.length ? (
        <Typography.Text type="secondary">{t('visit.noDepartments')}</Typography.Text>
      ) : (
        <Flex gap={8} wrap>
          {visit.acknowledgements.map((a) => (
            <Flex
              key={a.department}
              align="center"
              gap={6}
              style={{ border: '1px solid #e8eaee', borderRadius: 6, padding: '4px 10px' }}
              data-testid="notice-department"
              data-department={a.department}
              data-acknowledged={a.acknowledged}
            >
              <Typography.Text strong>{dept(a.department)}</Typography.Text>
              {a.acknowledged ? (
                <Tag color="success" icon={<CheckCircleOutlined />} style={{ marginInlineEnd: 0 }}>
                  {t('visit.acknowledged')} · {a.userName} · <DateTime value={a.at} />
                </Tag>
              ) : visit.state === 'notice' && mine.has(a.department) ? (
                <Button
                  size="small"
                  type="primary"
                  loading={ack.isPending}
                  onClick={() =>
                    ack.mutate({ department: a.department }, { onSuccess: () => message.success(t('visit.acknowledgedToast')), onError: (e) => onProblem(e) })
                  }
                  data-testid="notice-acknowledge"
                >
                  {t('visit.acknowledge', { dept: dept(a.department) })}
                </Button>
              ) : (
                <Tag style={{ marginInlineEnd: 0 }}>{t('visit.pending')}</Tag>
              )}
            </Flex>
          ))}
        </Flex>
      )}
    </Card>
  );
}

/** 客户访厂/审核: the plan, the notice and its acknowledgements, findings, actions, minutes, the customer informed. */
export function VisitDetailPage() {
  const t = useT();
  const can = useCan();
  const dept = useDepartmentName();
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const { data: visit, error, isLoading, refetch } = useVisit(id);
  const { data: actions } = useActionList({ sourceType: 'visit', sourceId: id ?? '', pageSize: 200 }, !!id);
  const { data: comms } = useCommunicationList({ linkType: 'visit', linkId: id ?? '', pageSize: 50 }, !!id);
  const [dialog, setDialog] = useState<'plan' | 'finding' | 'action' | 'minutes' | 'inform' | null>(null);
  const [responding, setResponding] = useState<TVisit['findings'][number] | null>(null);
  const qc = useQueryClient();
  const { data: instances } = useInstances('visit', id);
  const instance = instances?.items[0];
  useEffect(() => {
    if (instance && visit && instance.state !== visit.state && id) void qc.invalidateQueries({ queryKey: visitKeys.one(id) });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [instance?.state, instance?.version]);
  if (isLoading) return <Skeleton active />;
  if (!visit) {
    if (isApiError(error, 'NOT_FOUND')) return <Result status="404" title={t('visit.notFound')} extra={<Link to="/visits">{t('visit.nav')}</Link>} />;
    return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  }
  const write = can('visits.write') && visit.status === 'open';
  const followUp = write && visit.state === 'follow-up';
  const reload = () => void refetch();
  const tab = params.get('tab') ?? 'findings';
  const incoming = visit.direction === 'incoming';
  return (
    <>
      <PageHeader
        back="/visits"
        title={<span data-testid="visit-number">{visit.number}</span>}
        subtitle={`${visit.partyCode} · ${visit.partyName}`}
        tags={
          <Flex gap={6}>
            <VisitKindTag direction={visit.direction} kind={visit.kind} />
            <StepTag procedureId="customer-visit" state={visit.state} status={visit.status} testId="visit-status" />
            {visit.state !== 'plan' && visit.state !== 'notice' && (
              <Tag color={visit.customerInformed ? 'success' : 'warning'} data-testid="visit-informed" data-informed={visit.customerInformed}>
                {visit.customerInformed ? t('visit.informed') : t('visit.notInformed')}
              </Tag>
            )}
          </Flex>
        }
        extra={
          <>
            <Link to={`/visits/${visit.id}/print`} target="_blank">
              <Button icon={<PrinterOutlined />} data-testid="visit-print">
                {t('visit.print')}
              </Button>
            </Link>
            {write && visit.state === 'plan' && (
              <Button icon={<EditOutlined />} onClick={() => setDialog('plan')} data-testid="visit-edit">
                {t('common.edit')}
              </Button>
            )}
            {followUp && (
              <Button icon={<FileTextOutlined />} onClick={() => setDialog('minutes')} data-testid="visit-record-minutes">
                {t('visit.recordMinutes')}
              </Button>
            )}
            {followUp && can('communications.write') && (
              <Button icon={<MailOutlined />} onClick={() => setDialog('inform')} data-testid="visit-inform-customer">
                {t('visit.informCustomer')}
              </Button>
            )}
          </>
        }
      />
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="visit-details">
          <Descriptions.Item label={t('visit.fields.customer')}>
            <Link to={`/customers/${visit.partyId}`}>
              {visit.partyCode} · {visit.partyName}
            </Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('visit.fields.dates')}>
            {visit.startDate === visit.endDate ? visit.startDate : `${visit.startDate} – ${visit.endDate}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('visit.fields.owner')}>{visit.ownerName ?? NONE}</Descriptions.Item>
          <Descriptions.Item label={t('visit.fields.purpose')} span={{ xs: 1, md: 2, xl: 3 }}>
            {visit.purpose}
          </Descriptions.Item>
          <Descriptions.Item label={t('visit.fields.visitors')}>{visit.visitors ?? NONE}</Descriptions.Item>
          <Descriptions.Item label={t('visit.fields.accompanying')}>{visit.accompanying.map((a) => a.name).join('、') || NONE}</Descriptions.Item>
          <Descriptions.Item label={t('visit.fields.nda')}>{visit.ndaRequired ? <Tag color="red">{t('visit.yes')}</Tag> : t('visit.no')}</Descriptions.Item>
          <Descriptions.Item label={t('visit.fields.focusItems')} span={{ xs: 1, md: 2 }}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{visit.focusItems ?? NONE}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('visit.fields.restrictedAreas')}>{visit.restrictedAreas ?? NONE}</Descriptions.Item>
          {!incoming && <Descriptions.Item label={t('visit.fields.nextContact')}>{visit.nextContact ?? NONE}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <div style={{ margin: '12px 0' }}>
        <NoticeCard visit={visit} />
      </div>
      <div style={{ margin: '12px 0' }}>
        <ProcedurePanel refType="visit" refId={visit.id} />
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'findings' ? {} : { tab: k }, { replace: true })}
        items={[
          {
            key: 'findings',
            label: (
              <span data-testid="visit-findings-tab">
                {t('visit.findings')} ({visit.findings.length})
              </span>
            ),
            children: (
              <Card
                size="small"
                extra={
                  followUp && (
                    <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('finding')} data-testid="finding-new">
                      {t('visit.addFinding')}
                    </Button>
                  )
                }
                title={
                  !followUp && visit.status === 'open' ? (
                    <Typography.Text type="secondary" style={{ fontWeight: 400 }}>
                      {t('visit.followUpOnly')}
                    </Typography.Text>
                  ) : null
                }
              >
                <Table
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={visit.findings}
                  data-testid="finding-table"
                  locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('visit.noFindings')} /> }}
                  columns={[
                    { title: '#', dataIndex: 'no', width: 50 },
                    { title: t('visit.findingArea'), dataIndex: 'area', width: 140 },
                    { title: t('visit.findingDepartment'), dataIndex: 'department', width: 140, render: (d: string) => dept(d) },
                    { title: t('visit.findingSeverity'), dataIndex: 'severity', width: 100, render: (s: 'major') => <SeverityTag severity={s} /> },
                    { title: t('visit.findingDescription'), dataIndex: 'description' },
                    {
                      title: t('visit.findingResponse'),
                      key: 'response',
                      render: (_, f) =>
                        f.response ? (
                          <span data-testid="finding-answered">
                            {f.response}
                            <br />
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {f.respondedByName} · <DateTime value={f.respondedAt} />
                            </Typography.Text>
                          </span>
                        ) : (
                          <Tag color="warning">{t('visit.unanswered')}</Tag>
                        ),
                    },
                    ...(followUp
                      ? [
                          {
                            title: '',
                            key: 'a',
                            width: 80,
                            render: (_: unknown, f: TVisit['findings'][number]) => (
                              <Button size="small" onClick={() => setResponding(f)} data-testid="finding-respond-open">
                                {t('visit.respond')}
                              </Button>
                            ),
                          },
                        ]
                      : []),
                  ]}
                />
              </Card>
            ),
          },
          {
            key: 'actions',
            label: (
              <span data-testid="visit-actions-tab">
                {t('visit.actions')} ({actions?.total ?? 0})
              </span>
            ),
            children: (
              <Card
                size="small"
                extra={
                  write &&
                  visit.state === 'follow-up' && (
                    <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('action')} data-testid="visit-action-new">
                      {t('visit.addAction')}
                    </Button>
                  )
                }
              >
                <ActionTable showSource={false} dataSource={actions?.items ?? []} pagination={false} data-testid="visit-action-table" />
              </Card>
            ),
          },
          {
            key: 'minutes',
            label: <span data-testid="visit-minutes-tab">{t('visit.minutesTab')}</span>,
            children: (
              <Card size="small">
                <Descriptions size="small" column={1} data-testid="visit-minutes">
                  <Descriptions.Item label={t('visit.fields.minutes')}>
                    <span style={{ whiteSpace: 'pre-wrap' }}>{visit.minutes ?? NONE}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('visit.fields.outcomes')}>
                    <span style={{ whiteSpace: 'pre-wrap' }}>{visit.outcomes ?? NONE}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('visit.fields.nextContact')}>{visit.nextContact ?? NONE}</Descriptions.Item>
                  <Descriptions.Item label={t('visit.fields.reports')}>
                    {visit.reports.length ? <AttachmentList items={visit.reports} /> : NONE}
                  </Descriptions.Item>
                </Descriptions>
              </Card>
            ),
          },
          {
            key: 'communications',
            label: (
              <span data-testid="visit-comms-tab">
                {t('visit.communications')} ({comms?.total ?? 0})
              </span>
            ),
            children: (
              <Card size="small">
                <List
                  size="small"
                  dataSource={comms?.items ?? []}
                  locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('visit.noCommunications')} /> }}
                  renderItem={(c) => (
                    <List.Item>
                      <Flex gap={8} align="center" wrap>
                        <ChannelTag channel={c.channel} />
                        <DirectionTag direction={c.direction} />
                        <Link to={`/communications/${c.id}`}>
                          {c.number} {c.subject}
                        </Link>
                        <Typography.Text type="secondary">
                          <DateTime value={c.occurredAt} /> · {c.ourUserName}
                        </Typography.Text>
                      </Flex>
                    </List.Item>
                  )}
                  data-testid="visit-comms"
                />
              </Card>
            ),
          },
          {
            key: 'history',
            label: <span data-testid="history-tab">{t('visit.history')}</span>,
            children: (
              <Card size="small">
                <HistoryPanel type="visit" id={visit.id} />
              </Card>
            ),
          },
        ]}
      />
      <VisitPlanModal visit={visit} open={dialog === 'plan'} onClose={() => setDialog(null)} onReload={reload} />
      <FindingModal visit={visit} open={dialog === 'finding'} onClose={() => setDialog(null)} onReload={reload} />
      <VisitActionModal visit={visit} open={dialog === 'action'} onClose={() => setDialog(null)} onReload={reload} />
      <MinutesModal visit={visit} open={dialog === 'minutes'} onClose={() => setDialog(null)} onReload={reload} />
      <InformModal visit={visit} open={dialog === 'inform'} onClose={() => setDialog(null)} onReload={reload} />
      <RespondModal visit={visit} finding={responding} onClose={() => setResponding(null)} onReload={reload} />
    </>
  );
}
