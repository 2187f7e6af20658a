import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/app.js';
import { buildWorld, call, checkoutAndPay, HOUR, idemKey, openGroupBuy, orderAndPay, sellableProduct } from '../../testing/world.js';
import { reconcileStock } from '../groupbuy/service.js';
import { expireUnpaidOrders } from './service.js';
import { handlePaymentSucceeded } from '../../workflows/payment-notified.js';
import { closeDueGroupBuys } from '../../workflows/close-group-buy.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
let eggs: { id: string; name: string };
let milk: { id: string; name: string };
beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 3, stock: 5, limit: 3 });
  eggs = await sellableProduct(t, world, '土鸡蛋');
  milk = await sellableProduct(t, world, '鲜牛奶');
});
afterAll(async () => { await t?.close(); });

const rows = async <T>(q: ReturnType<typeof sql>) => (await t.database.db.execute(q) as unknown as { rows: T[] }).rows;
const counts = async () => (await rows<{ o: number; l: number; p: number; m: number }>(sql`select (select count(*)::int from orders) o, (select count(*)::int from order_lines) l, (select count(*)::int from payments) p, (select count(*)::int from stock_movements) m`))[0];
const stockOf = async (itemId: string) => (await rows<{ s: number }>(sql`select stock_available as s from group_buy_items where id = ${itemId}`))[0].s;

/** A 团 with strawberries, eggs and milk, and a second 团 with one item. */
async function twoGroupBuys(opts: { stock?: number; limit?: number } = {}) {
  const three = await openGroupBuy(t, world.leader, world.community.id, [world.product.id, eggs.id, milk.id], {
    items: [{ priceFen: 3680, stock: opts.stock ?? 10, limit: opts.limit ?? 3 }, { priceFen: 1590, stock: opts.stock ?? 10, limit: opts.limit ?? 3 }, { priceFen: 990, stock: opts.stock ?? 10, limit: opts.limit ?? 3 }],
  });
  const other = await openGroupBuy(t, world.leader, world.community.id, eggs.id, { priceFen: 1500, stock: opts.stock ?? 10, limit: opts.limit ?? 3 });
  return { three, other, straw: three.items[0].id as string, egg: three.items[1].id as string, milkItem: three.items[2].id as string, egg2: other.items[0].id as string };
}

describe('group buys with several items', () => {
  it('opens one 团 with three items, each with its own price, stock and limit; the share text lists every item', async () => {
    const { three } = await twoGroupBuys();
    expect(three.items.map((i: { position: number; product: { name: string }; priceFen: number }) => [i.position, i.product.name, i.priceFen])).toEqual([[1, '有机草莓', 3680], [2, '土鸡蛋', 1590], [3, '鲜牛奶', 990]]);
    expect(three.title).toBe('有机草莓、土鸡蛋、鲜牛奶');
    const share = await call(t, world.leader, 'GET', `/api/group-buys/${three.id}/share`);
    expect(share.body.text).toContain('1. 有机草莓');
    expect(share.body.text).toContain('2. 土鸡蛋');
    expect(share.body.text).toContain('3. 鲜牛奶（1份）团购价 ¥9.90/份');
  });

  it('refuses a 团 without items, with a product twice, or with an item the leader has not tried, creating nothing', async () => {
    const before = (await rows<{ n: number }>(sql`select count(*)::int n from group_buys`))[0].n;
    const now = t.clock.now().getTime();
    const times = { cutoffAt: new Date(now + HOUR).toISOString(), pickupStartAt: new Date(now + 2 * HOUR).toISOString(), pickupEndAt: new Date(now + 3 * HOUR).toISOString() };
    const item = { productId: eggs.id, priceFen: 100, stockTotal: 5, perPersonLimit: 1 };
    expect((await call(t, world.leader, 'POST', `/api/communities/${world.community.id}/group-buys`, { ...times, items: [] })).status).toBe(400);
    const twice = await call(t, world.leader, 'POST', `/api/communities/${world.community.id}/group-buys`, { ...times, items: [item, item] });
    expect(twice.body.error.code).toBe('groupbuy.items_duplicate');
    const untried = await call(t, world.operator, 'POST', '/api/products', { name: '没试过的', spec: '1', unit: '份', origin: '-', description: '-', imageUrls: [], listPriceFen: 100 });
    const res = await call(t, world.leader, 'POST', `/api/communities/${world.community.id}/group-buys`, { ...times, items: [item, { ...item, productId: untried.body.id }] });
    expect(res.status).toBe(409);
    expect((await rows<{ n: number }>(sql`select count(*)::int n from group_buys`))[0].n).toBe(before);
  });
});

describe('basket and checkout', () => {
  it('one basket across two 团, one order with lines, one payment; the basket survives and empties on checkout', async () => {
    const { straw, egg, milkItem, egg2, three, other } = await twoGroupBuys();
    const r = world.residents[0];
    for (const [itemId, quantity] of [[straw, 2], [egg, 1], [milkItem, 1], [egg2, 1]] as const) {
      expect((await call(t, r, 'PUT', `/api/communities/${world.community.id}/basket/items/${itemId}`, { quantity })).status).toBe(200);
    }
    // A new device: the basket is on the server.
    const basket = await call(t, r, 'GET', `/api/communities/${world.community.id}/basket`);
    expect(basket.body).toMatchObject({ count: 5, totalFen: 2 * 3680 + 1590 + 990 + 1500 });
    expect(basket.body.lines.every((l: { problem: null }) => l.problem === null)).toBe(true);
    const KEY = idemKey();
    const placed = await call(t, r, 'POST', `/api/communities/${world.community.id}/checkout`, { idempotencyKey: KEY, note: '放门口就行' });
    expect(placed.status).toBe(201);
    expect(placed.body.order).toMatchObject({ status: 'pending_payment', totalFen: 2 * 3680 + 1590 + 990 + 1500, note: '放门口就行', progress: 'pending_payment' });
    expect(placed.body.order.lines).toHaveLength(4);
    expect(placed.body.payment.amountFen).toBe(placed.body.order.totalFen);
    expect((await call(t, r, 'GET', `/api/communities/${world.community.id}/basket`)).body.lines).toEqual([]);
    // The answer was lost and the phone retries with the same key: the same order, not "basket empty".
    const retry = await call(t, r, 'POST', `/api/communities/${world.community.id}/checkout`, { note: '放门口就行' }, { 'idempotency-key': KEY });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ replayed: true, order: { id: placed.body.order.id }, payment: { paymentId: placed.body.payment.paymentId } });
    const paid = await call(t, r, 'POST', `/api/payments/${placed.body.payment.paymentId}/sandbox-confirm`);
    expect(paid.body.status).toBe('held');
    const order = (await call(t, r, 'GET', `/api/orders/${placed.body.order.id}`)).body;
    expect(order.status).toBe('paid');
    expect(order.lines.every((l: { status: string; groupNumber: number }) => l.status === 'paid' && l.groupNumber === 1)).toBe(true);
    expect((await rows<{ n: number }>(sql`select count(*)::int n from payments where order_id = ${order.id}`))[0].n).toBe(1);
    expect(await stockOf(straw)).toBe(8);
    expect(await reconcileStock(t.database.db, three.id)).toEqual([]);
    expect(await reconcileStock(t.database.db, other.id)).toEqual([]);
    const types = await rows<{ type: string }>(sql`select type from domain_events where subject_id in (${order.id}, ${placed.body.payment.paymentId}) order by id`);
    expect(types.map((x) => x.type)).toEqual(['order.placed', 'order.paid', 'payment.succeeded']);
  });

  it('跟团号 follow the order of payment, not of ordering, and the roll call lists real orders only with masked names', async () => {
    const { three, straw, egg } = await twoGroupBuys();
    const [a, b, c] = world.residents;
    const pa = await call(t, a, 'POST', `/api/communities/${world.community.id}/checkout`, { idempotencyKey: idemKey(), lines: [{ itemId: straw, quantity: 2 }, { itemId: egg, quantity: 1 }] });
    const pb = await call(t, b, 'POST', `/api/communities/${world.community.id}/checkout`, { idempotencyKey: idemKey(), lines: [{ itemId: egg, quantity: 3 }] });
    await call(t, c, 'POST', `/api/communities/${world.community.id}/checkout`, { idempotencyKey: idemKey(), lines: [{ itemId: straw, quantity: 1 }] }); // never paid
    await call(t, b, 'POST', `/api/payments/${pb.body.payment.paymentId}/sandbox-confirm`);
    await call(t, a, 'POST', `/api/payments/${pa.body.payment.paymentId}/sandbox-confirm`);
    const roll = await call(t, world.leader, 'GET', `/api/group-buys/${three.id}/roll-call`);
    expect(roll.body.text).toBe('#1 居** 土鸡蛋×3\n#2 居** 有机草莓×2 土鸡蛋×1');
    expect(roll.body.text).not.toMatch(/1[3-9]\d/);
    const listed = await call(t, world.leader, 'GET', `/api/group-buys/${three.id}/orders`);
    expect(listed.body.items.map((o: { groupNumber: number | null }) => o.groupNumber)).toEqual([1, 2, null]);
    // A resident cannot read the leader's lists.
    expect((await call(t, a, 'GET', `/api/group-buys/${three.id}/roll-call`)).status).toBe(403);
  });

  it('if any line is short nothing is taken and the answer names every short line with what is left', async () => {
    const { straw, egg, milkItem } = await twoGroupBuys({ stock: 4, limit: 3 });
    await orderAndPayItem(world.residents[1], straw, 3);
    const before = await counts();
    const res = await call(t, world.residents[0], 'POST', `/api/communities/${world.community.id}/checkout`, {
      idempotencyKey: idemKey(), lines: [{ itemId: straw, quantity: 2 }, { itemId: egg, quantity: 1 }, { itemId: milkItem, quantity: 4 }],
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('order.lines_short');
    const named = [...res.body.error.details.lines].sort((x: { productName: string }, y: { productName: string }) => x.productName.localeCompare(y.productName));
    expect(named).toEqual([
      { itemId: straw, title: '有机草莓、土鸡蛋、鲜牛奶', productName: '有机草莓', requested: 2, available: 1, reason: 'sold_out' },
      { itemId: milkItem, title: '有机草莓、土鸡蛋、鲜牛奶', productName: '鲜牛奶', requested: 4, available: 3, reason: 'over_limit' },
    ].sort((x, y) => x.productName.localeCompare(y.productName)));
    expect(await counts()).toEqual(before);
    expect([await stockOf(straw), await stockOf(egg), await stockOf(milkItem)]).toEqual([1, 4, 4]);
    // The basket page offers to buy the rest: the same basket at what is left goes through.
    const rest = await call(t, world.residents[0], 'POST', `/api/communities/${world.community.id}/checkout`, {
      idempotencyKey: idemKey(), lines: [{ itemId: straw, quantity: 1 }, { itemId: egg, quantity: 1 }, { itemId: milkItem, quantity: 3 }],
    });
    expect(rest.status).toBe(201);
    expect(await stockOf(straw)).toBe(0);
  });

  it('a retry with the same key returns the first order even after the stock ran out; another basket with that key is refused', async () => {
    const { straw, egg } = await twoGroupBuys({ stock: 2, limit: 2 });
    const key = idemKey();
    const body = { idempotencyKey: key, lines: [{ itemId: straw, quantity: 2 }, { itemId: egg, quantity: 1 }] };
    const first = await call(t, world.residents[2], 'POST', `/api/communities/${world.community.id}/checkout`, body);
    expect(first.status).toBe(201);
    expect(await stockOf(straw)).toBe(0);
    const again = await call(t, world.residents[2], 'POST', `/api/communities/${world.community.id}/checkout`, { ...body, lines: [...body.lines].reverse() });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ replayed: true, order: { id: first.body.order.id }, payment: { paymentId: first.body.payment.paymentId } });
    const other = await call(t, world.residents[2], 'POST', `/api/communities/${world.community.id}/checkout`, { ...body, lines: [{ itemId: egg, quantity: 1 }] });
    expect(other.body.error.code).toBe('order.idempotency_key_reused');
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const { straw, three } = await twoGroupBuys();
    const r = world.residents[0];
    const before = await counts();
    const url = `/api/communities/${world.community.id}/checkout`;
    await call(t, r, 'DELETE', `/api/communities/${world.community.id}/basket`);
    expect((await call(t, r, 'POST', url, { idempotencyKey: idemKey() })).body.error.code).toBe('order.basket_empty');
    expect((await call(t, r, 'POST', url, { idempotencyKey: idemKey(), lines: [] })).body.error.code).toBe('order.basket_empty');
    expect((await call(t, r, 'POST', url, { idempotencyKey: idemKey(), lines: [{ itemId: straw, quantity: 0 }] })).status).toBe(400);
    expect((await call(t, r, 'POST', url, { idempotencyKey: idemKey(), lines: [{ itemId: straw, quantity: 2 ** 31 }] })).status).toBe(400);
    expect((await call(t, r, 'POST', url, { idempotencyKey: idemKey(), lines: [{ itemId: straw, quantity: 1.5 }] })).status).toBe(400);
    expect((await call(t, r, 'POST', url, { idempotencyKey: idemKey(), lines: [{ itemId: '00000000-0000-4000-8000-000000000000', quantity: 1 }] })).body.error.code).toBe('order.item_not_found');
    expect((await call(t, r, 'POST', url, { idempotencyKey: 'short', lines: [{ itemId: straw, quantity: 1 }] })).status).toBe(400);
    expect((await call(t, r, 'PUT', `/api/communities/${world.community.id}/basket/items/${straw}`, { quantity: 2 ** 31 })).status).toBe(400);
    expect((await call(t, r, 'POST', url, { idempotencyKey: idemKey(), note: 'x'.repeat(201), lines: [{ itemId: straw, quantity: 1 }] })).status).toBe(400);
    // An item of another community, in the basket or at checkout.
    const elsewhere = await call(t, world.operator, 'POST', '/api/communities', { name: '别的小区', address: '别处', timeZone: 'Asia/Shanghai', pickupPointName: '门卫', pickupPointAddress: '门口', pickupHours: '08:00-20:00' });
    await call(t, r, 'POST', `/api/invites/${elsewhere.body.inviteCode}/join`, {});
    const foreign = await call(t, r, 'POST', `/api/communities/${elsewhere.body.id}/checkout`, { idempotencyKey: idemKey(), lines: [{ itemId: straw, quantity: 1 }] });
    expect(foreign.body.error.code).toBe('order.item_other_community');
    expect((await call(t, r, 'PUT', `/api/communities/${elsewhere.body.id}/basket/items/${straw}`, { quantity: 1 })).body.error.code).toBe('order.item_other_community');
    // A closed 团.
    await call(t, world.leader, 'POST', `/api/group-buys/${three.id}/close`);
    const closed = await call(t, r, 'POST', url, { idempotencyKey: idemKey(), lines: [{ itemId: straw, quantity: 1 }] });
    expect(closed.body.error.details.lines[0]).toMatchObject({ reason: 'closed', available: 0 });
    // Not a member.
    const outsider = await sessionCookie(t);
    expect((await call(t, outsider, 'POST', url, { idempotencyKey: idemKey(), lines: [{ itemId: straw, quantity: 1 }] })).status).toBe(403);
    expect((await call(t, outsider, 'GET', `/api/communities/${world.community.id}/basket`)).status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('refuses a quantity whose total would pass 2^31 fen with a clear reason, before anything is written', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 100, limit: 5, priceFen: 10_000_000 });
    const res = await call(t, world.residents[0], 'POST', `/api/group-buys/${gb.id}/orders`, { quantity: 1000, idempotencyKey: idemKey() });
    expect(res.status).toBe(400);
    // Refused for the limit, or first for the order total it would reach: a clear reason either way.
    expect(res.body.error.code).toMatch(/^(order\.over_limit|groupbuy\.order_total_too_large)$/);
    expect((await rows<{ n: number }>(sql`select count(*)::int as n from order_lines where group_buy_id = ${gb.id}`))[0].n).toBe(0);
  });

  it('refuses orders before opening time', async () => {
    const now = t.clock.now().getTime();
    const res = await call(t, world.leader, 'POST', `/api/communities/${world.community.id}/group-buys`, {
      items: [{ productId: world.product.id, priceFen: 100, stockTotal: 5, perPersonLimit: 1 }], opensAt: new Date(now + HOUR).toISOString(),
      cutoffAt: new Date(now + 3 * HOUR).toISOString(), pickupStartAt: new Date(now + 4 * HOUR).toISOString(), pickupEndAt: new Date(now + 5 * HOUR).toISOString(),
    });
    expect(res.body.status).toBe('scheduled');
    const early = await call(t, world.residents[0], 'POST', `/api/group-buys/${res.body.id}/orders`, { quantity: 1, idempotencyKey: idemKey() });
    expect(early.body.error.details.lines[0].reason).toBe('not_open');
  });

  it('the basket says what is wrong with each line and what she could still take', async () => {
    const { straw, egg, three } = await twoGroupBuys({ stock: 3, limit: 3 });
    const r = world.residents[1];
    await call(t, r, 'DELETE', `/api/communities/${world.community.id}/basket`);
    await call(t, r, 'PUT', `/api/communities/${world.community.id}/basket/items/${straw}`, { quantity: 3 });
    await call(t, r, 'PUT', `/api/communities/${world.community.id}/basket/items/${egg}`, { quantity: 1 });
    await orderAndPayItem(world.residents[2], straw, 2);
    let basket = (await call(t, r, 'GET', `/api/communities/${world.community.id}/basket`)).body;
    expect(basket.lines.find((l: { itemId: string }) => l.itemId === straw)).toMatchObject({ problem: 'short', available: 1 });
    await call(t, world.leader, 'POST', `/api/group-buys/${three.id}/close`);
    basket = (await call(t, r, 'GET', `/api/communities/${world.community.id}/basket`)).body;
    expect(basket.lines.map((l: { problem: string }) => l.problem)).toEqual(['closed', 'closed']);
  });
});

async function orderAndPayItem(r: typeof world.residents[number], itemId: string, quantity: number) {
  return checkoutAndPay(t, r, world.community.id, [{ itemId, quantity }]);
}

describe('cancelling and expiry', () => {
  it('cancels some lines of a paid order before the cut-off: their stock and limit return, just their money is refunded', async () => {
    const { straw, egg, milkItem } = await twoGroupBuys({ stock: 6, limit: 3 });
    const r = world.residents[2];
    const order = await checkoutAndPay(t, r, world.community.id, [{ itemId: straw, quantity: 3 }, { itemId: egg, quantity: 1 }, { itemId: milkItem, quantity: 2 }]);
    const strawLine = order.lines.find((l: { itemId: string }) => l.itemId === straw);
    // Another resident cannot cancel it (and cannot even see it).
    expect((await call(t, world.residents[0], 'POST', `/api/orders/${order.id}/cancel`, {})).status).toBe(404);
    expect((await call(t, world.residents[0], 'GET', `/api/orders/${order.id}`)).status).toBe(404);
    const res = await call(t, r, 'POST', `/api/orders/${order.id}/cancel`, { lineIds: [strawLine.id] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'paid', refundedFen: 3 * 3680, progress: 'waiting' });
    expect(res.body.lines.find((l: { id: string }) => l.id === strawLine.id)).toMatchObject({ status: 'cancelled', refundedQuantity: 3 });
    expect(await stockOf(straw)).toBe(6);
    const [payment] = await rows<{ status: string; refunded_fen: number; provider_ref: string }>(sql`select status, refunded_fen, provider_ref from payments where order_id = ${order.id}`);
    expect(payment).toMatchObject({ status: 'held', refunded_fen: 3 * 3680 });
    expect([...t.payments.refunds.values()].filter((x) => x.providerRef === payment.provider_ref).map((x) => x.amountFen)).toEqual([3 * 3680]);
    // Her limit is free again, and the same line cannot be cancelled twice.
    expect((await call(t, r, 'POST', `/api/orders/${order.id}/cancel`, { lineIds: [strawLine.id] })).body.error.code).toBe('order.cannot_cancel');
    await checkoutAndPay(t, r, world.community.id, [{ itemId: straw, quantity: 3 }]);
    // Cancelling the rest cancels the order and refunds all that is left.
    const rest = await call(t, r, 'POST', `/api/orders/${order.id}/cancel`, {});
    expect(rest.body).toMatchObject({ status: 'cancelled', refundedFen: order.totalFen });
    const [after] = await rows<{ status: string; refunded_fen: number }>(sql`select status, refunded_fen from payments where order_id = ${order.id}`);
    expect(after).toEqual({ status: 'refunded', refunded_fen: order.totalFen });
  });

  it('cannot cancel a line after its cut-off; the other 团 in the basket still can', async () => {
    const { three, straw, egg2 } = await twoGroupBuys();
    const order = await checkoutAndPay(t, world.residents[0], world.community.id, [{ itemId: straw, quantity: 1 }, { itemId: egg2, quantity: 1 }]);
    await call(t, world.leader, 'POST', `/api/group-buys/${three.id}/close`);
    const strawLine = order.lines.find((l: { itemId: string }) => l.itemId === straw);
    const eggLine = order.lines.find((l: { itemId: string }) => l.itemId === egg2);
    const res = await call(t, world.residents[0], 'POST', `/api/orders/${order.id}/cancel`, { lineIds: [strawLine.id] });
    expect(res.body.error.code).toBe('order.cannot_cancel');
    const ok = await call(t, world.residents[0], 'POST', `/api/orders/${order.id}/cancel`, { lineIds: [eggLine.id] });
    expect(ok.body.lines.map((l: { status: string }) => l.status).sort()).toEqual(['cancelled', 'confirmed']);
  });

  it('an unpaid basket is cancelled as a whole when one of its 团 closes: every line gives its stock back', async () => {
    const { three, straw, egg2 } = await twoGroupBuys();
    const placed = await call(t, world.residents[1], 'POST', `/api/communities/${world.community.id}/checkout`, { idempotencyKey: idemKey(), lines: [{ itemId: straw, quantity: 2 }, { itemId: egg2, quantity: 2 }] });
    expect(await stockOf(egg2)).toBe(8);
    await call(t, world.leader, 'POST', `/api/group-buys/${three.id}/close`);
    const order = (await call(t, world.residents[1], 'GET', `/api/orders/${placed.body.order.id}`)).body;
    expect(order).toMatchObject({ status: 'cancelled', cancelReason: 'cutoff_unpaid' });
    expect(order.lines.map((l: { status: string }) => l.status)).toEqual(['cancelled', 'cancelled']);
    expect([await stockOf(straw), await stockOf(egg2)]).toEqual([10, 10]);
    // Paying it now refunds at once.
    const [p] = await rows<{ provider_ref: string }>(sql`select provider_ref from payments where id = ${placed.body.payment.paymentId}`);
    expect((await handlePaymentSucceeded(t.database.db, t.payments, p.provider_ref, order.totalFen, t.clock.now())).payment.status).toBe('refunded');
  });

  it('unpaid orders expire after the payment window and give stock back; a late payment is refunded once', async () => {
    const { straw, egg } = await twoGroupBuys({ stock: 6 });
    const placed = await call(t, world.residents[1], 'POST', `/api/communities/${world.community.id}/checkout`, { idempotencyKey: idemKey(), lines: [{ itemId: straw, quantity: 2 }, { itemId: egg, quantity: 1 }] });
    t.clock.advance(16 * 60_000);
    expect(await expireUnpaidOrders(t.database.db, t.clock.now())).toBeGreaterThanOrEqual(1);
    const order = await call(t, world.residents[1], 'GET', `/api/orders/${placed.body.order.id}`);
    expect(order.body).toMatchObject({ status: 'cancelled', cancelReason: 'payment_timeout' });
    expect([await stockOf(straw), await stockOf(egg)]).toEqual([6, 6]);
    const [p] = await rows<{ provider_ref: string }>(sql`select provider_ref from payments where id = ${placed.body.payment.paymentId}`);
    const result = await handlePaymentSucceeded(t.database.db, t.payments, p.provider_ref, placed.body.order.totalFen, t.clock.now());
    expect(result.payment.status).toBe('refunded');
    expect(t.payments.refunds.get(`refund_${placed.body.payment.paymentId}`)?.amountFen).toBe(placed.body.order.totalFen);
    const dup = await handlePaymentSucceeded(t.database.db, t.payments, p.provider_ref, placed.body.order.totalFen, t.clock.now());
    expect(dup.duplicate).toBe(true);
    expect((await rows<{ n: number }>(sql`select count(*)::int n from refunds where payment_id = ${placed.body.payment.paymentId}`))[0].n).toBe(1);
  });

  it('accepts only correctly signed provider notifications', async () => {
    const res = await call(t, null, 'POST', '/api/payments/notify/sandbox', { providerRef: 'sbx_x', amountFen: 1, status: 'SUCCESS' }, { 'x-linli-signature': 'forged' });
    expect(res.status).toBe(400);
    // A real payment's notification: forged, it pays nothing; signed by the provider, it pays the order.
    const { straw } = await twoGroupBuys();
    const placed = await call(t, world.residents[0], 'POST', `/api/communities/${world.community.id}/checkout`, { idempotencyKey: idemKey(), lines: [{ itemId: straw, quantity: 1 }] });
    const [p] = await rows<{ provider_ref: string; amount_fen: number }>(sql`select provider_ref, amount_fen from payments where id = ${placed.body.payment.paymentId}`);
    const note = t.payments.confirm(p.provider_ref, p.amount_fen);
    expect((await call(t, null, 'POST', '/api/payments/notify/sandbox', note.body, { 'x-linli-signature': 'forged' })).status).toBe(400);
    expect((await call(t, world.residents[0], 'GET', `/api/orders/${placed.body.order.id}`)).body.status).toBe('pending_payment');
    expect((await call(t, null, 'POST', '/api/payments/notify/sandbox', note.body, { 'x-linli-signature': note.signature })).status).toBe(200);
    expect((await call(t, world.residents[0], 'GET', `/api/orders/${placed.body.order.id}`)).body.status).toBe('paid');
  });

  it("lists only the resident's own orders, newest first, each with its lines", async () => {
    const { straw } = await twoGroupBuys();
    await orderAndPay(t, world.residents[0], (await openGroupBuy(t, world.leader, world.community.id, milk.id)).id, 1);
    await orderAndPayItem(world.residents[0], straw, 1);
    const mine = await call(t, world.residents[0], 'GET', '/api/orders?pageSize=100');
    const ids = (await rows<{ id: string }>(sql`select id from orders where user_id = ${world.residents[0].userId} order by created_at desc`)).map((x) => x.id);
    expect(mine.body.items.map((o: { id: string }) => o.id)).toEqual(ids);
    expect(mine.body.items.every((o: { lines: unknown[]; idempotencyKey?: string }) => o.lines.length > 0 && o.idempotencyKey === undefined)).toBe(true);
  });
});

describe('the cut-off her order shows', () => {
  const cutoffOf = async (resident: typeof world.residents[number], orderId: string) => {
    const one = await call(t, resident, 'GET', `/api/orders/${orderId}`);
    const list = await call(t, resident, 'GET', '/api/orders');
    const listed = (list.body.items as { id: string; lines: { groupBuy: unknown }[] }[]).find((o) => o.id === orderId)!;
    expect(listed.lines[0].groupBuy).toEqual(one.body.lines[0].groupBuy);
    return one.body.lines[0].groupBuy as { cutoffAt: string; actualCutoffAt: string; closedAt: string | null; status: string };
  };

  it('is the planned cut-off while open, and the moment the leader closed early afterwards (我的订单 and the order alike)', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, eggs.id, { priceFen: 800, stock: 5, limit: 2 });
    const order = await orderAndPay(t, world.residents[2], gb.id);
    expect(await cutoffOf(world.residents[2], order.id)).toMatchObject({ status: 'open', cutoffAt: gb.cutoffAt, actualCutoffAt: gb.cutoffAt, closedAt: null });
    t.clock.advance(HOUR);
    const closed = await call(t, world.leader, 'POST', `/api/group-buys/${gb.id}/close`);
    expect(closed.status).toBe(200);
    const after = await cutoffOf(world.residents[2], order.id);
    expect(after).toMatchObject({ status: 'closed', cutoffAt: gb.cutoffAt, closedAt: closed.body.closedAt, actualCutoffAt: closed.body.closedAt });
    expect(new Date(after.actualCutoffAt).getTime()).toBeLessThan(new Date(gb.cutoffAt).getTime() - 22 * HOUR);
  });

  it('stays the planned cut-off when the closing run comes a little late', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, milk.id, { priceFen: 700, stock: 5, limit: 2, cutoffInMs: 10 * 60_000 });
    const order = await orderAndPay(t, world.residents[2], gb.id);
    expect(await closeDueGroupBuys(t.database.db, new Date(new Date(gb.cutoffAt).getTime() + 3 * 60_000))).toContain(gb.id);
    const shown = await cutoffOf(world.residents[2], order.id);
    expect(new Date(shown.closedAt!).getTime()).toBeGreaterThan(new Date(gb.cutoffAt).getTime());
    expect(shown.actualCutoffAt).toBe(gb.cutoffAt);
  });
});
