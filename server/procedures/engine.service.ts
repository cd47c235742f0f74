import { recordType } from '../platform/records/record-types.js';
import { emitEvent } from '../webhooks/index.js';
import type { z } from 'zod';
import type { Db, Executor } from '../platform/db/client.js';
import { AppError, notFound, versionConflict } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { actingContact, asContact, auditActor, type ContactActor } from '../platform/audit/actor.js';
import { enqueue } from '../platform/outbox/outbox.js';
import type { TRecordRef } from '../../contracts/common.js';
import type {
  PauseClockRequest,
  ResumeClockRequest,
  SignoffRequest,
  TInstanceView,
  TProcedureDefinition,
  TStep,
  TTransition,
  TransitionRequest,
} from '../../contracts/procedures.js';
import { verifyPassword, selectPasswordHash } from '../identity/index.js';
import { autoStartDefinitions, definitionVersion, latestDefinition } from './catalogue.js';
import { deadlineCalculator, nextCheckAt } from './deadlines.js';
import { deadlineOverride, effect, guard, type ProcedureContext } from './registry.js';
import * as repo from './procedures.repository.js';
import { refuse } from './refuse.js';

type Fields = Record<string, string | number | boolean>;

/**
 * The system as the actor of a transition no person takes (`actor: system` in the definition): a
 * revision superseding its quotation. `onBehalfOf` is the person whose operation caused it — the
 * audit names them, with `by: system`; the system never borrows a role.
 */
export interface SystemActor {
  readonly system: true;
  readonly onBehalfOf: AuthContext;
}
export const SYSTEM = (onBehalfOf: AuthContext): SystemActor => ({ system: true, onBehalfOf });
const isSystem = (a: AuthContext | SystemActor | ContactActor): a is SystemActor => 'system' in a && a.system === true;
const isContact = (a: AuthContext | SystemActor | ContactActor): a is ContactActor => 'kind' in a && a.kind === 'contact';

/**
 * A customer's contact as the actor of a transition, through the portal: only the transitions the definition opens
 * to them (`customerContact: true`), never by borrowing the inviting colleague's role or lane. `recorder` records
 * what the transition's effects write that needs one of our users (an incoming communication); the audit row, the
 * step history and the timeline name the contact.
 */
export const CONTACT = (c: Omit<ContactActor, 'kind'>): ContactActor => ({ kind: 'contact', ...c });
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const DEPARTMENT_BOUND = new Set(['staff', 'manager']);
const instanceRef = (id: string) => ({ type: 'procedure-instance', id });

function stepOf(def: TProcedureDefinition, id: string): TStep {
  return def.steps.find((s) => s.id === id)!;
}

/** May this user act in this step with one of these roles? GM/VP/MR act across departments. */
export function mayAct(auth: AuthContext, roles: string[], lane: string): boolean {
  const held = roles.filter((r) => auth.roles.includes(r));
  if (!held.length) return false;
  return held.some((r) => !DEPARTMENT_BOUND.has(r)) || auth.departmentCodes.includes(lane);
}

async function startClock(
  tx: Executor,
  def: TProcedureDefinition,
  step: TStep,
  instance: { id: string; refType: string; refId: string; assigneeId: string | null },
  at: Date,
) {
  const override = deadlineOverride(def.id);
  const deadline = (override && (await override(tx, { type: instance.refType, id: instance.refId }, step.id))) || step.deadline;
  if (!deadline) return;
  const calc = await deadlineCalculator(tx);
  const { due, provisional, calendarVersion } = calc.addDeadline(at, deadline);
  await repo.insertClock(tx, {
    ownerType: 'procedure',
    ownerId: instance.id,
    stepId: step.id,
    refType: instance.refType,
    refId: instance.refId,
    department: step.lane,
    assigneeId: instance.assigneeId,
    deadlineAmount: deadline.amount,
    deadlineUnit: deadline.unit,
    startedAt: at,
    dueAt: due,
    provisional,
    calendarVersion,
    status: step.clockPaused ? 'paused' : 'running',
    pausedSince: step.clockPaused ? at : null,
    escalation: def.escalation,
    nextCheckAt: step.clockPaused ? null : nextCheckAt(at, due, 0, def.escalation, 0),
  });
}

async function stopClocks(tx: Executor, instanceId: string, at: Date) {
  for (const c of await repo.selectClocks(tx, 'procedure', [instanceId])) {
    if (c.status === 'stopped') continue;
    const extra = c.pausedSince ? Math.round((at.getTime() - c.pausedSince.getTime()) / 60_000) : 0;
    await repo.updateClock(tx, c.id, { status: 'stopped', stoppedAt: at, pausedSince: null, pausedMinutes: c.pausedMinutes + extra, nextCheckAt: null });
  }
}

/**
 * Start a procedure on a record, in the caller's transaction. `at` is when the clock
 * starts — for an enquiry, when the customer's message arrived.
 */
export async function startProcedure(
  tx: Executor,
  auth: AuthContext | null,
  input: { procedureId: string; ref: TRecordRef; assigneeId: string | null; at: Date },
) {
  const def = latestDefinition(input.procedureId);
  if (await repo.selectInstanceFor(tx, input.ref.type, input.ref.id, def.id)) throw refuse('PROCEDURE_ALREADY_RUNNING');
  const instance = await repo.insertInstance(
    tx,
    {
      refType: input.ref.type,
      refId: input.ref.id,
      procedureId: def.id,
      procedureVersion: def.version,
      state: def.start,
      assigneeId: input.assigneeId,
      startedAt: input.at,
    },
    auth?.userId ?? null,
  );
  await repo.insertVisit(tx, { instanceId: instance.id, stepId: def.start, enteredAt: input.at, enteredBy: auth?.userId ?? null });
  await startClock(tx, def, stepOf(def, def.start), instance, input.at);
  await insertAudit(tx, {
    actorId: auth?.userId ?? null,
    ref: input.ref,
    action: 'procedure.start',
    after: { procedure: def.id, version: def.version, state: def.start },
  });
  await enqueue(tx, 'procedure.entered', { instanceId: instance.id, stepId: def.start });
  return instance;
}

/**
 * Start a procedure on a record AT a given step rather than its start: a record brought in from another
 * system (an open order imported from a spreadsheet) continues where it stands. The step's deadline clock
 * starts at `at`; the audit row carries `reason` ("imported from file X row N"). End steps are refused.
 */
export async function startProcedureAt(
  tx: Executor,
  auth: AuthContext,
  input: { procedureId: string; ref: TRecordRef; stepId: string; assigneeId: string | null; at: Date; reason: string },
) {
  const def = latestDefinition(input.procedureId);
  const step = def.steps.find((s) => s.id === input.stepId);
  if (!step || step.kind === 'end') throw new AppError('VALIDATION_FAILED', [{ path: 'stepId', code: step ? 'end_step' : 'unknown_step' }]);
  if (await repo.selectInstanceFor(tx, input.ref.type, input.ref.id, def.id)) throw refuse('PROCEDURE_ALREADY_RUNNING');
  const instance = await repo.insertInstance(
    tx,
    {
      refType: input.ref.type,
      refId: input.ref.id,
      procedureId: def.id,
      procedureVersion: def.version,
      state: step.id,
      assigneeId: input.assigneeId,
      startedAt: input.at,
    },
    auth.userId,
  );
  await repo.insertVisit(tx, { instanceId: instance.id, stepId: step.id, enteredAt: input.at, enteredBy: auth.userId });
  await startClock(tx, def, step, instance, input.at);
  await insertAudit(tx, {
    actorId: auth.userId,
    ref: input.ref,
    action: 'procedure.start',
    reason: input.reason,
    after: { procedure: def.id, version: def.version, state: step.id, startedAtStep: true },
  });
  await enqueue(tx, 'procedure.entered', { instanceId: instance.id, stepId: step.id });
  return instance;
}

/** The open (non-end) steps of a procedure's latest version, with their names: what an import may name. */
export function openSteps(procedureId: string) {
  return latestDefinition(procedureId)
    .steps.filter((s) => s.kind !== 'end')
    .map((s) => ({ id: s.id, name: s.name }));
}

/** Start every procedure whose `startWhen` matches a newly created record. */
export async function autoStartProcedures(
  tx: Executor,
  auth: AuthContext,
  ref: TRecordRef,
  facts: Record<string, unknown>,
  assigneeId: string | null,
  at: Date,
) {
  for (const def of autoStartDefinitions(ref.type, facts)) {
    await startProcedure(tx, auth, { procedureId: def.id, ref, assigneeId, at });
  }
}

async function signoffState(db: Executor, auth: AuthContext | null, instance: repo.InstanceRow, step: TStep) {
  if (step.kind !== 'signoff' || !step.signoff || instance.status !== 'open') return null;
  const round = await repo.countVisits(db, instance.id, step.id);
  const signed = await repo.selectSignoffs(db, instance.id, step.id, round);
  const done = new Set(signed.map((s) => s.department));
  return {
    stepId: step.id,
    round,
    departments: step.signoff.departments,
    signed: signed.map((s) => ({ ...s, opinion: s.opinion as 'accept', at: s.at.toISOString() })),
    mine: auth ? step.signoff.departments.filter((d) => !done.has(d) && auth.departmentCodes.includes(d)) : [],
  };
}

/** Gross and net minutes in a step visit: net leaves out the time its clock was paused. End steps take no time. */
function visitTimes(def: TProcedureDefinition, v: { stepId: string; enteredAt: Date; leftAt: Date | null }, clockRows: repo.ClockRow[], now: Date) {
  if (stepOf(def, v.stepId)?.kind === 'end') return { grossMinutes: 0, netMinutes: 0 };
  const until = v.leftAt ?? now;
  const gross = Math.max(0, Math.round((until.getTime() - v.enteredAt.getTime()) / 60_000));
  const clock = clockRows.find((c) => c.stepId === v.stepId && c.startedAt.getTime() === v.enteredAt.getTime());
  const paused = clock ? clock.pausedMinutes + (clock.pausedSince ? Math.round((until.getTime() - clock.pausedSince.getTime()) / 60_000) : 0) : 0;
  return { grossMinutes: gross, netMinutes: Math.max(0, gross - paused) };
}

async function view(db: Executor, auth: AuthContext | null, instance: repo.InstanceRow): Promise<TInstanceView> {
  const def = definitionVersion(instance.procedureId, instance.procedureVersion);
  const step = stepOf(def, instance.state);
  // sequential: `db` may be a transaction
  const visits = await repo.selectVisits(db, [instance.id]);
  const clockRows = await repo.selectClocks(db, 'procedure', [instance.id]);
  const current = clockRows.filter((c) => c.stepId === instance.state && c.status !== 'stopped').at(-1) ?? null;
  const now = new Date();
  const actions =
    instance.status === 'open' && auth
      ? def.transitions
          .filter((t) => t.from === instance.state && t.actor === 'user' && mayAct(auth, t.roles, t.lane ?? step.lane))
          .map((t) => {
            const required = [...new Set([...t.fields, ...step.requires])];
            const form = [
              ...required.map((name) => ({ name, required: true })),
              ...t.optional.filter((n) => !required.includes(n)).map((name) => ({ name, required: false })),
            ];
            return {
              transitionId: t.id,
              to: t.to,
              action: t.action,
              fields: required,
              form: form.map((f) => ({ ...def.fields[f.name]!, ...f })),
              requiresReason: t.requiresReason,
              requiresSignature: t.requiresSignature,
            };
          })
      : [];
  return {
    id: instance.id,
    ref: { type: instance.refType, id: instance.refId },
    procedureId: instance.procedureId,
    procedureVersion: instance.procedureVersion,
    state: instance.state,
    status: instance.status as 'open' | 'closed',
    startedAt: instance.startedAt.toISOString(),
    closedAt: iso(instance.closedAt),
    version: instance.version,
    clock: current
      ? {
          stepId: current.stepId ?? '',
          startedAt: current.startedAt.toISOString(),
          dueAt: current.dueAt.toISOString(),
          provisional: current.provisional,
          calendarVersion: current.calendarVersion,
          status: current.status as 'running' | 'paused',
          pausedSince: iso(current.pausedSince),
          pausedMinutes: current.pausedMinutes,
          overdue: current.status === 'running' && current.dueAt < now,
        }
      : null,
    actions,
    steps: def.steps.map((s) => ({ id: s.id, name: s.name, kind: s.kind, lane: s.lane })),
    view: currentView(def, instance),
    signoff: await signoffState(db, auth, instance, step),
    history: visits.map((v) => ({
      stepId: v.stepId,
      enteredAt: v.enteredAt.toISOString(),
      leftAt: iso(v.leftAt),
      actorName: v.actorName,
      transitionId: v.transitionId,
      reason: v.reason,
      ...visitTimes(def, v, clockRows, now),
    })),
  };
}

/** What the record shows and allows at its current step; nothing is editable once the procedure is closed. */
export function currentView(def: TProcedureDefinition, instance: { state: string; status: string }) {
  const v = stepOf(def, instance.state)?.view ?? { visible: [], editable: [] };
  const editable = instance.status === 'open' ? v.editable : [];
  return { visible: [...new Set([...v.visible, ...v.editable])], editable };
}

export async function instancesOf(db: Db, auth: AuthContext, ref: TRecordRef) {
  const list = await repo.selectInstancesOf(db, ref.type, ref.id);
  return { items: await Promise.all(list.map((i) => view(db, auth, i))) };
}

export async function getInstance(db: Db, auth: AuthContext, id: string) {
  const instance = await repo.selectInstance(db, id);
  if (!instance) throw notFound();
  return view(db, auth, instance);
}

/** Move an instance to its next step; the checks refuse with 403/409/422 before anything is written. */
async function moveTo(
  tx: Executor,
  auth: AuthContext,
  def: TProcedureDefinition,
  instance: repo.InstanceRow,
  to: string,
  how: { transitionId: string; reason: string | null; data: Fields; version: number; system?: boolean },
  now: Date,
) {
  const target = stepOf(def, to);
  const ended = target.kind === 'end';
  const ok = await repo.updateInstanceRow(
    tx,
    instance.id,
    how.version,
    { state: to, data: how.data, status: ended ? 'closed' : 'open', closedAt: ended ? now : null },
    auth.userId,
  );
  if (!ok) throw versionConflict();
  // a contact acting through the portal: the visit and the audit row name the contact, not a user
  const who = auditActor(auth);
  const contact = actingContact(auth);
  await repo.closeVisit(tx, instance.id, {
    leftAt: now,
    leftBy: who.actorId,
    leftByContact: who.actorContactId ?? null,
    transitionId: how.transitionId,
    reason: how.reason,
  });
  await stopClocks(tx, instance.id, now);
  await repo.insertVisit(tx, { instanceId: instance.id, stepId: to, enteredAt: now, enteredBy: who.actorId, enteredByContact: who.actorContactId ?? null });
  if (!ended) await startClock(tx, def, target, instance, now);
  await insertAudit(tx, {
    ...who,
    ref: { type: instance.refType, id: instance.refId },
    action: `procedure.${how.transitionId}`,
    before: { procedure: def.id, state: instance.state },
    after: {
      procedure: def.id,
      state: to,
      ...how.data,
      ...(how.system ? { by: 'system' } : {}),
      ...(contact ? { by: 'portal-contact', contactId: contact.contactId, contact: contact.displayName } : {}),
    },
    reason: how.reason,
  });
  await enqueue(tx, ended ? 'procedure.closed' : 'procedure.entered', { instanceId: instance.id, stepId: to, actorId: auth.userId });
  if (instance.refType === 'order' || (instance.refType === 'complaint' && ended)) {
    // the record's number: the first word of its title (SO-2026-0001 …, CC-2026-3 …)
    const number = (await recordType(instance.refType)?.fetchTitle(tx, instance.refId))?.split(' ')[0] ?? null;
    if (instance.refType === 'order') {
      await emitEvent(tx, 'order.step_changed', { orderId: instance.refId, number, from: instance.state, to, action: how.transitionId, closed: ended });
    } else {
      await emitEvent(tx, 'complaint.closed', { complaintId: instance.refId, number, step: to });
    }
  }
}

/**
 * Perform an action. `at` is when it happened: now for the API; an import or the demo may
 * replay history (never earlier than the step was entered). A person takes the transitions of
 * their lane and roles; `SYSTEM(user)` takes the definition's `actor: system` transitions, and only those.
 */
export async function performTransition(
  db: Db,
  actor: AuthContext | SystemActor | ContactActor,
  instanceId: string,
  req: z.infer<typeof TransitionRequest>,
  at = new Date(),
) {
  const system = isSystem(actor);
  const contact = isContact(actor);
  const auth = system ? actor.onBehalfOf : contact ? asContact(actor) : actor;
  await db.transaction(async (tx) => {
    const instance = await repo.selectInstance(tx, instanceId);
    if (!instance) throw notFound();
    const def = definitionVersion(instance.procedureId, instance.procedureVersion);
    const transition: TTransition | undefined = def.transitions.find((t) => t.id === req.transitionId);
    if (!transition) throw refuse('PROCEDURE_WRONG_STATE', [{ path: 'body.transitionId', code: 'unknown' }]);
    if (instance.version !== req.version) throw versionConflict();
    if (instance.status !== 'open' || transition.from !== instance.state) throw refuse('PROCEDURE_WRONG_STATE');
    const step = stepOf(def, instance.state);
    if (transition.actor === 'system' && !system) throw refuse('PROCEDURE_SYSTEM_STEP', [{ path: 'body.transitionId', code: 'system' }]);
    // a contact takes only what the definition opens to the customer; staff take their lane's with their roles
    if (contact && (transition.actor !== 'user' || !transition.customerContact)) throw refuse('PROCEDURE_NOT_YOUR_STEP');
    if (transition.actor === 'user' && !contact && (system || !mayAct(auth, transition.roles, transition.lane ?? step.lane)))
      throw refuse('PROCEDURE_NOT_YOUR_STEP');
    if (transition.requiresReason && !req.reason?.trim()) throw refuse('REASON_REQUIRED', [{ path: 'body.reason', code: 'required' }]);
    const data: Fields = { ...instance.data, ...req.fields };
    const missing = [...new Set([...transition.fields, ...step.requires])].filter((f) => data[f] === undefined || String(data[f]).trim() === '');
    if (missing.length)
      throw refuse(
        'PROCEDURE_FIELDS_MISSING',
        missing.map((f) => ({ path: `body.fields.${f}`, code: 'required' })),
      );
    if (transition.requiresSignature && !contact) {
      const hash = await selectPasswordHash(tx, auth.userId);
      if (!req.password || !hash || !(await verifyPassword(hash, req.password)))
        throw refuse('SIGNATURE_INVALID', [{ path: 'body.password', code: 'signature' }]);
    }
    const ctx: ProcedureContext = {
      tx,
      auth,
      ref: { type: instance.refType, id: instance.refId },
      instanceId,
      fields: data,
      at,
      system,
      reason: req.reason?.trim() || null,
      contact: actingContact(auth),
    };
    for (const name of transition.guards) {
      const verdict = await guard(name)!(ctx);
      if (verdict !== true) throw refuse('PROCEDURE_GUARD_FAILED', Array.isArray(verdict) ? verdict : [verdict]);
    }
    for (const name of transition.effects) await effect(name)!(ctx);
    await moveTo(
      tx,
      auth,
      def,
      instance,
      transition.to,
      { transitionId: transition.id, reason: req.reason?.trim() || null, data, version: req.version, system },
      at,
    );
  });
  return getInstance(db, auth, instanceId);
}

/** The system's transition from the record's current step (the one `actor: system` transition leaving it), in the caller's transaction. */
export async function performSystemTransition(tx: Executor, actor: SystemActor, ref: TRecordRef, procedureId: string, reason: string | null) {
  const instance = await repo.selectInstanceFor(tx, ref.type, ref.id, procedureId);
  if (!instance || instance.status !== 'open') throw refuse('PROCEDURE_WRONG_STATE');
  const def = definitionVersion(instance.procedureId, instance.procedureVersion);
  const transition = def.transitions.find((t) => t.from === instance.state && t.actor === 'system');
  if (!transition) throw refuse('PROCEDURE_WRONG_STATE');
  return performTransition(tx as Db, actor, instance.id, { version: instance.version, transitionId: transition.id, reason: reason ?? undefined, fields: {} });
}

/** A department's opinion in a parallel sign-off; one rejection sends it back, all accepted moves on. */
export async function signOff(db: Db, auth: AuthContext, instanceId: string, req: z.infer<typeof SignoffRequest>, at = new Date()) {
  await db.transaction(async (tx) => {
    const instance = await repo.selectInstance(tx, instanceId);
    if (!instance) throw notFound();
    if (instance.version !== req.version) throw versionConflict();
    const def = definitionVersion(instance.procedureId, instance.procedureVersion);
    const step = stepOf(def, instance.state);
    if (instance.status !== 'open' || step.kind !== 'signoff' || !step.signoff) throw refuse('PROCEDURE_WRONG_STATE');
    const state = (await signoffState(tx, auth, instance, step))!;
    if (!step.signoff.departments.includes(req.department) || state.signed.some((s) => s.department === req.department)) {
      throw refuse('SIGNOFF_NOT_EXPECTED', [{ path: 'body.department', code: 'not_expected' }]);
    }
    if (!auth.departmentCodes.includes(req.department)) throw refuse('PROCEDURE_NOT_YOUR_STEP');
    if (req.opinion !== 'accept' && !req.comment?.trim()) throw refuse('REASON_REQUIRED', [{ path: 'body.comment', code: 'required' }]);
    await repo.insertSignoff(tx, {
      instanceId,
      stepId: step.id,
      round: state.round,
      department: req.department,
      userId: auth.userId,
      opinion: req.opinion,
      comment: req.comment?.trim() || null,
      at,
    });
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: instance.refType, id: instance.refId },
      action: 'procedure.signoff',
      after: { procedure: def.id, step: step.id, round: state.round, department: req.department, opinion: req.opinion, comment: req.comment ?? null },
    });
    const remaining = step.signoff.departments.filter((d) => d !== req.department && !state.signed.some((s) => s.department === d));
    if (req.opinion !== 'reject' && !remaining.length) {
      // the signature that completes the sign-off: the step's guards first (nothing written when one refuses)
      const ctx: ProcedureContext = {
        tx,
        auth,
        ref: { type: instance.refType, id: instance.refId },
        instanceId,
        fields: instance.data as Fields,
        at,
        system: false,
      };
      for (const name of step.signoff.guards) {
        const verdict = await guard(name)!(ctx);
        if (verdict !== true) throw refuse('PROCEDURE_GUARD_FAILED', Array.isArray(verdict) ? verdict : [verdict]);
      }
    }
    const how = { reason: req.comment?.trim() || null, data: instance.data, version: req.version };
    if (req.opinion === 'reject') await moveTo(tx, auth, def, instance, step.signoff.rejectTo, { ...how, transitionId: `${step.id}:reject` }, at);
    else if (!remaining.length) await moveTo(tx, auth, def, instance, step.signoff.approveTo, { ...how, transitionId: `${step.id}:approve` }, at);
    else if (!(await repo.updateInstanceRow(tx, instanceId, req.version, {}, auth.userId))) throw versionConflict();
  });
  return getInstance(db, auth, instanceId);
}

/** The instance and its current step's clock, for someone who may act in that step's department. */
async function loadForClock(tx: Executor, auth: AuthContext, instanceId: string, version: number) {
  const instance = await repo.selectInstance(tx, instanceId);
  if (!instance) throw notFound();
  if (instance.version !== version) throw versionConflict();
  const def = definitionVersion(instance.procedureId, instance.procedureVersion);
  if (!mayAct(auth, ['staff', 'manager', 'gm', 'vp'], stepOf(def, instance.state).lane)) throw refuse('PROCEDURE_NOT_YOUR_STEP');
  const clock = (await repo.selectClocks(tx, 'procedure', [instance.id])).filter((c) => c.stepId === instance.state && c.status !== 'stopped').at(-1);
  return { instance, clock };
}

/** Pause the step's clock (e.g. waiting for the customer's returned parts), with a reason. */
export async function pauseClock(db: Db, auth: AuthContext, instanceId: string, req: z.infer<typeof PauseClockRequest>) {
  await db.transaction(async (tx) => {
    const { instance, clock } = await loadForClock(tx, auth, instanceId, req.version);
    if (!clock || clock.status !== 'running') throw new AppError('CLOCK_NOT_RUNNING');
    const now = new Date();
    await repo.updateClock(tx, clock.id, { status: 'paused', pausedSince: now, nextCheckAt: null });
    if (!(await repo.updateInstanceRow(tx, instanceId, req.version, {}, auth.userId))) throw versionConflict();
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: instance.refType, id: instance.refId },
      action: 'clock.pause',
      after: { step: instance.state, at: now.toISOString() },
      reason: req.reason,
    });
  });
  return getInstance(db, auth, instanceId);
}

/** Resume: the deadline moves by the time spent paused (net time is what counts). */
export async function resumeClock(db: Db, auth: AuthContext, instanceId: string, req: z.infer<typeof ResumeClockRequest>) {
  await db.transaction(async (tx) => {
    const { instance, clock } = await loadForClock(tx, auth, instanceId, req.version);
    if (!clock || clock.status !== 'paused' || !clock.pausedSince) throw new AppError('CLOCK_NOT_PAUSED');
    const now = new Date();
    const minutes = Math.max(0, Math.round((now.getTime() - clock.pausedSince.getTime()) / 60_000));
    const dueAt = new Date(clock.dueAt.getTime() + minutes * 60_000);
    const pausedMinutes = clock.pausedMinutes + minutes;
    await repo.updateClock(tx, clock.id, {
      status: 'running',
      pausedSince: null,
      pausedMinutes,
      dueAt,
      nextCheckAt: nextCheckAt(clock.startedAt, dueAt, pausedMinutes, clock.escalation, clock.escalatedPercent),
    });
    if (!(await repo.updateInstanceRow(tx, instanceId, req.version, {}, auth.userId))) throw versionConflict();
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: instance.refType, id: instance.refId },
      action: 'clock.resume',
      before: { dueAt: clock.dueAt.toISOString() },
      after: { dueAt: dueAt.toISOString(), pausedMinutes },
      reason: req.reason ?? null,
    });
  });
  return getInstance(db, auth, instanceId);
}

export { instanceRef };
