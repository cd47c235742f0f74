import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Flex, Input, Radio, Result, Segmented, Skeleton, Typography } from 'antd';
import { useParams } from 'react-router';
import { isApiError } from '../api/client.js';
import { useLocale, useT } from '../i18n/index.js';
import { usePublicSurvey, useSubmitSurvey } from './api.js';

/** Where the questionnaire comes from and goes to when not behind a link (the customer portal's own survey). */
export interface SurveySource {
  data: ReturnType<typeof usePublicSurvey>['data'];
  error: unknown;
  isLoading: boolean;
  submit: Pick<ReturnType<typeof useSubmitSurvey>, 'mutate' | 'isPending' | 'error'>;
  /** shown beside the language switch (the portal's way back) */
  back?: React.ReactNode;
}

/**
 * The customer's page behind a tokenised link: no account, one column for a phone,
 * Chinese or English at a tap. It shows this survey and nothing else. The portal shows the same page for the
 * contact's own survey (`source`), answered through the same flow.
 */
export function RespondPage({ source }: { source?: SurveySource } = {}) {
  const { token = '' } = useParams();
  const t = useT();
  const { locale, setLocale } = useLocale();
  const byLink = usePublicSurvey(source ? '' : token);
  const submitByLink = useSubmitSurvey(token);
  const { data, error, isLoading } = source ?? byLink;
  const submit = source?.submit ?? submitByLink;
  const [scores, setScores] = useState<Record<string, number>>({});
  const [recommend, setRecommend] = useState<number | null>(null);
  const [comments, setComments] = useState('');
  const [missing, setMissing] = useState<string[]>([]);
  const [done, setDone] = useState(false);
  const languageSet = useRef(false);
  const pick = (l: { zh: string; en: string }) => (locale === 'zh-CN' ? l.zh : l.en);

  // the contact's language first; the switch changes it afterwards
  useEffect(() => {
    if (data && !languageSet.current) {
      languageSet.current = true;
      if (data.language !== locale) setLocale(data.language);
    }
  }, [data, locale, setLocale]);

  const switcher = (
    <Segmented
      size="small"
      value={locale}
      onChange={(v) => setLocale(v as 'zh-CN' | 'en-US')}
      options={[
        { value: 'zh-CN', label: <span data-testid="survey-lang-zh">中文</span> },
        { value: 'en-US', label: <span data-testid="survey-lang-en">English</span> },
      ]}
    />
  );
  const shell = (children: React.ReactNode) => (
    <div style={{ minHeight: '100vh', background: '#f3f5f8', padding: '12px 10px 40px' }} data-testid="survey-respond-page">
      <div style={{ maxWidth: 640, margin: '0 auto' }}>
        <Flex justify="space-between" align="center" style={{ marginBottom: 10 }}>
          <Typography.Text type="secondary">{t('survey.public.brand')}</Typography.Text>
          <Flex gap={8} align="center">
            {source?.back}
            {switcher}
          </Flex>
        </Flex>
        {children}
      </div>
    </div>
  );

  if (isLoading) return shell(<Skeleton active />);
  if (error || !data) {
    const status = isApiError(error) ? error.status : 0;
    return shell(
      <Result
        status={status === 409 ? 'success' : status === 410 ? 'warning' : 'error'}
        title={status === 409 ? t('survey.public.answeredTitle') : status === 410 ? t('survey.public.expiredTitle') : t('survey.public.invalidTitle')}
        subTitle={<span data-testid="survey-problem">{isApiError(error) ? error.problem.detail : t('errors.loadFailed')}</span>}
      />,
    );
  }
  if (done) {
    return shell(
      <Result
        status="success"
        title={<span data-testid="survey-thanks">{t('survey.public.thanksTitle')}</span>}
        subTitle={t('survey.public.thanksText', { customer: data.customerName })}
      />,
    );
  }

  const onSubmit = () => {
    const gaps = data.dimensions.filter((d) => !scores[d.key]).map((d) => d.key);
    setMissing(gaps);
    if (gaps.length) {
      document.getElementById(`q-${gaps[0]}`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
      return;
    }
    submit.mutate({ scores, recommend, comments: comments.trim() || null, language: locale }, { onSuccess: () => setDone(true) });
  };
  const scaleLabels = [t('survey.scale.1'), t('survey.scale.2'), t('survey.scale.3'), t('survey.scale.4'), t('survey.scale.5')];

  return shell(
    <>
      <Card style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="survey-title">
          {pick(data.title)}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 6 }}>
          {t('survey.public.dear', { contact: data.contactName, customer: data.customerName })}
        </Typography.Paragraph>
        <Typography.Paragraph style={{ marginBottom: 0 }}>{pick(data.intro)}</Typography.Paragraph>
      </Card>
      {data.dimensions.map((d, i) => (
        <Card
          key={d.key}
          id={`q-${d.key}`}
          size="small"
          style={{ marginBottom: 10, borderColor: missing.includes(d.key) ? '#ff4d4f' : undefined }}
          data-testid={`question-${d.key}`}
        >
          <Typography.Text strong>
            {i + 1}. {pick(d.name)}
          </Typography.Text>
          <Typography.Paragraph style={{ margin: '4px 0 10px' }}>{pick(d.question)}</Typography.Paragraph>
          <Radio.Group
            value={scores[d.key]}
            onChange={(e) => {
              setScores((s) => ({ ...s, [d.key]: e.target.value as number }));
              setMissing((m) => m.filter((k) => k !== d.key));
            }}
            optionType="button"
            buttonStyle="solid"
            style={{ display: 'grid', gridTemplateColumns: 'repeat(5, 1fr)', width: '100%' }}
          >
            {[1, 2, 3, 4, 5].map((n) => (
              <Radio.Button key={n} value={n} style={{ textAlign: 'center', height: 44, lineHeight: '42px', fontSize: 17 }}>
                <span data-testid={`score-${d.key}-${n}`}>{n}</span>
              </Radio.Button>
            ))}
          </Radio.Group>
          <Flex justify="space-between" style={{ marginTop: 4 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              1 {scaleLabels[0]}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              5 {scaleLabels[4]}
            </Typography.Text>
          </Flex>
          {missing.includes(d.key) && <Typography.Text type="danger">{t('survey.public.rateThis')}</Typography.Text>}
        </Card>
      ))}
      <Card size="small" style={{ marginBottom: 10 }} data-testid="question-recommend">
        <Typography.Paragraph style={{ margin: '0 0 10px' }}>{pick(data.recommendQuestion)}</Typography.Paragraph>
        <Radio.Group
          value={recommend}
          onChange={(e) => setRecommend(e.target.value as number)}
          optionType="button"
          buttonStyle="solid"
          style={{ display: 'grid', gridTemplateColumns: 'repeat(6, 1fr)', gap: 4, width: '100%' }}
        >
          {Array.from({ length: 11 }, (_, n) => (
            <Radio.Button key={n} value={n} style={{ textAlign: 'center', height: 40, lineHeight: '38px', borderRadius: 4 }}>
              <span data-testid={`recommend-${n}`}>{n}</span>
            </Radio.Button>
          ))}
        </Radio.Group>
      </Card>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Typography.Paragraph style={{ margin: '0 0 8px' }}>{pick(data.commentsQuestion)}</Typography.Paragraph>
        <Input.TextArea rows={4} maxLength={4000} value={comments} onChange={(e) => setComments(e.target.value)} data-testid="survey-comments" />
      </Card>
      {missing.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('survey.public.rateAll')} />}
      {submit.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="survey-problem"
          title={isApiError(submit.error) ? submit.error.problem.detail : t('errors.unexpected')}
          description={isApiError(submit.error) ? submit.error.problem.errors?.map((e) => e.message).join(' ') : undefined}
        />
      )}
      <Button type="primary" size="large" block loading={submit.isPending} onClick={onSubmit} data-testid="survey-submit">
        {t('survey.public.submit')}
      </Button>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 10, textAlign: 'center' }}>
        {t('survey.public.privacy', { date: data.expiresAt.slice(0, 10) })}
      </Typography.Paragraph>
    </>,
  );
}
