import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { sensitiveFields } from './sensitive.js';
import fs from 'node:fs';

const reserved = new Set<string>(Object.values(sensitiveFields).flatMap((c) => [...c.fields]));

/** Every place a reserved field name appears as a required key (redaction would break serialisation). */
function requiredReserved(schema: z.ZodType, path: string, out: string[], seen = new Set<unknown>()) {
  if (seen.has(schema)) return;
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  const walk = (s: unknown, p: string) => requiredReserved(s as z.ZodType, p, out, seen);
  switch (def.type) {
    case 'object':
      for (const [key, value] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        if (reserved.has(key) && !value.safeParse(undefined).success) out.push(`${path}.${key}`);
        walk(value, `${path}.${key}`);
      }
      break;
    case 'array':
      walk(def.element, `${path}[]`);
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
      walk(def.innerType, path);
      break;
    case 'union':
      (def.options as unknown[]).forEach((o, i) => walk(o, `${path}|${i}`));
      break;
    case 'record':
      walk(def.valueType, `${path}{}`);
      break;
    case 'pipe':
      walk(def.in, path);
      walk(def.out, path);
      break;
  }
}

describe('confidential field names', () => {
  it('are optional wherever a contract uses them, so the server can strip them for any viewer', async () => {
    const out: string[] = [];
    // every contract module, so a new feature's contracts are checked without anyone adding them here
    const files = fs.readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const modules: Record<string, Record<string, unknown>> = {};
    for (const f of files) modules[f.replace(/\.ts$/, '')] = (await import(`./${f.replace(/\.ts$/, '.js')}`)) as Record<string, unknown>;
    expect(Object.keys(modules)).toEqual(expect.arrayContaining(['orders', 'products', 'communications', 'parties']));
    let schemas = 0;
    for (const [mod, exports] of Object.entries(modules)) {
      for (const [name, value] of Object.entries(exports)) {
        if (value && typeof value === 'object' && '_zod' in value) {
          schemas++;
          requiredReserved(value as z.ZodType, `${mod}.${name}`, out);
        }
      }
    }
    expect(schemas).toBeGreaterThan(50);
    // a request body is never serialised by the server; only these ask a person for their own data, on a public route
    const ownDataRequests = new Set(['portal.RequestLinkRequest.email', 'portal.PortalPasswordSignInRequest.email']); // a customer's contact types their own address to get a sign-in link or to sign in with a password
    expect(out.filter((p) => !ownDataRequests.has(p))).toEqual([]);
  });
});
