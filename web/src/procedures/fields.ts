import { channels } from '../../../contracts/parties.js';
import type { TFormField, TProcedureDefinition } from '../../../contracts/procedures.js';

/**
 * The fields a transition's form asks come with the action (`AvailableAction.form`): label, kind and
 * choices are declared in the procedure definition (procedures/<id>/vN.yaml `fields:`), not here.
 * This file only knows how each kind is asked for.
 */
export type FieldKind = TFormField['kind'];

/** The channels a channel field offers: the definition's list, or every channel of the communication log. */
export function channelOptions(field: Pick<TFormField, 'channels'>): (typeof channels)[number][] {
  return field.channels?.length ? channels.filter((c) => field.channels!.includes(c)) : [...channels];
}

/** A field's label in the definition (a step's `requires`, a transition's `fields`), or its name when undeclared. */
export function definitionFieldLabel(def: Pick<TProcedureDefinition, 'fields'>, name: string) {
  return def.fields[name]?.label ?? { zh: name, en: name };
}
