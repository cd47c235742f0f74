import { useState } from 'react';
import { Button, Drawer, Empty, Flex, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { EditOutlined, HistoryOutlined, PlusOutlined, SafetyCertificateOutlined, StarFilled, StopOutlined } from '@ant-design/icons';
import { VoidRequest } from '../../../contracts/common.js';
import { useT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { HistoryPanel } from '../platform/HistoryPanel.js';
import { ReasonModal } from '../platform/ReasonModal.js';
import { Sensitive } from '../platform/Sensitive.js';
import { NONE } from '../platform/format.js';
import { useVoidContact, type TContact, type TCustomer } from './api.js';
import { ContactModal } from './ContactModal.js';
import { ContactPrivacyDrawer } from '../privacy/index.js';

export function ContactsTab({ customer, onReload }: { customer: TCustomer; onReload(): void }) {
  const t = useT();
  const can = useCan();
  const [editing, setEditing] = useState<TContact | 'new' | null>(null);
  const [voiding, setVoiding] = useState<TContact | null>(null);
  const [history, setHistory] = useState<TContact | null>(null);
  const [privacy, setPrivacy] = useState<TContact | null>(null);
  const [showVoided, setShowVoided] = useState(false);
  const voidContact = useVoidContact(customer.id);
  const writable = can('customers.write') && !customer.voided;
  // PUT …/contacts/:id replaces every field: without seeing the personal data a save
  // would blank it, so editing waits for that permission
  const canEdit = can('contacts.personal.read');
  const contacts = customer.contacts.filter((c) => showVoided || !c.voided);
  const voidedCount = customer.contacts.filter((c) => c.voided).length;

  const columns: TableColumnsType<TContact> = [
    {
      title: t('contact.fields.name'),
      dataIndex: 'name',
      render: (name: string, c) => (
        <Space size={4}>
          {c.isPrimary && (
            <Tooltip title={t('contact.fields.isPrimary')}>
              <StarFilled style={{ color: '#faad14' }} aria-label={t('contact.fields.isPrimary')} />
            </Tooltip>
          )}
          <Typography.Text delete={c.voided}>{name}</Typography.Text>
          {c.voided && <Tag color="error">{t('common.voided')}</Tag>}
        </Space>
      ),
    },
    { title: t('contact.fields.title'), dataIndex: 'title', render: (v: string | null) => v ?? NONE },
    { title: t('contact.fields.mobile'), dataIndex: 'mobile', render: (v: string | null | undefined) => <Sensitive value={v} copyable /> },
    { title: t('contact.fields.phone'), dataIndex: 'phone', render: (v: string | null | undefined) => <Sensitive value={v} copyable /> },
    { title: t('contact.fields.email'), dataIndex: 'email', render: (v: string | null | undefined) => <Sensitive value={v} copyable /> },
    { title: t('contact.fields.im'), dataIndex: 'im', render: (v: string | null | undefined) => <Sensitive value={v} /> },
    {
      title: t('contact.fields.preferredChannel'),
      dataIndex: 'preferredChannel',
      render: (v: TContact['preferredChannel']) => (v ? t(`enums.channel.${v}`) : NONE),
    },
    { title: t('contact.fields.notes'), dataIndex: 'notes', ellipsis: true, render: (v: string | null) => v ?? NONE },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, c) => (
        <Space size={0}>
          {writable && !c.voided && (
            <Tooltip title={canEdit ? t('common.edit') : t('contact.editNeedsPersonal')}>
              <Button
                type="text"
                size="small"
                icon={<EditOutlined />}
                disabled={!canEdit}
                onClick={() => setEditing(c)}
                aria-label={t('common.edit')}
                data-testid="contact-edit"
              />
            </Tooltip>
          )}
          {writable && !c.voided && (
            <Tooltip title={t('common.void')}>
              <Button
                type="text"
                size="small"
                danger
                icon={<StopOutlined />}
                onClick={() => setVoiding(c)}
                aria-label={t('common.void')}
                data-testid="contact-void"
              />
            </Tooltip>
          )}
          <Tooltip title={t('history.title')}>
            <Button type="text" size="small" icon={<HistoryOutlined />} onClick={() => setHistory(c)} aria-label={t('history.title')} />
          </Tooltip>
          {can('privacy.manage') && (
            <Tooltip title={t('privacy.open')}>
              <Button
                type="text"
                size="small"
                icon={<SafetyCertificateOutlined />}
                onClick={() => setPrivacy(c)}
                aria-label={t('privacy.open')}
                data-testid="contact-privacy"
              />
            </Tooltip>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        {voidedCount > 0 ? (
          <Button type="link" size="small" onClick={() => setShowVoided(!showVoided)} style={{ paddingInline: 0 }}>
            {showVoided ? t('contact.hideVoided') : t('contact.showVoided', { n: voidedCount })}
          </Button>
        ) : (
          <span />
        )}
        {writable && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="contact-add">
            {t('contact.add')}
          </Button>
        )}
      </Flex>
      <Table<TContact>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={contacts}
        pagination={false}
        data-testid="contact-table"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('contact.empty')} /> }}
      />
      <ContactModal
        customerId={customer.id}
        contact={editing && editing !== 'new' ? editing : undefined}
        open={editing !== null}
        onClose={() => setEditing(null)}
        onReload={onReload}
      />
      <ReasonModal
        open={!!voiding}
        title={t('contact.voidTitle', { name: voiding?.name ?? '' })}
        description={t('contact.voidHint')}
        schema={VoidRequest.shape.reason}
        okText={t('common.void')}
        danger
        onClose={() => setVoiding(null)}
        onReload={onReload}
        onSubmit={(reason) => voidContact.mutateAsync({ contactId: voiding!.id, body: { version: voiding!.version, reason: reason ?? '' } })}
      />
      <ContactPrivacyDrawer
        contact={privacy}
        onClose={() => {
          setPrivacy(null);
          onReload();
        }}
      />
      <Drawer open={!!history} onClose={() => setHistory(null)} title={`${t('history.title')} · ${history?.name ?? ''}`} size={720} destroyOnHidden>
        {history && <HistoryPanel type="contact" id={history.id} />}
      </Drawer>
    </>
  );
}
