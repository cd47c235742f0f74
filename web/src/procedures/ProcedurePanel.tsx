import { lazy, Suspense, useState } from 'react';
import { Alert, App, Button, Card, Collapse, Flex, Skeleton, Steps, Tag, Timeline, Tooltip, Typography } from 'antd';
import {
  ApartmentOutlined,
  CheckCircleFilled,
  ClockCircleOutlined,
  CloseCircleFilled,
  MinusCircleOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
} from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { PauseClockRequest, ResumeClockRequest } from '../../../contracts/procedures.js';
import { isApiError } from '../api/client.js';
import { useLocalized, useT } from '../i18n/index.js';
import { useDepartmentName } from '../identity/index.js';
import { DateTime } from '../platform/DateTime.js';
import { fmtDateTime } from '../platform/format.js';
import { useInstances, usePauseClock, useProcedure, useResumeClock, type TAvailableAction, type TInstanceView } from './api.js';
import { ClockTags, InstanceStatusTag, transitionName, useDeadlineText, useDuration, useStepName } from './labels.js';
import { stepPath } from './path.js';

// the step's dialogs (forms, date pickers) are fetched when one is first opened, not with every record page
const TransitionModal = lazy(() => import('./ActionModals.js').then((m) => ({ default: m.TransitionModal })));
const SignoffModal = lazy(() => import('./ActionModals.js').then((m) => ({ default: m.SignoffModal })));
const ReasonModal = lazy(() => import('../platform/ReasonModal.js').then((m) => ({ default: m.ReasonModal })));

/** "2026-12-01 周二 10:00" in the user's time. */
export function fmtDue(iso: string): string {
  return dayjs(iso).format('YYYY-MM-DD ddd HH:mm');
}

function Clock({ instance, onPause, onResume, canAct }: { instance: TInstanceView; onPause(): void; onResume(): void; canAct: boolean }) {
  const t = useT();
  const c = instance.clock;
  if (!c) return null;
  const paused = c.status === 'paused';
  const rel = dayjs(c.dueAt).fromNow(true);
  return (
    <Flex
      align="center"
      gap={8}
      wrap
      style={{
        padding: '8px 12px',
        borderRadius: 6,
        background: c.overdue ? '#fff1f0' : paused ? '#fffbe6' : '#f0f5ff',
        border: `1px solid ${c.overdue ? '#ffccc7' : paused ? '#ffe58f' : '#d6e4ff'}`,
      }}
      data-testid="procedure-clock"
      data-status={paused ? 'paused' : c.overdue ? 'overdue' : 'running'}
    >
      <ClockCircleOutlined style={{ color: c.overdue ? '#cf1322' : '#1657d9' }} />
      <Typography.Text type="secondary">{t('procedure.dueAt')}</Typography.Text>
      <Tooltip title={t('procedure.dueTooltip', { at: fmtDateTime(c.dueAt), tz: Intl.DateTimeFormat().resolvedOptions().timeZone })}>
        <Typography.Text strong type={c.overdue ? 'danger' : undefined} data-testid="procedure-due" data-due={c.dueAt} style={{ fontSize: 15 }}>
          {fmtDue(c.dueAt)}
        </Typography.Text>
      </Tooltip>
      <ClockTags overdue={c.overdue} paused={paused} provisional={c.provisional} />
      <Typography.Text type={c.overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
        {paused
          ? t('procedure.clock.pausedSince', { at: fmtDateTime(c.pausedSince) })
          : c.overdue
            ? t('procedure.clock.overdueBy', { rel })
            : t('procedure.clock.remaining', { rel })}
      </Typography.Text>
      {c.pausedMinutes > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('procedure.clock.pausedTotal', { n: c.pausedMinutes })}
        </Typography.Text>
      )}
      <div style={{ flex: 1 }} />
      {canAct &&
        (paused ? (
          <Button size="small" icon={<PlayCircleOutlined />} onClick={onResume} data-testid="procedure-resume">
            {t('procedure.clock.resume')}
          </Button>
        ) : (
          <Tooltip title={t('procedure.clock.pauseHint')}>
            <Button size="small" icon={<PauseCircleOutlined />} onClick={onPause} data-testid="procedure-pause">
              {t('procedure.clock.pause')}
            </Button>
          </Tooltip>
        ))}
    </Flex>
  );
}

function Signoff({ instance, onSign }: { instance: TInstanceView; onSign(): void }) {
  const t = useT();
  const deptName = useDepartmentName();
  const s = instance.signoff;
  if (!s) return null;
  const icon = (opinion: string | undefined) =>
    opinion === 'accept' ? (
      <CheckCircleFilled style={{ color: '#389e0d' }} />
    ) : opinion === 'conditional' ? (
      <CheckCircleFilled style={{ color: '#d48806' }} />
    ) : opinion === 'reject' ? (
      <CloseCircleFilled style={{ color: '#cf1322' }} />
    ) : (
      <MinusCircleOutlined style={{ color: '#bfbfbf' }} />
    );
  return (
    <div data-testid="procedure-signoff">
      <Flex justify="space-between" align="center" style={{ marginBottom: 6 }}>
        <Typography.Text strong>
          {t('procedure.signoff.title')} {s.round > 1 && <Tag>{t('procedure.signoff.round', { n: s.round })}</Tag>}
        </Typography.Text>
        {s.mine.length > 0 && (
          <Button size="small" type="primary" onClick={onSign} data-testid="signoff-open">
            {t('procedure.signoff.signFor', { depts: s.mine.map(deptName).join('、') })}
          </Button>
        )}
      </Flex>
      <Flex vertical gap={4}>
        {s.departments.map((d) => {
          const signed = s.signed.find((x) => x.department === d);
          return (
            <Flex key={d} gap={8} align="baseline" wrap data-testid={`signoff-${d}`} data-opinion={signed?.opinion ?? ''}>
              {icon(signed?.opinion)}
              <Typography.Text strong style={{ minWidth: 120 }}>
                {deptName(d)}
              </Typography.Text>
              {signed ? (
                <>
                  <Tag color={signed.opinion === 'accept' ? 'success' : signed.opinion === 'reject' ? 'error' : 'warning'}>
                    {t(`enums.opinion.${signed.opinion}`)}
                  </Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {signed.userName} · <DateTime value={signed.at} />
                  </Typography.Text>
                  {signed.comment && <Typography.Text style={{ fontSize: 12 }}>“{signed.comment}”</Typography.Text>}
                </>
              ) : (
                <Typography.Text type="secondary">{t('procedure.signoff.waiting')}</Typography.Text>
              )}
            </Flex>
          );
        })}
      </Flex>
    </div>
  );
}

interface HistoryEvent {
  kind: 'start' | 'move';
  at: string;
  from: string | null;
  to: string;
  actor: string | null;
  transitionId: string | null;
  reason: string | null;
  /** time spent in the step left (moves only) */
  grossMinutes?: number;
  netMinutes?: number;
}

function InstanceCard({
  instance,
  defaultChannel,
  route,
  onReload,
}: {
  instance: TInstanceView;
  defaultChannel?: string;
  route?: string | null;
  onReload(): void;
}) {
  const t = useT();
  const loc = useLocalized();
  const { message } = App.useApp();
  const { data: def } = useProcedure(instance.procedureId, instance.procedureVersion);
  const stepName = useStepName(def);
  const deadlineText = useDeadlineText();
  const deptName = useDepartmentName();
  const duration = useDuration();
  const [action, setAction] = useState<TAvailableAction | null>(null);
  const [dialog, setDialog] = useState<'pause' | 'resume' | 'signoff' | null>(null);
  // once one has been opened the dialogs stay mounted (closing animates as before)
  const [dialogsWanted, setDialogsWanted] = useState(false);
  if ((action || dialog) && !dialogsWanted) setDialogsWanted(true);
  const pause = usePauseClock(instance.id);
  const resume = useResumeClock(instance.id);
  if (!def) return <Skeleton active paragraph={{ rows: 3 }} />;
  const path = stepPath(def, instance, route);
  const current = path.findIndex((p) => p.state === 'current');
  const open = instance.status === 'open';
  const step = def.steps.find((s) => s.id === instance.state);
  const actionName = (id: string | null) => transitionName([def], id, loc) ?? id;
  // who moved it on, when, why: the start, then every step left (newest first)
  const visits = [...instance.history].sort((a, b) => a.enteredAt.localeCompare(b.enteredAt));
  const events: HistoryEvent[] = [
    { kind: 'start' as const, at: instance.startedAt, to: visits[0]?.stepId ?? def.start, from: null, actor: null, transitionId: null, reason: null },
    ...visits
      .filter((v) => v.leftAt)
      .map((v, i): HistoryEvent => ({
        kind: 'move',
        at: v.leftAt!,
        from: v.stepId,
        to: def.transitions.find((x) => x.id === v.transitionId)?.to ?? visits[i + 1]?.stepId ?? '',
        actor: v.actorName,
        transitionId: v.transitionId,
        reason: v.reason,
        grossMinutes: v.grossMinutes,
        netMinutes: v.netMinutes,
      })),
  ].reverse();
  return (
    <Card
      size="small"
      data-testid="procedure-instance"
      data-procedure={instance.procedureId}
      data-state={instance.state}
      title={
        <Flex gap={8} align="center" wrap>
          <ApartmentOutlined style={{ color: '#1657d9' }} />
          <span>{loc(def.title)}</span>
          <InstanceStatusTag status={instance.status} />
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
            {def.documentNo} · v{instance.procedureVersion}
          </Typography.Text>
        </Flex>
      }
      extra={
        <Link to={`/procedures/${instance.procedureId}${instance.procedureVersion !== def.version ? `?version=${instance.procedureVersion}` : ''}`}>
          {t('procedure.viewFlowchart')}
        </Link>
      }
    >
      <Flex vertical gap={12}>
        {/* a long procedure (the order's has 13 steps) scrolls sideways rather than squeezing its names */}
        <div style={{ overflowX: path.length > 7 ? 'auto' : undefined }}>
          <Steps
            size="small"
            style={path.length > 7 ? { minWidth: path.length * 140 } : undefined}
            current={current < 0 ? path.length - 1 : current}
            data-testid="procedure-steps-indicator"
            items={path.map((p, i) => {
              const s = def.steps.find((x) => x.id === p.stepId);
              const isCurrent = p.state === 'current';
              return {
                key: `${p.stepId}-${i}`,
                // long paths (a reopened 8D) keep each name legible instead of one letter per line
                title: (
                  <span
                    data-testid={isCurrent ? 'procedure-current-step' : undefined}
                    style={path.length > 7 ? { display: 'inline-block', minWidth: 96 } : undefined}
                  >
                    {stepName(p.stepId)}
                  </span>
                ),
                status: isCurrent ? (instance.clock?.overdue ? 'error' : 'process') : p.state === 'done' ? 'finish' : 'wait',
                content: (
                  <span style={{ fontSize: 12 }}>
                    {p.visit ? fmtDateTime(p.visit.enteredAt).slice(5) : s?.deadline ? deadlineText(s.deadline) : s ? deptName(s.lane) : ''}
                  </span>
                ),
              };
            })}
          />
        </div>
        {open && instance.clock && (
          <Clock instance={instance} canAct={instance.actions.length > 0} onPause={() => setDialog('pause')} onResume={() => setDialog('resume')} />
        )}
        {!open && <Alert type="success" showIcon title={t('procedure.closedAt', { at: fmtDateTime(instance.closedAt), step: stepName(instance.state) })} />}
        <Signoff instance={instance} onSign={() => setDialog('signoff')} />
        {open && (
          <Flex gap={8} wrap align="center">
            {instance.actions.map((a, i) => (
              <Button
                key={a.transitionId}
                type={i === 0 ? 'primary' : 'default'}
                danger={a.requiresReason && i > 0}
                onClick={() => setAction(a)}
                data-testid={`procedure-action-${a.transitionId}`}
              >
                {loc(a.action)}
              </Button>
            ))}
            {!instance.actions.length && !instance.signoff?.mine.length && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="procedure-no-actions">
                {t('procedure.noActions', { dept: step ? deptName(step.lane) : '' })}
              </Typography.Text>
            )}
          </Flex>
        )}
        <Collapse
          size="small"
          ghost
          defaultActiveKey={[]}
          items={[
            {
              key: 'history',
              label: t('procedure.historyCount', { n: events.length }),
              children: (
                <Timeline
                  data-testid="procedure-history"
                  items={events.map((e, i) => ({
                    key: `${e.at}-${i}`,
                    color: e.kind === 'start' ? 'green' : e.reason ? 'orange' : 'blue',
                    content: (
                      <div data-testid="procedure-history-entry" data-transition={e.transitionId ?? ''}>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          <DateTime value={e.at} />
                        </Typography.Text>{' '}
                        {e.kind === 'start' ? (
                          <Typography.Text>{t('procedure.historyStarted', { step: stepName(e.to) })}</Typography.Text>
                        ) : (
                          <Typography.Text>
                            <Typography.Text strong>{e.actor ?? t('history.system')}</Typography.Text>
                            {' · '}
                            {t('procedure.historyMoved', { action: actionName(e.transitionId) ?? '', from: stepName(e.from), to: stepName(e.to) })}
                          </Typography.Text>
                        )}
                        {e.kind !== 'start' && e.grossMinutes !== undefined && (
                          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="procedure-history-time">
                            {' · '}
                            {e.netMinutes !== undefined && e.netMinutes !== e.grossMinutes
                              ? t('procedure.report.inStepNet', { gross: duration(e.grossMinutes / 60), net: duration((e.netMinutes ?? 0) / 60) })
                              : t('procedure.report.inStep', { gross: duration(e.grossMinutes / 60) })}
                          </Typography.Text>
                        )}
                        {e.reason && (
                          <div style={{ fontSize: 12 }} data-testid="procedure-history-reason">
                            {t('common.reason')}: {e.reason}
                          </div>
                        )}
                      </div>
                    ),
                  }))}
                />
              ),
            },
          ]}
        />
      </Flex>
      {dialogsWanted && (
        <Suspense fallback={null}>
          <TransitionModal instance={instance} action={action} defaultChannel={defaultChannel} onClose={() => setAction(null)} onReload={onReload} />
          <SignoffModal
            instance={instance}
            departments={dialog === 'signoff' ? (instance.signoff?.mine ?? []) : []}
            onClose={() => setDialog(null)}
            onReload={onReload}
          />
          <ReasonModal
            open={dialog === 'pause'}
            title={t('procedure.clock.pauseTitle')}
            description={t('procedure.clock.pauseHint')}
            schema={PauseClockRequest.shape.reason}
            okText={t('procedure.clock.pause')}
            onClose={() => setDialog(null)}
            onReload={onReload}
            onSubmit={(reason) =>
              pause.mutateAsync({ version: instance.version, reason: reason ?? '' }).then(() => void message.success(t('procedure.clock.pausedDone')))
            }
          />
          <ReasonModal
            open={dialog === 'resume'}
            title={t('procedure.clock.resumeTitle')}
            description={t('procedure.clock.resumeHint')}
            schema={ResumeClockRequest.shape.reason}
            okText={t('procedure.clock.resume')}
            onClose={() => setDialog(null)}
            onReload={onReload}
            onSubmit={(reason) =>
              resume.mutateAsync({ version: instance.version, reason: reason ?? undefined }).then(() => void message.success(t('procedure.clock.resumedDone')))
            }
          />
        </Suspense>
      )}
    </Card>
  );
}

/** The procedures running (or run) on a record: where it stands, its deadline, what I can do. */
/** `route`: the record's chosen route (a complaint's path), so the strip shows that route's steps ahead. */
export function ProcedurePanel({ refType, refId, defaultChannel, route }: { refType: string; refId: string; defaultChannel?: string; route?: string | null }) {
  const t = useT();
  const { data, isLoading, error, refetch } = useInstances(refType, refId);
  if (isLoading) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (error) return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  const items = [...(data?.items ?? [])].sort((a, b) => (a.status === b.status ? b.startedAt.localeCompare(a.startedAt) : a.status === 'open' ? -1 : 1));
  if (!items.length) return null;
  return (
    <Flex vertical gap={12} data-testid="procedure-panel">
      {items.map((i) => (
        <InstanceCard key={i.id} instance={i} defaultChannel={defaultChannel} route={route} onReload={() => void refetch()} />
      ))}
    </Flex>
  );
}
