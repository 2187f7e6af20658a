import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sessionCookie, type TestApp } from '../testing/app.js';
import { buildWorld, call, joinedResident, orderAndPay, type Actor } from '../testing/world.js';
import { databaseFingerprint } from '../testing/fingerprint.js';

/**
 * The morning dashboard, announcements, search and 到货提醒, called by people who may not use them:
 * each gets 401/403/404 and the database is exactly as before.
 */
let t: TestApp;
let w: Awaited<ReturnType<typeof buildWorld>>;
let outsider: Actor;
let otherLeader: Actor;
let soldOutItemId: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t, { residents: 2, stock: 1, limit: 1 });
  outsider = await sessionCookie(t, { name: '外人' });
  const other = await call(t, w.operator, 'POST', '/api/communities', { name: '别处', address: 'x', timeZone: 'Asia/Shanghai', pickupPointName: 'a', pickupPointAddress: 'b', pickupHours: '08:00-20:00' });
  otherLeader = await joinedResident(t, other.body, '李叔');
  await call(t, w.operator, 'POST', `/api/communities/${other.body.id}/leaders`, { phone: otherLeader.phone, name: '李叔', title: '' });
  await orderAndPay(t, w.residents[1], w.groupBuy.id, 1);
  soldOutItemId = w.groupBuy.items[0].id;
});
afterAll(async () => { await t?.close(); });

describe('who may use the morning dashboard, search and 到货提醒', () => {
  const probes: { name: string; method: string; url: () => string; body?: () => unknown; as: () => (Actor | null)[]; expect: number[] }[] = [
    { name: 'the dashboard', method: 'GET', url: () => `/api/communities/${w.community.id}/leader-dashboard`, as: () => [null, outsider, w.residents[0], otherLeader], expect: [401, 403, 403, 403] },
    { name: 'an announcement', method: 'POST', url: () => `/api/communities/${w.community.id}/announcements`, body: () => ({ kind: 'arrival', groupBuyIds: [w.groupBuy.id], text: '草莓到啦' }), as: () => [null, outsider, w.residents[0], otherLeader], expect: [401, 403, 403, 403] },
    { name: 'search', method: 'GET', url: () => `/api/communities/${w.community.id}/search?q=${encodeURIComponent('草莓')}`, as: () => [null, outsider, otherLeader], expect: [401, 403, 403] },
    { name: 'reading one’s 到货提醒', method: 'GET', url: () => `/api/group-buy-items/${soldOutItemId}/restock-alert`, as: () => [null, outsider, otherLeader], expect: [401, 403, 403] },
    { name: 'subscribing to 到货提醒', method: 'POST', url: () => `/api/group-buy-items/${soldOutItemId}/restock-alert`, as: () => [null, outsider, otherLeader], expect: [401, 403, 403] },
    { name: 'cancelling 到货提醒', method: 'DELETE', url: () => `/api/group-buy-items/${soldOutItemId}/restock-alert`, as: () => [null, outsider, otherLeader], expect: [401, 403, 403] },
  ];
  for (const p of probes) {
    it(`refuses ${p.name} to the wrong people and changes nothing`, async () => {
      const before = await databaseFingerprint(t);
      const statuses = [];
      for (const actor of p.as()) statuses.push((await call(t, actor, p.method, p.url(), p.body?.())).status);
      expect(statuses).toEqual(p.expect);
      expect(await databaseFingerprint(t)).toEqual(before);
    });
  }

  it('lets the leader see his dashboard and a member search and subscribe', async () => {
    expect((await call(t, w.leader, 'GET', `/api/communities/${w.community.id}/leader-dashboard`)).status).toBe(200);
    expect((await call(t, w.residents[0], 'GET', `/api/communities/${w.community.id}/search?q=${encodeURIComponent('草莓')}`)).body.items.length).toBe(1);
    expect((await call(t, w.residents[0], 'POST', `/api/group-buy-items/${soldOutItemId}/restock-alert`)).body.status).toBe('waiting');
  });
});
