import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../testing/app.js';
import { noPreservativesStandard, provingProduct, publishedCampaign } from '../testing/campaigns.js';
import { completeCourse, publishedCourse } from '../testing/training.js';
import { buildWorld, call, endorse, HOUR, openGroupBuy, type Actor } from '../testing/world.js';
import { firstLaunchEndsAt, getCampaign, requireFirstLaunchRight } from '../modules/campaigns/index.js';
import { AppError } from '../platform/errors.js';

const DAY = 86_400_000;
let t: TestApp;
let w: Awaited<ReturnType<typeof buildWorld>>;
let standardId: string;
let courseId: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t, { residents: 1 });
  standardId = (await noPreservativesStandard(t, w)).id;
  courseId = await publishedCourse(t, w.operator, { title: '安心厨房：食品安全必修课' });
});
afterAll(async () => { await t?.close(); });

const exec = (q: ReturnType<typeof sql>) => t.database.db.execute(q);
const count = async (table: string) => ((await exec(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] }).rows[0].n;

let leaders = 0;
/** A new leader of the world's community. */
async function newLeader(name = `团长${++leaders}`): Promise<Actor> {
  const leader = await sessionCookie(t, { name });
  const res = await call(t, w.operator, 'POST', `/api/communities/${w.community.id}/leaders`, { phone: leader.phone, name, title: '生活顾问' });
  expect(res.status).toBe(201);
  return leader;
}
const tier = (leader: Actor, key: string, index = 80) => exec(sql`insert into leader_index_readings (leader_id, computed_at, index_value, components, inputs, orders, tier, tier_changed, reason)
  values (${leader.userId}, ${new Date(t.clock.now().getTime() - 1000)}, ${index}, '{}'::jsonb, '{}'::jsonb, 500, ${key}, true, 'test')`);
/** A complaint against him upheld after review, `daysAgo` days ago (as aftersales records it). */
const upheld = (leader: Actor, daysAgo: number) => exec(sql`insert into domain_events (type, community_id, actor_id, subject_id, payload, occurred_at)
  values ('claim.decided', ${w.community.id}, ${randomUUID()}, ${randomUUID()}, ${JSON.stringify({ leaderId: leader.userId, final: true, upheld: true, reviewed: true, kind: 'damaged', by: 'platform' })}::jsonb,
  ${new Date(t.clock.now().getTime() - daysAgo * DAY)})`);

async function campaignWithCourse(firstLaunchDays = 0, productIds: string[] = []) {
  const campaign = await publishedCampaign(t, w, [standardId], productIds);
  const saved = await call(t, w.operator, 'PUT', `/api/console/campaigns/${campaign.id}/ambassador-settings`, {
    rule: "tier in ['gold', 'silver'] and course_passed and upheld_complaints_90d == 0", courseId, firstLaunchDays,
  });
  expect(saved.status).toBe(200);
  return campaign;
}
const preview = async (leader: Actor, campaignId: string) => {
  const res = await call(t, leader, 'GET', `/api/communities/${w.community.id}/ambassador-campaigns`);
  expect(res.status).toBe(200);
  return res.body.items.find((i: { campaign: { id: string } }) => i.campaign.id === campaignId);
};
const apply = (leader: Actor, campaignId: string) => call(t, leader, 'POST', `/api/communities/${w.community.id}/campaigns/${campaignId}/ambassador-application`);
const decide = (actor: Actor, id: string, decision: 'approve' | 'reject', reason?: string) => call(t, actor, 'POST', `/api/console/ambassador-applications/${id}/decision`, { decision, reason });

describe('ambassador eligibility', () => {
  it('tier just below is refused naming it; at the tier, the course passed and no complaint in 90 days he may apply', async () => {
    const campaign = await campaignWithCourse();
    const leader = await newLeader();
    await tier(leader, 'standard');
    await completeCourse(t, leader, courseId);
    const before = await count('campaign_ambassadors');
    const below = await apply(leader, campaign.id);
    expect(below.status).toBe(409);
    expect(below.body.error.code).toBe('campaign.ambassador_not_eligible');
    expect(below.body.error.message).toContain('团长等级');
    expect(below.body.error.message).not.toContain('培训课程');
    expect(await count('campaign_ambassadors')).toBe(before);

    await tier(leader, 'silver');
    const p = await preview(leader, campaign.id);
    expect(p.facts).toEqual({ tier: 'silver', trust_index: 80, course_passed: true, upheld_complaints_90d: 0 });
    expect(p.eligibility.holds).toBe(true);
    expect(p.eligibility.parts.map((x: { holds: boolean }) => x.holds)).toEqual([true, true, true]);
    expect(p.course).toEqual({ id: courseId, title: '安心厨房：食品安全必修课' });
    const ok = await apply(leader, campaign.id);
    expect(ok.status).toBe(201);
    expect(ok.body.status).toBe('applied');
  });

  it('without the course passed he is refused, told it is the course', async () => {
    const campaign = await campaignWithCourse();
    const leader = await newLeader();
    await tier(leader, 'gold');
    const p = await preview(leader, campaign.id);
    expect(p.facts.course_passed).toBe(false);
    expect(p.eligibility.parts.filter((x: { holds: boolean }) => !x.holds).map((x: { text: string }) => x.text)).toEqual(['已通过活动指定的培训课程']);
    const before = await count('campaign_ambassadors');
    const refused = await apply(leader, campaign.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe('还不满足大使条件：已通过活动指定的培训课程');
    expect(await count('campaign_ambassadors')).toBe(before);
  });

  it('a complaint upheld 91 days ago no longer counts; one 89 days ago does', async () => {
    const campaign = await campaignWithCourse();
    const leader = await newLeader();
    await tier(leader, 'gold');
    await completeCourse(t, leader, courseId);
    await upheld(leader, 91);
    expect((await preview(leader, campaign.id)).facts.upheld_complaints_90d).toBe(0);
    await upheld(leader, 89);
    const p = await preview(leader, campaign.id);
    expect(p.facts.upheld_complaints_90d).toBe(1);
    expect(p.eligibility.holds).toBe(false);
    const before = await count('campaign_ambassadors');
    const refused = await apply(leader, campaign.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('近 90 天被认定的投诉数');
    expect(await count('campaign_ambassadors')).toBe(before);
  });

  it('a rule with a mistake is refused with its position and nothing is saved', async () => {
    const campaign = await campaignWithCourse();
    const bad = await call(t, w.operator, 'PUT', `/api/console/campaigns/${campaign.id}/ambassador-settings`, { rule: "tier in ['gold' and", courseId, firstLaunchDays: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('campaign.ambassador_rule_syntax');
    const unknown = await call(t, w.operator, 'PUT', `/api/console/campaigns/${campaign.id}/ambassador-settings`, { rule: 'phone_number == 1', courseId, firstLaunchDays: 0 });
    expect(unknown.body.error).toMatchObject({ code: 'campaign.ambassador_rule_unknown_fact', details: { position: 1 } });
    const noCourse = await call(t, w.operator, 'PUT', `/api/console/campaigns/${campaign.id}/ambassador-settings`, { rule: 'course_passed', courseId: randomUUID(), firstLaunchDays: 0 });
    expect(noCourse.body.error.code).toBe('campaign.ambassador_course_unknown');
    expect((await call(t, w.leader, 'PUT', `/api/console/campaigns/${campaign.id}/ambassador-settings`, { rule: 'course_passed', courseId, firstLaunchDays: 0 })).status).toBe(403);
    expect((await getCampaign(t.database.db, campaign.id)).ambassadorRule).toBe("tier in ['gold', 'silver'] and course_passed and upheld_complaints_90d == 0");
  });
});

describe('ambassador decisions', () => {
  it('one pending application per campaign; a leader cannot decide it (403); rejection needs a reason', async () => {
    const campaign = await campaignWithCourse();
    const leader = await newLeader();
    await tier(leader, 'gold');
    await completeCourse(t, leader, courseId);
    const first = await apply(leader, campaign.id);
    expect(first.status).toBe(201);
    const again = await apply(leader, campaign.id);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('campaign.ambassador_pending');
    expect(await count(`campaign_ambassadors where leader_id = '${leader.userId}'`)).toBe(1);

    for (const actor of [leader, w.leader]) expect((await decide(actor, first.body.id, 'approve')).status).toBe(403);
    // Nor see the operators' queue.
    const queue = await call(t, leader, 'GET', '/api/console/ambassador-applications');
    expect(queue.status).toBe(403);
    expect((await decide(w.operator, first.body.id, 'reject', '')).body.error.code).toBe('campaign.ambassador_reason_required');
    expect((await exec(sql`select status from campaign_ambassadors where id = ${first.body.id}`) as unknown as { rows: { status: string }[] }).rows[0].status).toBe('applied');

    const rejected = await decide(w.operator, first.body.id, 'reject', '本期名额已满');
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionReason: '本期名额已满' });
    // Rejected: he may apply again.
    expect((await apply(leader, campaign.id)).status).toBe(201);
  });

  it('an operator who leads a community cannot approve his own application', async () => {
    const campaign = await campaignWithCourse();
    const both = await sessionCookie(t, { name: '运营兼团长', operator: true });
    expect((await call(t, w.operator, 'POST', `/api/communities/${w.community.id}/leaders`, { phone: both.phone, name: '运营兼团长', title: '生活顾问' })).status).toBe(201);
    await tier(both, 'gold');
    await completeCourse(t, both, courseId);
    const mine = await apply(both, campaign.id);
    expect(mine.status).toBe(201);
    const self = await decide(both, mine.body.id, 'approve');
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe('campaign.ambassador_self_decision');
  });

  it('approval re-checks: a complaint upheld since he applied blocks it, with the reason; approved he carries the badge', async () => {
    const campaign = await campaignWithCourse();
    const leader = await newLeader('刘姐');
    await tier(leader, 'gold');
    await completeCourse(t, leader, courseId);
    const applied = await apply(leader, campaign.id);
    expect(applied.status).toBe(201);
    await upheld(leader, 0.01);
    const blocked = await decide(w.operator, applied.body.id, 'approve');
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('campaign.ambassador_no_longer_eligible');
    expect(blocked.body.error.message).toContain('近 90 天被认定的投诉数');
    const queue = await call(t, w.operator, 'GET', `/api/console/ambassador-applications?campaignId=${campaign.id}&status=applied`);
    expect(queue.body.items.map((i: { id: string }) => i.id)).toEqual([applied.body.id]);
    expect(queue.body.items[0]).toMatchObject({ leaderName: '刘姐', communityName: '测试小区', facts: { upheld_complaints_90d: 0 }, status: 'applied' });

    // A second leader, clean, is approved and shows as an ambassador (no phone number anywhere).
    const clean = await newLeader('赵叔');
    await tier(clean, 'gold');
    await completeCourse(t, clean, courseId);
    const cleanApp = await apply(clean, campaign.id);
    const approved = await decide(w.operator, cleanApp.body.id, 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    expect((await apply(clean, campaign.id)).body.error.code).toBe('campaign.already_ambassador');
    const list = await call(t, null, 'GET', `/api/campaigns/${campaign.slug}/ambassadors`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { name: string; communityName: string }) => [i.name, i.communityName])).toEqual([['赵叔', '测试小区']]);
    expect(JSON.stringify(list.body)).not.toContain(clean.phone);
    const profile = await call(t, w.residents[0], 'GET', `/api/communities/${w.community.id}/leaders/${clean.userId}/profile`);
    expect(profile.body.ambassadorships).toEqual([{ campaignId: campaign.id, slug: campaign.slug, name: '安心厨房计划', badge: '安心厨房' }]);

    // Revoked: the badge goes.
    expect((await call(t, w.operator, 'POST', `/api/console/ambassador-applications/${cleanApp.body.id}/revoke`, { reason: '' })).status).toBe(400);
    const revoked = await call(t, w.operator, 'POST', `/api/console/ambassador-applications/${cleanApp.body.id}/revoke`, { reason: '私下加价' });
    expect(revoked.body).toMatchObject({ status: 'revoked', revokeReason: '私下加价' });
    expect((await call(t, w.residents[0], 'GET', `/api/communities/${w.community.id}/leaders/${clean.userId}/profile`)).body.ambassadorships).toEqual([]);
    expect((await call(t, null, 'GET', `/api/campaigns/${campaign.id}/ambassadors`)).body.items).toEqual([]);
  });
});

describe('first-launch rights', () => {
  it('during the window only ambassadors open group buys of enrolled products; from its end anyone may', async () => {
    const product = await provingProduct(t, w, standardId, '有机小米米粉');
    const campaign = await campaignWithCourse(3, [product.id]);
    const ambassador = await newLeader('王叔二号');
    await tier(ambassador, 'gold');
    await completeCourse(t, ambassador, courseId);
    await endorse(t, ambassador, w.community.id, product.id);
    const app = await apply(ambassador, campaign.id);
    expect((await decide(w.operator, app.body.id, 'approve')).status).toBe(200);

    // w.leader endorsed it but is no ambassador.
    const before = await count('group_buys');
    const refused = await call(t, w.leader, 'POST', `/api/communities/${w.community.id}/group-buys`, {
      items: [{ productId: product.id, priceFen: 2000, stockTotal: 10, perPersonLimit: 2 }],
      cutoffAt: new Date(t.clock.now().getTime() + 24 * HOUR).toISOString(), pickupStartAt: new Date(t.clock.now().getTime() + 36 * HOUR).toISOString(), pickupEndAt: new Date(t.clock.now().getTime() + 48 * HOUR).toISOString(),
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('campaign.first_launch_ambassadors_only');
    const ends = firstLaunchEndsAt(await getCampaign(t.database.db, campaign.id))!;
    // 3 days from the first day: local midnight starting the 4th day.
    expect(ends.getTime() - Date.parse(`${campaign.startsOn}T00:00:00+08:00`)).toBe(3 * DAY);
    const endText = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(ends);
    expect(refused.body.error.message).toContain(endText);
    expect(await count('group_buys')).toBe(before);
    expect((await openGroupBuy(t, ambassador, w.community.id, product.id)).status).toBe('open');

    // Adding it to his running group buy is refused the same way, and adds nothing.
    const items = await count('group_buy_items');
    const added = await call(t, w.leader, 'POST', `/api/group-buys/${w.groupBuy.id}/items`, { productId: product.id, priceFen: 2000, stockTotal: 10, perPersonLimit: 2 });
    expect(added.status).toBe(409);
    expect(added.body.error.code).toBe('campaign.first_launch_ambassadors_only');
    expect(await count('group_buy_items')).toBe(items);

    // The boundary: refused one millisecond before the end, allowed exactly at it.
    const code = async (at: Date) => { try { await requireFirstLaunchRight(t.database.db, w.leader.userId, [product.id], at); return 'allowed'; } catch (e) { return (e as AppError).code; } };
    expect(await code(new Date(ends.getTime() - 1))).toBe('campaign.first_launch_ambassadors_only');
    expect(await code(ends)).toBe('allowed');
    // Over HTTP after the window.
    t.clock.advance(ends.getTime() - t.clock.now().getTime() + 1000);
    expect((await openGroupBuy(t, w.leader, w.community.id, product.id)).status).toBe('open');
  });
});
