import { Alert, App, Button, Card, Flex, Form, Skeleton, Typography } from 'antd';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { CreateQuotationRequest, UpdateQuotationRequest } from '../../../contracts/quotations.js';
import { useT } from '../i18n/index.js';
import { useInstances } from '../procedures/index.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { useProblemHandler } from '../platform/problem.js';
import { useCtrlEnter } from '../platform/useCtrlEnter.js';
import { toRequest } from '../platform/zodRule.js';
import { useCreateQuotation, useQuotation, useUpdateQuotation } from './api.js';
import { freshQuotation, QuotationFields, quotationToValues, quotationValuesToBody, type QuotationValues } from './QuotationFields.js';

const blockEnter = (e: React.KeyboardEvent) => {
  if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && (e.target as HTMLElement).tagName === 'INPUT') e.preventDefault();
};

/** 新建报价: the request it answers, lines with quantity breaks; saving starts the quotation procedure. */
export function QuotationNewPage() {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const create = useCreateQuotation();
  const [form] = Form.useForm<QuotationValues>();
  const send = (values: QuotationValues) => {
    let body;
    try {
      body = toRequest(CreateQuotationRequest, quotationValuesToBody(values, can('prices.read')));
    } catch (e) {
      return onProblem(e);
    }
    create.mutate(body, {
      onSuccess: (q) => {
        message.success(t('quotation.savedAs', { number: q.number }));
        navigate(`/quotations/${q.id}`);
      },
      onError: (e) => onProblem(e, { form }),
    });
  };
  useCtrlEnter(true, () => form.submit());
  return (
    <>
      <PageHeader back="/quotations" title={t('quotation.newTitle')} subtitle={t('quotation.newHint')} />
      <Card size="small">
        <Form<QuotationValues>
          form={form}
          name="quotation"
          layout="vertical"
          initialValues={freshQuotation(params.get('partyId') ?? undefined, params.get('requestId') ?? undefined)}
          onFinish={send}
          disabled={create.isPending}
          scrollToFirstError
          onKeyDown={blockEnter}
        >
          <QuotationFields form={form} mode="create" />
          <Flex gap={8} align="center">
            <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="quotation-save">
              {t('common.save')}
            </Button>
            <Button onClick={() => navigate('/quotations')}>{t('common.cancel')}</Button>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('common.ctrlEnterSaves')}
            </Typography.Text>
          </Flex>
        </Form>
      </Card>
    </>
  );
}

/** Edit a draft quotation (a sent one is revised instead). */
export function QuotationEditPage() {
  const { id } = useParams<{ id: string }>();
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const { data: q, isLoading } = useQuotation(id);
  const update = useUpdateQuotation(id ?? '');
  // the lines are edited where the quotation's step opens them (procedures/quotation `view:`: draft)
  const { data: instances, isLoading: loadingSteps } = useInstances('quotation', id);
  const locked = !instances?.items.find((i) => i.procedureId === 'quotation')?.view.editable.includes('lines');
  const [form] = Form.useForm<QuotationValues>();
  useCtrlEnter(true, () => form.submit());
  if (isLoading || loadingSteps) return <Skeleton active />;
  if (!q) return <Alert type="error" showIcon title={t('quotation.notFound')} />;
  const send = (values: QuotationValues) => {
    let body;
    try {
      const { partyId: _p, requestCommunicationId: _r, ...rest } = quotationValuesToBody(values, can('prices.read'));
      body = toRequest(UpdateQuotationRequest, { ...rest, version: q.version });
    } catch (e) {
      return onProblem(e);
    }
    update.mutate(body, {
      onSuccess: () => {
        message.success(t('common.saved'));
        navigate(`/quotations/${q.id}`);
      },
      onError: (e) => onProblem(e, { form }),
    });
  };
  return (
    <>
      <PageHeader back={`/quotations/${q.id}`} title={t('quotation.editTitle', { number: `${q.number} R${q.revision}` })} />
      {locked && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('quotation.notEditable')} />}
      <Card size="small">
        <Form<QuotationValues>
          form={form}
          name="quotation-edit"
          layout="vertical"
          initialValues={quotationToValues(q)}
          onFinish={send}
          disabled={update.isPending || locked}
          scrollToFirstError
          onKeyDown={blockEnter}
        >
          <QuotationFields form={form} mode="edit" partyLabel={`${q.partyCode} · ${q.partyName}`} />
          <Flex gap={8}>
            <Button type="primary" htmlType="submit" loading={update.isPending} data-testid="quotation-save">
              {t('common.save')}
            </Button>
            <Button onClick={() => navigate(`/quotations/${q.id}`)}>{t('common.cancel')}</Button>
          </Flex>
        </Form>
      </Card>
    </>
  );
}
