import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sessionCookie, type TestApp } from '../testing/app.js';
import { buildWorld, call, type Actor } from '../testing/world.js';
import { databaseFingerprint } from '../testing/fingerprint.js';

/**
 * The pickup-point and door-delivery endpoints called by people who may not: anonymous (401), an
 * outsider, a resident, a leader of another community (403/404); the database stays as it was.
 */
let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
let outsider: Actor;
let otherLeader: Actor;
let resident: Actor;
let pointId: string;

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 1 });
  resident = world.residents[0];
  outsider = await sessionCookie(t, { name: '外人' });
  otherLeader = await sessionCookie(t, { name: '别的团长' });
  const other = await call(t, world.operator, 'POST', '/api/communities', { name: '别处', address: 'x', timeZone: 'Asia/Shanghai', pickupPointName: 'a', pickupPointAddress: 'b', pickupHours: '08:00-20:00' });
  await call(t, world.operator, 'POST', `/api/communities/${other.body.id}/leaders`, { phone: otherLeader.phone, name: '李叔', title: '' });
  pointId = (await call(t, world.leader, 'GET', `/api/communities/${world.community.id}/pickup-points`)).body.items[0].id;
});
afterAll(async () => { await t?.close(); });

describe('pickup points and delivery: role boundaries', () => {
  const c = () => world.community.id;
  const probes: [string, () => string, (() => unknown)?][] = [
    ['POST', () => `/api/communities/${c()}/pickup-points`, () => ({ name: '新点', address: '某处', hours: '08:00-20:00' })],
    ['PATCH', () => `/api/pickup-points/${pointId}`, () => ({ name: '改名' })],
    ['POST', () => `/api/pickup-points/${pointId}/close`],
    ['POST', () => `/api/pickup-points/${pointId}/reopen`],
    ['PUT', () => `/api/communities/${c()}/pickup-points/order`, () => ({ ids: [pointId] })],
    ['PUT', () => `/api/pickup-points/${pointId}/staff`, () => ({ userIds: [] })],
    ['PUT', () => `/api/communities/${c()}/delivery-settings`, () => ({ enabled: true, feeFen: 100, areas: ['1号楼'], slots: ['18:00-20:00'] })],
    ['GET', () => `/api/communities/${c()}/door-deliveries`],
    ['POST', () => `/api/communities/${c()}/pickups/verify`, () => ({ code: '12345678', delivery: true })],
  ];

  it('refuses every managing endpoint to anonymous, outsider, resident and another community\'s leader, changing nothing', async () => {
    const before = await databaseFingerprint(t);
    for (const [method, url, body] of probes) {
      const anon = await call(t, null, method, url(), body?.());
      expect(anon.status, `${method} ${url()} anonymous`).toBe(401);
      for (const [who, actor] of [['outsider', outsider], ['resident', resident], ['other leader', otherLeader]] as const) {
        const r = await call(t, actor, method, url(), body?.());
        expect([403, 404], `${method} ${url()} as ${who}: ${r.status} ${JSON.stringify(r.body)}`).toContain(r.status);
      }
    }
    expect(await databaseFingerprint(t)).toEqual(before);
  });

  it('lets members read the open points and the delivery offer, and outsiders nothing', async () => {
    for (const url of [`/api/communities/${c()}/pickup-points`, `/api/communities/${c()}/delivery-settings`, `/api/communities/${c()}/fulfilment-options`]) {
      expect((await call(t, resident, 'GET', url)).status, url).toBe(200);
      expect((await call(t, outsider, 'GET', url)).status, url).toBe(403);
      expect((await call(t, otherLeader, 'GET', url)).status, url).toBe(403);
      expect((await call(t, null, 'GET', url)).status, url).toBe(401);
    }
    const seen = await call(t, resident, 'GET', `/api/communities/${c()}/pickup-points`);
    expect(seen.body.canManage).toBe(false);
    expect(seen.body.handOverAt).toEqual([]);
  });

  it('lets the operator manage points from the console', async () => {
    const r = await call(t, world.operator, 'POST', `/api/communities/${c()}/pickup-points`, { name: '物业前台', address: '物业楼 1 层', hours: '09:00-18:00' });
    expect(r.status).toBe(201);
  });
});
