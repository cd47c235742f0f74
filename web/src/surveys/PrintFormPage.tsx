import { Alert, Button, Skeleton } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Link, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { useCompanyName } from '../orders/PrintPages.js';
import { useCampaign } from './api.js';
import type { TSurveyCampaign } from '../../../contracts/surveys.js';

/**
 * 客户满意度调查表 — the campaign's questionnaire on paper, for customers who answer by hand or fax: one A4 sheet per
 * customer (or the one asked for with ?recipient=), the customer's name printed, a box per score of each question,
 * the recommendation 0–10, a blank for comments, the customer's signature; and, below, the part the company fills in
 * when it comes back — 回复情况及改善情况 (reply and improvements, CC 5.9). Bilingual; its words travel with this chunk.
 */
const W = {
  title: ['客户满意度调查表', 'Customer Satisfaction Survey'],
  customer: ['客户名称', 'Customer'],
  contact: ['填表人', 'Filled in by'],
  date: ['日期', 'Date'],
  period: ['评价期间', 'Period evaluated'],
  no: ['序号', 'No.'],
  item: ['评价项目', 'Item'],
  remark: ['说明 / 意见', 'Remarks'],
  recommend: ['推荐意愿', 'Would you recommend us'],
  comments: ['意见与建议', 'Comments and suggestions'],
  howTo: ['请在相应分数的方框内打“√”（1 = 很不满意，5 = 很满意），填好后签名并传真或寄回。', 'Tick one box per line (1 = very dissatisfied, 5 = very satisfied), sign, and return by fax or post.'],
  deadline: ['请于以下日期前寄回', 'Please return by'],
  sign: ['客户签名 / 盖章', 'Customer signature / stamp'],
  office: ['以下由本公司填写', 'For our use'],
  received: ['收到日期', 'Received on'],
  reply: ['回复情况', 'Reply to the customer'],
  improvement: ['改善情况', 'Improvements made'],
  handledBy: ['经办人 / 日期', 'Handled by / date'],
} as const;
type Key = keyof typeof W;
const SCALE = [
  ['很不满意', 'Very dissatisfied'],
  ['不满意', 'Dissatisfied'],
  ['一般', 'Neutral'],
  ['满意', 'Satisfied'],
  ['很满意', 'Very satisfied'],
] as const;

const css = `
  .sv-page { background: #e9ecf1; min-height: 100vh; padding: 16px 0 32px; }
  .sv-toolbar { width: 210mm; margin: 0 auto 12px; display: flex; gap: 8px; align-items: center; }
  .sv-sheet { width: 210mm; min-height: 297mm; box-sizing: border-box; margin: 0 auto 12px; background: #fff; padding: 12mm 12mm 12mm;
    box-shadow: 0 2px 10px rgba(0,0,0,.15); color: #000; font-size: 9.5pt; line-height: 1.35;
    font-family: 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif; }
  .sv-head { display: grid; grid-template-columns: 1fr auto 1fr; align-items: end; border-bottom: 2px solid #000; padding-bottom: 6px; }
  .sv-title { text-align: center; }
  .sv-title .zh { font-size: 18pt; font-weight: 700; letter-spacing: 4px; }
  .sv-title .en { font-size: 10pt; }
  .sv-docno { text-align: right; font-size: 9pt; }
  .sv-t { width: 100%; border-collapse: collapse; table-layout: fixed; margin-top: 6px; }
  .sv-t th, .sv-t td { border: 1px solid #000; padding: 3px 5px; vertical-align: middle; word-break: break-word; }
  .sv-t th { background: #f0f0f0; font-weight: 600; }
  .sv-l .en { display: block; font-size: 7.5pt; font-weight: 400; color: #333; }
  .sv-q .en { display: block; font-size: 8pt; color: #333; }
  .sv-box { text-align: center; font-size: 7pt; }
  .sv-box i { display: block; margin: 0 auto 1px; width: 11px; height: 11px; border: 1px solid #000; }
  .sv-intro { margin-top: 6px; white-space: pre-wrap; }
  .sv-intro .en { color: #333; font-size: 8.5pt; }
  .sv-blank { height: 60px; }
  .sv-office { margin-top: 10px; border-top: 1.5px dashed #000; padding-top: 4px; font-weight: 700; }
  .sv-office .en { font-weight: 400; font-size: 8pt; margin-left: 6px; }
  @media print {
    @page { size: A4 portrait; margin: 0; }
    html, body, #root { background: #fff !important; }
    .sv-page { background: #fff; padding: 0; }
    .sv-toolbar { display: none !important; }
    .sv-sheet { box-shadow: none; margin: 0; break-after: page; }
    .sv-sheet:last-child { break-after: auto; }
    .sv-t tr { break-inside: avoid; }
  }
`;

function L({ k }: { k: Key }) {
  return (
    <span className="sv-l">
      {W[k][0]}
      <span className="en">{W[k][1]}</span>
    </span>
  );
}

function Sheet({ c, partyName, contactName, company }: { c: TSurveyCampaign; partyName: string; contactName: string; company: string }) {
  const tpl = c.template;
  return (
    <div className="sv-sheet" data-testid="survey-form-sheet">
      <div className="sv-head">
        <div style={{ fontWeight: 700 }}>{company}</div>
        <div className="sv-title">
          <div className="zh">{W.title[0]}</div>
          <div className="en">{W.title[1]}</div>
        </div>
        <div className="sv-docno">
          No. <b>{c.number}</b>
          <div>
            {tpl.title.zh} v{c.templateVersion}
          </div>
        </div>
      </div>
      <table className="sv-t">
        <colgroup>
          <col style={{ width: '16%' }} />
          <col style={{ width: '34%' }} />
          <col style={{ width: '16%' }} />
          <col style={{ width: '34%' }} />
        </colgroup>
        <tbody>
          <tr>
            <th><L k="customer" /></th>
            <td data-testid="survey-form-customer">{partyName}</td>
            <th><L k="period" /></th>
            <td>
              {c.periodFrom} – {c.periodTo}
            </td>
          </tr>
          <tr>
            <th><L k="contact" /></th>
            <td>{contactName}</td>
            <th><L k="date" /></th>
            <td />
          </tr>
        </tbody>
      </table>
      <div className="sv-intro">
        {tpl.intro.zh}
        {tpl.intro.en && <div className="en">{tpl.intro.en}</div>}
        <div style={{ marginTop: 4 }}>
          {W.howTo[0]}
          <div className="en">{W.howTo[1]}</div>
        </div>
      </div>
      <table className="sv-t" data-testid="survey-form-questions">
        <colgroup>
          <col style={{ width: '6%' }} />
          <col />
          {SCALE.map((_, i) => (
            <col key={i} style={{ width: '8%' }} />
          ))}
          <col style={{ width: '18%' }} />
        </colgroup>
        <thead>
          <tr>
            <th><L k="no" /></th>
            <th><L k="item" /></th>
            {SCALE.map(([zh, en], i) => (
              <th key={i} className="sv-box">
                {i + 1}
                <span className="sv-l">
                  {zh}
                  <span className="en">{en}</span>
                </span>
              </th>
            ))}
            <th><L k="remark" /></th>
          </tr>
        </thead>
        <tbody>
          {tpl.dimensions.map((d, n) => (
            <tr key={d.key} data-testid="survey-form-question">
              <td style={{ textAlign: 'center' }}>{n + 1}</td>
              <td className="sv-q">
                <b>{d.name.zh}</b> {d.question.zh}
                <span className="en">
                  {d.name.en} — {d.question.en}
                </span>
              </td>
              {SCALE.map((_, i) => (
                <td key={i} className="sv-box">
                  <i />
                </td>
              ))}
              <td />
            </tr>
          ))}
        </tbody>
      </table>
      <table className="sv-t">
        <tbody>
          <tr>
            <td className="sv-q">
              <b>{W.recommend[0]}</b> {tpl.recommendQuestion.zh}
              <span className="en">
                {W.recommend[1]} — {tpl.recommendQuestion.en}
              </span>
              <div style={{ display: 'flex', gap: 10, marginTop: 4 }} data-testid="survey-form-recommend">
                {Array.from({ length: 11 }, (_, i) => (
                  <span key={i} className="sv-box">
                    <i />
                    {i}
                  </span>
                ))}
              </div>
            </td>
          </tr>
          <tr>
            <td className="sv-q">
              <b>{W.comments[0]}</b> {tpl.commentsQuestion.zh}
              <span className="en">
                {W.comments[1]} — {tpl.commentsQuestion.en}
              </span>
              <div className="sv-blank" />
            </td>
          </tr>
        </tbody>
      </table>
      <table className="sv-t">
        <colgroup>
          <col style={{ width: '25%' }} />
          <col style={{ width: '45%' }} />
          <col style={{ width: '12%' }} />
          <col />
        </colgroup>
        <tbody>
          <tr style={{ height: 44 }}>
            <th><L k="sign" /></th>
            <td />
            <th><L k="deadline" /></th>
            <td>{c.responseDeadline}</td>
          </tr>
        </tbody>
      </table>
      <div className="sv-office">
        {W.office[0]}
        <span className="en">{W.office[1]}</span>
      </div>
      <table className="sv-t">
        <colgroup>
          <col style={{ width: '18%' }} />
          <col />
        </colgroup>
        <tbody>
          <tr>
            <th><L k="received" /></th>
            <td />
          </tr>
          <tr style={{ height: 48 }}>
            <th><L k="reply" /></th>
            <td />
          </tr>
          <tr style={{ height: 48 }}>
            <th><L k="improvement" /></th>
            <td />
          </tr>
          <tr>
            <th><L k="handledBy" /></th>
            <td />
          </tr>
        </tbody>
      </table>
    </div>
  );
}

export function SurveyFormPrintPage() {
  const { id } = useParams<{ id: string }>();
  const [params] = useSearchParams();
  const t = useT();
  const company = useCompanyName();
  const { data: c, isLoading, error } = useCampaign(id);
  if (isLoading) return <Skeleton active style={{ padding: 24 }} />;
  if (!c) return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  const only = params.get('recipient');
  const recipients = c.recipients.filter((r) => !only || r.id === only);
  const name = [company.zh, company.en].filter(Boolean).join(' ') || 'Accord';
  return (
    <div className="sv-page">
      <style>{css}</style>
      <div className="sv-toolbar">
        <Link to={`/surveys/campaigns/${c.id}`}>
          <Button icon={<ArrowLeftOutlined />}>{c.number}</Button>
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-now">
          {t('order.print')}
        </Button>
      </div>
      {recipients.length ? (
        recipients.map((r) => <Sheet key={r.id} c={c} partyName={`${r.partyName}（${r.partyCode}）`} contactName={r.contactName} company={name} />)
      ) : (
        <Sheet c={c} partyName="" contactName="" company={name} />
      )}
    </div>
  );
}
