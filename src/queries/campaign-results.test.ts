import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../testing/app.js';
import { noPreservativesStandard, provingProduct, publishedCampaign } from '../testing/campaigns.js';
import { buildWorld, call, checkoutAndPay, endorse, joinedResident, openGroupBuy, type Actor } from '../testing/world.js';
import { studentTQuantile, wilson } from '../platform/stats.js';

// A hand-made cohort. Community A takes part (its residents buy the enrolled product P, ¥30);
// community B does not (only Q, ¥10). Campaign 2027-03-01 … 2027-04-30 (61 days), so the period
// before is 2026-12-30 … 2027-02-28; its whole months are January and February.
//   Dec 20: b2 Q×1 (the platform's first order)
//   Jan: a1 Q (1000), a2 Q×2 (2000), a3 Q (1000), b1 Q (1000), b2 Q (1000)
//   Feb: a1 Q (1000), b1 Q×3 (3000)
//   Mar: a1 P (3000), a2 P×2 (6000), a3 Q (1000), b1 Q (1000), b2 Q (1000)
//   Apr: a1 P+Q (4000), a2 P (3000), b1 Q×2 (2000)
// Participants: a1, a2 (a3 bought no P). Comparison: b1, b2 (ordered in the period before, in B).
let t: TestApp;
let w: Awaited<ReturnType<typeof buildWorld>>;
let communityB: { id: string; inviteCode: string };
let leaderB: Actor;
let campaignId: string;
const [a, b]: [Actor[], Actor[]] = [[], []];

const at = (iso: string) => { t.clock.advance(new Date(iso).getTime() - t.clock.now().getTime()); };

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t, { residents: 0 });
  const standard = await noPreservativesStandard(t, w);
  const p = await provingProduct(t, w, standard.id, '无添加宝宝面条');
  const created = await call(t, w.operator, 'POST', '/api/communities', { name: '对照小区', address: '上海市测试路 2 号', timeZone: 'Asia/Shanghai', pickupPointName: '2 号楼驿站', pickupPointAddress: '2 号楼', pickupHours: '08:00-20:00' });
  communityB = created.body;
  leaderB = await sessionCookie(t, { name: '赵姐' });
  await call(t, w.operator, 'POST', `/api/communities/${communityB.id}/leaders`, { phone: leaderB.phone, name: '赵姐', title: '团长' });
  await endorse(t, leaderB, communityB.id, w.product.id);
  for (let i = 0; i < 3; i++) a.push(await joinedResident(t, w.community, `A${i + 1}`));
  for (let i = 0; i < 2; i++) b.push(await joinedResident(t, communityB, `B${i + 1}`));
  campaignId = (await publishedCampaign(t, w, [standard.id], [p.id], { startsOn: '2027-03-01', endsOn: '2027-04-30' })).id;

  const month = async (iso: string, buysA: [number, number, number][], buysB: [number, number][]) => {
    at(iso);
    const gbA = await openGroupBuy(t, w.leader, w.community.id, [p.id, w.product.id], { items: [{ priceFen: 3000, limit: 5 }, { priceFen: 1000, limit: 5 }] });
    const gbB = await openGroupBuy(t, leaderB, communityB.id, w.product.id, { priceFen: 1000, limit: 5 });
    for (const [who, pq, qq] of buysA) {
      await checkoutAndPay(t, a[who], w.community.id, [...(pq ? [{ itemId: gbA.items[0].id, quantity: pq }] : []), ...(qq ? [{ itemId: gbA.items[1].id, quantity: qq }] : [])]);
    }
    for (const [who, qq] of buysB) await checkoutAndPay(t, b[who], communityB.id, [{ itemId: gbB.items[0].id, quantity: qq }]);
  };
  await month('2026-12-20T02:00:00Z', [], [[1, 1]]);
  await month('2027-01-10T02:00:00Z', [[0, 0, 1], [1, 0, 2], [2, 0, 1]], [[0, 1], [1, 1]]);
  await month('2027-02-10T02:00:00Z', [[0, 0, 1]], [[0, 3]]);
  await month('2027-03-10T02:00:00Z', [[0, 1, 0], [1, 2, 0], [2, 0, 1]], [[0, 1], [1, 1]]);
  await month('2027-04-10T02:00:00Z', [[0, 1, 1], [1, 1, 0]], [[0, 2]]);
}, 120_000);
afterAll(async () => { await t?.close(); });

const newcombe = (x1: number, n1: number, x2: number, n2: number) => {
  const [p1, p2, w1, w2] = [x1 / n1, x2 / n2, wilson(x1, n1), wilson(x2, n2)];
  return { low: p1 - p2 - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2), high: p1 - p2 + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2) };
};

describe('campaign results against a hand-made cohort', () => {
  it('computes each figure: repurchase, AOV, claim rate, with differences, intervals and n', async () => {
    const res = await call(t, w.operator, 'GET', `/api/campaigns/${campaignId}/results`);
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r.before).toEqual({ first: '2026-12-30', last: '2027-02-28', months: ['2027-01', '2027-02'] });
    expect(r.period).toMatchObject({ first: '2027-03-01', last: '2027-04-30', days: 61, months: ['2027-03', '2027-04'] });
    expect([r.participants, r.newParticipants, r.comparisonResidents, r.comparisonCommunities]).toEqual([2, 0, 2, 1]);
    // Repurchase. During: March buyers {a1,a2}, April {a1,a2} → 2/2. Before: Jan {a1,a2}, Feb {a1} → 1/2.
    // Comparison: March {b1,b2}, April {b1} → 1/2.
    expect(r.repurchase.campaign).toEqual({ x: 2, n: 2, rate: 1 });
    expect(r.repurchase.before).toEqual({ x: 1, n: 2, rate: 0.5 });
    expect(r.repurchase.comparison).toEqual({ x: 1, n: 2, rate: 0.5 });
    // Newcombe from Wilson(2/2) = [0.3424, 1] and Wilson(1/2) = [0.0945, 0.9055]: 0.5 − √(0.6576² + 0.4055²), 0.5 + √(0 + 0.4055²).
    const nc = newcombe(2, 2, 1, 2);
    expect(r.repurchase.vsBefore.diff).toBe(0.5);
    expect(r.repurchase.vsBefore.ci.low).toBeCloseTo(nc.low, 4);
    expect(r.repurchase.vsBefore.ci.low).toBeCloseTo(-0.2726, 3);
    expect(r.repurchase.vsBefore.ci.high).toBeCloseTo(0.9055, 3);
    expect(r.repurchase.vsBefore.insufficient).toBe(true);
    // AOV. During: 3000, 6000, 4000, 3000 → 4000 (n 4). Before: 1000, 2000, 1000 → 1333 (n 3). Comparison: 1000, 1000, 2000 → 1333 (n 3).
    expect(r.aov.campaign).toEqual({ n: 4, meanFen: 4000 });
    expect(r.aov.before).toEqual({ n: 3, meanFen: 1333 });
    expect(r.aov.comparison).toEqual({ n: 3, meanFen: 1333 });
    // Welch: s₁² = 2,000,000 (÷4 = 500,000), s₂² = 333,333.3 (÷3 = 111,111.1); se = 781.74;
    // df = 611,111.1² ÷ (500,000²/3 + 111,111.1²/2) = 4.1725; diff 2666.7 ± t(0.975, 4.17)·se.
    expect(r.aov.vsBefore.diff).toBe(2666.7);
    expect(r.aov.vsBefore.df).toBeCloseTo(4.17, 2);
    const half = studentTQuantile(0.975, 611111.111 ** 2 / (500000 ** 2 / 3 + 111111.111 ** 2 / 2)) * Math.sqrt(611111.111);
    expect(r.aov.vsBefore.ci.low).toBeCloseTo(2666.67 - half, 0);
    expect(r.aov.vsBefore.ci.high).toBeCloseTo(2666.67 + half, 0);
    expect(r.aov.vsComparison.diff).toBe(2666.7);
    // No claims in this cohort: 0 of 4 orders, 0 of 3.
    expect(r.claimRate.campaign).toEqual({ x: 0, n: 4, rate: 0 });
    expect(r.claimRate.vsBefore.diff).toBe(0);
    // No NPS answers: no figure, 样本不足.
    expect(r.campaignNps).toMatchObject({ n: 0, insufficient: true, nps: null });
    expect(r.platformNps.vsBefore).toEqual({ diff: null, ci: null, insufficient: true });
    // Per community: only A takes part; its figures are the scope's.
    expect(r.communities.map((c: { communityId: string }) => c.communityId)).toEqual([w.community.id]);
    expect(r.communities[0].repurchase.campaign).toEqual(r.repurchase.campaign);
    const xlsx = await t.app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}/results.xlsx`, headers: { cookie: w.operator.cookie } });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('a campaign survey round invites the participating residents only', async () => {
    const res = await call(t, w.operator, 'POST', '/api/console/nps-surveys', { subjectType: 'campaign', campaignId, title: '安心厨房计划', sampleSize: 10, closesAt: new Date(t.clock.now().getTime() + 7 * 86_400_000).toISOString() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ campaignId, invited: 2, eligible: 2 });
    const invited = ((await t.database.db.execute(sql`select user_id from nps_invitations where survey_id = ${res.body.id}`)) as unknown as { rows: { user_id: string }[] }).rows.map((x) => x.user_id).sort();
    expect(invited).toEqual([a[0].userId, a[1].userId].sort());
    // A platform round cannot be tied to a campaign: refused, no round written.
    const rounds = async () => ((await t.database.db.execute(sql`select count(*)::int as n from nps_surveys`)) as unknown as { rows: { n: number }[] }).rows[0].n;
    const before = await rounds();
    const bad = await call(t, w.operator, 'POST', '/api/console/nps-surveys', { subjectType: 'platform', campaignId, title: '平台', sampleSize: 10, closesAt: new Date(t.clock.now().getTime() + 7 * 86_400_000).toISOString() });
    expect(bad.body.error.code).toBe('survey.campaign_required');
    expect(await rounds()).toBe(before);
  });

  it('refuses a period without a baseline with a clear reason', async () => {
    // Before 2026-12-25 … 2027-01-05 (12 days) lies 2026-12-13 … 12-24: earlier than the first order (Dec 20).
    const early = await call(t, w.operator, 'GET', `/api/campaigns/${campaignId}/results?from=2026-12-25&to=2027-01-05`);
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'campaign_report.no_baseline', details: { reason: 'before_first_data', firstData: '2026-12-20' } });
    expect(early.body.error.message).toContain('2026-12-13 至 2026-12-24');
    // 2027-01-01 … 01-05: the five days before (Dec 27–31) hold no order.
    const empty = await call(t, w.operator, 'GET', `/api/campaigns/${campaignId}/results?from=2027-01-01&to=2027-01-05`);
    expect(empty.status).toBe(409);
    expect(empty.body.error.details.reason).toBe('no_orders');
    expect(empty.body.error.message).toContain('2026-12-27');
    expect((await call(t, w.operator, 'GET', `/api/campaigns/${campaignId}/results?from=2027-13-01`)).status).toBe(400);
  });

  it('a leader reads his own community only; residents and other leaders are refused', async () => {
    const own = await call(t, w.leader, 'GET', `/api/campaigns/${campaignId}/results?communityId=${w.community.id}`);
    expect(own.status).toBe(200);
    expect(own.body.communities).toEqual([]);
    expect(own.body.participants).toBe(2);
    expect((await call(t, w.leader, 'GET', `/api/campaigns/${campaignId}/results?communityId=${communityB.id}`)).status).toBe(403);
    expect((await call(t, leaderB, 'GET', `/api/campaigns/${campaignId}/results?communityId=${w.community.id}`)).status).toBe(403);
    expect((await call(t, w.leader, 'GET', `/api/campaigns/${campaignId}/results`)).status).toBe(403);
    expect((await call(t, a[0], 'GET', `/api/campaigns/${campaignId}/results?communityId=${w.community.id}`)).status).toBe(403);
    expect((await call(t, w.leader, 'GET', `/api/campaigns/${campaignId}/results.xlsx?communityId=${communityB.id}`)).status).toBe(403);
  });
});
