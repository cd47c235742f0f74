import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Result, Row, Skeleton, Tabs, Tag, Typography } from 'antd';
import { CheckOutlined, EditOutlined, SafetyCertificateOutlined, StopOutlined } from '@ant-design/icons';
import { Link, useParams, useSearchParams } from 'react-router';
import { CancelActionRequest } from '../../../contracts/actions.js';
import { isApiError } from '../api/client.js';
import { useT, useTryT } from '../i18n/index.js';
import { useCan, useCurrentUser, useDepartmentName } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { HistoryPanel } from '../platform/HistoryPanel.js';
import { ReasonModal } from '../platform/ReasonModal.js';
import { DateTime } from '../platform/DateTime.js';
import { NONE } from '../platform/format.js';
import { AttachmentList } from '../communications/index.js';
import { useAction, useCancelAction, type TActionItem } from './api.js';
import { ActionFormModal, CompleteActionModal, VerifyActionModal } from './ActionModals.js';
import { ActionStatusTag, DueDate } from './labels.js';

function Facts({ action }: { action: TActionItem }) {
  const t = useT();
  const tt = useTryT();
  const deptName = useDepartmentName();
  return (
    <Card size="small">
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'source',
            label: t('action.fields.source'),
            children: (
              <span>
                {tt(`recordTypes.${action.source.type}`) ?? action.source.type}:{' '}
                <Link to={action.source.url} data-testid="action-source">
                  {action.source.title ?? action.source.id}
                </Link>
              </span>
            ),
          },
          { key: 'owner', label: t('action.fields.owner'), children: <span data-testid="action-owner-name">{action.ownerName ?? NONE}</span> },
          { key: 'dept', label: t('action.fields.department'), children: deptName(action.department) },
          { key: 'due', label: t('action.fields.dueDate'), children: <DueDate action={action} /> },
          { key: 'status', label: t('action.fields.status'), children: <ActionStatusTag status={action.status} /> },
          { key: 'completed', label: t('action.fields.completedAt'), children: <DateTime value={action.completedAt} /> },
          { key: 'version', label: t('common.version'), children: `v${action.version}` },
        ]}
      />
    </Card>
  );
}

function Verification({ action }: { action: TActionItem }) {
  const t = useT();
  const v = action.verification;
  if (!v) {
    return (
      <Card size="small" title={t('action.verification')} style={{ marginTop: 12 }}>
        <Typography.Text type="secondary">{t('action.noVerificationPlanned')}</Typography.Text>
      </Card>
    );
  }
  return (
    <Card size="small" title={t('action.verification')} style={{ marginTop: 12 }} data-testid="action-verification-card">
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'method', label: t('action.fields.verificationMethod'), children: v.method },
          { key: 'criterion', label: t('action.fields.verificationCriterion'), children: v.criterion },
          { key: 'date', label: t('action.fields.verificationDate'), children: v.date },
          { key: 'verifier', label: t('action.fields.verifier'), children: v.verifierName ?? NONE },
          {
            key: 'result',
            label: t('action.fields.verificationResult'),
            children: action.verificationResult ? (
              <Tag color={action.verificationResult === 'effective' ? 'success' : 'error'} data-testid="action-verification-result">
                {t(`enums.verificationResult.${action.verificationResult}`)}
              </Tag>
            ) : (
              NONE
            ),
          },
          {
            key: 'note',
            label: t('action.fields.verificationNote'),
            children: action.verificationNote ? <span className="pre-wrap">{action.verificationNote}</span> : NONE,
          },
          { key: 'at', label: t('action.fields.verifiedAt'), children: <DateTime value={action.verifiedAt} /> },
        ]}
      />
    </Card>
  );
}

export function ActionDetailPage() {
  const { id } = useParams<{ id: string }>();
  const t = useT();
  const can = useCan();
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const [dialog, setDialog] = useState<'edit' | 'complete' | 'verify' | 'cancel' | null>(null);
  const { data: action, isLoading, error, refetch } = useAction(id);
  const cancel = useCancelAction(id ?? '');
  if (isLoading) return <Skeleton active />;
  if (error || !action) {
    if (isApiError(error) && (error.status === 404 || error.status === 400))
      return <Result status="404" title={t('action.notFound')} extra={<Link to="/actions">{t('nav.actions')}</Link>} />;
    return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  }
  const reload = () => void refetch();
  const manage = can('actions.manage');
  const isOwner = action.ownerId === me.id;
  const isVerifier = action.verification?.verifierId === me.id;
  const tab = params.get('tab') ?? 'details';
  return (
    <>
      <PageHeader
        back="/actions"
        title={
          <span>
            <span data-testid="action-number">{action.number}</span> · <span data-testid="action-title-text">{action.title}</span>
          </span>
        }
        tags={<ActionStatusTag status={action.status} />}
        extra={
          <>
            {action.status === 'open' && (isOwner || manage) && (
              <Button type="primary" icon={<CheckOutlined />} onClick={() => setDialog('complete')} data-testid="action-complete">
                {t('action.complete')}
              </Button>
            )}
            {action.status === 'done' && isVerifier && (
              <Button type="primary" icon={<SafetyCertificateOutlined />} onClick={() => setDialog('verify')} data-testid="action-verify">
                {t('action.verify')}
              </Button>
            )}
            {action.status === 'open' && manage && (
              <Button icon={<EditOutlined />} onClick={() => setDialog('edit')} data-testid="action-edit">
                {t('common.edit')}
              </Button>
            )}
            {(action.status === 'open' || action.status === 'done') && manage && (
              <Button danger icon={<StopOutlined />} onClick={() => setDialog('cancel')} data-testid="action-cancel">
                {t('action.cancel')}
              </Button>
            )}
          </>
        }
      />
      {action.status === 'done' && action.verification && !isVerifier && (
        <Alert type="info" showIcon title={t('action.awaitingVerification', { name: action.verification.verifierName ?? '' })} style={{ marginBottom: 12 }} />
      )}
      {action.status === 'open' && action.verificationResult === 'not-effective' && (
        <Alert type="warning" showIcon title={t('action.reopenedBanner')} description={action.verificationNote ?? undefined} style={{ marginBottom: 12 }} />
      )}
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'details' ? {} : { tab: k }, { replace: true })}
        items={[
          {
            key: 'details',
            label: <span data-testid="details-tab">{t('comm.tabs.details')}</span>,
            children: (
              <Row gutter={[12, 12]}>
                <Col xs={24} lg={16}>
                  <Card size="small" title={t('action.fields.description')}>
                    {action.description ? (
                      <Typography.Paragraph className="pre-wrap" style={{ marginBottom: 0 }}>
                        {action.description}
                      </Typography.Paragraph>
                    ) : (
                      <Typography.Text type="secondary">{NONE}</Typography.Text>
                    )}
                  </Card>
                  <Card size="small" title={t('action.fields.evidence')} style={{ marginTop: 12 }}>
                    {action.evidence ? (
                      <Typography.Paragraph className="pre-wrap" style={{ marginBottom: 8 }} data-testid="action-evidence-text">
                        {action.evidence}
                      </Typography.Paragraph>
                    ) : (
                      <Typography.Text type="secondary">{t('action.noEvidenceYet')}</Typography.Text>
                    )}
                    {action.attachments.length > 0 && <AttachmentList items={action.attachments} />}
                  </Card>
                  <Verification action={action} />
                </Col>
                <Col xs={24} lg={8}>
                  <Facts action={action} />
                </Col>
              </Row>
            ),
          },
          {
            key: 'history',
            label: <span data-testid="history-tab">{t('history.titleVersions')}</span>,
            children: (
              <Card size="small">
                <HistoryPanel type="action" id={action.id} />
              </Card>
            ),
          },
        ]}
      />
      <ActionFormModal open={dialog === 'edit'} action={action} onClose={() => setDialog(null)} onReload={reload} />
      <CompleteActionModal action={action} open={dialog === 'complete'} onClose={() => setDialog(null)} onReload={reload} />
      <VerifyActionModal action={action} open={dialog === 'verify'} onClose={() => setDialog(null)} onReload={reload} />
      <ReasonModal
        open={dialog === 'cancel'}
        title={t('action.cancelTitle', { number: action.number })}
        description={t('action.cancelHint')}
        schema={CancelActionRequest.shape.reason}
        okText={t('action.cancel')}
        danger
        onClose={() => setDialog(null)}
        onReload={reload}
        onSubmit={(reason) => cancel.mutateAsync({ version: action.version, reason: reason ?? '' })}
      />
    </>
  );
}
