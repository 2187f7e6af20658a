import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { createTestApp, usesPostgres, type TestApp } from '../../testing/app.js';
import { buildWorld, call, HOUR, idemKey, openGroupBuy, orderAndPay, pickupCode } from '../../testing/world.js';
import { aggregateClosedGroupBuys } from './purchase-orders.service.js';
import { closeDueGroupBuys } from '../../workflows/close-group-buy.js';
import { aggregate, closedGroupBuy, confirmPo, fulfilmentWorld, paidBasket, poLineOf, rows, type FWorld } from '../../testing/fulfilment-fixtures.js';
import { UNMASKED_MOBILE } from '../../testing/phone.js';

let t: TestApp;
let w: FWorld;
beforeAll(async () => {
  t = await createTestApp();
  w = await fulfilmentWorld(t, ['李阿姨', '张大哥', '小林', '周姐']);
});
afterAll(async () => { await t?.close(); });

describe('aggregation into purchase orders, per item', () => {
  it('one line per item and pickup point whose quantity is the paid units of that item (property, two aggregators at once)', async () => {
    const line = fc.record({ resident: fc.nat({ max: 3 }), item: fc.nat({ max: 2 }), quantity: fc.integer({ min: 1, max: 4 }) });
    await fc.assert(fc.asyncProperty(fc.array(fc.array(line, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }), async (baskets) => {
      const gb = await closedGroupBuy(t, w, { items: [{ product: 0, priceFen: 3000 }, { product: 1, priceFen: 1500 }, { product: 2, priceFen: 1280 }] });
      const expected = new Map<string, number>();
      for (const b of baskets) {
        // One line per item in a basket (as checkout merges them).
        const merged = new Map<number, number>();
        for (const l of b) merged.set(l.item, (merged.get(l.item) ?? 0) + l.quantity);
        await paidBasket(t, w, w.residents[b[0].resident], [...merged].map(([item, quantity]) => ({ item: gb.items[item], groupBuyId: gb.id, quantity })));
        for (const [item, q] of merged) expected.set(gb.items[item].id, (expected.get(gb.items[item].id) ?? 0) + q);
      }
      await t.database.db.execute(sql`insert into domain_events (type, subject_id, payload) values ('groupbuy.closed', ${gb.id}, '{}')`);
      await Promise.all([aggregateClosedGroupBuys(t.database.db), aggregateClosedGroupBuys(t.database.db)]);
      await aggregateClosedGroupBuys(t.database.db);
      const got = await rows<{ item_id: string; q: number; community_id: string; product_id: string; batch_id: string }>(t, sql`select item_id, quantity_ordered as q, community_id, product_id, batch_id from purchase_order_lines where group_buy_id = ${gb.id}`);
      expect(new Map(got.map((g) => [g.item_id, g.q]))).toEqual(expected);
      expect(got.every((g) => g.community_id === w.community.id)).toBe(true);
      for (const g of got) expect(g.product_id).toBe(gb.items.find((i) => i.id === g.item_id)!.productId);
    }), { numRuns: 6 });
  });

  // Needs two real connections, so PostgreSQL only (PGlite runs one transaction at a time).
  it.skipIf(!usesPostgres())('every closed group buy with paid orders gets a purchase-order line, even when closings commit out of event-id order', async () => {
    // Two app instances close group buys at the same time. Event ids (bigserial) are handed out at
    // insert, but the transactions commit in another order: the aggregator's cursor must not jump
    // over an id that was not yet committed, or that group buy never reaches a purchase order.
    const w = await buildWorld(t, { residents: 2 });
    const [a, c, b] = [HOUR, HOUR + 1000, HOUR + 2000].map((ms) => openGroupBuy(t, w.leader, w.community.id, w.product.id, { stock: 10, limit: 5, cutoffInMs: ms }));
    const gbA = await a; const gbC = await c; const gbB = await b;
    await orderAndPay(t, w.residents[0], gbA.id, 1);
    await orderAndPay(t, w.residents[0], gbB.id, 1);
    // C has an unpaid order: closing C has to update that order row.
    const unpaid = await call(t, w.residents[1], 'POST', `/api/group-buys/${gbC.id}/orders`, { quantity: 1, idempotencyKey: idemKey() });
    expect(unpaid.status).toBe(201);
    const placed: string = unpaid.body.order.id;
    t.clock.advance(HOUR + 5000);
    const now = t.clock.now();

    // A third party (e.g. a payment callback) holds C's order row for a moment.
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    let locked!: () => void;
    const lockedP = new Promise<void>((r) => { locked = r; });
    const holder = t.database.db.transaction(async (tx) => {
      await tx.execute(sql`select id from orders where id = ${placed} for update`);
      locked();
      await gate;
    });
    await lockedP;
    // Instance 1 claims A and C (cut-off order): closes A (event id n), then waits on C's order row.
    const instance1 = closeDueGroupBuys(t.database.db, now, 2);
    await new Promise((r) => setTimeout(r, 300));
    // Instance 2 closes B (event id n+1) and commits; the aggregator runs.
    expect(await closeDueGroupBuys(t.database.db, now, 2)).toEqual([gbB.id]);
    await aggregateClosedGroupBuys(t.database.db);
    release();
    await holder;
    expect((await instance1).sort()).toEqual([gbA.id, gbC.id].sort());
    await aggregateClosedGroupBuys(t.database.db);
    await aggregateClosedGroupBuys(t.database.db);

    const lines = await rows<{ group_buy_id: string }>(t, sql`select group_buy_id from purchase_order_lines where group_buy_id in (${gbA.id}, ${gbB.id})`);
    // Both A and B: A's paid order is sent to the supplier although its event committed after B's.
    expect(lines.map((l) => l.group_buy_id).sort()).toEqual([gbA.id, gbB.id].sort());
  });
});

describe('delivery, then the leader\'s receipt, makes goods ready', () => {
  it('runs the loop for one pickup point: short supply refunds latest lines, receipt makes lines ready and the group buy arrived', async () => {
    // A neighbourhood (and supplier) of its own, so the pick list holds only this test's lines.
    const w = await fulfilmentWorld(t, ['李阿姨', '张大哥', '小林', '周姐']);
    const [li, zhang, lin, zhou] = w.residents;
    const gb = await closedGroupBuy(t, w, { title: '草莓鸡蛋团' });
    const [berry, eggs] = gb.items;
    const a = await paidBasket(t, w, li, [{ item: berry, groupBuyId: gb.id, quantity: 2 }, { item: eggs, groupBuyId: gb.id, quantity: 1 }]); // #1
    const b = await paidBasket(t, w, zhang, [{ item: berry, groupBuyId: gb.id, quantity: 3 }]); // #2
    const c = await paidBasket(t, w, lin, [{ item: berry, groupBuyId: gb.id, quantity: 1 }, { item: eggs, groupBuyId: gb.id, quantity: 2 }]); // #3, latest
    await aggregate(t, [gb.id]);
    const berryLine = await poLineOf(t, berry.id);
    const eggLine = await poLineOf(t, eggs.id);
    expect([berryLine.quantity_ordered, eggLine.quantity_ordered]).toEqual([6, 3]);
    const po = await call(t, w.supplier.member, 'GET', `/api/purchase-orders/${berryLine.purchase_order_id}`);
    expect(po.body.lines.find((l: { id: string }) => l.id === berryLine.id)).toMatchObject({ itemId: berry.id, quantityOrdered: 6, batchCode: w.products[0].batch.code, quantityReceived: null });

    // Receipt before any delivery is refused, and changes nothing.
    const tooEarly = await call(t, w.leader, 'POST', `/api/purchase-order-lines/${berryLine.id}/receive`, { quantityReceived: 6 });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.error.code).toBe('receipt.no_delivery');
    expect((await call(t, w.operator, 'POST', `/api/purchase-order-lines/${berryLine.id}/delivery`, { quantityDelivered: 6 })).body.error.code).toBe('purchase_order.not_confirmed');

    // The supplier can send only 5 strawberries; the operator records a delivery of 5.
    await confirmPo(t, w, berryLine.purchase_order_id, { [berry.id]: 5 });
    expect((await call(t, w.operator, 'POST', `/api/purchase-order-lines/${berryLine.id}/delivery`, { quantityDelivered: 7 })).body.error.code).toBe('delivery.quantity_above_ordered');
    expect((await call(t, w.leader, 'POST', `/api/purchase-order-lines/${berryLine.id}/delivery`, { quantityDelivered: 5 })).status).toBe(403);
    const refundsBefore = t.payments.refunds.size;
    const delivered = await call(t, w.operator, 'POST', `/api/purchase-order-lines/${berryLine.id}/delivery`, { quantityDelivered: 5 });
    expect(delivered.body).toMatchObject({ quantityDelivered: 5, refundedLines: 1, refundedUnits: 1 });
    expect((await call(t, w.operator, 'POST', `/api/purchase-order-lines/${berryLine.id}/delivery`, { quantityDelivered: 5 })).body.error.code).toBe('delivery.already_recorded');
    // The latest line (#3's one strawberry) is refunded; nothing is ready yet.
    const status = async (lineId: string) => (await rows<{ status: string; refunded_quantity: number }>(t, sql`select status, refunded_quantity from order_lines where id = ${lineId}`))[0];
    expect(await status(c.lineIds[0])).toEqual({ status: 'refunded', refunded_quantity: 1 });
    expect(await status(a.lineIds[0])).toEqual({ status: 'confirmed', refunded_quantity: 0 });
    expect(t.payments.refunds.size).toBe(refundsBefore + 1);
    const [pc] = await rows<{ refunded_fen: number; status: string }>(t, sql`select refunded_fen, status from payments where order_id = ${c.orderId}`);
    expect(pc).toEqual({ refunded_fen: 3000, status: 'held' });

    // The leader sees what was delivered to his pickup point; another community's leader cannot receive it.
    const list = await call(t, w.leader, 'GET', `/api/communities/${w.community.id}/deliveries`);
    expect(list.body.items.find((d: { id: string }) => d.id === berryLine.id)).toMatchObject({ productName: '有机草莓', quantityDelivered: 5, quantityReceived: null, title: '草莓鸡蛋团', supplierName: '九九草莓合作农场', purchaseOrderId: berryLine.purchase_order_id });
    const w2 = await fulfilmentWorld(t, ['赵奶奶']);
    const foreign = await call(t, w2.leader, 'POST', `/api/purchase-order-lines/${berryLine.id}/receive`, { quantityReceived: 5 });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('receipt.not_your_pickup_point');
    expect((await call(t, w2.leader, 'GET', `/api/communities/${w.community.id}/deliveries`)).status).toBe(403);
    expect((await call(t, w.leader, 'POST', `/api/purchase-order-lines/${berryLine.id}/receive`, { quantityReceived: 6 })).body.error.code).toBe('receipt.quantity_invalid');
    expect(await status(a.lineIds[0])).toEqual({ status: 'confirmed', refunded_quantity: 0 });

    // He counts 4 of the 5: one more unit goes back, from the latest line left (#2 loses 1 of 3).
    const received = await call(t, w.leader, 'POST', `/api/purchase-order-lines/${berryLine.id}/receive`, { quantityReceived: 4 });
    expect(received.status).toBe(200);
    expect(received.body).toMatchObject({ quantityReceived: 4, refundedLines: 1, refundedUnits: 1, readyLines: 2, groupBuyArrived: false });
    expect(await status(b.lineIds[0])).toEqual({ status: 'ready_for_pickup', refunded_quantity: 1 });
    expect(await status(a.lineIds[0])).toEqual({ status: 'ready_for_pickup', refunded_quantity: 0 });
    // Eggs have not arrived: their lines wait.
    expect(await status(a.lineIds[1])).toEqual({ status: 'confirmed', refunded_quantity: 0 });
    const twice = await call(t, w.leader, 'POST', `/api/purchase-order-lines/${berryLine.id}/receive`, { quantityReceived: 4 });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('receipt.already_recorded');
    const [item] = await rows<{ arrived_at: Date | null }>(t, sql`select arrived_at from group_buy_items where id = ${berry.id}`);
    expect(item.arrived_at).not.toBeNull();
    let [g] = await rows<{ status: string }>(t, sql`select status from group_buys where id = ${gb.id}`);
    expect(g.status).toBe('closed');

    // Residents are told: the arrival for those with strawberries, the refund for the short ones.
    const titles = async (r: typeof li) => (await call(t, r, 'GET', '/api/notifications')).body.items.map((n: { title: string }) => n.title.replace(/[\u2068\u2069]/g, ''));
    expect(await titles(li)).toContain('有机草莓 到货啦');
    expect(await titles(zhang)).toEqual(expect.arrayContaining(['有机草莓 到货啦', '有机草莓 缺货退款']));
    expect(await titles(lin)).toContain('有机草莓 缺货退款');
    expect(await titles(lin)).not.toContain('有机草莓 到货啦');
    expect(await titles(zhou)).not.toContain('有机草莓 到货啦');

    // Eggs arrive in full: the group buy has arrived.
    await call(t, w.operator, 'POST', `/api/purchase-order-lines/${eggLine.id}/delivery`, { quantityDelivered: 3 });
    const eggsIn = await call(t, w.leader, 'POST', `/api/purchase-order-lines/${eggLine.id}/receive`, { quantityReceived: 3 });
    expect(eggsIn.body).toMatchObject({ readyLines: 2, refundedLines: 0, groupBuyArrived: true });
    [g] = await rows<{ status: string }>(t, sql`select status from group_buys where id = ${gb.id}`);
    expect(g.status).toBe('arrived');
    const ev = await rows<{ type: string }>(t, sql`select type from domain_events where subject_id = ${gb.id} and type like 'groupbuy.%' order by id`);
    expect(ev.map((e) => e.type)).toEqual(['groupbuy.closed', 'groupbuy.item_arrived', 'groupbuy.item_arrived', 'groupbuy.arrived']);

    // The traceability timeline ends at the pickup point.
    const trace = await call(t, null, 'GET', `/api/trace/${w.products[0].batch.code}`);
    expect(trace.body.logistics.at(-1)).toMatchObject({ kind: 'arrived_pickup' });

    // Pick list and .xlsx: 跟团号, her name here (the leader's own list), items and batch; bag labels mask the name. Never a code or a phone.
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(gb.pickupStartAt);
    const pick = await call(t, w.leader, 'GET', `/api/communities/${w.community.id}/pick-list?date=${date}`);
    expect(pick.status).toBe(200);
    const byName = new Map(pick.body.residents.map((r: { name: string }) => [r.name, r]));
    expect(byName.get('李阿姨')).toEqual({ name: '李阿姨', doorNumber: '', groupNumbers: [1], pickedUp: false, items: [
      { groupNumber: 1, title: '草莓鸡蛋团', productName: '有机草莓', spec: '500g/盒', unit: '盒', quantity: 2, batchCode: w.products[0].batch.code, pickedUp: false },
      { groupNumber: 1, title: '草莓鸡蛋团', productName: '土鸡蛋', spec: '10枚/盒', unit: '盒', quantity: 1, batchCode: w.products[1].batch.code, pickedUp: false },
    ] });
    expect(byName.get('张大哥')).toMatchObject({ groupNumbers: [2], items: [expect.objectContaining({ productName: '有机草莓', quantity: 2 })] });
    expect(byName.get('小林')).toMatchObject({ groupNumbers: [3], items: [expect.objectContaining({ productName: '土鸡蛋', quantity: 2 })] });
    expect(pick.body.totals.map((x: { productName: string; quantity: number }) => [x.productName, x.quantity]).sort()).toEqual([['土鸡蛋', 3], ['有机草莓', 4]]);
    const json = JSON.stringify(pick.body);
    for (const r of [li, zhang, lin]) {
      expect(json).not.toContain(r.phone.slice(-4));
      expect(json).not.toContain(r.userId);
    }
    expect((await call(t, li, 'GET', `/api/communities/${w.community.id}/pick-list?date=${date}`)).status).toBe(403);
    expect((await call(t, w.leader, 'GET', `/api/communities/${w.community.id}/pick-list?date=25-11-2026`)).status).toBe(400);

    const xlsx = await t.app.inject({ method: 'GET', url: `/api/communities/${w.community.id}/pick-list.xlsx?date=${date}`, headers: { cookie: w.leader.cookie } });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cells = wb.getWorksheet('分拣单')!.getSheetValues().flat().map(String);
    expect(cells).toEqual(expect.arrayContaining(['#1', '李阿姨', '有机草莓', '2 盒', w.products[0].batch.code]));
    expect(cells.join('|')).not.toMatch(/取货码|手机/);
    expect(cells.join('|')).not.toMatch(UNMASKED_MOBILE);

    const labels = await call(t, w.leader, 'GET', `/api/communities/${w.community.id}/labels?date=${date}`);
    expect(labels.body.labels.map((l: { groupNumbers: number[]; name: string; items: { productName: string; quantity: number }[] }) =>
      [l.groupNumbers.join(','), l.name, l.items.map((i) => `${i.productName}×${i.quantity}`).join(' ')])).toEqual([
      ['1', '李**', '有机草莓×2 土鸡蛋×1'], ['2', '张**', '有机草莓×2'], ['3', '小**', '土鸡蛋×2'],
    ]);
    expect(JSON.stringify(labels.body)).not.toMatch(/李阿姨|张大哥|小林/);
    expect(labels.body.labels[0].items[0].batchCode).toBe(w.products[0].batch.code);
    expect((await call(t, li, 'GET', `/api/communities/${w.community.id}/labels?date=${date}`)).status).toBe(403);
  });

  it('a delivery of nothing refunds every paid order in full: no money settled, no commission, for goods that never came', async () => {
    const w = await buildWorld(t, { residents: 1 });
    const gb = await openGroupBuy(t, w.leader, w.community.id, w.product.id, { stock: 10, limit: 5, priceFen: 1000, cutoffInMs: HOUR });
    const order = await orderAndPay(t, w.residents[0], gb.id, 2);
    expect((await call(t, w.leader, 'POST', `/api/group-buys/${gb.id}/close`)).status).toBe(200);
    // An early hand-over with her code is refused (nothing reached the pickup point).
    expect((await call(t, w.leader, 'POST', `/api/communities/${w.community.id}/pickups/verify`, { code: await pickupCode(t, w.residents[0], w.community.id) })).status).not.toBe(200);
    await aggregateClosedGroupBuys(t.database.db);
    const [line] = await rows<{ id: string; purchase_order_id: string; quantity_ordered: number }>(t, sql`select id, purchase_order_id, quantity_ordered from purchase_order_lines where group_buy_id = ${gb.id}`);
    expect(line.quantity_ordered).toBe(2);
    const po = await call(t, w.supplier.member, 'GET', `/api/purchase-orders/${line.purchase_order_id}`);
    const lines = po.body.lines.map((l: { id: string; quantityOrdered: number }) => ({ lineId: l.id, quantityConfirmed: l.quantityOrdered }));
    expect((await call(t, w.supplier.member, 'POST', `/api/purchase-orders/${line.purchase_order_id}/confirm`, { lines })).status).toBe(200);
    const delivered = await call(t, w.operator, 'POST', `/api/purchase-order-lines/${line.id}/delivery`, { quantityDelivered: 0 });
    expect(delivered.status).toBe(200);
    const [pay] = await rows<{ status: string; refunded_fen: number; leader_commission_fen: number | null }>(t, sql`select status, refunded_fen, leader_commission_fen from payments where order_id = ${order.id}`);
    // Refunded in full; not 'settled' with a commission for goods nobody received.
    expect(pay.refunded_fen).toBe(2000);
    expect(pay.leader_commission_fen ?? 0).toBe(0);
  });
});
