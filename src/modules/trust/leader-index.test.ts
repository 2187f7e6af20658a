import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { buildWorld, call, openGroupBuy, orderAndPay, pickUp } from '../../testing/world.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 3 });
});
afterAll(async () => { await t?.close(); });

describe('leader trust index from events', () => {
  it('computes components from orders and NPS, stays provisional under 50 orders, keeps history, and is private', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { priceFen: 3680, limit: 3 });
    const orders = [];
    for (const r of world.residents) orders.push(await orderAndPay(t, r, gb.id, 1));
    await pickUp(t, world.leader, world.community.id, gb.id, world.residents.map((actor) => ({ actor })));
    for (const [i, r] of world.residents.entries()) {
      await call(t, r, 'POST', '/api/surveys/nps', { subjectType: 'leader', subjectId: world.leader.userId, orderId: orders[i].id, score: i === 2 ? 3 : 10 });
    }

    expect((await call(t, world.leader, 'POST', `/api/leaders/${world.leader.userId}/trust-index/recompute`)).status).toBe(403);
    const reading = await call(t, world.operator, 'POST', `/api/leaders/${world.leader.userId}/trust-index/recompute`);
    expect(reading.status).toBe(200);
    expect(reading.body).toMatchObject({ tier: 'standard', reason: 'provisional', orders: 3, commissionRate: 0.08 });
    // 2 promoters (credibility 0.53 each, new residents) and 1 detractor, decayed by their age on
    // the test clock (the pickups moved it into the pickup window; half-life 60 days); 3 distinct buyers.
    const answered = ((await t.database.db.execute(sql`select occurred_at, (payload->>'score')::int as score from domain_events where type = 'nps.answered'`)) as unknown as { rows: { occurred_at: string | Date; score: number }[] }).rows;
    const decayed = (good: boolean) => answered.filter((a) => (a.score >= 9) === good).reduce((s, a) => s + 0.53 * 2 ** (-(t.clock.now().getTime() - new Date(a.occurred_at).getTime()) / 86_400_000 / 60), 0);
    expect(answered).toHaveLength(3);
    expect(reading.body.inputs.goodRatings).toBeCloseTo(decayed(true), 4);
    expect(reading.body.inputs.badRatings).toBeCloseTo(decayed(false), 4);
    expect(reading.body.inputs.qualifiedBuyers30d).toBe(3);
    const c = reading.body.components;
    for (const k of ['satisfaction', 'complaintControl', 'responseSpeed', 'activity', 'fulfilment']) {
      expect(c[k]).toBeGreaterThan(0);
      expect(c[k]).toBeLessThanOrEqual(1);
    }
    expect(100 * Math.exp(c.ln_satisfaction + c.ln_complaintControl + c.ln_responseSpeed + c.ln_activity + c.ln_fulfilment)).toBeCloseTo(reading.body.indexValue, 6);

    await call(t, world.operator, 'POST', `/api/leaders/${world.leader.userId}/trust-index/recompute`);
    const history = await call(t, world.leader, 'GET', `/api/leaders/${world.leader.userId}/trust-index`);
    expect(history.body.readings).toHaveLength(2);
    expect(history.body.weights).toEqual({ satisfaction: 0.3, complaintControl: 0.35, responseSpeed: 0.2, activity: 0.15, fulfilment: 0.1 });
    expect((await call(t, world.residents[0], 'GET', `/api/leaders/${world.leader.userId}/trust-index`)).status).toBe(404);
  });
});

describe('tier settings are operator data', () => {
  it('refuses overlapping thresholds and changes nothing; a saved base rate sets the commission', async () => {
    const current = await call(t, world.operator, 'GET', '/api/trust/tier-settings');
    expect(current.body.tiers.map((x: { key: string }) => x.key)).toEqual(['gold', 'silver', 'standard', 'watch', 'rectify']);
    const overlapping = { ...current.body, tiers: current.body.tiers.map((x: { key: string; min: number }) => (x.key === 'silver' ? { ...x, min: 90 } : x)) };
    const refused = await call(t, world.operator, 'PUT', '/api/trust/tier-settings', overlapping);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toEqual({ code: 'trust.tiers.overlap', message: '等级阈值必须从高到低排列、互不重叠' });
    expect((await call(t, world.leader, 'PUT', '/api/trust/tier-settings', current.body)).status).toBe(403);
    expect((await call(t, world.operator, 'GET', '/api/trust/tier-settings')).body).toEqual(current.body);
    const saved = await call(t, world.operator, 'PUT', '/api/trust/tier-settings', { ...current.body, baseCommissionRate: 0.1 });
    expect(saved.status).toBe(200);
    const reading = await call(t, world.operator, 'POST', `/api/leaders/${world.leader.userId}/trust-index/recompute`);
    expect(reading.body.commissionRate).toBeCloseTo(0.1, 10);
  });
});

describe('first-launch rights', () => {
  it('a new product goes first to leaders whose tier carries first-launch rights', async () => {
    const until = new Date(t.clock.now().getTime() + 3 * 86_400_000).toISOString();
    expect((await call(t, world.operator, 'PATCH', `/api/products/${world.product.id}`, { firstLaunchUntil: until })).status).toBe(200);
    const refused = await call(t, world.leader, 'POST', `/api/communities/${world.community.id}/group-buys`, {
      items: [{ productId: world.product.id, priceFen: 3680, stockTotal: 10, perPersonLimit: 2 }],
      cutoffAt: new Date(t.clock.now().getTime() + 3.6e6).toISOString(), pickupStartAt: new Date(t.clock.now().getTime() + 7.2e6).toISOString(), pickupEndAt: new Date(t.clock.now().getTime() + 9e6).toISOString(),
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('groupbuy.first_launch_only');
    // A gold reading gives him the right.
    await t.database.db.execute(sql`insert into leader_index_readings (leader_id, computed_at, index_value, components, inputs, orders, tier, tier_changed, reason)
      values (${world.leader.userId}, ${new Date(t.clock.now().getTime() + 1000)}, 90, '{}'::jsonb, '{}'::jsonb, 500, 'gold', true, 'promoted')`);
    expect((await openGroupBuy(t, world.leader, world.community.id, world.product.id)).status).toBe('open');
    await call(t, world.operator, 'PATCH', `/api/products/${world.product.id}`, { firstLaunchUntil: null });
  });
});
