import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { batchWithValues, FAILING_VALUES, noPreservativesStandard, provingProduct, publishedCampaign } from '../../testing/campaigns.js';
import { buildWorld, call, checkoutAndPay, HOUR, joinedResident, openGroupBuy, pickUp, upload, type Actor } from '../../testing/world.js';
import { createCampaign } from '../campaigns/index.js';

/**
 * 安心厨房计划's guarantee: 「收货 48 小时内，不满意无理由退款」 for lines bought under the campaign
 * (product enrolled and proving its standards when she paid), on top of the platform's rules.
 */
let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
let resident: Actor;
let campaign: { id: string; slug: string };
const lines: Record<'beforeEnrolment' | 'covered' | 'notEnrolled' | 'lostProofLater' | 'afterLoss' | 'coveredLate', string> = {} as never;
const RULE = { key: 'anxin_48h', name: '48 小时无理由退款', description: '安心厨房计划的商品，收货 48 小时内不满意，无理由退款。', condition: 'hours_since_pickup <= 48', action: 'refund_now', priority: 10 };

const count = async (table: string) => Number(((await t.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] }).rows[0].n);
const claim = (lineId: string) => upload(t, resident, '/api/claims', { lineId, kind: 'unhappy', quantity: '1', description: '孩子不爱吃，想退。' });
const lineOf = (order: { lines: { id: string; itemId: string }[] }, itemId: string) => order.lines.find((l) => l.itemId === itemId)!.id;

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 0 });
  resident = await joinedResident(t, world.community, '李阿姨');
  const standard = await noPreservativesStandard(t, world);
  const enrolled = await provingProduct(t, world, standard.id, '有机小米米粉');
  const other = await provingProduct(t, world, standard.id, '无添加饼干');
  const gb = await openGroupBuy(t, world.leader, world.community.id, [enrolled.id, other.id], { limit: 10, stock: 100 });
  const [itemA, itemB] = gb.items as { id: string }[];
  const buy = async (itemId: string) => lineOf(await checkoutAndPay(t, resident, world.community.id, [{ itemId, quantity: 1 }]), itemId);
  lines.beforeEnrolment = await buy(itemA.id);
  campaign = await publishedCampaign(t, world, [standard.id], [enrolled.id]);
  t.clock.advance(60_000);
  lines.covered = await buy(itemA.id);
  lines.coveredLate = await buy(itemA.id);
  lines.notEnrolled = await buy(itemB.id);
  lines.lostProofLater = await buy(itemA.id);
  // A new batch fails the standard: the product loses its proof (and its badge) from now on.
  t.clock.advance(60_000);
  await batchWithValues(t, world, enrolled.id, FAILING_VALUES);
  lines.afterLoss = await buy(itemA.id);
  await pickUp(t, world.leader, world.community.id, gb.id, [{ actor: resident }]);
}, 180_000);
afterAll(async () => { await t?.close(); });

describe('publishing a campaign guarantee', () => {
  it('refuses a leader, a resident and a supplier (403), an unknown campaign and an action other than refunding, writing nothing', async () => {
    const before = { rules: await count('guarantee_rules'), events: await count('domain_events') };
    for (const actor of [world.leader, resident, world.supplier.member]) {
      const res = await call(t, actor, 'POST', '/api/console/guarantee-rules', { ...RULE, campaignId: campaign.id });
      expect(res.status).toBe(403);
    }
    const unknown = await call(t, world.operator, 'POST', '/api/console/guarantee-rules', { ...RULE, campaignId: '00000000-0000-4000-8000-000000000000' });
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'guarantee.campaign_unknown']);
    const leaderReview = await call(t, world.operator, 'POST', '/api/console/guarantee-rules', { ...RULE, action: 'leader_review', campaignId: campaign.id });
    expect([leaderReview.status, leaderReview.body.error.code]).toEqual([400, 'guarantee.campaign_action']);
    expect({ rules: await count('guarantee_rules'), events: await count('domain_events') }).toEqual(before);
  });

  it('publishes version 1 for the campaign; the platform rules and their public list are unchanged', async () => {
    const platformBefore = (await call(t, null, 'GET', '/api/guarantee-rules')).body.rules;
    const res = await call(t, world.operator, 'POST', '/api/console/guarantee-rules', { ...RULE, campaignId: campaign.id });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ key: RULE.key, version: 1, campaignId: campaign.id });
    expect((await call(t, null, 'GET', '/api/guarantee-rules')).body.rules).toEqual(platformBefore);
    const list = await call(t, world.operator, 'GET', '/api/console/guarantee-rules');
    expect(list.body.rules.find((r: { key: string }) => r.key === RULE.key).campaignId).toBe(campaign.id);
    expect(list.body.campaigns.map((c: { id: string }) => c.id)).toContain(campaign.id);
  });

  it('reads the campaign guarantee in plain words, publicly; a draft campaign is hidden from everyone but operators', async () => {
    const pub = await call(t, null, 'GET', `/api/campaigns/${campaign.slug}/guarantee`);
    expect(pub.status).toBe(200);
    expect(pub.body.rules).toHaveLength(1);
    expect(pub.body.rules[0]).toMatchObject({ key: RULE.key, version: 1, name: RULE.name, action: 'refund_now' });
    expect(pub.body.rules[0].reading).toContain('48');
    const en = await call(t, null, 'GET', `/api/campaigns/${campaign.slug}/guarantee`, undefined, { 'accept-language': 'en' });
    expect(en.body.campaign.name).toBe('Safe Kitchen');
    expect(en.body.rules[0].reading).not.toBe(pub.body.rules[0].reading);
    const draft = await createCampaign(t.database.db, world.operator.userId, {
      slug: 'draft-guarantee', nameZh: '草稿活动', nameEn: 'Draft', startsOn: '2027-01-01', endsOn: '2027-01-31', badgeZh: '草稿', badgeEn: 'Draft',
      standardIds: (await t.database.db.execute(sql`select standard_id from campaign_standards where campaign_id = ${campaign.id}`) as unknown as { rows: { standard_id: string }[] }).rows.map((r) => r.standard_id),
    }, t.clock.now());
    expect((await call(t, resident, 'GET', `/api/campaigns/${draft.slug}/guarantee`)).status).toBe(404);
    expect((await call(t, world.operator, 'GET', `/api/campaigns/${draft.slug}/guarantee`)).status).toBe(200);
    // A campaign rule that always holds reads "任何情况", not the platform fallback's "以上规则都不适用时".
    const always = await call(t, world.operator, 'POST', '/api/console/guarantee-rules', { ...RULE, key: 'draft_always', condition: 'true', campaignId: draft.id });
    expect(always.status).toBe(201);
    const read = await call(t, world.operator, 'GET', `/api/campaigns/${draft.slug}/guarantee`);
    expect(read.body.rules.find((r: { key: string }) => r.key === 'draft_always').reading).toBe('任何情况');
    expect((await call(t, null, 'GET', '/api/campaigns/no-such-campaign/guarantee')).status).toBe(404);
  });
});

describe('claims under the campaign guarantee', () => {
  it('a no-questions claim within 48 h on a line bought under the campaign is refunded by the campaign rule, version recorded', async () => {
    t.clock.advance(HOUR);
    const res = await claim(lines.covered);
    expect(res.status).toBe(201);
    expect(res.body.claim).toMatchObject({ status: 'refunded', resolvedBy: 'rule', ruleKey: RULE.key, ruleVersion: 1, ruleCampaignSlug: campaign.slug });
    expect(res.body.line.campaigns).toEqual([{ slug: campaign.slug, name: '安心厨房计划' }]);
  });

  it('tells her before she files which campaign guarantee covers the line; another resident cannot ask about it', async () => {
    const covered = await call(t, resident, 'GET', `/api/order-lines/${lines.lostProofLater}/guarantees`);
    expect(covered.body.campaigns.map((c: { slug: string; rules: { key: string }[] }) => [c.slug, c.rules.map((r) => r.key)])).toEqual([[campaign.slug, [RULE.key]]]);
    expect((await call(t, resident, 'GET', `/api/order-lines/${lines.afterLoss}/guarantees`)).body.campaigns).toEqual([]);
    const stranger = await joinedResident(t, world.community, '邻居');
    expect((await call(t, stranger, 'GET', `/api/order-lines/${lines.lostProofLater}/guarantees`)).status).toBe(404);
  });

  it('the same product bought before its enrolment, and a product not enrolled, are decided by the platform rules alone', async () => {
    for (const lineId of [lines.beforeEnrolment, lines.notEnrolled]) {
      const res = await claim(lineId);
      expect(res.status).toBe(201);
      expect(res.body.claim.ruleKey).not.toBe(RULE.key);
      expect(res.body.claim.status).toBe('leader_review');
    }
  });

  it('a new version decides later claims; a line whose product lost its proof after she paid is still honoured', async () => {
    const leaderTry = await call(t, world.leader, 'POST', `/api/console/guarantee-rules/${RULE.key}/versions`, { ...RULE, description: '团长想改' });
    expect(leaderTry.status).toBe(403);
    const moved = await call(t, world.operator, 'POST', `/api/console/guarantee-rules/${RULE.key}/versions`, { ...RULE, campaignId: null });
    expect([moved.status, moved.body.error.code]).toEqual([400, 'guarantee.scope_fixed']);
    const v2 = await call(t, world.operator, 'POST', `/api/console/guarantee-rules/${RULE.key}/versions`, { ...RULE, description: '安心厨房计划的商品，收货 48 小时内不满意，不问原因，直接退款。' });
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ version: 2, campaignId: campaign.id });
    const res = await claim(lines.lostProofLater);
    expect(res.body.claim).toMatchObject({ status: 'refunded', ruleKey: RULE.key, ruleVersion: 2 });
    // The first claim still names the version that decided it.
    const first = await t.database.db.execute(sql`select rule_version from claims where line_id = ${lines.covered}`) as unknown as { rows: { rule_version: number }[] };
    expect(first.rows[0].rule_version).toBe(1);
  });

  it('a line bought after the product lost its proof is not covered', async () => {
    const res = await claim(lines.afterLoss);
    expect(res.body.claim.ruleKey).not.toBe(RULE.key);
    expect(res.body.claim.status).toBe('leader_review');
  });

  it('at 48 h and one minute after pickup the campaign rule no longer holds', async () => {
    const picked = await t.database.db.execute(sql`select picked_up_at from order_lines where id = ${lines.coveredLate}`) as unknown as { rows: { picked_up_at: string | Date }[] };
    const at = new Date(picked.rows[0].picked_up_at).getTime() + 48 * HOUR + 60_000;
    t.clock.advance(at - t.clock.now().getTime());
    const res = await claim(lines.coveredLate);
    expect(res.status).toBe(201);
    expect(res.body.claim.ruleKey).not.toBe(RULE.key);
    expect(res.body.claim.status).not.toBe('refunded');
  });
});
