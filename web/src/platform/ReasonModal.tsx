import { useLayoutEffect } from 'react';
import { Alert, Form, Input, Modal, type ButtonProps } from 'antd';
import type { z } from 'zod';
import { useT } from '../i18n/index.js';
import { maxLengthOf, zodRule } from './zodRule.js';
import { useProblemHandler } from './problem.js';

interface Props {
  open: boolean;
  title: string;
  /** what the action does, shown above the field */
  description?: string;
  /** the contract's schema of the reason field (required or optional) */
  schema: z.ZodType;
  okText: string;
  danger?: boolean;
  label?: string;
  onSubmit(reason: string | null): Promise<unknown>;
  onClose(): void;
  onReload?: () => void;
}

/** Asks for the reason of a void, an acceptance…; the field's rules come from the contract. */
export function ReasonModal(props: Props) {
  const t = useT();
  const [form] = Form.useForm<{ reason?: string }>();
  const onProblem = useProblemHandler();
  useLayoutEffect(() => {
    if (props.open) form.resetFields();
  }, [props.open, form]);
  const max = maxLengthOf(props.schema);
  const submit = async () => {
    let reason: string | undefined;
    try {
      ({ reason } = await form.validateFields());
    } catch {
      return; // the field shows what is wrong
    }
    try {
      await props.onSubmit(reason?.trim() ? reason.trim() : null);
      props.onClose();
    } catch (e) {
      onProblem(e, { form, onReload: props.onReload });
    }
  };
  return (
    <Modal
      open={props.open}
      title={props.title}
      okText={props.okText}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: props.danger, 'data-testid': 'reason-submit' } as ButtonProps}
      onOk={submit}
      onCancel={props.onClose}
      destroyOnHidden
    >
      {props.description && <Alert type={props.danger ? 'warning' : 'info'} showIcon title={props.description} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" name="reason">
        <Form.Item name="reason" label={props.label ?? t('common.reason')} rules={[zodRule(props.schema)]}>
          <Input.TextArea
            autoFocus
            rows={3}
            maxLength={max}
            showCount={!!max}
            data-testid="reason-input"
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void submit();
              }
            }}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
