// Goods nobody came for: reminders when a pickup window opens and two hours before it ends, and
// after the window plus the community's grace period the lines become "not collected" and their
// held money settles as delivered (normal commission: the leader did his part). Each run below is
// one transaction per batch, safe with several instances (SKIP LOCKED + conditional updates).
//
// Lock order, for every workflow in this file:
//   group buy → orders (ascending id) → order lines (ascending id) → payments
import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { formatInZone } from '../platform/time.js';
import { inTransaction, recordEvent } from '../platform/events/service.js';
import { notify, type Notice } from '../modules/notifications/index.js';
import { currentCommission } from '../modules/trust/index.js';
import { settleLines } from '../modules/payments/index.js';
import { lockLinesDueNotCollected, markLinesNotCollected } from '../modules/orders/index.js';
import { claimEndReminders, claimOpenReminders, groupBuyWindows, type ReminderDue } from '../modules/groupbuy/index.js';

/** Residents with ready lines in these group buys, with what is waiting for them. */
async function readyByResident(tx: Parameters<typeof notify>[0], groupBuyIds: string[]) {
  if (groupBuyIds.length === 0) return [];
  const res = (await tx.execute(sql`
    select l.user_id as "userId", l.community_id as "communityId", l.group_buy_id as "groupBuyId", min(l.order_id::text) as "orderId",
      min(case when o.fulfilment = 'delivery' then o.delivery_area || ' ' || o.delivery_address || ' ' || o.delivery_slot else pp.name end) as place, c.time_zone as "timeZone"
    from order_lines l join communities c on c.id = l.community_id join orders o on o.id = l.order_id
      left join pickup_points pp on pp.id = coalesce(o.pickup_point_id, (select p1.id from pickup_points p1 where p1.community_id = l.community_id order by (p1.closed_at is not null), p1.position, p1.created_at, p1.id limit 1))
    where l.group_buy_id in ${groupBuyIds} and l.status = 'ready_for_pickup'
    group by l.user_id, l.community_id, l.group_buy_id, c.time_zone`)) as unknown as { rows: { userId: string; communityId: string; groupBuyId: string; orderId: string; place: string; timeZone: string }[] };
  return res.rows;
}

async function remind(tx: Parameters<typeof notify>[0], due: ReminderDue[], kind: 'pickup_open' | 'pickup_ending') {
  const byId = new Map(due.map((d) => [d.id, d]));
  const rows = await readyByResident(tx, due.map((d) => d.id));
  const notices: Notice[] = rows.map((r) => {
    const gb = byId.get(r.groupBuyId)!;
    return { userId: r.userId, communityId: r.communityId, kind, params: { title: gb.title, place: r.place, end: formatInZone(gb.pickupEndAt, r.timeZone) }, link: `/orders/${r.orderId}` };
  });
  await notify(tx, notices);
  return notices.length;
}

/** Scheduled: the pickup-window reminders, each sent once per group buy. */
export async function sendPickupReminders(db: Db, now = new Date()): Promise<{ opened: number; ending: number; notices: number }> {
  return inTransaction(db, async (tx) => {
    const opened = await claimOpenReminders(tx, now);
    const ending = await claimEndReminders(tx, now);
    const notices = (await remind(tx, opened, 'pickup_open')) + (await remind(tx, ending, 'pickup_ending'));
    return { opened: opened.length, ending: ending.length, notices };
  });
}

/**
 * Scheduled: ready lines whose pickup window ended more than `not_collected_grace_days` ago
 * become not collected. The resident is told, the held money for them settles (reason
 * not_collected, the group buy's leader's normal commission), and an 'order.not_collected' event
 * per line goes to the resident's evidence; the leader's record is not touched.
 */
export async function markNotCollected(db: Db, now = new Date(), batch = 100): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await inTransaction(db, async (tx) => {
      const due = await lockLinesDueNotCollected(tx, now, batch);
      if (due.length === 0) return 0;
      const lines = await markLinesNotCollected(tx, due.map((l) => l.id));
      const windows = await groupBuyWindows(tx, [...new Set(lines.map((l) => l.groupBuyId))]);
      const rates = new Map<string, { rate: number; tier: string }>();
      for (const { leaderId } of windows.values()) if (!rates.has(leaderId)) rates.set(leaderId, await currentCommission(tx, leaderId));
      for (const l of lines) {
        const gb = windows.get(l.groupBuyId)!;
        const amountFen = l.totalFen - l.refundedQuantity * l.unitPriceFen;
        await settleLines(tx, { orderId: l.orderId, amountFen, leaderId: gb.leaderId, commissionRate: rates.get(gb.leaderId)!.rate, tier: rates.get(gb.leaderId)!.tier, settleKey: `not_collected:${l.id}`, reason: 'not_collected', now });
        await recordEvent(tx, {
          type: 'order.not_collected', communityId: l.communityId, actorId: null, subjectId: l.id,
          payload: { orderId: l.orderId, groupBuyId: l.groupBuyId, itemId: l.itemId, residentId: l.userId, quantity: l.quantity - l.refundedQuantity, totalFen: amountFen, leaderId: gb.leaderId },
        });
      }
      // One notice per resident and group buy.
      const seen = new Set<string>();
      const notices: Notice[] = [];
      for (const l of lines) {
        const key = `${l.userId}:${l.groupBuyId}`;
        if (seen.has(key)) continue;
        seen.add(key);
        notices.push({ userId: l.userId, communityId: l.communityId, kind: 'not_collected', params: { title: windows.get(l.groupBuyId)!.title }, link: `/orders/${l.orderId}` });
      }
      await notify(tx, notices);
      return lines.length;
    });
    total += n;
    if (n === 0) return total;
  }
}
