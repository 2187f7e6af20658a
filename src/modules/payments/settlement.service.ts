// Releasing held money line by line: a hand-over (or lines that were never collected) settles
// exactly the value of those lines, and fixes the leader's commission on it at that moment.
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.js';
import { payments, settlements } from './schema.js';
import { recordEvent } from '../../platform/events/service.js';
import { fenTimesRate } from '../../platform/money.js';
import { conflict } from '../../platform/errors.js';
import { moneyFor } from './service.js';

export type SettleReason = (typeof settlements.$inferInsert)['reason'];

export interface SettleInput {
  orderId: string;
  /** The value of the lines released: their total minus refunded units. */
  amountFen: number;
  leaderId: string | null;
  commissionRate: number;
  /** The tier that gave the rate, kept on the settlement with the rate. */
  tier?: string | null;
  /** Unique per payment (e.g. handover:<id>): a retry with the same key settles nothing more. */
  settleKey: string;
  reason: SettleReason;
  now: Date;
}

/**
 * Releases part of an order's held payment in the caller's transaction (lock order: the payment
 * row is the last thing locked, after the order and its lines). Returns the settlement, or null
 * when this key already settled, nothing is due, or the order has no held payment (e.g. refunded).
 */
export async function settleLines(tx: Tx, input: SettleInput) {
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen < 0) throw new Error(`not a fen amount: ${input.amountFen}`);
  if (input.amountFen === 0) return null;
  const [p] = await tx.select().from(payments)
    .where(and(eq(payments.orderId, input.orderId), inArray(payments.status, ['held', 'settled']))).for('update');
  if (!p) return null;
  // Asked in order value; released in money: where points paid part of the order, the money share
  // of those lines (moneyFor). The commission is on that money (docs/points.md: points are the
  // platform's to give; the leader earns on what residents paid).
  const valueTotal = p.amountFen + p.pointsFen;
  const valueDoneFen = p.valueRefundedFen + p.valueSettledFen;
  const money = Math.max(0, moneyFor(p, valueDoneFen, input.amountFen));
  const commissionFen = fenTimesRate(money, input.commissionRate);
  const [row] = await tx.insert(settlements).values({
    communityId: p.communityId, paymentId: p.id, orderId: p.orderId, settleKey: input.settleKey, leaderId: input.leaderId,
    amountFen: money, commissionFen, tier: input.tier ?? null, commissionRate: input.commissionRate, reason: input.reason, createdAt: input.now,
  }).onConflictDoNothing().returning();
  if (!row) return null;
  if (valueDoneFen + input.amountFen > valueTotal) throw conflict('payment.settle_exceeds_payment', { leftFen: valueTotal - valueDoneFen });
  const settledFen = p.settledFen + money;
  const valueSettledFen = p.valueSettledFen + input.amountFen;
  const done = valueDoneFen + input.amountFen === valueTotal;
  await tx.update(payments).set({
    settledFen, valueSettledFen,
    leaderCommissionFen: (p.leaderCommissionFen ?? 0) + commissionFen,
    ...(done ? { status: 'settled' as const, settledAt: input.now } : {}),
  }).where(eq(payments.id, p.id));
  await recordEvent(tx, {
    type: 'payment.settled', communityId: p.communityId, actorId: null, subjectId: p.id,
    payload: { orderId: p.orderId, amountFen: money, valueFen: input.amountFen, leaderId: input.leaderId, leaderCommissionFen: commissionFen, reason: input.reason, settleKey: input.settleKey },
  });
  return row;
}
