import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Empty, Flex, Result, Skeleton, Table, Tabs, Tag } from 'antd';
import { BranchesOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../api/client.js';
import { useRegistersT as useT } from './words.js';
import { useCan, useDepartmentName } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { HistoryPanel } from '../platform/HistoryPanel.js';
import { NONE } from '../platform/format.js';
import { ProcedurePanel, useInstances } from '../procedures/index.js';
import { AttachmentList } from '../communications/index.js';
import { StepTag } from '../visits/index.js';
import { registerKeys, useCsr, type TCsrDocument } from './api.js';
import { CsrModal, DeploymentModal } from './CsrDialogs.js';

/** One CSR revision: the document, the departments' review (procedure panel), the deployment record, revisions. */
export function CsrDetailPage() {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const { id } = useParams();
  const { data: csr, error, isLoading, refetch } = useCsr(id);
  const [dialog, setDialog] = useState<'edit' | 'revision' | 'deployment' | null>(null);
  const qc = useQueryClient();
  const { data: instances } = useInstances('csr', id);
  const instance = instances?.items[0];
  useEffect(() => {
    if (instance && csr && instance.state !== csr.state && id) void qc.invalidateQueries({ queryKey: registerKeys.csr(id) });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [instance?.state, instance?.version]);
  if (isLoading) return <Skeleton active />;
  if (!csr) {
    if (isApiError(error, 'NOT_FOUND'))
      return <Result status="404" title={t('registers.csr.notFound')} extra={<Link to="/csr">{t('registers.csr.nav')}</Link>} />;
    return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  }
  const editable = new Set(csr.supersededById ? [] : (instance?.view.editable ?? []));
  const write = can('registers.write');
  const reload = () => void refetch();
  return (
    <>
      <PageHeader
        back="/csr"
        title={<span data-testid="csr-number">{csr.number}</span>}
        subtitle={`${csr.partyCode} · ${csr.partyName} · ${csr.title} ${csr.revision}`}
        tags={
          <Flex gap={6}>
            {csr.supersededById ? (
              <Tag data-testid="csr-status" data-status="superseded">
                {t('registers.csr.superseded', { number: csr.supersededByNumber ?? '' })}
              </Tag>
            ) : (
              <StepTag procedureId="csr-review" state={csr.state} status={csr.status} testId="csr-status" />
            )}
            {csr.inForce && (
              <Tag color="success" data-testid="csr-in-force">
                {t('registers.csr.inForce')}
              </Tag>
            )}
          </Flex>
        }
        extra={
          write && (
            <>
              {editable.has('document') && (
                <Button icon={<EditOutlined />} onClick={() => setDialog('edit')} data-testid="csr-edit">
                  {t('common.edit')}
                </Button>
              )}
              {editable.has('deployment') && (
                <Button icon={<PlusOutlined />} onClick={() => setDialog('deployment')} data-testid="csr-add-deployment">
                  {t('registers.csr.addDeployment')}
                </Button>
              )}
              {!csr.supersededById && csr.state !== 'review' && csr.state !== 'withdrawn' && (
                <Button icon={<BranchesOutlined />} onClick={() => setDialog('revision')} data-testid="csr-new-revision">
                  {t('registers.csr.newRevision')}
                </Button>
              )}
            </>
          )
        }
      />
      {csr.supersededById && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('registers.csr.readOnly')} data-testid="csr-read-only" />}
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="csr-details">
          <Descriptions.Item label={t('registers.csr.fields.customer')}>
            <Link to={`/customers/${csr.partyId}`}>
              {csr.partyCode} · {csr.partyName}
            </Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('registers.csr.fields.documentNo')}>{csr.documentNo ?? NONE}</Descriptions.Item>
          <Descriptions.Item label={t('registers.csr.fields.revision')}>
            {csr.revision}
            {csr.supersedesId && (
              <>
                {' · '}
                <Link to={`/csr/${csr.supersedesId}`} data-testid="csr-supersedes">
                  {t('registers.csr.supersedes', { number: csr.supersedesNumber ?? '' })}
                </Link>
              </>
            )}
            {csr.supersededById && (
              <>
                {' · '}
                <Link to={`/csr/${csr.supersededById}`} data-testid="csr-superseded-by">
                  {csr.supersededByNumber}
                </Link>
              </>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('registers.csr.fields.receivedDate')}>{csr.receivedDate}</Descriptions.Item>
          <Descriptions.Item label={t('registers.csr.fields.owner')}>{csr.ownerName ?? NONE}</Descriptions.Item>
          <Descriptions.Item label={t('registers.csr.fields.attachments')}>
            {csr.documents.length ? <AttachmentList items={csr.documents} /> : NONE}
          </Descriptions.Item>
          <Descriptions.Item label={t('registers.csr.fields.notes')} span={{ xs: 1, md: 2, xl: 3 }}>
            {csr.notes ?? NONE}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <div style={{ marginTop: 12 }}>
        <ProcedurePanel refType="csr" refId={csr.id} />
      </div>
      <Card size="small" style={{ marginTop: 12 }}>
        <Tabs
          items={[
            { key: 'deployments', label: <span data-testid="csr-deployments-tab">{t('registers.csr.deployments')}</span>, children: <Deployments csr={csr} /> },
            { key: 'history', label: <span data-testid="history-tab">{t('registers.csr.history')}</span>, children: <HistoryPanel type="csr" id={csr.id} /> },
          ]}
        />
      </Card>
      <CsrModal csr={csr} open={dialog === 'edit'} onClose={() => setDialog(null)} onReload={reload} />
      <CsrModal
        csr={null}
        supersedes={csr}
        open={dialog === 'revision'}
        onClose={() => setDialog(null)}
        onReload={reload}
        onSaved={(c) => navigate(`/csr/${c.id}`)}
      />
      <DeploymentModal csr={csr} open={dialog === 'deployment'} onClose={() => setDialog(null)} onReload={reload} />
    </>
  );
}

function Deployments({ csr }: { csr: TCsrDocument }) {
  const t = useT();
  const dept = useDepartmentName();
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={csr.deployments}
      data-testid="csr-deployments"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registers.csr.noDeployments')} /> }}
      columns={[
        { title: t('registers.csr.fields.target'), dataIndex: 'target', width: 130, render: (k: 'procedure') => <Tag>{t(`registers.csr.target.${k}`)}</Tag> },
        { title: t('registers.csr.fields.reference'), dataIndex: 'reference' },
        { title: t('registers.csr.fields.change'), dataIndex: 'change' },
        { title: t('registers.csr.fields.department'), dataIndex: 'department', width: 140, render: (d: string) => dept(d) },
        { title: t('registers.csr.fields.doneOn'), dataIndex: 'doneOn', width: 110 },
        { title: t('registers.csr.fields.doneBy'), dataIndex: 'doneByName', width: 120, render: (n: string | null) => n ?? NONE },
      ]}
    />
  );
}
