import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { adminClient, engines, testApp } from '../support/harness.js';

const anything = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));

describe.each(engines())('bad input on %s', (engine) => {
  it('never gets a 5xx and never writes a partial record (property)', async () => {
    const { app, database } = await testApp(engine);
    const { api } = await adminClient(app);
    const customer = (await api.post('/api/customers', { code: 'P1', nameZh: '属性测试' })).json();
    const [before] = await rows<{ c: number; a: number }>(database.db, sql`select (select count(*)::int from communications) as c, (select count(*)::int from audit_log) as a`);
    await fc.assert(
      fc.asyncProperty(
        fc.record({ partyId: fc.oneof(fc.constant(customer.id), fc.uuid(), anything), channel: anything, direction: anything, occurredAt: anything, subject: anything, content: anything, links: anything, attachmentIds: anything }, { requiredKeys: [] }),
        fc.constantFrom('/api/communications', '/api/customers', `/api/customers/${customer.id}/contacts`),
        async (body, url) => {
          const res = await api.post(url, body);
          if (res.statusCode >= 500) throw new Error(`${url} ${res.statusCode} ${res.body}`);
          if (res.statusCode >= 400) expect(res.headers['content-type']).toContain('application/problem+json');
        },
      ),
      { numRuns: 60, seed: 20261126 },
    );
    const [after] = await rows<{ c: number; a: number }>(database.db, sql`select (select count(*)::int from communications) as c, (select count(*)::int from audit_log) as a`);
    // every accepted write is audited; none of the random communications could be valid
    expect(after!.c).toBe(before!.c);
  });
});
