import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.js';
import { buildWorld, call } from '../testing/world.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 1 });
});
afterAll(async () => { await t?.close(); });

describe('the trust API contract', () => {
  it('answers the leaders overview (raw SQL rows) with exactly its declared fields, before and after a reading', async () => {
    const fields = ['leaderId', 'leaderName', 'title', 'communityId', 'communityName', 'indexValue', 'tier', 'reason', 'orders', 'computedAt', 'components', 'commissionRate'];
    const before = await call(t, world.operator, 'GET', '/api/leaders/trust-index');
    expect(before.status).toBe(200);
    const mine = (b: typeof before) => b.body.items.find((i: { leaderId: string }) => i.leaderId === world.leader.userId);
    expect(Object.keys(mine(before)).sort()).toEqual([...fields].sort());
    expect(mine(before)).toMatchObject({ leaderName: '王叔', title: '生活顾问', communityId: world.community.id, indexValue: null, tier: null, computedAt: null, commissionRate: 0.08 });

    const reading = await call(t, world.operator, 'POST', `/api/leaders/${world.leader.userId}/trust-index/recompute`);
    expect(reading.status).toBe(200);
    const after = mine(await call(t, world.operator, 'GET', '/api/leaders/trust-index'));
    expect(after).toMatchObject({ indexValue: reading.body.indexValue, tier: 'standard', reason: 'provisional', orders: 0, computedAt: reading.body.computedAt });
    expect(after.components.satisfaction).toBe(reading.body.components.satisfaction);
    expect((await call(t, world.leader, 'GET', '/api/leaders/trust-index')).status).toBe(403);
  });

  it('answers a changed tag rule with the rule as stored', async () => {
    const created = await call(t, world.operator, 'POST', '/api/tag-rules', { name: '常来取货', expression: 'picked_up >= 5', description: '取过 5 次以上' });
    expect(created.status).toBe(201);
    const changed = await call(t, world.operator, 'PATCH', `/api/tag-rules/${created.body.id}`, { active: false });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ ...created.body, active: false, updatedAt: changed.body.updatedAt });
    expect(Date.parse(changed.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.body.updatedAt));
  });
});
