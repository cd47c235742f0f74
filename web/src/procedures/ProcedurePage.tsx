import { useCallback, useState } from 'react';
import { Alert, App, Button, Card, Drawer, Empty, Flex, List, Result, Select, Skeleton, Tabs, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../api/client.js';
import { useLocalized, useT, useTryT } from '../i18n/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { DateTime } from '../platform/DateTime.js';
import { isOverdue, NONE } from '../platform/format.js';
import { useProblemHandler } from '../platform/problem.js';
import { downloadBpmn, useProcedure, useProcedureCounts, useProcedureList, useStepRecords, type TProcedureDefinition } from './api.js';
import { CountsLegend, Flowchart } from './Flowchart.js';
import { TurtleDiagram } from './TurtleDiagram.js';
import { DefinitionTab } from './DefinitionTab.js';
import { ReportTab } from './ReportTab.js';
import { useDeadlineText, useStepName } from './labels.js';

function StepRecordsDrawer({ def, stepId, onClose }: { def: TProcedureDefinition; stepId: string | null; onClose(): void }) {
  const t = useT();
  const stepName = useStepName(def);
  const deadlineText = useDeadlineText();
  const { data, isLoading, error } = useStepRecords(def.id, stepId);
  const step = def.steps.find((s) => s.id === stepId);
  const items = [...(data?.items ?? [])].sort((a, b) => (a.dueAt ?? '9').localeCompare(b.dueAt ?? '9'));
  return (
    <Drawer
      open={!!stepId}
      onClose={onClose}
      size={520}
      title={
        <span>
          {stepName(stepId)}
          {step?.deadline && (
            <Typography.Text type="secondary" style={{ fontWeight: 400, fontSize: 13 }}>
              {' '}
              · {deadlineText(step.deadline)}
            </Typography.Text>
          )}
        </span>
      }
      data-testid="step-records"
    >
      {error ? (
        <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />
      ) : (
        <List
          loading={isLoading}
          dataSource={items}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('procedure.noRecordsAtStep')} /> }}
          renderItem={(r) => {
            const late = isOverdue(r.dueAt);
            return (
              <List.Item data-testid="step-record">
                <Flex vertical style={{ minWidth: 0, width: '100%' }} gap={2}>
                  <Link to={r.url} onClick={onClose}>
                    <Typography.Text ellipsis style={{ color: 'inherit' }}>
                      {r.title}
                    </Typography.Text>
                  </Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('procedure.enteredAt')}: <DateTime value={r.startedAt} /> · {t('procedure.assignee')}: {r.assigneeName ?? NONE}
                  </Typography.Text>
                  <span style={{ fontSize: 12 }}>
                    {t('procedure.dueAt')}:{' '}
                    <Typography.Text type={late ? 'danger' : undefined} strong={late} style={{ fontSize: 12 }}>
                      <DateTime value={r.dueAt} />
                    </Typography.Text>{' '}
                    {r.dueAt && (
                      <Tag color={late ? 'error' : 'processing'} style={{ fontSize: 11 }}>
                        <DateTime value={r.dueAt} relative />
                      </Tag>
                    )}
                  </span>
                </Flex>
              </List.Item>
            );
          }}
        />
      )}
    </Drawer>
  );
}

export function ProcedurePage() {
  const { id } = useParams<{ id: string }>();
  const t = useT();
  const tt = useTryT();
  const loc = useLocalized();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [params, setParams] = useSearchParams();
  const version = Number(params.get('version')) || undefined;
  const tab = params.get('tab') ?? 'flowchart';
  const list = useProcedureList();
  const summary = list.data?.items.find((p) => p.id === id);
  const { data: def, isLoading, error } = useProcedure(id, version);
  const counts = useProcedureCounts(id);
  const [step, setStep] = useState<string | null>(null);
  const [downloading, setDownloading] = useState(false);
  const openStep = useCallback((s: string) => setStep(s), []);
  const setParam = (k: string, v: string | undefined) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (v) next.set(k, v);
        else next.delete(k);
        return next;
      },
      { replace: true },
    );

  if (isLoading) return <Skeleton active />;
  if (error || !def) {
    if (isApiError(error) && (error.status === 404 || error.status === 400))
      return <Result status="404" title={t('procedure.notFound')} extra={<Link to="/procedures">{t('nav.procedures')}</Link>} />;
    return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  }
  const latest = summary?.version ?? def.version;
  const oldVersion = def.version !== latest;
  return (
    <>
      <PageHeader
        back="/procedures"
        title={<span data-testid="procedure-title">{loc(def.title)}</span>}
        subtitle={`${def.documentNo} · ${tt(`recordTypes.${def.recordType}`) ?? def.recordType}`}
        tags={<Tag color={oldVersion ? 'default' : 'blue'}>v{def.version}</Tag>}
        extra={
          <>
            <Select<number>
              value={def.version}
              onChange={(v) => setParam('version', v === latest ? undefined : String(v))}
              options={(summary?.versions ?? [def.version]).map((v) => ({ value: v, label: v === latest ? t('procedure.versionLatest', { v }) : `v${v}` }))}
              style={{ width: 150 }}
              aria-label={t('common.version')}
              data-testid="procedure-version"
            />
            <Button
              icon={<DownloadOutlined />}
              loading={downloading}
              data-testid="procedure-bpmn"
              onClick={() => {
                setDownloading(true);
                downloadBpmn(def.id, version)
                  .then(() => void message.success(t('procedure.bpmnSaved')))
                  .catch((e: unknown) => onProblem(e))
                  .finally(() => setDownloading(false));
              }}
            >
              {t('procedure.downloadBpmn')}
            </Button>
          </>
        }
      />
      {oldVersion && (
        <Alert
          type="warning"
          showIcon
          title={t('procedure.oldVersion', { v: def.version, latest })}
          action={
            <Button size="small" onClick={() => setParam('version', undefined)}>
              {t('procedure.showLatest')}
            </Button>
          }
          style={{ marginBottom: 12 }}
        />
      )}
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(k) => setParam('tab', k === 'flowchart' ? undefined : k)}
          items={[
            {
              key: 'flowchart',
              label: <span data-testid="flowchart-tab">{t('procedure.tabs.flowchart')}</span>,
              children: (
                <Flex vertical gap={8}>
                  <Flex justify="space-between" align="center" wrap gap={8}>
                    <CountsLegend />
                    <Tooltip title={t('procedure.countsLatestOnly')}>
                      <Button size="small" type="text" icon={<ReloadOutlined />} loading={counts.isFetching} onClick={() => void counts.refetch()}>
                        {t('procedure.refreshCounts')}
                      </Button>
                    </Tooltip>
                  </Flex>
                  <Flowchart def={def} counts={oldVersion ? undefined : counts.data} onStep={openStep} />
                </Flex>
              ),
            },
            {
              key: 'turtle',
              label: <span data-testid="turtle-tab">{t('procedure.tabs.turtle')}</span>,
              children: (
                <Flex vertical gap={8}>
                  <Flex justify="flex-end" className="no-print">
                    <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="turtle-print">
                      {t('procedure.print')}
                    </Button>
                  </Flex>
                  <TurtleDiagram def={def} />
                </Flex>
              ),
            },
            {
              key: 'definition',
              label: <span data-testid="definition-tab">{t('procedure.tabs.definition')}</span>,
              children: <DefinitionTab def={def} />,
            },
            {
              key: 'report',
              label: <span data-testid="report-tab">{t('procedure.tabs.report')}</span>,
              children: <ReportTab def={def} />,
            },
          ]}
        />
      </Card>
      <StepRecordsDrawer def={def} stepId={step} onClose={() => setStep(null)} />
    </>
  );
}
