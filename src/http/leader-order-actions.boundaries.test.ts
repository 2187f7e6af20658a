import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sessionCookie, type TestApp } from '../testing/app.js';
import { buildWorld, call, checkoutAndPay, openGroupBuy, pickUp, type Actor } from '../testing/world.js';
import { databaseFingerprint } from '../testing/fingerprint.js';

/**
 * The leader's order detail, cancel and refund, called by everyone who is not this community's
 * leader: anonymous (401), an outsider, a resident — even the order's owner — another community's
 * leader, a supplier (403), and that other leader through his own community (404). Nothing changes.
 */
let t: TestApp;
let w: Awaited<ReturnType<typeof buildWorld>>;
let outsider: Actor;
let otherLeader: Actor;
let otherCommunityId: string;
let openOrder: { id: string; lines: { id: string }[] };
let handedOrder: { id: string; lines: { id: string }[] };

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t, { residents: 2 });
  outsider = await sessionCookie(t, { name: '外人' });
  otherLeader = await sessionCookie(t, { name: '别的团长' });
  const other = await call(t, w.operator, 'POST', '/api/communities', { name: '别处', address: 'x', timeZone: 'Asia/Shanghai', pickupPointName: 'a', pickupPointAddress: 'b', pickupHours: '08:00-20:00' });
  otherCommunityId = other.body.id;
  await call(t, w.operator, 'POST', `/api/communities/${otherCommunityId}/leaders`, { phone: otherLeader.phone, name: '李叔', title: '' });
  openOrder = await checkoutAndPay(t, w.residents[0], w.community.id, [{ itemId: w.groupBuy.items[0].id, quantity: 1 }]);
  const gb = await openGroupBuy(t, w.leader, w.community.id, w.product.id, { stock: 10 });
  handedOrder = await checkoutAndPay(t, w.residents[1], w.community.id, [{ itemId: gb.items[0].id, quantity: 1 }]);
  await pickUp(t, w.leader, w.community.id, gb.id, [{ actor: w.residents[1] }]);
});
afterAll(async () => { await t?.close(); });

type Probe = [label: string, who: () => Actor | null, method: 'GET' | 'POST', url: () => string, status: number, body?: unknown];
const here = () => `/api/communities/${w.community.id}`;
const there = () => `/api/communities/${otherCommunityId}`;
const cancelBody = { reasonCode: 'out_of_stock' };
const refundBody = { amountFen: 100, reasonCode: 'goodwill' };
const probes: Probe[] = [
  ['anonymous reads the detail', () => null, 'GET', () => `${here()}/orders/${openOrder.id}`, 401],
  ['anonymous cancels', () => null, 'POST', () => `${here()}/orders/${openOrder.id}/cancel`, 401, cancelBody],
  ['anonymous refunds', () => null, 'POST', () => `${here()}/order-lines/${handedOrder.lines[0].id}/refund`, 401, refundBody],
  ['an outsider reads the detail', () => outsider, 'GET', () => `${here()}/orders/${openOrder.id}`, 403],
  ['an outsider cancels', () => outsider, 'POST', () => `${here()}/orders/${openOrder.id}/cancel`, 403, cancelBody],
  ['an outsider refunds', () => outsider, 'POST', () => `${here()}/order-lines/${handedOrder.lines[0].id}/refund`, 403, refundBody],
  ['the owner reads the leader detail', () => w.residents[0], 'GET', () => `${here()}/orders/${openOrder.id}`, 403],
  ['the owner cancels as a leader', () => w.residents[0], 'POST', () => `${here()}/orders/${openOrder.id}/cancel`, 403, cancelBody],
  ['the owner refunds herself', () => w.residents[1], 'POST', () => `${here()}/order-lines/${handedOrder.lines[0].id}/refund`, 403, refundBody],
  ['another resident cancels', () => w.residents[1], 'POST', () => `${here()}/orders/${openOrder.id}/cancel`, 403, cancelBody],
  ['a supplier reads the detail', () => w.supplier.member, 'GET', () => `${here()}/orders/${openOrder.id}`, 403],
  ['a supplier refunds', () => w.supplier.member, 'POST', () => `${here()}/order-lines/${handedOrder.lines[0].id}/refund`, 403, refundBody],
  ['another leader reads the detail here', () => otherLeader, 'GET', () => `${here()}/orders/${openOrder.id}`, 403],
  ['another leader cancels here', () => otherLeader, 'POST', () => `${here()}/orders/${openOrder.id}/cancel`, 403, cancelBody],
  ['another leader refunds here', () => otherLeader, 'POST', () => `${here()}/order-lines/${handedOrder.lines[0].id}/refund`, 403, refundBody],
  ['another leader reads it through his community', () => otherLeader, 'GET', () => `${there()}/orders/${openOrder.id}`, 404],
  ['another leader cancels it through his community', () => otherLeader, 'POST', () => `${there()}/orders/${openOrder.id}/cancel`, 404, cancelBody],
  ['another leader refunds it through his community', () => otherLeader, 'POST', () => `${there()}/order-lines/${handedOrder.lines[0].id}/refund`, 404, refundBody],
];

describe('leader order endpoints refuse every other role', () => {
  it.each(probes)('%s', async (_label, who, method, url, status, body) => {
    const before = await databaseFingerprint(t);
    const res = await call(t, who(), method, url(), body);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBeTruthy();
    expect(await databaseFingerprint(t)).toEqual(before);
  });

  it('the leader himself may read both orders (the probes above are not refused for a missing order)', async () => {
    expect((await call(t, w.leader, 'GET', `${here()}/orders/${openOrder.id}`)).status).toBe(200);
    const handed = await call(t, w.leader, 'GET', `${here()}/orders/${handedOrder.id}`);
    expect(handed.status).toBe(200);
    expect(handed.body.actions[0].refundableFen).toBe(handedOrder.lines[0] && handed.body.order.lines[0].totalFen);
    expect(JSON.stringify(handed.body)).not.toContain(w.residents[1].phone);
  });
});
