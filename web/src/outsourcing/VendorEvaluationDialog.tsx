import { Alert, DatePicker, Flex, Form, Input, InputNumber, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { VENDOR_EVALUATION } from '../../../contracts/outsourcing.js';
import { useFeatureT } from '../i18n/feature.js';
import { FormModal } from '../platform/FormModal.js';
import { useEvaluateVendor, useEvaluationFacts, useVendorEvaluations, type TVendor } from './api.js';
import { VendorStatusTag } from './labels.js';

/** The dialog's own words: only purchasing opens it. */
const words = {
  'zh-CN': {
    title: '外包加工商评价：{name}',
    period: '评价期间',
    quality: '品质（40%）',
    delivery: '交期（40%）',
    cooperation: '配合度（20%）',
    comments: '评语',
    total: '综合得分 {total} 分 → 评价结果：',
    rule: '≥ {q} 分合格，≥ {c} 分有条件合格，低于 {c} 分暂停外发；结果即更新合格外包加工商清单。',
    facts: '本期收货裁剪单 {n} 张，其中按期 {onTime} 张：建议交期得分 {score}。',
    noFacts: '本期没有收货的裁剪单：交期得分按实际情况填写。',
    history: '历次评价',
    nextDue: '下次评价：{date} 前',
    evaluatedBy: '评价人',
    submit: '保存评价',
  },
  'en-US': {
    title: 'Vendor evaluation: {name}',
    period: 'Period',
    quality: 'Quality (40 %)',
    delivery: 'Delivery (40 %)',
    cooperation: 'Cooperation (20 %)',
    comments: 'Comments',
    total: 'Total {total} points → result:',
    rule: '≥ {q} qualified, ≥ {c} conditional, below {c} suspended from new cutting sheets; the result updates the qualified vendor list.',
    facts: '{n} cutting sheets received in the period, {onTime} on time: suggested delivery score {score}.',
    noFacts: 'No cutting sheet received in the period: score delivery from what you know.',
    history: 'Earlier evaluations',
    nextDue: 'Next evaluation due by {date}',
    evaluatedBy: 'Evaluated by',
    submit: 'Save the evaluation',
  },
};

function totalOf(v: { quality?: number; delivery?: number; cooperation?: number }) {
  const w = VENDOR_EVALUATION.weights;
  if (v.quality == null || v.delivery == null || v.cooperation == null) return null;
  const total = Math.round((v.quality * w.quality + v.delivery * w.delivery + v.cooperation * w.cooperation) / (w.quality + w.delivery + w.cooperation));
  return {
    total,
    result: total >= VENDOR_EVALUATION.qualified ? 'qualified' : total >= VENDOR_EVALUATION.conditional ? 'conditional' : ('suspended' as TVendor['status']),
  };
}

/** 外包加工商评价 [CR 5.4.3]: periodic scores whose result sets the vendor's place on the list. */
export function VendorEvaluationDialog({ vendor, onClose }: { vendor: TVendor | null; onClose(): void }) {
  const t = useFeatureT(words);
  const evaluations = useVendorEvaluations(vendor?.id ?? null);
  const save = useEvaluateVendor(vendor?.id ?? '');
  return (
    <FormModal
      open={!!vendor}
      title={vendor ? t('title', { name: vendor.nameZh }) : ''}
      okText={t('submit')}
      testId="vendor-evaluation"
      width={680}
      pending={save.isPending}
      onClose={onClose}
      onReload={onClose}
      initial={() => ({ period: [dayjs().subtract(12, 'month').add(1, 'day'), dayjs()] })}
      onSubmit={(v) => {
        const [from, to] = v.period as [Dayjs, Dayjs];
        return save.mutateAsync({
          version: vendor!.version,
          periodFrom: from.format('YYYY-MM-DD'),
          periodTo: to.format('YYYY-MM-DD'),
          quality: v.quality as number,
          delivery: v.delivery as number,
          cooperation: v.cooperation as number,
          comments: (v.comments as string | undefined)?.trim() || null,
        });
      }}
    >
      {(form) => <EvaluationFields vendor={vendor!} form={form} t={t} history={evaluations.data} />}
    </FormModal>
  );
}

function EvaluationFields({
  vendor,
  form,
  t,
  history,
}: {
  vendor: TVendor;
  form: Parameters<Parameters<typeof FormModal>[0]['children']>[0];
  t: ReturnType<typeof useFeatureT<(typeof words)['zh-CN']>>;
  history:
    | {
        items: { id: string; periodFrom: string; periodTo: string; total: number; result: TVendor['status']; evaluatedByName: string | null }[];
        nextDue: string | null;
      }
    | undefined;
}) {
  const period = Form.useWatch('period', form) as [Dayjs, Dayjs] | undefined;
  const scores = { quality: Form.useWatch('quality', form), delivery: Form.useWatch('delivery', form), cooperation: Form.useWatch('cooperation', form) };
  const facts = useEvaluationFacts(vendor.id, period?.[0]?.format('YYYY-MM-DD'), period?.[1]?.format('YYYY-MM-DD'));
  const total = totalOf(scores);
  const score = (name: 'quality' | 'delivery' | 'cooperation') => (
    <Form.Item name={name} label={t(name)} rules={[{ required: true }]} style={{ flex: 1 }}>
      <InputNumber min={0} max={100} precision={0} style={{ width: '100%' }} data-testid={`vendor-evaluation-${name}`} />
    </Form.Item>
  );
  return (
    <>
      <Form.Item name="period" label={t('period')} rules={[{ required: true }]}>
        <DatePicker.RangePicker style={{ width: '100%' }} data-testid="vendor-evaluation-period" />
      </Form.Item>
      {facts.data && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="vendor-evaluation-facts"
          title={
            facts.data.sheets ? t('facts', { n: facts.data.sheets, onTime: facts.data.sheetsOnTime, score: facts.data.suggestedDelivery ?? 0 }) : t('noFacts')
          }
        />
      )}
      <Flex gap={12}>
        {score('quality')}
        {score('delivery')}
        {score('cooperation')}
      </Flex>
      <Form.Item name="comments" label={t('comments')}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} data-testid="vendor-evaluation-comments" />
      </Form.Item>
      <Typography.Paragraph data-testid="vendor-evaluation-total">
        {total ? (
          <>
            {t('total', { total: total.total })} <VendorStatusTag status={total.result} />
          </>
        ) : null}
        <br />
        <Typography.Text type="secondary">{t('rule', { q: VENDOR_EVALUATION.qualified, c: VENDOR_EVALUATION.conditional })}</Typography.Text>
      </Typography.Paragraph>
      {!!history?.items.length && (
        <>
          <Typography.Text strong>{t('history')}</Typography.Text>
          {history.nextDue && <Typography.Text type="secondary"> · {t('nextDue', { date: history.nextDue })}</Typography.Text>}
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            style={{ marginTop: 8 }}
            dataSource={history.items}
            columns={[
              { title: t('period'), key: 'p', render: (_: unknown, e) => `${e.periodFrom} – ${e.periodTo}` },
              { title: '∑', dataIndex: 'total', width: 60 },
              { title: '', dataIndex: 'result', width: 120, render: (s: TVendor['status']) => <VendorStatusTag status={s} /> },
              { title: t('evaluatedBy'), dataIndex: 'evaluatedByName', width: 120 },
            ]}
          />
        </>
      )}
    </>
  );
}
