import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../../db/testing.js';
import { approvedBatch, approvedSupplier, assignSupplier, buildWorld, call, endorse, HOUR, openGroupBuy, orderAndPay, type Actor } from '../../shared/test-world.js';
import { aggregateClosedGroupBuys } from './purchase-orders.service.js';
import { closeDueGroupBuys } from '../groupbuy/service.js';
import { placeOrder } from '../orders/service.js';
import { handlePaymentSucceeded, startPayment } from '../payments/service.js';
import { joinByInvite } from '../community/service.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 3 });
});
afterAll(async () => { await t?.close(); });

const rows = async <T>(q: ReturnType<typeof sql>) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;

describe('aggregation into purchase orders', () => {
  it('sum of purchase-order lines equals sum of paid order lines per product, across communities (property)', async () => {
    // Three more communities, each with a leader who vouched for the product, and residents.
    const communities: { id: string; leader: Actor; residents: string[] }[] = [{ id: world.community.id, leader: world.leader, residents: world.residents.map((r) => r.userId) }];
    for (let c = 0; c < 3; c++) {
      const res = await call(t, world.operator, 'POST', '/api/communities', { name: `小区${c}`, address: `路${c}`, timeZone: 'Asia/Shanghai', pickupPointName: `驿站${c}`, pickupPointAddress: '1 楼', pickupHours: '08:00-20:00' });
      const leader = await sessionCookie(t, { name: `团长${c}` });
      await call(t, world.operator, 'POST', `/api/communities/${res.body.id}/leaders`, { phone: leader.phone, name: `团长${c}`, title: '生活顾问' });
      await endorse(t, leader, res.body.id, world.product.id);
      const residents: string[] = [];
      for (let r = 0; r < 4; r++) {
        const u = await sessionCookie(t, { name: `邻居${c}-${r}` });
        await joinByInvite(t.database.db, res.body.inviteCode, u.userId);
        residents.push(u.userId);
      }
      communities.push({ id: res.body.id, leader, residents });
    }

    const order = fc.record({ community: fc.nat({ max: 3 }), resident: fc.nat({ max: 2 }), quantity: fc.integer({ min: 1, max: 3 }), pay: fc.boolean() });
    await fc.assert(fc.asyncProperty(fc.array(order, { minLength: 1, maxLength: 25 }), async (plan) => {
      const gbs = new Map<number, { id: string }>();
      for (const c of new Set(plan.map((p) => p.community))) {
        gbs.set(c, await openGroupBuy(t, communities[c].leader, communities[c].id, world.product.id, { stock: 1000, limit: 100, cutoffInMs: HOUR }));
      }
      let expected = 0;
      for (const [i, p] of plan.entries()) {
        const gb = gbs.get(p.community)!;
        const userId = communities[p.community].residents[p.resident];
        const { order: o } = await placeOrder(t.database.db, { groupBuyId: gb.id, userId, quantity: p.quantity, idempotencyKey: `prop-${gb.id}-${i}` }, 15, t.clock.now());
        if (!p.pay) continue;
        const pay = await startPayment(t.database.db, t.payments, o.id, userId);
        const [ref] = await rows<{ provider_ref: string }>(sql`select provider_ref from payments where id = ${pay.paymentId}`);
        await handlePaymentSucceeded(t.database.db, t.payments, ref.provider_ref, o.totalFen, t.clock.now());
        expected += p.quantity;
      }
      t.clock.advance(HOUR + 1000);
      await closeDueGroupBuys(t.database.db, t.clock.now());
      // Two aggregators at once, then again: each closed group buy is aggregated exactly once.
      await Promise.all([aggregateClosedGroupBuys(t.database.db), aggregateClosedGroupBuys(t.database.db)]);
      await aggregateClosedGroupBuys(t.database.db);
      const ids = [...gbs.values()].map((g) => g.id);
      const [{ q, n }] = await rows<{ q: number; n: number }>(sql`select coalesce(sum(quantity_ordered), 0)::int as q, count(*)::int as n from purchase_order_lines where group_buy_id in ${ids}`);
      const [{ paid }] = await rows<{ paid: number }>(sql`select coalesce(sum(quantity), 0)::int as paid from orders where group_buy_id in ${ids} and status = 'confirmed'`);
      expect(q).toBe(paid);
      expect(q).toBe(expected);
      const withPaid = new Set((await rows<{ g: string }>(sql`select distinct group_buy_id as g from orders where group_buy_id in ${ids} and status = 'confirmed'`)).map((r) => r.g));
      expect(n).toBe(withPaid.size);
      const lines = await rows<{ supplier_id: string; community_id: string }>(sql`select po.supplier_id, l.community_id from purchase_order_lines l join purchase_orders po on po.id = l.purchase_order_id where l.group_buy_id in ${ids}`);
      expect(lines.every((l) => l.supplier_id === world.supplier.id)).toBe(true);
    }), { numRuns: 8 });
  });
});

describe('supplier confirmation, delivery, short refunds and pick lists', () => {
  it('runs the whole make-to-order loop for one pickup point', async () => {
    // A neighbourhood of its own, so the pick list holds only this test's orders.
    const world = await buildWorld(t, { residents: 3 });
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 50, limit: 5, priceFen: 3000, cutoffInMs: HOUR });
    const a = await orderAndPay(t, world.residents[0], gb.id, 2); // earliest
    t.clock.advance(1000);
    const b = await orderAndPay(t, world.residents[1], gb.id, 3);
    t.clock.advance(1000);
    const c = await orderAndPay(t, world.residents[2], gb.id, 1); // latest
    t.clock.advance(HOUR);
    await closeDueGroupBuys(t.database.db, t.clock.now());
    await aggregateClosedGroupBuys(t.database.db);

    const member = world.supplier.member;
    const list = await call(t, member, 'GET', `/api/purchase-orders?supplierId=${world.supplier.id}&status=pending`);
    expect(list.status).toBe(200);
    const poId = list.body.items[0].id;
    const po = await call(t, member, 'GET', `/api/purchase-orders/${poId}`);
    const line = po.body.lines.find((l: { groupBuyId: string }) => l.groupBuyId === gb.id);
    expect(line).toMatchObject({ quantityOrdered: 6, communityName: '测试小区', batchCode: world.batch.code });

    // Other suppliers and residents cannot see or confirm it.
    const other = await approvedSupplier(t, world.operator, '隔壁酱园');
    expect((await call(t, other.member, 'GET', `/api/purchase-orders/${poId}`)).status).toBe(404);
    expect((await call(t, other.member, 'GET', `/api/purchase-orders?supplierId=${world.supplier.id}`)).status).toBe(404);
    const allLines = po.body.lines.map((l: { id: string; quantityOrdered: number }) => ({ lineId: l.id, quantityConfirmed: l.quantityOrdered }));
    expect((await call(t, other.member, 'POST', `/api/purchase-orders/${poId}/confirm`, { lines: allLines })).status).toBe(404);
    expect((await call(t, world.residents[0], 'POST', `/api/purchase-orders/${poId}/confirm`, { lines: allLines })).status).toBe(404);
    // Delivery before confirmation is refused.
    expect((await call(t, world.operator, 'POST', `/api/purchase-order-lines/${line.id}/delivery`, { quantityDelivered: 6 })).body.error.code).toBe('purchase_order.not_confirmed');
    const over = await call(t, member, 'POST', `/api/purchase-orders/${poId}/confirm`, { lines: allLines.map((l: { lineId: string; quantityConfirmed: number }) => ({ ...l, quantityConfirmed: l.quantityConfirmed + 1 })) });
    expect(over.body.error.code).toBe('purchase_order.quantity_invalid');
    const partial = await call(t, member, 'POST', `/api/purchase-orders/${poId}/confirm`, { lines: allLines.slice(1) });
    if (allLines.length > 1) expect(partial.body.error.code).toBe('purchase_order.changed');
    const confirmed = await call(t, member, 'POST', `/api/purchase-orders/${poId}/confirm`, { lines: allLines.map((l: { lineId: string; quantityConfirmed: number }) => (l.lineId === line.id ? { ...l, quantityConfirmed: 4 } : l)) });
    expect(confirmed.body.status).toBe('short_confirmed');

    // Delivery: more than ordered is refused; 4 of 6 arrive.
    expect((await call(t, world.operator, 'POST', `/api/purchase-order-lines/${line.id}/delivery`, { quantityDelivered: 7 })).body.error.code).toBe('delivery.quantity_above_ordered');
    expect((await call(t, world.leader, 'POST', `/api/purchase-order-lines/${line.id}/delivery`, { quantityDelivered: 4 })).status).toBe(403);
    const refundsBefore = t.payments.refunds.size;
    const delivered = await call(t, world.operator, 'POST', `/api/purchase-order-lines/${line.id}/delivery`, { quantityDelivered: 4 });
    expect(delivered.body).toMatchObject({ quantityDelivered: 4, refundedOrders: 2 });
    expect((await call(t, world.operator, 'POST', `/api/purchase-order-lines/${line.id}/delivery`, { quantityDelivered: 4 })).body.error.code).toBe('delivery.already_recorded');

    // Latest first: c (1 unit) fully refunded, b loses 1 of 3, a untouched.
    const [oa, ob, oc] = await Promise.all([a, b, c].map(async (o, i) => (await call(t, world.residents[i], 'GET', `/api/orders/${o.id}`)).body));
    expect(oc.status).toBe('refunded');
    expect(ob.status).toBe('ready_for_pickup');
    expect(oa.status).toBe('ready_for_pickup');
    const [pb] = await rows<{ refunded_fen: number; status: string }>(sql`select refunded_fen, status from payments where order_id = ${b.id} and status <> 'cancelled'`);
    expect(pb).toEqual({ refunded_fen: 3000, status: 'held' });
    const [pc] = await rows<{ refunded_fen: number; status: string }>(sql`select refunded_fen, status from payments where order_id = ${c.id} and status <> 'cancelled'`);
    expect(pc).toEqual({ refunded_fen: 3000, status: 'refunded' });
    expect(t.payments.refunds.size).toBe(refundsBefore + 2);

    // Residents are told: arrival for a and b, the reason for c (and b's missing unit).
    const na = await call(t, world.residents[0], 'GET', '/api/notifications');
    expect(na.body.items[0].title).toBe('有机草莓 到货啦');
    const nc = await call(t, world.residents[2], 'GET', '/api/notifications');
    expect(nc.body.items.map((n: { title: string }) => n.title)).toContain('有机草莓 缺货退款');
    expect(nc.body.items.find((n: { title: string }) => n.title.includes('缺货')).body).toContain('¥30.00 已原路退回');
    const nb = await call(t, world.residents[1], 'GET', '/api/notifications', undefined, { 'accept-language': 'en' });
    // Besides the new-group-buy notices: the arrival and the short-delivery refund.
    const delivery = nb.body.items.filter((n: { kind: string }) => n.kind !== 'group_buy_opened');
    expect(delivery.map((n: { title: string }) => n.title).sort()).toEqual(['有机草莓 has arrived', '有机草莓: short delivery refunded']);
    expect((await call(t, world.residents[1], 'POST', '/api/notifications/read', { ids: 'all' })).body.marked).toBe(nb.body.unread);

    // The traceability timeline now ends at the pickup point.
    const trace = await call(t, null, 'GET', `/api/trace/${world.batch.code}`);
    expect(trace.body.logistics.at(-1)).toMatchObject({ kind: 'arrived_pickup', communityName: '测试小区' });

    // Pick list: the leader's bag-by-bag list with what actually arrived.
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(gb.pickupStartAt));
    const pick = await call(t, world.leader, 'GET', `/api/communities/${world.community.id}/pick-list?date=${date}`);
    expect(pick.status).toBe(200);
    const byName = new Map(pick.body.residents.map((r: { name: string }) => [r.name, r]));
    expect(byName.get('居民1')).toMatchObject({ items: [expect.objectContaining({ quantity: 2 })], pickupCodes: [a.pickupCode] });
    expect(byName.get('居民2')).toMatchObject({ items: [expect.objectContaining({ quantity: 2 })] });
    expect(byName.has('居民3')).toBe(false);
    expect((byName.get('居民1') as { phoneMasked: string }).phoneMasked).toMatch(/\*{4}/);
    expect((await call(t, world.residents[0], 'GET', `/api/communities/${world.community.id}/pick-list?date=${date}`)).status).toBe(403);
    expect((await call(t, world.leader, 'GET', `/api/communities/${world.community.id}/pick-list?date=25-11-2026`)).status).toBe(400);

    const xlsx = await t.app.inject({ method: 'GET', url: `/api/communities/${world.community.id}/pick-list.xlsx?date=${date}`, headers: { cookie: world.leader.cookie } });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('分拣单')!;
    const cells = sheet.getSheetValues().flat().map(String);
    expect(cells).toContain('居民1');
    expect(cells).toContain(a.pickupCode);
    expect(cells).toContain('2 盒');
  });
});
