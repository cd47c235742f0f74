import { z } from 'zod';
import { Id, IsoDateTime, RecordRef, Version, optText } from './common.js';
import { ActionItem, IsoDate } from './actions.js';

/**
 * Internal communication (内部沟通) [IC 1–7, CM, CC 5.6]: a communication plan runs the seven steps of the
 * company's flowchart as the `internal-communication` procedure; meetings keep minutes (会议记要) with
 * action items, distributed to the participants who acknowledge; a series carries open actions forward.
 */
export const commGoals = ['inform', 'solve', 'coordinate'] as const;
export const CommGoal = z.enum(commGoals).describe('传达信息 / 解决问题 / 协调行动');
export const commChannels = ['meeting', 'email', 'phone', 'im'] as const;
export const CommChannel = z.enum(commChannels).describe('会议 / 邮件 / 电话 / 即时通讯');

const dept = z.string().trim().min(1).max(40);

export const PlanReply = z.object({ id: Id, department: z.string(), userName: z.string().nullable(), content: z.string(), at: IsoDateTime });

export const CommunicationPlan = z.object({
  id: Id,
  number: z.string().describe('IC-<year>-n'),
  title: z.string(),
  source: RecordRef.extend({ title: z.string().nullable(), url: z.string() }).nullable().describe('the customer communication or complaint it forwards'),
  partyId: Id.nullable(),
  departments: z.array(z.string()).describe('departments addressed'),
  goal: CommGoal.nullable(),
  objective: z.string().nullable(),
  channel: CommChannel.nullable(),
  scheduledAt: IsoDateTime.nullable(),
  place: z.string().nullable(),
  participants: z.string().nullable(),
  content: z.string().nullable(),
  form: z.string().nullable(),
  communicatedAt: IsoDateTime.nullable(),
  communicationNote: z.string().nullable(),
  replies: z.array(PlanReply),
  followUpNote: z.string().nullable(),
  score: z.int().nullable().describe('effectiveness 1–5'),
  lessons: z.string().nullable(),
  improvement: z.string().nullable(),
  state: z.string().nullable(),
  status: z.enum(['open', 'closed']).nullable(),
  ownerId: Id.nullable(),
  ownerName: z.string().nullable(),
  createdAt: IsoDateTime,
  version: Version,
});
export type TCommunicationPlan = z.infer<typeof CommunicationPlan>;
export const CommunicationPlanList = z.object({ items: z.array(CommunicationPlan.omit({ replies: true })) });
export const CommunicationPlanListQuery = z.object({
  open: z.enum(['true', 'false']).optional(),
  sourceType: z.string().max(40).optional(),
  sourceId: z.string().max(80).optional(),
});
export const CreateCommunicationPlanRequest = z.object({
  title: z.string().trim().min(1).max(200),
  departments: z.array(dept).min(1).max(20),
  source: RecordRef.nullable()
    .optional()
    .transform((v) => v ?? null),
  goal: CommGoal.nullable()
    .optional()
    .transform((v) => v ?? null),
  objective: optText(2000),
});
export const PlanReplyRequest = z.object({ department: dept, content: z.string().trim().min(1).max(4000) });

// ---- meetings ---------------------------------------------------------------------------
export const attendances = ['invited', 'present', 'absent', 'excused'] as const;
export const Attendance = z.enum(attendances).describe('出席 / 缺席 / 请假');

export const MeetingSeries = z.object({ id: Id, title: z.string(), cadence: z.string().nullable(), meetings: z.int(), version: Version });
export const MeetingSeriesList = z.object({ items: z.array(MeetingSeries) });
export const CreateMeetingSeriesRequest = z.object({ title: z.string().trim().min(1).max(200), cadence: optText(100) });

export const MeetingParticipant = z.object({
  userId: Id,
  name: z.string(),
  attendance: Attendance,
  acknowledgedAt: IsoDateTime.nullable(),
});
export const Meeting = z.object({
  id: Id,
  number: z.string().describe('M-<year>-n'),
  seriesId: Id.nullable(),
  seriesTitle: z.string().nullable(),
  title: z.string(),
  heldAt: IsoDateTime,
  place: z.string().nullable(),
  chairId: Id.nullable(),
  chairName: z.string().nullable(),
  agenda: z.string().nullable(),
  minutes: z.string().nullable(),
  decisions: z.string().nullable(),
  participants: z.array(MeetingParticipant),
  distributedAt: IsoDateTime.nullable(),
  source: RecordRef.extend({ title: z.string().nullable(), url: z.string() }).nullable(),
  actions: z.array(ActionItem).describe('actions decided in this meeting'),
  carriedActions: z.array(ActionItem).describe('open actions of earlier meetings of the series, carried forward'),
  createdAt: IsoDateTime,
  version: Version,
});
export type TMeeting = z.infer<typeof Meeting>;
export const MeetingSummary = Meeting.omit({ participants: true, actions: true, carriedActions: true }).extend({
  participantCount: z.int(),
  acknowledged: z.int(),
});
export const MeetingList = z.object({ items: z.array(MeetingSummary) });
export const MeetingListQuery = z.object({ seriesId: Id.optional() });
const meetingFields = {
  title: z.string().trim().min(1).max(200),
  heldAt: IsoDateTime,
  place: optText(200),
  chairId: Id.nullable()
    .optional()
    .transform((v) => v ?? null),
  agenda: optText(4000),
  participantIds: z.array(Id).min(1).max(60),
};
export const CreateMeetingRequest = z.object({
  seriesId: Id.nullable()
    .optional()
    .transform((v) => v ?? null),
  source: RecordRef.nullable()
    .optional()
    .transform((v) => v ?? null),
  ...meetingFields,
});
export const UpdateMeetingRequest = z.object({
  version: Version,
  ...meetingFields,
  minutes: optText(20000),
  decisions: optText(8000),
  attendance: z
    .array(z.object({ userId: Id, attendance: Attendance }))
    .max(60)
    .default([]),
});
export const DistributeMeetingRequest = z.object({ version: Version });
export const MeetingActionRequest = z.object({
  title: z.string().trim().min(1).max(200),
  description: optText(4000),
  ownerId: Id,
  department: dept,
  dueDate: IsoDate,
});

// ---- my work ---------------------------------------------------------------------------
export const workKinds = ['step', 'signoff', 'action', 'verify', 'acknowledge', 'reply', 'follow-up'] as const;
export const WorkItem = z.object({
  kind: z.enum(workKinds),
  ref: RecordRef,
  title: z.string(),
  url: z.string(),
  procedureId: z.string().nullable(),
  stepId: z.string().nullable(),
  what: z.object({ zh: z.string(), en: z.string() }).describe('what waits: the step, the department to sign, the action'),
  department: z.string().nullable(),
  dueAt: IsoDateTime.nullable(),
  /** the deadline depends on a year whose holiday notice is not published yet */
  provisional: z.boolean(),
  overdue: z.boolean(),
  /** in the department's queue: who holds the item now, and the version to claim it with */
  ownerName: z.string().nullable().optional(),
  version: z.int().optional(),
});
export type TWorkItem = z.infer<typeof WorkItem>;
export const MyWorkQuery = z.object({
  /** mine: what waits on me; department: action items of my departments that colleagues hold (claimable) */
  scope: z.enum(['mine', 'department']).default('mine'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
/** One page of my work, overdue first; the counts are of all of it. */
export const MyWork = z.object({
  items: z.array(WorkItem),
  total: z.int(),
  overdue: z.int(),
  byKind: z.record(z.enum(workKinds), z.int()),
  page: z.int(),
  pageSize: z.int(),
});
