import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  type ButtonProps,
  Card,
  Collapse,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Result,
  Segmented,
  Select,
  Skeleton,
  Steps,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { CreateCommunicationPlanRequest, commGoals } from '../../../contracts/internal.js';
import { isApiError } from '../api/client.js';
import { useLocalized, useT } from '../i18n/index.js';
import { useCan, useCurrentUser, useDepartmentName } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { HistoryPanel } from '../platform/HistoryPanel.js';
import { DateTime } from '../platform/DateTime.js';
import { NONE } from '../platform/format.js';
import { useProblemHandler } from '../platform/problem.js';
import { toRequest } from '../platform/zodRule.js';
import { ProcedurePanel, useInstances } from '../procedures/index.js';
import { useCommunication } from '../communications/index.js';
import { required } from '../orders/index.js';
import { FormModal } from '../platform/FormModal.js';
import { DepartmentSelect, StepTag } from '../visits/index.js';
import { useCreatePlan, usePlan, usePlans, useReplyToPlan, type TCommunicationPlan, type TPlanSummary } from './api.js';

function PlanModal({ open, onClose, source }: { open: boolean; onClose(): void; source: { type: string; id: string } | null }) {
  const t = useT();
  const navigate = useNavigate();
  const create = useCreatePlan();
  const { data: comm } = useCommunication(source?.type === 'communication' ? source.id : undefined);
  return (
    <FormModal
      open={open}
      title={t('internal.newTitle')}
      testId="plan-new"
      pending={create.isPending}
      onClose={onClose}
      onReload={() => undefined}
      initial={() => ({})}
      onSubmit={async (v) => {
        const plan = await create.mutateAsync(toRequest(CreateCommunicationPlanRequest, { ...v, source }));
        navigate(`/communication-plans/${plan.id}`);
      }}
    >
      {() => (
        <>
          {source && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('internal.fromSource', { title: comm ? `${comm.number} ${comm.subject} — ${comm.partyName}` : source.type })}
            />
          )}
          <Form.Item name="title" label={t('internal.title')} rules={required(t)}>
            <Input maxLength={200} data-testid="plan-title" />
          </Form.Item>
          <Form.Item name="departments" label={t('internal.departments')} rules={required(t)}>
            <DepartmentSelect mode="multiple" data-testid="plan-departments" />
          </Form.Item>
          <Form.Item name="goal" label={t('internal.fields.goal')}>
            <Select allowClear options={commGoals.map((g) => ({ value: g, label: t(`internal.goal.${g}`) }))} data-testid="plan-goal" />
          </Form.Item>
          <Form.Item name="objective" label={t('internal.fields.objective')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="plan-objective" />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

/** 内部沟通计划: the plans, and a new one (from a customer's record when the link says so). */
export function PlanListPage() {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const dept = useDepartmentName();
  const [params, setParams] = useSearchParams();
  const [filter, setFilter] = useState<'open' | 'closed' | 'all'>('open');
  const { data, isFetching } = usePlans(filter === 'all' ? {} : { open: filter === 'open' ? 'true' : 'false' });
  const sourceType = params.get('sourceType');
  const sourceId = params.get('sourceId');
  const creating = params.get('new') === '1';
  const columns: TableColumnsType<TPlanSummary> = [
    { title: '#', dataIndex: 'number', width: 130, render: (n: string, p) => <Link to={`/communication-plans/${p.id}`}>{n}</Link> },
    { title: t('internal.title'), dataIndex: 'title', ellipsis: true },
    { title: t('internal.departments'), dataIndex: 'departments', render: (d: string[]) => d.map(dept).join('、') },
    { title: t('internal.fields.goal'), dataIndex: 'goal', width: 110, render: (g: string | null) => (g ? t(`internal.goal.${g as 'inform'}`) : NONE) },
    { title: t('internal.source'), key: 'source', render: (_, p) => (p.source ? <Link to={p.source.url}>{p.source.title ?? p.source.type}</Link> : NONE) },
    {
      title: t('internal.status'),
      key: 'state',
      width: 170,
      render: (_, p) => <StepTag procedureId="internal-communication" state={p.state} status={p.status} testId="plan-status" />,
    },
    { title: t('internal.owner'), dataIndex: 'ownerName', width: 110 },
  ];
  return (
    <>
      <PageHeader
        title={t('internal.listTitle')}
        subtitle={t('internal.listHint')}
        extra={
          can('internal.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setParams({ new: '1' })} data-testid="plan-new-open">
              {t('internal.new')}
            </Button>
          )
        }
      />
      <Flex style={{ marginBottom: 12 }}>
        <Segmented
          value={filter}
          onChange={(v) => setFilter(v as typeof filter)}
          options={(['open', 'closed', 'all'] as const).map((k) => ({ value: k, label: t(`visit.filter.${k}`) }))}
        />
      </Flex>
      <Table<TPlanSummary>
        rowKey="id"
        size="middle"
        loading={isFetching}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        onRow={(p) => ({ onClick: () => navigate(`/communication-plans/${p.id}`), style: { cursor: 'pointer' } })}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('internal.empty')} /> }}
        data-testid="plan-table"
      />
      <PlanModal open={creating} onClose={() => setParams({}, { replace: true })} source={sourceType && sourceId ? { type: sourceType, id: sourceId } : null} />
    </>
  );
}

function ReplyButton({ plan, department }: { plan: TCommunicationPlan; department: string }) {
  const t = useT();
  const dept = useDepartmentName();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const reply = useReplyToPlan(plan.id);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ content: string }>();
  return (
    <>
      <Button type="primary" size="small" onClick={() => setOpen(true)} data-testid="plan-reply-open">
        {t('internal.reply', { dept: dept(department) })}
      </Button>
      <Modal
        open={open}
        title={t('internal.replyTitle', { dept: dept(department) })}
        onCancel={() => setOpen(false)}
        okButtonProps={{ loading: reply.isPending, 'data-testid': 'plan-reply-submit' } as ButtonProps}
        onOk={async () => {
          const v = await form.validateFields().catch(() => null);
          if (!v) return;
          reply.mutate(
            { department, content: v.content },
            {
              onSuccess: () => {
                message.success(t('common.saved'));
                setOpen(false);
                form.resetFields();
              },
              onError: (e) => onProblem(e, { form }),
            },
          );
        }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="content" label={t('internal.replies')} rules={required(t)}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} data-testid="plan-reply-content" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** A plan through its seven steps: what each step recorded, the departments' feedback, the procedure. */
export function PlanDetailPage() {
  const t = useT();
  const loc = useLocalized();
  const me = useCurrentUser();
  const dept = useDepartmentName();
  const { id } = useParams();
  const { data: plan, error, isLoading, refetch } = usePlan(id);
  const { data: instances } = useInstances('communication-plan', id);
  const instance = instances?.items[0];
  // a move on the procedure panel changes what the plan shows
  useEffect(() => {
    if (instance && plan && instance.state !== plan.state) void refetch();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [instance?.state, instance?.version]);
  if (isLoading) return <Skeleton active />;
  if (!plan) {
    if (isApiError(error, 'NOT_FOUND'))
      return <Result status="404" title={t('internal.notFound')} extra={<Link to="/communication-plans">{t('internal.nav')}</Link>} />;
    return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  }
  // the steps and their names come from the procedure definition (carried by the instance), not a copy here
  const steps = (instance?.steps ?? []).filter((s) => s.kind !== 'end');
  const current =
    plan.status === 'closed'
      ? steps.length
      : Math.max(
          0,
          steps.findIndex((s) => s.id === plan.state),
        );
  const mayReply = !!instance?.view.editable.includes('replies');
  const mine = new Set(me.departments.map((d) => d.code));
  const replied = new Set(plan.replies.map((r) => r.department));
  const v = (x: string | null | undefined) => x ?? NONE;
  /** what each step of the plan recorded (a step the page does not know shows its name only) */
  const described: Record<string, React.ReactNode> = {
    goal: (
      <>
        {plan.goal ? <Tag color="blue">{t(`internal.goal.${plan.goal}`)}</Tag> : null}
        {v(plan.objective)}
      </>
    ),
    channel: plan.channel ? t(`enums.channel.${plan.channel}`) : NONE,
    plan: plan.scheduledAt ? (
      <>
        <DateTime value={plan.scheduledAt} /> · {v(plan.place)} · {v(plan.participants)} · {v(plan.form)}
        <br />
        {v(plan.content)}
      </>
    ) : (
      NONE
    ),
    communicate: plan.communicatedAt ? (
      <>
        <DateTime value={plan.communicatedAt} /> · {v(plan.communicationNote)}
      </>
    ) : (
      NONE
    ),
    feedback: `${plan.replies.length}/${plan.departments.length}`,
    'follow-up': v(plan.followUpNote),
    evaluation: plan.score ? (
      <>
        <Tag color="gold" data-testid="plan-score">
          {t(`internal.score.s${plan.score}` as 'internal.score.s1')}
        </Tag>
        {v(plan.lessons)} → {v(plan.improvement)}
      </>
    ) : (
      NONE
    ),
  };
  return (
    <>
      <PageHeader
        back="/communication-plans"
        title={<span data-testid="plan-number">{plan.number}</span>}
        subtitle={plan.title}
        tags={<StepTag procedureId="internal-communication" state={plan.state} status={plan.status} testId="plan-status" />}
      />
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('internal.departments')}>{plan.departments.map(dept).join('、')}</Descriptions.Item>
          <Descriptions.Item label={t('internal.source')}>{plan.source ? <Link to={plan.source.url}>{plan.source.title}</Link> : NONE}</Descriptions.Item>
          <Descriptions.Item label={t('internal.owner')}>
            {plan.ownerName ?? NONE} · <DateTime value={plan.createdAt} />
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" style={{ marginTop: 12 }} data-testid="plan-steps">
        <Steps
          direction="vertical"
          size="small"
          current={current}
          items={steps.map((s) => ({ title: loc(s.name), description: <div data-testid={`plan-step-${s.id}`}>{described[s.id]}</div> }))}
        />
      </Card>
      <div style={{ margin: '12px 0' }}>
        <ProcedurePanel refType="communication-plan" refId={plan.id} />
      </div>
      <Card size="small" title={t('internal.replies')} data-testid="plan-replies">
        <Flex gap={8} wrap style={{ marginBottom: 8 }}>
          {plan.departments.map((d) => (
            <Flex key={d} gap={6} align="center" style={{ border: '1px solid #e8eaee', borderRadius: 6, padding: '4px 10px' }}>
              <Typography.Text strong>{dept(d)}</Typography.Text>
              {replied.has(d) ? (
                <Tag color="success">{t('internal.replied')}</Tag>
              ) : mayReply && mine.has(d) ? (
                <ReplyButton plan={plan} department={d} />
              ) : (
                <Tag>{t('internal.awaiting')}</Tag>
              )}
            </Flex>
          ))}
        </Flex>
        <List
          size="small"
          dataSource={plan.replies}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('internal.noReplies')} /> }}
          renderItem={(r) => (
            <List.Item>
              <div>
                <Typography.Text strong>{dept(r.department)}</Typography.Text>{' '}
                <Typography.Text type="secondary">
                  {r.userName} · <DateTime value={r.at} />
                </Typography.Text>
                <div style={{ whiteSpace: 'pre-wrap' }}>{r.content}</div>
              </div>
            </List.Item>
          )}
        />
      </Card>
      <Collapse
        style={{ marginTop: 12 }}
        items={[{ key: 'h', label: t('visit.history'), children: <HistoryPanel type="communication-plan" id={plan.id} /> }]}
        data-testid="plan-history"
      />
    </>
  );
}
