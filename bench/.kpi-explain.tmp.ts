import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as repo from '../server/kpis/kpis.repository.js';
import { kpiEventTypes } from '../contracts/kpis.js';
const url = process.argv[2]!;
const only = process.argv[3];
const client = new pg.Client(url); await client.connect();
const dialect = new PgDialect();
let captured: SQL | null = null;
const fake: any = { execute: async (q: SQL) => { captured = q; return { rows: [] }; } };
const scope: repo.Scope = { fromAt: new Date('2025-10-31T16:00:00Z'), toAt: new Date('2026-10-31T16:00:00Z'), fromDate: '2025-11-01', toDate: '2026-10-31', partyIds: null };
const now = new Date();
const tz = 'Asia/Shanghai';
const st: [string, () => Promise<unknown>][] = [
  ['timeliness', () => repo.complaintTimeliness(fake, scope, now)],
  ['ack', () => repo.complaintAcknowledgements(fake, scope)],
  ['enquiry', () => repo.stepStays(fake, scope, 'enquiry', 'received')],
  ['8d', () => repo.stepClocks(fake, scope, 'complaint', ['d3-containment', 'd4-root-cause', 'customer-confirmation'])],
  ['followups', () => repo.actionsDue(fake, scope, { sourceType: 'quotation', purpose: 'quotation.follow-up' })],
  ['actions', () => repo.actionsDue(fake, scope, {})],
  ['verified', () => repo.actionsVerified(fake, scope)],
  ['review', () => repo.contractReviews(fake, scope)],
  ['shipments', () => repo.shipmentMonths(fake, scope, tz)],
  ['reconf', () => repo.reconfirmedByMonth(fake, scope, tz)],
  ['repeat', () => repo.repeatComplaints(fake, scope, 12)],
  ['ppm', () => repo.defectiveQuantities(fake, scope)],
  ['events', () => repo.eventsInScope(fake, scope, kpiEventTypes)],
  ['survey', () => repo.surveyResponses(fake, scope)],
  ['recipients', () => repo.surveyRecipients(fake, scope)],
];
for (const [name, f] of st) {
  if (only && name !== only) continue;
  await f();
  const q = dialect.sqlToQuery(captured!);
  const r = await client.query({ text: 'explain (analyze, buffers) ' + q.sql, values: q.params as unknown[] });
  const lines = r.rows.map((x: any) => x['QUERY PLAN']);
  console.log(`== ${name}: ${lines.at(-1)}`);
  if (only) console.log(lines.join('\n'));
}
await client.end();
