import { Alert, App, Button, Card, Form, Input } from 'antd';
import { useNavigate } from 'react-router';
import { ChangePasswordRequest, MIN_PASSWORD_LENGTH } from '../../../contracts/identity.js';
import { useT } from '../i18n/index.js';
import { rulesFor } from '../platform/zodRule.js';
import { useProblemHandler } from '../platform/problem.js';
import { PageHeader } from '../platform/PageHeader.js';
import { useChangePassword, useCurrentUser } from './session.js';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordPage() {
  const t = useT();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const change = useChangePassword();
  const [form] = Form.useForm<Values>();
  const rules = rulesFor(ChangePasswordRequest);
  const min = MIN_PASSWORD_LENGTH;

  const submit = ({ currentPassword, newPassword }: Values) =>
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          message.success(t('password.changed'));
          form.resetFields();
          navigate('/');
        },
        onError: (e) => onProblem(e, { form }),
      },
    );

  return (
    <>
      <PageHeader title={t('password.title')} />
      <Card style={{ maxWidth: 480 }}>
        {me.mustChangePassword && (
          <Alert type="warning" showIcon title={t('password.mustChange')} style={{ marginBottom: 16 }} data-testid="must-change-password" />
        )}
        <Form form={form} layout="vertical" name="password" onFinish={submit} disabled={change.isPending}>
          <Form.Item name="currentPassword" label={t('password.current')} rules={rules.currentPassword}>
            <Input.Password autoFocus autoComplete="current-password" data-testid="password-current" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('password.new')}
            rules={[...(rules.newPassword ?? []), { min, message: t('password.tooShort', { min }) }]}
            extra={t('password.hint', { min })}
          >
            <Input.Password autoComplete="new-password" data-testid="password-new" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('password.confirm')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('form.required') },
              ({ getFieldValue }) => ({
                validator: async (_r, v) => {
                  if (v && v !== getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
                },
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="password-confirm" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="password-save">
            {t('password.submit')}
          </Button>
        </Form>
      </Card>
    </>
  );
}
