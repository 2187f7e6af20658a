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

describe('the after-sales API contract', () => {
  it('answers a new guarantee rule and its versions with the rule as stored', async () => {
    const draft = { key: 'missing_small', name: '少件小额', description: '少发的小额商品直接退款', condition: "kind == 'missing' and amount_yuan <= 20", action: 'refund_now', priority: 3, active: true };
    const created = await call(t, world.operator, 'POST', '/api/console/guarantee-rules', draft);
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(['action', 'active', 'condition', 'createdAt', 'createdBy', 'description', 'id', 'key', 'name', 'priority', 'version']);
    expect(created.body).toMatchObject({ ...draft, version: 1, createdBy: world.operator.userId });
    const next = await call(t, world.operator, 'POST', '/api/console/guarantee-rules/missing_small/versions', { ...draft, condition: "kind == 'missing' and amount_yuan <= 10" });
    const versions = await call(t, world.operator, 'GET', '/api/console/guarantee-rules/missing_small/versions');
    expect(versions.status).toBe(200);
    expect(versions.body.versions).toEqual([next.body, created.body]);
    expect((await call(t, world.operator, 'GET', '/api/console/guarantee-rules/nothing_here/versions')).status).toBe(404);
  });
});
