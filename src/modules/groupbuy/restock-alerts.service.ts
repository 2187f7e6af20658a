// 到货提醒: a resident asks to be told when a sold-out item has stock again; when stock is added
// (the 'groupbuy.item_restocked' event, however it came about) each one waiting is told once.
import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../platform/db/client.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { advanceCursor, claimCursor, inTransaction, readEventsAfter, recordEvent } from '../../platform/events/service.js';
import { requireLeader, requireMember } from '../community/index.js';
import { notify, type Notice } from '../notifications/index.js';
import { groupBuyItems, groupBuys } from './schema.js';
import { restockAlerts } from './restock-alerts.schema.js';
import { effectiveStatus } from './service.js';

const CONSUMER = 'groupbuy.restock-alerts';

export type RestockAlertStatus = 'none' | 'waiting' | 'notified' | 'cancelled' | 'expired';

async function itemWithGroupBuy(db: DbOrTx, itemId: string) {
  const [row] = await db.select({ item: groupBuyItems, gb: groupBuys }).from(groupBuyItems)
    .innerJoin(groupBuys, eq(groupBuys.id, groupBuyItems.groupBuyId)).where(eq(groupBuyItems.id, itemId));
  if (!row) throw notFound('groupbuy.item_not_found');
  return row;
}

/** Her alert on an item, as the pages show it. */
export async function restockAlertOf(db: DbOrTx, itemId: string, userId: string): Promise<{ itemId: string; status: RestockAlertStatus }> {
  const [row] = await db.select({ status: restockAlerts.status }).from(restockAlerts).where(and(eq(restockAlerts.itemId, itemId), eq(restockAlerts.userId, userId)));
  return { itemId, status: row?.status ?? 'none' };
}

/**
 * 到货提醒: she asks to be told when this sold-out item of her community's open group buy has stock
 * again. Asking twice is one alert; asking again after being told (or cancelling) waits again.
 */
export async function subscribeRestock(db: Db, itemId: string, user: { id: string; isOperator: boolean }, now: Date) {
  const { item, gb } = await itemWithGroupBuy(db, itemId);
  await requireMember(db, gb.communityId, { id: user.id, isOperator: false });
  if (effectiveStatus(gb, now) !== 'open') throw conflict('groupbuy.restock_not_open');
  if (item.stockAvailable > 0) throw conflict('groupbuy.restock_alert_not_sold_out');
  await db.insert(restockAlerts).values({ communityId: gb.communityId, groupBuyId: gb.id, itemId, userId: user.id, createdAt: now })
    .onConflictDoUpdate({
      target: [restockAlerts.itemId, restockAlerts.userId],
      set: { status: 'waiting', createdAt: now, notifiedAt: null, cancelledAt: null },
      setWhere: sql`${restockAlerts.status} <> 'waiting'`,
    });
  return restockAlertOf(db, itemId, user.id);
}

/** She no longer wants to be told. Cancelling what is not waiting changes nothing. */
export async function cancelRestock(db: Db, itemId: string, userId: string, now: Date) {
  const { gb } = await itemWithGroupBuy(db, itemId);
  await requireMember(db, gb.communityId, { id: userId, isOperator: false });
  await db.update(restockAlerts).set({ status: 'cancelled', cancelledAt: now })
    .where(and(eq(restockAlerts.itemId, itemId), eq(restockAlerts.userId, userId), eq(restockAlerts.status, 'waiting')));
  return restockAlertOf(db, itemId, userId);
}

/** Her alert on an item of her community (the group-buy page shows it on a sold-out item). */
export async function myRestockAlert(db: Db, itemId: string, userId: string) {
  const { gb } = await itemWithGroupBuy(db, itemId);
  await requireMember(db, gb.communityId, { id: userId, isOperator: false });
  return restockAlertOf(db, itemId, userId);
}

/** Her alerts on these items (the search results show them). */
export async function restockAlertsOf(db: DbOrTx, userId: string, itemIds: string[]): Promise<Map<string, RestockAlertStatus>> {
  if (itemIds.length === 0) return new Map();
  const rows = await db.select({ itemId: restockAlerts.itemId, status: restockAlerts.status }).from(restockAlerts)
    .where(and(eq(restockAlerts.userId, userId), sql`${restockAlerts.itemId} in ${itemIds}`));
  return new Map(rows.map((r) => [r.itemId, r.status]));
}


/**
 * Scheduled: reads 'groupbuy.item_restocked' through a durable cursor and tells each resident
 * waiting on that item, once (the alert becomes 'notified' in the same transaction as the notice
 * and the cursor). A group buy no longer open tells nobody: its alerts expire.
 */
export async function deliverRestockAlerts(db: Db, now = new Date(), batchSize = 200): Promise<{ events: number; told: number }> {
  return inTransaction(db, async (tx) => {
    const after = await claimCursor(tx, CONSUMER);
    const events = await readEventsAfter(tx, ['groupbuy.item_restocked'], after, batchSize);
    if (events.length === 0) return { events: 0, told: 0 };
    let told = 0;
    for (const e of events) {
      const found = await tx.select({ item: groupBuyItems, gb: groupBuys, name: sql<string>`(select p.name from products p where p.id = ${groupBuyItems.productId})` })
        .from(groupBuyItems).innerJoin(groupBuys, eq(groupBuys.id, groupBuyItems.groupBuyId)).where(eq(groupBuyItems.id, e.payload.itemId));
      if (!found[0]) continue;
      const { item, gb, name } = found[0];
      if (effectiveStatus(gb, now) !== 'open') {
        await tx.update(restockAlerts).set({ status: 'expired' }).where(and(eq(restockAlerts.itemId, item.id), eq(restockAlerts.status, 'waiting')));
        continue;
      }
      // Stock already gone again by the time we run: keep waiting for the next restock.
      if (item.stockAvailable <= 0) continue;
      const waiting = await tx.update(restockAlerts).set({ status: 'notified', notifiedAt: now })
        .where(and(eq(restockAlerts.itemId, item.id), eq(restockAlerts.status, 'waiting')))
        .returning({ userId: restockAlerts.userId });
      const notices: Notice[] = waiting.map((w) => ({
        userId: w.userId, communityId: gb.communityId, kind: 'restock', params: { product: name, title: gb.title, left: item.stockAvailable }, link: `/g/${gb.id}`,
      }));
      told += await notify(tx, notices);
    }
    await advanceCursor(tx, CONSUMER, events[events.length - 1]);
    return { events: events.length, told };
  });
}
