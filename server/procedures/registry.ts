import type { Executor } from '../platform/db/client.js';
import type { AuthContext } from '../platform/http/access.js';
import type { TRecordRef } from '../../contracts/common.js';
import type { FieldError } from '../platform/http/app-error.js';
import type { TDeadline } from '../../contracts/procedures.js';

export interface ProcedureContext {
  tx: Executor;
  auth: AuthContext;
  ref: TRecordRef;
  instanceId: string;
  /** the fields given with the action, merged over the instance's data */
  fields: Record<string, string | number | boolean>;
  /** when the action happens (the transition's time; now when absent) */
  at?: Date;
  /** taken by the system (`actor: system`) on behalf of `auth`, not by `auth` in their lane */
  system?: boolean;
  /** the reason given with this action (a `requiresReason` transition always has one) */
  reason?: string | null;
  /** taken by a customer's contact through the portal (`auth` is then the recorder, marked with the contact) */
  contact?: { contactId: string; partyId: string; displayName: string } | null;
}

/** A guard answers whether the transition may happen now; a refusal names the field (or each missing item). */
export type Guard = (ctx: ProcedureContext) => Promise<true | FieldError | FieldError[]>;
/** An effect changes records inside the transition's transaction (never mail or HTTP). */
export type Effect = (ctx: ProcedureContext) => Promise<void>;

const guards = new Map<string, Guard>();
const effects = new Map<string, Effect>();

export function registerGuard(name: string, guard: Guard) {
  guards.set(name, guard);
}
export function registerEffect(name: string, effect: Effect) {
  effects.set(name, effect);
}
export const guardNames = () => new Set(guards.keys());
export const effectNames = () => new Set(effects.keys());
export const guard = (name: string) => guards.get(name);
export const effect = (name: string) => effects.get(name);

/**
 * A record's own deadline for a step (a customer's timing template for complaints); null keeps the
 * definition's. Looked up by procedure id when a step's clock starts.
 */
export type DeadlineOverride = (tx: Executor, ref: TRecordRef, stepId: string) => Promise<TDeadline | null>;
const deadlineOverrides = new Map<string, DeadlineOverride>();
export function registerDeadlineOverride(procedureId: string, fn: DeadlineOverride) {
  deadlineOverrides.set(procedureId, fn);
}
export const deadlineOverride = (procedureId: string) => deadlineOverrides.get(procedureId);

/**
 * The panels of a record type's page that steps may show or open for editing (`view:` in a definition).
 * The feature that owns the record type registers them; the definition checker refuses any other name.
 */
const panels = new Map<string, Set<string>>();
export function registerPanels(recordType: string, names: readonly string[]) {
  panels.set(recordType, new Set([...(panels.get(recordType) ?? []), ...names]));
}
export const panelNames = (recordType: string): Set<string> | undefined => panels.get(recordType);
