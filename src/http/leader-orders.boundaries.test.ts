import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sessionCookie, type TestApp } from '../testing/app.js';
import { call, type Actor } from '../testing/world.js';
import { closedGroupBuy, fulfilmentWorld, paidBasket, type FWorld, type Gb } from '../testing/fulfilment-fixtures.js';
import { databaseFingerprint } from '../testing/fingerprint.js';

/**
 * Every endpoint of the leader's order list, called by people who are not this community's leader:
 * an outsider (no membership), a resident of the community, the leader of another community, a
 * supplier, and nobody signed in. Each gets 401/403/404 and the database is exactly as before.
 */
let t: TestApp;
let w: FWorld;
let gb: Gb;
let orderId: string;
let outsider: Actor;
let otherLeader: Actor;
let anon: null;

beforeAll(async () => {
  t = await createTestApp();
  w = await fulfilmentWorld(t, ['李阿姨']);
  gb = await closedGroupBuy(t, w, { title: '周末鲜货团' });
  orderId = (await paidBasket(t, w, w.residents[0], [{ item: gb.items[0], groupBuyId: gb.id, quantity: 1 }])).orderId;
  outsider = await sessionCookie(t, { name: '外人' });
  const other = await fulfilmentWorld(t, ['别处居民']);
  otherLeader = other.leader;
  anon = null;
});

afterAll(async () => { await t?.close(); });

const endpoints = () => {
  const base = `/api/communities/${w.community.id}/leader-orders`;
  const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(gb.pickupStartAt);
  return [
    ['GET', base, undefined],
    ['GET', `${base}?q=${encodeURIComponent('李')}&groupBuyId=${gb.id}`, undefined],
    ['GET', `${base}/filters`, undefined],
    ['GET', `${base}/print?pickupDate=${day}&orderIds=${orderId}`, undefined],
    ['GET', `${base}.xlsx`, undefined],
    ['GET', `${base}.csv?groupBuyId=${gb.id}`, undefined],
    ['POST', `${base}/arrival`, { groupBuyIds: [gb.id] }],
  ] as const;
};

describe('the leader\'s order list is his alone', () => {
  const who = () => ({ outsider, resident: w.residents[0], otherLeader, supplier: w.supplier.member, anon });
  for (const role of ['outsider', 'resident', 'otherLeader', 'supplier', 'anon'] as const) {
    it(`refuses the ${role} on every endpoint and changes nothing`, async () => {
      const before = await databaseFingerprint(t);
      for (const [method, url, body] of endpoints()) {
        const res = await call(t, who()[role], method, url, body);
        expect([401, 403, 404], `${role} ${method} ${url} → ${res.status}`).toContain(res.status);
        expect(res.body?.error?.code, url).toBeTruthy();
        expect(JSON.stringify(res.body)).not.toContain('李阿姨');
      }
      expect(await databaseFingerprint(t)).toEqual(before);
    });
  }

  it('answers 404 for a community that does not exist, even to a leader', async () => {
    const res = await call(t, w.leader, 'GET', '/api/communities/00000000-0000-4000-8000-000000000000/leader-orders');
    expect(res.status).toBe(404);
  });

  it('still answers this community\'s leader (the probes above were refused for who they are)', async () => {
    const res = await call(t, w.leader, 'GET', `/api/communities/${w.community.id}/leader-orders`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((o: { orderId: string }) => o.orderId)).toEqual([orderId]);
  });
});
