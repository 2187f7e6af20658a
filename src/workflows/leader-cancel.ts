// What a leader cancels or refunds of a resident's order, with his reason.
//
// Before the hand-over (cancel): the resident's cancel core (orders.leaderCancel) under the order's
// lock — units back to stock (a movement; 'groupbuy.item_restocked' while the group buy is open),
// her per-person counts freed, the 跟团号 kept — and, in the same transaction, each part's money
// owed back from the held payment (refund key leader_cancel:<line>:<units refunded after>), sent
// after commit.
// After the hand-over (refund): a claim he granted (aftersales.grantLeaderRefund) within his limit.
//
// Lock order: group_buys (key share) → orders → order_lines → group_buy_purchases → group_buy_items
// → payments → claims (the cancel's and the hand-over's order).
import type { Db } from '../platform/db/client.js';
import { badRequest, conflict, forbidden } from '../platform/errors.js';
import { inTransaction } from '../platform/events/service.js';
import { formatYuan } from '../platform/money.js';
import { translate } from '../platform/i18n.js';
import { requireLeader } from '../modules/community/index.js';
import { notify } from '../modules/notifications/index.js';
import * as orders from '../modules/orders/index.js';
import * as payments from '../modules/payments/index.js';
import { getHandover } from '../modules/fulfilment/index.js';
import { grantLeaderRefund } from '../modules/aftersales/index.js';
import type { PaymentProvider } from '../modules/payments/index.js';

export interface LeaderCancelRequest {
  communityId: string;
  leaderId: string;
  orderId: string;
  lines?: { lineId: string; quantity?: number }[];
  reasonCode: orders.LeaderCancelReason;
  note?: string;
  now: Date;
}

export async function leaderCancelAndRefund(db: Db, provider: PaymentProvider, input: LeaderCancelRequest) {
  await requireLeader(db, input.communityId, input.leaderId);
  const owed: string[] = [];
  const result = await orders.leaderCancel(db, { ...input, note: input.note ?? '' }, async (tx, r) => {
    for (const p of r.parts) {
      if (!r.wasPaid || p.amountFen === 0) continue;
      const key = await payments.refundPartOfOrder(tx, r.order.id, p.amountFen, 'leader_cancelled', `leader_cancel:${p.line.id}:${p.line.refundedQuantity}`, p.line.id);
      // Paid units given back must be paid back: without a held payment nothing is cancelled.
      if (!key) throw conflict('refund.no_payment');
      owed.push(key);
    }
    const names = await productNames(tx, r.parts.map((p) => p.line.id));
    const leader = (await orders.lineChangesOf(tx, [r.order.id])).get(r.order.id)?.at(-1)?.leaderName ?? '';
    await notify(tx, r.parts.map((p) => ({
      userId: r.order.userId, communityId: r.order.communityId, kind: p.amountFen ? 'leader_cancelled' as const : 'leader_cancelled_unpaid' as const, link: `/orders/${r.order.id}`,
      params: { leader, product: names.get(p.line.id) ?? '', quantity: p.quantity, amount: formatYuan(p.amountFen), ...reasonParams(input.reasonCode, input.note) },
    })));
  });
  if (result.order.status === 'cancelled') await payments.refundForCancelledOrder(db, provider, result.order.id, 'leader_cancelled', owed);
  else if (owed.length) await payments.sendPendingRefunds(db, provider, { refundKeys: owed }, input.now);
  return result;
}

export interface LeaderRefundRequest {
  communityId: string;
  leaderId: string;
  lineId: string;
  amountFen: number;
  reasonCode: orders.LeaderRefundReason;
  note?: string;
  now: Date;
}

const CLAIM_KIND = { bad_produce: 'bad_produce', damaged: 'damaged', missing: 'missing', not_as_described: 'not_as_described', goodwill: 'unhappy', other: 'unhappy' } as const;

/**
 * After the hand-over he refunds one line (up to what is left paid for it, within his refund
 * limit), once per line; recorded like a claim he granted. Every check runs before anything is written.
 */
export async function leaderRefundLine(db: Db, provider: PaymentProvider, policy: { leaderRefundLimitFen: number }, input: LeaderRefundRequest) {
  await requireLeader(db, input.communityId, input.leaderId);
  const note = orders.checkNote(input.note, input.reasonCode === 'other');
  const peek = await orders.lineInCommunity(db, input.lineId, input.communityId);
  const checkLine = (line: typeof peek) => {
    if (line.status === 'cancelled' || line.status === 'refunded') throw conflict('leader_order.already_cancelled');
    if (line.status !== 'picked_up' && line.status !== 'not_collected') throw conflict('leader_refund.not_handed_over');
    const leftFen = line.totalFen - line.refundedQuantity * line.unitPriceFen;
    if (!Number.isInteger(input.amountFen) || input.amountFen < 1) throw badRequest('leader_refund.amount_invalid', { max: formatYuan(leftFen) });
    if (input.amountFen > leftFen) throw badRequest('leader_refund.over_line', { max: formatYuan(leftFen) });
    if (input.amountFen > policy.leaderRefundLimitFen) throw badRequest('leader_refund.over_limit', { limit: formatYuan(policy.leaderRefundLimitFen) });
  };
  checkLine(peek);
  if (peek.userId === input.leaderId) throw forbidden('leader_refund.own_order');
  if (peek.handoverId) {
    const h = await getHandover(db, peek.handoverId);
    // Unsettled until she confirms: the held money is not yet his to advance against.
    if (h && h.status === 'awaiting_confirmation') throw conflict('leader_refund.handover_unconfirmed');
  }
  const summary = await orders.getLineSummary(db, peek.id);
  const claim = await inTransaction(db, async (tx) => {
    const { line } = await orders.lockOrderLine(tx, peek.orderId, peek.id);
    checkLine(line);
    const description = `${translate('zh-CN', `leaderOrders.reasons.${input.reasonCode}`)}${note ? `：${note}` : ''}`;
    const granted = await grantLeaderRefund(tx, {
      line: { ...line, productId: summary.productId, batchId: summary.batchId }, leaderId: input.leaderId, kind: CLAIM_KIND[input.reasonCode],
      amountFen: input.amountFen, description, note, now: input.now,
    });
    await orders.recordLeaderRefund(tx, { line, actorId: input.leaderId, amountFen: input.amountFen, reasonCode: input.reasonCode, note, claimId: granted.id, now: input.now });
    const leader = (await orders.lineChangesOf(tx, [line.orderId])).get(line.orderId)?.at(-1)?.leaderName ?? '';
    await notify(tx, [{ userId: line.userId, communityId: line.communityId, kind: 'leader_refunded', link: `/orders/${line.orderId}`,
      params: { leader, product: summary.productName, amount: formatYuan(input.amountFen), ...reasonParams(input.reasonCode, note) } }]);
    return granted;
  });
  await payments.sendPendingRefunds(db, provider, { refundKeys: [`claim:${claim.id}`] }, input.now);
  return { orderId: peek.orderId, claimId: claim.id };
}

/** The reason as a notice shows it in the reader's language (the label by its code), then his words. */
function reasonParams(code: string, note: string | undefined) {
  const words = (note ?? '').trim();
  return { reasonCode: code, words: words ? `（${words}）` : '' };
}

async function productNames(tx: Parameters<typeof orders.lineInCommunity>[0], lineIds: string[]) {
  const out = new Map<string, string>();
  for (const id of lineIds) out.set(id, (await orders.getLineSummary(tx, id)).productName);
  return out;
}
