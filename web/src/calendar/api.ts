import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AddWorkingDaysResult,
  CalendarOverride,
  CalendarOverrideList,
  CalendarSettings,
  CreateOverrideRequest,
  DayInfo,
  DaysResult,
  ImportNationalYearRequest,
  ImportNationalYearResult,
  NationalYearEntry,
  NationalYearList,
  UpdateCalendarSettingsRequest,
  VoidOverrideRequest,
} from '../../../contracts/calendar.js';
import { api } from '../api/client.js';

export type TDayInfo = z.infer<typeof DayInfo>;
export type TDaysResult = z.infer<typeof DaysResult>;
export type TCalendarOverride = z.infer<typeof CalendarOverride>;
export type TCalendarSettings = z.infer<typeof CalendarSettings>;

export const calendarKeys = {
  all: ['calendar'] as const,
  days: (from: string, to: string) => ['calendar', 'days', from, to] as const,
  overrides: ['calendar', 'overrides'] as const,
  settings: ['calendar', 'settings'] as const,
  national: ['calendar', 'national'] as const,
  add: (start: string, days: number) => ['calendar', 'add', start, days] as const,
};

/** The working calendar of [from, to] (YYYY-MM-DD, inclusive): holidays, 调休, shutdowns. */
export function useCalendarDays(from: string, to: string, enabled = true) {
  return useQuery({
    queryKey: calendarKeys.days(from, to),
    queryFn: () => api.get<TDaysResult>('/api/calendar/days', { from, to }),
    enabled,
    staleTime: 10 * 60_000,
  });
}

export function useAddWorkingDays(start: string | undefined, days: number) {
  return useQuery({
    queryKey: calendarKeys.add(start ?? '', days),
    queryFn: () => api.get<z.infer<typeof AddWorkingDaysResult>>('/api/calendar/working-days/add', { start, days }),
    enabled: !!start,
    staleTime: 10 * 60_000,
  });
}

export function useCalendarOverrides() {
  return useQuery({ queryKey: calendarKeys.overrides, queryFn: () => api.get<z.infer<typeof CalendarOverrideList>>('/api/calendar/overrides') });
}

export function useCalendarSettings() {
  return useQuery({ queryKey: calendarKeys.settings, queryFn: () => api.get<TCalendarSettings>('/api/calendar/settings'), staleTime: 10 * 60_000 });
}

/** Any change to the calendar moves working days everywhere: drop every cached calendar answer. */
function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: calendarKeys.all });
}

export function useCreateOverride() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: z.output<typeof CreateOverrideRequest>) => api.post<TCalendarOverride>('/api/calendar/overrides', body),
    onSuccess: refresh,
  });
}

export function useVoidOverride() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: z.output<typeof VoidOverrideRequest> }) => api.post<unknown>(`/api/calendar/overrides/${id}/void`, body),
    onSuccess: refresh,
  });
}

export function useUpdateCalendarSettings() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: z.output<typeof UpdateCalendarSettingsRequest>) => api.put<TCalendarSettings>('/api/calendar/settings', body),
    onSuccess: refresh,
  });
}

export type TNationalYear = z.infer<typeof NationalYearEntry>;
export type TImportNationalYearRequest = z.output<typeof ImportNationalYearRequest>;

/** National holiday data by year: shipped and imported notices, provisional estimates. */
export function useNationalYears() {
  return useQuery({
    queryKey: calendarKeys.national,
    queryFn: () => api.get<z.infer<typeof NationalYearList>>('/api/calendar/national'),
    staleTime: 10 * 60_000,
  });
}

export function useImportNationalYear() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: TImportNationalYearRequest) => api.post<z.infer<typeof ImportNationalYearResult>>('/api/calendar/national', body),
    onSuccess: refresh,
  });
}
