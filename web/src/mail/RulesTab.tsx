import { useLayoutEffect, useState } from 'react';
import { Button, Card, Form, Input, InputNumber, Modal, Radio, Select, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { topics } from '../../../contracts/communications.js';
import { useLocalized, useT } from '../i18n/index.js';
import { useFeatureT } from '../i18n/feature.js';
import { DateTime } from '../platform/DateTime.js';
import { useProblemHandler } from '../platform/problem.js';
import { UserSelect } from '../platform/UserSelect.js';
import { CustomerSelect } from '../parties/index.js';
import { useDepartments, useUserOptions } from '../identity/index.js';
import { useMailboxes } from './api.js';
import { useMailRules, useSaveMailRule, type TMailRule } from './rules-api.js';
import { rulesWords } from './rules-words.js';

const kinds = ['subjectContains', 'subjectMatches', 'fromDomain', 'fromAddress', 'bodyContains', 'mailbox'] as const;
type Kind = (typeof kinds)[number];
type FormCondition = { kind: Kind; value?: string; mailboxId?: string };

function RuleModal({ rule, open, onClose, nextPosition }: { rule: TMailRule | null; open: boolean; onClose(): void; nextPosition: number }) {
  const t = useT();
  const w = useFeatureT(rulesWords);
  const localized = useLocalized();
  const onProblem = useProblemHandler();
  const { data: depts } = useDepartments();
  const { data: boxes } = useMailboxes();
  const save = useSaveMailRule();
  const [form] = Form.useForm();
  useLayoutEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      rule
        ? { ...rule, actions: { ...rule.actions, ignoreReason: rule.actions.ignoreReason ?? '' } }
        : { position: nextPosition, match: 'all', active: true, conditions: [{ kind: 'subjectContains', value: '' }], actions: { topic: 'enquiry' } },
    );
  }, [open, rule, form, nextPosition]);
  return (
    <Modal
      width={760}
      open={open}
      title={rule ? w('edit') : w('new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: save.isPending }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        name="mail-rule"
        onFinish={(v: Record<string, unknown>) => {
          const a = (v.actions ?? {}) as Record<string, string | null | undefined>;
          const conditions = ((v.conditions as FormCondition[] | undefined) ?? []).map((c) =>
            c.kind === 'mailbox' ? { kind: 'mailbox' as const, mailboxId: c.mailboxId ?? '' } : { kind: c.kind, value: c.value ?? '' },
          );
          const body = {
            name: String(v.name ?? ''),
            position: Number(v.position ?? 0),
            match: v.match as 'all' | 'any',
            active: !!v.active,
            conditions,
            actions: {
              topic: (a.topic || null) as TMailRule['actions']['topic'],
              assigneeId: a.assigneeId || null,
              departmentId: a.departmentId || null,
              partyId: a.partyId || null,
              ignoreReason: a.ignoreReason || null,
            },
          };
          save.mutate(rule ? { id: rule.id, body: { ...body, version: rule.version } } : { id: null, body }, {
            onSuccess: onClose,
            onError: (e) => onProblem(e, { form }),
          });
        }}
      >
        <Space.Compact block>
          <Form.Item name="name" label={w('name')} style={{ flex: 4 }}>
            <Input data-testid="rule-name" />
          </Form.Item>
          <Form.Item name="position" label={w('position')} style={{ flex: 1 }}>
            <InputNumber min={0} max={100000} style={{ width: '100%' }} data-testid="rule-position" />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="match" label={w('match')}>
          <Radio.Group
            options={[
              { value: 'all', label: w('matchAll') },
              { value: 'any', label: w('matchAny') },
            ]}
          />
        </Form.Item>
        <Form.List name="conditions">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" style={{ display: 'flex' }}>
                  <Form.Item name={[f.name, 'kind']} style={{ width: 220 }}>
                    <Select data-testid="rule-condition-kind" options={kinds.map((k) => ({ value: k, label: w(`kinds.${k}`) }))} />
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {() =>
                      form.getFieldValue(['conditions', f.name, 'kind']) === 'mailbox' ? (
                        <Form.Item name={[f.name, 'mailboxId']} style={{ width: 380 }}>
                          <Select options={(boxes?.items ?? []).map((b) => ({ value: b.id, label: b.name }))} />
                        </Form.Item>
                      ) : (
                        <Form.Item name={[f.name, 'value']} style={{ width: 380 }}>
                          <Input data-testid="rule-condition-value" placeholder={w('value')} />
                        </Form.Item>
                      )
                    }
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="remove" />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ kind: 'subjectContains', value: '' })} style={{ marginBottom: 16 }}>
                {w('addCondition')}
              </Button>
            </>
          )}
        </Form.List>
        <Typography.Title level={5}>{w('actions')}</Typography.Title>
        <Form.Item name={['actions', 'topic']} label={w('topic')}>
          <Select allowClear data-testid="rule-topic" options={topics.map((x) => ({ value: x, label: t(`enums.topic.${x}`) }))} />
        </Form.Item>
        <Form.Item name={['actions', 'assigneeId']} label={w('assignee')}>
          <UserSelect />
        </Form.Item>
        <Form.Item name={['actions', 'departmentId']} label={w('department')}>
          <Select allowClear data-testid="rule-department" options={(depts?.items ?? []).map((d) => ({ value: d.id, label: localized(d.name) }))} />
        </Form.Item>
        <Form.Item name={['actions', 'partyId']} label={w('party')}>
          <CustomerSelect allowClear />
        </Form.Item>
        <Form.Item name={['actions', 'ignoreReason']} label={w('ignore')}>
          <Input data-testid="rule-ignore" />
        </Form.Item>
        <Form.Item name="active" label={w('active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Incoming mail rules as data: conditions and actions, tried in order, the first match applies. */
export function RulesTab() {
  const t = useT();
  const w = useFeatureT(rulesWords);
  const localized = useLocalized();
  const { data, isLoading } = useMailRules();
  const { data: depts } = useDepartments();
  const { data: users } = useUserOptions();
  const { data: boxes } = useMailboxes();
  const [editing, setEditing] = useState<TMailRule | 'new' | null>(null);
  const condition = (c: TMailRule['conditions'][number]) =>
    `${w(`kinds.${c.kind}`)} ${c.kind === 'mailbox' ? (boxes?.items.find((b) => b.id === c.mailboxId)?.name ?? c.mailboxId) : `“${c.value}”`}`;
  const columns: TableColumnsType<TMailRule> = [
    { title: w('position'), dataIndex: 'position', width: 70 },
    { title: w('name'), dataIndex: 'name', render: (name: string, r) => <a onClick={() => setEditing(r)}>{name}</a> },
    {
      title: w('conditions'),
      key: 'c',
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <Typography.Text type="secondary">{r.match === 'any' ? w('matchAny') : w('matchAll')}</Typography.Text>
          {r.conditions.map((c, i) => (
            <span key={i}>{condition(c)}</span>
          ))}
        </Space>
      ),
    },
    {
      title: w('actions'),
      key: 'a',
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          {r.actions.topic && (
            <span>
              {w('topic')}: <Tag color="blue">{t(`enums.topic.${r.actions.topic}`)}</Tag>
            </span>
          )}
          {r.actions.assigneeId && (
            <span>
              {w('assignee')}: {users?.items.find((u) => u.id === r.actions.assigneeId)?.displayName ?? ''}
            </span>
          )}
          {r.actions.departmentId && (
            <span>
              {w('department')}:{' '}
              {(() => {
                const d = depts?.items.find((x) => x.id === r.actions.departmentId);
                return d ? localized(d.name) : '';
              })()}
            </span>
          )}
          {r.actions.partyId && <span>{w('party')} ✓</span>}
          {r.actions.ignoreReason && (
            <span>
              {w('ignore')}: {r.actions.ignoreReason}
            </span>
          )}
        </Space>
      ),
    },
    { title: w('active'), key: 'active', width: 70, render: (_, r) => (r.active ? <Tag color="green">✓</Tag> : <Tag>—</Tag>) },
    { title: w('updated'), key: 'u', width: 150, render: (_, r) => <DateTime value={r.updatedAt} relative /> },
  ];
  const nextPosition = Math.max(0, ...(data?.items ?? []).map((r) => r.position)) + 10;
  return (
    <Card>
      <Typography.Paragraph type="secondary">{w('hint')}</Typography.Paragraph>
      <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setEditing('new')} data-testid="rule-new">
        {w('new')}
      </Button>
      <Table<TMailRule> size="small" rowKey="id" loading={isLoading} columns={columns} dataSource={data?.items ?? []} pagination={false} />
      <RuleModal rule={editing === 'new' ? null : editing} open={editing !== null} onClose={() => setEditing(null)} nextPosition={nextPosition} />
    </Card>
  );
}
