import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Form, Input, Result, Segmented, Select, Skeleton, Tabs, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import type { PortalComplaint } from '../../../contracts/portal.js';
import { isApiError } from '../api/client.js';
import { useLocale, useT } from '../i18n/index.js';
import { setPortalLanguage, useAcknowledgeChange, useConfirmComplaint, usePortalComplaints, usePortalLogout, usePortalMe, usePortalOrders, useRedeem, useRequestLink, useSendPortalMessage } from './api.js';
import { useFeatureT } from '../i18n/feature.js';
import { portalZh } from './i18n.zh-CN.js';
import { portalEn } from './i18n.en-US.js';

const portalWords = { 'zh-CN': portalZh, 'en-US': portalEn };
const usePortalT = () => useFeatureT(portalWords);

/** One column for a phone, the language at a tap; no staff menus, no staff session. */
function Shell({ children, extra }: { children: React.ReactNode; extra?: React.ReactNode }) {
  const t = useT();
  const pw = usePortalT();
  const { locale, setLocale } = useLocale();
  useEffect(() => {
    setPortalLanguage(locale);
  }, [locale]);
  return (
    <div style={{ minHeight: '100vh', background: '#f3f5f8', padding: '12px 10px 40px' }} data-testid="portal-page">
      <div style={{ maxWidth: 720, margin: '0 auto' }}>
        <Flex justify="space-between" align="center" style={{ marginBottom: 10 }} gap={8} wrap>
          <Typography.Text strong>{pw('brand')}</Typography.Text>
          <Flex gap={8} align="center">
            {extra}
            <Segmented
              size="small"
              value={locale}
              onChange={(v) => setLocale(v as 'zh-CN' | 'en-US')}
              options={[
                { value: 'zh-CN', label: <span data-testid="portal-lang-zh">中文</span> },
                { value: 'en-US', label: <span data-testid="portal-lang-en">English</span> },
              ]}
            />
          </Flex>
        </Flex>
        {children}
      </div>
    </div>
  );
}

/** `/portal/sign-in`: ask for a link by address; `/portal/sign-in#<token>` (the mailed link) signs in once. */
export function PortalSignInPage() {
  const t = useT();
  const pw = usePortalT();
  const { locale } = useLocale();
  const navigate = useNavigate();
  const request = useRequestLink();
  const redeem = useRedeem();
  const started = useRef(false);
  const token = typeof window === 'undefined' ? '' : window.location.hash.slice(1);
  useEffect(() => {
    if (!token || started.current) return;
    started.current = true;
    // the token leaves the address bar at once (history, screenshots)
    window.history.replaceState(null, '', window.location.pathname);
    redeem.mutate(token, { onSuccess: () => navigate('/portal', { replace: true }) });
  }, [token, redeem, navigate]);
  if (token || redeem.isPending) {
    return <Shell>{redeem.isError ? <Result status="warning" title={pw('signIn.invalid')} data-testid="portal-link-invalid" /> : <Skeleton active />}</Shell>;
  }
  if (redeem.isError) return <Shell><Result status="warning" title={pw('signIn.invalid')} data-testid="portal-link-invalid" /></Shell>;
  return (
    <Shell>
      <Card title={pw('signIn.title')}>
        <Typography.Paragraph type="secondary">{pw('signIn.hint')}</Typography.Paragraph>
        {request.isSuccess ? (
          <Alert type="success" showIcon title={pw('signIn.sent')} data-testid="portal-link-sent" />
        ) : (
          <Form layout="vertical" name="portal-sign-in" onFinish={(v: { email: string }) => request.mutate({ email: v.email, language: locale })}>
            <Form.Item name="email" label={pw('signIn.email')} rules={[{ required: true, type: 'email' }]}>
              <Input type="email" autoComplete="email" data-testid="portal-email" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={request.isPending} data-testid="portal-send-link">
              {pw('signIn.send')}
            </Button>
          </Form>
        )}
      </Card>
    </Shell>
  );
}

function MessageForm({ refs }: { refs: { value: string; label: string }[] }) {
  const t = useT();
  const pw = usePortalT();
  const { message } = App.useApp();
  const send = useSendPortalMessage();
  const [form] = Form.useForm();
  const submit = (v: { about?: string; subject: string; content: string }) => {
    const [type, id] = (v.about ?? '').split(':');
    send.mutate(
      { ref: type && id ? { type: type as 'order' | 'complaint', id } : null, subject: v.subject, content: v.content },
      {
        onSuccess: (r) => {
          message.success(pw('messageForm.sent', { number: r.number }));
          form.resetFields();
        },
        onError: (e) => message.error(isApiError(e) ? e.message : String(e)),
      },
    );
  };
  return (
    <Form form={form} layout="vertical" name="portal-message" onFinish={submit}>
      <Form.Item name="about" label={pw('messageForm.about')}>
        <Select allowClear placeholder={pw('messageForm.general')} options={refs} data-testid="portal-message-about" />
      </Form.Item>
      <Form.Item name="subject" label={pw('messageForm.subject')} rules={[{ required: true, max: 200 }]}>
        <Input data-testid="portal-message-subject" />
      </Form.Item>
      <Form.Item name="content" label={pw('messageForm.content')} rules={[{ required: true, max: 5000 }]}>
        <Input.TextArea rows={4} data-testid="portal-message-content" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={send.isPending} data-testid="portal-message-send">
        {pw('messageForm.send')}
      </Button>
    </Form>
  );
}

function ComplaintCard({ c, status }: { c: z.infer<typeof PortalComplaint>; status(s: string): string }) {
  const t = useT();
  const pw = usePortalT();
  const { message } = App.useApp();
  const confirm = useConfirmComplaint();
  const [reason, setReason] = useState('');
  const answer = (result: 'accepted' | 'rejected') =>
    confirm.mutate({ id: c.id, version: c.version, result, comment: reason }, { onSuccess: () => message.success(t('common.saved')), onError: (e) => message.error(isApiError(e) ? e.message : String(e)) });
  return (
    <Card size="small" data-testid="portal-complaint" title={c.number} extra={<Tag color={c.closed ? 'default' : 'orange'}>{status(c.status)}</Tag>}>
      {pw('home.model')} {c.model} · {pw('home.lot')} {c.lot ?? '—'} · {pw('home.received')} {c.receivedAt.slice(0, 10)}
      {c.report && (
        <div style={{ marginTop: 8 }} data-testid="portal-8d">
          <Typography.Text strong>{pw('report.title')}</Typography.Text>
          {c.report.problem && <div>D2 · {c.report.problem}</div>}
          {c.report.rootCause && <div>D4 · {c.report.rootCause.occurrenceCause} / {c.report.rootCause.escapePoint}</div>}
          {c.report.actions.map((a) => (
            <div key={a.title}>D5–D6 · {a.title} {a.done ? '✓' : ''}</div>
          ))}
          {c.report.prevention && <div>D7 · {c.report.prevention}</div>}
        </div>
      )}
      {c.awaitingConfirmation && (
        <Flex vertical gap={8} style={{ marginTop: 10 }}>
          <Input.TextArea rows={2} placeholder={pw('report.reason')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="portal-confirm-reason" />
          <Flex gap={8}>
            <Button type="primary" loading={confirm.isPending} onClick={() => answer('accepted')} data-testid="portal-accept">{pw('report.accept')}</Button>
            <Button danger disabled={!reason.trim()} loading={confirm.isPending} onClick={() => answer('rejected')} data-testid="portal-reject">{pw('report.reject')}</Button>
          </Flex>
        </Flex>
      )}
    </Card>
  );
}

/** `/portal`: the contact's own company's orders and complaints, and a message to the factory. */
export function PortalHomePage() {
  const t = useT();
  const pw = usePortalT();
  const navigate = useNavigate();
  const me = usePortalMe();
  const signedIn = !!me.data;
  const orders = usePortalOrders(signedIn && !!me.data?.settings.showOrders);
  const complaints = usePortalComplaints(signedIn && !!me.data?.settings.showComplaints);
  const logout = usePortalLogout();
  const acknowledge = useAcknowledgeChange();
  useEffect(() => {
    if (me.isError) navigate('/portal/sign-in', { replace: true });
  }, [me.isError, navigate]);
  if (!me.data) return <Shell><Skeleton active /></Shell>;
  const status = (s: string) => (s === 'in-progress' || s === 'closed' ? pw(`home.statuses.${s}`) : s);
  const refs = [
    ...(orders.data?.items ?? []).map((o) => ({ value: `order:${o.id}`, label: o.number })),
    ...(complaints.data?.items ?? []).map((c) => ({ value: `complaint:${c.id}`, label: c.number })),
  ];
  const items = [
    ...(me.data.settings.showOrders
      ? [{
          key: 'orders',
          label: <span data-testid="portal-orders-tab">{pw('home.orders')}</span>,
          children: orders.isLoading ? <Skeleton active /> : orders.data?.items.length ? (
            <Flex vertical gap={10}>
              {orders.data.items.map((o) => (
                <Card key={o.id} size="small" data-testid="portal-order" title={o.number} extra={<Tag color={o.closed ? 'default' : 'blue'}>{status(o.status)}</Tag>}>
                  <Typography.Text type="secondary">{pw('home.po')}: {o.customerPo ?? '—'} · {pw('home.orderDate')}: {o.orderDate}</Typography.Text>
                  {o.lines.map((l) => (
                    <div key={l.lineNo} style={{ marginTop: 6 }}>
                      {pw('home.line', { no: l.lineNo })} · {l.model} × {l.quantity} · {pw('home.requested')} {l.requestedDate} · {pw('home.planned')} {l.plannedDate ?? '—'} · {pw('home.shipped')} {l.shippedQuantity}
                    </div>
                  ))}
                  {o.pendingDateChanges.map((c) => (
                    <Alert
                      key={c.id}
                      style={{ marginTop: 8 }}
                      type="warning"
                      showIcon
                      title={pw('home.pendingChange', { no: c.lineNo, old: c.oldDate, new: c.newDate })}
                      action={
                        <Button size="small" type="primary" loading={acknowledge.isPending} data-testid="portal-acknowledge" onClick={() => acknowledge.mutate({ orderId: o.id, changeId: c.id, version: c.version })}>
                          {pw('home.acknowledge')}
                        </Button>
                      }
                    />
                  ))}
                </Card>
              ))}
            </Flex>
          ) : <Empty description={pw('home.none')} />,
        }]
      : []),
    ...(me.data.settings.showComplaints
      ? [{
          key: 'complaints',
          label: <span data-testid="portal-complaints-tab">{pw('home.complaints')}</span>,
          children: complaints.data?.items.length ? (
            <Flex vertical gap={10}>
              {complaints.data.items.map((c) => (
                <ComplaintCard key={c.id} c={c} status={status} />
              ))}
            </Flex>
          ) : <Empty description={pw('home.none')} />,
        }]
      : []),
    { key: 'message', label: <span data-testid="portal-message-tab">{pw('home.message')}</span>, children: <Card size="small"><MessageForm refs={refs} /></Card> },
  ];
  return (
    <Shell
      extra={
        <Button size="small" onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/portal/sign-in') })} data-testid="portal-sign-out">
          {pw('home.signOut')}
        </Button>
      }
    >
      <Typography.Title level={5} data-testid="portal-welcome">
        {pw('home.welcome', { contact: me.data.contactName, company: me.data.companyName })}
      </Typography.Title>
      <Tabs items={items} />
    </Shell>
  );
}
