import { Button, Checkbox, DatePicker, Empty, Flex, Select, Table, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router';
import { directions, topics } from '../../../contracts/communications.js';
import { channels } from '../../../contracts/parties.js';
import { useT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { DateTime } from '../platform/DateTime.js';
import { UserSelect } from '../platform/UserSelect.js';
import { urlPagination, useUrlState } from '../platform/useUrlState.js';
import { NONE } from '../platform/format.js';
import { CustomerSelect } from '../parties/index.js';
import { useCommunicationList, type TCommunication } from './api.js';
import { ChannelTag, DirectionTag, FollowUpTag, TopicTag } from './labels.js';
import { useQuickEntry } from './QuickEntry.js';
import { ExportButton } from '../spreadsheets/index.js';

const FILTERS = ['partyId', 'channel', 'direction', 'topic', 'ourUserId', 'from', 'to', 'followUp', 'includeVoided'] as const;

export function CommunicationListPage() {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const quick = useQuickEntry();
  const { values: f, page, pageSize, set, reset, active } = useUrlState(FILTERS);
  // the URL holds days (2024-05-01); the API wants instants
  const from = f.from ? dayjs(f.from).startOf('day').toISOString() : undefined;
  const to = f.to ? dayjs(f.to).endOf('day').toISOString() : undefined;
  const { data, isFetching, error } = useCommunicationList({ ...f, from, to, page, pageSize });

  const columns: TableColumnsType<TCommunication> = [
    {
      title: t('comm.fields.number'),
      dataIndex: 'number',
      width: 100,
      render: (n: string, c) => (
        <Link to={`/communications/${c.id}`} onClick={(e) => e.stopPropagation()}>
          {n}
        </Link>
      ),
    },
    { title: t('comm.fields.occurredAt'), dataIndex: 'occurredAt', width: 140, render: (v: string) => <DateTime value={v} /> },
    {
      title: t('comm.fields.party'),
      key: 'party',
      width: 190,
      ellipsis: true,
      render: (_, c) => (
        <Link to={`/customers/${c.partyId}`} onClick={(e) => e.stopPropagation()} title={c.partyName}>
          {c.partyCode} · {c.partyName}
        </Link>
      ),
    },
    {
      title: `${t('comm.fields.channel')} / ${t('comm.fields.direction')}`,
      key: 'channel',
      width: 170,
      render: (_, c) => (
        <Flex gap={4}>
          <ChannelTag channel={c.channel} />
          <DirectionTag direction={c.direction} />
        </Flex>
      ),
    },
    {
      title: t('comm.fields.subject'),
      key: 'subject',
      render: (_, c) => (
        <Flex vertical style={{ minWidth: 0 }}>
          <Flex gap={4} align="center" style={{ minWidth: 0 }}>
            <TopicTag topic={c.topic} />
            <Typography.Text strong ellipsis>
              {c.subject}
            </Typography.Text>
          </Flex>
          <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
            {c.content}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('comm.fields.contact'), dataIndex: 'contactName', width: 90, ellipsis: true, render: (v: string | null) => v ?? NONE },
    { title: t('comm.fields.ourUser'), dataIndex: 'ourUserName', width: 100, ellipsis: true },
    {
      title: t('comm.fields.followUpDue'),
      key: 'follow',
      width: 120,
      render: (_, c) =>
        c.voided ? <Typography.Text type="secondary">{t('common.voided')}</Typography.Text> : <FollowUpTag due={c.followUpDue} doneAt={c.followUpDoneAt} />,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('comm.listTitle')}
        extra={
          <>
            <ExportButton list="communications" filters={{ ...f, from, to }} />
            {can('communications.write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => quick.open({ partyId: f.partyId })}>
                {t('header.quickEntry')}
              </Button>
            )}
          </>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }} role="search" aria-label={t('common.filters')}>
        <CustomerSelect
          value={f.partyId}
          onChange={(v) => set({ partyId: v })}
          style={{ width: 240 }}
          includeVoided
          aria-label={t('comm.fields.party')}
          data-testid="comm-filter-customer"
        />
        <Select
          value={f.channel}
          onChange={(v) => set({ channel: v })}
          placeholder={t('comm.fields.channel')}
          allowClear
          style={{ width: 120 }}
          options={channels.map((c) => ({ value: c, label: t(`enums.channel.${c}`) }))}
          aria-label={t('comm.fields.channel')}
        />
        <Select
          value={f.direction}
          onChange={(v) => set({ direction: v })}
          placeholder={t('comm.fields.direction')}
          allowClear
          style={{ width: 120 }}
          options={directions.map((d) => ({ value: d, label: t(`enums.direction.${d}`) }))}
          aria-label={t('comm.fields.direction')}
        />
        <Select
          value={f.topic}
          onChange={(v) => set({ topic: v })}
          placeholder={t('comm.fields.topic')}
          allowClear
          style={{ width: 130 }}
          options={topics.map((x) => ({ value: x, label: t(`enums.topic.${x}`) }))}
          aria-label={t('comm.fields.topic')}
        />
        <UserSelect
          value={f.ourUserId}
          onChange={(v) => set({ ourUserId: v })}
          placeholder={t('comm.fields.ourUser')}
          style={{ width: 140 }}
          aria-label={t('comm.fields.ourUser')}
        />
        <DatePicker.RangePicker
          value={[f.from ? dayjs(f.from) : null, f.to ? dayjs(f.to) : null]}
          onChange={(r) => set({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
          allowEmpty={[true, true]}
          style={{ width: 250 }}
          presets={[
            { label: t('comm.presets.today'), value: [dayjs().startOf('day'), dayjs().endOf('day')] },
            { label: t('comm.presets.last7'), value: [dayjs().subtract(6, 'day'), dayjs()] },
            { label: t('comm.presets.last30'), value: [dayjs().subtract(29, 'day'), dayjs()] },
            { label: t('comm.presets.thisMonth'), value: [dayjs().startOf('month'), dayjs()] },
          ]}
        />
        <Select
          value={f.followUp}
          onChange={(v) => set({ followUp: v })}
          placeholder={t('comm.fields.followUpDue')}
          allowClear
          style={{ width: 130 }}
          options={[
            { value: 'open', label: t('comm.followUpOpen') },
            { value: 'overdue', label: t('comm.followUpOverdue') },
          ]}
          aria-label={t('comm.fields.followUpDue')}
        />
        <Checkbox
          checked={f.includeVoided === 'true'}
          onChange={(e) => set({ includeVoided: e.target.checked ? 'true' : undefined })}
          style={{ alignSelf: 'center' }}
        >
          {t('common.includeVoided')}
        </Checkbox>
        {active && (
          <Button type="link" onClick={reset}>
            {t('common.clearFilters')}
          </Button>
        )}
      </Flex>
      <Table<TCommunication>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        tableLayout="fixed"
        data-testid="comm-table"
        rowClassName={(c) => (c.voided ? 'clickable-row row-voided' : 'clickable-row')}
        onRow={(c) => ({ onClick: () => navigate(`/communications/${c.id}`) })}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={error ? t('errors.loadFailed') : active ? t('comm.emptyFiltered') : t('comm.empty')}>
              {!active && can('communications.write') && (
                <Button type="primary" onClick={() => quick.open()}>
                  {t('header.quickEntry')}
                </Button>
              )}
            </Empty>
          ),
        }}
        pagination={urlPagination({ page, pageSize, set }, data?.total ?? 0, (total) =>
          t(data?.totalCapped ? 'common.totalAtLeast' : 'common.total', { total: total.toLocaleString() }),
        )}
      />
    </>
  );
}
