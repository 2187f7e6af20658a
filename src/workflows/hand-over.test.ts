// The hand-over and arrival workflows under concurrency: every transaction happens once however
// many requests or scheduler instances race for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { call, HOUR } from '../testing/world.js';
import { fenTimesRate } from '../platform/money.js';
import { currentCommissionRate } from '../modules/trust/leader-index.service.js';
import { autoConfirmDueHandovers } from './hand-over.js';
import { aggregate, closedGroupBuy, codeOf, confirmPo, deliverAndReceive, fulfilmentWorld, paidBasket, poLineOf, rows, type FWorld } from '../testing/fulfilment-fixtures.js';

let t: TestApp;
let w: FWorld;
beforeAll(async () => {
  t = await createTestApp();
  w = await fulfilmentWorld(t, ['李阿姨', '张大哥', '小林', '周姐', '钱阿姨']);
});
afterAll(async () => { await t?.close(); });

describe('hand-over workflows under concurrency', () => {
  it('one code scanned on two phones at once hands over once and settles once', async () => {
    const [li] = w.residents;
    const gb = await closedGroupBuy(t, w);
    const a = await paidBasket(t, w, li, [{ item: gb.items[0], groupBuyId: gb.id, quantity: 2 }, { item: gb.items[1], groupBuyId: gb.id, quantity: 2 }]);
    await deliverAndReceive(t, w, [gb], { intoWindow: true });
    const code = await codeOf(t, li, w.community.id);
    const results = await Promise.all([1, 2, 3].map(() => call(t, w.leader, 'POST', `/api/communities/${w.community.id}/pickups/verify`, { code })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) expect(['pickup.code_used', 'pickup.nothing_ready', 'pickup.already_picked_up', 'pickup.line_not_ready']).toContain(r.body.error.code);
    const [{ h, s, settled }] = await rows<{ h: number; s: number; settled: number }>(t, sql`select
      (select count(*)::int from handovers where resident_id = ${li.userId}) as h,
      (select count(*)::int from settlements where order_id = ${a.orderId}) as s,
      (select settled_fen from payments where order_id = ${a.orderId}) as settled`);
    expect({ h, s, settled }).toEqual({ h: 1, s: 1, settled: 9000 });
  });

  it('settles undisputed hand-overs without a code after 72 hours exactly once with several instances', async () => {
    const residents = w.residents.slice(1);
    const gb = await closedGroupBuy(t, w);
    const baskets = [];
    for (const r of residents) baskets.push(await paidBasket(t, w, r, [{ item: gb.items[0], groupBuyId: gb.id, quantity: 1 }, { item: gb.items[1], groupBuyId: gb.id, quantity: 1 }]));
    await deliverAndReceive(t, w, [gb], { intoWindow: true });
    const ids: string[] = [];
    for (const r of residents) {
      const rec = await call(t, w.leader, 'POST', `/api/communities/${w.community.id}/pickups/without-code`, { residentKey: r.userId, note: '' });
      expect(rec.status).toBe(201);
      ids.push(rec.body.id);
    }
    // One of them confirms herself; the others stay silent.
    expect((await call(t, residents[0], 'POST', `/api/handovers/${ids[0]}/confirm`)).status).toBe(200);
    t.clock.advance(71 * HOUR);
    expect(await autoConfirmDueHandovers(t.database.db, t.clock.now())).toBe(0);
    t.clock.advance(HOUR + 1000);
    const runs = await Promise.all([1, 2, 3, 4].map(() => autoConfirmDueHandovers(t.database.db, t.clock.now())));
    expect(runs.reduce((s, n) => s + n, 0)).toBe(residents.length - 1);
    expect(await autoConfirmDueHandovers(t.database.db, t.clock.now())).toBe(0);

    const rate = await currentCommissionRate(t.database.db, w.leader.userId);
    const hs = await rows<{ id: string; status: string; confirmed_at: Date | null }>(t, sql`select id, status, confirmed_at from handovers where id in ${ids}`);
    expect(hs.find((h) => h.id === ids[0])!.status).toBe('confirmed');
    expect(hs.filter((h) => h.status === 'auto_confirmed')).toHaveLength(residents.length - 1);
    for (const b of baskets) {
      const s = await rows<{ amount_fen: number; commission_fen: number; reason: string }>(t, sql`select amount_fen, commission_fen, reason from settlements where order_id = ${b.orderId}`);
      expect(s).toHaveLength(1);
      expect(s[0].amount_fen).toBe(4500);
      expect(s[0].commission_fen).toBe(fenTimesRate(4500, rate));
      const [p] = await rows<{ status: string; settled_fen: number }>(t, sql`select status, settled_fen from payments where order_id = ${b.orderId}`);
      expect(p).toEqual({ status: 'settled', settled_fen: 4500 });
    }
    const ev = await rows<{ type: string; n: number }>(t, sql`select type, count(*)::int as n from domain_events where subject_id in ${ids} and type like 'handover.%' group by type order by type`);
    expect(ev).toEqual([
      { type: 'handover.auto_confirmed', n: residents.length - 1 },
      { type: 'handover.confirmed', n: 1 },
      { type: 'handover.recorded', n: residents.length },
    ]);
  });

  it('receives a delivery once when the leader taps twice', async () => {
    const gb = await closedGroupBuy(t, w, { items: [{ product: 2, priceFen: 1280 }] });
    await paidBasket(t, w, w.residents[0], [{ item: gb.items[0], groupBuyId: gb.id, quantity: 3 }]);
    await aggregate(t, [gb.id]);
    const line = await poLineOf(t, gb.items[0].id);
    const [po] = await rows<{ status: string }>(t, sql`select status from purchase_orders where id = ${line.purchase_order_id}`);
    if (po.status === 'pending') await confirmPo(t, w, line.purchase_order_id);
    await call(t, w.operator, 'POST', `/api/purchase-order-lines/${line.id}/delivery`, { quantityDelivered: 3 });
    const results = await Promise.all([1, 2].map(() => call(t, w.leader, 'POST', `/api/purchase-order-lines/${line.id}/receive`, { quantityReceived: 2 })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe('receipt.already_recorded');
    const [{ refunds, ready }] = await rows<{ refunds: number; ready: number }>(t, sql`select
      (select count(*)::int from refunds where refund_key like ${`short_receipt:${line.id}:%`}) as refunds,
      (select count(*)::int from order_lines where item_id = ${gb.items[0].id} and status = 'ready_for_pickup' and refunded_quantity = 1) as ready`);
    expect({ refunds, ready }).toEqual({ refunds: 1, ready: 1 });
  });
});
