import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { buildWorld, call, checkoutAndPay, deliverAndReceive, joinedResident, openGroupBuy, pickupCode, type Actor } from '../testing/world.js';

/**
 * Races through a listening server (on PostgreSQL: separate pooled connections): the leader's
 * cancel against the resident's own cancel, and against the hand-over. Exactly one wins each time
 * and her money is refunded once (or settled, never both).
 */
let t: TestApp;
let w: Awaited<ReturnType<typeof buildWorld>>;
let base: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t, { residents: 0, stock: 100, limit: 5 });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
}, 120_000);
afterAll(async () => { await t?.close(); });

const rows = async <T>(q: ReturnType<typeof sql>) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;
async function post(actor: Actor, path: string, body: unknown) {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { cookie: actor.cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}
async function paymentOf(orderId: string) {
  const [p] = await rows<{ amount: number; refunded: number; settled: number; refund_rows: number; refund_count: number }>(sql`
    select amount_fen as amount, refunded_fen as refunded, settled_fen as settled,
      (select coalesce(sum(amount_fen), 0)::int from refunds r where r.order_id = ${orderId}) as refund_rows,
      (select count(*)::int from refunds r where r.order_id = ${orderId}) as refund_count
    from payments where order_id = ${orderId} and status <> 'pending'`);
  return p;
}

describe('the leader cancelling races', () => {
  it("the resident's own cancel: one wins, she is refunded exactly once, stock comes back once", async () => {
    for (let round = 0; round < 4; round++) {
      const her = await joinedResident(t, w.community, `抢退${round}`);
      const order = await checkoutAndPay(t, her, w.community.id, [{ itemId: w.groupBuy.items[0].id, quantity: 2 }]);
      const [before] = await rows<{ stock_available: number }>(sql`select stock_available from group_buy_items where id = ${w.groupBuy.items[0].id}`);
      const [mine, his] = await Promise.all([
        post(her, `/api/orders/${order.id}/cancel`, {}),
        post(w.leader, `/api/communities/${w.community.id}/orders/${order.id}/cancel`, { reasonCode: 'resident_asked' }),
      ]);
      expect([mine.status, his.status].sort()).toEqual([200, 409]);
      const p = await paymentOf(order.id);
      expect(p).toMatchObject({ refunded: p.amount, refund_rows: p.amount, refund_count: 1, settled: 0 });
      const [after] = await rows<{ stock_available: number }>(sql`select stock_available from group_buy_items where id = ${w.groupBuy.items[0].id}`);
      expect(after.stock_available - before.stock_available).toBe(2);
    }
  });

  it('the hand-over: either the line is handed over and settled, or cancelled and refunded — never both', async () => {
    const gb = await openGroupBuy(t, w.leader, w.community.id, w.product.id, { stock: 100, limit: 5 });
    const buyers: { her: Actor; orderId: string }[] = [];
    for (let i = 0; i < 4; i++) {
      const her = await joinedResident(t, w.community, `抢取${i}`);
      const order = await checkoutAndPay(t, her, w.community.id, [{ itemId: gb.items[0].id, quantity: 1 }]);
      buyers.push({ her, orderId: order.id });
    }
    await deliverAndReceive(t, w.leader, gb.id);
    const outcomes: string[] = [];
    for (const b of buyers) {
      const code = await pickupCode(t, b.her, w.community.id);
      const [handed, cancelled] = await Promise.all([
        post(w.leader, `/api/communities/${w.community.id}/pickups/verify`, { code }),
        post(w.leader, `/api/communities/${w.community.id}/orders/${b.orderId}/cancel`, { reasonCode: 'quality_issue' }),
      ]);
      expect([handed.status, cancelled.status].filter((s) => s === 200)).toHaveLength(1);
      const p = await paymentOf(b.orderId);
      const [line] = await rows<{ status: string }>(sql`select status from order_lines where order_id = ${b.orderId}`);
      if (handed.status === 200) {
        expect(line.status).toBe('picked_up');
        expect(p).toMatchObject({ settled: p.amount, refunded: 0, refund_count: 0 });
        outcomes.push('handed');
      } else {
        expect(line.status).toBe('cancelled');
        expect(p).toMatchObject({ settled: 0, refunded: p.amount, refund_rows: p.amount, refund_count: 1 });
        outcomes.push('cancelled');
      }
    }
    expect(outcomes).toHaveLength(4);
  });
});
