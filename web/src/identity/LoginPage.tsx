import { useState } from 'react';
import { Alert, Button, Flex, Form, Input, theme } from 'antd';
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
  const { token } = theme.useToken();

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
      {/* a plain card and headings: the sign-in page is the first download, antd's Card and Typography would add ~30 kB */}
      <main
        style={{
          width: 380,
          maxWidth: '100%',
          boxSizing: 'border-box',
          padding: 28,
          background: token.colorBgContainer,
          border: `1px solid ${token.colorBorderSecondary}`,
          borderRadius: token.borderRadiusLG,
        }}
      >
        <h1
          style={{ margin: '0 0 4px', fontSize: token.fontSizeHeading3, fontWeight: 600, lineHeight: token.lineHeightHeading3, color: token.colorTextHeading }}
        >
          Accord
        </h1>
        <p style={{ margin: '0 0 24px', color: token.colorTextSecondary }}>{t('app.title')}</p>
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
      </main>
      <p style={{ margin: '16px 0 0', fontSize: 12, color: token.colorTextSecondary }}>{t('login.footer')}</p>
    </Flex>
  );
}
