import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../testing/app.js';
import { call, joinedResident, type Actor } from '../testing/world.js';
import { earnPoints } from '../modules/points/index.js';

/** The 积分 routes: her balance and history, the operator's services, redeeming; role boundaries; bad input. */
let t: TestApp;
let operator: Actor;
let her: Actor;
let community: { id: string; inviteCode: string };
const count = async () => ((await t.database.db.execute(sql`select count(*)::int as n from points_transfers`)) as unknown as { rows: { n: number }[] }).rows[0].n;

beforeAll(async () => {
  t = await createTestApp();
  operator = await sessionCookie(t, { operator: true, name: '运营' });
  const c = await call(t, operator, 'POST', '/api/communities', { name: '积分小区', address: '上海市 1 号', timeZone: 'Asia/Shanghai', pickupPointName: '驿站', pickupPointAddress: '1 号楼', pickupHours: '08:00-20:00' });
  community = c.body;
  her = await joinedResident(t, community, '李阿姨');
  for (let i = 0; i < 2; i++) await t.database.db.transaction((tx) => earnPoints(tx, { userId: her.userId, communityId: community.id, code: 'review', refId: `review:${i}`, idempotencyKey: `api-test:${i}`, now: t.clock.now() }));
}, 120_000);
afterAll(async () => { await t?.close(); });

describe('积分 routes', () => {
  it('her balance, her history with codes, how to earn', async () => {
    const r = await call(t, her, 'GET', `/api/communities/${community.id}/points`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ available: 20, held: 0, checkout: { fenPerPoint: 1, maxShareBasisPoints: 2000 } });
    expect(r.body.history.map((h: { code: string; delta: number }) => [h.code, h.delta])).toEqual([['review', 10], ['review', 10]]);
    expect(r.body.earning.map((e: { code: string }) => e.code)).toEqual(['review', 'referral', 'vote']);
  });

  it('someone of another community gets 403 and sees nothing', async () => {
    const stranger = await sessionCookie(t, { name: '外人' });
    const r = await call(t, stranger, 'GET', `/api/communities/${community.id}/points`);
    expect(r.status).toBe(403);
    expect(r.body.history).toBeUndefined();
  });

  it('the operator lists services; a resident may not (403, nothing listed)', async () => {
    const before = (await call(t, operator, 'GET', '/api/console/points/services')).body.items.length;
    const denied = await call(t, her, 'POST', '/api/console/points/services', { name: '免费磨刀', pricePoints: 15 });
    expect(denied.status).toBe(403);
    expect((await call(t, operator, 'GET', '/api/console/points/services')).body.items.length).toBe(before);
    const bad = await call(t, operator, 'POST', '/api/console/points/services', { name: '磨', pricePoints: 0 });
    expect(bad.status).toBe(400);
    const made = await call(t, operator, 'POST', '/api/console/points/services', { name: '免费磨刀', description: '每周六上午', pricePoints: 15 });
    expect(made.status).toBe(201);
    expect((await call(t, her, 'GET', '/api/points/services')).body.items).toContainEqual(made.body);
  });

  it('redeeming: points spent once per key; more than she has → 409, nothing changed; an inactive service → 409', async () => {
    const s = (await call(t, operator, 'POST', '/api/console/points/services', { name: '上门测血压', pricePoints: 12 })).body;
    const first = await call(t, her, 'POST', `/api/communities/${community.id}/points/services/${s.id}/redeem`, { idempotencyKey: 'bp-1' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ amount: 12, available: 8 });
    const again = await call(t, her, 'POST', `/api/communities/${community.id}/points/services/${s.id}/redeem`, { idempotencyKey: 'bp-1' });
    expect(again.body).toMatchObject({ transferId: first.body.transferId, available: 8 });
    const before = await count();
    const broke = await call(t, her, 'POST', `/api/communities/${community.id}/points/services/${s.id}/redeem`, { idempotencyKey: 'bp-2' });
    expect(broke.status).toBe(409);
    expect(broke.body.error.code).toBe('points.insufficient');
    expect(await count()).toBe(before);
    await call(t, operator, 'PATCH', `/api/console/points/services/${s.id}`, { active: false });
    const gone = await call(t, her, 'POST', `/api/communities/${community.id}/points/services/${s.id}/redeem`, { idempotencyKey: 'bp-3' });
    expect(gone.status).toBe(409);
    expect(gone.body.error.code).toBe('points.service_inactive');
    expect((await call(t, her, 'GET', '/api/points/services')).body.items.map((x: { id: string }) => x.id)).not.toContain(s.id);
  });
});
