import { useState, useLayoutEffect } from 'react';
import { Alert, Button, Card, Descriptions, Drawer, Empty, Flex, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { EditOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { defaultSurveyTemplate, type TSurveyDimension } from '../../../contracts/surveys.js';
import { isApiError } from '../api/client.js';
import { useLocalized, useT } from '../i18n/index.js';
import { useDepartments, useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { DateTime } from '../platform/DateTime.js';
import { useProblemHandler } from '../platform/problem.js';
import { useCreateTemplate, useReviseTemplate, useTemplates, type TSurveyTemplate } from './api.js';

type Values = Omit<typeof defaultSurveyTemplate, 'dimensions'> & { dimensions: TSurveyDimension[]; reason?: string };

function Bilingual({ name, label, textarea }: { name: (string | number)[]; label: string; textarea?: boolean }) {
  const t = useT();
  const Field = textarea ? Input.TextArea : Input;
  return (
    <Form.Item label={label} required style={{ marginBottom: 8 }}>
      <Flex gap={8} vertical={!!textarea}>
        <Form.Item name={[...name, 'zh']} noStyle rules={[{ required: true, message: t('form.required') }]}>
          <Field placeholder="中文" {...(textarea ? { rows: 2 } : {})} />
        </Form.Item>
        <Form.Item name={[...name, 'en']} noStyle rules={[{ required: true, message: t('form.required') }]}>
          <Field placeholder="English" {...(textarea ? { rows: 2 } : {})} />
        </Form.Item>
      </Flex>
    </Form.Item>
  );
}

/** Editor of a questionnaire: a new one, or a new revision of the current one (with a reason). */
function TemplateDrawer({ base, mode, onClose }: { base: TSurveyTemplate | null; mode: 'new' | 'revise' | null; onClose(): void }) {
  const t = useT();
  const loc = useLocalized();
  const [form] = Form.useForm<Values>();
  const { data: depts } = useDepartments();
  const create = useCreateTemplate();
  const revise = useReviseTemplate();
  const onProblem = useProblemHandler();
  useLayoutEffect(() => {
    if (!mode) return;
    form.resetFields();
    form.setFieldsValue(
      mode === 'revise' && base ? { ...base, reason: '' } : { ...defaultSurveyTemplate, key: base ? `${base.key}-2` : defaultSurveyTemplate.key },
    );
  }, [mode, base, form]);
  const save = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const body = {
      title: v.title,
      intro: v.intro,
      dimensions: v.dimensions,
      recommendQuestion: v.recommendQuestion,
      commentsQuestion: v.commentsQuestion,
      lowScoreThreshold: v.lowScoreThreshold,
      indexTarget: v.indexTarget,
      actionDueWorkingDays: v.actionDueWorkingDays,
    };
    try {
      if (mode === 'revise' && base) await revise.mutateAsync({ id: base.id, rowVersion: base.rowVersion, reason: v.reason ?? '', ...body });
      else await create.mutateAsync({ key: v.key, ...body });
      onClose();
    } catch (e) {
      onProblem(e, { form });
    }
  };
  const deptOptions = (depts?.items ?? []).filter((d) => d.active).map((d) => ({ value: d.code, label: loc(d.name) }));
  return (
    <Drawer
      open={!!mode}
      onClose={onClose}
      size="large"
      title={mode === 'revise' ? t('survey.template.reviseTitle', { version: (base?.version ?? 0) + 1 }) : t('survey.template.newTitle')}
      extra={
        <Button type="primary" onClick={save} loading={create.isPending || revise.isPending} data-testid="template-save">
          {t('common.save')}
        </Button>
      }
    >
      <Form form={form} layout="vertical" requiredMark>
        {mode === 'revise' ? (
          <Form.Item name="reason" label={t('survey.template.reason')} rules={[{ required: true, min: 2, message: t('form.required') }]}>
            <Input data-testid="template-reason" />
          </Form.Item>
        ) : (
          <Form.Item
            name="key"
            label={t('survey.template.key')}
            rules={[{ required: true, pattern: /^[a-z][a-z0-9-]{0,30}$/, message: t('survey.template.keyRule') }]}
          >
            <Input style={{ width: 200 }} />
          </Form.Item>
        )}
        <Bilingual name={['title']} label={t('survey.template.title')} />
        <Bilingual name={['intro']} label={t('survey.template.intro')} textarea />
        <Typography.Title level={5}>{t('survey.template.dimensions')}</Typography.Title>
        <Form.List name="dimensions">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Card
                  key={f.key}
                  size="small"
                  style={{ marginBottom: 8 }}
                  extra={fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t('common.remove')} />}
                >
                  <Flex gap={8} wrap>
                    <Form.Item
                      name={[f.name, 'key']}
                      label={t('survey.template.dimKey')}
                      rules={[{ required: true, pattern: /^[a-z][a-z0-9-]{0,30}$/, message: t('survey.template.keyRule') }]}
                      style={{ width: 150 }}
                    >
                      <Input />
                    </Form.Item>
                    <Form.Item name={[f.name, 'weight']} label={t('survey.template.weight')} rules={[{ required: true }]} style={{ width: 100 }}>
                      <InputNumber min={0} max={100} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'department']} label={t('survey.template.department')} rules={[{ required: true }]} style={{ minWidth: 200 }}>
                      <Select options={deptOptions} />
                    </Form.Item>
                  </Flex>
                  <Bilingual name={[f.name, 'name']} label={t('survey.template.dimName')} />
                  <Bilingual name={[f.name, 'question']} label={t('survey.template.question')} />
                </Card>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ key: '', weight: 10, department: 'quality', name: { zh: '', en: '' }, question: { zh: '', en: '' } })}
              >
                {t('survey.template.addDimension')}
              </Button>
            </>
          )}
        </Form.List>
        <Bilingual name={['recommendQuestion']} label={t('survey.template.recommendQuestion')} />
        <Bilingual name={['commentsQuestion']} label={t('survey.template.commentsQuestion')} />
        <Flex gap={12} wrap>
          <Form.Item name="lowScoreThreshold" label={t('survey.template.lowScoreThreshold')} tooltip={t('survey.template.lowScoreHint')}>
            <InputNumber min={1} max={4} />
          </Form.Item>
          <Form.Item name="indexTarget" label={t('survey.template.indexTarget')} tooltip={t('survey.template.indexHint')}>
            <InputNumber min={0} max={100} />
          </Form.Item>
          <Form.Item name="actionDueWorkingDays" label={t('survey.template.actionDue')}>
            <InputNumber min={1} max={120} />
          </Form.Item>
        </Flex>
      </Form>
    </Drawer>
  );
}

/** 问卷: the questionnaires, their current revision and the earlier ones (kept for the surveys sent with them). */
export function TemplatesPage() {
  const t = useT();
  const loc = useLocalized();
  const can = useCan();
  const { data, error, isLoading } = useTemplates();
  const [edit, setEdit] = useState<{ mode: 'new' | 'revise'; base: TSurveyTemplate | null } | null>(null);
  const current = (data?.items ?? []).filter((x) => x.current);
  const { data: depts } = useDepartments();
  const dept = (code: string) => loc(depts?.items.find((d) => d.code === code)?.name) || code;
  return (
    <>
      <PageHeader
        back="/surveys"
        title={t('survey.template.nav')}
        extra={
          can('surveys.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEdit({ mode: 'new', base: current[0] ?? null })} data-testid="template-new">
              {current.length ? t('survey.template.new') : t('survey.template.newDefault')}
            </Button>
          )
        }
      />
      {error && <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />}
      {!isLoading && !current.length && <Empty description={t('survey.template.empty')} />}
      {current.map((tpl) => (
        <Card
          key={tpl.id}
          size="small"
          style={{ marginBottom: 12 }}
          data-testid="template-card"
          title={
            <Space>
              {loc(tpl.title)}
              <Tag color="blue">v{tpl.version}</Tag>
              <Typography.Text type="secondary">{tpl.key}</Typography.Text>
            </Space>
          }
          extra={
            can('surveys.write') && (
              <Button icon={<EditOutlined />} onClick={() => setEdit({ mode: 'revise', base: tpl })} data-testid="template-revise">
                {t('survey.template.revise')}
              </Button>
            )
          }
        >
          <Typography.Paragraph type="secondary">{loc(tpl.intro)}</Typography.Paragraph>
          <Table
            size="small"
            pagination={false}
            rowKey="key"
            dataSource={tpl.dimensions}
            columns={[
              { title: t('survey.template.dimName'), key: 'name', render: (_, d) => loc(d.name) },
              { title: t('survey.template.question'), key: 'q', render: (_, d) => loc(d.question) },
              { title: t('survey.template.weight'), dataIndex: 'weight', width: 80 },
              { title: t('survey.template.department'), dataIndex: 'department', width: 160, render: dept },
            ]}
          />
          <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginTop: 8 }}>
            <Descriptions.Item label={t('survey.template.lowScoreThreshold')}>≤ {tpl.lowScoreThreshold}</Descriptions.Item>
            <Descriptions.Item label={t('survey.template.indexTarget')}>{tpl.indexTarget}</Descriptions.Item>
            <Descriptions.Item label={t('survey.template.actionDue')}>{tpl.actionDueWorkingDays}</Descriptions.Item>
            <Descriptions.Item label={t('survey.template.recommendQuestion')}>{loc(tpl.recommendQuestion)}</Descriptions.Item>
          </Descriptions>
        </Card>
      ))}
      {(data?.items.length ?? 0) > current.length && (
        <Card size="small" title={t('survey.template.history')}>
          <Table
            size="small"
            pagination={false}
            rowKey="id"
            dataSource={data!.items}
            columns={[
              { title: t('survey.template.key'), dataIndex: 'key', width: 120 },
              { title: t('survey.template.version'), dataIndex: 'version', width: 80, render: (v: number) => `v${v}` },
              { title: t('survey.template.title'), key: 'title', render: (_, x) => loc(x.title) },
              {
                title: t('survey.template.state'),
                dataIndex: 'current',
                width: 110,
                render: (c: boolean) => (c ? <Tag color="blue">{t('survey.template.current')}</Tag> : <Tag>{t('survey.template.superseded')}</Tag>),
              },
              { title: t('common.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => <DateTime value={v} /> },
              { title: t('common.createdBy'), dataIndex: 'createdByName', width: 120 },
            ]}
          />
        </Card>
      )}
      <TemplateDrawer mode={edit?.mode ?? null} base={edit?.base ?? null} onClose={() => setEdit(null)} />
    </>
  );
}
