import { refusalMessages, refusalReasons, type ErrorCode, type RefusalParam, type RefusalReason } from '../../contracts/errors.js';
import { AppError, type FieldError } from '../platform/http/app-error.js';

/**
 * The one way a step, a lane, a state or a guard says no. `refuse(code)` is the error to throw — the
 * code's status and message come from the error registry (contracts/errors.ts): the engine's
 * PROCEDURE_WRONG_STATE / PROCEDURE_NOT_YOUR_STEP / PROCEDURE_GUARD_FAILED…, a feature's
 * ORDER_NOT_EDITABLE when a panel is closed at the record's step. `because(path, reason, params)` is a
 * guard's answer: the field it names and a reason from the registry's `refusalReasons`, in both languages.
 */
export function refuse(code: ErrorCode, fields?: FieldError[]): AppError {
  return new AppError(code, fields);
}

export function because(path: string, reason: RefusalReason, params?: Record<string, RefusalParam>): FieldError {
  return { path, code: refusalReasons[reason].code, messages: refusalMessages(reason, params) };
}
