import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Db } from '../platform/db/client.js';
import { notFound } from '../platform/http/app-error.js';
import { insertAudits, type AuditInput } from '../platform/audit/audit.repository.js';
import { siteDate } from '../calendar/index.js';
import { SegmentRules, type TCustomerSegment, type TSegmentRules } from '../../contracts/segments.js';
import * as repo from './segments.repository.js';
import { selectCustomer } from './parties.repository.js';

const rulesFile = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../crm/segmentation.yaml');

/** The segmentation rules (crm/segmentation.yaml), read and checked at each refresh; a bad file names itself. */
export function loadSegmentRules(file = rulesFile): TSegmentRules {
  const parsed = SegmentRules.safeParse(parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`${path.relative(process.cwd(), file)}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** A score 1–5: one more for each bound the value reaches (bounds from the worst). */
function score(value: number, bounds: readonly number[], lowerIsBetter = false): number {
  return 1 + bounds.filter((b) => (lowerIsBetter ? value <= b : value >= b)).length;
}

function minusMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 - months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last) + 1); // the day after the same date months back: a 12-month period ends today
  return first.toISOString().slice(0, 10);
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

export interface ComputedSegment {
  partyId: string;
  abcClass: 'A' | 'B' | 'C' | null;
  recencyScore: number | null;
  frequencyScore: number | null;
  monetaryScore: number | null;
  highValue: boolean;
  orderCount: number;
  lastOrderDate: string | null;
  revenue: string;
  cadenceDays: number;
}

/** ABC by cumulative revenue share, RFM scores, the high-value flag and the segment's cadence — pure, from the figures. */
export function computeSegments(customerIds: string[], figures: repo.OrderFigures[], rules: TSegmentRules, asOf: string): ComputedSegment[] {
  const byParty = new Map(figures.map((f) => [f.partyId, f]));
  const ranked = customerIds
    .map((id) => ({ id, f: byParty.get(id), revenue: Number(byParty.get(id)?.revenue ?? 0) }))
    .sort((a, b) => b.revenue - a.revenue || a.id.localeCompare(b.id));
  const total = ranked.reduce((s, r) => s + r.revenue, 0);
  const top = ranked[0]?.revenue ?? 0;
  let before = 0;
  return ranked.map(({ id, f, revenue }) => {
    const share = total > 0 ? before / total : 1;
    before += revenue;
    const abcClass = revenue <= 0 ? null : share < rules.abc.a ? 'A' : share < rules.abc.b ? 'B' : 'C';
    const ordered = !!f && f.orderCount > 0;
    const recencyScore = ordered && f.lastOrderDate ? score(daysBetween(f.lastOrderDate, asOf), rules.rfm.recencyDays, true) : null;
    const frequencyScore = ordered ? score(f.orderCount, rules.rfm.frequency) : null;
    const monetaryScore = ordered ? score(top > 0 ? revenue / top : 0, rules.rfm.monetaryShare) : null;
    const rfmTotal = (recencyScore ?? 0) + (frequencyScore ?? 0) + (monetaryScore ?? 0);
    return {
      partyId: id,
      abcClass,
      recencyScore,
      frequencyScore,
      monetaryScore,
      highValue: abcClass === 'A' || (ordered && rfmTotal >= rules.highValue.rfmTotalAtLeast),
      orderCount: f?.orderCount ?? 0,
      lastOrderDate: f?.lastOrderDate ?? null,
      revenue: f?.revenue ?? '0.00',
      cadenceDays: rules.cadenceDays[abcClass ?? 'none'],
    };
  });
}

/**
 * Recompute every customer's segment from the orders and store it (one transaction). Audited per customer whose
 * class, high-value flag or cadence changed (before/after, without revenue figures: the trail is read without prices.read).
 */
export async function refreshSegments(db: Db, actorId: string | null, opts: { asOf?: string | undefined; rules?: TSegmentRules } = {}) {
  const rules = opts.rules ?? loadSegmentRules();
  const asOf = opts.asOf ?? siteDate();
  const from = minusMonths(asOf, rules.periodMonths);
  const computedAt = new Date();
  return db.transaction(async (tx) => {
    const [ids, figures, previous] = await Promise.all([
      repo.selectActiveCustomerIds(tx),
      repo.selectOrderFigures(tx, from, asOf, rules.currency),
      repo.selectSegments(tx),
    ]);
    const computed = computeSegments(ids, figures, rules, asOf);
    await repo.replaceSegments(
      tx,
      computed.map((c) => ({ ...c, currency: rules.currency, periodFrom: from, periodTo: asOf, rulesVersion: rules.version, computedAt, computedBy: actorId })),
    );
    const old = new Map(previous.map((p) => [p.partyId, p]));
    const audits: AuditInput[] = [];
    for (const c of computed) {
      const p = old.get(c.partyId);
      if (p && p.abcClass === c.abcClass && p.highValue === c.highValue && p.cadenceDays === c.cadenceDays) continue;
      audits.push({
        actorId,
        ref: { type: 'customer', id: c.partyId },
        action: 'segment',
        before: p ? { abcClass: p.abcClass, highValue: p.highValue, segmentCadenceDays: p.cadenceDays } : null,
        after: {
          abcClass: c.abcClass,
          highValue: c.highValue,
          segmentCadenceDays: c.cadenceDays,
          periodFrom: from,
          periodTo: asOf,
          rulesVersion: rules.version,
        },
      });
    }
    await insertAudits(tx, audits);
    const count = (k: 'A' | 'B' | 'C' | null) => computed.filter((c) => c.abcClass === k).length;
    return {
      computedAt: computedAt.toISOString(),
      periodFrom: from,
      periodTo: asOf,
      customers: computed.length,
      counts: { A: count('A'), B: count('B'), C: count('C'), none: count(null), highValue: computed.filter((c) => c.highValue).length },
    };
  });
}

/** Nightly: refresh once the stored segments are from an earlier site day (or there are none). */
export async function refreshSegmentsIfStale(db: Db) {
  const last = await repo.selectLastComputedAt(db);
  if (last && siteDate(last) === siteDate()) return null;
  return refreshSegments(db, null);
}

/** A customer's stored segment (null before the first refresh or for a customer added since). */
export async function getCustomerSegment(db: Db, partyId: string): Promise<{ segment: TCustomerSegment | null }> {
  const customer = await selectCustomer(db, partyId);
  if (!customer) throw notFound();
  const s = await repo.selectSegment(db, partyId);
  if (!s) return { segment: null };
  const scores = [s.recencyScore, s.frequencyScore, s.monetaryScore];
  return {
    segment: {
      partyId: s.partyId,
      abcClass: s.abcClass as 'A' | 'B' | 'C' | null,
      recencyScore: s.recencyScore,
      frequencyScore: s.frequencyScore,
      monetaryScore: s.monetaryScore,
      rfm: scores.every((x) => x !== null) ? scores.join('') : null,
      highValue: s.highValue,
      orderCount: s.orderCount,
      lastOrderDate: s.lastOrderDate,
      revenue: s.revenue,
      currency: s.currency,
      periodFrom: s.periodFrom,
      periodTo: s.periodTo,
      segmentCadenceDays: s.cadenceDays,
      effectiveCadenceDays: customer.contactCadenceDays ?? s.cadenceDays,
      rulesVersion: s.rulesVersion,
      computedAt: s.computedAt.toISOString(),
    },
  };
}
