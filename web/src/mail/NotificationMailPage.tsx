import { Alert, App, Card, Radio, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { notificationKinds, type MailModeT, type NotificationKindT } from '../../../contracts/notifications.js';
import { useFeatureT } from '../i18n/feature.js';
import { PageHeader } from '../platform/PageHeader.js';
import { useProblemHandler } from '../platform/problem.js';
import { useMyNotificationMail, useSaveMyNotificationMail } from './notify-api.js';
import { notifyWords } from './notify-words.js';

/** The user's own choice per notification kind: immediate / daily digest / off (escalations always mail). */
export function NotificationMailPage() {
  const w = useFeatureT(notifyWords);
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const { data, isLoading } = useMyNotificationMail();
  const save = useSaveMyNotificationMail();
  const change = (kind: NotificationKindT, mode: MailModeT) =>
    data && save.mutate({ version: data.version, modes: { [kind]: mode } }, { onSuccess: () => message.success(w('saved')), onError: (e) => onProblem(e) });
  const columns: TableColumnsType<{ kind: NotificationKindT }> = [
    { title: w('kind'), dataIndex: 'kind', render: (k: NotificationKindT) => w(`kinds.${k}`) },
    {
      title: w('mode'),
      key: 'mode',
      render: (_, { kind }) =>
        data?.alwaysMailed.includes(kind) ? (
          <Tag color="red" data-testid={`notify-mode-${kind}`}>
            {w('always')}
          </Tag>
        ) : (
          <Radio.Group
            data-testid={`notify-mode-${kind}`}
            value={data?.modes[kind]}
            disabled={save.isPending}
            onChange={(e) => change(kind, e.target.value as MailModeT)}
            options={(['immediate', 'digest', 'off'] as const).map((m) => ({ value: m, label: w(`modes.${m}`) }))}
          />
        ),
    },
  ];
  return (
    <>
      <PageHeader title={w('title')} />
      <Card style={{ maxWidth: 860 }}>
        <Typography.Paragraph type="secondary">{w('hint')}</Typography.Paragraph>
        {data && !data.sendTo && <Alert type="warning" showIcon title={w('noAddress')} style={{ marginBottom: 12 }} data-testid="notify-no-address" />}
        {data?.sendTo ? (
          <Typography.Paragraph>
            {w('sendTo')}:{' '}
            <Typography.Text strong data-testid="notify-send-to">
              {data.sendTo}
            </Typography.Text>
            <br />
            <Typography.Text type="secondary">{w('digestAt', { hour: data.digestHour })}</Typography.Text>
          </Typography.Paragraph>
        ) : null}
        <Table size="small" rowKey="kind" pagination={false} loading={isLoading} columns={columns} dataSource={notificationKinds.map((kind) => ({ kind }))} />
      </Card>
    </>
  );
}
