import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/app.js';
import { buildWorld, call, openGroupBuy, orderAndPay, pickUp, type Actor } from '../../testing/world.js';
import { joinByInvite } from '../community/service.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
const pickedUp: { actor: Actor; orderId: string }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 0 });
  const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 100, limit: 1 });
  for (let i = 0; i < 32; i++) {
    const r = await sessionCookie(t, { name: `邻居${i}` });
    await joinByInvite(t.database.db, world.community.inviteCode, r.userId);
    const order = await orderAndPay(t, r, gb.id, 1);
    pickedUp.push({ actor: r, orderId: order.id });
  }
  // Delivered, received and handed over to each of them with her own pickup code.
  await pickUp(t, world.leader, world.community.id, gb.id, pickedUp.map((p) => ({ actor: p.actor })));
}, 180_000);
afterAll(async () => { await t?.close(); });

const answer = (p: { actor: Actor; orderId: string }, score: number, extra: Record<string, unknown> = {}) =>
  call(t, p.actor, 'POST', '/api/surveys/nps', { subjectType: 'leader', subjectId: world.leader.userId, orderId: p.orderId, score, reason: '', ...extra });

describe('NPS after pickup', () => {
  it('prompts after pickup with the fixed wording; once she answered, neither prompts nor takes another answer', async () => {
    const pending = await call(t, pickedUp[0].actor, 'GET', '/api/surveys/pending');
    expect(pending.body.survey).toMatchObject({ subjectType: 'leader', subjectId: world.leader.userId, orderId: pickedUp[0].orderId, question: '你有多大可能把团长王叔推荐给邻居或朋友？' });
    const first = await answer(pickedUp[0], 10, { reason: '王叔很负责' });
    expect(first.status).toBe(201);
    expect(first.body.question).toBe('你有多大可能把团长王叔推荐给邻居或朋友？');
    expect((await call(t, pickedUp[0].actor, 'GET', '/api/surveys/pending')).body.survey).toBeNull();
    const again = await answer(pickedUp[0], 3);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('nps.already_answered');
  });

  it('refuses scores outside 0–10, another resident’s order, and double answers fired at once', async () => {
    const before = ((await t.database.db.execute(sql`select count(*)::int as n from nps_answers`)) as unknown as { rows: { n: number }[] }).rows[0].n;
    expect((await answer(pickedUp[1], 11)).body.error.code).toBe('nps.score_invalid');
    expect((await answer(pickedUp[1], -1)).body.error.code).toBe('nps.score_invalid');
    expect((await answer(pickedUp[1], 7.5)).status).toBe(400);
    const foreign = await call(t, pickedUp[1].actor, 'POST', '/api/surveys/nps', { subjectType: 'leader', subjectId: world.leader.userId, orderId: pickedUp[2].orderId, score: 9 });
    expect(foreign.status).toBe(404);
    const after = ((await t.database.db.execute(sql`select count(*)::int as n from nps_answers`)) as unknown as { rows: { n: number }[] }).rows[0].n;
    expect(after).toBe(before);
    const burst = await Promise.all([answer(pickedUp[1], 9), answer(pickedUp[1], 9), answer(pickedUp[1], 9)]);
    expect(burst.filter((r) => r.status === 201)).toHaveLength(1);
    expect(burst.filter((r) => r.status === 409)).toHaveLength(2);
  });

  it('reports NPS with n and margin only from 30 answers; says so below', async () => {
    const few = await call(t, world.operator, 'GET', `/api/metrics/nps?subjectType=leader&subjectId=${world.leader.userId}`);
    expect(few.body).toMatchObject({ n: 2, insufficient: true, nps: null, marginOfError95: null, minSample: 30 });
    // Answers so far: 10, 9. Add 28 more: 13 promoters, 9 passives, 6 detractors → 15 P, 9 Pa, 6 D of 30.
    const scores = [...Array(13).fill(9), ...Array(9).fill(8), ...Array(6).fill(4)];
    for (const [i, s] of scores.entries()) expect((await answer(pickedUp[i + 2], s)).status).toBe(201);
    const report = await call(t, world.leader, 'GET', `/api/metrics/nps?communityId=${world.community.id}&subjectType=leader`);
    // NPS = 50% − 20% = 30; Var = 0.5 + 0.2 − 0.09 = 0.61; MoE = 196·√(0.61/30) = 27.9.
    expect(report.body).toMatchObject({ n: 30, promoters: 15, passives: 9, detractors: 6, insufficient: false, nps: 30, marginOfError95: 27.9 });
    // A resident or another community's leader cannot read it.
    expect((await call(t, pickedUp[0].actor, 'GET', `/api/metrics/nps?communityId=${world.community.id}`)).status).toBe(403);
    expect((await call(t, world.leader, 'GET', '/api/metrics/nps')).status).toBe(403);
  });
});

describe('NPS by product and by month', () => {
  it('asks about the product she picked up, refuses another product, and breaks answers down by month', async () => {
    const p = pickedUp[31];
    const wrong = await call(t, p.actor, 'POST', '/api/surveys/nps', { subjectType: 'product', subjectId: world.leader.userId, orderId: p.orderId, score: 9 });
    expect(wrong.body.error.code).toBe('nps.subject_invalid');
    const ok = await call(t, p.actor, 'POST', '/api/surveys/nps', { subjectType: 'product', subjectId: world.product.id, orderId: p.orderId, score: 9 });
    expect(ok.status).toBe(201);
    expect(ok.body.question).toBe('你有多大可能把【有机草莓】推荐给邻居或朋友？');
    const monthly = await call(t, world.operator, 'GET', `/api/metrics/nps/monthly?subjectType=leader&subjectId=${world.leader.userId}`);
    expect(monthly.body.items).toHaveLength(1);
    expect(monthly.body.items[0]).toMatchObject({ n: 30, nps: 30, insufficient: false });
    const product = await call(t, world.operator, 'GET', `/api/metrics/nps/monthly?subjectType=product&subjectId=${world.product.id}`);
    expect(product.body.items[0]).toMatchObject({ n: 1, insufficient: true, nps: null });
  });
});

describe('one answer about the leader per 30 days', () => {
  it('refuses her next answer 29 days after the last one and takes it after 30', async () => {
    // The one neighbour of this file who has not rated the leader yet (the others did above).
    const p = pickedUp[30];
    expect((await answer(p, 10)).status).toBe(201);
    let moved = 0;
    const advance = (ms: number) => { t.clock.advance(ms); moved += ms; };
    advance(29 * 86_400_000);
    try {
      const early = await answer(p, 6);
      expect({ status: early.status, code: early.body.error?.code }).toEqual({ status: 409, code: 'nps.already_answered' });
      advance(86_400_000 + 60_000);
      expect((await answer(p, 6)).status).toBe(201);
      const mine = ((await t.database.db.execute(sql`select score from nps_answers where user_id = ${p.actor.userId} and subject_type = 'leader' order by answered_at`)) as unknown as { rows: { score: number }[] }).rows;
      expect(mine.map((m) => m.score)).toEqual([10, 6]);
    } finally {
      t.clock.advance(-moved);
    }
  });
});
