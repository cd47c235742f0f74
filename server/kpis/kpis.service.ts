import type { z } from 'zod';
import type { Db, Executor } from '../platform/db/client.js';
import { AppError, notFound, versionConflict } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { claimAttachments } from '../platform/files/files.js';
import { recordType } from '../platform/records/record-types.js';
import { siteCalendar } from '../calendar/index.js';
import { selectCustomer } from '../parties/index.js';
import { allDefinitions } from '../procedures/index.js';
import type {
  CreateKpiEventRequest,
  KpiEventQuery,
  KpiQuery,
  KpiRecordsQuery,
  SetKpiTargetRequest,
  TKpiDefinition,
  TKpiValue,
  UpdateKpiEventRequest,
  VoidKpiEventRequest,
} from '../../contracts/kpis.js';
import { calculation, registerCalculations, type Fact } from './calculations.js';
import { kpisDir, loadKpiDefinitions } from './definitions.js';
import * as repo from './kpis.repository.js';

// ---- the catalogue ---------------------------------------------------------------------------------
const byId = new Map<string, Map<number, TKpiDefinition>>();

/** Read `kpis/` once at start-up, after the procedures (a KPI names its process). */
export function initKpis(dirs: string[] = [kpisDir]) {
  registerCalculations();
  byId.clear();
  const processes = new Set(allDefinitions().map((d) => d.latest.id));
  for (const dir of dirs) for (const [id, versions] of loadKpiDefinitions(dir, processes)) byId.set(id, versions);
}

const latest = (versions: Map<number, TKpiDefinition>) => versions.get(Math.max(...versions.keys()))!;
export function kpiDefinitions(): TKpiDefinition[] {
  return [...byId.values()].map(latest).sort((a, b) => a.documentNo.localeCompare(b.documentNo));
}

type Targets = Map<string, { target: number; warning: number }>;
async function currentTargets(db: Executor): Promise<Targets> {
  const out: Targets = new Map();
  for (const t of await repo.selectTargets(db)) out.set(t.kpiId, { target: Number(t.target), warning: Number(t.warning) });
  return out;
}

// ---- values -----------------------------------------------------------------------------------------
type Query = z.infer<typeof KpiQuery>;
const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const monthOfIndex = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
const lastDay = (m: string) => {
  const y = Number(m.slice(0, 4));
  const mo = Number(m.slice(5, 7));
  return `${m}-${String(new Date(Date.UTC(y, mo, 0)).getUTCDate()).padStart(2, '0')}`;
};
const round = (x: number, unit: string) => (unit === 'ppm' ? Math.round(x) : Math.round(x * 100) / 100);

function status(def: { direction: string; target: number; warning: number }, value: number | null) {
  if (value === null) return 'none' as const;
  if (def.direction === 'higher-better') return value >= def.target ? ('green' as const) : value >= def.warning ? ('amber' as const) : ('red' as const);
  return value <= def.target ? ('green' as const) : value <= def.warning ? ('amber' as const) : ('red' as const);
}

export async function scopeOf(db: Db, q: Query) {
  const span = monthIndex(q.to) - monthIndex(q.from);
  if (span < 0 || span >= 36) throw new AppError('KPI_PERIOD_INVALID', [{ path: 'query.to', code: 'range' }]);
  const cal = await siteCalendar(db);
  const fromDate = `${q.from}-01`;
  const toDate = lastDay(q.to);
  const next = monthOfIndex(monthIndex(q.to) + 1);
  let partyIds: string[] | null = q.partyId ? [q.partyId] : null;
  if (q.grade) {
    const graded = await repo.partyIdsOfGrade(db, q.grade);
    partyIds = partyIds ? partyIds.filter((p) => graded.includes(p)) : graded;
  }
  const months = Array.from({ length: span + 1 }, (_, i) => monthOfIndex(monthIndex(q.from) + i));
  return { cal, months, scope: { fromAt: cal.toInstant(fromDate, 0), toAt: cal.toInstant(`${next}-01`, 0), fromDate, toDate, partyIds } };
}

function selected(q: Pick<Query, 'department' | 'process'>, only?: string) {
  return kpiDefinitions().filter(
    (d) => (!only || d.id === only) && (!q.department || d.owner.department === q.department) && (!q.process || d.owner.process === q.process),
  );
}

/** One KPI over the months: the facts (for the drill-down) and the value per month and in total. */
type Shared = Map<string, Promise<unknown>>;
function evaluate(
  db: Db,
  auth: AuthContext,
  def: TKpiDefinition,
  targets: Targets,
  ctx: Awaited<ReturnType<typeof scopeOf>>,
  now: Date,
  memo: Shared = new Map(),
  withRecords = false,
) {
  return repo.withoutJit(db, (tx) => evaluateIn(tx, auth, def, targets, ctx, now, memo, withRecords));
}
async function evaluateIn(
  db: Executor,
  auth: AuthContext,
  def: TKpiDefinition,
  targets: Targets,
  ctx: Awaited<ReturnType<typeof scopeOf>>,
  now: Date,
  memo: Shared,
  withRecords: boolean,
) {
  const calc = calculation(def.calculation)!;
  const t = targets.get(def.id);
  const eff = { ...def, target: t?.target ?? def.target, warning: t?.warning ?? def.warning };
  const shared = <T>(key: string, load: () => Promise<T>) => {
    if (!memo.has(key)) memo.set(key, load());
    return memo.get(key) as Promise<T>;
  };
  const cctx = {
    db,
    cal: ctx.cal,
    scope: ctx.scope,
    period: { from: ctx.months[0]!, to: ctx.months.at(-1)! },
    now,
    params: def.params,
    target: eff.target,
    direction: def.direction,
    shared,
  };
  const hidden = def.confidential && !auth.permissions.has('prices.read');
  // values from the month sums when the calculation has them in SQL and no rows are asked for; else from the rows
  const facts: Fact[] = withRecords || !calc.byMonth ? await calc.run(cctx) : [];
  type Sums = { numerator: number; denominator: number; n: number };
  const sums = new Map<string, Sums>(ctx.months.map((m) => [m, { numerator: 0, denominator: 0, n: 0 }]));
  if (!withRecords && calc.byMonth) {
    for (const a of await calc.byMonth(cctx)) {
      const m = sums.get(a.month);
      if (m) Object.assign(m, { numerator: m.numerator + Number(a.numerator), denominator: m.denominator + Number(a.denominator), n: m.n + Number(a.n) });
    }
  } else {
    for (const f of facts) {
      const m = sums.get(f.month);
      if (m) Object.assign(m, { numerator: m.numerator + f.numerator, denominator: m.denominator + f.denominator, n: m.n + 1 });
    }
  }
  const point = (x: Sums) => {
    const raw =
      calc.aggregate === 'sum'
        ? x.numerator
        : calc.aggregate === 'mean'
          ? x.n
            ? x.numerator / x.n
            : null
          : x.denominator
            ? (x.numerator / x.denominator) * calc.scale
            : null;
    const value = hidden || raw === null ? null : round(raw, def.unit);
    return {
      numerator: hidden ? 0 : round(x.numerator, def.unit),
      denominator: calc.aggregate === 'mean' ? x.n : x.denominator,
      value,
      status: hidden ? ('none' as const) : status(eff, value),
    };
  };
  const total = [...sums.values()].reduce((a, b) => ({ numerator: a.numerator + b.numerator, denominator: a.denominator + b.denominator, n: a.n + b.n }), {
    numerator: 0,
    denominator: 0,
    n: 0,
  });
  const inPeriod = facts.filter((f) => sums.has(f.month));
  const value: TKpiValue = {
    id: def.id,
    version: def.version,
    documentNo: def.documentNo,
    name: def.name,
    description: def.description,
    calculation: def.calculation,
    unit: def.unit,
    direction: def.direction,
    target: eff.target,
    warning: eff.warning,
    targetOverridden: !!t,
    owner: { department: def.owner.department, process: def.owner.process ?? null },
    reviewInput: def.reviewInput,
    hidden,
    months: ctx.months.map((m) => ({ month: m, ...point(sums.get(m)!) })),
    total: point(total),
  };
  return { value, facts: inPeriod, hidden };
}

/**
 * The pack's values, remembered per database and question until the data changes: the key holds the newest audit
 * row (every change writes one in its transaction) and an entry lives at most PACK_MAX_AGE_MS (the "running late"
 * counts move with the clock, not with a write). The dashboard, the scorecard, the turtles and the report ask the
 * same questions again and again between writes; a write anywhere makes the next read compute afresh.
 * `fresh` computes without the memory (the bench's cold figure).
 */
const PACK_MAX_AGE_MS = 60_000;
const PACK_ENTRIES = 200;
const packs = new WeakMap<object, Map<string, { version: string; at: number; result: Promise<{ from: string; to: string; items: TKpiValue[] }> }>>();

export async function kpiValues(db: Db, auth: AuthContext, q: Query, only?: string, opts: { fresh?: boolean } = {}) {
  if (opts.fresh) return computeValues(db, auth, q, only);
  const version = await repo.dataVersion(db);
  const key = JSON.stringify([
    q.from,
    q.to,
    q.partyId ?? null,
    q.grade ?? null,
    q.department ?? null,
    q.process ?? null,
    only ?? null,
    auth.permissions.has('prices.read'),
  ]);
  let memo = packs.get(db);
  if (!memo) packs.set(db, (memo = new Map()));
  const hit = memo.get(key);
  if (hit && hit.version === version && Date.now() - hit.at < PACK_MAX_AGE_MS) return hit.result;
  const result = computeValues(db, auth, q, only);
  memo.delete(key);
  memo.set(key, { version, at: Date.now(), result });
  if (memo.size > PACK_ENTRIES) memo.delete(memo.keys().next().value!);
  // a failed computation is not remembered
  result.catch(() => memo.get(key)?.result === result && memo.delete(key));
  return result;
}

async function computeValues(db: Db, auth: AuthContext, q: Query, only?: string) {
  const ctx = await scopeOf(db, q);
  const targets = await currentTargets(db);
  const now = new Date();
  const items: TKpiValue[] = [];
  const memo: Shared = new Map();
  // side by side: PostgreSQL runs them on the pool's connections (the pack costs its slowest few, not their sum);
  // PGlite has one connection and takes them in turn. Each is one bounded statement (two for PPM).
  for (const r of await Promise.all(selected(q, only).map((def) => evaluate(db, auth, def, targets, ctx, now, memo)))) items.push(r.value);
  return { from: q.from, to: q.to, items };
}

/** The records a value counts: an auditor clicks 87 % and sees the 13 % late ones. */
export async function kpiRecords(db: Db, auth: AuthContext, id: string, q: z.infer<typeof KpiRecordsQuery>) {
  const def = kpiDefinitions().find((d) => d.id === id);
  if (!def) throw new AppError('KPI_NOT_FOUND');
  const ctx = await scopeOf(db, q);
  const { value, facts, hidden } = await evaluate(db, auth, def, await currentTargets(db), ctx, new Date(), new Map(), true);
  const chosen = facts.filter((f) => (!q.month || f.month === q.month) && (q.failing === undefined || f.failing === (q.failing === 'true')));
  const names = await repo.partyNames(db, [...new Set(chosen.map((f) => f.partyId).filter((p): p is string => !!p))]);
  let hiddenCount = 0;
  const items = [];
  for (const f of chosen) {
    const type = recordType(f.ref.type);
    if (!type || !auth.permissions.has(type.readPermission)) {
      hiddenCount++;
      continue;
    }
    items.push({
      ref: f.ref,
      title: f.title,
      url: type.url(f.ref.id),
      month: f.month,
      partyName: f.partyId ? (names.get(f.partyId) ?? null) : null,
      numerator: hidden ? 0 : f.numerator,
      denominator: f.denominator,
      failing: f.failing,
      detail: hidden ? null : (f.detail ?? null),
    });
    if (items.length >= 2000) break;
  }
  items.sort((a, b) => Number(b.failing) - Number(a.failing) || a.month.localeCompare(b.month) || a.title.localeCompare(b.title));
  return { kpi: value, items, hiddenCount };
}

/** The customer's scorecard: every KPI narrowed to the customer, and the ratings they gave us. */
export async function scorecard(db: Db, auth: AuthContext, partyId: string, q: { from: string; to: string }) {
  if (!(await selectCustomer(db, partyId))) throw notFound();
  const values = await kpiValues(db, auth, { from: q.from, to: q.to, partyId });
  const ratings = await repo.selectEvents(db, { partyId, type: 'customer-rating', from: `${q.from}-01`, to: lastDay(q.to) });
  return { partyId, from: q.from, to: q.to, items: values.items, ratings: ratings.map(toEvent) };
}

/** A turtle's indicator box: the process's KPIs, their value over the period and the target. */
export async function processIndicators(db: Db, auth: AuthContext, process: string, q: { from: string; to: string }) {
  const values = await kpiValues(db, auth, { from: q.from, to: q.to, process });
  return {
    process,
    from: q.from,
    to: q.to,
    items: values.items.map((v) => ({
      kpiId: v.id,
      name: v.name,
      unit: v.unit,
      target: v.target,
      value: v.total.value,
      status: v.total.status,
      hidden: v.hidden,
    })),
  };
}

// ---- definitions and targets -------------------------------------------------------------------------
export async function listDefinitions(db: Db) {
  const history = await repo.selectTargets(db);
  const targets = await currentTargets(db);
  return {
    items: kpiDefinitions().map((d) => {
      const t = targets.get(d.id);
      return {
        definition: t ? { ...d, target: t.target, warning: t.warning } : d,
        versions: [...byId.get(d.id)!.keys()].sort((a, b) => a - b),
        targets: [
          { target: d.target, warning: d.warning, reason: `kpis/${d.id}/v${d.version}.yaml`, at: new Date(0).toISOString(), byName: null },
          ...history
            .filter((h) => h.kpiId === d.id)
            .map((h) => ({ target: Number(h.target), warning: Number(h.warning), reason: h.reason, at: h.at.toISOString(), byName: h.byName })),
        ],
      };
    }),
  };
}

/** A new target version over the file's values, with its reason; audited in the same transaction. */
export async function setTarget(db: Db, auth: AuthContext, id: string, input: z.infer<typeof SetKpiTargetRequest>) {
  const def = kpiDefinitions().find((d) => d.id === id);
  if (!def) throw new AppError('KPI_NOT_FOUND');
  if ((def.direction === 'higher-better' && input.warning > input.target) || (def.direction === 'lower-better' && input.warning < input.target)) {
    throw new AppError('KPI_THRESHOLDS_INVALID', [{ path: 'body.warning', code: 'direction' }]);
  }
  await db.transaction(async (tx) => {
    const before = (await currentTargets(tx)).get(id) ?? { target: def.target, warning: def.warning };
    await repo.insertTarget(tx, { kpiId: id, ...input }, auth.userId);
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'kpi', id },
      action: 'kpi.target',
      before,
      after: { target: input.target, warning: input.warning },
      reason: input.reason,
    });
  });
  return listDefinitions(db);
}

// ---- events --------------------------------------------------------------------------------------------
function toEvent(r: NonNullable<repo.EventRow>) {
  return {
    id: r.id,
    type: r.type as 'premium-freight',
    partyId: r.partyId,
    partyName: r.partyName,
    occurredOn: r.occurredOn,
    cost: r.cost === null ? null : Number(r.cost),
    score: r.score === null ? null : Number(r.score),
    cause: r.cause,
    note: r.note,
    attachmentIds: r.attachmentIds,
    voided: r.voidedAt !== null,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function listEvents(db: Db, q: z.infer<typeof KpiEventQuery>) {
  return { items: (await repo.selectEvents(db, q)).map(toEvent) };
}

export async function getEvent(db: Db, id: string) {
  const r = await repo.selectEvent(db, id);
  if (!r) throw notFound();
  return toEvent(r);
}

const auditView = (v: {
  occurredOn?: string;
  cost?: number | null;
  score?: number | null;
  cause?: string | null;
  note?: string | null;
  type?: string;
  partyId?: string;
}) => v;

export async function createEvent(db: Db, auth: AuthContext, input: z.infer<typeof CreateKpiEventRequest>) {
  if (input.type === 'customer-rating' && (input.score === null || input.score === undefined))
    throw new AppError('KPI_EVENT_SCORE_REQUIRED', [{ path: 'body.score', code: 'required' }]);
  const id = await db.transaction(async (tx) => {
    if (!(await selectCustomer(tx, input.partyId))) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.partyId', code: 'not_found' }]);
    const v = {
      type: input.type,
      partyId: input.partyId,
      occurredOn: input.occurredOn,
      cost: input.cost === null || input.cost === undefined ? null : String(input.cost),
      score: input.score === null || input.score === undefined ? null : String(input.score),
      cause: input.cause,
      note: input.note,
      attachmentIds: input.attachmentIds,
    };
    const newId = await repo.insertEvent(tx, v, auth.userId);
    if (input.attachmentIds.length) await claimAttachments(tx, auth, input.attachmentIds, { type: 'kpi-event', id: newId });
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'kpi-event', id: newId }, action: 'create', after: auditView({ ...input }) });
    return newId;
  });
  return getEvent(db, id);
}

export async function updateEvent(db: Db, auth: AuthContext, id: string, input: z.infer<typeof UpdateKpiEventRequest>) {
  await db.transaction(async (tx) => {
    const before = await repo.selectEvent(tx, id);
    if (!before) throw notFound();
    if (before.voidedAt) throw new AppError('KPI_EVENT_VOIDED');
    if (before.type === 'customer-rating' && (input.score === null || input.score === undefined))
      throw new AppError('KPI_EVENT_SCORE_REQUIRED', [{ path: 'body.score', code: 'required' }]);
    const fresh = input.attachmentIds.filter((a) => !before.attachmentIds.includes(a));
    const ok = await repo.updateEvent(
      tx,
      id,
      input.version,
      {
        occurredOn: input.occurredOn,
        cost: input.cost === null || input.cost === undefined ? null : String(input.cost),
        score: input.score === null || input.score === undefined ? null : String(input.score),
        cause: input.cause,
        note: input.note,
        attachmentIds: input.attachmentIds,
      },
      auth.userId,
    );
    if (!ok) throw versionConflict();
    if (fresh.length) await claimAttachments(tx, auth, fresh, { type: 'kpi-event', id });
    const b = toEvent(before);
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'kpi-event', id },
      action: 'update',
      before: auditView({ occurredOn: b.occurredOn, cost: b.cost, score: b.score, cause: b.cause, note: b.note }),
      after: auditView({ occurredOn: input.occurredOn, cost: input.cost ?? null, score: input.score ?? null, cause: input.cause, note: input.note }),
    });
  });
  return getEvent(db, id);
}

export async function voidEvent(db: Db, auth: AuthContext, id: string, input: z.infer<typeof VoidKpiEventRequest>) {
  await db.transaction(async (tx) => {
    const before = await repo.selectEvent(tx, id);
    if (!before) throw notFound();
    if (before.voidedAt) throw new AppError('KPI_EVENT_VOIDED');
    if (!(await repo.updateEvent(tx, id, input.version, { voidedAt: new Date(), voidReason: input.reason }, auth.userId))) throw versionConflict();
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'kpi-event', id }, action: 'void', reason: input.reason });
  });
  return getEvent(db, id);
}
