import { sensitiveFields, type SensitiveClass } from '../../../contracts/sensitive.js';

const fieldClass = new Map<string, SensitiveClass>();
for (const [cls, def] of Object.entries(sensitiveFields) as [SensitiveClass, (typeof sensitiveFields)[SensitiveClass]][]) {
  for (const f of def.fields) fieldClass.set(f, cls);
}

/** The sensitive class of a reserved field name, if it is one. */
export function sensitiveClassOf(field: string): SensitiveClass | undefined {
  return fieldClass.get(field);
}

/** Which sensitive classes a holder of these permissions may see. */
export function visibleClasses(permissions: ReadonlySet<string>): Set<SensitiveClass> {
  const out = new Set<SensitiveClass>();
  for (const [cls, def] of Object.entries(sensitiveFields) as [SensitiveClass, (typeof sensitiveFields)[SensitiveClass]][]) {
    if (permissions.has(def.permission)) out.add(cls);
  }
  return out;
}

/**
 * Removes every reserved sensitive field the viewer may not see, at any depth — records,
 * lists, search hits and the before/after of audit history alike. Returns a copy.
 */
export function redact<T>(value: T, visible: ReadonlySet<SensitiveClass>): T {
  if (visible.size === Object.keys(sensitiveFields).length) return value;
  return walk(value, visible) as T;
}

function walk(value: unknown, visible: ReadonlySet<SensitiveClass>): unknown {
  if (Array.isArray(value)) return value.map((v) => walk(v, visible));
  if (value === null || typeof value !== 'object' || value instanceof Date || Buffer.isBuffer(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const cls = fieldClass.get(k);
    if (cls && !visible.has(cls)) continue;
    out[k] = walk(v, visible);
  }
  return out;
}
