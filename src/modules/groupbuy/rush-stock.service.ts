import type { Tx } from '../../platform/db/client.js';
import { preparedQuery } from '../../platform/db/prepared.js';

/**
 * The groupbuy side of the rush engine (orders/rush.service.ts): limits, stock and movements for a
 * whole batch of orders, one prepared statement each. Rows go in (item id, person) order, the
 * order the one-order path takes them in, so batches and single orders queue instead of deadlocking.
 */
const sortIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const columns = (rows: unknown[][], width: number) => Array.from({ length: width }, (_, c) => rows.map((r) => r[c]));

export interface HoldRow { itemId: string; groupBuyId: string; userId: string; communityId: string; quantity: number }

/** Holds each row against its person's limit (one upsert); returns the `item|person` pairs held (the others passed the limit). */
export async function holdForPeople(tx: Tx, rows: HoldRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const sorted = [...rows].sort((a, b) => sortIds(a.itemId, b.itemId) || sortIds(a.userId, b.userId));
  const held = await preparedQuery(tx)<{ item_id: string; user_id: string }>('rush_hold_limits',
    `insert into group_buy_purchases (item_id, group_buy_id, user_id, community_id, quantity)
     select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::int[])
     on conflict (item_id, user_id) do update set quantity = group_buy_purchases.quantity + excluded.quantity
     where group_buy_purchases.quantity + excluded.quantity <= (select i.per_person_limit from group_buy_items i where i.id = excluded.item_id)
     returning item_id, user_id`, columns(sorted.map((r) => [r.itemId, r.groupBuyId, r.userId, r.communityId, r.quantity]), 5));
  return new Set(held.map((r) => `${r.item_id}|${r.user_id}`));
}

/** Gives back holds taken in this transaction by orders that were then refused. */
export async function releaseHolds(tx: Tx, rows: { itemId: string; userId: string; quantity: number }[]): Promise<void> {
  if (rows.length === 0) return;
  const sorted = [...rows].sort((a, b) => sortIds(a.itemId, b.itemId) || sortIds(a.userId, b.userId));
  await preparedQuery(tx)('rush_release_holds', `update group_buy_purchases p set quantity = p.quantity - d.q
    from unnest($1::uuid[], $2::uuid[], $3::int[]) d(item_id, user_id, q) where p.item_id = d.item_id and p.user_id = d.user_id`,
  columns(sorted.map((r) => [r.itemId, r.userId, r.quantity]), 3));
}

/** Locks the items' stock rows in id order (as an UPDATE would) and returns what each has left. */
export async function lockItemStocks(tx: Tx, itemIds: string[]): Promise<Map<string, number>> {
  const rows = await preparedQuery(tx)<{ id: string; stock_available: number }>('rush_lock_items',
    'select id, stock_available from group_buy_items where id = any($1::uuid[]) order by id for no key update', [[...new Set(itemIds)].sort(sortIds)]);
  return new Map(rows.map((r) => [r.id, r.stock_available]));
}

/** Takes each item's quantity in one conditional UPDATE; false (nothing to trust) if any item did not cover it. */
export async function takeItemStocks(tx: Tx, taken: Map<string, number>): Promise<boolean> {
  const ids = [...taken.keys()].sort(sortIds);
  if (ids.length === 0) return true;
  const updated = await preparedQuery(tx)('rush_take_stock', `update group_buy_items i set stock_available = i.stock_available - d.q
    from unnest($1::uuid[], $2::int[]) d(id, q) where i.id = d.id and i.stock_available >= d.q returning i.id`, [ids, ids.map((id) => taken.get(id))]);
  return updated.length === ids.length;
}

/** The movement log of placed lines (one statement). */
export async function logPlacedMovements(tx: Tx, rows: { communityId: string; groupBuyId: string; itemId: string; orderId: string; quantity: number }[]): Promise<void> {
  if (rows.length === 0) return;
  await preparedQuery(tx)('rush_log_movements', `insert into stock_movements (community_id, group_buy_id, item_id, order_id, delta, reason)
    select c, g, i, o, -q, 'order_placed' from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::int[]) d(c, g, i, o, q)`,
  columns(rows.map((r) => [r.communityId, r.groupBuyId, r.itemId, r.orderId, r.quantity]), 5));
}
