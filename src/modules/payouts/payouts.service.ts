// Withdrawals (提现): a leader asks for part of his settled balance; the money moves to his
// pending-payout account at once (a ledger transfer), large amounts wait for an operator, and the
// payout provider is called after commit (an outbox: a job retries until it answers). The
// provider's signed notification settles it: paid clears it, failed returns it to his balance.
import { and, count, desc, eq, gte, inArray, lt, notInArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';
import { formatYuan } from '../../platform/money.js';
import { payoutEntries, payouts, type PayoutEntryKind, type PayoutStatus } from './schema.js';
import { account, lockAccounts, transfer } from './ledger.service.js';
import { postLedgerEvents } from './posting.service.js';
import { localDate, localMidnight } from './period.js';
import type { PayoutProvider } from './provider.js';

export interface PayoutLimits {
  /** The smallest withdrawal. */
  minFen: number;
  /** The most he may withdraw in one calendar day (community time zone), all requests together. */
  dailyLimitFen: number;
  /** From this amount up a withdrawal waits for an operator's approval. */
  approvalThresholdFen: number;
}

export const DEFAULT_PAYOUT_LIMITS: PayoutLimits = { minFen: 1000, dailyLimitFen: 500_000, approvalThresholdFen: 200_000 };

export type Payout = typeof payouts.$inferSelect;

/**
 * Appends one event to the payout's history (payout_entries, append-only, a ledger source), in the
 * caller's transaction: every change of a `payouts` row writes exactly one of these.
 */
async function appendEntry(tx: DbOrTx, p: Payout, kind: PayoutEntryKind, now: Date, extra: { actorId?: string | null; note?: string | null } = {}) {
  await tx.insert(payoutEntries).values({
    payoutId: p.id, leaderId: p.leaderId, communityId: p.communityId, kind, status: p.status, amountFen: p.amountFen,
    actorId: extra.actorId ?? null, provider: p.provider, providerRef: kind === 'sent' ? p.providerRef : null, note: extra.note ?? null, createdAt: now,
  });
}

/** Requests that count toward the daily limit: everything not refused or failed. */
const COUNTING: PayoutStatus[] = ['rejected', 'failed'];

/** What he has withdrawn (asked for) today, in the community's calendar day. */
export async function withdrawnToday(db: DbOrTx, leaderId: string, timeZone: string, now: Date) {
  const [y, m, d] = localDate(now, timeZone).split('-').map(Number);
  const from = localMidnight(y, m, d, timeZone);
  const to = localMidnight(y, m, d + 1, timeZone);
  const [r] = await db.select({ sum: sql<string>`coalesce(sum(${payouts.amountFen}), 0)::bigint` }).from(payouts)
    .where(and(eq(payouts.leaderId, leaderId), gte(payouts.createdAt, from), lt(payouts.createdAt, to), notInArray(payouts.status, COUNTING)));
  return Number(r.sum);
}

export interface PayoutRequest {
  leaderId: string;
  communityId: string;
  timeZone: string;
  amountFen: number;
  /** The client's Idempotency-Key. */
  requestKey: string;
  limits: PayoutLimits;
  now: Date;
}

/**
 * Asks for a payout. The same key again returns the first request's payout and moves nothing.
 * Refused (nothing changed): below the minimum, above his settled balance, above today's limit.
 */
export async function requestPayout(db: Db, provider: PayoutProvider, input: PayoutRequest): Promise<{ payout: Payout; replayed: boolean }> {
  const { leaderId, amountFen, limits, now } = input;
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0) throw badRequest('payout.amount_invalid');
  if (!/^[\x21-\x7e]{8,200}$/.test(input.requestKey)) throw badRequest('payout.key_required');
  const [done] = await db.select().from(payouts).where(and(eq(payouts.leaderId, leaderId), eq(payouts.requestKey, input.requestKey)));
  if (done) return { payout: done, replayed: true };
  await postLedgerEvents(db);
  const result = await inTransaction(db, async (tx) => {
    // His settled account is the lock every withdrawal of his takes: they run one at a time.
    const balances = await lockAccounts(tx, [account.settled(leaderId), account.pendingPayout(leaderId)]);
    const [again] = await tx.select().from(payouts).where(and(eq(payouts.leaderId, leaderId), eq(payouts.requestKey, input.requestKey)));
    if (again) return { payout: again, replayed: true };
    if (amountFen < limits.minFen) throw badRequest('payout.below_minimum', { min: formatYuan(limits.minFen) });
    const available = balances.get(account.settled(leaderId)) ?? 0;
    if (amountFen > available) throw conflict('payout.over_balance', { balance: formatYuan(available) });
    const used = await withdrawnToday(tx, leaderId, input.timeZone, now);
    if (used + amountFen > limits.dailyLimitFen) throw conflict('payout.over_daily_limit', { limit: formatYuan(limits.dailyLimitFen), left: formatYuan(Math.max(0, limits.dailyLimitFen - used)) });
    const needsApproval = amountFen >= limits.approvalThresholdFen;
    const [p] = await tx.insert(payouts).values({
      leaderId, communityId: input.communityId, requestKey: input.requestKey, amountFen, provider: provider.name,
      status: needsApproval ? 'awaiting_approval' : 'sending', createdAt: now,
    }).returning();
    await appendEntry(tx, p, 'requested', now);
    await transfer(tx, { idempotencyKey: `payout:${p.id}:requested`, debit: account.settled(leaderId), credit: account.pendingPayout(leaderId), amountFen, code: 'payout_requested', leaderId, communityId: input.communityId, refId: p.id, now });
    await recordEvent(tx, { type: 'payout.requested', communityId: input.communityId, actorId: leaderId, subjectId: p.id, payload: { leaderId, amountFen, needsApproval } });
    return { payout: p, replayed: false };
  });
  if (result.replayed || result.payout.status !== 'sending') return result;
  return { payout: await sendPayout(db, provider, result.payout.id, now), replayed: false };
}

/** Hands a payout to the provider (after commit; retried by the job until it answers). */
export async function sendPayout(db: Db, provider: PayoutProvider, payoutId: string, now: Date): Promise<Payout> {
  const [p] = await db.select().from(payouts).where(eq(payouts.id, payoutId));
  if (!p) throw notFound('payout.not_found');
  if (p.status !== 'sending') return p;
  let providerRef: string;
  try {
    ({ providerRef } = await provider.sendPayout({ payoutId: p.id, leaderId: p.leaderId, amountFen: p.amountFen }));
  } catch (err) {
    const error = String((err as Error).message ?? err).slice(0, 500);
    // Only while it is still to be sent: a late failure of a second sender after the first was
    // answered changes nothing (the payout is no longer 'sending').
    const kept = await inTransaction(db, async (tx) => {
      const [k] = await tx.update(payouts).set({ attempts: sql`${payouts.attempts} + 1`, lastError: error })
        .where(and(eq(payouts.id, p.id), eq(payouts.status, 'sending'))).returning();
      if (k) await appendEntry(tx, k, 'attempt_failed', now, { note: error });
      return k;
    });
    return kept ?? (await db.select().from(payouts).where(eq(payouts.id, p.id)))[0];
  }
  const sent = await inTransaction(db, async (tx) => {
    const [s] = await tx.update(payouts).set({ status: 'sent', providerRef, sentAt: now, attempts: sql`${payouts.attempts} + 1`, lastError: null })
      .where(and(eq(payouts.id, p.id), eq(payouts.status, 'sending'))).returning();
    if (s) await appendEntry(tx, s, 'sent', now);
    return s;
  });
  return sent ?? (await db.select().from(payouts).where(eq(payouts.id, p.id)))[0];
}

/** The job: every payout still to be handed to the provider. */
export async function sendDuePayouts(db: Db, provider: PayoutProvider, now = new Date()) {
  const due = await db.select({ id: payouts.id }).from(payouts).where(eq(payouts.status, 'sending')).orderBy(payouts.createdAt).limit(100);
  for (const { id } of due) await sendPayout(db, provider, id, now);
  return due.length;
}

/** An operator approves a large payout: it goes to the provider. */
export async function approvePayout(db: Db, provider: PayoutProvider, operatorId: string, payoutId: string, note: string, now: Date) {
  await inTransaction(db, async (tx) => {
    const [p] = await tx.select().from(payouts).where(eq(payouts.id, payoutId)).for('update');
    if (!p) throw notFound('payout.not_found');
    if (p.status !== 'awaiting_approval') throw conflict('payout.not_awaiting_approval');
    const [a] = await tx.update(payouts).set({ status: 'sending', decidedBy: operatorId, decidedAt: now, decisionNote: note.trim() || null }).where(eq(payouts.id, p.id)).returning();
    await appendEntry(tx, a, 'approved', now, { actorId: operatorId, note: a.decisionNote });
    await recordEvent(tx, { type: 'payout.decided', communityId: p.communityId, actorId: operatorId, subjectId: p.id, payload: { leaderId: p.leaderId, amountFen: p.amountFen, approved: true, note: note.trim() } });
  });
  return sendPayout(db, provider, payoutId, now);
}

/** An operator refuses a large payout, with a reason: the money returns to his balance. */
export async function rejectPayout(db: Db, operatorId: string, payoutId: string, reason: string, now: Date) {
  const note = reason.trim();
  if (note.length < 2 || note.length > 200) throw badRequest('payout.reason_required');
  return inTransaction(db, async (tx) => {
    const [p] = await tx.select().from(payouts).where(eq(payouts.id, payoutId)).for('update');
    if (!p) throw notFound('payout.not_found');
    if (p.status !== 'awaiting_approval') throw conflict('payout.not_awaiting_approval');
    const [r] = await tx.update(payouts).set({ status: 'rejected', decidedBy: operatorId, decidedAt: now, decisionNote: note, completedAt: now }).where(eq(payouts.id, p.id)).returning();
    await appendEntry(tx, r, 'rejected', now, { actorId: operatorId, note });
    await transfer(tx, { idempotencyKey: `payout:${p.id}:returned`, debit: account.pendingPayout(p.leaderId), credit: account.settled(p.leaderId), amountFen: p.amountFen, code: 'payout_returned', leaderId: p.leaderId, communityId: p.communityId, refId: p.id, now });
    await recordEvent(tx, { type: 'payout.decided', communityId: p.communityId, actorId: operatorId, subjectId: p.id, payload: { leaderId: p.leaderId, amountFen: p.amountFen, approved: false, note } });
    return r;
  });
}

/**
 * The provider's verified notification: paid clears the money out of his pending account, failed
 * returns it to his balance. The same notification twice changes nothing the second time.
 */
export async function handlePayoutNotification(db: Db, providerName: string, note: { providerRef: string; amountFen: number; status: 'PAID' | 'FAILED'; reason: string }, now: Date) {
  return inTransaction(db, async (tx) => {
    const [p] = await tx.select().from(payouts).where(and(eq(payouts.provider, providerName), eq(payouts.providerRef, note.providerRef))).for('update');
    if (!p) throw notFound('payout.not_found');
    if (p.amountFen !== note.amountFen) throw conflict('payout.amount_mismatch');
    const target = note.status === 'PAID' ? 'paid' : 'failed';
    if (p.status === target) return p;
    if (p.status !== 'sent') throw conflict('payout.not_in_flight');
    const [done] = await tx.update(payouts).set({ status: target, completedAt: now, failureReason: target === 'failed' ? note.reason.slice(0, 200) || null : null }).where(eq(payouts.id, p.id)).returning();
    await appendEntry(tx, done, target, now, { note: done.failureReason });
    if (target === 'paid') {
      await transfer(tx, { idempotencyKey: `payout:${p.id}:paid`, debit: account.pendingPayout(p.leaderId), credit: account.clearing, amountFen: p.amountFen, code: 'payout_paid', leaderId: p.leaderId, communityId: p.communityId, refId: p.id, now });
    } else {
      await transfer(tx, { idempotencyKey: `payout:${p.id}:returned`, debit: account.pendingPayout(p.leaderId), credit: account.settled(p.leaderId), amountFen: p.amountFen, code: 'payout_returned', leaderId: p.leaderId, communityId: p.communityId, refId: p.id, now });
    }
    await recordEvent(tx, { type: 'payout.completed', communityId: p.communityId, actorId: null, subjectId: p.id, payload: { leaderId: p.leaderId, amountFen: p.amountFen, status: target, reason: note.reason } });
    return done;
  });
}

/** One payout as the console shows it. */
export async function consolePayout(db: Db, payoutId: string) {
  const [p] = (await listPayouts(db, { id: payoutId, pageSize: 1 })).items;
  if (!p) throw notFound('payout.not_found');
  return p;
}

export async function getPayout(db: Db, payoutId: string) {
  const [p] = await db.select().from(payouts).where(eq(payouts.id, payoutId));
  if (!p) throw notFound('payout.not_found');
  return p;
}

/** His payouts, newest first, a page at a time. */
export async function payoutsOfLeader(db: Db, leaderId: string, page = 1, pageSize = 20) {
  const where = eq(payouts.leaderId, leaderId);
  const [{ n }] = await db.select({ n: count() }).from(payouts).where(where);
  const items = await db.select().from(payouts).where(where).orderBy(desc(payouts.createdAt), desc(payouts.id)).limit(pageSize).offset((page - 1) * pageSize);
  return { items, total: Number(n), page, pageSize };
}

export interface PayoutFilter { id?: string; status?: PayoutStatus[]; leaderId?: string; communityId?: string; from?: Date; to?: Date; page?: number; pageSize?: number }

/** Every payout for operators, with the leader's and community's names, filtered and paged. */
export async function listPayouts(db: Db, f: PayoutFilter) {
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  const conds = [
    f.id ? eq(payouts.id, f.id) : undefined,
    f.status?.length ? inArray(payouts.status, f.status) : undefined,
    f.leaderId ? eq(payouts.leaderId, f.leaderId) : undefined,
    f.communityId ? eq(payouts.communityId, f.communityId) : undefined,
    f.from ? gte(payouts.createdAt, f.from) : undefined,
    f.to ? lt(payouts.createdAt, f.to) : undefined,
  ].filter(Boolean);
  const where = conds.length ? and(...conds) : undefined;
  const [{ n }] = await db.select({ n: count() }).from(payouts).where(where);
  const items = await db.select({
    payout: payouts,
    leaderName: sql<string>`(select name from users u where u.id = ${payouts.leaderId})`,
    communityName: sql<string>`(select name from communities c where c.id = ${payouts.communityId})`,
  }).from(payouts).where(where).orderBy(desc(payouts.createdAt), desc(payouts.id)).limit(pageSize).offset((page - 1) * pageSize);
  return { items: items.map((r) => ({ ...r.payout, leaderName: r.leaderName, communityName: r.communityName })), total: Number(n), page, pageSize };
}
