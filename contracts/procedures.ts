import { z } from 'zod';
import { IsoDateTime, Localized, RecordRef } from './common.js';
import { RoleCode } from './identity.js';

/**
 * A procedure declared as data: no code or expressions inside. Guards and effects are
 * names looked up in registries; the engine enforces, the calendar times, the web app
 * draws and reports count from this one declaration.
 */
const slug = z.string().regex(/^[a-z][a-z0-9-]{0,40}$/, { message: 'lower-case id: a–z, 0–9, -' });
const fieldName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,40}$/);
const localizedList = z.array(Localized).default([]);

export const deadlineUnits = ['calendarHours', 'calendarDays', 'workingDays', 'workingHours'] as const;
export const DeadlineUnit = z.enum(deadlineUnits);
export const Deadline = z.object({ amount: z.int().positive().max(10000), unit: DeadlineUnit });
export type TDeadline = z.infer<typeof Deadline>;

export const escalationTargets = ['assignee', 'departmentManager', 'vp', 'gm', 'mr'] as const;
export const EscalationRule = z.object({ atPercent: z.int().min(1).max(1000), notify: z.array(z.enum(escalationTargets)).min(1) });

/**
 * What the record shows and allows at a step: named panels of the record's page (the feature
 * registers the names its pages and services know — `registerPanels('order', [...])`). A panel
 * is editable only where a step says so; editable implies visible.
 */
const panelName = z.string().regex(/^[a-z][a-zA-Z0-9]{0,40}$/, { message: 'panel name: camelCase' });
export const StepView = z.object({
  visible: z.array(panelName).default([]),
  editable: z.array(panelName).default([]),
});
export type TStepView = z.infer<typeof StepView>;

/** A field a transition collects: its label in both languages and how it is asked for (declared once per definition). */
export const fieldKinds = ['text', 'textarea', 'choice', 'datetime', 'channel'] as const;
export const FieldSpec = z.object({
  label: Localized,
  kind: z.enum(fieldKinds).default('textarea'),
  /** kind choice: the values offered, each with its label */
  choices: z.array(z.object({ value: z.string().min(1).max(40), label: Localized })).optional(),
  /** kind channel: the channels offered (default: every channel of the communication log) */
  channels: z.array(z.string().min(1).max(40)).optional(),
  /** a line under the input */
  hint: Localized.optional(),
});
export type TFieldSpec = z.infer<typeof FieldSpec>;

export const Step = z.object({
  id: slug,
  name: Localized,
  /** responsible department (code) — the swimlane */
  lane: slug,
  role: RoleCode.optional(),
  kind: z.enum(['task', 'signoff', 'end']).default('task'),
  deadline: Deadline.optional(),
  /** the clock does not run while the record waits here (e.g. for the customer's parts) */
  clockPaused: z.boolean().default(false),
  /** fields that must be filled before the record may leave this step */
  requires: z.array(fieldName).default([]),
  /**
   * parallel sign-off: every department signs with an opinion; one rejection sends it to rejectTo. `guards` are
   * asked when the last signature would complete it (approveTo): the sign-off cannot pass while one answers a reason.
   */
  signoff: z.object({ departments: z.array(slug).min(1), rejectTo: slug, approveTo: slug, guards: z.array(slug).default([]) }).optional(),
  /** the record's panels visible / editable while it is at this step */
  view: StepView.default({ visible: [], editable: [] }),
});
export type TStep = z.infer<typeof Step>;

export const Transition = z.object({
  id: slug,
  from: slug,
  to: slug,
  action: Localized,
  /**
   * who takes it: people with one of `roles` in the lane, or only the system (`actor: system`) —
   * a transition another operation performs (a revision superseding its quotation); never offered to a user.
   */
  actor: z.enum(['user', 'system']).default('user'),
  roles: z.array(RoleCode).default([]),
  /** the department that takes this action when it is not the step's own (Sales receives a customer's change while Planning produces) */
  lane: slug.optional(),
  guards: z.array(slug).default([]),
  effects: z.array(slug).default([]),
  /** input fields the user must give with this action */
  fields: z.array(fieldName).default([]),
  /** fields offered but not required (the channel a reply went by) */
  optional: z.array(fieldName).default([]),
  /**
   * the routes (a choice made on the record, e.g. a complaint's path: quick-fix / short-8d / full-8d) this transition
   * belongs to; empty = every route. Guards still decide; this tells the record's progress strip which way is "usual"
   * for a record on a route, so a short 8D does not show the full 8D's later steps ahead.
   */
  routes: z.array(slug).default([]),
  requiresReason: z.boolean().default(false),
  /** electronic signature: the user re-enters the password */
  requiresSignature: z.boolean().default(false),
  /**
   * a contact of the record's customer may take it too, through the customer portal (audited as that contact): the
   * definition says which of the customer's own answers are steps of ours — never a lane or role lent to them
   */
  customerContact: z.boolean().default(false),
});
export type TTransition = z.infer<typeof Transition>;

export const Turtle = z.object({
  owner: slug,
  inputs: localizedList,
  outputs: localizedList,
  resources: localizedList,
  methods: localizedList,
  competence: localizedList,
  indicators: localizedList,
  risks: localizedList,
});

export const ProcedureDefinition = z.object({
  id: slug,
  version: z.int().positive(),
  /** written as changes to this earlier version (the loader resolves it into a full definition) */
  extends: z.int().positive().optional(),
  documentNo: z.string().min(1).max(40),
  title: Localized,
  recordType: z.string().min(1),
  start: slug,
  /** start automatically when a record of recordType is created with these field values (equality only) */
  startWhen: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  /** the fields its transitions collect and its steps require: label and kind, declared once */
  fields: z.record(fieldName, FieldSpec).default({}),
  steps: z.array(Step).min(2),
  transitions: z.array(Transition).min(1),
  escalation: z.array(EscalationRule).default([
    { atPercent: 80, notify: ['assignee'] },
    { atPercent: 100, notify: ['assignee', 'departmentManager'] },
    { atPercent: 200, notify: ['vp', 'gm'] },
  ]),
  outputs: localizedList,
  kpis: z.array(z.object({ id: slug, name: Localized, description: Localized.optional() })).default([]),
  turtle: Turtle,
});
export type TProcedureDefinition = z.infer<typeof ProcedureDefinition>;

// ---- API --------------------------------------------------------------------------------
export const ProcedureSummary = z.object({
  id: z.string(),
  version: z.int(),
  versions: z.array(z.int()),
  /** version → digest of its content: `GET /api/procedures/:id?version=N&digest=D` may be cached for good */
  digests: z.record(z.string(), z.string()),
  documentNo: z.string(),
  title: Localized,
  recordType: z.string(),
});
export const ProcedureList = z.object({ items: z.array(ProcedureSummary) });

export const ClockView = z.object({
  stepId: z.string(),
  startedAt: IsoDateTime,
  dueAt: IsoDateTime,
  provisional: z.boolean(),
  calendarVersion: z.string(),
  status: z.enum(['running', 'paused', 'stopped']),
  pausedSince: IsoDateTime.nullable(),
  pausedMinutes: z.number(),
  overdue: z.boolean(),
});

export const FormField = FieldSpec.extend({ name: z.string(), required: z.boolean() });
export type TFormField = z.infer<typeof FormField>;
export const AvailableAction = z.object({
  transitionId: z.string(),
  to: z.string(),
  action: Localized,
  /** the required fields' names */
  fields: z.array(z.string()),
  /** what the action's form asks: required fields first, then the optional ones, with labels and kinds from the definition */
  form: z.array(FormField),
  requiresReason: z.boolean(),
  requiresSignature: z.boolean(),
});

export const StepVisit = z.object({
  stepId: z.string(),
  enteredAt: IsoDateTime,
  leftAt: IsoDateTime.nullable(),
  actorName: z.string().nullable(),
  transitionId: z.string().nullable(),
  reason: z.string().nullable(),
  /** time in the step: gross = left − entered (or now, while open); net = gross − clock pauses */
  grossMinutes: z.number(),
  netMinutes: z.number(),
});

export const signoffOpinions = ['accept', 'conditional', 'reject'] as const;
export const SignoffOpinion = z.enum(signoffOpinions).describe('会签意见: 同意 / 有条件同意 / 不同意');
export const SignoffState = z.object({
  stepId: z.string(),
  round: z.int(),
  departments: z.array(z.string()),
  signed: z.array(
    z.object({ department: z.string(), opinion: SignoffOpinion, comment: z.string().nullable(), userName: z.string().nullable(), at: IsoDateTime }),
  ),
  /** departments the current user may sign for now */
  mine: z.array(z.string()),
});

export const InstanceView = z.object({
  id: z.string(),
  ref: RecordRef,
  procedureId: z.string(),
  procedureVersion: z.int(),
  state: z.string(),
  status: z.enum(['open', 'closed']),
  startedAt: IsoDateTime,
  closedAt: IsoDateTime.nullable(),
  version: z.int(),
  clock: ClockView.nullable(),
  actions: z.array(AvailableAction),
  /** the definition's steps in order (the record page's progress, without a copy of the step list) */
  steps: z.array(z.object({ id: z.string(), name: Localized, kind: z.enum(['task', 'signoff', 'end']), lane: z.string() })),
  /** what the record shows and allows now: the current step's view (nothing is editable once closed) */
  view: StepView,
  signoff: SignoffState.nullable(),
  history: z.array(StepVisit),
});
export const InstanceList = z.object({ items: z.array(InstanceView) });
export const InstanceQuery = z.object({ refType: z.string().min(1).max(40), refId: z.string().min(1).max(80) });

export const SignoffRequest = z.object({
  version: z.int().positive(),
  department: z.string().min(1).max(40),
  opinion: SignoffOpinion,
  comment: z.string().trim().max(2000).optional(),
});
export const ResumeClockRequest = z.object({ version: z.int().positive(), reason: z.string().trim().max(500).optional() });
export type TInstanceView = z.infer<typeof InstanceView>;

export const TransitionRequest = z.object({
  version: z.int().positive(),
  transitionId: slug,
  reason: z.string().trim().max(1000).optional(),
  password: z.string().max(200).optional(),
  fields: z.record(z.string(), z.union([z.string().max(20000), z.number(), z.boolean()])).default({}),
});

export const PauseClockRequest = z.object({ version: z.int().positive(), reason: z.string().trim().min(2).max(500) });

// ---- flowchart counts and reports -----------------------------------------------------------

export const ProcedureParams = z.object({ id: z.string().min(1).max(60) });
export const VersionQuery = z.object({ version: z.coerce.number().int().positive().optional() });
/** GET /api/procedures/:id — `digest` (from the list) makes the answer immutable: cached by the browser for good */
export const DefinitionQuery = VersionQuery.extend({
  digest: z
    .string()
    .regex(/^[0-9a-f]{1,64}$/)
    .optional(),
});

/** GET /api/procedures/:id/counts — open records per step of the version drawn */
export const StepCounts = z.object({ stepId: z.string(), open: z.int(), dueSoon: z.int(), overdue: z.int() });
export const DiagramCounts = z.object({ procedureId: z.string(), version: z.int(), steps: z.array(StepCounts), departments: z.record(z.string(), Localized) });

/** GET /api/procedures/:id/steps/:stepId/records — the open records at a step */
export const StepRecordsParams = z.object({ id: z.string().min(1).max(60), stepId: z.string().min(1).max(60) });
export const StepRecord = z.object({
  instanceId: z.string(),
  ref: RecordRef,
  title: z.string(),
  url: z.string(),
  startedAt: IsoDateTime,
  dueAt: IsoDateTime.nullable(),
  assigneeName: z.string().nullable(),
});
export const StepRecords = z.object({ items: z.array(StepRecord) });
/** GET /api/procedure-instances/due — open steps overdue or due within 24 h, across every procedure the user may read */
export const DueRecord = StepRecord.extend({ procedureId: z.string(), stepId: z.string() });
export const DueRecords = z.object({ items: z.array(DueRecord), total: z.int().describe('all such steps; items holds the soonest due (at most 200)') });

/** GET /api/procedures/:id/report — time in each step over a period: gross and net (pauses excluded) */
export const ProcedureReportQuery = z
  .object({
    from: IsoDateTime.optional().describe('visits entered at or after (default: 90 days ago)'),
    to: IsoDateTime.optional().describe('visits entered before (default: now)'),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { path: ['to'], message: 'to must be after from' });
export const StepTimes = z.object({
  stepId: z.string(),
  /** visits entered in the period */
  entered: z.int(),
  /** of those, left the step (completed) */
  completed: z.int(),
  /** completed visits that had a deadline, and how many of them left on time */
  timed: z.int(),
  onTime: z.int(),
  /** still in the step now */
  open: z.int(),
  /** hours per completed visit: average and median, gross and net */
  avgGrossHours: z.number().nullable(),
  avgNetHours: z.number().nullable(),
  medianNetHours: z.number().nullable(),
  maxNetHours: z.number().nullable(),
  /** paused hours over all completed visits */
  pausedHours: z.number(),
});
export const ProcedureReport = z.object({
  procedureId: z.string(),
  from: IsoDateTime,
  to: IsoDateTime,
  /** instances started in the period, and of those closed */
  started: z.int(),
  closed: z.int(),
  steps: z.array(StepTimes),
});
export type TProcedureReport = z.infer<typeof ProcedureReport>;
