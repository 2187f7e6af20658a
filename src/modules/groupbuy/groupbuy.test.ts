import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/app.js';
import { buildWorld, call, HOUR, idemKey, openGroupBuy, orderAndPay } from '../../testing/world.js';
import { reconcileStock } from './service.js';
import { closeDueGroupBuys } from '../../workflows/close-group-buy.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 3 });
});
afterAll(async () => { await t?.close(); });

const rows = async <T>(q: ReturnType<typeof sql>) => (await t.database.db.execute(q) as unknown as { rows: T[] }).rows;

describe('opening a group buy', () => {
  it('only the community leader may open one; validation errors change nothing', async () => {
    const cid = world.community.id;
    const item = { productId: world.product.id, priceFen: 3680, stockTotal: 10, perPersonLimit: 2 };
    const base = {
      items: [item],
      cutoffAt: new Date(Date.now() + 2 * HOUR).toISOString(), pickupStartAt: new Date(Date.now() + 20 * HOUR).toISOString(), pickupEndAt: new Date(Date.now() + 30 * HOUR).toISOString(),
    };
    const [{ n: before }] = await rows<{ n: number }>(sql`select count(*)::int as n from group_buys`);
    expect((await call(t, world.residents[0], 'POST', `/api/communities/${cid}/group-buys`, base)).status).toBe(403);
    // A leader of another community cannot open here.
    const otherLeader = await sessionCookie(t);
    const other = await call(t, world.operator, 'POST', '/api/communities', { name: '别处', address: 'x', timeZone: 'Asia/Shanghai', pickupPointName: 'a', pickupPointAddress: 'b', pickupHours: '08:00-20:00' });
    await call(t, world.operator, 'POST', `/api/communities/${other.body.id}/leaders`, { phone: otherLeader.phone, name: '李叔', title: '生活顾问' });
    expect((await call(t, otherLeader, 'POST', `/api/communities/${cid}/group-buys`, base)).status).toBe(403);

    const past = await call(t, world.leader, 'POST', `/api/communities/${cid}/group-buys`, { ...base, cutoffAt: new Date(Date.now() - HOUR).toISOString() });
    expect(past.body.error.code).toBe('groupbuy.cutoff_past');
    const inverted = await call(t, world.leader, 'POST', `/api/communities/${cid}/group-buys`, { ...base, pickupStartAt: new Date(Date.now() + HOUR).toISOString() });
    expect(inverted.body.error.code).toBe('groupbuy.times_invalid');
    const limit = await call(t, world.leader, 'POST', `/api/communities/${cid}/group-buys`, { ...base, items: [{ ...item, perPersonLimit: 11 }] });
    expect(limit.body.error.code).toBe('groupbuy.limit_invalid');
    const zero = await call(t, world.leader, 'POST', `/api/communities/${cid}/group-buys`, { ...base, items: [{ ...item, stockTotal: 0 }] });
    expect(zero.status).toBe(400);
    const [{ n: after }] = await rows<{ n: number }>(sql`select count(*)::int as n from group_buys`);
    expect(after).toBe(before);
  });

  it('refuses an item whose one order could pass ¥1,000,000 (price × per-person limit), with a clear reason', async () => {
    const now = t.clock.now().getTime();
    const open = await call(t, world.leader, 'POST', `/api/communities/${world.community.id}/group-buys`, {
      items: [{ productId: world.product.id, priceFen: 100_000_000, stockTotal: 100, perPersonLimit: 50 }],
      cutoffAt: new Date(now + 3.6e6).toISOString(), pickupStartAt: new Date(now + 7.2e6).toISOString(), pickupEndAt: new Date(now + 9e6).toISOString(),
    });
    expect(open.status).toBe(400);
    expect(open.body.error.code).toBe('groupbuy.order_total_too_large');
  });

  it('gives a copyable 接龙 share text with price, cut-off in Shanghai time and the roll call', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 20, limit: 3, priceFen: 3680 });
    await orderAndPay(t, world.residents[0], gb.id, 2);
    const share = await call(t, world.leader, 'GET', `/api/group-buys/${gb.id}/share`);
    expect(share.status).toBe(200);
    const cutoff = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(gb.cutoffAt));
    expect(share.body.text).toContain('【测试小区】生活顾问王叔开团啦');
    expect(share.body.text).toContain('1. 有机草莓（500g/盒）团购价 ¥36.80/盒（原价 ¥49.80）');
    expect(share.body.text).toContain('王叔亲自试用 ★★★★★：我自己先买了两盒试吃');
    expect(share.body.text).toContain(`截单时间：${cutoff}`);
    expect(share.body.text).toContain('#1 居** 有机草莓×2');
    expect(share.body.text).toContain(`/g/${gb.id}`);
    expect(share.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect((await call(t, world.residents[0], 'GET', `/api/group-buys/${gb.id}/share`)).status).toBe(403);
    expect((await call(t, world.residents[0], 'GET', `/api/group-buys/${gb.id}/orders`)).status).toBe(403);
  });
});

describe('cut-off', () => {
  it('closes by itself once: unpaid orders are cancelled with stock back, paid ones confirmed', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 10, limit: 3, cutoffInMs: HOUR });
    const paid = await orderAndPay(t, world.residents[0], gb.id, 2);
    const unpaid = await call(t, world.residents[1], 'POST', `/api/group-buys/${gb.id}/orders`, { quantity: 3, idempotencyKey: idemKey() });
    expect(unpaid.status).toBe(201);
    expect((await call(t, world.residents[2], 'GET', `/api/group-buys/${gb.id}`)).body.items[0].stockAvailable).toBe(5);

    t.clock.advance(HOUR + 1000);
    const closedAt = t.clock.now();
    // Several instances race for the same due group buy.
    const results = await Promise.all([1, 2, 3, 4].map(() => closeDueGroupBuys(t.database.db, closedAt)));
    expect(results.flat().filter((id) => id === gb.id)).toHaveLength(1);
    const closeEvents = await rows<{ payload: { confirmedOrders: number; cancelledUnpaid: number } }>(sql`select payload from domain_events where type = 'groupbuy.closed' and subject_id = ${gb.id}`);
    expect(closeEvents).toHaveLength(1);
    expect(closeEvents[0].payload).toMatchObject({ confirmedOrders: 1, cancelledUnpaid: 1 });

    const detail = await call(t, world.residents[0], 'GET', `/api/group-buys/${gb.id}`);
    expect(detail.body.status).toBe('closed');
    expect(detail.body.items[0].stockAvailable).toBe(8);
    expect(detail.body.soldQuantity).toBe(2);
    expect((await call(t, world.residents[0], 'GET', `/api/orders/${paid.id}`)).body.lines[0].status).toBe('confirmed');
    const gone = await call(t, world.residents[1], 'GET', `/api/orders/${unpaid.body.order.id}`);
    expect(gone.body).toMatchObject({ status: 'cancelled', cancelReason: 'cutoff_unpaid' });
    // The cancelled order can no longer be paid.
    const late = await call(t, world.residents[1], 'POST', `/api/payments/${unpaid.body.payment.paymentId}/sandbox-confirm`);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('order.not_payable');
    // Ordering after the cut-off is refused.
    const after = await call(t, world.residents[2], 'POST', `/api/group-buys/${gb.id}/orders`, { quantity: 1, idempotencyKey: idemKey() });
    expect(after.status).toBe(409);
    expect(after.body.error.details.lines[0].reason).toBe('closed');
    expect(await reconcileStock(t.database.db, gb.id)).toEqual([]);
  });

  it('the leader can close early, once; arrival cannot be declared without a delivery', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 10 });
    const order = await orderAndPay(t, world.residents[0], gb.id, 1);
    expect((await call(t, world.residents[0], 'POST', `/api/group-buys/${gb.id}/close`)).status).toBe(403);
    const closed = await call(t, world.leader, 'POST', `/api/group-buys/${gb.id}/close`);
    expect(closed.body.status).toBe('closed');
    expect(closed.body.closedAt).not.toBeNull();
    expect((await call(t, world.leader, 'POST', `/api/group-buys/${gb.id}/close`)).status).toBe(409);
    // The old shortcut is gone: goods arrive only through a recorded delivery the leader receives.
    expect((await call(t, world.leader, 'POST', `/api/group-buys/${gb.id}/arrived`)).status).toBe(404);
    expect((await call(t, world.residents[0], 'GET', `/api/orders/${order.id}`)).body.lines[0].status).toBe('confirmed');
    const ev = await rows<{ type: string }>(sql`select type from domain_events where subject_id = ${gb.id} order by id`);
    expect(ev.map((e) => e.type)).toEqual(['groupbuy.opened', 'groupbuy.closed']);
  });

  it('lists current and past group buys with real sold counts and pagination', async () => {
    // Sold = paid units: an unpaid order does not count, before or after the close.
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 10, limit: 3 });
    await orderAndPay(t, world.residents[0], gb.id, 2);
    expect((await call(t, world.residents[1], 'POST', `/api/group-buys/${gb.id}/orders`, { quantity: 3, idempotencyKey: idemKey() })).status).toBe(201);
    const sold = (list: { items: { id: string; soldQuantity: number; items: { soldQuantity: number }[] }[] }) => {
      const g = list.items.find((x) => x.id === gb.id)!;
      return [g.soldQuantity, g.items[0].soldQuantity];
    };
    const current = await call(t, world.residents[0], 'GET', `/api/communities/${world.community.id}/group-buys?filter=current&pageSize=1`);
    expect(current.status).toBe(200);
    expect(current.body.items).toHaveLength(1);
    expect(current.body.hasMore).toBe(true);
    expect(sold((await call(t, world.residents[0], 'GET', `/api/communities/${world.community.id}/group-buys?filter=current&pageSize=100`)).body)).toEqual([2, 2]);
    expect((await call(t, world.leader, 'POST', `/api/group-buys/${gb.id}/close`)).status).toBe(200);
    const past = await call(t, world.residents[0], 'GET', `/api/communities/${world.community.id}/group-buys?filter=past`);
    expect(past.body.items.every((g: { status: string }) => ['closed', 'arrived'].includes(g.status))).toBe(true);
    expect(sold(past.body)).toEqual([2, 2]);
  });
});
