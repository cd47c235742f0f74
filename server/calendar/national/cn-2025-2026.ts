/**
 * Mainland China national working calendar, 2025–2026, as published by the General
 * Office of the State Council (国务院办公厅关于…部分节假日安排的通知).
 *
 * Shipped with the application (standards I-60: no runtime dependency on a public data
 * site). Only what the notices publish is listed: days off (`holiday`, the whole
 * 放假 range of each notice item, including the weekend days inside it) and weekend days
 * declared working days (`workday`, 调休上班) with the holiday they belong to. Every
 * other day follows the rule Monday–Friday = working day, Saturday/Sunday = rest day.
 *
 * To add a year: append an entry with its notice (title, date) and a new version, e.g.
 * "cn-2027.1"; to correct a year, replace its entry and bump the version suffix
 * ("cn-2026.2"). The version is recorded on every deadline computed with the data.
 */

export interface LocalizedName {
  zh: string;
  en: string;
}

export interface NationalDay {
  /** 'YYYY-MM-DD' */
  date: string;
  /** holiday: statutory day off (放假); workday: weekend day declared a working day (调休上班) */
  type: 'holiday' | 'workday';
  /** the holiday the day belongs to */
  name: LocalizedName;
}

export interface NationalYear {
  year: number;
  /** recorded on computed deadlines; bump the suffix on any correction */
  version: string;
  /**
   * true for a year computed from the statutory rules (national/statutory.ts) because its
   * notice is not in the data yet: the days are a best estimate and every answer that
   * depends on them is provisional.
   */
  provisional?: boolean;
  source: {
    issuer: string;
    /** title of the notice */
    title: string;
    documentNumber?: string;
    /** date the notice was issued, 'YYYY-MM-DD' */
    published: string;
    /** where the notice was published (for the admin's reference; not fetched) */
    url?: string;
  };
  days: readonly NationalDay[];
}

const NEW_YEAR: LocalizedName = { zh: '元旦', en: "New Year's Day" };
const SPRING_FESTIVAL: LocalizedName = { zh: '春节', en: 'Spring Festival' };
const QINGMING: LocalizedName = { zh: '清明节', en: 'Qingming Festival' };
const LABOUR_DAY: LocalizedName = { zh: '劳动节', en: 'Labour Day' };
const DRAGON_BOAT: LocalizedName = { zh: '端午节', en: 'Dragon Boat Festival' };
const MID_AUTUMN: LocalizedName = { zh: '中秋节', en: 'Mid-Autumn Festival' };
const NATIONAL_DAY: LocalizedName = { zh: '国庆节', en: 'National Day' };
/** 2025: one combined item in the notice */
const NATIONAL_DAY_MID_AUTUMN: LocalizedName = { zh: '国庆节、中秋节', en: 'National Day and Mid-Autumn Festival' };

export const CN_NATIONAL_CALENDAR: readonly NationalYear[] = [
  {
    year: 2025,
    version: 'cn-2025.1',
    source: {
      issuer: '国务院办公厅 (General Office of the State Council)',
      title: '国务院办公厅关于2025年部分节假日安排的通知',
      documentNumber: '国办发明电〔2024〕12号',
      published: '2024-11-12',
      url: 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm',
    },
    // The notice's items (summary; weekdays as printed in the notice):
    // 一、元旦：1月1日（周三）放假1天，不调休。
    // 二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
    // 三、清明节：4月4日（周五）至6日（周日）放假，共3天。
    // 四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
    // 五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
    // 六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
    days: [
      { date: '2025-01-01', type: 'holiday', name: NEW_YEAR }, // Wed
      { date: '2025-01-26', type: 'workday', name: SPRING_FESTIVAL }, // Sun 上班
      { date: '2025-01-28', type: 'holiday', name: SPRING_FESTIVAL }, // Tue
      { date: '2025-01-29', type: 'holiday', name: SPRING_FESTIVAL }, // Wed
      { date: '2025-01-30', type: 'holiday', name: SPRING_FESTIVAL }, // Thu
      { date: '2025-01-31', type: 'holiday', name: SPRING_FESTIVAL }, // Fri
      { date: '2025-02-01', type: 'holiday', name: SPRING_FESTIVAL }, // Sat
      { date: '2025-02-02', type: 'holiday', name: SPRING_FESTIVAL }, // Sun
      { date: '2025-02-03', type: 'holiday', name: SPRING_FESTIVAL }, // Mon
      { date: '2025-02-04', type: 'holiday', name: SPRING_FESTIVAL }, // Tue
      { date: '2025-02-08', type: 'workday', name: SPRING_FESTIVAL }, // Sat 上班
      { date: '2025-04-04', type: 'holiday', name: QINGMING }, // Fri
      { date: '2025-04-05', type: 'holiday', name: QINGMING }, // Sat
      { date: '2025-04-06', type: 'holiday', name: QINGMING }, // Sun
      { date: '2025-04-27', type: 'workday', name: LABOUR_DAY }, // Sun 上班
      { date: '2025-05-01', type: 'holiday', name: LABOUR_DAY }, // Thu
      { date: '2025-05-02', type: 'holiday', name: LABOUR_DAY }, // Fri
      { date: '2025-05-03', type: 'holiday', name: LABOUR_DAY }, // Sat
      { date: '2025-05-04', type: 'holiday', name: LABOUR_DAY }, // Sun
      { date: '2025-05-05', type: 'holiday', name: LABOUR_DAY }, // Mon
      { date: '2025-05-31', type: 'holiday', name: DRAGON_BOAT }, // Sat
      { date: '2025-06-01', type: 'holiday', name: DRAGON_BOAT }, // Sun
      { date: '2025-06-02', type: 'holiday', name: DRAGON_BOAT }, // Mon
      { date: '2025-09-28', type: 'workday', name: NATIONAL_DAY_MID_AUTUMN }, // Sun 上班
      { date: '2025-10-01', type: 'holiday', name: NATIONAL_DAY_MID_AUTUMN }, // Wed
      { date: '2025-10-02', type: 'holiday', name: NATIONAL_DAY_MID_AUTUMN }, // Thu
      { date: '2025-10-03', type: 'holiday', name: NATIONAL_DAY_MID_AUTUMN }, // Fri
      { date: '2025-10-04', type: 'holiday', name: NATIONAL_DAY_MID_AUTUMN }, // Sat
      { date: '2025-10-05', type: 'holiday', name: NATIONAL_DAY_MID_AUTUMN }, // Sun
      { date: '2025-10-06', type: 'holiday', name: NATIONAL_DAY_MID_AUTUMN }, // Mon
      { date: '2025-10-07', type: 'holiday', name: NATIONAL_DAY_MID_AUTUMN }, // Tue
      { date: '2025-10-08', type: 'holiday', name: NATIONAL_DAY_MID_AUTUMN }, // Wed
      { date: '2025-10-11', type: 'workday', name: NATIONAL_DAY_MID_AUTUMN }, // Sat 上班
    ],
  },
  {
    year: 2026,
    version: 'cn-2026.1',
    source: {
      issuer: '国务院办公厅 (General Office of the State Council)',
      title: '国务院办公厅关于2026年部分节假日安排的通知',
      published: '2025-11-04',
      url: 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm',
    },
    // The notice's items (summary; weekdays as printed in the notice):
    // 一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    // 二、春节：2月15日（周日）至23日（周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
    // 三、清明节：4月4日（周六）至6日（周一）放假，共3天。
    // 四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
    // 五、端午节：6月19日（周五）至21日（周日）放假，共3天。
    // 六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
    // 七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
    days: [
      { date: '2026-01-01', type: 'holiday', name: NEW_YEAR }, // Thu
      { date: '2026-01-02', type: 'holiday', name: NEW_YEAR }, // Fri
      { date: '2026-01-03', type: 'holiday', name: NEW_YEAR }, // Sat
      { date: '2026-01-04', type: 'workday', name: NEW_YEAR }, // Sun 上班
      { date: '2026-02-14', type: 'workday', name: SPRING_FESTIVAL }, // Sat 上班
      { date: '2026-02-15', type: 'holiday', name: SPRING_FESTIVAL }, // Sun
      { date: '2026-02-16', type: 'holiday', name: SPRING_FESTIVAL }, // Mon
      { date: '2026-02-17', type: 'holiday', name: SPRING_FESTIVAL }, // Tue
      { date: '2026-02-18', type: 'holiday', name: SPRING_FESTIVAL }, // Wed
      { date: '2026-02-19', type: 'holiday', name: SPRING_FESTIVAL }, // Thu
      { date: '2026-02-20', type: 'holiday', name: SPRING_FESTIVAL }, // Fri
      { date: '2026-02-21', type: 'holiday', name: SPRING_FESTIVAL }, // Sat
      { date: '2026-02-22', type: 'holiday', name: SPRING_FESTIVAL }, // Sun
      { date: '2026-02-23', type: 'holiday', name: SPRING_FESTIVAL }, // Mon
      { date: '2026-02-28', type: 'workday', name: SPRING_FESTIVAL }, // Sat 上班
      { date: '2026-04-04', type: 'holiday', name: QINGMING }, // Sat
      { date: '2026-04-05', type: 'holiday', name: QINGMING }, // Sun
      { date: '2026-04-06', type: 'holiday', name: QINGMING }, // Mon
      { date: '2026-05-01', type: 'holiday', name: LABOUR_DAY }, // Fri
      { date: '2026-05-02', type: 'holiday', name: LABOUR_DAY }, // Sat
      { date: '2026-05-03', type: 'holiday', name: LABOUR_DAY }, // Sun
      { date: '2026-05-04', type: 'holiday', name: LABOUR_DAY }, // Mon
      { date: '2026-05-05', type: 'holiday', name: LABOUR_DAY }, // Tue
      { date: '2026-05-09', type: 'workday', name: LABOUR_DAY }, // Sat 上班
      { date: '2026-06-19', type: 'holiday', name: DRAGON_BOAT }, // Fri
      { date: '2026-06-20', type: 'holiday', name: DRAGON_BOAT }, // Sat
      { date: '2026-06-21', type: 'holiday', name: DRAGON_BOAT }, // Sun
      { date: '2026-09-20', type: 'workday', name: NATIONAL_DAY }, // Sun 上班
      { date: '2026-09-25', type: 'holiday', name: MID_AUTUMN }, // Fri
      { date: '2026-09-26', type: 'holiday', name: MID_AUTUMN }, // Sat
      { date: '2026-09-27', type: 'holiday', name: MID_AUTUMN }, // Sun
      { date: '2026-10-01', type: 'holiday', name: NATIONAL_DAY }, // Thu
      { date: '2026-10-02', type: 'holiday', name: NATIONAL_DAY }, // Fri
      { date: '2026-10-03', type: 'holiday', name: NATIONAL_DAY }, // Sat
      { date: '2026-10-04', type: 'holiday', name: NATIONAL_DAY }, // Sun
      { date: '2026-10-05', type: 'holiday', name: NATIONAL_DAY }, // Mon
      { date: '2026-10-06', type: 'holiday', name: NATIONAL_DAY }, // Tue
      { date: '2026-10-07', type: 'holiday', name: NATIONAL_DAY }, // Wed
      { date: '2026-10-10', type: 'workday', name: NATIONAL_DAY }, // Sat 上班
    ],
  },
];
