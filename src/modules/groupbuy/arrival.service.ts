// Arrival and pickup reminders: the group-buy side of fulfilment. Written only by the groupbuy
// module; the arrival and not-collected workflows call these inside their own transaction.
import { and, asc, eq, inArray, isNull, lte, gt, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { groupBuyItems, groupBuys } from './schema.js';
import { recordEvent } from '../../platform/events/service.js';

export type GroupBuyItem = typeof groupBuyItems.$inferSelect;

/** Locks an item row (first in the global lock order). */
export async function lockItem(tx: Tx, itemId: string): Promise<GroupBuyItem | null> {
  const [item] = await tx.select().from(groupBuyItems).where(eq(groupBuyItems.id, itemId)).for('update');
  return item ?? null;
}

/**
 * The leader received an item at the pickup point: the item has arrived, and the group buy has
 * arrived once every item that has paid lines did. Returns whether the whole group buy arrived now.
 * Called after the item's lines changed, so "has paid lines" sees the short-delivery refunds.
 */
export async function markItemArrived(tx: Tx, itemId: string, actorId: string | null, now: Date): Promise<{ groupBuyArrived: boolean }> {
  const [item] = await tx.update(groupBuyItems).set({ arrivedAt: now })
    .where(and(eq(groupBuyItems.id, itemId), isNull(groupBuyItems.arrivedAt))).returning();
  if (!item) return { groupBuyArrived: false };
  await recordEvent(tx, { type: 'groupbuy.item_arrived', communityId: item.communityId, actorId, subjectId: item.groupBuyId, payload: { itemId } });
  // Items still waiting: not arrived, with lines that were paid and still hold units.
  const res = (await tx.execute(sql`
    select count(*)::int as n from group_buy_items i
    where i.group_buy_id = ${item.groupBuyId} and i.arrived_at is null
      and exists (select 1 from order_lines l where l.item_id = i.id and l.status in ('paid', 'confirmed', 'ready_for_pickup'))`)) as unknown as { rows: { n: number }[] };
  if (res.rows[0].n > 0) return { groupBuyArrived: false };
  const [gb] = await tx.update(groupBuys).set({ status: 'arrived', arrivedAt: now })
    .where(and(eq(groupBuys.id, item.groupBuyId), eq(groupBuys.status, 'closed'))).returning({ id: groupBuys.id, communityId: groupBuys.communityId });
  if (!gb) return { groupBuyArrived: false };
  await recordEvent(tx, { type: 'groupbuy.arrived', communityId: gb.communityId, actorId, subjectId: gb.id, payload: { via: 'receipt', lastItemId: itemId } });
  return { groupBuyArrived: true };
}

export interface ReminderDue { id: string; communityId: string; title: string; pickupStartAt: Date; pickupEndAt: Date }

const reminderView = { id: groupBuys.id, communityId: groupBuys.communityId, title: groupBuys.title, pickupStartAt: groupBuys.pickupStartAt, pickupEndAt: groupBuys.pickupEndAt };

/**
 * Claims the group buys whose pickup window opened (and has not ended) and marks the opening
 * reminder sent, once: SKIP LOCKED and a conditional update, so several instances never send twice.
 */
export async function claimOpenReminders(tx: Tx, now: Date, limit = 50): Promise<ReminderDue[]> {
  const due = await tx.select({ id: groupBuys.id }).from(groupBuys)
    .where(and(isNull(groupBuys.openReminderAt), inArray(groupBuys.status, ['closed', 'arrived']), lte(groupBuys.pickupStartAt, now), gt(groupBuys.pickupEndAt, now)))
    .orderBy(asc(groupBuys.id)).limit(limit).for('update', { skipLocked: true });
  if (due.length === 0) return [];
  return tx.update(groupBuys).set({ openReminderAt: now })
    .where(and(inArray(groupBuys.id, due.map((d) => d.id)), isNull(groupBuys.openReminderAt))).returning(reminderView);
}

/** The same for the reminder two hours before the window ends. */
export async function claimEndReminders(tx: Tx, now: Date, beforeEndMs = 2 * 3_600_000, limit = 50): Promise<ReminderDue[]> {
  const due = await tx.select({ id: groupBuys.id }).from(groupBuys)
    .where(and(isNull(groupBuys.endReminderAt), inArray(groupBuys.status, ['closed', 'arrived']), lte(groupBuys.pickupEndAt, new Date(now.getTime() + beforeEndMs)), gt(groupBuys.pickupEndAt, now)))
    .orderBy(asc(groupBuys.id)).limit(limit).for('update', { skipLocked: true });
  if (due.length === 0) return [];
  return tx.update(groupBuys).set({ endReminderAt: now })
    .where(and(inArray(groupBuys.id, due.map((d) => d.id)), isNull(groupBuys.endReminderAt))).returning(reminderView);
}

/** Pickup windows and leaders of group buys (for reminders, hand-overs and settlements). */
export async function groupBuyWindows(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return new Map<string, { leaderId: string; title: string; pickupStartAt: Date; pickupEndAt: Date }>();
  const rows = await db.select({ id: groupBuys.id, leaderId: groupBuys.leaderId, title: groupBuys.title, pickupStartAt: groupBuys.pickupStartAt, pickupEndAt: groupBuys.pickupEndAt })
    .from(groupBuys).where(inArray(groupBuys.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}
