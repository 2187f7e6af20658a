import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { buildWorld, call, openGroupBuy, orderAndPay, pickUp } from '../../testing/world.js';
import { randomUUID } from 'node:crypto';
import { recomputeDueLeaderIndexes, recordLeaderReading } from './leader-index.service.js';

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

describe('the leader index inputs at their limits (TRUST.md §4)', () => {
  const DAY = 86_400_000;
  const event = (type: string, at: Date, payload: Record<string, unknown>, actorId: string = randomUUID(), communityId: string | null = world.community.id) =>
    t.database.db.execute(sql`insert into domain_events (type, community_id, actor_id, subject_id, payload, occurred_at) values (${type}, ${communityId}, ${actorId}, ${randomUUID()}, ${JSON.stringify(payload)}::jsonb, ${at})`);
  const reading = async (now: Date) => recordLeaderReading(t.database.db, world.leader.userId, now);

  it('ratings: 9 good, 6 bad, 7–8 ignored, credibility 0.53 without a score, half-life 60 days, dropped after 180 days', async () => {
    const now = new Date(t.clock.now().getTime() + 1000);
    const before = (await reading(now)).inputs as Record<string, number>;
    const rate = (score: number, at: Date) => event('nps.answered', at, { subjectType: 'leader', subjectId: world.leader.userId, score });
    await rate(9, now);
    await rate(10, new Date(now.getTime() - 180 * DAY + 60_000));
    await rate(10, new Date(now.getTime() - 180 * DAY - 60_000));
    await rate(8, now);
    await rate(7, now);
    await rate(6, now);
    await rate(10, new Date(now.getTime() - 60 * DAY));
    const after = (await reading(now)).inputs as Record<string, number>;
    expect(after.goodRatings - before.goodRatings).toBeCloseTo(0.53 * (1 + 2 ** -((180 * DAY - 60_000) / DAY / 60) + 0.5), 9);
    expect(after.badRatings - before.badRatings).toBeCloseTo(0.53, 9);
  });

  it('buyers: a paid order of ¥10 counts, ¥9.99 does not, nor his own, nor one older than 30 days; neighbours active without buying add up to 30', async () => {
    const now = new Date(t.clock.now().getTime() + 2000);
    const first = await reading(now);
    const before = first.inputs as Record<string, number>;
    const paid = (totalFen: number, at: Date, actor?: string) => event('order.paid', at, { totalFen }, actor);
    await paid(1000, now);
    await paid(999, now);
    await paid(5000, now, world.leader.userId);
    await paid(5000, new Date(now.getTime() - 30 * DAY - 60_000));
    await paid(5000, new Date(now.getTime() - 30 * DAY + 60_000));
    const second = await reading(now);
    const mid = second.inputs as Record<string, number>;
    expect(mid.qualifiedBuyers30d - before.qualifiedBuyers30d).toBe(2);
    expect(second.orders - first.orders).toBe(5);
    // 29 neighbours who posted but did not buy all count; 30 and 31 count 30.
    const post = (n: number) => Promise.all(Array.from({ length: n }, () => event('post.published', now, {})));
    expect(mid.engagedResidents30d).toBe(0);
    await post(29);
    const r29 = await reading(now);
    expect(r29.inputs).toMatchObject({ engagedResidents30d: 29, engagedCounted: 29 });
    expect(r29.components.activity).toBeCloseTo(Math.log(1 + mid.qualifiedBuyers30d + 29) / Math.log(151), 9);
    await post(1);
    expect((await reading(now)).inputs).toMatchObject({ engagedResidents30d: 30, engagedCounted: 30 });
    await post(1);
    const r31 = await reading(now);
    expect(r31.inputs).toMatchObject({ engagedResidents30d: 31, engagedCounted: 30 });
    expect(r31.components.activity).toBeCloseTo(Math.log(1 + mid.qualifiedBuyers30d + 30) / Math.log(151), 9);
  });

  it('the weekly job reads again a leader whose last reading is 7 days old, not one read a millisecond later', async () => {
    const [{ last }] = ((await t.database.db.execute(sql`select max(computed_at) as last from leader_index_readings where leader_id = ${world.leader.userId}`)) as unknown as { rows: { last: string | Date }[] }).rows;
    const lastAt = new Date(last).getTime();
    const count = async () => ((await t.database.db.execute(sql`select count(*)::int as n from leader_index_readings where leader_id = ${world.leader.userId}`)) as unknown as { rows: { n: number }[] }).rows[0].n;
    const n = await count();
    expect(await recomputeDueLeaderIndexes(t.database.db, new Date(lastAt + 7 * DAY - 1))).toBe(0);
    expect(await count()).toBe(n);
    expect(await recomputeDueLeaderIndexes(t.database.db, new Date(lastAt + 7 * DAY))).toBe(1);
    expect(await count()).toBe(n + 1);
  });
});
