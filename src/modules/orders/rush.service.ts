import { randomUUID } from 'node:crypto';
import type { Db, Tx } from '../../platform/db/client.js';
import { preparedQuery, rowOf } from '../../platform/db/prepared.js';
import { inTransaction, recordEventsPrepared } from '../../platform/events/service.js';
import { Batcher, type Outcome } from '../../platform/batcher.js';
import * as groupbuy from '../groupbuy/index.js';
import { orders, orderLines } from './schema.js';
import type { BasketLineInput, PlaceOrderInput, ShortLine } from './types.js';

type Order = typeof orders.$inferSelect;
type OrderLine = typeof orderLines.$inferSelect;

/**
 * The rush engine: concurrent new orders for the same group buy are placed together, in one
 * transaction of a handful of prepared statements (docs/rush-engine.md). Anything unusual — a key
 * used before or twice in the batch, a second basket of the same person on an item, a closed
 * window, a limit passed — is handed back to the one-order path, which gives today's exact answer.
 */
export interface RushRequest {
  input: PlaceOrderInput;
  /** Normalised: each item once, ascending item id. */
  lines: BasketLineInput[];
  byId: Map<string, groupbuy.OrderingItem>;
  totalFen: number;
  note: string;
  paymentDueAt: Date;
  now: Date;
}

export type RushOutcome =
  | { kind: 'placed'; order: Order; lines: OrderLine[] }
  | { kind: 'short'; short: ShortLine[] }
  /** Not decided here: the caller places it on the one-order path. */
  | { kind: 'fallback' };

/** Off with ORDER_BATCHING=off (every order then takes the one-order path, as before). */
export const BATCHING = process.env.ORDER_BATCHING !== 'off';
const WINDOW_MS = Number(process.env.ORDER_BATCH_WINDOW_MS ?? 1);
const MAX_BATCH = Number(process.env.ORDER_BATCH_MAX ?? 128);

/** What the engine did in this process (tests and the benchmark read it). */
export const rushStats = { batches: 0, orders: 0, largest: 0 };

const batchers = new WeakMap<Db, Batcher<RushRequest, RushOutcome>>();

/** Places the order with the others of its moment; 'fallback' when it must take the one-order path. */
export function placeInBatch(db: Db, req: RushRequest): Promise<RushOutcome> {
  let b = batchers.get(db);
  if (!b) batchers.set(db, b = new Batcher({ flush: (_key, reqs) => flushBatch(db, reqs), windowMs: WINDOW_MS, maxBatch: MAX_BATCH }));
  // The hot spot of a rush is its group buy: baskets are gathered by their first item's group buy.
  return b.submit(req.byId.get(req.lines[0].itemId)!.groupBuyId, req);
}

const FALLBACK: RushOutcome = { kind: 'fallback' };

async function flushBatch(db: Db, reqs: RushRequest[]): Promise<Outcome<RushOutcome>[]> {
  const outcomes: RushOutcome[] = reqs.map(() => FALLBACK);
  // One order per key and per (person, item) in a batch: a repeat waits for the one-order path,
  // where the first one's commit decides it (replay, key reused, or her limit).
  const keys = new Set<string>();
  const holds = new Set<string>();
  const live: number[] = [];
  reqs.forEach((r, k) => {
    const key = `${r.input.userId}|${r.input.idempotencyKey}`;
    const mine = r.lines.map((l) => `${l.itemId}|${r.input.userId}`);
    if (keys.has(key) || mine.some((h) => holds.has(h))) return;
    keys.add(key);
    mine.forEach((h) => holds.add(h));
    live.push(k);
  });
  if (live.length) {
    rushStats.batches++;
    rushStats.orders += live.length;
    rushStats.largest = Math.max(rushStats.largest, live.length);
    try {
      const decided = await inTransaction(db, (tx) => placeBatch(tx, reqs, live));
      for (const [k, o] of decided) outcomes[k] = o;
      for (const [itemId, left] of decided.stockLeft) {
        const it = reqs.flatMap((r) => [...r.byId.values()]).find((i) => i.itemId === itemId)!;
        if (left === 0) groupbuy.rememberSoldOut(db, it);
      }
    } catch {
      // The batch as a whole failed (lost connection, an unforeseen constraint): each order takes
      // the one-order path, where its own key makes a retry safe even if the batch did commit.
      return reqs.map(() => ({ ok: true, value: FALLBACK }));
    }
  }
  return outcomes.map((value) => ({ ok: true, value }));
}

const sortIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One batch in one transaction. Lock order as the one-order path: group_buys (key share, by id) →
 * orders → group_buy_purchases (by item, person) → group_buy_items (by id) → order_lines → stock_movements → domain_events.
 */
async function placeBatch(tx: Tx, reqs: RushRequest[], live: number[]) {
  const q = preparedQuery(tx);
  const decided = Object.assign(new Map<number, RushOutcome>(), { stockLeft: new Map<string, number>() });
  const itemOf = (r: RushRequest, itemId: string) => r.byId.get(itemId)!;

  // 1. The windows, held open (a cut-off waits for this commit). Closed or not open: one-order path.
  const gbIds = [...new Set(live.flatMap((k) => reqs[k].lines.map((l) => itemOf(reqs[k], l.itemId).groupBuyId)))].sort(sortIds);
  const windows = new Map((await q<{ id: string; status: string; opens_at: Date; cutoff_at: Date }>('rush_lock_group_buys',
    'select id, status, opens_at, cutoff_at from group_buys where id = any($1::uuid[]) order by id for key share', [gbIds]))
    .map((w) => [w.id, { status: w.status as groupbuy.OrderingItem['status'], opensAt: new Date(w.opens_at), cutoffAt: new Date(w.cutoff_at) }]));
  let cand = live.filter((k) => reqs[k].lines.every((l) => {
    const w = windows.get(itemOf(reqs[k], l.itemId).groupBuyId);
    return w && groupbuy.effectiveStatus(w, reqs[k].now) === 'open';
  }));
  if (cand.length === 0) return decided;

  // 2. The orders; a key already used is left to the one-order path (replay or key reused).
  const ids = new Map(cand.map((k) => [k, randomUUID()]));
  const cols = cand.map((k) => {
    const { input, note, totalFen, paymentDueAt, now } = reqs[k];
    const f = input.fulfilment;
    return [ids.get(k), input.communityId, input.userId, input.idempotencyKey, note, totalFen, f?.pickupPointId ?? null, f?.fulfilment ?? 'pickup',
      f?.deliveryArea ?? null, f?.deliveryAddress ?? null, f?.deliverySlot ?? null, f?.deliveryFeeFen ?? 0, paymentDueAt.toISOString(), now.toISOString()];
  });
  const inserted = await q('rush_insert_orders',
    `insert into orders (id, community_id, user_id, idempotency_key, note, total_fen, pickup_point_id, fulfilment, delivery_area, delivery_address, delivery_slot, delivery_fee_fen, payment_due_at, created_at)
     select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::int[], $7::uuid[], $8::text[], $9::text[], $10::text[], $11::text[], $12::int[], $13::timestamptz[], $14::timestamptz[])
     on conflict (user_id, idempotency_key) do nothing returning *`, transpose(cols, 14));
  const orderRows = new Map(inserted.map((r) => [r.id as string, rowOf(orders, r)]));
  cand = cand.filter((k) => orderRows.has(ids.get(k)!));
  if (cand.length === 0) return decided;

  // 3. Per-person limits: one upsert for the batch.
  const held = await groupbuy.holdForPeople(tx, cand.flatMap((k) => reqs[k].lines.map((l) => {
    const it = itemOf(reqs[k], l.itemId);
    return { itemId: it.itemId, groupBuyId: it.groupBuyId, userId: reqs[k].input.userId, communityId: it.communityId, quantity: l.quantity };
  })));
  const undo: RushRequest[] = [];
  const dropped: number[] = [];
  cand = cand.filter((k) => {
    if (reqs[k].lines.every((l) => held.has(`${l.itemId}|${reqs[k].input.userId}`))) return true;
    // Over her limit: the one-order path answers with what she may still take.
    undo.push(reqs[k]);
    dropped.push(k);
    return false;
  });

  // 4. Stock: the batch's items locked in id order, then the earliest arrivals that fit are taken.
  const stock = await groupbuy.lockItemStocks(tx, cand.flatMap((k) => reqs[k].lines.map((l) => l.itemId)));
  const accepted: number[] = [];
  for (const k of cand) {
    const r = reqs[k];
    const short = r.lines.filter((l) => l.quantity > (stock.get(l.itemId) ?? 0));
    if (short.length === 0) {
      for (const l of r.lines) stock.set(l.itemId, stock.get(l.itemId)! - l.quantity);
      accepted.push(k);
      continue;
    }
    decided.set(k, { kind: 'short', short: short.map((l) => {
      const it = itemOf(r, l.itemId);
      return { itemId: it.itemId, title: it.title, productName: it.productName, requested: l.quantity, available: stock.get(l.itemId) ?? 0, reason: 'sold_out' as const };
    }) });
    undo.push(r);
    dropped.push(k);
  }

  // 5. What was refused gives back its holds and its order row (only when something was refused).
  await groupbuy.releaseHolds(tx, undo.flatMap((r) => r.lines.filter((l) => held.has(`${l.itemId}|${r.input.userId}`)).map((l) => ({ itemId: l.itemId, userId: r.input.userId, quantity: l.quantity }))));
  if (dropped.length) await q('rush_drop_orders', 'delete from orders where id = any($1::uuid[])', [dropped.map((k) => ids.get(k))]);
  for (const [id, left] of stock) decided.stockLeft.set(id, left);
  if (accepted.length === 0) return decided;

  // 6. One conditional stock update per item by the batch's sum, then the lines, their movements and the events.
  const taken = new Map<string, number>();
  for (const k of accepted) for (const l of reqs[k].lines) taken.set(l.itemId, (taken.get(l.itemId) ?? 0) + l.quantity);
  // The rows are locked: this cannot fall short; if it did, the batch rolls back and each order goes the one-order path.
  if (!(await groupbuy.takeItemStocks(tx, taken))) throw new Error('rush: stock changed under a row lock');
  const lineCols = accepted.flatMap((k) => reqs[k].lines.map((l) => {
    const it = itemOf(reqs[k], l.itemId);
    return [ids.get(k), reqs[k].input.communityId, it.groupBuyId, it.itemId, reqs[k].input.userId, l.quantity, it.priceFen, it.priceFen * l.quantity, reqs[k].now.toISOString()];
  }));
  const lineRows = await q('rush_insert_lines', `insert into order_lines (order_id, community_id, group_buy_id, item_id, user_id, quantity, unit_price_fen, total_fen, created_at)
    select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::int[], $7::int[], $8::int[], $9::timestamptz[]) returning *`, transpose(lineCols, 9));
  const linesByOrder = new Map<string, OrderLine[]>();
  for (const r of lineRows) {
    const line = rowOf(orderLines, r);
    linesByOrder.set(line.orderId, [...(linesByOrder.get(line.orderId) ?? []), line]);
  }
  const placed = accepted.map((k) => ({ k, order: orderRows.get(ids.get(k)!)!, lines: (linesByOrder.get(ids.get(k)!) ?? []).sort((x, y) => sortIds(x.itemId, y.itemId)) }));
  await groupbuy.logPlacedMovements(tx, placed.flatMap((p) => p.lines.map((l) => ({ communityId: l.communityId, groupBuyId: l.groupBuyId, itemId: l.itemId, orderId: l.orderId, quantity: l.quantity }))));
  await recordEventsPrepared(tx, placed.map((p) => ({ type: 'order.placed' as const, communityId: p.order.communityId, actorId: p.order.userId, subjectId: p.order.id, payload: {
    totalFen: p.order.totalFen, lines: p.lines.map((l) => ({ lineId: l.id, groupBuyId: l.groupBuyId, itemId: l.itemId, quantity: l.quantity, totalFen: l.totalFen })),
  } })));
  for (const p of placed) decided.set(p.k, { kind: 'placed', order: p.order, lines: p.lines });
  return decided;
}

/** Rows → one array per column (what unnest takes). */
function transpose(rows: unknown[][], width: number): unknown[][] {
  const out: unknown[][] = Array.from({ length: width }, () => new Array(rows.length));
  rows.forEach((row, i) => row.forEach((v, c) => { out[c][i] = v; }));
  return out;
}
