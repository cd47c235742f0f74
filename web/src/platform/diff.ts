/** Fields that change on every write and say nothing to a reader of the history. */
export const NOISE_FIELDS = new Set(['version', 'updatedAt', 'updatedBy', 'updatedById', 'createdAt', 'createdBy', 'createdById', 'id', 'seq']);

/** The order a reader expects (the database may keep JSON keys in any order). */
const FIELD_ORDER = [
  'number',
  'code',
  'username',
  'nameZh',
  'nameEn',
  'name',
  'displayName',
  'title',
  'partyCode',
  'partyName',
  'contactName',
  'ourUserName',
  'occurredAt',
  'channel',
  'direction',
  'topic',
  'subject',
  'content',
  'result',
  'followUpDue',
  'followUpDoneAt',
  'grade',
  'status',
  'ownerName',
  'contactCadenceDays',
  'preferredLanguage',
  'acceptedByGm',
  'mobile',
  'phone',
  'email',
  'im',
  'preferredChannel',
  'isPrimary',
  'notes',
  'attachments',
  'links',
  'voided',
  'voidReason',
];
export function fieldRank(field: string): number {
  const i = FIELD_ORDER.indexOf(field);
  return i < 0 ? FIELD_ORDER.length : i;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** JSON with sorted keys, so {a,b} and {b,a} compare equal. */
export function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(Object.entries(val as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : val,
  );
}

export function sameValue(a: unknown, b: unknown): boolean {
  const na = a === undefined ? null : a;
  const nb = b === undefined ? null : b;
  return stableJson(na) === stableJson(nb);
}

/**
 * What changed from `before` to `after`: one row per field whose value differs, in the
 * order the fields appear (after's first). A created record lists its filled fields.
 */
export function diffRecords(before: Record<string, unknown> | null, after: Record<string, unknown> | null): FieldChange[] {
  const b = before ?? {};
  const a = after ?? {};
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort((x, y) => fieldRank(x) - fieldRank(y));
  const out: FieldChange[] = [];
  for (const field of keys) {
    if (NOISE_FIELDS.has(field)) continue;
    // ownerId next to ownerName: the name says it to a reader
    if (field.endsWith('Id') && (`${field.slice(0, -2)}Name` in a || `${field.slice(0, -2)}Name` in b)) continue;
    if (sameValue(b[field], a[field])) continue;
    // a new record: list what was filled in, not every empty or "no" field
    if (!before && (a[field] === null || a[field] === '' || a[field] === false || (Array.isArray(a[field]) && (a[field] as unknown[]).length === 0))) continue;
    out.push({ field, before: b[field], after: a[field] });
  }
  return out;
}

export function versionOf(rec: Record<string, unknown> | null): number | null {
  const v = rec?.version;
  return typeof v === 'number' ? v : null;
}
