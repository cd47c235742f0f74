import { useLayoutEffect, useRef } from 'react';
import { useCtrlEnter } from '../platform/useCtrlEnter.js';
import { App, Button, Drawer, Flex, Form, Typography, type RefSelectProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate } from 'react-router';
import { CreateCommunicationRequest } from '../../../contracts/communications.js';
import { useT } from '../i18n/index.js';
import { useCurrentUser } from '../identity/index.js';
import { useProblemHandler } from '../platform/problem.js';
import { toRequest } from '../platform/zodRule.js';
import { useCreateCommunication, type TAttachment } from './api.js';
import { CommunicationFields, FOLLOW_UP_HOUR } from './CommunicationFields.js';
import type { QuickEntryPrefill } from './QuickEntry.js';

interface Values {
  partyId?: string;
  contactId?: string;
  ourUserId?: string;
  channel: string;
  direction: string;
  topic: string;
  occurredAt: Dayjs;
  subject?: string;
  content?: string;
  result?: string;
  followUpDue?: Dayjs | null;
  attachments?: TAttachment[];
}

/**
 * 快速登记: a clerk logs a call in seconds, keyboard only. Alt+N opens it anywhere, the
 * customer field has the focus, Enter picks, Tab moves on, Ctrl+Enter saves. A draft
 * survives closing the drawer until it is saved.
 */
export function QuickEntryDrawer({ open, prefill, onClose }: { open: boolean; prefill: QuickEntryPrefill | undefined; onClose(): void }) {
  const t = useT();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const create = useCreateCommunication();
  const [form] = Form.useForm<Values>();
  const customerRef = useRef<RefSelectProps>(null);

  const fresh = (partyId?: string): Values => ({
    partyId,
    contactId: undefined,
    ourUserId: me.id,
    channel: 'phone',
    direction: 'in',
    topic: 'other',
    occurredAt: dayjs().second(0).millisecond(0),
    subject: undefined,
    content: undefined,
    result: undefined,
    followUpDue: undefined,
    attachments: [],
  });

  // Reset before the first keystroke can land (not after the opening animation, or
  // fast typists lose what they typed): a new call starts clean unless an unsaved draft
  // for the same customer is waiting.
  useLayoutEffect(() => {
    if (!open) return;
    const draft = form.getFieldsValue(true) as Partial<Values>;
    const touched = !!(draft.subject || draft.content || draft.result || draft.attachments?.length);
    if (!touched || (prefill?.partyId && draft.partyId !== prefill.partyId)) {
      form.resetFields();
      form.setFieldsValue(fresh(prefill?.partyId));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, prefill]);

  const afterOpen = (visible: boolean) => {
    if (!visible) return;
    const active = document.activeElement;
    // the user may already be typing somewhere in the drawer: leave the focus there
    if (active instanceof HTMLElement && active.closest('.ant-drawer') && active.tagName !== 'DIV') return;
    if (form.getFieldValue('partyId')) form.getFieldInstance('subject')?.focus?.();
    else customerRef.current?.focus();
  };

  const submit = (values: Values) => {
    const due = values.followUpDue ? values.followUpDue.hour(FOLLOW_UP_HOUR).minute(0).second(0).millisecond(0) : null;
    let body;
    try {
      body = toRequest(CreateCommunicationRequest, {
        ...values,
        followUpDue: due,
        attachmentIds: (values.attachments ?? []).map((a) => a.id),
      });
    } catch (e) {
      return onProblem(e);
    }
    create.mutate(body, {
      onSuccess: (c) => {
        form.resetFields();
        form.setFieldsValue(fresh());
        onClose();
        const key = `saved-${c.id}`;
        message.success({
          key,
          duration: 8,
          content: (
            <span data-testid="quick-entry-saved">
              {t('comm.savedAs', { number: c.number })}{' '}
              <a
                href={`/communications/${c.id}`}
                data-testid="quick-entry-saved-link"
                onClick={(e) => {
                  e.preventDefault();
                  message.destroy(key);
                  navigate(`/communications/${c.id}`);
                }}
              >
                {t('common.open')}
              </a>
            </span>
          ),
        });
      },
      onError: (e) => onProblem(e, { form }),
    });
  };

  useCtrlEnter(open, () => form.submit());

  return (
    <Drawer
      open={open}
      onClose={onClose}
      afterOpenChange={afterOpen}
      title={
        <Flex justify="space-between" align="center">
          <span>{t('comm.quickEntryTitle')}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
            {t('comm.quickEntryKeys')}
          </Typography.Text>
        </Flex>
      }
      size={640}
      forceRender
      data-testid="quick-entry"
      footer={
        <Flex gap={8} align="center">
          <Button type="primary" onClick={() => form.submit()} loading={create.isPending} data-testid="qe-save">
            {t('common.save')} <Typography.Text style={{ color: 'inherit', opacity: 0.75, fontSize: 12 }}>Ctrl+Enter</Typography.Text>
          </Button>
          <Button onClick={onClose}>{t('common.close')}</Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('comm.draftKept')}
          </Typography.Text>
        </Flex>
      }
    >
      <Form form={form} name="quick-entry" layout="vertical" onFinish={submit} disabled={create.isPending} initialValues={fresh()}>
        <CommunicationFields form={form} mode="create" prefix="qe" customerRef={customerRef} autoContact />
      </Form>
    </Drawer>
  );
}
