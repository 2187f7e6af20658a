import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../../db/testing.js';
import { buildWorld, call, openGroupBuy, orderAndPay } from '../../shared/test-world.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 3 });
});
afterAll(async () => { await t?.close(); });

const rows = async <T>(q: ReturnType<typeof sql>) => (await t.database.db.execute(q) as unknown as { rows: T[] }).rows;

describe('pickup verification (核销)', () => {
  it('verifies a code once after arrival, settles the held money and fixes the commission', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { priceFen: 3680 });
    const a = await orderAndPay(t, world.residents[0], gb.id, 2);
    const b = await orderAndPay(t, world.residents[1], gb.id, 1);
    const cid = world.community.id;

    // Before the cut-off the goods are not there yet.
    const early = await call(t, world.leader, 'POST', `/api/communities/${cid}/pickups/verify`, { code: a.pickupCode });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('pickup.not_ready');

    await call(t, world.leader, 'POST', `/api/group-buys/${gb.id}/close`);
    await call(t, world.leader, 'POST', `/api/group-buys/${gb.id}/arrived`);

    const pending = await call(t, world.leader, 'GET', `/api/communities/${cid}/pickups/pending`);
    expect(pending.body.items.map((i: { id: string }) => i.id).sort()).toEqual([a.id, b.id].sort());
    for (const item of pending.body.items) {
      expect(item).not.toHaveProperty('pickupCode');
      expect(item).not.toHaveProperty('phone');
      expect(item.phoneMasked).toMatch(/\*{4}/);
    }

    const lookup = await call(t, world.leader, 'POST', `/api/communities/${cid}/pickups/lookup`, { code: a.pickupCode });
    expect(lookup.body).toMatchObject({ id: a.id, quantity: 2, residentName: '居民1', status: 'ready_for_pickup' });

    // A scanned QR gives the whole URL; that works too.
    const verified = await call(t, world.leader, 'POST', `/api/communities/${cid}/pickups/verify`, { code: `http://x/leader/${cid}/pickup?code=${a.pickupCode}` });
    expect(verified.status).toBe(200);
    expect(verified.body.status).toBe('picked_up');
    const again = await call(t, world.leader, 'POST', `/api/communities/${cid}/pickups/verify`, { code: a.pickupCode });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('pickup.already_picked_up');

    const [payment] = await rows<{ status: string; leader_commission_fen: number }>(sql`select status, leader_commission_fen from payments where order_id = ${a.id} and status <> 'cancelled'`);
    expect(payment).toEqual({ status: 'settled', leader_commission_fen: Math.round(7360 * 0.08) });
    const [unsettled] = await rows<{ status: string }>(sql`select status from payments where order_id = ${b.id}`);
    expect(unsettled.status).toBe('held');

    const after = await call(t, world.leader, 'GET', `/api/communities/${cid}/pickups/pending`);
    expect(after.body.items.map((i: { id: string }) => i.id)).toEqual([b.id]);
    expect(after.body.pickedUpLast24h).toBe(1);
    const ev = await rows<{ type: string; payload: { residentId: string } }>(sql`select type, payload from domain_events where subject_id = ${a.id} and type = 'order.picked_up'`);
    expect(ev).toHaveLength(1);
    expect(ev[0].payload.residentId).toBe(world.residents[0].userId);
  });

  it('refuses malformed codes, codes from another community, and anyone but the leader', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id);
    const order = await orderAndPay(t, world.residents[2], gb.id, 1);
    await call(t, world.leader, 'POST', `/api/group-buys/${gb.id}/close`);
    const cid = world.community.id;

    const malformed = await call(t, world.leader, 'POST', `/api/communities/${cid}/pickups/verify`, { code: '12ab' });
    expect(malformed.body.error.code).toBe('pickup.code_invalid');

    // Another community's leader, with a real code from here, in his own community: not found.
    const other = await call(t, world.operator, 'POST', '/api/communities', { name: '别处', address: 'x', timeZone: 'Asia/Shanghai', pickupPointName: 'a', pickupPointAddress: 'b', pickupHours: '08:00-20:00' });
    const otherLeader = await sessionCookie(t);
    await call(t, world.operator, 'POST', `/api/communities/${other.body.id}/leaders`, { phone: otherLeader.phone, name: '李叔', title: '' });
    const foreign = await call(t, otherLeader, 'POST', `/api/communities/${other.body.id}/pickups/verify`, { code: order.pickupCode });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('pickup.not_found');
    // ...and he cannot act in this community at all.
    expect((await call(t, otherLeader, 'POST', `/api/communities/${cid}/pickups/verify`, { code: order.pickupCode })).status).toBe(403);
    expect((await call(t, otherLeader, 'GET', `/api/communities/${cid}/pickups/pending`)).status).toBe(403);
    // A resident cannot verify her own code.
    expect((await call(t, world.residents[2], 'POST', `/api/communities/${cid}/pickups/verify`, { code: order.pickupCode })).status).toBe(403);

    expect((await call(t, world.residents[2], 'GET', `/api/orders/${order.id}`)).body.status).toBe('confirmed');
    // Closed but not arrived: nothing to hand over yet, and no money is settled.
    const early = await call(t, world.leader, 'POST', `/api/communities/${cid}/pickups/verify`, { code: order.pickupCode });
    expect(early.body.error).toEqual({ code: 'pickup.not_ready', message: '这个订单还不能取货（状态：已成团）', details: { status: '已成团' } });
    await call(t, world.leader, 'POST', `/api/group-buys/${gb.id}/arrived`);
    expect((await call(t, world.leader, 'POST', `/api/communities/${cid}/pickups/verify`, { code: order.pickupCode })).status).toBe(200);
  });
});
