import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Empty, Result, Skeleton, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { ApartmentOutlined, BarChartOutlined, BellOutlined, FileTextOutlined, LinkOutlined, PrinterOutlined, SendOutlined } from '@ant-design/icons';
import { Link, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../api/client.js';
import { call } from '../api/call.js';
import { mailRoutes } from '../../../contracts/mail.routes.js';
import { useLocalized, useT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { ExportButton } from '../spreadsheets/index.js';
import { DateTime } from '../platform/DateTime.js';
import { HistoryPanel } from '../platform/HistoryPanel.js';
import { useProblemHandler } from '../platform/problem.js';
import { ProcedurePanel, useInstances } from '../procedures/index.js';
import { useActionList, ActionTable } from '../actions/index.js';
import { surveyKeys, useCampaign, useSendReminders, type TSurveyCampaign } from './api.js';
import { EnterResponseModal, RecordReplyModal, ReissueLinkModal } from './CampaignDialogs.js';
import { ImprovementTag, ReplyStatusTag, SurveyStatusTag } from './labels.js';

type Recipient = TSurveyCampaign['recipients'][number];
type Customer = TSurveyCampaign['customers'][number];

/** The improvement actions raised from this survey's responses. */
function ImprovementActions({ campaign }: { campaign: TSurveyCampaign }) {
  const t = useT();
  const ids = new Set(campaign.recipients.map((r) => r.responseId).filter(Boolean));
  const { data, isLoading } = useActionList({ sourceType: 'survey-response', pageSize: 200 });
  const items = (data?.items ?? []).filter((a) => ids.has(a.source.id));
  return (
    <ActionTable
      loading={isLoading}
      dataSource={items}
      pagination={false}
      data-testid="survey-actions"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('survey.detail.noActions')} /> }}
    />
  );
}

/** A survey: who was asked and who answered, reminders, the procedure, reply and improvement status per customer. */
export function CampaignDetailPage() {
  const { id } = useParams();
  const t = useT();
  const loc = useLocalized();
  const can = useCan();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [params, setParams] = useSearchParams();
  const { data: c, error, isLoading } = useCampaign(id);
  // a step taken in the procedure panel changes what the survey shows (status, reply buttons, summary)
  const qc = useQueryClient();
  const { data: instances } = useInstances('survey-campaign', id);
  const instance = instances?.items.find((i) => i.procedureId === 'survey');
  useEffect(() => {
    if (instance && c && (instance.state !== c.status || (instance.status === 'closed') !== c.closed) && id)
      void qc.invalidateQueries({ queryKey: surveyKeys.all });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [instance?.state, instance?.version]);
  const remind = useSendReminders(id ?? '');
  const [entering, setEntering] = useState<Recipient | null>(null);
  const [reissuing, setReissuing] = useState<Recipient | null>(null);
  const [replying, setReplying] = useState<Customer | null>(null);
  if (isLoading) return <Skeleton active />;
  if (error || !c) {
    if (isApiError(error, 'NOT_FOUND')) return <Result status="404" title={t('survey.notFound')} extra={<Link to="/surveys">{t('survey.nav')}</Link>} />;
    return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  }
  const write = can('surveys.write');
  const collecting = c.status === 'sent' && !c.closed;
  const due = c.recipients.filter((r) => r.reminderDue).length;
  const tab = params.get('tab') ?? 'recipients';
  const sendReminders = async (byMail = false) => {
    try {
      let mail: { zh: { subject: string; body: string }; en: { subject: string; body: string } } | undefined;
      if (byMail) {
        // the current reminder template, both languages; {{link}} becomes a fresh link as each mail leaves
        const tpl = (await call(mailRoutes.templates)).items.find((x) => x.key === 'survey-reminder');
        if (tpl) mail = { zh: { subject: tpl.subject.zh, body: tpl.body.zh }, en: { subject: tpl.subject.en, body: tpl.body.en } };
      }
      const res = await remind.mutateAsync({ channel: 'email', ...(mail ? { mail } : {}) });
      message.success(t('survey.detail.reminded', { n: res.reminded }));
    } catch (e) {
      onProblem(e);
    }
  };

  const recipientColumns = [
    {
      title: t('survey.fields.customer'),
      key: 'party',
      render: (_: unknown, r: Recipient) => (
        <Link to={`/customers/${r.partyId}`}>
          {r.partyCode} · {r.partyName}
        </Link>
      ),
    },
    { title: t('survey.new.contact'), dataIndex: 'contactName', width: 110 },
    { title: t('survey.fields.language'), dataIndex: 'language', width: 80, render: (l: string) => (l === 'zh-CN' ? '中文' : 'EN') },
    {
      title: t('survey.fields.response'),
      key: 'resp',
      width: 200,
      render: (_: unknown, r: Recipient) =>
        r.respondedAt ? (
          <Space size={4} data-testid="recipient-responded">
            <Tag color="success">{t(`survey.source.${r.responseSource ?? 'link'}`)}</Tag>
            <DateTime value={r.respondedAt} />
          </Space>
        ) : (
          <Space size={4}>
            <Tag data-testid="recipient-waiting">{t('survey.detail.waiting')}</Tag>
            {r.reminderDue && <Tag color="warning">{t('survey.detail.reminderDue')}</Tag>}
          </Space>
        ),
    },
    {
      title: t('survey.fields.reminders'),
      key: 'rem',
      width: 130,
      render: (_: unknown, r: Recipient) => (r.reminders ? <Tooltip title={<DateTime value={r.lastRemindedAt} />}>{r.reminders}</Tooltip> : '—'),
    },
    {
      title: t('common.actions'),
      key: 'act',
      width: 220,
      render: (_: unknown, r: Recipient) =>
        write && collecting && !r.respondedAt ? (
          <Space size={4} wrap>
            <Button size="small" icon={<FileTextOutlined />} onClick={() => setEntering(r)} data-testid="recipient-enter">
              {t('survey.detail.enter')}
            </Button>
            <Button size="small" icon={<LinkOutlined />} onClick={() => setReissuing(r)}>
              {t('survey.detail.newLink')}
            </Button>
          </Space>
        ) : null,
    },
  ];
  const customerColumns = [
    { title: t('survey.fields.customer'), key: 'party', render: (_: unknown, x: Customer) => `${x.partyCode} · ${x.partyName}` },
    {
      title: t('survey.fields.response'),
      dataIndex: 'responded',
      width: 100,
      render: (v: boolean) => (v ? <Tag color="success">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>),
    },
    {
      title: t('survey.fields.improvement'),
      key: 'imp',
      width: 170,
      render: (_: unknown, x: Customer) => <ImprovementTag status={x.improvementStatus} open={x.actionsOpen} done={x.actionsDone} />,
    },
    {
      title: t('survey.fields.reply'),
      key: 'reply',
      width: 210,
      render: (_: unknown, x: Customer) => (
        <Space size={4} data-testid={`reply-status-${x.partyCode}`} data-status={x.replyStatus}>
          <ReplyStatusTag status={x.replyStatus} />
          {x.repliedAt && <DateTime value={x.repliedAt} />}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'act',
      width: 230,
      render: (_: unknown, x: Customer) =>
        x.responded ? (
          <Space size={4} wrap>
            <Link to={`/surveys/campaigns/${c.id}/letters/${x.partyId}`} target="_blank" data-testid={`letter-${x.partyCode}`}>
              <Button size="small" icon={<PrinterOutlined />}>
                {t('survey.reply.letter')}
              </Button>
            </Link>
            {write && c.status === 'reply' && !c.closed && x.replyStatus === 'pending' && (
              <Button size="small" type="primary" icon={<SendOutlined />} onClick={() => setReplying(x)} data-testid={`reply-record-${x.partyCode}`}>
                {t('survey.reply.record')}
              </Button>
            )}
          </Space>
        ) : null,
    },
  ];

  return (
    <>
      <PageHeader
        back="/surveys"
        title={
          <span>
            <span data-testid="campaign-number">{c.number}</span> · {c.title}
          </span>
        }
        tags={<SurveyStatusTag status={c.status} closed={c.closed} />}
        extra={
          <>
            <Link to="/procedures/survey">
              <Button icon={<ApartmentOutlined />}>{t('survey.flowchart')}</Button>
            </Link>
            <Link to={`/surveys/campaigns/${c.id}/form`} target="_blank">
              <Button icon={<PrinterOutlined />} data-testid="campaign-print-form">
                {t('order.print')}
              </Button>
            </Link>
            {can('surveys.answers.read') && (
              <Link to={`/surveys/campaigns/${c.id}/analysis`}>
                <Button icon={<BarChartOutlined />} data-testid="campaign-analysis">
                  {t('survey.analysis.open')}
                </Button>
              </Link>
            )}
            {can('surveys.answers.read') && <ExportButton list="survey-responses" filters={{ campaignId: c.id }} />}
            {write && collecting && (
              <Tooltip title={t('survey.detail.remindHint', { n: c.reminderAfterWorkingDays })}>
                <Button icon={<BellOutlined />} disabled={!due} loading={remind.isPending} onClick={() => void sendReminders()} data-testid="campaign-remind">
                  {t('survey.detail.remind', { n: due })}
                </Button>
              </Tooltip>
            )}
            {write && collecting && (
              <Button
                icon={<BellOutlined />}
                disabled={!due}
                loading={remind.isPending}
                onClick={() => void sendReminders(true)}
                data-testid="campaign-remind-mail"
              >
                {t('survey.detail.remindByMail')}
              </Button>
            )}
          </>
        }
      />
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label={t('survey.fields.template')}>
            {loc(c.template.title)} v{c.templateVersion}
          </Descriptions.Item>
          <Descriptions.Item label={t('survey.fields.period')}>
            {c.periodFrom} – {c.periodTo}
          </Descriptions.Item>
          <Descriptions.Item label={t('survey.fields.sentAt')}>
            <DateTime value={c.sentAt} />
          </Descriptions.Item>
          <Descriptions.Item label={t('survey.fields.responseDeadline')}>{c.responseDeadline}</Descriptions.Item>
          <Descriptions.Item label={t('survey.fields.responses')}>
            <span data-testid="campaign-response-count">
              {c.responseCount} / {c.recipientCount}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('survey.fields.reminderAfter')}>
            {c.reminderAfterWorkingDays} {t('survey.workingDays')}
          </Descriptions.Item>
          <Descriptions.Item label={t('survey.fields.owner')}>{c.ownerName}</Descriptions.Item>
        </Descriptions>
        {c.analysisSummary && (
          <Alert
            type="info"
            showIcon
            style={{ marginTop: 8 }}
            title={t('survey.detail.analysisSummary')}
            description={<Typography.Text data-testid="analysis-summary">{c.analysisSummary}</Typography.Text>}
          />
        )}
      </Card>
      <div style={{ margin: '12px 0' }}>
        <ProcedurePanel refType="survey-campaign" refId={c.id} />
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'recipients' ? {} : { tab: k }, { replace: true })}
        items={[
          {
            key: 'recipients',
            label: <span data-testid="recipients-tab">{t('survey.detail.recipients')}</span>,
            children: (
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={c.recipients}
                columns={recipientColumns}
                scroll={{ x: 900 }}
                data-testid="recipients-table"
              />
            ),
          },
          {
            key: 'customers',
            label: <span data-testid="customers-tab">{t('survey.detail.customers')}</span>,
            children: (
              <Table
                size="small"
                rowKey="partyId"
                pagination={false}
                dataSource={c.customers}
                columns={customerColumns}
                scroll={{ x: 800 }}
                data-testid="customers-table"
              />
            ),
          },
          {
            key: 'actions',
            label: <span data-testid="survey-actions-tab">{t('survey.detail.actions')}</span>,
            children: (
              <Card size="small">
                <ImprovementActions campaign={c} />
              </Card>
            ),
          },
          {
            key: 'history',
            label: <span data-testid="history-tab">{t('survey.detail.history')}</span>,
            children: (
              <Card size="small">
                <HistoryPanel type="survey-campaign" id={c.id} />
              </Card>
            ),
          },
        ]}
      />
      <EnterResponseModal campaign={c} recipient={entering} onClose={() => setEntering(null)} />
      <ReissueLinkModal campaignId={c.id} recipient={reissuing} onClose={() => setReissuing(null)} />
      <RecordReplyModal campaignId={c.id} customer={replying} onClose={() => setReplying(null)} />
    </>
  );
}
