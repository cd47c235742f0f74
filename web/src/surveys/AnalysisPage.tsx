import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Empty, Flex, Row, Skeleton, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { WarningOutlined } from '@ant-design/icons';
import { Link, useParams, useSearchParams } from 'react-router';
import { RaiseCorrectiveRequest } from '../../../contracts/surveys.js';
import { isApiError } from '../api/client.js';
import { useLocalized, useT } from '../i18n/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { DateTime } from '../platform/DateTime.js';
import { ReasonModal } from '../platform/ReasonModal.js';
import { AttachmentList } from '../communications/index.js';
import { useAnalysis, useRaiseCorrective, type TSurveyAnalysis, type TSurveyResponse } from './api.js';
import { EChart } from './EChart.js';
import { fmtNum, fmtPct, ScoreTag } from './labels.js';

const COLORS = ['#1657d9', '#13a8a8', '#fa8c16', '#722ed1', '#eb2f96', '#52c41a', '#faad14'];

/** QA's analysis of a survey [CC 5.9]: CSAT, NPS, weighted index, means per dimension, by customer, the trend. */
export function AnalysisPage() {
  const { id } = useParams();
  const t = useT();
  const loc = useLocalized();
  const [params] = useSearchParams();
  const { data: a, error, isLoading } = useAnalysis(id);
  const raise = useRaiseCorrective();
  const [raising, setRaising] = useState<TSurveyResponse | null>(null);
  const charts = useMemo(() => (a ? chartOptions(a, loc, t) : null), [a, loc, t]);
  if (isLoading) return <Skeleton active />;
  if (error || !a || !charts) return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  const o = a.overall;
  const dimName = (key: string) => (key === 'index' ? t('survey.analysis.index') : loc(a.dimensions.find((d) => d.key === key)?.name) || key);
  const highlight = params.get('response');
  return (
    <>
      <PageHeader back={`/surveys/campaigns/${a.campaignId}`} title={t('survey.analysis.title', { number: a.number })} />
      <Row gutter={[12, 12]}>
        {(
          [
            ['csat', t('survey.analysis.csat'), fmtPct(o.csat), t('survey.analysis.csatHint')],
            ['nps', t('survey.analysis.nps'), fmtNum(o.nps), t('survey.analysis.npsHint')],
            ['index', t('survey.analysis.index'), fmtNum(o.index), t('survey.analysis.indexHint', { target: a.indexTarget })],
            ['rate', t('survey.analysis.responseRate'), fmtPct(o.responseRate), `${o.responses} / ${o.recipients}`],
          ] as const
        ).map(([key, title, value, hint]) => (
          <Col key={key} xs={12} md={6}>
            <Card size="small">
              <Tooltip title={hint}>
                <Statistic
                  title={title}
                  value={value}
                  valueStyle={{ color: key === 'index' && o.index !== null && o.index < a.indexTarget ? '#cf1322' : undefined }}
                />
              </Tooltip>
              <span data-testid={`kpi-${key}`} style={{ display: 'none' }}>
                {value}
              </span>
            </Card>
          </Col>
        ))}
      </Row>
      {o.responses === 0 ? (
        <Empty style={{ marginTop: 24 }} description={t('survey.analysis.noResponses')} />
      ) : (
        <>
          <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('survey.analysis.byDimension')}>
                <EChart option={charts.means} testId="chart-means" />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('survey.analysis.trend')}>
                <EChart option={charts.trend} testId="chart-trend" />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('survey.analysis.distribution')}>
                <EChart option={charts.distribution} testId="chart-distribution" />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('survey.analysis.recommend')}>
                <EChart option={charts.recommend} testId="chart-recommend" />
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t('survey.analysis.dimensionTable')} style={{ marginTop: 12 }}>
            <Table
              size="small"
              pagination={false}
              rowKey="key"
              dataSource={a.dimensions}
              data-testid="dimension-table"
              columns={[
                { title: t('survey.template.dimName'), key: 'n', render: (_, d) => loc(d.name) },
                { title: t('survey.template.weight'), dataIndex: 'weight', width: 80 },
                { title: t('survey.analysis.mean'), key: 'm', width: 100, render: (_, d) => fmtNum(o.means[d.key]) },
                { title: 'CSAT', key: 'c', width: 100, render: (_, d) => fmtPct(o.csatByDimension[d.key]) },
              ]}
            />
          </Card>
          <Card size="small" title={t('survey.analysis.byCustomer')} style={{ marginTop: 12 }}>
            <Table
              size="small"
              pagination={false}
              rowKey="partyId"
              dataSource={a.byCustomer}
              scroll={{ x: 800 }}
              data-testid="customer-table"
              columns={[
                { title: t('survey.fields.customer'), key: 'p', fixed: 'left', render: (_, x) => `${x.partyCode} · ${x.partyName}` },
                ...a.dimensions.map((d) => ({
                  title: loc(d.name),
                  key: d.key,
                  width: 90,
                  render: (_: unknown, x: TSurveyAnalysis['byCustomer'][number]) => <ScoreTag score={x.metrics.means[d.key]} threshold={a.lowScoreThreshold} />,
                })),
                { title: t('survey.analysis.index'), key: 'i', width: 80, render: (_, x) => fmtNum(x.metrics.index) },
                { title: 'NPS', key: 'nps', width: 70, render: (_, x) => fmtNum(x.metrics.nps) },
                { title: t('survey.analysis.responseRate'), key: 'r', width: 90, render: (_, x) => fmtPct(x.metrics.responseRate) },
                {
                  title: t('survey.analysis.low'),
                  key: 'low',
                  width: 160,
                  render: (_, x) =>
                    x.low.map((k) => (
                      <Tag color="error" key={k}>
                        {dimName(k)}
                      </Tag>
                    )),
                },
              ]}
            />
          </Card>
          <Card size="small" title={t('survey.analysis.responses')} style={{ marginTop: 12 }}>
            <Table
              size="small"
              pagination={false}
              rowKey="id"
              dataSource={a.responses}
              scroll={{ x: 'max-content' }}
              data-testid="response-table"
              rowClassName={(r) => (r.id === highlight ? 'ant-table-row-selected' : '')}
              expandable={{
                rowExpandable: (r) => !!r.comments || r.attachments.length > 0,
                expandedRowRender: (r) => (
                  <Flex vertical gap={6}>
                    {r.comments && <Typography.Paragraph style={{ margin: 0 }}>“{r.comments}”</Typography.Paragraph>}
                    {r.attachments.length > 0 && <AttachmentList items={r.attachments} />}
                  </Flex>
                ),
              }}
              columns={[
                { title: t('survey.fields.customer'), key: 'p', fixed: 'left', width: 200, render: (_, r) => `${r.partyName} / ${r.contactName}` },
                { title: t('survey.fields.source'), dataIndex: 'source', width: 80, render: (s: string) => t(`survey.source.${s as 'link'}`) },
                ...a.dimensions.map((d) => ({
                  title: loc(d.name),
                  key: d.key,
                  width: 80,
                  render: (_: unknown, r: TSurveyResponse) => <ScoreTag score={r.scores[d.key]} threshold={a.lowScoreThreshold} />,
                })),
                { title: t('survey.analysis.recommendShort'), dataIndex: 'recommend', width: 70, render: (v: number | null) => fmtNum(v) },
                { title: t('survey.analysis.index'), dataIndex: 'index', width: 70 },
                { title: t('survey.fields.respondedAt'), dataIndex: 'respondedAt', width: 150, render: (v: string) => <DateTime value={v} /> },
                {
                  title: t('survey.analysis.followUp'),
                  key: 'f',
                  width: 220,
                  render: (_, r) => (
                    <Flex gap={4} wrap>
                      {r.actionIds.map((aid, i) => (
                        <Link key={aid} to={`/actions/${aid}`} data-testid="response-action">
                          <Tag color="processing">{t('survey.analysis.action', { n: i + 1 })}</Tag>
                        </Link>
                      ))}
                      {r.correctiveAction ? (
                        <Tooltip title={r.correctiveAction.reason}>
                          <Tag color="error" icon={<WarningOutlined />}>
                            {t('survey.analysis.corrective')}
                          </Tag>
                        </Tooltip>
                      ) : (
                        r.low.length > 0 && (
                          <Button size="small" danger onClick={() => setRaising(r)} data-testid="raise-corrective">
                            {t('survey.analysis.raise')}
                          </Button>
                        )
                      )}
                    </Flex>
                  ),
                },
              ]}
            />
          </Card>
        </>
      )}
      <ReasonModal
        open={!!raising}
        title={t('survey.analysis.raiseTitle')}
        description={t('survey.analysis.raiseHint')}
        schema={RaiseCorrectiveRequest.shape.reason}
        okText={t('survey.analysis.raise')}
        danger
        onSubmit={(reason) => raise.mutateAsync({ id: raising!.id, reason: reason ?? '' })}
        onClose={() => setRaising(null)}
      />
    </>
  );
}

function chartOptions(a: TSurveyAnalysis, loc: (n: { zh: string; en: string }) => string, t: ReturnType<typeof useT>) {
  const names = a.dimensions.map((d) => loc(d.name));
  const threshold = { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#cf1322' } };
  const means = {
    color: COLORS,
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 20, top: 20, bottom: 30 },
    xAxis: { type: 'category', data: names },
    yAxis: { type: 'value', min: 0, max: 5 },
    series: [
      {
        type: 'bar',
        name: t('survey.analysis.mean'),
        data: a.dimensions.map((d) => ({
          value: a.overall.means[d.key],
          itemStyle: { color: (a.overall.means[d.key] ?? 5) <= a.lowScoreThreshold + 1 ? '#fa541c' : '#1657d9' },
        })),
        label: { show: true, position: 'top' },
        markLine: { ...threshold, data: [{ yAxis: a.lowScoreThreshold, name: t('survey.template.lowScoreThreshold') }] },
      },
    ],
  };
  const labels = a.trend.map((x) => x.number);
  const trend = {
    color: COLORS,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 20, top: 34, bottom: 30 },
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value', min: -100, max: 100 },
    series: [
      { type: 'line', name: 'CSAT %', data: a.trend.map((x) => x.metrics.csat), label: { show: true } },
      { type: 'line', name: 'NPS', data: a.trend.map((x) => x.metrics.nps), label: { show: true } },
      {
        type: 'line',
        name: t('survey.analysis.index'),
        data: a.trend.map((x) => x.metrics.index),
        label: { show: true },
        markLine: { ...threshold, data: [{ yAxis: a.indexTarget }] },
      },
    ],
  };
  const distribution = {
    color: ['#cf1322', '#fa8c16', '#fadb14', '#95de64', '#389e0d'],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 40, right: 20, top: 34, bottom: 30 },
    xAxis: { type: 'category', data: names },
    yAxis: { type: 'value', minInterval: 1 },
    series: [1, 2, 3, 4, 5].map((s) => ({ type: 'bar', stack: 'n', name: String(s), data: a.dimensions.map((d) => a.distribution[d.key]?.[s - 1] ?? 0) })),
  };
  const recommend = {
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 20, top: 20, bottom: 30 },
    xAxis: { type: 'category', data: Array.from({ length: 11 }, (_, i) => String(i)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: t('survey.analysis.recommendShort'),
        data: a.recommendDistribution.map((v, i) => ({ value: v, itemStyle: { color: i <= 6 ? '#cf1322' : i <= 8 ? '#faad14' : '#389e0d' } })),
      },
    ],
  };
  return { means, trend, distribution, recommend };
}
