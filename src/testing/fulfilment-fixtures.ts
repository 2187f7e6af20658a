// Test fixtures for the fulfilment tests: a neighbourhood through the public API, and paid
// baskets written the way checkout + payment leave them (so these tests do not depend on the
// checkout's own helpers), then the real make-to-order path: aggregation, supplier confirmation,
// the operator's delivery and the leader's receipt.
import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { TestApp } from './app.js';
import { sessionCookie } from './app.js';
import { approvedBatch, approvedSupplier, assignSupplier, call, HOUR, type Actor } from './world.js';
import { inTransaction, recordEvent } from '../platform/events/service.js';
import { aggregateClosedGroupBuys } from '../modules/fulfilment/purchase-orders.service.js';

export const rows = async <T>(t: TestApp, q: ReturnType<typeof sql>) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;

export type FWorld = Awaited<ReturnType<typeof fulfilmentWorld>>;

let communitySeq = 0;
/** An operator, a community with its leader 王叔, named residents, two products from one supplier. */
export async function fulfilmentWorld(t: TestApp, names: string[] = ['李阿姨', '张大哥', '小林']) {
  const operator = await sessionCookie(t, { operator: true, name: '运营' });
  const community = await call(t, operator, 'POST', '/api/communities', {
    name: `测试小区${++communitySeq}`, address: '上海市测试路 1 号', timeZone: 'Asia/Shanghai',
    pickupPointName: '1 号楼驿站', pickupPointAddress: '1 号楼 1 层', pickupHours: '08:00-20:00',
  });
  if (community.status !== 201) throw new Error(JSON.stringify(community.body));
  const leader = await sessionCookie(t, { name: '王叔' });
  await call(t, operator, 'POST', `/api/communities/${community.body.id}/leaders`, { phone: leader.phone, name: '王叔', title: '生活顾问' });
  const residents: Actor[] = [];
  for (const name of names) {
    const r = await sessionCookie(t, { name });
    const joined = await call(t, r, 'POST', `/api/invites/${community.body.inviteCode}/join`, {});
    if (joined.status !== 200) throw new Error(JSON.stringify(joined.body));
    residents.push(r);
  }
  const supplier = await approvedSupplier(t, operator);
  const products = [];
  for (const [name, spec, unit] of [['有机草莓', '500g/盒', '盒'], ['土鸡蛋', '10枚/盒', '盒'], ['鲜牛奶', '950ml/瓶', '瓶']]) {
    const p = await call(t, operator, 'POST', '/api/products', { name, spec, unit, origin: '辽宁丹东', description: '好', imageUrls: [], listPriceFen: 4980 });
    if (p.status !== 201) throw new Error(JSON.stringify(p.body));
    await assignSupplier(t, p.body.id, supplier.id);
    const batch = await approvedBatch(t, supplier.member, operator, p.body.id);
    products.push({ id: p.body.id as string, name, batch });
  }
  return { operator, leader, residents, community: community.body as { id: string; name: string; inviteCode: string }, supplier, products };
}

export interface GbItem { id: string; productId: string; priceFen: number; name: string }

/**
 * A group buy that closed (cut-off passed), with items, written as the groupbuy module keeps it,
 * and its 'groupbuy.closed' event for make-to-order. Pickup starts `startInMs` from now.
 */
export async function closedGroupBuy(t: TestApp, w: FWorld, opts: { title?: string; items?: { product: number; priceFen: number }[]; startInMs?: number; windowMs?: number } = {}) {
  const now = t.clock.now().getTime();
  const start = now + (opts.startInMs ?? HOUR);
  const id = randomUUID();
  const title = opts.title ?? '周末鲜货团';
  await t.database.db.execute(sql`insert into group_buys (id, community_id, leader_id, title, opens_at, cutoff_at, pickup_start_at, pickup_end_at, status, closed_at)
    values (${id}, ${w.community.id}, ${w.leader.userId}, ${title}, ${new Date(now - 2 * HOUR)}, ${new Date(now - 60_000)}, ${new Date(start)}, ${new Date(start + (opts.windowMs ?? 12 * HOUR))}, 'closed', ${new Date(now - 60_000)})`);
  const items: GbItem[] = [];
  for (const [i, it] of (opts.items ?? [{ product: 0, priceFen: 3000 }, { product: 1, priceFen: 1500 }]).entries()) {
    const p = w.products[it.product];
    const itemId = i === 0 ? id : randomUUID();
    await t.database.db.execute(sql`insert into group_buy_items (id, community_id, group_buy_id, position, product_id, batch_id, price_fen, stock_total, stock_available, per_person_limit)
      values (${itemId}, ${w.community.id}, ${id}, ${i + 1}, ${p.id}, ${p.batch.id}, ${it.priceFen}, 100, 100, 10)`);
    items.push({ id: itemId, productId: p.id, priceFen: it.priceFen, name: p.name });
  }
  return { id, title, items, pickupStartAt: new Date(start) };
}

export type Gb = Awaited<ReturnType<typeof closedGroupBuy>>;

/** A paid basket: one order, its lines (跟团号 in order of payment), one held payment. */
export async function paidBasket(t: TestApp, w: FWorld, resident: Actor, lines: { item: GbItem; groupBuyId: string; quantity: number }[]) {
  const now = t.clock.now();
  const orderId = randomUUID();
  const total = lines.reduce((s, l) => s + l.item.priceFen * l.quantity, 0);
  await t.database.db.execute(sql`insert into orders (id, community_id, user_id, idempotency_key, total_fen, status, payment_due_at, paid_at)
    values (${orderId}, ${w.community.id}, ${resident.userId}, ${randomUUID()}, ${total}, 'paid', ${now}, ${now})`);
  const numbers = new Map<string, number>();
  for (const gbId of new Set(lines.map((l) => l.groupBuyId))) {
    const [r] = await rows<{ n: number }>(t, sql`update group_buys set last_number = last_number + 1 where id = ${gbId} returning last_number as n`);
    numbers.set(gbId, r.n);
  }
  const lineIds: string[] = [];
  for (const l of lines) {
    const [r] = await rows<{ id: string }>(t, sql`insert into order_lines (order_id, community_id, group_buy_id, item_id, user_id, quantity, unit_price_fen, total_fen, status, group_number, paid_at)
      values (${orderId}, ${w.community.id}, ${l.groupBuyId}, ${l.item.id}, ${resident.userId}, ${l.quantity}, ${l.item.priceFen}, ${l.item.priceFen * l.quantity}, 'confirmed', ${numbers.get(l.groupBuyId)!}, ${now}) returning id`);
    lineIds.push(r.id);
  }
  const paymentId = randomUUID();
  await t.database.db.execute(sql`insert into payments (id, community_id, order_id, user_id, provider, provider_ref, amount_fen, status, paid_at)
    values (${paymentId}, ${w.community.id}, ${orderId}, ${resident.userId}, 'sandbox', ${`sbx_${paymentId.replace(/-/g, '')}`}, ${total}, 'held', ${now})`);
  t.clock.advance(1000);
  return { orderId, lineIds, paymentId, totalFen: total, groupNumbers: numbers };
}

/** Records the group buy's closing for make-to-order (what closing does) and aggregates. */
export async function aggregate(t: TestApp, gbIds: string[]) {
  await inTransaction(t.database.db, async (tx) => {
    for (const id of gbIds) await recordEvent(tx, { type: 'groupbuy.closed', communityId: null, actorId: null, subjectId: id, payload: { reason: 'cutoff', confirmedOrders: 0, confirmedQuantity: 0, cancelledUnpaid: 0, stockLeft: 0 } });
  });
  await aggregateClosedGroupBuys(t.database.db);
}

export async function poLineOf(t: TestApp, itemId: string) {
  const [l] = await rows<{ id: string; purchase_order_id: string; quantity_ordered: number }>(t, sql`select id, purchase_order_id, quantity_ordered from purchase_order_lines where item_id = ${itemId}`);
  return l;
}

/** The supplier confirms the whole purchase order as ordered (except `short` per item id). */
export async function confirmPo(t: TestApp, w: FWorld, poId: string, short: Record<string, number> = {}) {
  const po = await call(t, w.supplier.member, 'GET', `/api/purchase-orders/${poId}`);
  const lines = po.body.lines.map((l: { id: string; itemId: string; quantityOrdered: number }) => ({ lineId: l.id, quantityConfirmed: short[l.itemId] ?? l.quantityOrdered }));
  const res = await call(t, w.supplier.member, 'POST', `/api/purchase-orders/${poId}/confirm`, { lines });
  if (res.status !== 200) throw new Error(JSON.stringify(res.body));
}

/**
 * Delivery and receipt of every item of these group buys (aggregated first): the operator
 * records `delivered[itemId]` (default: as ordered), the leader receives `received[itemId]`
 * (default: as delivered). Moves the clock into the pickup window when `intoWindow`.
 */
export async function deliverAndReceive(t: TestApp, w: FWorld, gbs: Gb[], opts: { delivered?: Record<string, number>; received?: Record<string, number>; intoWindow?: boolean } = {}) {
  await aggregate(t, gbs.map((g) => g.id));
  const poIds = new Set<string>();
  for (const gb of gbs) for (const it of gb.items) { const l = await poLineOf(t, it.id); if (l) poIds.add(l.purchase_order_id); }
  for (const poId of poIds) {
    const [po] = await rows<{ status: string }>(t, sql`select status from purchase_orders where id = ${poId}`);
    if (po.status === 'pending') await confirmPo(t, w, poId);
  }
  for (const gb of gbs) {
    for (const it of gb.items) {
      const l = await poLineOf(t, it.id);
      if (!l) continue;
      const delivered = opts.delivered?.[it.id] ?? l.quantity_ordered;
      const d = await call(t, w.operator, 'POST', `/api/purchase-order-lines/${l.id}/delivery`, { quantityDelivered: delivered });
      if (d.status !== 200) throw new Error(JSON.stringify(d.body));
      const r = await call(t, w.leader, 'POST', `/api/purchase-order-lines/${l.id}/receive`, { quantityReceived: opts.received?.[it.id] ?? delivered });
      if (r.status !== 200) throw new Error(JSON.stringify(r.body));
    }
  }
  if (opts.intoWindow) {
    const start = Math.max(...gbs.map((g) => g.pickupStartAt.getTime()));
    const now = t.clock.now().getTime();
    if (start > now) t.clock.advance(start - now + 1000);
  }
}

/** Counts of the rows a hand-over may change: nothing may move when it is refused. */
export async function handoverCounts(t: TestApp, communityId: string) {
  const [c] = await rows<Record<string, number>>(t, sql`select
    (select count(*)::int from handovers where community_id = ${communityId}) as handovers,
    (select count(*)::int from settlements where community_id = ${communityId}) as settlements,
    (select count(*)::int from order_lines where community_id = ${communityId} and status = 'picked_up') as picked,
    (select count(*)::int from order_lines where community_id = ${communityId} and status = 'ready_for_pickup') as ready,
    (select coalesce(sum(settled_fen), 0)::int from payments where community_id = ${communityId}) as settled_fen,
    (select count(*)::int from pickup_passes where community_id = ${communityId} and used_at is not null) as used_passes,
    (select count(*)::int from domain_events where community_id = ${communityId} and type in ('order.picked_up', 'handover.recorded', 'payment.settled')) as events`);
  return c;
}

/** Her current pickup code, as her phone shows it. */
export async function codeOf(t: TestApp, resident: Actor, communityId: string): Promise<string> {
  const res = await call(t, resident, 'GET', `/api/communities/${communityId}/pickup-code`);
  if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  return res.body.code;
}
