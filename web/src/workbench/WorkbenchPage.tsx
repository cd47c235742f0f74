import { App, Button, Card, Col, Empty, Flex, List, Row, Tooltip, Typography } from 'antd';
import { CheckOutlined, PhoneOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router';
import { useT } from '../i18n/index.js';
import { useCan, useCurrentUser } from '../identity/index.js';
import { useCommunicationList, useCompleteFollowUp, type TCommunication, ChannelTag, FollowUpTag, useQuickEntry } from '../communications/index.js';
import { useCustomerList, GradeTag } from '../parties/index.js';
import { DateTime } from '../platform/DateTime.js';
import { useProblemHandler } from '../platform/problem.js';
import { isOverdue } from '../platform/format.js';
import { useActionList, type TActionItem, DueDate } from '../actions/index.js';
import { useAllProcedures, useDueRecords, type DueRecord } from '../procedures/index.js';
import { useLocalized } from '../i18n/index.js';
import { MyWorkCard } from '../mywork/index.js';

function FollowUps() {
  const t = useT();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const done = useCompleteFollowUp();
  const { data, isLoading } = useCommunicationList({ followUp: 'open', ourUserId: me.id, pageSize: 50 });
  const items = [...(data?.items ?? [])].sort((a, b) => (a.followUpDue ?? '').localeCompare(b.followUpDue ?? ''));
  const overdue = items.filter((c) => isOverdue(c.followUpDue)).length;
  return (
    <Card
      size="small"
      title={
        <span>
          {t('workbench.myFollowUps')} {overdue > 0 && <Typography.Text type="danger">({t('workbench.overdueCount', { n: overdue })})</Typography.Text>}
        </span>
      }
      extra={<Link to={`/communications?followUp=open&ourUserId=${me.id}`}>{t('common.all')}</Link>}
      data-testid="workbench-follow-ups"
    >
      <List<TCommunication>
        size="small"
        loading={isLoading}
        dataSource={items.slice(0, 12)}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench.noFollowUps')} /> }}
        renderItem={(c) => (
          <List.Item
            actions={[
              <Tooltip key="done" title={t('comm.markFollowUpDone')}>
                <Button
                  size="small"
                  type="text"
                  icon={<CheckOutlined />}
                  aria-label={t('comm.markFollowUpDone')}
                  onClick={() =>
                    done.mutate(
                      { id: c.id, version: c.version },
                      { onSuccess: () => message.success(t('comm.followUpMarkedDone')), onError: (e) => onProblem(e) },
                    )
                  }
                />
              </Tooltip>,
            ]}
          >
            <Flex vertical style={{ minWidth: 0 }}>
              <Flex gap={6} align="center">
                <FollowUpTag due={c.followUpDue} doneAt={c.followUpDoneAt} />
                <Link to={`/communications/${c.id}`}>
                  <Typography.Text ellipsis style={{ maxWidth: 260 }}>
                    {c.subject}
                  </Typography.Text>
                </Link>
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {c.partyCode} · {c.partyName}
              </Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
    </Card>
  );
}

function MyActions() {
  const t = useT();
  const me = useCurrentUser();
  const { data, isLoading } = useActionList({ ownerId: me.id, status: 'open', pageSize: 50 });
  const items = [...(data?.items ?? [])].sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  const overdue = items.filter((a) => a.overdue).length;
  return (
    <Card
      size="small"
      title={
        <span>
          {t('workbench.myActions')} {overdue > 0 && <Typography.Text type="danger">({t('workbench.overdueCount', { n: overdue })})</Typography.Text>}
        </span>
      }
      extra={<Link to="/actions">{t('common.all')}</Link>}
      data-testid="workbench-actions"
    >
      <List<TActionItem>
        size="small"
        loading={isLoading}
        dataSource={items.slice(0, 10)}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench.noActions')} /> }}
        renderItem={(a) => (
          <List.Item>
            <Flex vertical style={{ minWidth: 0, width: '100%' }}>
              <Flex gap={6} align="center" style={{ minWidth: 0 }}>
                <Link to={`/actions/${a.id}`} style={{ minWidth: 0 }}>
                  <Typography.Text ellipsis>
                    {a.number} · {a.title}
                  </Typography.Text>
                </Link>
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                <DueDate action={a} compact /> · {a.source.title ?? ''}
              </Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
    </Card>
  );
}

function DueSteps() {
  const t = useT();
  const loc = useLocalized();
  const defs = useAllProcedures();
  const { items, isLoading } = useDueRecords();
  const stepName = (r: DueRecord) => {
    const d = defs.find((x) => x.id === r.procedureId);
    const s = d?.steps.find((x) => x.id === r.stepId);
    return `${d ? loc(d.title) : r.procedureId} · ${s ? loc(s.name) : r.stepId}`;
  };
  const overdue = items.filter((r) => r.overdue).length;
  return (
    <Card
      size="small"
      title={
        <span>
          {t('workbench.dueSteps')} {overdue > 0 && <Typography.Text type="danger">({t('workbench.overdueCount', { n: overdue })})</Typography.Text>}
        </span>
      }
      extra={<Link to="/procedures">{t('nav.procedures')}</Link>}
      data-testid="workbench-due-steps"
    >
      <List<DueRecord>
        size="small"
        loading={isLoading}
        dataSource={items.slice(0, 10)}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench.noDueSteps')} /> }}
        renderItem={(r) => (
          <List.Item>
            <Flex vertical style={{ minWidth: 0, width: '100%' }}>
              <Link to={r.url} style={{ minWidth: 0 }}>
                <Typography.Text ellipsis>{r.title}</Typography.Text>
              </Link>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {stepName(r)} ·{' '}
                <Typography.Text type={r.overdue ? 'danger' : 'warning'} style={{ fontSize: 12 }}>
                  {r.overdue ? t('workbench.overdueSince') : t('workbench.dueBy')} <DateTime value={r.dueAt} />
                </Typography.Text>
                {r.assigneeName ? ` · ${r.assigneeName}` : ''}
              </Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
    </Card>
  );
}

function Recent() {
  const t = useT();
  const { data, isLoading } = useCommunicationList({ pageSize: 10 });
  return (
    <Card size="small" title={t('workbench.recent')} extra={<Link to="/communications">{t('common.all')}</Link>} data-testid="workbench-recent">
      <List<TCommunication>
        size="small"
        loading={isLoading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench.noRecent')} /> }}
        renderItem={(c) => (
          <List.Item>
            <Flex vertical style={{ minWidth: 0, width: '100%' }}>
              <Flex gap={6} align="center" style={{ minWidth: 0 }}>
                <ChannelTag channel={c.channel} />
                <Link to={`/communications/${c.id}`} style={{ minWidth: 0 }}>
                  <Typography.Text ellipsis>{c.subject}</Typography.Text>
                </Link>
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                <DateTime value={c.occurredAt} relative /> · {c.partyCode} · {c.partyName} · {c.ourUserName}
              </Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
    </Card>
  );
}

function DueCustomers() {
  const t = useT();
  const can = useCan();
  const quick = useQuickEntry();
  const { data, isLoading } = useCustomerList({ contactDue: 'true', pageSize: 10 });
  return (
    <Card
      size="small"
      title={
        <span>
          {t('workbench.dueCustomers')} {data && data.total > 0 && <Typography.Text type="secondary">({data.total})</Typography.Text>}
        </span>
      }
      extra={<Link to="/customers?contactDue=true">{t('common.all')}</Link>}
      data-testid="workbench-due"
    >
      <List
        size="small"
        loading={isLoading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench.noDue')} /> }}
        renderItem={(c) => (
          <List.Item
            actions={
              can('communications.write')
                ? [
                    <Tooltip key="log" title={t('customer.logCommunication')}>
                      <Button
                        size="small"
                        type="text"
                        icon={<PhoneOutlined />}
                        aria-label={t('customer.logCommunication')}
                        onClick={() => quick.open({ partyId: c.id })}
                      />
                    </Tooltip>,
                  ]
                : []
            }
          >
            <Flex vertical style={{ minWidth: 0 }}>
              <Flex gap={6} align="center">
                <GradeTag grade={c.grade} />
                <Link to={`/customers/${c.id}`}>
                  {c.code} · {c.nameZh}
                </Link>
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('customer.fields.lastContact')}: <DateTime value={c.lastContactAt} relative />
                {c.contactCadenceDays ? ` · ${t('customer.everyNDays', { n: c.contactCadenceDays })}` : ''}
                {c.ownerName ? ` · ${c.ownerName}` : ''}
              </Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
    </Card>
  );
}

export function WorkbenchPage() {
  const t = useT();
  const me = useCurrentUser();
  const can = useCan();
  const quick = useQuickEntry();
  const navigate = useNavigate();
  const hour = dayjs().hour();
  const greeting = t(hour < 12 ? 'workbench.morning' : hour < 18 ? 'workbench.afternoon' : 'workbench.evening', { name: me.displayName });
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {greeting}
          </Typography.Title>
          <Typography.Text type="secondary">{dayjs().format(t('workbench.dateFormat'))}</Typography.Text>
        </div>
        <Flex gap={8}>
          {can('communications.write') && (
            <Tooltip title={t('header.quickEntryHint')}>
              <Button type="primary" icon={<PhoneOutlined />} onClick={() => quick.open()}>
                {t('header.quickEntry')}
              </Button>
            </Tooltip>
          )}
          {can('customers.write') && (
            <Button icon={<PlusOutlined />} onClick={() => navigate('/customers/new')}>
              {t('customer.new')}
            </Button>
          )}
        </Flex>
      </Flex>
      {!can('communications.read') && !can('customers.read') ? (
        <Card>
          <Empty description={t('workbench.nothingToShow')} />
        </Card>
      ) : (
        <Row gutter={[12, 12]}>
          <Col xs={24}>
            <MyWorkCard />
          </Col>
          {can('communications.read') && (
            <Col xs={24} xl={12}>
              <FollowUps />
            </Col>
          )}
          {can('customers.read') && (
            <Col xs={24} xl={12}>
              <DueCustomers />
            </Col>
          )}
          <Col xs={24} xl={12}>
            <MyActions />
          </Col>
          {can('communications.read') && (
            <Col xs={24} xl={12}>
              <DueSteps />
            </Col>
          )}
          {can('communications.read') && (
            <Col xs={24}>
              <Recent />
            </Col>
          )}
        </Row>
      )}
    </>
  );
}
