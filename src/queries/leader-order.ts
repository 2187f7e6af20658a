// One order of his community as its leader works with it: her lines and statuses with each 跟团号,
// who she is there (display name, 门牌; a masked account name, never a phone), the payment (held,
// refunded, settled), refunds, what leaders changed and why, and what he may still do per line.
import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { membershipOf, requireLeader } from '../modules/community/index.js';
import { getCommunityOrder } from '../modules/orders/index.js';
import { maskName } from '../modules/identity/index.js';

const BEFORE_HANDOVER = new Set(['pending_payment', 'paid', 'confirmed', 'ready_for_pickup']);
const HANDED_OVER = new Set(['picked_up', 'not_collected']);

type Rows<T> = { rows: T[] };

export async function leaderOrderDetail(db: Db, input: { communityId: string; leaderId: string; orderId: string; leaderRefundLimitFen: number; now: Date }) {
  await requireLeader(db, input.communityId, input.leaderId);
  const order = await getCommunityOrder(db, input.orderId, input.communityId, input.now);
  const member = await membershipOf(db, input.communityId, order.userId);
  const name = ((await db.execute(sql`select name from users where id = ${order.userId}`)) as unknown as Rows<{ name: string | null }>).rows[0]?.name;
  const [payment] = ((await db.execute(sql`
    select id, status, amount_fen as "amountFen", refunded_fen as "refundedFen", settled_fen as "settledFen"
    from payments where order_id = ${order.id} and status <> 'pending' and status <> 'cancelled' and status <> 'failed' order by created_at desc limit 1`)) as unknown as Rows<{ id: string; status: string; amountFen: number; refundedFen: number; settledFen: number }>).rows;
  const refunds = ((await db.execute(sql`
    select id, line_id as "lineId", amount_fen as "amountFen", reason, status, created_at as "createdAt", paid_at as "paidAt"
    from refunds where order_id = ${order.id} order by created_at, id`)) as unknown as Rows<{ id: string; lineId: string | null; amountFen: number; reason: string; status: 'pending' | 'paid'; createdAt: string | Date; paidAt: string | Date | null }>).rows;
  const claims = ((await db.execute(sql`select line_id as "lineId", origin, status from claims where order_id = ${order.id}`)) as unknown as Rows<{ lineId: string; origin: string; status: string }>).rows;
  const awaiting = ((await db.execute(sql`
    select l.id from order_lines l join handovers h on h.id = l.handover_id where l.order_id = ${order.id} and h.status = 'awaiting_confirmation'`)) as unknown as Rows<{ id: string }>).rows;
  const claimOf = new Map(claims.map((c) => [c.lineId, c]));
  const unconfirmed = new Set(awaiting.map((a) => a.id));
  const ownOrder = order.userId === input.leaderId;
  return {
    order,
    resident: { displayName: member?.displayName ?? '', doorNumber: member?.doorNumber ?? '', maskedName: maskName(name, '邻居') },
    payment: payment ? { ...payment, heldFen: Math.max(0, payment.amountFen - payment.refundedFen - payment.settledFen) } : null,
    refunds: refunds.map((r) => ({ ...r, createdAt: new Date(r.createdAt), paidAt: r.paidAt ? new Date(r.paidAt) : null })),
    limits: { leaderRefundLimitFen: input.leaderRefundLimitFen },
    actions: order.lines.map((l) => {
      const left = l.quantity - l.refundedQuantity;
      const claim = claimOf.get(l.id);
      const live = l.status !== 'cancelled' && l.status !== 'refunded';
      return {
        lineId: l.id,
        cancellableQuantity: live && BEFORE_HANDOVER.has(l.status) && order.status !== 'cancelled' ? left : 0,
        /** An unpaid basket is cancelled as a whole only. */
        wholeOnly: order.status === 'pending_payment',
        refundableFen: live && HANDED_OVER.has(l.status) && !claim && !unconfirmed.has(l.id) && !ownOrder ? l.totalFen - l.refundedQuantity * l.unitPriceFen : 0,
        claim: claim ? { origin: claim.origin as 'resident' | 'leader', status: claim.status } : null,
      };
    }),
  };
}
export type LeaderOrderDetail = Awaited<ReturnType<typeof leaderOrderDetail>>;
