import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, usesPostgres, type TestApp } from '../testing/app.js';
import { buildWorld, call, HOUR, idemKey, openGroupBuy, orderAndPay } from '../testing/world.js';
import { aggregateClosedGroupBuys } from '../modules/fulfilment/purchase-orders.service.js';
import { closeDueGroupBuys } from '../workflows/close-group-buy.js';

/**
 * Two app instances close group buys at the same time. Event ids (bigserial) are handed out at
 * insert, but the transactions commit in another order. The aggregator's cursor jumps over an
 * id that was not yet committed, and that closed group buy never reaches a purchase order.
 * Needs two real connections, so PostgreSQL only (PGlite runs one transaction at a time).
 */
let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t?.close(); });

const rows = async <T>(q: ReturnType<typeof sql>) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;

describe.skipIf(!usesPostgres())('review: make-to-order cursor', () => {
  it('every closed group buy with paid orders gets a purchase-order line, even when closings commit out of id order', async () => {
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

    const lines = await rows<{ group_buy_id: string }>(sql`select group_buy_id from purchase_order_lines where group_buy_id in (${gbA.id}, ${gbB.id})`);
    // Expected both A and B; actual: only B — A's paid order is never sent to the supplier.
    expect(lines.map((l) => l.group_buy_id).sort()).toEqual([gbA.id, gbB.id].sort());
  });
});
