import type { Executor } from '../platform/db/client.js';
import type { TRecordRef } from '../../contracts/common.js';
import type { ErrorCode } from '../../contracts/errors.js';
import { definitionVersion } from './catalogue.js';
import { currentView } from './engine.service.js';
import { selectInstanceFor } from './procedures.repository.js';
import { refuse } from './refuse.js';

/**
 * What a record's procedure shows and allows now, read from its definition (the version the record is
 * pinned to): the current step, whether it is open, the panels visible and editable there. Null when the
 * procedure is not running on the record. Services ask this instead of keeping their own step lists.
 */
export async function stepView(db: Executor, ref: TRecordRef, procedureId: string) {
  const instance = await selectInstanceFor(db, ref.type, ref.id, procedureId);
  if (!instance) return null;
  const def = definitionVersion(instance.procedureId, instance.procedureVersion);
  return { state: instance.state, open: instance.status === 'open', ...currentView(def, instance) };
}

/**
 * Refuse with the feature's code unless the record's current step opens `panel` for editing.
 * `whenNoProcedure` decides for a record the procedure does not run on (an order entered before the
 * procedure existed stays editable: true).
 */
export async function assertEditable(db: Executor, ref: TRecordRef, procedureId: string, panel: string, code: ErrorCode, whenNoProcedure = false) {
  const view = await stepView(db, ref, procedureId);
  if (view ? !view.editable.includes(panel) : !whenNoProcedure) throw refuse(code);
  return view;
}
