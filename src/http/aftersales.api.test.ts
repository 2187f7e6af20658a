import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.js';
import { sessionCookie } from '../testing/app.js';
import { buildWorld, call, openGroupBuy, sellableProduct } from '../testing/world.js';

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
    expect(Object.keys(created.body).sort()).toEqual(['action', 'active', 'campaignId', 'condition', 'createdAt', 'createdBy', 'description', 'id', 'key', 'name', 'priority', 'version']);
    expect(created.body).toMatchObject({ ...draft, version: 1, createdBy: world.operator.userId });
    const next = await call(t, world.operator, 'POST', '/api/console/guarantee-rules/missing_small/versions', { ...draft, condition: "kind == 'missing' and amount_yuan <= 10" });
    const versions = await call(t, world.operator, 'GET', '/api/console/guarantee-rules/missing_small/versions');
    expect(versions.status).toBe(200);
    expect(versions.body.versions).toEqual([next.body, created.body]);
    expect((await call(t, world.operator, 'GET', '/api/console/guarantee-rules/nothing_here/versions')).status).toBe(404);
  });
});

describe('the guarantees a resident reads on a group buy before buying', () => {
  const ruleBody = { name: '坏果包赔', description: '生鲜取货后发现坏果、压坏，信用良好的邻居提交即退款。', action: 'refund_now', priority: 30, active: true };
  const byKey = (item: { guarantees: { key: string }[] }, key: string) => item.guarantees.find((g) => g.key === key) as { key: string; version: number; conditions: string[]; action: string } | undefined;

  it('come from the rules in force, specialized per product: an edited rule reads anew, a category it cannot cover does not show it', async () => {
    const rice = await sellableProduct(t, world, '五常大米');
    expect((await call(t, world.operator, 'PATCH', `/api/products/${rice.id}`, { category: 'packaged_food' })).status).toBe(200);
    const gb = await openGroupBuy(t, world.leader, world.community.id, [world.product.id, rice.id]);
    const read = async (lang = 'zh-CN') => {
      const res = await call(t, world.residents[0], 'GET', `/api/group-buys/${gb.id}`, undefined, { 'accept-language': lang });
      expect(res.status).toBe(200);
      const items = res.body.items as { productId: string; guarantees: { key: string; version: number; conditions: string[]; action: string }[] }[];
      return { fruit: items.find((i) => i.productId === world.product.id)!, rice: items.find((i) => i.productId === rice.id)! };
    };

    const before = await read();
    expect(byKey(before.fruit, 'bad_fruit')).toMatchObject({ version: 1, action: 'refund_now' });
    expect(byKey(before.fruit, 'bad_fruit')!.conditions).toContain('取货后小时数 ≤ 48');
    expect(byKey(before.rice, 'bad_fruit')).toBeUndefined();
    expect(byKey(before.rice, 'unhappy_on_opening')?.conditions).toContain('取货后小时数 ≤ 168');
    expect(before.fruit.guarantees.at(-1)).toMatchObject({ key: 'leader_first', always: true, conditions: [] });
    // Only what the public rules page shows: no condition source, priority, author or id.
    expect(Object.keys(before.fruit.guarantees[0]).sort()).toEqual(['action', 'always', 'conditions', 'description', 'key', 'name', 'version']);
    expect((await read('en')).fruit.guarantees.find((g) => g.key === 'bad_fruit')!.conditions).toContain('hours since pickup ≤ 48');

    const edited = await call(t, world.operator, 'POST', '/api/console/guarantee-rules/bad_fruit/versions', { ...ruleBody, condition: "fresh and kind == 'bad_produce' and hours_since_pickup <= 24" });
    expect(edited.status).toBe(201);
    const after = await read();
    expect(byKey(after.fruit, 'bad_fruit')).toMatchObject({ version: 2, conditions: ['问题类型 是 坏果 / 变质', '取货后小时数 ≤ 24'] });

    await call(t, world.operator, 'POST', '/api/console/guarantee-rules/bad_fruit/versions', { ...ruleBody, condition: "fresh and kind == 'bad_produce' and hours_since_pickup <= 24", active: false });
    expect(byKey((await read()).fruit, 'bad_fruit')).toBeUndefined();
  });

  it('are not shown to someone outside the community', async () => {
    const stranger = await sessionCookie(t, { name: '外人' });
    const res = await call(t, stranger, 'GET', `/api/group-buys/${world.groupBuy.id}`);
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).not.toContain('guarantees');
    expect((await call(t, null, 'GET', `/api/group-buys/${world.groupBuy.id}`)).status).toBe(401);
  });
});
