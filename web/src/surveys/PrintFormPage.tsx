import { Alert, Skeleton } from 'antd';
import { useParams, useSearchParams } from 'react-router';
import { isApiError } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { L as BiLabel, PrintHeader, PrintPage, PrintSheet, PrintTable } from '../platform/print/index.js';
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
  howTo: [
    '请在相应分数的方框内打“√”（1 = 很不满意，5 = 很满意），填好后签名并传真或寄回。',
    'Tick one box per line (1 = very dissatisfied, 5 = very satisfied), sign, and return by fax or post.',
  ],
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

/** The paper questionnaire's own rules: one sheet per customer, score boxes, blanks to write in, the office part. */
const css = `
  .sv-sheet { padding: 12mm; }
  .sv-sheet .pf-head { margin-bottom: 0; }
  .sv-sheet .pf-table th, .sv-sheet .pf-table td { vertical-align: middle; }
  .sv-q .en { display: block; font-size: 8pt; color: #333; }
  .sv-box { text-align: center; font-size: 7pt; }
  .sv-box i { display: block; margin: 0 auto 1px; width: 11px; height: 11px; border: 1px solid #000; }
  .sv-intro { margin-top: 6px; white-space: pre-wrap; }
  .sv-intro .en { color: #333; font-size: 8.5pt; }
  .sv-blank { height: 60px; }
  .sv-office { margin-top: 10px; border-top: 1.5px dashed #000; padding-top: 4px; font-weight: 700; }
  .sv-office .en { font-weight: 400; font-size: 8pt; margin-left: 6px; }
  @media print {
    .sv-sheet { break-after: page; }
    .sv-sheet:last-child { break-after: auto; }
  }
`;

const L = ({ k }: { k: Key }) => <BiLabel zh={W[k][0]} en={W[k][1]} />;

function Sheet({ c, partyName, contactName }: { c: TSurveyCampaign; partyName: string; contactName: string }) {
  const tpl = c.template;
  return (
    <PrintSheet testId="survey-form-sheet" className="sv-sheet">
      <PrintHeader
        title={{ zh: W.title[0], en: W.title[1] }}
        number={c.number}
        after={
          <div>
            {tpl.title.zh} v{c.templateVersion}
          </div>
        }
        companyTestId="survey-form-company"
      />
      <PrintTable cols={['16%', '34%', '16%', '34%']}>
        <tr>
          <th>
            <L k="customer" />
          </th>
          <td data-testid="survey-form-customer">{partyName}</td>
          <th>
            <L k="period" />
          </th>
          <td>
            {c.periodFrom} – {c.periodTo}
          </td>
        </tr>
        <tr>
          <th>
            <L k="contact" />
          </th>
          <td>{contactName}</td>
          <th>
            <L k="date" />
          </th>
          <td />
        </tr>
      </PrintTable>
      <div className="sv-intro">
        {tpl.intro.zh}
        {tpl.intro.en && <div className="en">{tpl.intro.en}</div>}
        <div style={{ marginTop: 4 }}>
          {W.howTo[0]}
          <div className="en">{W.howTo[1]}</div>
        </div>
      </div>
      <table className="pf-table" data-testid="survey-form-questions">
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
            <th>
              <L k="no" />
            </th>
            <th>
              <L k="item" />
            </th>
            {SCALE.map(([zh, en], i) => (
              <th key={i} className="sv-box">
                {i + 1}
                <span className="pf-l">
                  {zh}
                  <span className="en">{en}</span>
                </span>
              </th>
            ))}
            <th>
              <L k="remark" />
            </th>
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
      <PrintTable>
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
      </PrintTable>
      <PrintTable cols={['25%', '45%', '12%', undefined]}>
        <tr style={{ height: 44 }}>
          <th>
            <L k="sign" />
          </th>
          <td />
          <th>
            <L k="deadline" />
          </th>
          <td>{c.responseDeadline}</td>
        </tr>
      </PrintTable>
      <div className="sv-office">
        {W.office[0]}
        <span className="en">{W.office[1]}</span>
      </div>
      <PrintTable cols={['18%', undefined]}>
        <tr>
          <th>
            <L k="received" />
          </th>
          <td />
        </tr>
        <tr style={{ height: 48 }}>
          <th>
            <L k="reply" />
          </th>
          <td />
        </tr>
        <tr style={{ height: 48 }}>
          <th>
            <L k="improvement" />
          </th>
          <td />
        </tr>
        <tr>
          <th>
            <L k="handledBy" />
          </th>
          <td />
        </tr>
      </PrintTable>
    </PrintSheet>
  );
}

export function SurveyFormPrintPage() {
  const { id } = useParams<{ id: string }>();
  const [params] = useSearchParams();
  const t = useT();
  const { data: c, isLoading, error } = useCampaign(id);
  if (isLoading) return <Skeleton active style={{ padding: 24 }} />;
  if (!c) return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  const only = params.get('recipient');
  const recipients = c.recipients.filter((r) => !only || r.id === only);
  return (
    <PrintPage back={{ to: `/surveys/campaigns/${c.id}`, label: c.number }} css={css}>
      {recipients.length ? (
        recipients.map((r) => <Sheet key={r.id} c={c} partyName={`${r.partyName}（${r.partyCode}）`} contactName={r.contactName} />)
      ) : (
        <Sheet c={c} partyName="" contactName="" />
      )}
    </PrintPage>
  );
}
