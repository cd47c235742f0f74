import { useState, type ReactNode } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Radio, Result, Skeleton, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import dayjs from 'dayjs';
import type { z } from 'zod';
import type { CustomerLinkView } from '../../../contracts/complaints.js';
import { api, isApiError } from '../api/client.js';
import { complaintEn, complaintZh, type ComplaintDict } from './i18n.js';

type View = z.infer<typeof CustomerLinkView>;
type K = (d: ComplaintDict) => string;

/** The customer has no account and may read either language: every label in both. */
const both = (k: K) => (k(complaintZh) === k(complaintEn) ? k(complaintZh) : `${k(complaintZh)} / ${k(complaintEn)}`);
const Label = ({ k }: { k: K }) => <span>{both(k)}</span>;
const doc = (d: View['prevention'] extends infer P ? (P extends { pfmea: infer D } ? D : never) : never): ReactNode =>
  !d ? '—' : d.answer === 'updated' ? `${both((x) => x.prevention.updated)} · Rev. ${d.revision}` : `${both((x) => x.prevention.na)} — ${d.justification}`;

/**
 * 客户确认页: the customer's view of the complaint and its 8D, through the tokenised link, and the
 * accept / reject answer (once). Outside the app: no menus, no sign-in.
 */
export function CustomerLinkPage() {
  const { token = '' } = useParams<{ token: string }>();
  const [done, setDone] = useState<string | null>(null);
  const {
    data: v,
    error,
    isLoading,
  } = useQuery({ queryKey: ['customer-link', token], queryFn: () => api.get<View>(`/api/customer-links/${token}`), retry: false });
  const [form] = Form.useForm();
  const result = Form.useWatch('result', form) as string | undefined;
  const answer = useMutation({
    mutationFn: (body: { result: string; comment?: string; signedBy: string }) => api.post<{ result: string }>(`/api/customer-links/${token}/answer`, body),
    onSuccess: (r) => setDone(r.result),
  });
  const frame = (children: ReactNode) => <div style={{ maxWidth: 920, margin: '24px auto', padding: '0 12px' }}>{children}</div>;
  if (isLoading) return frame(<Skeleton active />);
  if (done) return frame(<Result status="success" title={both((d) => d.link.thanks)} data-testid="customer-link-done" data-result={done} />);
  if (error || !v) return frame(<Result status="warning" title={isApiError(error) ? error.problem.detail : 'Error'} data-testid="customer-link-error" />);
  const req = [{ required: true, message: '必填 Required' }];
  return frame(
    <>
      <Typography.Title level={3} style={{ marginBottom: 0 }}>
        {both((d) => d.link.pageTitle)}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{both((d) => d.link.pageHint)}</Typography.Paragraph>
      <Card size="small" title={`${v.number} · ${v.partyName}`} style={{ marginBottom: 12 }} data-testid="customer-link-view">
        <Descriptions
          size="small"
          column={2}
          items={[
            { key: 'm', label: <Label k={(d) => d.fields.model} />, children: v.model },
            { key: 'l', label: <Label k={(d) => d.fields.lot} />, children: v.lot ?? '—' },
            { key: 'r', label: <Label k={(d) => d.fields.receivedAt} />, children: dayjs(v.receivedAt).format('YYYY-MM-DD HH:mm') },
            { key: 'q', label: <Label k={(d) => d.fields.defectiveQuantity} />, children: v.defectiveQuantity },
            { key: 'd', label: <Label k={(d) => d.fields.description} />, children: v.description, span: 2 },
          ]}
        />
      </Card>
      {v.problem && (
        <Card size="small" title={both((d) => d.d.d2)} style={{ marginBottom: 12 }}>
          <Descriptions
            size="small"
            column={2}
            items={(['what', 'where', 'when', 'who', 'why', 'how', 'howMany'] as const).map((k) => ({
              key: k,
              label: <Label k={(d) => d.problem[k]} />,
              children: v.problem![k],
            }))}
          />
        </Card>
      )}
      <Card size="small" title={both((d) => d.d.d3)} style={{ marginBottom: 12 }}>
        <Table
          size="small"
          pagination={false}
          rowKey={(r) => `${r.location}-${r.description}`}
          dataSource={v.containment}
          columns={[
            {
              title: <Label k={(d) => d.containment.location} />,
              dataIndex: 'location',
              render: (l: View['containment'][number]['location']) => both((d) => d.locations[l]),
            },
            { title: <Label k={(d) => d.containment.description} />, dataIndex: 'description' },
            { title: <Label k={(d) => d.containment.checked} />, dataIndex: 'quantityChecked', align: 'right' },
            { title: <Label k={(d) => d.containment.found} />, dataIndex: 'quantityFound', align: 'right' },
          ]}
        />
      </Card>
      {v.rootCause && (
        <Card size="small" title={both((d) => d.d.d4)} style={{ marginBottom: 12 }}>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'm', label: <Label k={(d) => d.rootCause.method} />, children: both((d) => d.methods[v.rootCause!.method]) },
              { key: 'o', label: <Label k={(d) => d.rootCause.occurrence} />, children: v.rootCause.occurrenceCause },
              { key: 'e', label: <Label k={(d) => d.rootCause.escape} />, children: v.rootCause.escapePoint },
            ]}
          />
        </Card>
      )}
      <Card size="small" title={both((d) => d.d.d5)} style={{ marginBottom: 12 }}>
        {v.actions.map((a) => (
          <div key={a.title}>
            {a.done ? <Tag color="success">✓</Tag> : <Tag>…</Tag>} {a.title} · {a.dueDate}
          </div>
        ))}
        {v.effectiveness && (
          <div style={{ marginTop: 8 }}>
            <Label k={(d) => d.tabs.effectiveness} />: {v.effectiveness.criterion} →{' '}
            {v.effectiveness.result === 'effective' ? both((d) => d.effectiveness.effective) : both((d) => d.effectiveness.pending)}
          </div>
        )}
      </Card>
      {v.prevention && (
        <Card size="small" title={both((d) => d.d.d7)} style={{ marginBottom: 12 }}>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 's', label: <Label k={(d) => d.prevention.similar} />, children: v.prevention.similarReviewed ?? '—' },
              { key: 'p', label: <Label k={(d) => d.prevention.pfmea} />, children: doc(v.prevention.pfmea) },
              { key: 'c', label: <Label k={(d) => d.prevention.controlPlan} />, children: doc(v.prevention.controlPlan) },
            ]}
          />
        </Card>
      )}
      <Card size="small" title={both((d) => d.d.d8)}>
        {answer.error && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            title={isApiError(answer.error) ? answer.error.problem.detail : 'Error'}
            data-testid="customer-link-answer-error"
          />
        )}
        <Form form={form} layout="vertical" onFinish={(values) => answer.mutate(values)} disabled={answer.isPending} name="customer-link">
          <Form.Item name="result" label={<Label k={(d) => d.confirmation.result} />} rules={req}>
            <Radio.Group
              options={[
                { value: 'accepted', label: both((d) => d.confirmation.accepted) },
                { value: 'rejected', label: both((d) => d.confirmation.rejected) },
              ]}
              data-testid="customer-link-result"
            />
          </Form.Item>
          <Form.Item
            name="comment"
            label={<Label k={(d) => d.confirmation.comment} />}
            rules={result === 'rejected' ? [{ required: true, message: both((d) => d.link.reasonRequired) }] : []}
          >
            <Input.TextArea rows={3} maxLength={4000} data-testid="customer-link-comment" />
          </Form.Item>
          <Form.Item name="signedBy" label={<Label k={(d) => d.link.signedBy} />} rules={req}>
            <Input maxLength={80} style={{ maxWidth: 280 }} data-testid="customer-link-name" />
          </Form.Item>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {both((d) => d.link.expires.replace('{at}', dayjs(v.expiresAt).format('YYYY-MM-DD HH:mm')))}
          </Typography.Paragraph>
          <Button type="primary" htmlType="submit" loading={answer.isPending} data-testid="customer-link-submit">
            {both((d) => d.link.submit)}
          </Button>
        </Form>
      </Card>
    </>,
  );
}
