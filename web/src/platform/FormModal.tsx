import { useMemo, type ReactNode, useLayoutEffect } from 'react';
import { Alert, App, Form, Modal, type ButtonProps, type FormInstance } from 'antd';
import { useT } from '../i18n/index.js';
import { useProblemHandler } from './problem.js';
import { useCtrlEnter } from './useCtrlEnter.js';

type Values = Record<string, unknown>;

/** A dialog with a form: validates, builds the body, sends it, puts server errors on the fields. */
export function FormModal(props: {
  open: boolean;
  title: ReactNode;
  okText?: string;
  testId: string;
  width?: number;
  hint?: ReactNode;
  initial: () => Values;
  pending: boolean;
  onSubmit(values: Values, form: FormInstance): Promise<unknown>;
  onClose(): void;
  onReload(): void;
  children: (form: FormInstance) => ReactNode;
}) {
  const t = useT();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm();
  // the values the form opens with: given to the form as it mounts (the dialog is destroyed when hidden), so a
  // quick submit never sees an empty form; the effect covers a form instance that outlived its dialog
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const initialValues = useMemo(() => (props.open ? props.initial() : undefined), [props.open]);
  useLayoutEffect(() => {
    if (!props.open) return;
    form.resetFields();
    if (initialValues) form.setFieldsValue(initialValues);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.open]);
  const submit = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    try {
      await props.onSubmit(values, form);
      message.success(t('common.saved'));
      props.onClose();
    } catch (e) {
      onProblem(e, { form, onReload: props.onReload });
    }
  };
  useCtrlEnter(props.open, () => void submit());
  return (
    <Modal
      open={props.open}
      title={props.title}
      okText={props.okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={props.onClose}
      okButtonProps={{ loading: props.pending, 'data-testid': `${props.testId}-submit` } as ButtonProps}
      width={props.width ?? 600}
      destroyOnHidden
      data-testid={props.testId}
    >
      {props.hint && <Alert type="info" showIcon title={props.hint} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" name={props.testId} disabled={props.pending} initialValues={initialValues}>
        {props.children(form)}
      </Form>
    </Modal>
  );
}
