import { z } from 'zod';
import { Id, Localized, Version } from './common.js';

export const IsoDay = z.iso.date().describe('YYYY-MM-DD');
export const dayTypes = ['workday', 'weekend', 'holiday', 'adjusted-workday', 'shutdown', 'extra-workday'] as const;
export const DayType = z.enum(dayTypes).describe('工作日/周末/法定假日/调休上班/停工/加班日');

export const AddWorkingDaysQuery = z.object({ start: IsoDay, days: z.coerce.number().int().min(0).max(3650) });
export const AddWorkingDaysResult = z.object({ date: IsoDay, provisional: z.boolean() });

export const DaysQuery = z.object({ from: IsoDay, to: IsoDay });
export const DayInfo = z.object({ date: IsoDay, type: DayType, working: z.boolean(), name: Localized.nullable(), provisional: z.boolean() });
export const DaysResult = z.object({ days: z.array(DayInfo), calendarVersion: z.string() });

/** shutdown / extra-workday: the company's own days; holiday / adjusted-workday / regular: corrections
 * of the national data or regional days (e.g. 广西三月三); regular removes a national entry. */
export const overrideTypes = ['shutdown', 'extra-workday', 'holiday', 'adjusted-workday', 'regular'] as const;
export const CalendarOverride = z.object({
  id: Id,
  date: IsoDay,
  type: z
    .enum(overrideTypes)
    .describe('shutdown 停工 · extra-workday 加班/补班 · holiday 假日（更正/地方） · adjusted-workday 调休上班（更正） · regular 恢复常规'),
  name: Localized,
  reason: z.string().nullable(),
  version: Version,
});
export const CalendarOverrideList = z.object({ items: z.array(CalendarOverride) });
export const CreateOverrideRequest = z.object({
  date: IsoDay,
  type: z.enum(overrideTypes),
  nameZh: z.string().trim().min(1).max(60),
  nameEn: z.string().trim().min(1).max(80),
  reason: z.string().trim().max(500).optional(),
});
export const VoidOverrideRequest = z.object({ version: Version, reason: z.string().trim().min(2).max(500) });

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'HH:MM' });
export const WorkingPeriod = z.object({ start: hhmm, end: hhmm });
export const CalendarSettings = z.object({
  timeZone: z.string(),
  workingHours: z.array(WorkingPeriod),
  calendarVersion: z.string(),
  publishedYears: z.array(z.int()),
  sources: z.array(z.object({ year: z.int(), source: z.string() })),
  version: Version,
});
export const UpdateCalendarSettingsRequest = z.object({ version: Version, workingHours: z.array(WorkingPeriod).min(1).max(6) });

/** A year's national data: a published State Council notice, or the provisional estimate from the statutory rules. */
export const nationalYearStatuses = ['shipped', 'imported', 'provisional'] as const;
export const NationalDay = z.object({
  date: IsoDay,
  type: z.enum(['holiday', 'workday']).describe('holiday 放假 · workday 调休上班（周末上班）'),
  name: z.object({ zh: z.string().trim().min(1).max(40), en: z.string().trim().min(1).max(80) }),
});
export const NoticeSource = z.object({
  issuer: z.string().trim().min(1).max(120),
  title: z.string().trim().min(1).max(200).describe('通知标题'),
  documentNumber: z.string().trim().max(80).optional().describe('文号，如 国办发明电〔2025〕X号'),
  published: IsoDay.describe('发布日期'),
  url: z.url().max(500).optional(),
});
export const NationalYearEntry = z.object({
  year: z.int(),
  status: z.enum(nationalYearStatuses),
  dataVersion: z.string(),
  source: NoticeSource,
  days: z.array(NationalDay),
  /** the imported row's version (send it back to replace an imported notice); null when not imported */
  version: z.int().nullable(),
});
export const NationalYearList = z.object({ items: z.array(NationalYearEntry), calendarVersion: z.string() });
export const ImportNationalYearRequest = z.object({
  year: z.int().min(2025).max(2100),
  source: NoticeSource,
  days: z.array(NationalDay).min(1).max(80),
  /** when replacing an imported notice: the version read; absent for a first import */
  version: Version.optional(),
  /** required when replacing a notice already in force (shipped or imported) */
  reason: z.string().trim().min(2).max(500).optional(),
});
export const ImportNationalYearResult = z.object({ year: z.int(), dataVersion: z.string(), recomputed: z.int(), calendarVersion: z.string() });

/** The holidays of the State Council's notices (放假办法 Art. 2), in the notices' order; 2025's joined 国庆 and 中秋. */
export const statutoryHolidayNames = {
  newYear: { zh: '元旦', en: "New Year's Day" },
  spring: { zh: '春节', en: 'Spring Festival' },
  qingming: { zh: '清明节', en: 'Qingming Festival' },
  labour: { zh: '劳动节', en: 'Labour Day' },
  dragonBoat: { zh: '端午节', en: 'Dragon Boat Festival' },
  midAutumn: { zh: '中秋节', en: 'Mid-Autumn Festival' },
  national: { zh: '国庆节', en: 'National Day' },
} as const;
export const combinedNationalMidAutumn = { zh: '国庆节、中秋节', en: 'National Day and Mid-Autumn Festival' } as const;
