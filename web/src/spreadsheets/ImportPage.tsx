import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Flex, Progress, Radio, Result, Select, Space, Steps, Table, Tag, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router';
import { importKinds } from '../../../contracts/spreadsheets.js';
import { useLocale } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { DateTime } from '../platform/DateTime.js';
import { useProblemHandler } from '../platform/problem.js';
import { uploadImport, useExampleImport, useImportAction, useImportJob, useRecentImports, type TImportJob, type TImportKind } from './api.js';
import { useFeatureT } from '../i18n/feature.js';
import { spreadsheetZh } from './i18n.zh-CN.js';
import { spreadsheetEn } from './i18n.en-US.js';

const spreadsheetWords = { 'zh-CN': spreadsheetZh, 'en-US': spreadsheetEn };
const useSpreadsheetT = () => useFeatureT(spreadsheetWords);

const kindPermission: Record<TImportKind, string> = {
  customers: 'customers.write',
  products: 'products.manage',
  vendors: 'vendors.manage',
  communications: 'communications.write',
  orders: 'orders.write',
  users: 'users.admin',
};
const kindList: Record<TImportKind, string> = {
  customers: '/customers',
  products: '/products',
  vendors: '/vendors',
  communications: '/communications',
  orders: '/orders',
  users: '/admin/users',
};
const actionColor = { create: 'green', update: 'blue', skip: 'default', error: 'red', line: 'cyan' } as const;

function stepOf(job: TImportJob | undefined) {
  if (!job) return 0;
  if (job.status === 'uploaded') return 1;
  if (job.status === 'checked') return 2;
  return 3;
}

/** 数据导入: choose → upload → map → dry run → import with progress; the job id in the URL makes the page returnable. */
export function ImportPage() {
  const sw = useSpreadsheetT();
  const can = useCan();
  const { locale } = useLocale();
  const zh = locale === 'zh-CN';
  const [params, setParams] = useSearchParams();
  const jobId = params.get('job') ?? undefined;
  const allowed = importKinds.filter((k) => can(kindPermission[k] as never));
  const [kind, setKind] = useState<TImportKind>((params.get('kind') as TImportKind | null) ?? allowed[0] ?? 'customers');
  const { data: job } = useImportJob(jobId);
  const onProblem = useProblemHandler();
  const { message } = App.useApp();
  const [uploading, setUploading] = useState<number | null>(null);

  return (
    <>
      <PageHeader title={sw('title')} subtitle={sw('intro')} />
      <Steps
        size="small"
        current={stepOf(job)}
        style={{ marginBottom: 16 }}
        items={[{ title: sw('steps.upload') }, { title: sw('steps.map') }, { title: sw('steps.check') }, { title: sw('steps.run') }]}
      />
      {!job && (
        <Card>
          <Flex vertical gap={16}>
            <Radio.Group
              value={kind}
              onChange={(e) => setKind(e.target.value as TImportKind)}
              optionType="button"
              buttonStyle="solid"
              data-testid="import-kind"
            >
              {allowed.map((k) => (
                <Radio.Button key={k} value={k}>
                  <span data-testid={`import-kind-${k}`}>{sw(`kinds.${k}`)}</span>
                </Radio.Button>
              ))}
            </Radio.Group>
            <Space wrap>
              <Button icon={<DownloadOutlined />} href={`/api/imports/templates/${kind}?format=xlsx`} data-testid="import-template">
                {sw('template')}
              </Button>
              <Button type="link" href={`/api/imports/templates/${kind}?format=csv`}>
                {sw('templateCsv')}
              </Button>
              <Button type="link" icon={<DownloadOutlined />} href="/api/imports/example" data-testid="import-example">
                {sw('example')}
              </Button>
            </Space>
            <Alert type="info" showIcon title={sw('exampleHint')} />
            <div data-testid="import-upload">
              <Upload.Dragger
                accept=".xlsx,.csv,.txt"
                multiple={false}
                showUploadList={false}
                disabled={uploading !== null}
                beforeUpload={(file) => {
                  setUploading(0);
                  uploadImport(kind, file, setUploading)
                    .then((j) => setParams({ job: j.id }))
                    .catch((e: unknown) => onProblem(e))
                    .finally(() => setUploading(null));
                  return false;
                }}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{sw('upload')}</p>
                <p className="ant-upload-hint">{sw('uploadHint')}</p>
                {uploading !== null && <Progress percent={uploading} size="small" />}
              </Upload.Dragger>
            </div>
          </Flex>
        </Card>
      )}
      {job && (job.status === 'uploaded' || job.status === 'checked') && <MappingCard job={job} zh={zh} />}
      {job && job.status === 'checked' && <DryRunCard job={job} zh={zh} onStarted={() => message.info(sw('leaveHint'))} />}
      {job && (job.status === 'running' || job.status === 'done' || job.status === 'failed' || job.status === 'cancelled') && (
        <RunCard job={job} onAgain={() => setParams({})} />
      )}
      {!job && allowed.length === importKinds.length && (
        <WholeExampleCard runId={params.get('example') ?? undefined} onRun={(id) => setParams({ example: id })} />
      )}
      <RecentImports current={jobId} onOpen={(id) => setParams({ job: id })} />
    </>
  );
}

/** 一次导入整个示例: the dry run per sheet, then the import of every sheet in dependency order with its progress. */
function WholeExampleCard({ runId, onRun }: { runId: string | undefined; onRun: (id: string) => void }) {
  const sw = useSpreadsheetT();
  const onProblem = useProblemHandler();
  const { run, check, start } = useExampleImport(runId);
  const r = run.data;
  const kindName = (k: TImportKind) => sw(`kinds.${k}`);
  return (
    <Card title={sw('whole.title')} style={{ marginTop: 16 }} data-testid="import-whole">
      <Flex vertical gap={12}>
        <Alert type="info" showIcon title={sw('whole.hint')} />
        <Space wrap>
          <Button
            onClick={() => check.mutate(undefined, { onError: (e) => onProblem(e) })}
            loading={check.isPending}
            disabled={r?.status === 'running'}
            data-testid="import-whole-check"
          >
            {sw('whole.check')}
          </Button>
          <Button
            type="primary"
            onClick={() => start.mutate(undefined, { onSuccess: (x) => onRun(x.id), onError: (e) => onProblem(e) })}
            loading={start.isPending}
            disabled={!check.data || r?.status === 'running' || check.data.sheets.some((x) => x.errorCount > 0)}
            data-testid="import-whole-run"
          >
            {sw('whole.run')}
          </Button>
        </Space>
        {check.data && !r && (
          <Table
            size="small"
            rowKey="kind"
            pagination={false}
            dataSource={check.data.sheets}
            data-testid="import-whole-plan"
            columns={[
              { title: sw('whole.sheet'), dataIndex: 'kind', render: (k: TImportKind) => <span data-testid={`import-whole-plan-${k}`}>{kindName(k)}</span> },
              { title: sw('whole.total'), dataIndex: 'total' },
              { title: sw('whole.created'), dataIndex: 'created', render: (n: number) => <Tag color="green">{n}</Tag> },
              { title: sw('whole.updated'), dataIndex: 'updated' },
              { title: sw('whole.skipped'), dataIndex: 'skipped' },
              {
                title: sw('whole.errors'),
                dataIndex: 'errorCount',
                render: (n: number, x) => (n ? <span title={x.errors.map((e) => `${e.row}: ${e.message}`).join('\n')}>{n}</span> : 0),
              },
            ]}
          />
        )}
        {r && (
          <>
            {r.status === 'done' && <Result status="success" title={sw('whole.done')} data-testid="import-whole-done" />}
            {r.status === 'failed' && <Alert type="error" showIcon title={`${sw('whole.failed')}: ${r.message ?? ''}`} />}
            <Table
              size="small"
              rowKey="kind"
              pagination={false}
              dataSource={r.sheets}
              data-testid="import-whole-progress"
              columns={[
                {
                  title: sw('whole.sheet'),
                  dataIndex: 'kind',
                  render: (k: TImportKind, x) => (x.jobId ? <Link to={`/import?job=${x.jobId}`}>{kindName(k)}</Link> : kindName(k)),
                },
                {
                  title: sw('whole.progress'),
                  render: (_: unknown, x) => (
                    <Progress
                      size="small"
                      percent={x.status === 'done' ? 100 : x.total ? Math.floor((x.processed / x.total) * 100) : 0}
                      status={x.status === 'failed' || x.status === 'cancelled' ? 'exception' : undefined}
                    />
                  ),
                },
                {
                  title: sw('whole.status'),
                  dataIndex: 'status',
                  render: (st: string) => <span data-testid="import-whole-status">{st === 'waiting' ? sw('whole.waiting') : sw(`status.${st}` as never)}</span>,
                },
                { title: sw('whole.created'), dataIndex: 'created' },
                { title: sw('whole.updated'), dataIndex: 'updated' },
                { title: sw('whole.skipped'), dataIndex: 'skipped' },
              ]}
            />
          </>
        )}
      </Flex>
    </Card>
  );
}

function MappingCard({ job, zh }: { job: TImportJob; zh: boolean }) {
  const sw = useSpreadsheetT();
  const onProblem = useProblemHandler();
  const { check } = useImportAction(job.id);
  const [mapping, setMapping] = useState<Record<string, string>>(job.mapping);
  useEffect(() => setMapping(job.mapping), [job.id, job.mapping]);
  return (
    <Card
      title={`${sw(`kinds.${job.kind}`)} — ${sw('fileInfo', { file: job.fileName, sheet: job.sheet ?? 'CSV', total: job.total })}`}
      style={{ marginBottom: 16 }}
      data-testid="import-mapping"
    >
      <Alert type="info" showIcon title={sw('mappingHint')} style={{ marginBottom: 12 }} />
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={job.fields}
        columns={[
          {
            title: sw('field'),
            key: 'field',
            render: (_, f) => (
              <span>
                {zh ? f.zh : f.en} {f.required && <Tag color="red">{sw('required')}</Tag>}
              </span>
            ),
          },
          {
            title: sw('column'),
            key: 'column',
            render: (_, f) => (
              <Select
                style={{ width: 260 }}
                value={mapping[f.key] ?? ''}
                onChange={(v: string) =>
                  setMapping((m) => {
                    const next = { ...m };
                    if (v) next[f.key] = v;
                    else delete next[f.key];
                    return next;
                  })
                }
                options={[{ value: '', label: sw('notMapped') }, ...job.headers.map((h) => ({ value: h, label: h }))]}
                data-testid={`import-map-${f.key}`}
                aria-label={zh ? f.zh : f.en}
              />
            ),
          },
          { title: '', key: 'hint', render: (_, f) => <span style={{ fontSize: 12, opacity: 0.7 }}>{zh ? f.hint.zh : f.hint.en}</span> },
        ]}
      />
      <Button
        type="primary"
        style={{ marginTop: 12 }}
        loading={check.isPending}
        onClick={() => check.mutate(mapping, { onError: (e) => onProblem(e) })}
        data-testid="import-check"
      >
        {sw('check')}
      </Button>
    </Card>
  );
}

function DryRunCard({ job, zh, onStarted }: { job: TImportJob; zh: boolean; onStarted: () => void }) {
  const sw = useSpreadsheetT();
  const onProblem = useProblemHandler();
  const { run } = useImportAction(job.id);
  return (
    <Card title={sw('steps.check')} style={{ marginBottom: 16 }} data-testid="import-dry-run">
      <Alert type="info" showIcon title={sw('rule')} description={zh ? job.rule.zh : job.rule.en} style={{ marginBottom: 12 }} />
      <Alert
        type={job.errorCount ? 'error' : 'success'}
        showIcon
        title={
          <span data-testid="import-summary">
            {sw('summary', { created: job.created, updated: job.updated, skipped: job.skipped, errors: job.errorCount })}
          </span>
        }
        style={{ marginBottom: 12 }}
      />
      {job.errorCount > 0 && (
        <>
          <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
            <strong>{sw('errorsTitle')}</strong>
            <Button icon={<DownloadOutlined />} href={`/api/imports/${job.id}/errors`} data-testid="import-error-workbook">
              {sw('errorWorkbook')}
            </Button>
          </Flex>
          <Table
            size="small"
            rowKey={(e) => `${e.row}-${e.field}-${e.code}`}
            dataSource={job.errors}
            pagination={{ pageSize: 10 }}
            data-testid="import-errors"
            columns={[
              { title: sw('row'), dataIndex: 'row', width: 70 },
              { title: sw('column'), dataIndex: 'column', width: 200 },
              { title: sw('message'), dataIndex: 'message' },
            ]}
          />
        </>
      )}
      <Table
        size="small"
        rowKey="row"
        dataSource={job.plan}
        pagination={{ pageSize: 10 }}
        style={{ marginTop: 12 }}
        data-testid="import-plan"
        columns={[
          { title: sw('row'), dataIndex: 'row', width: 70 },
          { title: '', dataIndex: 'action', width: 90, render: (a: keyof typeof actionColor) => <Tag color={actionColor[a]}>{sw(`actions.${a}`)}</Tag> },
          { title: sw('key'), dataIndex: 'key', width: 160 },
          { title: sw('label'), dataIndex: 'label' },
        ]}
      />
      <Button
        type="primary"
        style={{ marginTop: 12 }}
        disabled={job.errorCount > 0}
        loading={run.isPending}
        onClick={() => run.mutate(undefined, { onSuccess: onStarted, onError: (e) => onProblem(e) })}
        data-testid="import-run"
      >
        {sw('run')}
      </Button>
    </Card>
  );
}

function RunCard({ job, onAgain }: { job: TImportJob; onAgain: () => void }) {
  const sw = useSpreadsheetT();
  const onProblem = useProblemHandler();
  const { cancel } = useImportAction(job.id);
  const percent = job.total ? Math.round((job.processed / job.total) * 100) : 0;
  const again = (
    <Button onClick={onAgain} data-testid="import-again">
      {sw('again')}
    </Button>
  );
  const open = (
    <Link to={kindList[job.kind]}>
      <Button type="primary" data-testid="import-open-list">
        {sw('openList')}
      </Button>
    </Link>
  );
  return (
    <Card style={{ marginBottom: 16 }} data-testid="import-run-card">
      {job.status === 'running' && (
        <Flex vertical gap={12}>
          <Progress percent={percent} status="active" data-testid="import-progress" />
          <span>{sw('progress', { processed: job.processed, total: job.total })}</span>
          <Alert type="info" showIcon title={sw('leaveHint')} />
          <Button
            danger
            onClick={() => cancel.mutate(undefined, { onError: (e) => onProblem(e) })}
            loading={cancel.isPending}
            data-testid="import-cancel"
            style={{ alignSelf: 'flex-start' }}
          >
            {sw('cancel')}
          </Button>
        </Flex>
      )}
      {job.status === 'done' && (
        <Result
          status="success"
          title={<span data-testid="import-done">{sw('doneSummary', { created: job.created, updated: job.updated, skipped: job.skipped })}</span>}
          subTitle={job.kind === 'users' && job.created > 0 ? sw('passwordsHint') : undefined}
          extra={[
            ...(job.kind === 'users' && job.created > 0
              ? [
                  <Button key="pw" type="primary" icon={<DownloadOutlined />} href={`/api/imports/${job.id}/passwords`} data-testid="import-passwords">
                    {sw('passwords')}
                  </Button>,
                ]
              : []),
            open,
            again,
          ]}
        />
      )}
      {job.status === 'failed' && <Result status="error" title={sw('failed', { message: job.message ?? '' })} extra={[again]} />}
      {job.status === 'cancelled' && <Result status="warning" title={sw('cancelled', { processed: job.processed })} extra={[again]} />}
    </Card>
  );
}

function RecentImports({ current, onOpen }: { current: string | undefined; onOpen: (id: string) => void }) {
  const sw = useSpreadsheetT();
  const { data } = useRecentImports();
  if (!data?.items.length) return null;
  return (
    <Card title={sw('recent')} size="small">
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={data.items}
        data-testid="import-recent"
        rowClassName={(r) => (r.id === current ? 'ant-table-row-selected' : 'clickable-row')}
        onRow={(r) => ({ onClick: () => onOpen(r.id) })}
        columns={[
          { title: sw('kind'), dataIndex: 'kind', render: (k: TImportKind) => sw(`kinds.${k}`) },
          { title: sw('file'), dataIndex: 'fileName' },
          { title: '', dataIndex: 'status', render: (s: TImportJob['status']) => <Tag>{sw(`status.${s}`)}</Tag> },
          { title: '', key: 'progress', render: (_, r) => `${r.processed} / ${r.total}` },
          { title: '', dataIndex: 'createdAt', render: (v: string) => <DateTime value={v} /> },
        ]}
      />
    </Card>
  );
}
