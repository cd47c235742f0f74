export type FieldPath = (string | number)[];

/** `body.contacts.0.name` → `['contacts', 0, 'name']` (the antd field name). */
export function problemPathToField(path: string): FieldPath {
  const parts = path
    .replace(/^(body|query|params)(\.|$)/, '')
    .split('.')
    .filter((p) => p !== '');
  return parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}
