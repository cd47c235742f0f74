import { z } from 'zod';
import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { AppError } from '../platform/http/app-error.js';
import { Id, Ok } from '../../contracts/common.js';
import {
  AddWorkingDaysQuery,
  AddWorkingDaysResult,
  CalendarOverride,
  CalendarOverrideList,
  CalendarSettings,
  CreateOverrideRequest,
  DaysQuery,
  DaysResult,
  ImportNationalYearRequest,
  ImportNationalYearResult,
  NationalYearList,
  UpdateCalendarSettingsRequest,
  VoidOverrideRequest,
} from '../../contracts/calendar.js';
import * as service from './calendar.service.js';

const tags = ['calendar'];
const MAX_DAYS = 400;

export async function calendarRoutes(app: App) {
  app.get(
    '/api/calendar/working-days/add',
    {
      config: { access: { authenticated: true } },
      schema: {
        tags,
        summary: 'N working days after start (the start day not counted)',
        querystring: AddWorkingDaysQuery,
        response: { 200: AddWorkingDaysResult },
      },
    },
    async (request) => {
      const calendar = await service.siteCalendar(app.db);
      return calendar.addWorkingDays(request.query.start, request.query.days);
    },
  );
  app.get(
    '/api/calendar/days',
    {
      config: { access: { authenticated: true } },
      schema: { tags, summary: "Each day's type and name (≤ 400 days)", querystring: DaysQuery, response: { 200: DaysResult } },
    },
    async (request) => {
      const { from, to } = request.query;
      const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
      if (span < 0) throw new AppError('VALIDATION_FAILED', [{ path: 'query.to', code: 'before_from' }]);
      if (span > MAX_DAYS) throw new AppError('CALENDAR_RANGE_TOO_LARGE', [{ path: 'query.to', code: 'too_big' }]);
      const calendar = await service.siteCalendar(app.db);
      return {
        days: calendar.days(from, to).map((d) => ({ date: d.date, type: d.type, working: d.working, name: d.name ?? null, provisional: d.provisional })),
        calendarVersion: calendar.version,
      };
    },
  );
  app.get(
    '/api/calendar/overrides',
    {
      config: { access: { authenticated: true } },
      schema: { tags, summary: 'Site overrides (shutdowns, extra working days)', response: { 200: CalendarOverrideList } },
    },
    async () => service.listOverrides(app.db),
  );
  app.post(
    '/api/calendar/overrides',
    {
      config: { record: { anyHolder: 'site calendar administration (calendar.manage)' }, access: { permission: 'calendar.manage' } },
      schema: {
        tags,
        summary: 'Add a shutdown or extra working day; open deadlines are recomputed',
        body: CreateOverrideRequest,
        response: { 200: CalendarOverride },
      },
    },
    async (request) => service.addOverride(app.db, requireAuth(request), request.body),
  );
  app.post(
    '/api/calendar/overrides/:id/void',
    {
      config: { record: { anyHolder: 'site calendar administration (calendar.manage)' }, access: { permission: 'calendar.manage' } },
      schema: { tags, summary: 'Void an override', params: z.object({ id: Id }), body: VoidOverrideRequest, response: { 200: Ok } },
    },
    async (request) => service.voidOverride(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.get(
    '/api/calendar/national',
    {
      config: { access: { authenticated: true } },
      schema: { tags, summary: 'National holiday data by year: shipped and imported notices, provisional estimates', response: { 200: NationalYearList } },
    },
    async () => service.listNationalYears(app.db),
  );
  app.post(
    '/api/calendar/national',
    {
      config: { record: { anyHolder: 'site calendar administration (calendar.manage)' }, access: { permission: 'calendar.manage' } },
      schema: {
        tags,
        summary: "Import a year's State Council holiday notice; provisional deadlines are recomputed",
        body: ImportNationalYearRequest,
        response: { 200: ImportNationalYearResult },
      },
    },
    async (request) => service.importNationalYear(app.db, requireAuth(request), request.body),
  );
  app.get(
    '/api/calendar/settings',
    {
      config: { access: { authenticated: true } },
      schema: { tags, summary: 'Time zone, working hours, data source and version', response: { 200: CalendarSettings } },
    },
    async () => service.getSettings(app.db),
  );
  app.put(
    '/api/calendar/settings',
    {
      config: { record: { anyHolder: 'site calendar administration (calendar.manage)' }, access: { permission: 'calendar.manage' } },
      schema: { tags, summary: 'Change the working hours', body: UpdateCalendarSettingsRequest, response: { 200: CalendarSettings } },
    },
    async (request) => service.updateSettings(app.db, requireAuth(request), request.body),
  );
}
