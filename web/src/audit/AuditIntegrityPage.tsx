import './words.js';
import { Alert, Button, Card, Descriptions, Result, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import type { z } from 'zod';
import type { AuditVerification } from '../../../contracts/platform.js';
import { api } from '../api/client.js';
import { useT, useTryT } from '../i18n/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { useProblemHandler } from '../platform/problem.js';
import { DateTime } from '../platform/DateTime.js';
import { AuditTrailCard } from './AuditTrailCard.js';

type TVerification = z.infer<typeof AuditVerification>;

/** For an auditor and the management representative: recompute the audit chain and see the first broken row. */
export function AuditIntegrityPage() {
  const t = useT();
  const tt = useTryT();
  const onProblem = useProblemHandler();
  const verify = useMutation({ mutationFn: () => api.get<TVerification>('/api/audit/verify'), onError: (e) => onProblem(e) });
  const v = verify.data;
  return (
    <>
      <PageHeader title={t('audit.title')} />
      <Card>
        <Typography.Paragraph style={{ maxWidth: 820 }}>{t('audit.intro')}</Typography.Paragraph>
        <Button type="primary" icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()} data-testid="audit-verify">
          {t('audit.verify')}
        </Button>
        <div style={{ marginTop: 16 }} data-testid="audit-result" data-ok={v ? String(v.ok) : undefined}>
          {!v ? (
            <Typography.Text type="secondary">{t('audit.never')}</Typography.Text>
          ) : v.ok ? (
            <Result
              status="success"
              title={t('audit.intact')}
              subTitle={
                <>
                  <div>{t('audit.intactDetail', { checked: v.checked.toLocaleString(), seq: String(v.head.seq), hash: v.head.hash.slice(0, 16) })}</div>
                  {v.pending > 0 && <div>{t('audit.pending', { pending: String(v.pending) })}</div>}
                </>
              }
            />
          ) : (
            <>
              <Result status="error" title={t('audit.broken')} subTitle={t(`audit.kinds.${v.problem!.kind}`)} />
              <Descriptions bordered size="small" column={1} style={{ maxWidth: 640, margin: '0 auto' }} data-testid="audit-problem">
                {v.problem!.seq !== null && <Descriptions.Item label={t('audit.labels.place')}>#{v.problem!.seq}</Descriptions.Item>}
                {v.problem!.id !== null && <Descriptions.Item label={t('audit.labels.row')}>{v.problem!.id}</Descriptions.Item>}
                {v.problem!.refType && (
                  <Descriptions.Item label={t('audit.labels.record')}>
                    {tt(`recordTypes.${v.problem!.refType}`) ?? v.problem!.refType} {v.problem!.refId}
                  </Descriptions.Item>
                )}
                {v.problem!.at && (
                  <Descriptions.Item label={t('audit.labels.at')}>
                    <DateTime value={v.problem!.at} />
                  </Descriptions.Item>
                )}
              </Descriptions>
              <Alert type="warning" showIcon style={{ marginTop: 16 }} title={t('audit.advice')} />
            </>
          )}
        </div>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
          {t('audit.cli')}
        </Typography.Paragraph>
      </Card>
      <AuditTrailCard />
    </>
  );
}
