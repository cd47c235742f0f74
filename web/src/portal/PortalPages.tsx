import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Form, Input, QRCode, Result, Segmented, Select, Skeleton, Tabs, Tag, Typography, Upload } from 'antd';
import { useNavigate, useParams } from 'react-router';
import type { z } from 'zod';
import type { PortalComplaint } from '../../../contracts/portal.js';
import { isApiError } from '../api/client.js';
import { useLocale, useT } from '../i18n/index.js';
import {
  setPortalLanguage,
  useAcknowledgeChange,
  useConfirmComplaint,
  usePasswordSignIn,
  usePortalAccount,
  usePortalComplaints,
  usePortalLogout,
  usePortalMe,
  usePortalOrders,
  usePortalSurvey,
  usePortalSurveys,
  usePortalUpload,
  usePortalUploads,
  usePortalVisits,
  useReconfirm,
  useRedeem,
  useRequestLink,
  useSendPortalMessage,
  useSubmitPortalSurvey,
  type UploadKind,
} from './api.js';
import { RespondPage } from '../surveys/index.js';
import { useFeatureT } from '../i18n/feature.js';
import { portalZh } from './i18n.zh-CN.js';
import { portalEn } from './i18n.en-US.js';

const portalWords = { 'zh-CN': portalZh, 'en-US': portalEn };
const usePortalT = () => useFeatureT(portalWords);

/** One column for a phone, the language at a tap; no staff menus, no staff session. */
function Shell({ children, extra }: { children: React.ReactNode; extra?: React.ReactNode }) {
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
  if (redeem.isError)
    return (
      <Shell>
        <Result status="warning" title={pw('signIn.invalid')} data-testid="portal-link-invalid" />
      </Shell>
    );
  return (
    <Shell>
      <Card title={pw('signIn.title')}>
        <Tabs
          items={[
            {
              key: 'link',
              label: <span data-testid="portal-by-link">{pw('signIn.byLink')}</span>,
              children: (
                <>
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
                </>
              ),
            },
            { key: 'password', label: <span data-testid="portal-by-password">{pw('signIn.byPassword')}</span>, children: <PasswordSignIn /> },
          ]}
        />
      </Card>
    </Shell>
  );
}

function PasswordSignIn() {
  const pw = usePortalT();
  const navigate = useNavigate();
  const signIn = usePasswordSignIn();
  const [needCode, setNeedCode] = useState(false);
  const failed = signIn.error && isApiError(signIn.error) && signIn.error.problem.code !== 'PORTAL_TOTP_REQUIRED' ? signIn.error.message : null;
  return (
    <Form
      layout="vertical"
      name="portal-password-sign-in"
      onFinish={(v: { email: string; password: string; code?: string }) =>
        signIn.mutate(
          { email: v.email, password: v.password, ...(v.code ? { code: v.code } : {}) },
          {
            onSuccess: () => navigate('/portal', { replace: true }),
            onError: (e) => {
              if (isApiError(e) && e.problem.code === 'PORTAL_TOTP_REQUIRED') setNeedCode(true);
            },
          },
        )
      }
    >
      <Form.Item name="email" label={pw('signIn.email')} rules={[{ required: true, type: 'email' }]}>
        <Input type="email" autoComplete="username" data-testid="portal-password-email" />
      </Form.Item>
      <Form.Item name="password" label={pw('signIn.password')} rules={[{ required: true }]}>
        <Input.Password autoComplete="current-password" data-testid="portal-password" />
      </Form.Item>
      {needCode && (
        <Form.Item name="code" label={pw('signIn.code')} rules={[{ required: true, pattern: /^[0-9]{6}$/ }]} extra={pw('signIn.codeHint')}>
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} data-testid="portal-totp-code" />
        </Form.Item>
      )}
      {failed && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={failed} data-testid="portal-sign-in-failed" />}
      <Button type="primary" htmlType="submit" block loading={signIn.isPending} data-testid="portal-password-submit">
        {pw('signIn.submit')}
      </Button>
    </Form>
  );
}

/** Set a password (the staff policy) and, optionally, an authenticator app (QR code of the otpauth URI, or the secret). */
function AccountPanel({ passwordSet, totpEnabled }: { passwordSet: boolean; totpEnabled: boolean }) {
  const t = useT();
  const pw = usePortalT();
  const { message } = App.useApp();
  const m = usePortalAccount();
  const [form] = Form.useForm();
  const [code, setCode] = useState('');
  const setup = m.totpSetup.data;
  const problem = (e: unknown) => message.error(isApiError(e) ? [e.message, ...(e.problem.errors ?? []).map((x) => x.message)].join(' ') : String(e));
  return (
    <Flex vertical gap={12}>
      <Card size="small" title={pw('account.password')}>
        <Typography.Paragraph type="secondary">{passwordSet ? pw('account.passwordSet') : pw('account.passwordHint')}</Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          name="portal-password"
          onFinish={(v: { password: string }) =>
            m.password.mutate(v.password, {
              onSuccess: () => {
                message.success(t('common.saved'));
                form.resetFields();
              },
              onError: problem,
            })
          }
        >
          <Form.Item name="password" label={pw('account.newPassword')} rules={[{ required: true, min: 12 }]}>
            <Input.Password autoComplete="new-password" data-testid="portal-new-password" />
          </Form.Item>
          <Form.Item
            name="repeat"
            label={pw('account.repeat')}
            dependencies={['password']}
            rules={[
              { required: true },
              ({ getFieldValue }) => ({
                validator: (_, v) => (v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(pw('account.mismatch')))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="portal-repeat-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={m.password.isPending} data-testid="portal-set-password">
            {pw('account.save')}
          </Button>
        </Form>
      </Card>
      <Card size="small" title={pw('account.totp')}>
        {totpEnabled ? (
          <Flex vertical gap={8}>
            <Alert type="success" showIcon title={pw('account.totpOn')} data-testid="portal-totp-on" />
            <Flex gap={8}>
              <Input style={{ maxWidth: 140 }} inputMode="numeric" maxLength={6} placeholder="123456" value={code} onChange={(e) => setCode(e.target.value)} />
              <Button danger disabled={!/^[0-9]{6}$/.test(code)} onClick={() => m.totpDisable.mutate(code, { onSuccess: () => setCode(''), onError: problem })}>
                {pw('account.totpOff')}
              </Button>
            </Flex>
          </Flex>
        ) : setup ? (
          <Flex vertical gap={8} align="flex-start">
            <Typography.Text>{pw('account.scan')}</Typography.Text>
            <QRCode value={setup.uri} size={180} data-testid="portal-totp-qr" />
            <Typography.Text type="secondary">
              {pw('account.secret')}{' '}
              <Typography.Text code copyable data-testid="portal-totp-secret">
                {setup.secret}
              </Typography.Text>
            </Typography.Text>
            <Flex gap={8}>
              <Input
                style={{ maxWidth: 140 }}
                inputMode="numeric"
                maxLength={6}
                placeholder="123456"
                value={code}
                onChange={(e) => setCode(e.target.value)}
                data-testid="portal-totp-enable-code"
              />
              <Button
                type="primary"
                disabled={!/^[0-9]{6}$/.test(code)}
                loading={m.totpEnable.isPending}
                onClick={() =>
                  m.totpEnable.mutate(code, {
                    onSuccess: () => {
                      setCode('');
                      message.success(pw('account.totpOn'));
                    },
                    onError: problem,
                  })
                }
                data-testid="portal-totp-enable"
              >
                {pw('account.confirm')}
              </Button>
            </Flex>
          </Flex>
        ) : (
          <Flex vertical gap={8} align="flex-start">
            <Typography.Text type="secondary">{pw('account.totpHint')}</Typography.Text>
            <Button
              disabled={!passwordSet}
              loading={m.totpSetup.isPending}
              onClick={() => m.totpSetup.mutate(undefined, { onError: problem })}
              data-testid="portal-totp-setup"
            >
              {pw('account.totpStart')}
            </Button>
          </Flex>
        )}
      </Card>
    </Flex>
  );
}

const uploadKinds: UploadKind[] = ['written-order', 'drawing', 'scorecard', 'other'];

/** What I uploaded: the file, when, on which record, and what became of it (filed as the written order / received). */
function MyUploads() {
  const pw = usePortalT();
  const list = usePortalUploads(true);
  if (list.isLoading) return <Skeleton active />;
  if (!list.data?.items.length) return <Empty description={pw('upload.noneYet')} />;
  return (
    <Flex vertical gap={8} data-testid="portal-uploads">
      {list.data.items.map((u) => (
        <Card key={u.id} size="small" data-testid="portal-upload-row" title={u.filename}>
          <Flex wrap gap={6} align="center">
            <Tag>{pw(`upload.kinds.${u.kind}`)}</Tag>
            <Tag color={u.filedAs === 'written-order' ? 'success' : 'processing'} data-testid="portal-upload-status">
              {pw(u.filedAs === 'written-order' ? 'upload.filedWritten' : 'upload.received', { number: u.communicationNumber })}
            </Tag>
            <Typography.Text type="secondary">{pw('upload.on', { record: u.record ? u.record.number : pw('upload.company') })}</Typography.Text>
            <Typography.Text type="secondary">{new Date(u.uploadedAt).toLocaleString()}</Typography.Text>
          </Flex>
          {u.note && <div>{u.note}</div>}
        </Card>
      ))}
    </Flex>
  );
}

/** A document from the customer on a record: the file is checked by the server (type by content, size). */
function UploadForm({ refs }: { refs: { value: string; label: string }[] }) {
  const pw = usePortalT();
  const { message } = App.useApp();
  const send = usePortalUpload();
  const [kind, setKind] = useState<UploadKind>('written-order');
  const [about, setAbout] = useState<string | undefined>();
  const [note, setNote] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const orderRefs = refs.filter((r) => r.value.startsWith('order:'));
  const options = kind === 'written-order' ? orderRefs : refs;
  const submit = () => {
    const [type, id] = (about ?? '').split(':');
    send.mutate(
      { kind, ref: type && id ? { type: type as 'order' | 'complaint', id } : null, note, file: file! },
      {
        onSuccess: (r) => {
          message.success(pw('upload.sent', { file: r.filename, number: r.number }));
          setFile(null);
          setNote('');
        },
        onError: (e) => message.error(isApiError(e) ? e.message : String(e)),
      },
    );
  };
  return (
    <Flex vertical gap={10}>
      <Typography.Text type="secondary">{pw('upload.hint')}</Typography.Text>
      <Select
        value={kind}
        onChange={(k) => {
          setKind(k);
          setAbout(undefined);
        }}
        options={uploadKinds.map((k) => ({ value: k, label: pw(`upload.kinds.${k}`) }))}
        data-testid="portal-upload-kind"
      />
      <Select
        allowClear
        value={about}
        onChange={setAbout}
        placeholder={kind === 'written-order' ? pw('upload.pickOrder') : pw('messageForm.general')}
        options={options}
        data-testid="portal-upload-about"
      />
      <Upload
        maxCount={1}
        beforeUpload={(f) => {
          setFile(f);
          return false;
        }}
        onRemove={() => setFile(null)}
        fileList={file ? [{ uid: 'one', name: file.name, status: 'done' }] : []}
        accept=".pdf,.jpg,.jpeg,.png,.xlsx,.xls,.docx,.doc,.dwg,.dxf,.zip"
      >
        <Button data-testid="portal-upload-pick">{pw('upload.pick')}</Button>
      </Upload>
      <Input.TextArea rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} placeholder={pw('upload.note')} />
      <Button
        type="primary"
        disabled={!file || (kind === 'written-order' && !about)}
        loading={send.isPending}
        onClick={submit}
        data-testid="portal-upload-send"
      >
        {pw('upload.send')}
      </Button>
    </Flex>
  );
}

function MessageForm({ refs }: { refs: { value: string; label: string }[] }) {
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
    confirm.mutate(
      { id: c.id, version: c.version, result, comment: reason },
      { onSuccess: () => message.success(t('common.saved')), onError: (e) => message.error(isApiError(e) ? e.message : String(e)) },
    );
  return (
    <Card size="small" data-testid="portal-complaint" title={c.number} extra={<Tag color={c.closed ? 'default' : 'orange'}>{status(c.status)}</Tag>}>
      {pw('home.model')} {c.model} · {pw('home.lot')} {c.lot ?? '—'} · {pw('home.received')} {c.receivedAt.slice(0, 10)}
      {c.report && (
        <div style={{ marginTop: 8 }} data-testid="portal-8d">
          <Typography.Text strong>{pw('report.title')}</Typography.Text>
          {c.report.problem && <div>D2 · {c.report.problem}</div>}
          {c.report.rootCause && (
            <div>
              D4 · {c.report.rootCause.occurrenceCause} / {c.report.rootCause.escapePoint}
            </div>
          )}
          {c.report.actions.map((a) => (
            <div key={a.title}>
              D5–D6 · {a.title} {a.done ? '✓' : ''}
            </div>
          ))}
          {c.report.prevention && <div>D7 · {c.report.prevention}</div>}
        </div>
      )}
      {c.awaitingConfirmation && (
        <Flex vertical gap={8} style={{ marginTop: 10 }}>
          <Input.TextArea
            rows={2}
            placeholder={pw('report.reason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            data-testid="portal-confirm-reason"
          />
          <Flex gap={8}>
            <Button type="primary" loading={confirm.isPending} onClick={() => answer('accepted')} data-testid="portal-accept">
              {pw('report.accept')}
            </Button>
            <Button danger disabled={!reason.trim()} loading={confirm.isPending} onClick={() => answer('rejected')} data-testid="portal-reject">
              {pw('report.reject')}
            </Button>
          </Flex>
        </Flex>
      )}
    </Card>
  );
}

/** `/portal`: the contact's own company's orders and complaints, and a message to the factory. */
export function PortalHomePage() {
  const pw = usePortalT();
  const navigate = useNavigate();
  const me = usePortalMe();
  const signedIn = !!me.data;
  const orders = usePortalOrders(signedIn && !!me.data?.settings.showOrders);
  const complaints = usePortalComplaints(signedIn && !!me.data?.settings.showComplaints);
  const logout = usePortalLogout();
  const acknowledge = useAcknowledgeChange();
  const reconfirm = useReconfirm();
  const { message } = App.useApp();
  const surveys = usePortalSurveys(signedIn && !!me.data?.settings.showSurveys);
  const visits = usePortalVisits(signedIn && !!me.data?.settings.showVisits);
  const [tab, setTab] = useState<string | null>(null);
  useEffect(() => {
    if (me.isError) navigate('/portal/sign-in', { replace: true });
  }, [me.isError, navigate]);
  if (!me.data)
    return (
      <Shell>
        <Skeleton active />
      </Shell>
    );
  const status = (s: string) => (s === 'in-progress' || s === 'closed' ? pw(`home.statuses.${s}`) : s);
  const refs = [
    ...(orders.data?.items ?? []).map((o) => ({ value: `order:${o.id}`, label: o.number })),
    ...(complaints.data?.items ?? []).map((c) => ({ value: `complaint:${c.id}`, label: c.number })),
  ];
  const items = [
    ...(me.data.settings.showOrders
      ? [
          {
            key: 'orders',
            label: <span data-testid="portal-orders-tab">{pw('home.orders')}</span>,
            children: orders.isLoading ? (
              <Skeleton active />
            ) : orders.data?.items.length ? (
              <Flex vertical gap={10}>
                {orders.data.items.map((o) => (
                  <Card
                    key={o.id}
                    size="small"
                    data-testid="portal-order"
                    title={o.number}
                    extra={<Tag color={o.closed ? 'default' : 'blue'}>{status(o.status)}</Tag>}
                  >
                    <Typography.Text type="secondary">
                      {pw('home.po')}: {o.customerPo ?? '—'} · {pw('home.orderDate')}: {o.orderDate}
                    </Typography.Text>
                    {o.lines.map((l) => (
                      <div key={l.lineNo} style={{ marginTop: 6 }}>
                        {pw('home.line', { no: l.lineNo })} · {l.model} × {l.quantity} · {pw('home.requested')} {l.requestedDate} · {pw('home.planned')}{' '}
                        {l.plannedDate ?? '—'} · {pw('home.shipped')} {l.shippedQuantity}
                      </div>
                    ))}
                    {o.reconfirmation && (
                      <Alert
                        style={{ marginTop: 8 }}
                        type="info"
                        showIcon
                        data-testid="portal-reconfirmation"
                        title={pw('home.reconfirmTitle')}
                        description={pw('home.reconfirmText')}
                        action={
                          <Button
                            size="small"
                            type="primary"
                            loading={reconfirm.isPending}
                            data-testid="portal-reconfirm"
                            onClick={() =>
                              reconfirm.mutate(
                                { orderId: o.id, version: o.reconfirmation!.version, note: '' },
                                {
                                  onSuccess: () => message.success(pw('home.reconfirmed')),
                                  onError: (e) => message.error(isApiError(e) ? e.message : String(e)),
                                },
                              )
                            }
                          >
                            {pw('home.reconfirm')}
                          </Button>
                        }
                      />
                    )}
                    {o.pendingDateChanges.map((c) => (
                      <Alert
                        key={c.id}
                        style={{ marginTop: 8 }}
                        type="warning"
                        showIcon
                        title={pw('home.pendingChange', { no: c.lineNo, old: c.oldDate, new: c.newDate })}
                        action={
                          <Button
                            size="small"
                            type="primary"
                            loading={acknowledge.isPending}
                            data-testid="portal-acknowledge"
                            onClick={() => acknowledge.mutate({ orderId: o.id, changeId: c.id, version: c.version })}
                          >
                            {pw('home.acknowledge')}
                          </Button>
                        }
                      />
                    ))}
                  </Card>
                ))}
              </Flex>
            ) : (
              <Empty description={pw('home.none')} />
            ),
          },
        ]
      : []),
    ...(me.data.settings.showComplaints
      ? [
          {
            key: 'complaints',
            label: <span data-testid="portal-complaints-tab">{pw('home.complaints')}</span>,
            children: complaints.data?.items.length ? (
              <Flex vertical gap={10}>
                {complaints.data.items.map((c) => (
                  <ComplaintCard key={c.id} c={c} status={status} />
                ))}
              </Flex>
            ) : (
              <Empty description={pw('home.none')} />
            ),
          },
        ]
      : []),
    ...(me.data.settings.showSurveys
      ? [
          {
            key: 'surveys',
            label: (
              <span data-testid="portal-surveys-tab">
                {pw('home.surveys')}
                {surveys.data?.items.length ? ` (${surveys.data.items.length})` : ''}
              </span>
            ),
            children: surveys.data?.items.length ? (
              <Flex vertical gap={10}>
                {surveys.data.items.map((v) => (
                  <Card
                    key={v.id}
                    size="small"
                    data-testid="portal-survey"
                    title={v.campaignTitle}
                    extra={
                      <Button type="primary" size="small" onClick={() => navigate(`/portal/surveys/${v.id}`)} data-testid="portal-survey-open">
                        {pw('home.answer')}
                      </Button>
                    }
                  >
                    {pw('home.surveyUntil', { date: v.expiresAt.slice(0, 10) })}
                  </Card>
                ))}
              </Flex>
            ) : (
              <Empty description={pw('home.none')} />
            ),
          },
        ]
      : []),
    ...(me.data.settings.showVisits
      ? [
          {
            key: 'visits',
            label: <span data-testid="portal-visits-tab">{pw('home.visits')}</span>,
            children: visits.data?.items.length ? (
              <Flex vertical gap={10}>
                {visits.data.items.map((v) => (
                  <Card
                    key={v.id}
                    size="small"
                    data-testid="portal-visit"
                    title={`${v.number} · ${pw(`home.visitKinds.${v.direction === 'incoming' ? (v.kind === 'audit' ? 'audit' : 'visit') : 'ours'}`)}`}
                  >
                    <div>{v.startDate === v.endDate ? v.startDate : `${v.startDate} – ${v.endDate}`}</div>
                    <Typography.Text type="secondary">{v.purpose}</Typography.Text>
                  </Card>
                ))}
              </Flex>
            ) : (
              <Empty description={pw('home.none')} />
            ),
          },
        ]
      : []),
    ...(me.data.settings.allowUploads
      ? [
          {
            key: 'upload',
            label: <span data-testid="portal-upload-tab">{pw('home.upload')}</span>,
            children: (
              <Flex vertical gap={12}>
                <Card size="small">
                  <UploadForm refs={refs} />
                </Card>
                <Typography.Title level={5} style={{ margin: 0 }}>
                  {pw('upload.mine')}
                </Typography.Title>
                <MyUploads />
              </Flex>
            ),
          },
        ]
      : []),
    {
      key: 'message',
      label: <span data-testid="portal-message-tab">{pw('home.message')}</span>,
      children: (
        <Card size="small">
          <MessageForm refs={refs} />
        </Card>
      ),
    },
    {
      key: 'account',
      label: <span data-testid="portal-account-tab">{pw('home.account')}</span>,
      children: <AccountPanel passwordSet={me.data.passwordSet} totpEnabled={me.data.totpEnabled} />,
    },
  ];
  const current = tab && items.some((i) => i.key === tab) ? tab : items[0]!.key;
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
      {/* the sections as wrapping buttons: on a phone every one stays in sight (a tab bar would hide some behind "more") */}
      <Flex wrap gap={6} role="tablist" style={{ marginBottom: 12 }}>
        {items.map((i) => (
          <Button
            key={i.key}
            size="small"
            autoInsertSpace={false}
            role="tab"
            aria-selected={i.key === current}
            type={i.key === current ? 'primary' : 'default'}
            onClick={() => setTab(i.key)}
          >
            {i.label}
          </Button>
        ))}
      </Flex>
      <div role="tabpanel">{items.find((i) => i.key === current)?.children}</div>
    </Shell>
  );
}

/** `/portal/surveys/:id`: the contact's own survey, the same questionnaire page as the link, answered in the portal. */
export function PortalSurveyPage() {
  const { id = '' } = useParams();
  const pw = usePortalT();
  const navigate = useNavigate();
  const q = usePortalSurvey(id);
  const submit = useSubmitPortalSurvey(id);
  return (
    <RespondPage
      source={{
        data: q.data,
        error: q.error,
        isLoading: q.isLoading,
        submit,
        back: (
          <Button size="small" onClick={() => navigate('/portal')} data-testid="portal-back">
            {pw('home.back')}
          </Button>
        ),
      }}
    />
  );
}
