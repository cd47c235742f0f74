/**
 * Working calendar (standards I-55…60): national CN data shipped with the app, layered
 * overrides, deadline arithmetic in the site's time zone. Pure TypeScript: the caller
 * reads overrides/settings from the database and builds a WorkingCalendar per site.
 */
export {
  WorkingCalendar,
  DEFAULT_TIME_ZONE,
  DEFAULT_WORKING_HOURS,
  deadlineUnits,
  overrideTypes,
  normaliseWorkingHours,
  parseClock,
  type AfterHoursArrival,
  type CalendarOverride,
  type DayInfo,
  type DayType,
  type DeadlineResult,
  type DeadlineSpec,
  type DeadlineUnit,
  type LocalizedName,
  type NationalDay,
  type NationalYear,
  type OverrideType,
  type WorkingCalendarOptions,
  type WorkingDayResult,
  type WorkingRange,
} from './working-calendar.js';
export { CN_NATIONAL_CALENDAR } from './national/cn-2025-2026.js';
export { DEFAULT_NATIONAL } from './working-calendar.js';
export { provisionalYear, statutoryHolidays, withProvisionalYears, STATUTORY_RULES_VERSION } from './national/statutory.js';

import { setDeadlineProvider } from '../procedures/index.js';
import { configureCalendar, siteCalendar } from './calendar.service.js';

export { calendarRoutes } from './calendar.routes.js';
export { TimeZoneOffsets } from './time-zone.js';
export { siteCalendar, siteDate } from './calendar.service.js';
export { recomputeProvisionalClocks } from './recompute.js';

/** The engine times its deadlines on the site's calendar. */
export function registerCalendarFeature(timeZone: string) {
  configureCalendar(timeZone);
  setDeadlineProvider(siteCalendar);
}
