import { App, Button, Card, Empty, Flex, List, Segmented, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { useLocalized, useT } from '../i18n/index.js';
import { useDepartmentName } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { useUrlState } from '../platform/useUrlState.js';
import { fmtDue, ProvisionalTag } from '../procedures/index.js';
import { useClaimAction, useMyWork, type TWorkItem } from '../internal/index.js';
import { useProblemHandler } from '../platform/problem.js';

const PAGE_SIZE = 50;

const kindColors: Record<TWorkItem['kind'], string> = {
  step: 'blue',
  signoff: 'purple',
  action: 'orange',
  verify: 'gold',
  acknowledge: 'cyan',
  reply: 'geekblue',
  'follow-up': 'green',
};

function KindTag({ kind }: { kind: TWorkItem['kind'] }) {
  const t = useT();
  return (
    <Tag color={kindColors[kind]} style={{ marginInlineEnd: 0 }} data-testid="work-kind" data-kind={kind}>
      {t(`myWork.kind.${kind}`)}
    </Tag>
  );
}

function Due({ item }: { item: TWorkItem }) {
  const t = useT();
  if (!item.dueAt) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Flex gap={4} align="center">
      <Typography.Text type={item.overdue ? 'danger' : undefined} strong={item.overdue}>
        {fmtDue(item.dueAt)}
      </Typography.Text>
      {item.overdue && <Tag color="error">{t('myWork.overdue')}</Tag>}
      {item.provisional && !item.overdue && <ProvisionalTag />}
    </Flex>
  );
}

/** 我的待办: everything waiting on me, across every procedure, overdue first. */
export function MyWorkPage() {
  const t = useT();
  const loc = useLocalized();
  const dept = useDepartmentName();
  const { values, set } = useUrlState(['page', 'scope'] as const);
  const page = Math.max(1, Number(values.page) || 1);
  const scope = values.scope === 'department' ? 'department' : 'mine';
  const { data, isFetching } = useMyWork(page, PAGE_SIZE, scope);
  const items = data?.items ?? [];
  const claim = useClaimAction();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const columns: TableColumnsType<TWorkItem> = [
    { title: '', key: 'kind', width: 100, render: (_, w) => <KindTag kind={w.kind} /> },
    {
      title: t('myWork.what'),
      key: 'what',
      render: (_, w) => (
        <>
          {loc(w.what)}
          {w.department ? <Typography.Text type="secondary"> · {dept(w.department)}</Typography.Text> : null}
        </>
      ),
    },
    {
      title: t('myWork.record'),
      key: 'record',
      render: (_, w) => (
        <Link to={w.url} data-testid="work-link">
          {w.title}
        </Link>
      ),
    },
    { title: t('myWork.due'), key: 'due', width: 240, render: (_, w) => <Due item={w} /> },
    ...(scope === 'department'
      ? [
          { title: t('myWork.holder'), key: 'holder', width: 140, render: (_: unknown, w: TWorkItem) => w.ownerName ?? '—' },
          {
            title: '',
            key: 'claim',
            width: 100,
            render: (_: unknown, w: TWorkItem) => (
              <Button
                size="small"
                loading={claim.isPending && claim.variables?.id === w.ref.id}
                onClick={() =>
                  claim.mutate(
                    { id: w.ref.id, version: w.version ?? 0 },
                    { onSuccess: () => void message.success(t('myWork.claimed')), onError: (e) => onProblem(e) },
                  )
                }
                data-testid="work-claim"
              >
                {t('myWork.claim')}
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      <PageHeader
        title={t('myWork.title')}
        subtitle={t('myWork.hint')}
        tags={<Tag data-testid="work-count">{t('myWork.count', { n: data?.total ?? 0, overdue: data?.overdue ?? 0 })}</Tag>}
        extra={
          <Segmented
            value={scope}
            onChange={(v) => set({ scope: v === 'department' ? 'department' : undefined, page: undefined })}
            options={[
              { value: 'mine', label: t('myWork.scopeMine') },
              { value: 'department', label: <span data-testid="work-scope-department">{t('myWork.scopeDepartment')}</span> },
            ]}
          />
        }
      />
      <Table<TWorkItem>
        rowKey={(w) => `${w.kind}:${w.ref.type}:${w.ref.id}:${w.department ?? ''}:${w.stepId ?? ''}`}
        size="middle"
        loading={isFetching && !data}
        columns={columns}
        dataSource={items}
        pagination={
          (data?.total ?? 0) > PAGE_SIZE
            ? { current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, showSizeChanger: false, onChange: (p) => set({ page: p === 1 ? undefined : p }) }
            : false
        }
        rowClassName={(w) => (w.overdue ? 'work-overdue' : '')}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(scope === 'department' ? 'myWork.emptyDepartment' : 'myWork.empty')} />,
        }}
        data-testid="work-table"
      />
    </>
  );
}

/** The workbench card: the first items of my work. */
export function MyWorkCard() {
  const t = useT();
  const loc = useLocalized();
  const { data, isLoading } = useMyWork(1, 8);
  const items = data?.items ?? [];
  const overdue = data?.overdue ?? 0;
  return (
    <Card
      size="small"
      title={
        <span>
          {t('myWork.title')} ({data?.total ?? 0})
          {overdue > 0 && (
            <Typography.Text type="danger">
              {' '}
              · {t('myWork.overdue')} {overdue}
            </Typography.Text>
          )}
        </span>
      }
      extra={
        <Link to="/my-work" data-testid="workbench-my-work-all">
          {t('myWork.all')}
        </Link>
      }
      data-testid="workbench-my-work"
    >
      <List<TWorkItem>
        size="small"
        loading={isLoading}
        dataSource={items}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('myWork.empty')} /> }}
        renderItem={(w) => (
          <List.Item>
            <Flex gap={6} align="center" style={{ minWidth: 0, width: '100%' }}>
              <KindTag kind={w.kind} />
              <Link to={w.url} style={{ minWidth: 0 }}>
                <Typography.Text ellipsis style={{ maxWidth: 320 }}>
                  {w.title}
                </Typography.Text>
              </Link>
              <Typography.Text type="secondary" ellipsis style={{ flex: 1, fontSize: 12 }}>
                {loc(w.what)}
              </Typography.Text>
              <Due item={w} />
            </Flex>
          </List.Item>
        )}
      />
    </Card>
  );
}
