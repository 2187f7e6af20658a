// More than one pickup point, and door delivery (送货上门): checkout stores where she collects (or
// her door and the fee), pick lists, hand-overs and the delivery list work per point, staff hand
// over only at their own point, and a door delivery verified with her code settles like a pickup.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../testing/app.js';
import { buildWorld, call, deliverAndReceive, idemKey, joinedResident, openGroupBuy, pickupCode, type Actor } from '../testing/world.js';
import { databaseFingerprint } from '../testing/fingerprint.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildWorld>>;
const rows = async <T>(q: ReturnType<typeof sql>) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;
let first: string;
let second: string;

async function placeAndPay(resident: Actor, groupBuyId: string, itemId: string, choice: Record<string, unknown>, quantity = 1) {
  const placed = await call(t, resident, 'POST', `/api/communities/${w.community.id}/checkout`, { lines: [{ itemId, quantity }], idempotencyKey: idemKey(), ...choice });
  if (placed.status !== 201) throw new Error(JSON.stringify(placed.body));
  const paid = await call(t, resident, 'POST', `/api/payments/${placed.body.payment.paymentId}/sandbox-confirm`);
  expect(paid.status).toBe(200);
  return placed.body as { order: { id: string; totalFen: number; deliveryFeeFen: number; fulfilment: string; pickupPointId: string; pickupPoint: { name: string } | null; lines: { id: string }[] }; payment: { amountFen: number } };
}

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t, { residents: 3, stock: 100, limit: 10 });
  const list = await call(t, w.leader, 'GET', `/api/communities/${w.community.id}/pickup-points`);
  first = list.body.items[0].id;
  const added = await call(t, w.leader, 'POST', `/api/communities/${w.community.id}/pickup-points`, { name: '5 号楼快递柜旁', address: '5 号楼北门', hours: '09:00-21:00' });
  expect(added.status).toBe(201);
  second = added.body.id;
  const d = await call(t, w.leader, 'PUT', `/api/communities/${w.community.id}/delivery-settings`, { enabled: true, feeFen: 300, areas: ['1号楼', '2号楼', '3号楼'], slots: ['18:00-20:00'] });
  expect(d.status).toBe(200);
});
afterAll(async () => { await t?.close(); });

describe('pickup points', () => {
  it('the community reads its pickup point from pickup_points: the first one created with it', async () => {
    const c = await call(t, w.leader, 'GET', `/api/communities/${w.community.id}`);
    expect(c.body.pickupPointName).toBe('1 号楼驿站');
    const list = await call(t, w.leader, 'GET', `/api/communities/${w.community.id}/pickup-points`);
    expect(list.body.items.map((p: { name: string }) => p.name)).toEqual(['1 号楼驿站', '5 号楼快递柜旁']);
    expect(list.body.canManage).toBe(true);
  });

  it('edits and reorders points; the first open point becomes the default shown for the community', async () => {
    const e = await call(t, w.leader, 'PATCH', `/api/pickup-points/${second}`, { hours: '08:30-21:00' });
    expect(e.body.hours).toBe('08:30-21:00');
    const r = await call(t, w.leader, 'PUT', `/api/communities/${w.community.id}/pickup-points/order`, { ids: [second, first] });
    expect(r.body.items.map((p: { id: string }) => p.id)).toEqual([second, first]);
    expect((await call(t, w.leader, 'GET', `/api/communities/${w.community.id}`)).body.pickupPointName).toBe('5 号楼快递柜旁');
    await call(t, w.leader, 'PUT', `/api/communities/${w.community.id}/pickup-points/order`, { ids: [first, second] });
  });

  it('refuses malformed hours, closing the last open point and staff who are not members, changing nothing', async () => {
    const outsider = await sessionCookie(t, { name: '外人' });
    const before = await databaseFingerprint(t);
    const bad = await call(t, w.leader, 'PATCH', `/api/pickup-points/${second}`, { hours: '8点-20点' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'community.hours_invalid']);
    expect(bad.body.error.message).toMatch(/时间|hours/i);
    const backwards = await call(t, w.leader, 'POST', `/api/communities/${w.community.id}/pickup-points`, { name: '倒着', address: '某处', hours: '20:00-08:00' });
    expect(backwards.body.error.code).toBe('community.hours_invalid');
    const staff = await call(t, w.leader, 'PUT', `/api/pickup-points/${second}/staff`, { userIds: [outsider.userId] });
    expect([staff.status, staff.body.error.code]).toEqual([400, 'pickup_point.staff_not_member']);
    expect(await databaseFingerprint(t)).toEqual(before);

    const other = await call(t, w.leader, 'POST', `/api/communities/${w.community.id}/pickup-points`, { name: '临时点', address: '南门', hours: '10:00-12:00' });
    expect((await call(t, w.leader, 'POST', `/api/pickup-points/${other.body.id}/close`)).body.closedAt).not.toBeNull();
    // Close the first too, leaving `second` as the only open one: it cannot close.
    expect((await call(t, w.leader, 'POST', `/api/pickup-points/${first}/close`)).status).toBe(200);
    const mid = await databaseFingerprint(t);
    const last = await call(t, w.leader, 'POST', `/api/pickup-points/${second}/close`);
    expect([last.status, last.body.error.code]).toEqual([409, 'pickup_point.last_open']);
    expect(await databaseFingerprint(t)).toEqual(mid);
    await call(t, w.leader, 'POST', `/api/pickup-points/${first}/reopen`);
  });
});

describe('checkout', () => {
  it('stores her chosen point; next time her last choice is the default', async () => {
    const [li] = w.residents;
    const a = await placeAndPay(li, w.groupBuy.id, w.groupBuy.items[0].id, { pickupPointId: second });
    expect(a.order.pickupPointId).toBe(second);
    expect(a.order.pickupPoint?.name).toBe('5 号楼快递柜旁');
    const options = await call(t, li, 'GET', `/api/communities/${w.community.id}/fulfilment-options`);
    expect(options.body.defaultPickupPointId).toBe(second);
    expect(options.body.delivery).toEqual({ feeFen: 300, areas: ['1号楼', '2号楼', '3号楼'], slots: ['18:00-20:00'] });
    const b = await placeAndPay(li, w.groupBuy.id, w.groupBuy.items[0].id, {});
    expect(b.order.pickupPointId).toBe(second);
    // Someone who never chose gets the first open point.
    const zhang = w.residents[1];
    const c = await placeAndPay(zhang, w.groupBuy.id, w.groupBuy.items[0].id, {});
    expect(c.order.pickupPointId).toBe(first);
  });

  it('adds the delivery fee to the payment as its own line of the total', async () => {
    const [, , lin] = w.residents;
    const d = await placeAndPay(lin, w.groupBuy.id, w.groupBuy.items[0].id, { delivery: { area: '2号楼', address: '2 单元 301', slot: '18:00-20:00' } }, 2);
    expect(d.order.fulfilment).toBe('delivery');
    expect(d.order.deliveryFeeFen).toBe(300);
    expect(d.order.totalFen).toBe(2 * 3680 + 300);
    expect(d.payment.amountFen).toBe(2 * 3680 + 300);
    const [o] = await rows<{ area: string; address: string; slot: string }>(sql`select delivery_area as area, delivery_address as address, delivery_slot as slot from orders where id = ${d.order.id}`);
    expect(o).toEqual({ area: '2号楼', address: '2 单元 301', slot: '18:00-20:00' });
  });

  it('refuses a closed point, another community\'s point, delivery outside the areas or at an unknown slot, changing nothing', async () => {
    const [li] = w.residents;
    const closed = await call(t, w.leader, 'POST', `/api/communities/${w.community.id}/pickup-points`, { name: '将关闭', address: '西门', hours: '10:00-12:00' });
    await call(t, w.leader, 'POST', `/api/pickup-points/${closed.body.id}/close`);
    const elsewhere = await call(t, w.operator, 'POST', '/api/communities', { name: '别的小区', address: '别处', timeZone: 'Asia/Shanghai', pickupPointName: '别处驿站', pickupPointAddress: '别处', pickupHours: '08:00-20:00' });
    const foreignPoint = (await call(t, w.operator, 'GET', `/api/communities/${elsewhere.body.id}/pickup-points`)).body.items[0].id;
    const before = await databaseFingerprint(t);
    const item = w.groupBuy.items[0].id;
    const tryIt = (choice: Record<string, unknown>) => call(t, li, 'POST', `/api/communities/${w.community.id}/checkout`, { lines: [{ itemId: item, quantity: 1 }], idempotencyKey: idemKey(), ...choice });
    const a = await tryIt({ pickupPointId: closed.body.id });
    expect([a.status, a.body.error.code]).toEqual([400, 'pickup_point.closed_for_orders']);
    const b = await tryIt({ pickupPointId: foreignPoint });
    expect(b.body.error.code).toBe('pickup_point.other_community');
    const c = await tryIt({ delivery: { area: '9号楼', address: '101', slot: '18:00-20:00' } });
    expect([c.status, c.body.error.code]).toEqual([400, 'delivery.area_not_served']);
    expect(c.body.error.message).toContain('9号楼');
    const d = await tryIt({ delivery: { area: '1号楼', address: '101', slot: '06:00-07:00' } });
    expect(d.body.error.code).toBe('delivery.slot_unknown');
    const en = await call(t, li, 'POST', `/api/communities/${w.community.id}/checkout`, { lines: [{ itemId: item, quantity: 1 }], idempotencyKey: idemKey(), delivery: { area: '9号楼', address: '101', slot: '18:00-20:00' } }, { 'accept-language': 'en' });
    expect(en.body.error.message).toMatch(/outside the delivery areas/);
    expect(await databaseFingerprint(t)).toEqual(before);
  });

  it('refunds the delivery fee with the goods when the whole basket is cancelled before delivery', async () => {
    const fresh = await joinedResident(t, w.community, '周姐');
    const gb = await openGroupBuy(t, w.leader, w.community.id, w.product.id, { stock: 20, limit: 5 });
    const d = await placeAndPay(fresh, gb.id, gb.items[0].id, { delivery: { area: '1号楼', address: '1 单元 101', slot: '18:00-20:00' } });
    const c = await call(t, fresh, 'POST', `/api/orders/${d.order.id}/cancel`, {});
    expect(c.status).toBe(200);
    const [p] = await rows<{ refunded: number; amount: number; status: string }>(sql`select refunded_fen as refunded, amount_fen as amount, status from payments where order_id = ${d.order.id}`);
    expect(p).toEqual({ refunded: 3680 + 300, amount: 3680 + 300, status: 'refunded' });
  });
});

describe('hand-over per point and at the door', () => {
  let staff: Actor;
  it('the pick list of a point shows only its orders; staff hand over only at their point; the door delivery settles goods and fee', async () => {
    staff = await joinedResident(t, w.community, '驿站小张');
    const named = await call(t, w.leader, 'PUT', `/api/pickup-points/${second}/staff`, { userIds: [staff.userId] });
    expect(named.body.staff.map((s: { userId: string }) => s.userId)).toEqual([staff.userId]);
    await deliverAndReceive(t, w.leader, w.groupBuy.id);

    const [li, zhang, lin] = w.residents;
    const atSecond = await call(t, staff, 'GET', `/api/communities/${w.community.id}/pickups/pending?pickupPointId=${second}`);
    expect(atSecond.status).toBe(200);
    expect(atSecond.body.households.map((h: { residentKey: string }) => h.residentKey)).toEqual([li.userId]);
    const atFirst = await call(t, w.leader, 'GET', `/api/communities/${w.community.id}/pickups/pending?pickupPointId=${first}`);
    expect(atFirst.body.households.map((h: { residentKey: string }) => h.residentKey)).toEqual([zhang.userId]);
    const door = await call(t, w.leader, 'GET', `/api/communities/${w.community.id}/door-deliveries`);
    expect(door.body.slots).toHaveLength(1);
    expect(door.body.slots[0]).toMatchObject({ slot: '18:00-20:00', households: [{ residentKey: lin.userId, area: '2号楼', address: '2 单元 301' }] });

    // Staff at another point, or at a door: refused, nothing changes.
    const state = () => rows<{ h: number; s: number; picked: number }>(sql`select (select count(*)::int from handovers) as h, (select count(*)::int from settlements) as s,
      (select count(*)::int from order_lines where status = 'picked_up') as picked`);
    const before = await state();
    const elsewhere = await call(t, staff, 'POST', `/api/communities/${w.community.id}/pickups/verify`, { code: await pickupCode(t, zhang, w.community.id), pickupPointId: first });
    expect([elsewhere.status, elsewhere.body.error.code]).toEqual([403, 'pickup.not_your_point']);
    const atDoor = await call(t, staff, 'POST', `/api/communities/${w.community.id}/pickups/verify`, { code: await pickupCode(t, lin, w.community.id), delivery: true });
    expect(atDoor.body.error.code).toBe('pickup.not_your_point');
    // Her own point, but Zhang's goods wait at the other one: nothing to hand over here.
    const wrongResident = await call(t, staff, 'POST', `/api/communities/${w.community.id}/pickups/verify`, { code: await pickupCode(t, zhang, w.community.id), pickupPointId: second });
    expect([wrongResident.status, wrongResident.body.error.code]).toEqual([409, 'pickup.nothing_ready']);
    expect(await state()).toEqual(before);

    const ok = await call(t, staff, 'POST', `/api/communities/${w.community.id}/pickups/verify`, { code: await pickupCode(t, li, w.community.id), pickupPointId: second });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ fulfilment: 'pickup', place: '5 号楼快递柜旁' });
    expect(ok.body.lines).toHaveLength(2);

    // The door: the leader types her code at her door; lines picked up, goods and fee settle.
    const delivered = await call(t, w.leader, 'POST', `/api/communities/${w.community.id}/pickups/verify`, { code: await pickupCode(t, lin, w.community.id), delivery: true });
    expect(delivered.status).toBe(200);
    expect(delivered.body).toMatchObject({ fulfilment: 'delivery', place: '2号楼 2 单元 301' });
    const [h] = await rows<{ fulfilment: string; place: string }>(sql`select fulfilment, place from handovers where id = ${delivered.body.handoverId}`);
    expect(h).toEqual({ fulfilment: 'delivery', place: '2号楼 2 单元 301' });
    const [p] = await rows<{ settled: number; amount: number; status: string; commission: number }>(sql`select p.settled_fen as settled, p.amount_fen as amount, p.status, p.leader_commission_fen as commission
      from payments p join orders o on o.id = p.order_id where o.user_id = ${lin.userId} and o.fulfilment = 'delivery'`);
    expect(p.settled).toBe(p.amount);
    expect(p.status).toBe('settled');
    const keys = await rows<{ key: string; amount: number }>(sql`select settle_key as key, amount_fen as amount from settlements s join orders o on o.id = s.order_id where o.user_id = ${lin.userId} order by amount_fen`);
    expect(keys.map((k) => k.amount)).toEqual([300, 7360]);
    expect(keys[0].key).toMatch(/^delivery_fee:/);
    const status = await rows<{ status: string }>(sql`select l.status from order_lines l join orders o on o.id = l.order_id where o.user_id = ${lin.userId}`);
    expect(status.every((s) => s.status === 'picked_up')).toBe(true);
  });

  it('a leader\'s pickup at a point does not hand over door deliveries', async () => {
    const gb = await openGroupBuy(t, w.leader, w.community.id, w.product.id, { stock: 20, limit: 5 });
    const lin = w.residents[2];
    await placeAndPay(lin, gb.id, gb.items[0].id, { delivery: { area: '3号楼', address: '601', slot: '18:00-20:00' } });
    await deliverAndReceive(t, w.leader, gb.id);
    const r = await call(t, w.leader, 'POST', `/api/communities/${w.community.id}/pickups/verify`, { code: await pickupCode(t, lin, w.community.id), pickupPointId: first });
    expect([r.status, r.body.error.code]).toEqual([409, 'pickup.nothing_ready']);
  });
});

// Last: another world replaces the one the delivery helpers use.
describe('delivery not offered', () => {
  it('refuses delivery where the leader does not offer it', async () => {
    const other = await buildWorld(t, { residents: 1 });
    const before = await databaseFingerprint(t);
    const r = await call(t, other.residents[0], 'POST', `/api/communities/${other.community.id}/checkout`, { lines: [{ itemId: other.groupBuy.items[0].id, quantity: 1 }], idempotencyKey: idemKey(), delivery: { area: '1号楼', address: '101', slot: '18:00-20:00' } });
    expect([r.status, r.body.error.code]).toEqual([400, 'delivery.not_offered']);
    expect(await databaseFingerprint(t)).toEqual(before);
  });

});
