import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sessionCookie, type TestApp } from '../testing/app.js';
import { buildWorld, call, orderAndPay, type Actor } from '../testing/world.js';
import { databaseFingerprint } from '../testing/fingerprint.js';

/**
 * Drafts and changes to live group buys, called by people who may not make them: an outsider, a
 * resident of the community, and the leader of another community. Each gets 401/403/404 and the
 * database is exactly as before.
 */
let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
let outsider: Actor;
let otherLeader: Actor;
let draftId: string;

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 1 });
  outsider = await sessionCookie(t, { name: '外人' });
  otherLeader = await sessionCookie(t, { name: '别的团长' });
  const other = await call(t, world.operator, 'POST', '/api/communities', { name: '别处', address: 'x', timeZone: 'Asia/Shanghai', pickupPointName: 'a', pickupPointAddress: 'b', pickupHours: '08:00-20:00' });
  await call(t, world.operator, 'POST', `/api/communities/${other.body.id}/leaders`, { phone: otherLeader.phone, name: '李叔', title: '' });
  await orderAndPay(t, world.residents[0], world.groupBuy.id, 1);
  draftId = (await call(t, world.leader, 'POST', `/api/group-buys/${world.groupBuy.id}/copy`)).body.id;
});
afterAll(async () => { await t?.close(); });

function probes() {
  const gb = world.groupBuy.id;
  const item = world.groupBuy.items[0].id;
  const cid = world.community.id;
  const soon = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
  const content = { title: 'x', note: '', priorityMinutes: 0, cutoffAt: soon, pickupStartAt: soon, pickupEndAt: soon, items: [] };
  return [
    ['POST', `/api/group-buys/${gb}/copy`, undefined],
    ['GET', `/api/communities/${cid}/group-buy-drafts`, undefined],
    ['POST', `/api/communities/${cid}/group-buy-drafts`, content],
    ['GET', `/api/group-buy-drafts/${draftId}`, undefined],
    ['PUT', `/api/group-buy-drafts/${draftId}`, content],
    ['DELETE', `/api/group-buy-drafts/${draftId}`, undefined],
    ['POST', `/api/group-buy-drafts/${draftId}/open`, {}],
    ['PATCH', `/api/group-buys/${gb}/times`, { cutoffAt: soon }],
    ['PATCH', `/api/group-buys/${gb}/texts`, { title: '改了' }],
    ['POST', `/api/group-buys/${gb}/items`, { productId: world.product.id, priceFen: 100, stockTotal: 5, perPersonLimit: 1 }],
    ['PATCH', `/api/group-buys/${gb}/items/${item}`, { stockTotal: 1000 }],
    ['PATCH', `/api/group-buys/${gb}/items/${item}`, { priceFen: 1 }],
    ['GET', `/api/group-buys/${gb}/items/${item}/price-drop?priceFen=100`, undefined],
  ] as const;
}

describe('drafts and changes: the wrong people are refused and nothing changes', () => {
  it('anonymous callers get 401', async () => {
    const before = await databaseFingerprint(t);
    for (const [method, url, body] of probes()) expect([method, url, (await call(t, null, method, url, body)).status]).toEqual([method, url, 401]);
    expect(await databaseFingerprint(t)).toEqual(before);
  });

  it('an outsider, a resident and another community\'s leader get 403/404', async () => {
    const before = await databaseFingerprint(t);
    for (const who of [outsider, world.residents[0], otherLeader]) {
      for (const [method, url, body] of probes()) {
        const res = await call(t, who, method, url, body);
        expect([method, url, [403, 404].includes(res.status)]).toEqual([method, url, true]);
      }
    }
    expect(await databaseFingerprint(t)).toEqual(before);
  });

  it('the history: residents of the community see only what concerns buyers; outsiders nothing', async () => {
    await call(t, world.leader, 'PATCH', `/api/group-buys/${world.groupBuy.id}/texts`, { note: '新备注' });
    await call(t, world.leader, 'PATCH', `/api/group-buys/${world.groupBuy.id}/times`, { cutoffAt: new Date(new Date(world.groupBuy.cutoffAt).getTime() + 3_600_000).toISOString() });
    const leader = await call(t, world.leader, 'GET', `/api/group-buys/${world.groupBuy.id}/changes`);
    expect(leader.body.items.map((c: { kind: string }) => c.kind)).toEqual(['times', 'texts']);
    const resident = await call(t, world.residents[0], 'GET', `/api/group-buys/${world.groupBuy.id}/changes`);
    expect(resident.body.items.map((c: { kind: string }) => c.kind)).toEqual(['times']);
    expect((await call(t, outsider, 'GET', `/api/group-buys/${world.groupBuy.id}/changes`)).status).toBe(403);
    expect((await call(t, otherLeader, 'GET', `/api/group-buys/${world.groupBuy.id}/changes`)).status).toBe(403);
  });
});
