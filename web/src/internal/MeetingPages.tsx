import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Collapse,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Result,
  Select,
  Skeleton,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { CheckOutlined, EditOutlined, PlusOutlined, PrinterOutlined, SendOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useNavigate, useParams } from 'react-router';
import { CreateMeetingRequest, CreateMeetingSeriesRequest, MeetingActionRequest, UpdateMeetingRequest, attendances } from '../../../contracts/internal.js';
import { isApiError } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { useCan, useCurrentUser } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { HistoryPanel } from '../platform/HistoryPanel.js';
import { DateTime } from '../platform/DateTime.js';
import { NONE } from '../platform/format.js';
import { useProblemHandler } from '../platform/problem.js';
import { toRequest } from '../platform/zodRule.js';
import { UserSelect } from '../platform/UserSelect.js';
import { WorkingDatePicker } from '../calendar/index.js';
import { ActionTable } from '../actions/index.js';
import { civil, required } from '../orders/index.js';
import { FormModal } from '../platform/FormModal.js';
import { DepartmentSelect } from '../visits/index.js';
import {
  useAcknowledgeMeeting,
  useCreateMeeting,
  useCreateSeries,
  useDistributeMeeting,
  useMeeting,
  useMeetingAction,
  useMeetingSeries,
  useMeetings,
  useUpdateMeeting,
  type TMeeting,
  type TMeetingSummary,
} from './api.js';

const iso = (d: unknown) => (dayjs.isDayjs(d) ? d.toISOString() : d);

function MeetingModal({
  meeting,
  open,
  onClose,
  seriesId,
  next,
}: {
  meeting: TMeeting | null;
  open: boolean;
  onClose(): void;
  seriesId?: string;
  next?: TMeeting;
}) {
  const t = useT();
  const navigate = useNavigate();
  const create = useCreateMeeting();
  const update = useUpdateMeeting(meeting?.id ?? '');
  const { data: series } = useMeetingSeries();
  return (
    <FormModal
      open={open}
      title={meeting ? t('meeting.editTitle', { number: meeting.number }) : t('meeting.newTitle')}
      testId="meeting-form"
      width={760}
      pending={create.isPending || update.isPending}
      onClose={onClose}
      onReload={() => undefined}
      initial={() =>
        meeting
          ? {
              ...meeting,
              heldAt: dayjs(meeting.heldAt),
              participantIds: meeting.participants.map((p) => p.userId),
              attendance: Object.fromEntries(meeting.participants.map((p) => [p.userId, p.attendance])),
            }
          : next
            ? {
                seriesId: next.seriesId,
                title: next.seriesTitle ?? next.title,
                heldAt: dayjs(next.heldAt).add(7, 'day'),
                place: next.place,
                chairId: next.chairId,
                agenda: next.agenda,
                participantIds: next.participants.map((p) => p.userId),
              }
            : { seriesId, heldAt: dayjs().minute(0).second(0).millisecond(0) }
      }
      onSubmit={async (v) => {
        if (meeting) {
          const ids = (v.participantIds ?? []) as string[];
          const att = (v.attendance ?? {}) as Record<string, string>;
          await update.mutateAsync(
            toRequest(UpdateMeetingRequest, {
              ...v,
              heldAt: iso(v.heldAt),
              version: meeting.version,
              attendance: ids.filter((u) => att[u]).map((u) => ({ userId: u, attendance: att[u] })),
            }),
          );
        } else {
          const m = await create.mutateAsync(toRequest(CreateMeetingRequest, { ...v, heldAt: iso(v.heldAt) }));
          navigate(`/meetings/${m.id}`);
        }
      }}
    >
      {() => (
        <>
          {!meeting && (
            <Form.Item name="seriesId" label={t('meeting.series')}>
              <Select
                allowClear
                placeholder={t('meeting.noSeries')}
                options={(series?.items ?? []).map((s) => ({ value: s.id, label: s.title }))}
                data-testid="meeting-series"
              />
            </Form.Item>
          )}
          <Form.Item name="title" label={t('meeting.fields.title')} rules={required(t)}>
            <Input maxLength={200} data-testid="meeting-title" />
          </Form.Item>
          <Flex gap={12} wrap>
            <Form.Item name="heldAt" label={t('meeting.fields.heldAt')} rules={required(t)}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="meeting-held-at" />
            </Form.Item>
            <Form.Item name="place" label={t('meeting.fields.place')} style={{ flex: 1 }}>
              <Input data-testid="meeting-place" />
            </Form.Item>
            <Form.Item name="chairId" label={t('meeting.fields.chair')} style={{ flex: 1 }}>
              <UserSelect data-testid="meeting-chair" />
            </Form.Item>
          </Flex>
          <Form.Item name="participantIds" label={t('meeting.fields.participants')} rules={required(t)}>
            <UserSelect mode="multiple" data-testid="meeting-participants" />
          </Form.Item>
          <Form.Item name="agenda" label={t('meeting.fields.agenda')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="meeting-agenda" />
          </Form.Item>
          {meeting && (
            <>
              <Form.Item label={t('meeting.fields.attendance')}>
                <Flex gap={8} wrap>
                  {meeting.participants.map((p) => (
                    <Flex key={p.userId} gap={4} align="center">
                      <Typography.Text>{p.name}</Typography.Text>
                      <Form.Item name={['attendance', p.userId]} noStyle>
                        <Select
                          style={{ width: 100 }}
                          size="small"
                          options={attendances.map((a) => ({ value: a, label: t(`meeting.attendance.${a}`) }))}
                          data-testid="meeting-attendance"
                        />
                      </Form.Item>
                    </Flex>
                  ))}
                </Flex>
              </Form.Item>
              <Form.Item name="minutes" label={t('meeting.fields.minutes')}>
                <Input.TextArea autoSize={{ minRows: 4, maxRows: 14 }} data-testid="meeting-minutes" />
              </Form.Item>
              <Form.Item name="decisions" label={t('meeting.fields.decisions')}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} data-testid="meeting-decisions" />
              </Form.Item>
            </>
          )}
        </>
      )}
    </FormModal>
  );
}

function SeriesModal({ open, onClose }: { open: boolean; onClose(): void }) {
  const t = useT();
  const create = useCreateSeries();
  return (
    <FormModal
      open={open}
      title={t('meeting.newSeries')}
      testId="series-form"
      pending={create.isPending}
      onClose={onClose}
      onReload={() => undefined}
      initial={() => ({})}
      onSubmit={(v) => create.mutateAsync(toRequest(CreateMeetingSeriesRequest, v))}
    >
      {() => (
        <>
          <Form.Item name="title" label={t('meeting.seriesTitle')} rules={required(t)}>
            <Input maxLength={200} data-testid="series-title" />
          </Form.Item>
          <Form.Item name="cadence" label={t('meeting.cadence')}>
            <Input maxLength={100} data-testid="series-cadence" />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

/** 会议记要: meetings, by series. */
export function MeetingListPage() {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const [seriesId, setSeriesId] = useState<string | undefined>();
  const [dialog, setDialog] = useState<'meeting' | 'series' | null>(null);
  const { data: series } = useMeetingSeries();
  const { data, isFetching } = useMeetings(seriesId ? { seriesId } : {});
  const columns: TableColumnsType<TMeetingSummary> = [
    { title: t('meeting.fields.number'), dataIndex: 'number', width: 130, render: (n: string, m) => <Link to={`/meetings/${m.id}`}>{n}</Link> },
    { title: t('meeting.fields.title'), dataIndex: 'title' },
    { title: t('meeting.series'), dataIndex: 'seriesTitle', render: (s: string | null) => s ?? NONE },
    { title: t('meeting.fields.heldAt'), dataIndex: 'heldAt', width: 160, render: (v: string) => <DateTime value={v} /> },
    { title: t('meeting.fields.chair'), dataIndex: 'chairName', width: 110, render: (v: string | null) => v ?? NONE },
    {
      title: t('meeting.distributed'),
      key: 'd',
      width: 170,
      render: (_, m) =>
        m.distributedAt ? (
          <Tag color="success">{t('meeting.ackCount', { n: m.acknowledged, total: m.participantCount })}</Tag>
        ) : (
          <Tag>{t('meeting.notDistributed')}</Tag>
        ),
    },
  ];
  return (
    <>
      <PageHeader
        title={t('meeting.listTitle')}
        subtitle={t('meeting.listHint')}
        extra={
          can('internal.write') && (
            <>
              <Button icon={<PlusOutlined />} onClick={() => setDialog('series')} data-testid="series-new">
                {t('meeting.newSeries')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('meeting')} data-testid="meeting-new">
                {t('meeting.new')}
              </Button>
            </>
          )
        }
      />
      <Flex style={{ marginBottom: 12 }} gap={8}>
        <Select
          style={{ minWidth: 240 }}
          allowClear
          placeholder={t('meeting.allSeries')}
          value={seriesId}
          onChange={setSeriesId}
          options={(series?.items ?? []).map((s) => ({ value: s.id, label: `${s.title} (${s.meetings})` }))}
          data-testid="meeting-series-filter"
        />
      </Flex>
      <Table<TMeetingSummary>
        rowKey="id"
        size="middle"
        loading={isFetching}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        onRow={(m) => ({ onClick: () => navigate(`/meetings/${m.id}`), style: { cursor: 'pointer' } })}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('meeting.empty')} /> }}
        data-testid="meeting-table"
      />
      <MeetingModal meeting={null} open={dialog === 'meeting'} onClose={() => setDialog(null)} seriesId={seriesId} />
      <SeriesModal open={dialog === 'series'} onClose={() => setDialog(null)} />
    </>
  );
}

function MeetingActionModal({ meeting, open, onClose }: { meeting: TMeeting; open: boolean; onClose(): void }) {
  const t = useT();
  const add = useMeetingAction(meeting.id);
  return (
    <FormModal
      open={open}
      title={t('meeting.addAction')}
      testId="meeting-action"
      pending={add.isPending}
      onClose={onClose}
      onReload={() => undefined}
      initial={() => ({})}
      onSubmit={(v) => add.mutateAsync(toRequest(MeetingActionRequest, { ...v, dueDate: civil(v.dueDate) }))}
    >
      {() => (
        <>
          <Form.Item name="title" label={t('visit.actionTitle')} rules={required(t)}>
            <Input maxLength={200} data-testid="meeting-action-title" />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item name="ownerId" label={t('visit.actionOwner')} rules={required(t)} style={{ flex: 1 }}>
              <UserSelect data-testid="meeting-action-owner" />
            </Form.Item>
            <Form.Item name="department" label={t('visit.actionDepartment')} rules={required(t)} style={{ flex: 1 }}>
              <DepartmentSelect data-testid="meeting-action-department" />
            </Form.Item>
          </Flex>
          <Form.Item name="dueDate" label={t('visit.actionDue')} rules={required(t)}>
            <WorkingDatePicker data-testid="meeting-action-due" />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

/** One meeting: agenda, attendance, minutes, decisions, actions, those carried forward, distribution and acknowledgement. */
export function MeetingDetailPage() {
  const t = useT();
  const can = useCan();
  const me = useCurrentUser();
  const { id } = useParams();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const { data: meeting, error, isLoading } = useMeeting(id);
  const distribute = useDistributeMeeting(id ?? '');
  const acknowledge = useAcknowledgeMeeting(id ?? '');
  const [dialog, setDialog] = useState<'edit' | 'action' | 'next' | null>(null);
  if (isLoading) return <Skeleton active />;
  if (!meeting) {
    if (isApiError(error, 'NOT_FOUND')) return <Result status="404" title={t('meeting.notFound')} extra={<Link to="/meetings">{t('meeting.nav')}</Link>} />;
    return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  }
  const write = can('internal.write') && !meeting.distributedAt;
  const myRow = meeting.participants.find((p) => p.userId === me.id);
  const acked = meeting.participants.filter((p) => p.acknowledgedAt).length;
  return (
    <>
      <PageHeader
        back="/meetings"
        title={<span data-testid="meeting-number">{meeting.number}</span>}
        subtitle={meeting.title}
        tags={
          meeting.distributedAt ? (
            <Tag color="success" data-testid="meeting-distributed">
              {t('meeting.ackCount', { n: acked, total: meeting.participants.length })}
            </Tag>
          ) : (
            <Tag data-testid="meeting-distributed">{t('meeting.notDistributed')}</Tag>
          )
        }
        extra={
          <>
            <Link to={`/meetings/${meeting.id}/print`} target="_blank">
              <Button icon={<PrinterOutlined />} data-testid="meeting-print">
                {t('meeting.print')}
              </Button>
            </Link>
            {write && (
              <Button icon={<EditOutlined />} onClick={() => setDialog('edit')} data-testid="meeting-edit">
                {t('meeting.edit')}
              </Button>
            )}
            {write && (
              <Button
                type="primary"
                icon={<SendOutlined />}
                loading={distribute.isPending}
                onClick={() =>
                  distribute.mutate(meeting.version, { onSuccess: () => message.success(t('meeting.distributedToast')), onError: (e) => onProblem(e) })
                }
                data-testid="meeting-distribute"
              >
                {t('meeting.distribute')}
              </Button>
            )}
            {meeting.seriesId && can('internal.write') && (
              <Button icon={<PlusOutlined />} onClick={() => setDialog('next')} data-testid="meeting-next">
                {t('meeting.next')}
              </Button>
            )}
            {meeting.distributedAt && myRow && !myRow.acknowledgedAt && (
              <Button
                type="primary"
                icon={<CheckOutlined />}
                loading={acknowledge.isPending}
                onClick={() =>
                  acknowledge.mutate(undefined, { onSuccess: () => message.success(t('meeting.acknowledgedToast')), onError: (e) => onProblem(e) })
                }
                data-testid="meeting-acknowledge"
              >
                {t('meeting.acknowledge')}
              </Button>
            )}
          </>
        }
      />
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }} data-testid="meeting-details">
          <Descriptions.Item label={t('meeting.series')}>{meeting.seriesTitle ?? NONE}</Descriptions.Item>
          <Descriptions.Item label={t('meeting.fields.heldAt')}>
            <DateTime value={meeting.heldAt} />
          </Descriptions.Item>
          <Descriptions.Item label={t('meeting.fields.place')}>{meeting.place ?? NONE}</Descriptions.Item>
          <Descriptions.Item label={t('meeting.fields.chair')}>{meeting.chairName ?? NONE}</Descriptions.Item>
          <Descriptions.Item label={t('meeting.fields.agenda')} span={{ xs: 1, md: 2, xl: 4 }}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{meeting.agenda ?? NONE}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('meeting.fields.minutes')} span={{ xs: 1, md: 2, xl: 4 }}>
            <span style={{ whiteSpace: 'pre-wrap' }} data-testid="meeting-minutes-text">
              {meeting.minutes ?? NONE}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('meeting.fields.decisions')} span={{ xs: 1, md: 2, xl: 4 }}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{meeting.decisions ?? NONE}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('meeting.fields.participants')} style={{ marginTop: 12 }}>
        <Table
          rowKey="userId"
          size="small"
          pagination={false}
          dataSource={meeting.participants}
          data-testid="meeting-participant-table"
          columns={[
            { title: t('meeting.fields.participants'), dataIndex: 'name' },
            {
              title: t('meeting.fields.attendance'),
              dataIndex: 'attendance',
              render: (a: 'present') => (
                <Tag color={a === 'present' ? 'green' : a === 'absent' ? 'red' : a === 'excused' ? 'gold' : undefined}>{t(`meeting.attendance.${a}`)}</Tag>
              ),
            },
            { title: t('meeting.fields.acknowledged'), dataIndex: 'acknowledgedAt', render: (v: string | null) => (v ? <DateTime value={v} /> : NONE) },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t('meeting.actions')}
        style={{ marginTop: 12 }}
        extra={
          write && (
            <Button icon={<PlusOutlined />} onClick={() => setDialog('action')} data-testid="meeting-action-new">
              {t('meeting.addAction')}
            </Button>
          )
        }
      >
        <ActionTable showSource={false} dataSource={meeting.actions} pagination={false} data-testid="meeting-action-table" />
      </Card>
      <Card size="small" title={t('meeting.carried')} style={{ marginTop: 12 }}>
        <ActionTable
          showSource
          dataSource={meeting.carriedActions}
          pagination={false}
          data-testid="meeting-carried-table"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('meeting.noCarried')} /> }}
        />
      </Card>
      <Collapse style={{ marginTop: 12 }} items={[{ key: 'h', label: t('visit.history'), children: <HistoryPanel type="meeting" id={meeting.id} /> }]} />
      <MeetingModal meeting={meeting} open={dialog === 'edit'} onClose={() => setDialog(null)} />
      <MeetingActionModal meeting={meeting} open={dialog === 'action'} onClose={() => setDialog(null)} />
      <MeetingModal meeting={null} next={meeting} open={dialog === 'next'} onClose={() => setDialog(null)} />
    </>
  );
}
