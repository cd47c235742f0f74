import { useState } from 'react';
import { Alert, Button, Empty, Flex, Input, Progress, Table, type TableColumnsType } from 'antd';
import { ApartmentOutlined, FormOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { isApiError } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { DateTime } from '../platform/DateTime.js';
import { urlPagination, useUrlState } from '../platform/useUrlState.js';
import { useCampaignList, type TSurveyCampaignSummary } from './api.js';
import { SurveyStatusTag } from './labels.js';

/** 满意度调查: the surveys sent, newest first, with their response rate and step. */
export function CampaignListPage() {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const { values: f, page, pageSize, set } = useUrlState(['q'] as const);
  const [search, setSearch] = useState(f.q ?? '');
  const { data, isFetching, error } = useCampaignList({ ...f, page, pageSize });
  const columns: TableColumnsType<TSurveyCampaignSummary> = [
    {
      title: t('survey.fields.number'),
      dataIndex: 'number',
      width: 120,
      render: (n: string, c) => (
        <Link to={`/surveys/campaigns/${c.id}`} onClick={(e) => e.stopPropagation()} data-testid="campaign-link">
          {n}
        </Link>
      ),
    },
    { title: t('survey.fields.title'), dataIndex: 'title', ellipsis: true },
    { title: t('survey.fields.period'), key: 'period', width: 200, render: (_, c) => `${c.periodFrom} – ${c.periodTo}` },
    { title: t('survey.fields.sentAt'), dataIndex: 'sentAt', width: 150, render: (v: string) => <DateTime value={v} /> },
    {
      title: t('survey.fields.responses'),
      key: 'rate',
      width: 180,
      render: (_, c) => (
        <Flex align="center" gap={8}>
          <Progress
            percent={c.recipientCount ? Math.round((c.responseCount / c.recipientCount) * 100) : 0}
            size="small"
            style={{ width: 80, margin: 0 }}
            showInfo={false}
          />
          {c.responseCount} / {c.recipientCount}
        </Flex>
      ),
    },
    { title: t('survey.fields.status'), key: 'status', width: 170, render: (_, c) => <SurveyStatusTag status={c.status} closed={c.closed} /> },
    { title: t('survey.fields.owner'), dataIndex: 'ownerName', width: 110 },
  ];
  return (
    <>
      <PageHeader
        title={t('survey.nav')}
        extra={
          <>
            <Link to="/procedures/survey">
              <Button icon={<ApartmentOutlined />}>{t('survey.flowchart')}</Button>
            </Link>
            <Link to="/surveys/templates">
              <Button icon={<FormOutlined />} data-testid="nav-survey-templates">
                {t('survey.template.nav')}
              </Button>
            </Link>
            {can('surveys.write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/surveys/new')} data-testid="campaign-new">
                {t('survey.newCampaign')}
              </Button>
            )}
          </>
        }
      />
      <Input.Search
        allowClear
        placeholder={t('survey.searchPlaceholder')}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        onSearch={(q) => set({ q })}
        style={{ maxWidth: 360, marginBottom: 12 }}
      />
      {error && <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />}
      <Table
        size="small"
        rowKey="id"
        loading={isFetching}
        columns={columns}
        dataSource={data?.items ?? []}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('survey.empty')} /> }}
        onRow={(c) => ({ onClick: () => navigate(`/surveys/campaigns/${c.id}`), style: { cursor: 'pointer' } })}
        pagination={urlPagination({ page, pageSize, set }, data?.total ?? 0, (total) => t('common.total', { total }))}
      />
    </>
  );
}
