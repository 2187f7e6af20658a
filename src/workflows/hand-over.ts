// Hand-over at the pickup point: with her rotating code or a 代取 pass (settles at once), or
// recorded without a code (waits for her word, settles when she confirms or 72 hours later, or
// opens a claim when she disputes). Each function below is one transaction.
//
// Lock order, for every workflow in this file:
//   pickup pass or her pickup secret → hand-over → orders (ascending id) → order lines (ascending id) → payments → claims
// (orders → lines → payments is the global order; the pass and the hand-over are taken first
// because nothing else that locks orders ever locks them.)
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../platform/db/client.js';
import { badRequest, conflict, notFound } from '../platform/errors.js';
import type { Locale } from '../platform/i18n.js';
import { formatInZone } from '../platform/time.js';
import { inTransaction, recordEvent } from '../platform/events/service.js';
import { getCommunity, handoverScope, pickupPointsByIds, type HandoverScope } from '../modules/community/index.js';
import { notify } from '../modules/notifications/index.js';
import { currentCommission } from '../modules/trust/index.js';
import { settleLines, type SettleReason } from '../modules/payments/index.js';
import { fulfilmentOfOrders, linesOfHandover, lockLines, markLinesPickedUp, type OrderLine } from '../modules/orders/index.js';
import { openDisputeClaims } from '../modules/aftersales/index.js';
import { getHandover, insertHandover, lockDueHandovers, lockHandover, lockPass, resolveHandover, useCodeStep, usePass, type Handover } from '../modules/fulfilment/index.js';
import { handable, handableLines, lineRows, pickupAnswer, readyLinesOf, resolveTypedCode, scopeSql, type HandoverAt, type LineRow } from '../modules/fulfilment/index.js';
import { placesOfOrders } from './places.js';

/** A hand-over recorded without her code settles this long after, unless she disputes it. */
export const CONFIRM_WINDOW_MS = 72 * 3_600_000;

type Commission = { rate: number; tier: string };

const lineValueFen = (l: OrderLine) => l.totalFen - l.refundedQuantity * l.unitPriceFen;

/**
 * Checks the locked lines are exactly what may be handed over to this resident now; throws (and
 * so changes nothing) with the reason otherwise.
 */
function assertHandable(locked: OrderLine[], wanted: string[], rows: Map<string, LineRow>, input: { communityId: string; residentId: string; now: Date; timeZone: string }) {
  const byId = new Map(locked.map((l) => [l.id, l]));
  for (const id of wanted) {
    const l = byId.get(id);
    // Another resident's or another pickup point's line looks like no line at all.
    if (!l || l.userId !== input.residentId || l.communityId !== input.communityId) throw notFound('pickup.line_not_found');
    if (l.status === 'picked_up') throw conflict('pickup.already_picked_up', { time: l.pickedUpAt ? formatInZone(l.pickedUpAt, input.timeZone) : '' });
    if (l.status !== 'ready_for_pickup') throw conflict('pickup.line_not_ready');
    const row = rows.get(id);
    if (row && !handable(row, input.now)) throw conflict('pickup.window_not_started', { time: formatInZone(row.pickupStartAt, input.timeZone) });
  }
}

/**
 * Settles what the given lines are worth, one settlement per order, keyed by the hand-over. A door
 * delivery's fee settles with the first hand-over at her door (once per order, its own key), wholly
 * to the one who delivered.
 */
async function settleHandedLines(tx: Tx, lines: OrderLine[], h: { id: string; leaderId: string }, rate: Commission, reason: SettleReason, now: Date) {
  const byOrder = new Map<string, number>();
  for (const l of lines) byOrder.set(l.orderId, (byOrder.get(l.orderId) ?? 0) + lineValueFen(l));
  const fees = await fulfilmentOfOrders(tx, [...byOrder.keys()]);
  for (const [orderId, amountFen] of [...byOrder].sort(([a], [b]) => (a < b ? -1 : 1))) {
    await settleLines(tx, { orderId, amountFen, leaderId: h.leaderId, commissionRate: rate.rate, tier: rate.tier, settleKey: `handover:${h.id}`, reason, now });
    const o = fees.get(orderId);
    if (o && o.fulfilment === 'delivery' && o.deliveryFeeFen > 0) {
      // The fee is the deliverer's whole: no tier applies to it.
      await settleLines(tx, { orderId, amountFen: o.deliveryFeeFen, leaderId: h.leaderId, commissionRate: 1, tier: null, settleKey: `delivery_fee:${orderId}`, reason, now });
    }
  }
}

/** A line of another point (or a door, for staff) looks like no line at all: nothing is handed over. */
async function assertInScope(tx: Tx, lineIds: string[], scope: HandoverScope) {
  if (lineIds.length === 0) return;
  const outside = await lineRows(tx, sql`l.id in ${lineIds} and not ${scopeSql(scope)}`);
  if (outside.length) throw notFound('pickup.line_not_found');
}

/** Where a hand-over of these lines happened, as recorded on it: the door, or the (one) pickup point. */
async function whereOf(tx: Tx, rows: LineRow[]) {
  const first = rows[0];
  if (!first) return { fulfilment: 'pickup' as const, pickupPointId: null, place: '' };
  if (first.fulfilment === 'delivery') return { fulfilment: 'delivery' as const, pickupPointId: null, place: `${first.deliveryArea ?? ''} ${first.deliveryAddress ?? ''}`.trim() };
  const p = first.pickupPointId ? (await pickupPointsByIds(tx, [first.pickupPointId])).get(first.pickupPointId) : undefined;
  return { fulfilment: 'pickup' as const, pickupPointId: first.pickupPointId, place: p?.name ?? '' };
}

/** One 'order.picked_up' per line: trust reads residentId, quantity, totalFen and groupBuyId. */
async function recordPickedUp(tx: Tx, lines: OrderLine[], h: { id: string; communityId: string; leaderId: string }) {
  for (const l of lines) {
    await recordEvent(tx, {
      type: 'order.picked_up', communityId: h.communityId, actorId: h.leaderId, subjectId: l.id,
      payload: { orderId: l.orderId, groupBuyId: l.groupBuyId, itemId: l.itemId, residentId: l.userId, quantity: l.quantity - l.refundedQuantity, totalFen: lineValueFen(l), handoverId: h.id },
    });
  }
}

export interface VerifyInput { communityId: string; leaderId: string; code: string; lineIds?: string[]; now: Date; locale: Locale; at?: HandoverAt }

/**
 * 核销: the leader scanned or typed her code (or a pass) and hands over all, or the chosen, ready
 * lines at once. The lines are picked up, the hand-over is recorded, and each affected payment
 * settles exactly the value of the lines handed over with the leader's commission.
 */
export async function verifyHandover(db: Db, input: VerifyInput) {
  const { communityId, leaderId, now } = input;
  const resolved = await resolveTypedCode(db, communityId, leaderId, input.code, now, input.at);
  const community = await getCommunity(db, communityId);
  const rate = await currentCommission(db, leaderId);
  return inTransaction(db, async (tx) => {
    if (resolved.pass) await lockPass(tx, resolved.pass.id, now);
    // Her code verifies once (TRUST.md §8): the same or an older code is refused from now on.
    if (resolved.step !== null) await useCodeStep(tx, { communityId, residentId: resolved.residentId, leaderId, step: resolved.step });
    // Only lines of the point (or door) he hands over at: another point's line looks like no line.
    const rows = input.lineIds?.length
      ? await readyLinesOf(tx, communityId, resolved.residentId, resolved.scope)
      : await handableLines(tx, communityId, resolved.residentId, now, community.timeZone, resolved.scope);
    const wanted = input.lineIds?.length ? [...new Set(input.lineIds)] : rows.map((r) => r.lineId);
    await assertInScope(tx, wanted, resolved.scope);
    const locked = await lockLines(tx, wanted);
    assertHandable(locked, wanted, new Map(rows.map((r) => [r.lineId, r])), { communityId, residentId: resolved.residentId, now, timeZone: community.timeZone });

    const where = await whereOf(tx, rows.filter((r) => wanted.includes(r.lineId)));
    const handover = await insertHandover(tx, { communityId, residentId: resolved.residentId, leaderId, method: resolved.via, passId: resolved.pass?.id ?? null, status: 'done', now, where });
    const picked = await markLinesPickedUp(tx, { lineIds: wanted, residentId: resolved.residentId, communityId, handoverId: handover.id, leaderId, now });
    if (picked.length !== wanted.length) throw conflict('pickup.line_not_ready');
    if (resolved.pass) await usePass(tx, resolved.pass.id, handover.id, now);
    await settleHandedLines(tx, picked, handover, rate, 'handed_over', now);
    await recordPickedUp(tx, picked, handover);
    await recordEvent(tx, { type: 'handover.recorded', communityId, actorId: leaderId, subjectId: handover.id, payload: { method: handover.method, lineIds: wanted, residentId: resolved.residentId, passId: resolved.pass?.id ?? null } });
    const handed = rows.filter((r) => wanted.includes(r.lineId));
    return { handoverId: handover.id, fulfilment: where.fulfilment, place: where.place, ...pickupAnswer(resolved, handed[0]?.userName ?? '', handed, input.locale) };
  });
}

export interface WithoutCodeInput { communityId: string; leaderId: string; residentKey: string; lineIds?: string[]; note: string; now: Date; at?: HandoverAt }

/**
 * For a resident without a phone: the leader records the hand-over himself. The lines are picked
 * up ('order.picked_up' as with a code; a dispute withdraws its trust evidence) but no money moves; she is asked to confirm, and it settles on its own 72 hours later unless
 * she disputes it.
 */
export async function recordWithoutCode(db: Db, input: WithoutCodeInput) {
  const { communityId, leaderId, now } = input;
  const scope = await handoverScope(db, communityId, leaderId, input.at ?? {});
  const community = await getCommunity(db, communityId);
  const residentId = input.residentKey;
  if (residentId === leaderId) throw badRequest('handover.not_for_yourself');
  return inTransaction(db, async (tx) => {
    const rows = input.lineIds?.length
      ? await readyLinesOf(tx, communityId, residentId, scope)
      : await handableLines(tx, communityId, residentId, now, community.timeZone, scope);
    const wanted = input.lineIds?.length ? [...new Set(input.lineIds)] : rows.map((r) => r.lineId);
    await assertInScope(tx, wanted, scope);
    const locked = await lockLines(tx, wanted);
    assertHandable(locked, wanted, new Map(rows.map((r) => [r.lineId, r])), { communityId, residentId, now, timeZone: community.timeZone });

    const settleDueAt = new Date(now.getTime() + CONFIRM_WINDOW_MS);
    const where = await whereOf(tx, rows.filter((r) => wanted.includes(r.lineId)));
    const handover = await insertHandover(tx, { communityId, residentId, leaderId, method: 'without_code', status: 'awaiting_confirmation', note: input.note.trim(), settleDueAt, now, where });
    const picked = await markLinesPickedUp(tx, { lineIds: wanted, residentId, communityId, handoverId: handover.id, leaderId, now });
    if (picked.length !== wanted.length) throw conflict('pickup.line_not_ready');
    await recordPickedUp(tx, picked, handover);
    await recordEvent(tx, { type: 'handover.recorded', communityId, actorId: leaderId, subjectId: handover.id, payload: { method: 'without_code', lineIds: wanted, residentId } });
    const handed = rows.filter((r) => wanted.includes(r.lineId));
    await notify(tx, [{
      userId: residentId, communityId, kind: 'handover_to_confirm',
      params: { items: handed.map((l) => `${l.productName}×${l.quantity}`).join('、'), place: where.place || community.pickupPointName, due: formatInZone(settleDueAt, community.timeZone) },
      link: '/orders',
    }]);
    return handoverView(handover, handed);
  });
}

const handoverView = (h: Handover, lines: { lineId: string; groupNumber: number | null; productName: string; quantity: number }[]) => ({
  id: h.id, communityId: h.communityId, method: h.method, status: h.status, note: h.note, createdAt: h.createdAt, settleDueAt: h.settleDueAt,
  confirmedAt: h.confirmedAt, disputedAt: h.disputedAt, disputeReason: h.disputeReason,
  lines: lines.map((l) => ({ lineId: l.lineId, groupNumber: l.groupNumber, productName: l.productName, quantity: l.quantity })),
});

async function ownHandover(db: Db, handoverId: string, userId: string) {
  const h = await getHandover(db, handoverId);
  // Someone else's hand-over looks like none at all.
  if (!h || h.residentId !== userId) throw notFound('handover.not_found');
  return h;
}

/** Settles an awaiting hand-over (she confirmed, or 72 hours passed) in the caller's transaction. */
async function settleAwaiting(tx: Tx, h: Handover, to: 'confirmed' | 'auto_confirmed', rate: Commission, now: Date) {
  const lines = await linesOfHandover(tx, h.id);
  await lockLines(tx, lines.map((l) => l.id));
  const moved = await resolveHandover(tx, h.id, to, now);
  if (!moved) return null;
  // 'order.picked_up' was recorded with the hand-over (a dispute takes its evidence back).
  await settleHandedLines(tx, lines, h, rate, to, now);
  await recordEvent(tx, { type: to === 'confirmed' ? 'handover.confirmed' : 'handover.auto_confirmed', communityId: h.communityId, actorId: to === 'confirmed' ? h.residentId : null, subjectId: h.id, payload: { leaderId: h.leaderId, residentId: h.residentId, lineIds: lines.map((l) => l.id) } });
  return moved;
}

/** She confirms a hand-over recorded without her code: the held money for it settles. */
export async function confirmHandover(db: Db, input: { handoverId: string; userId: string; now: Date }) {
  const h = await ownHandover(db, input.handoverId, input.userId);
  const rate = await currentCommission(db, h.leaderId);
  const done = await inTransaction(db, async (tx) => {
    const locked = await lockHandover(tx, h.id);
    if (!locked || locked.status !== 'awaiting_confirmation') throw conflict('handover.not_awaiting');
    const moved = await settleAwaiting(tx, locked, 'confirmed', rate, input.now);
    if (!moved) throw conflict('handover.not_awaiting');
    return moved;
  });
  return handoverView(done, await lineRows(db, sql`l.handover_id = ${done.id}`));
}

/** She says she did not get it: nothing settles, and a claim per line goes to the platform. */
export async function disputeHandover(db: Db, input: { handoverId: string; userId: string; reason: string; now: Date }) {
  const reason = input.reason.trim();
  if (reason.length < 2 || reason.length > 500) throw badRequest('handover.reason_length', { min: 2, max: 500 });
  const h = await ownHandover(db, input.handoverId, input.userId);
  return inTransaction(db, async (tx) => {
    const locked = await lockHandover(tx, h.id);
    if (!locked || locked.status !== 'awaiting_confirmation') throw conflict('handover.not_awaiting');
    const lines = await linesOfHandover(tx, h.id);
    await lockLines(tx, lines.map((l) => l.id));
    const moved = await resolveHandover(tx, h.id, 'disputed', input.now, reason);
    if (!moved) throw conflict('handover.not_awaiting');
    const claimIds = await openDisputeClaims(tx, { userId: h.residentId, communityId: h.communityId, lineIds: lines.map((l) => l.id), reason, now: input.now });
    await recordEvent(tx, { type: 'handover.disputed', communityId: h.communityId, actorId: h.residentId, subjectId: h.id, payload: { leaderId: h.leaderId, residentId: h.residentId, lineIds: lines.map((l) => l.id), claimIds } });
    return { handover: handoverView(moved, await lineRows(tx, sql`l.handover_id = ${h.id}`)), claimIds };
  });
}

/**
 * Scheduled: hand-overs recorded without a code that nobody disputed in 72 hours settle
 * (auto_confirmed). One hand-over per transaction, taken with SKIP LOCKED and moved by a
 * conditional update, so several instances settle each exactly once.
 */
export async function autoConfirmDueHandovers(db: Db, now = new Date(), max = 200): Promise<number> {
  let done = 0;
  while (done < max) {
    const moved = await inTransaction(db, async (tx) => {
      const [h] = await lockDueHandovers(tx, now, 1);
      if (!h) return null;
      const rate = await currentCommission(tx, h.leaderId);
      return (await settleAwaiting(tx, h, 'auto_confirmed', rate, now)) ?? 'skipped';
    });
    if (moved === null) break;
    done++;
  }
  return done;
}
