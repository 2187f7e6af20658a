import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/app.js';
import { buildWorld, call, openGroupBuy, orderAndPay, pickUp, trustHistory, upload, type Actor } from '../../testing/world.js';
import { joinByInvite } from '../community/service.js';
import { scenePhoto } from '../../db/sample-photos.js';
import { escalateOverdueClaims } from './service.js';
import { ingestTrustEvents } from '../trust/service.js';

/** Claims feed the trust module: resident evidence, the leader's index and the monthly measures. */
let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
const residents: Actor[] = [];
/** Each resident's one line (her order of one item). */
const lineOf = new Map<string, string>();

const claim = async (r: Actor, kind = 'missing') => (await upload(t, r, '/api/claims', { lineId: lineOf.get(r.userId)!, kind, quantity: '1', description: '少了一盒草莓' }, kind === 'bad_produce' ? [{ field: 'photos', filename: 'p.jpg', bytes: await scenePhoto(residents.indexOf(r) + 100), type: 'image/jpeg' }] : [])).body.claim;

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 0 });
  const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 100, limit: 2 });
  const owners = [];
  for (let i = 0; i < 4; i++) {
    const r = await sessionCookie(t, { name: `邻居${i}` });
    await joinByInvite(t.database.db, world.community.inviteCode, r.userId);
    await trustHistory(t, r.userId, 5);
    residents.push(r);
    const o = await orderAndPay(t, r, gb.id, 2);
    lineOf.set(r.userId, o.lines[0].id);
    owners.push({ actor: r, orderId: o.id });
  }
  await pickUp(t, world.leader, world.community.id, gb.id, owners);
}, 120_000);
afterAll(async () => { await t?.close(); });

describe('claims as trust evidence', () => {
  it('a claim rejected on review lowers the resident\'s score (k = 3), once however often events are read', async () => {
    await ingestTrustEvents(t.database.db, 1000, t.clock.now());
    const before = (await call(t, residents[0], 'GET', '/api/me/trust')).body;
    const c = await claim(residents[0]);
    expect(c.status).toBe('leader_review');
    const rejected = await call(t, world.leader, 'POST', `/api/claims/${c.id}/leader-decision`, { action: 'reject', note: '监控显示当面点清了两盒' });
    expect(rejected.body.claim.status).toBe('rejected');
    await ingestTrustEvents(t.database.db, 1000, t.clock.now());
    const after = (await call(t, residents[0], 'GET', '/api/me/trust')).body;
    expect(after.score).toBeLessThan(before.score);
    expect(after.issues).toEqual([expect.objectContaining({ kind: 'claim_rejected', severity: 3 })]);
    // Ingesting again changes nothing: each event becomes evidence once.
    await ingestTrustEvents(t.database.db, 1000, t.clock.now());
    expect((await call(t, residents[0], 'GET', '/api/me/trust')).body.score).toBe(after.score);
  });

  it('a claim upheld after review is good evidence', async () => {
    const before = (await call(t, residents[1], 'GET', '/api/me/trust')).body;
    const c = await claim(residents[1]);
    await call(t, world.leader, 'POST', `/api/claims/${c.id}/leader-decision`, { action: 'refund', note: '确实少了，给你退' });
    await ingestTrustEvents(t.database.db, 1000, t.clock.now());
    const after = (await call(t, residents[1], 'GET', '/api/me/trust')).body;
    expect(after.score).toBeGreaterThanOrEqual(before.score);
    expect(after.goodCounted).toBe(before.goodCounted + 1);
  });
});

describe('claims in the leader trust index and the measures', () => {
  it('counts complaints (upheld or past deadline), response speed and hand-over faults from claim events', async () => {
    const late = await claim(residents[2]);
    await escalateOverdueClaims(t.database.db, new Date(new Date(late.deadlineAt).getTime() + 1000));
    const reading = await call(t, world.operator, 'POST', `/api/leaders/${world.leader.userId}/trust-index/recompute`);
    expect(reading.status).toBe(200);
    const i = reading.body.inputs;
    // The refund upheld after his review, and the claim left past its deadline.
    expect(i.complaints).toBeCloseTo(2, 1);
    // He answered two claims within minutes; one went past its deadline.
    expect(i.claimsOnTime).toBeCloseTo(2, 1);
    expect(i.claimsLate).toBeCloseTo(1, 1);
    // Four hand-overs (one per household, each with her code), decayed by their age on the test
    // clock (half-life 60 days); one "missing items" claim upheld against them.
    const recorded = ((await t.database.db.execute(sql`select occurred_at from domain_events where type = 'handover.recorded'`)) as unknown as { rows: { occurred_at: string | Date }[] }).rows;
    expect(recorded).toHaveLength(4);
    const decayed = recorded.reduce((sum, r) => sum + 2 ** (-(t.clock.now().getTime() - new Date(r.occurred_at).getTime()) / 86_400_000 / 60), 0);
    expect(i.handedOver).toBeCloseTo(decayed, 6);
    expect(i.withoutCodeHandovers).toBe(0);
    expect(i.handoverFaults).toBeCloseTo(1, 1);
    expect(reading.body.components.fulfilment).toBeLessThan(1);
    expect(reading.body.components.complaintControl).toBeLessThan(1);
  });

  it('reports claim rate, complaint rate and claim refunds per month, reproducible from events', async () => {
    const now = t.clock.now();
    const res = await call(t, world.operator, 'GET', `/api/metrics/monthly?communityId=${world.community.id}&from=${new Date(now.getTime() - 40 * 86_400_000).toISOString()}&to=${new Date(now.getTime() + 86_400_000).toISOString()}`);
    expect(res.status).toBe(200);
    const month = res.body.items.at(-1);
    expect(month).toMatchObject({ orders: 4, claims: 3, complaints: 2, claimRefundFen: 3680 });
    expect(month.claimRate).toBeCloseTo(0.75, 5);
    expect(month.complaintRate).toBeCloseTo(0.5, 5);
    // Per leader and per product too; a leader may not read another leader's slice.
    const byLeader = await call(t, world.operator, 'GET', `/api/metrics/monthly?leaderId=${world.leader.userId}&from=${new Date(now.getTime() - 40 * 86_400_000).toISOString()}&to=${new Date(now.getTime() + 86_400_000).toISOString()}`);
    expect(byLeader.body.items.at(-1)).toMatchObject({ claims: 3 });
    const byProduct = await call(t, world.operator, 'GET', `/api/metrics/monthly?productId=${world.product.id}&from=${new Date(now.getTime() - 40 * 86_400_000).toISOString()}&to=${new Date(now.getTime() + 86_400_000).toISOString()}`);
    expect(byProduct.body.items.at(-1)).toMatchObject({ orders: 4, claims: 3 });
    const stranger = await call(t, residents[3], 'GET', `/api/metrics/monthly?communityId=${world.community.id}&from=${now.toISOString()}&to=${now.toISOString()}`);
    expect(stranger.status).toBe(403);
  });

  it('lets operators tag residents by their claim history', async () => {
    const rule = await call(t, world.operator, 'POST', '/api/tag-rules', { name: '售后较多', expression: 'claims_filed >= 1 且 claims_rejected >= 1', description: '有售后被驳回' });
    expect(rule.status).toBe(201);
    const members = await call(t, world.leader, 'GET', `/api/communities/${world.community.id}/members`);
    const tagged = members.body.items.filter((m: { tags: string[] }) => m.tags.includes('售后较多')).map((m: { userId: string }) => m.userId);
    expect(tagged).toEqual([residents[0].userId]);
  });
});

describe('automatic refunds in trust', () => {
  it('a claim refunded at once by a contract is evidence neither way: no score, no good or bad count moves', async () => {
    // Level A (20 clean orders in all): 坏果包赔 refunds her ¥36.80 at once, with no review.
    const r = residents[3];
    await trustHistory(t, r.userId, 15);
    await ingestTrustEvents(t.database.db, 1000, t.clock.now());
    const evidence = async () => ((await t.database.db.execute(sql`select count(*)::int as n from resident_evidence where user_id = ${r.userId}`)) as unknown as { rows: { n: number }[] }).rows[0].n;
    const before = { trust: (await call(t, r, 'GET', '/api/me/trust')).body, evidence: await evidence() };
    expect(before.trust.level).toBe('A');
    const c = await claim(r, 'bad_produce');
    expect(c).toMatchObject({ status: 'refunded', resolvedBy: 'rule', ruleKey: 'bad_fruit' });
    await ingestTrustEvents(t.database.db, 1000, t.clock.now());
    const after = (await call(t, r, 'GET', '/api/me/trust')).body;
    expect(await evidence()).toBe(before.evidence);
    expect({ score: after.score, goodCounted: after.goodCounted, issues: after.issues }).toEqual({ score: before.trust.score, goodCounted: before.trust.goodCounted, issues: before.trust.issues });
  });
});
