import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { buildWorld, call, checkoutAndPay, openGroupBuy, orderAndPay, sellableProduct } from '../../testing/world.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 2 });
});
afterAll(async () => { await t?.close(); });

const count = async () => ((await t.database.db.execute(sql`select count(*)::int as n from tag_rules`)) as unknown as { rows: { n: number }[] }).rows[0].n;

describe('behavioural tags as rules', () => {
  it('refuses rules that do not parse or use unknown facts, with the position; only operators edit', async () => {
    const bad = await call(t, world.operator, 'POST', '/api/tag-rules', { name: '爱吃草莓', expression: 'paid_orders >= ' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'tag.syntax' });
    expect(bad.body.error.message).toContain('第 16 个字符');
    expect(bad.body.error.details.position).toBe(16);
    const unknown = await call(t, world.operator, 'POST', '/api/tag-rules', { name: '爱吃草莓', expression: 'paid_orders >= 1 且 strawberry_love > 3' });
    expect(unknown.body.error.code).toBe('tag.unknown_fact');
    expect(unknown.body.error.message).toContain('strawberry_love');
    expect((await call(t, world.leader, 'POST', '/api/tag-rules', { name: '常客', expression: 'paid_orders >= 1' })).status).toBe(403);
    expect(await count()).toBe(0);
    const okRule = await call(t, world.operator, 'POST', '/api/tag-rules', { name: '常客', expression: 'paid_orders >= 2 且 price_ratio >= 0.7', description: '买过两次以上' });
    expect(okRule.status).toBe(201);
    expect((await call(t, world.operator, 'POST', '/api/tag-rules', { name: '常客', expression: 'paid_orders >= 1' })).body.error.code).toBe('tag.name_taken');
    const list = await call(t, world.operator, 'GET', '/api/tag-rules');
    expect(list.body.facts).toHaveProperty('standards_share');
  });

  it('the leader sees his members’ levels and tags, never their scores or phones', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { priceFen: 3680, limit: 5 });
    await orderAndPay(t, world.residents[0], gb.id, 1);
    await orderAndPay(t, world.residents[0], gb.id, 1);
    // Her two products come in one basket: one order, so she is not yet a regular (常客 needs two).
    const eggs = await sellableProduct(t, world, '土鸡蛋', 2000);
    const basketGb = await openGroupBuy(t, world.leader, world.community.id, [world.product.id, eggs.id], { items: [{ priceFen: 3680 }, { priceFen: 1800 }] });
    await checkoutAndPay(t, world.residents[1], world.community.id, basketGb.items.map((i: { id: string }) => ({ itemId: i.id, quantity: 1 })));
    const members = await call(t, world.leader, 'GET', `/api/communities/${world.community.id}/members`);
    const byId = new Map(members.body.items.map((m: { userId: string }) => [m.userId, m]));
    // 36.80 of a 49.80 list price → ratio 0.74 ≥ 0.7, and two orders → 常客.
    expect(byId.get(world.residents[0].userId)).toMatchObject({ tags: ['常客'], level: 'D' });
    expect(byId.get(world.residents[1].userId)).toMatchObject({ tags: [] });
    for (const m of members.body.items) {
      expect(m).not.toHaveProperty('score');
      expect(m).not.toHaveProperty('phone');
    }
  });
});
