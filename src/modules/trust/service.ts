import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../platform/db/client.js';
import { residentEvidence, residentProfiles } from './schema.js';
import { advanceCursor, claimCursor, inTransaction, readEventsAfter, type StoredEvent } from '../../platform/events/service.js';
import { betaBounds, instantRefundQuotaYuan, orderCredibility, residentLevel, RESIDENT_EVIDENCE, RESIDENT_PRIOR, type Evidence, type ResidentLevel } from './formulas.js';

export const CONSUMER = 'trust.evidence';
const DAY = 86_400_000;

type EvidenceRow = typeof residentEvidence.$inferSelect;

type NewEvidence = { userId: string; communityId: string | null; kind: string; good: boolean; severity: number; credibility: number; occurredAt: Date; sourceEventId: number; subjectId: string };

/** The events this consumer reads. */
export const TRUST_EVENT_TYPES = ['order.picked_up', 'order.not_collected', 'handover.disputed', 'claim.decided', 'claim.reviewed'] as const;

/** One of those events as stored: its type decides its payload. */
export type EventRow = StoredEvent<(typeof TRUST_EVENT_TYPES)[number]>;

/** Turns one claim event into evidence about a resident, or nothing. */
function claimEvidence(event: EventRow): NewEvidence | null {
  // TRUST.md §2: a claim verified as valid is good evidence; rejected on review k = 3; fraud k = 10.
  // Automatic refunds are neither: nobody has looked at them yet.
  const claimOutcome = (userId: string, outcome: 'valid' | 'invalid' | 'fraud') => {
    if (!userId) return null;
    const base = { userId, communityId: event.communityId, credibility: 1, occurredAt: event.occurredAt, sourceEventId: event.id, subjectId: event.subjectId };
    if (outcome === 'valid') return { ...base, kind: 'claim_upheld', good: true, severity: 1 };
    if (outcome === 'fraud') return { ...base, kind: 'claim_fraud', good: false, severity: RESIDENT_EVIDENCE.severity.claimFraud };
    return { ...base, kind: 'claim_rejected', good: false, severity: RESIDENT_EVIDENCE.severity.claimRejected };
  };
  if (event.type === 'claim.decided' && event.payload.final && event.payload.reviewed) {
    return claimOutcome(event.payload.residentId, event.payload.fraud ? 'fraud' : event.payload.upheld ? 'valid' : 'invalid');
  }
  if (event.type === 'claim.reviewed') return claimOutcome(event.payload.residentId, event.payload.outcome);
  return null;
}

/**
 * Turns a batch of events into evidence. TRUST.md §2 counts a paid order picked up, not each of
 * its lines: the lines of one order handed over in one hand-over ('order.picked_up' per line)
 * are one good event, its credibility from their amount together, kept under the first line's
 * id so a dispute of that hand-over can take it back. Lines of one order left uncollected in one
 * group buy are one no-show (k = 0.5). Events from before baskets (no orderId) stand alone.
 */
export function evidenceFrom(events: EventRow[]): NewEvidence[] {
  const out: NewEvidence[] = [];
  const groups = new Map<string, { first: EventRow; userId: string; totalFen: number }>();
  for (const e of events) {
    if (e.type === 'order.picked_up' || e.type === 'order.not_collected') {
      const userId = e.payload.residentId;
      if (!userId) continue;
      // Events from before baskets carry no orderId (and no hand-over): each stands alone.
      const orderId = e.payload.orderId;
      const key = !orderId ? `${e.type}:event:${e.id}`
        : e.type === 'order.picked_up' ? `${e.type}:${orderId}:${e.payload.handoverId ?? e.id}` : `${e.type}:${orderId}:${e.payload.groupBuyId ?? e.id}`;
      const g = groups.get(key);
      if (g) g.totalFen += Number(e.payload.totalFen ?? 0);
      else groups.set(key, { first: e, userId, totalFen: Number(e.payload.totalFen ?? 0) });
      continue;
    }
    const c = claimEvidence(e);
    if (c) out.push(c);
  }
  for (const { first, userId, totalFen } of groups.values()) {
    const base = { userId, communityId: first.communityId, occurredAt: first.occurredAt, sourceEventId: first.id, subjectId: first.subjectId };
    if (first.type === 'order.picked_up') out.push({ ...base, kind: 'order_picked_up', good: true, severity: 1, credibility: orderCredibility(totalFen) });
    else out.push({ ...base, kind: 'no_show', good: false, severity: RESIDENT_EVIDENCE.severity.noShow, credibility: 1 });
  }
  return out.sort((a, b) => a.sourceEventId - b.sourceEventId);
}

/**
 * A disputed hand-over takes back the pickup evidence it gave (TRUST.md §2: picked up "with no
 * dispute"); whether she was right is then decided on her claim, which is evidence of its own.
 */
async function withdrawDisputed(tx: Tx, events: EventRow[]): Promise<string[]> {
  const touched: string[] = [];
  for (const e of events) {
    if (e.type !== 'handover.disputed') continue;
    let lineIds = e.payload.lineIds ?? [];
    if (lineIds.length === 0) {
      const res = (await tx.execute(sql`select id from order_lines where handover_id = ${e.subjectId}`)) as unknown as { rows: { id: string }[] };
      lineIds = res.rows.map((r) => r.id);
    }
    if (lineIds.length === 0) continue;
    const gone = await tx.delete(residentEvidence).where(and(eq(residentEvidence.kind, 'order_picked_up'), inArray(residentEvidence.subjectId, lineIds))).returning({ userId: residentEvidence.userId });
    touched.push(...gone.map((g) => g.userId));
  }
  return touched;
}

/**
 * Reads new domain events into resident evidence and recomputes only the residents they concern
 * (never the world), in the consumer's transaction: exactly once with any number of instances.
 */
export async function ingestTrustEvents(db: Db, batch = 1000, now = new Date()): Promise<{ events: number; residents: number }> {
  return inTransaction(db, async (tx) => {
    const after = await claimCursor(tx, CONSUMER);
    let events = await readEventsAfter(tx, TRUST_EVENT_TYPES, after, batch);
    if (events.length === 0) return { events: 0, residents: 0 };
    // A full batch may end inside a transaction (the lines of one hand-over): leave that
    // transaction's events for the next run, or its order would count as two.
    const lastTx = events[events.length - 1].txId;
    if (events.length === batch && events[0].txId !== lastTx) events = events.filter((e) => e.txId !== lastTx);
    const rows = evidenceFrom(events);
    // Chunks keep each statement well under PostgreSQL's 65,535 parameters.
    for (let i = 0; i < rows.length; i += 1000) await tx.insert(residentEvidence).values(rows.slice(i, i + 1000)).onConflictDoNothing();
    const withdrawn = await withdrawDisputed(tx, events);
    const users = [...new Set([...rows.map((r) => r.userId), ...withdrawn])];
    for (let i = 0; i < users.length; i += 1000) await recomputeProfiles(tx, users.slice(i, i + 1000), now);
    await advanceCursor(tx, CONSUMER, events[events.length - 1]);
    return { events: events.length, residents: users.length };
  });
}

/**
 * Keeps at most five good events in each 7-day bucket counted from the Unix epoch (UTC, weeks
 * starting Thursday 00:00), the earliest ones. Rows must come in evidenceOrder.
 */
function capGood(rows: EvidenceRow[]): EvidenceRow[] {
  const perWeek = new Map<number, number>();
  return rows.filter((r) => {
    if (!r.good) return true;
    const week = Math.floor(r.occurredAt.getTime() / (7 * DAY));
    const n = (perWeek.get(week) ?? 0) + 1;
    perWeek.set(week, n);
    return n <= RESIDENT_EVIDENCE.goodPerWeek;
  });
}

/** Earliest first; ties by source event and kind, so which five of a week count never depends on read order. */
const evidenceOrder = (a: EvidenceRow, b: EvidenceRow) =>
  a.occurredAt.getTime() - b.occurredAt.getTime() || a.sourceEventId - b.sourceEventId || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0);

export interface TrustBreakdown {
  score: number;
  level: ResidentLevel;
  alpha: number;
  beta: number;
  mean: number;
  goodCounted: number;
  goodCapped: number;
  issues: { kind: string; occurredAt: Date; severity: number }[];
  tenureDays: number;
  paidOrders: number;
  instantRefundQuotaYuan: number;
  /** Clean ¥30+ orders that would lift the resident to level A, if reachable within 100. */
  ordersToLevelA: number | null;
}

/** The score with everything it was computed from (TRUST.md: no black boxes). */
export function explain(rows: EvidenceRow[], createdAt: Date, now: Date, opts: { outlook?: boolean } = { outlook: true }): TrustBreakdown {
  const counted = capGood([...rows].sort(evidenceOrder));
  const toEvidence = (r: EvidenceRow): Evidence => ({ ageDays: (now.getTime() - r.occurredAt.getTime()) / DAY, credibility: r.credibility, good: r.good, severity: r.severity });
  const evidence = counted.map(toEvidence);
  const bounds = betaBounds(evidence, RESIDENT_PRIOR);
  const score = Math.round(100 * bounds.lower);
  const tenureDays = Math.floor((now.getTime() - createdAt.getTime()) / DAY);
  const paidOrders = rows.filter((r) => r.kind === 'order_picked_up').length;
  const level = residentLevel(score, tenureDays, paidOrders);
  let ordersToLevelA: number | null = null;
  // The "how far to A" outlook is for the resident's own page, not for batch recomputation.
  if (level !== 'A' && opts.outlook) {
    for (let k = 1; k <= 100; k++) {
      const extra: Evidence[] = Array.from({ length: k }, () => ({ ageDays: 0, credibility: 1, good: true }));
      const s = Math.round(100 * betaBounds([...evidence, ...extra], RESIDENT_PRIOR).lower);
      if (s >= 85 && paidOrders + k >= 3) { ordersToLevelA = k; break; }
    }
  }
  return {
    score, level, alpha: bounds.a, beta: bounds.b, mean: bounds.mean,
    goodCounted: counted.filter((r) => r.good).length, goodCapped: rows.filter((r) => r.good).length - counted.filter((r) => r.good).length,
    issues: rows.filter((r) => !r.good).map((r) => ({ kind: r.kind, occurredAt: r.occurredAt, severity: r.severity })),
    tenureDays, paidOrders, instantRefundQuotaYuan: instantRefundQuotaYuan(score, level), ordersToLevelA,
  };
}

async function recomputeProfiles(tx: Tx, userIds: string[], now: Date) {
  if (userIds.length === 0) return;
  const evidence = await tx.select().from(residentEvidence).where(inArray(residentEvidence.userId, userIds)).orderBy(asc(residentEvidence.occurredAt));
  const created = (await tx.execute(sql`select id, created_at from users where id in ${userIds}`)) as unknown as { rows: { id: string; created_at: Date | string }[] };
  const createdAt = new Map(created.rows.map((r) => [r.id, new Date(r.created_at)]));
  const byUser = new Map<string, EvidenceRow[]>();
  for (const e of evidence) byUser.set(e.userId, [...(byUser.get(e.userId) ?? []), e]);
  const values = userIds.map((userId) => {
    const b = explain(byUser.get(userId) ?? [], createdAt.get(userId) ?? now, now, { outlook: false });
    return { userId, score: b.score, level: b.level, facts: { paidOrders: b.paidOrders, issues: b.issues.length, tenureDays: b.tenureDays }, computedAt: now };
  });
  await tx.insert(residentProfiles).values(values).onConflictDoUpdate({
    target: residentProfiles.userId,
    set: { score: sql`excluded.score`, level: sql`excluded.level`, facts: sql`excluded.facts`, computedAt: sql`excluded.computed_at` },
  });
}

/** A resident's own trust: level, score and what it is made of, and what raises it. */
export async function myTrust(db: DbOrTx, userId: string, now = new Date()) {
  const rows = await db.select().from(residentEvidence).where(eq(residentEvidence.userId, userId)).orderBy(asc(residentEvidence.occurredAt));
  const created = (await db.execute(sql`select created_at from users where id = ${userId}`)) as unknown as { rows: { created_at: Date | string }[] };
  return explain(rows, new Date(created.rows[0]?.created_at ?? now), now);
}

/** Levels of many residents at once (leaders see levels, never other communities' scores). */
export async function levelsOf(db: DbOrTx, userIds: string[]): Promise<Map<string, ResidentLevel>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.select({ userId: residentProfiles.userId, level: residentProfiles.level }).from(residentProfiles).where(inArray(residentProfiles.userId, userIds));
  return new Map(rows.map((r) => [r.userId, r.level]));
}

/**
 * Evidence from before Linli (orders collected in the group's old tool), kept in the form the
 * trust module keeps all evidence; negative source ids mark it as imported, not from an event.
 */
export async function importEvidence(db: DbOrTx, rows: (typeof residentEvidence.$inferInsert)[]): Promise<void> {
  if (rows.some((r) => r.sourceEventId >= 0)) throw new Error('imported evidence takes negative source ids');
  if (rows.length) await db.insert(residentEvidence).values(rows);
}

/**
 * Residents' trust scores T as of `now`, computed from their evidence as myTrust does (decay is
 * read at `now`, so a stored profile cannot be stale); residents without evidence score as new.
 */
export async function residentScores(db: DbOrTx, userIds: string[], now = new Date()): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (userIds.length === 0) return out;
  const byUser = new Map<string, EvidenceRow[]>();
  const createdAt = new Map<string, Date>();
  for (let i = 0; i < userIds.length; i += 1000) {
    const ids = userIds.slice(i, i + 1000);
    const evidence = await db.select().from(residentEvidence).where(inArray(residentEvidence.userId, ids));
    for (const e of evidence) byUser.set(e.userId, [...(byUser.get(e.userId) ?? []), e]);
    const created = (await db.execute(sql`select id, created_at from users where id in ${ids}`)) as unknown as { rows: { id: string; created_at: Date | string }[] };
    for (const r of created.rows) createdAt.set(r.id, new Date(r.created_at));
  }
  for (const id of userIds) out.set(id, explain(byUser.get(id) ?? [], createdAt.get(id) ?? now, now, { outlook: false }).score);
  return out;
}
