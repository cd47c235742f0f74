import { useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { LoginRequest } from '../../../contracts/identity.js';
import type { TProblem } from '../../../contracts/common.js';
import { isApiError, NETWORK_ERROR } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { rulesFor } from '../platform/zodRule.js';
import { LanguageSwitch } from '../app/LanguageSwitch.js';
import { useLogin, useMe } from './session.js';

/** Only a path inside this app, never another site. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

export function LoginPage() {
  const t = useT();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const login = useLogin();
  const [form] = Form.useForm<{ username: string; password: string }>();
  const [problem, setProblem] = useState<TProblem | null>(null);
  const next = safeNext(params.get('next'));
  const rules = rulesFor(LoginRequest);

  if (me && !login.isPending) return <Navigate to={me.mustChangePassword ? '/account/password' : next} replace />;

  const submit = (values: { username: string; password: string }) => {
    setProblem(null);
    login.mutate(values, {
      onSuccess: (user) => navigate(user.mustChangePassword ? '/account/password' : next, { replace: true }),
      onError: (e) => {
        if (isApiError(e)) {
          setProblem(e.code === NETWORK_ERROR ? { ...e.problem, detail: t('errors.network') } : e.problem);
          form.setFieldValue('password', '');
          form.getFieldInstance('password')?.focus?.();
        } else setProblem({ type: '', title: '', status: 0, code: 'INTERNAL', detail: String(e) });
      },
    });
  };

  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100vh', background: 'linear-gradient(160deg,#eef3ff 0%,#f6f7f9 60%)', padding: 16 }}>
      <Flex justify="flex-end" style={{ position: 'absolute', top: 16, right: 16 }}>
        <LanguageSwitch />
      </Flex>
      <Card style={{ width: 380, maxWidth: '100%' }} styles={{ body: { padding: 28 } }}>
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
          Accord
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 24 }}>
          {t('app.title')}
        </Typography.Paragraph>
        {problem && <Alert type="error" showIcon title={problem.detail} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form form={form} layout="vertical" requiredMark={false} onFinish={submit} name="login" disabled={login.isPending}>
          <Form.Item name="username" label={t('login.username')} rules={rules.username}>
            <Input prefix={<UserOutlined />} autoFocus autoComplete="username" data-testid="login-username" size="large" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={rules.password}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={login.isPending} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
      <Typography.Text type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
        {t('login.footer')}
      </Typography.Text>
    </Flex>
  );
}
