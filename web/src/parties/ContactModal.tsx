import { useLayoutEffect } from 'react';
import { Alert, App, Form, Modal, type ButtonProps } from 'antd';
import { ContactInput, UpdateContactRequest } from '../../../contracts/parties.js';
import { useT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { useProblemHandler } from '../platform/problem.js';
import { formToJson } from '../platform/zodRule.js';
import { useSaveContact, type TContact } from './api.js';
import { ContactFields } from './ContactFields.js';

const PERSONAL = ['phone', 'mobile', 'email', 'im'] as const;

/** Add (contact undefined) or edit one contact of a customer. */
export function ContactModal(props: { customerId: string; contact?: TContact; open: boolean; onClose(): void; onReload(): void }) {
  const t = useT();
  const can = useCan();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const save = useSaveContact(props.customerId);
  const [form] = Form.useForm();
  const editing = !!props.contact;
  // a user who cannot see personal data may neither see nor set it (the server refuses the fields by name)
  const showPersonal = can('contacts.personal.read');

  useLayoutEffect(() => {
    if (!props.open) return;
    form.resetFields();
    if (props.contact) form.setFieldsValue(props.contact);
    else form.setFieldsValue({ isPrimary: false });
  }, [props.open, props.contact, form]);

  const submit = (values: Record<string, unknown>) => {
    const json = formToJson(values) as Record<string, unknown>;
    let body: Record<string, unknown>;
    try {
      if (props.contact) {
        body = UpdateContactRequest.parse({ ...json, version: props.contact.version });
        // leave out what this user cannot see, so the server keeps it as it is
        if (!showPersonal) for (const k of PERSONAL) delete body[k];
      } else {
        body = ContactInput.parse(json);
      }
    } catch (e) {
      return onProblem(e);
    }
    save.mutate(
      { contactId: props.contact?.id, body: body as never },
      {
        onSuccess: () => {
          message.success(t('common.saved'));
          props.onClose();
        },
        onError: (e) =>
          onProblem(e, {
            form,
            onReload: () => {
              props.onClose();
              props.onReload();
            },
          }),
      },
    );
  };

  return (
    <Modal
      open={props.open}
      title={editing ? t('contact.edit') : t('contact.add')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'contact-save' } as ButtonProps}
      width={760}
      destroyOnHidden
    >
      {!showPersonal && <Alert type="info" showIcon title={t('contact.personalHiddenEdit')} style={{ marginBottom: 12 }} />}
      <Form form={form} name="contact" layout="vertical" onFinish={submit} disabled={save.isPending}>
        <ContactFields prefix={[]} showPersonal={showPersonal} testPrefix="contact" />
      </Form>
    </Modal>
  );
}
