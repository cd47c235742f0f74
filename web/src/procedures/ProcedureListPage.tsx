import { Alert, Table, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { useLocalized, useT, useTryT } from '../i18n/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { isApiError } from '../api/client.js';
import { useProcedureList, type TProcedureSummary } from './api.js';

/** 程序: the controlled procedures the system runs, each a versioned definition. */
export function ProcedureListPage() {
  const t = useT();
  const loc = useLocalized();
  const tt = useTryT();
  const navigate = useNavigate();
  const { data, isLoading, error } = useProcedureList();
  return (
    <>
      <PageHeader title={t('nav.procedures')} subtitle={t('procedure.listHint')} />
      {error && <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} style={{ marginBottom: 12 }} />}
      <Table<TProcedureSummary>
        size="small"
        rowKey="id"
        loading={isLoading}
        dataSource={data?.items}
        pagination={false}
        data-testid="procedure-list"
        rowClassName={() => 'clickable-row'}
        onRow={(p) => ({ onClick: () => navigate(`/procedures/${p.id}`) })}
        columns={[
          { title: t('procedure.fields.documentNo'), dataIndex: 'documentNo', width: 170, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          {
            title: t('procedure.fields.title'),
            key: 'title',
            render: (_, p) => (
              <Link to={`/procedures/${p.id}`} onClick={(e) => e.stopPropagation()} data-testid={`procedure-link-${p.id}`}>
                {loc(p.title)}
              </Link>
            ),
          },
          {
            title: t('common.version'),
            key: 'version',
            width: 200,
            render: (_, p) => (
              <span>
                <Tag color="blue">v{p.version}</Tag>
                {p.versions.length > 1 && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('procedure.versionsAll', { list: p.versions.map((v) => `v${v}`).join(', ') })}
                  </Typography.Text>
                )}
              </span>
            ),
          },
          { title: t('procedure.fields.recordType'), dataIndex: 'recordType', width: 160, render: (v: string) => tt(`recordTypes.${v}`) ?? v },
        ]}
      />
    </>
  );
}
