import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { JOURNEY_TIMEOUT, browserAvailable, desktopContext, logInThroughPage, phoneContext, shot, startHarness, type Harness } from './harness.js';
import { createStandard } from '../src/modules/quality/index.js';
import { createCampaign } from '../src/modules/campaigns/index.js';
import { createGathering, createPlatformVisit } from '../src/modules/gatherings/index.js';

const HOUR = 3_600_000;

/**
 * 溯源之旅 as people meet them: 王叔 announces a visit to the strawberry farm for 安心厨房计划; after
 * last week's visit he adds what was seen; 李阿姨 opens it and sees the replays and the campaign's
 * other visits (the platform's livestream to come).
 */
describe.skipIf(!browserAvailable())('browser: campaign source visits', { timeout: JOURNEY_TIMEOUT }, () => {
  let h: Harness;
  let slug: string;
  let pastId: string;
  beforeAll(async () => {
    h = await startHarness();
    const db = h.database.db;
    const now = h.now();
    // Fixture rows for the campaign itself: enrolment and publishing are tested in src/modules/campaigns.
    const std = await createStandard(db, h.seed.operatorId, { nameZh: '0 防腐剂', nameEn: 'No preservatives', criteria: [{ nameZh: '防腐剂未检出', nameEn: 'Preservatives not detected', method: 'report_value', analyte: 'preservatives', rule: 'not_detected' }] }, now);
    const day = (d: number) => new Date(now.getTime() + 8 * HOUR + d * 24 * HOUR).toISOString().slice(0, 10);
    const c = await createCampaign(db, h.seed.operatorId, { slug: 'anxin-kitchen', nameZh: '安心厨房计划', nameEn: 'Safe Kitchen', storyZh: '', storyEn: '', startsOn: day(-10), endsOn: day(50), badgeZh: '安心厨房', badgeEn: 'Safe Kitchen', standardIds: [std.id] }, now);
    slug = c.slug;
    await db.execute(sql`insert into campaign_products (campaign_id, product_id, enrolled_by, enrolled_at) values (${c.id}, ${h.seed.strawberryId}, ${h.seed.operatorId}, now())`);
    await db.execute(sql`update campaigns set status = 'published', published_at = now() where id = ${c.id}`);
    await createPlatformVisit(db, { id: h.seed.operatorId, isOperator: true }, {
      kind: 'livestream', title: '直播：走进丹东草莓基地', description: '运营带大家看大棚、采摘和检测', startsAt: new Date(now.getTime() + 50 * HOUR), endsAt: new Date(now.getTime() + 51 * HOUR),
      capacity: 1000, streamUrl: 'https://live.example.com/farm', visit: { campaignId: c.id, supplierId: h.seed.supplierId },
    }, now);
    const past = await createGathering(db, h.seed.leaderId, h.seed.communityId, {
      kind: 'offline', title: '探访草莓合作农场', description: '王叔带 8 位邻居去农场看看草莓怎么种、怎么检。', startsAt: new Date(now.getTime() + HOUR), endsAt: new Date(now.getTime() + 3 * HOUR),
      place: '丹东九九草莓合作农场', capacity: 8, visit: { campaignId: c.id, productId: h.seed.strawberryId },
    }, now);
    pastId = past.id;
    // A week later (the visit took place), 王叔 adds what was seen through his page.
    await db.execute(sql`update gatherings set starts_at = starts_at - interval '7 days', ends_at = ends_at - interval '7 days' where id = ${past.id}`);
  });
  afterAll(async () => { await h?.close(); });

  it('王叔 links a new event to the campaign and the product it visits', async () => {
    const ctx = await phoneContext(h);
    const page = await ctx.newPage();
    await logInThroughPage(h, page, '13800000001', `/leader/${h.seed.communityId}/events/new`);
    await page.getByTestId('event-title').locator('input').fill('去草莓基地看检测');
    await page.getByTestId('event-description').locator('textarea').first().fill('带大家去看草莓的第三方检测是怎么做的。');
    const picker = page.getByTestId('event-campaign');
    await picker.getByText('安心厨房计划').click();
    // Without naming what is visited the form says so.
    await page.getByTestId('event-submit').click();
    await picker.getByText('请选择去看的商品或供应商').waitFor();
    await picker.getByText(/^商品：/).first().click();
    await shot(page, 'visit-1-leader-form');
    await page.getByTestId('event-submit').click();
    await page.getByTestId('event-campaign-name').waitFor();
    expect(await page.getByTestId('event-campaign-name').textContent()).toContain('安心厨房计划');
    await shot(page, 'visit-2-leader-event');
    const [row] = await h.rows<{ campaign_id: string; visit_product_id: string }>(sql`select campaign_id, visit_product_id from gatherings where title = '去草莓基地看检测'`);
    expect(row.visit_product_id).toBe(h.seed.strawberryId);
    // After last week's visit he adds the replay.
    await page.goto(`/leader/${h.seed.communityId}/events/${pastId}`);
    await page.getByTestId('replay-summary').locator('textarea').first().fill('看了草莓的第三方检测报告：防腐剂未检出；大棚里用的是防虫网，不打药。');
    await page.getByTestId('replay-url').locator('input').fill('https://live.example.com/replay/farm-1');
    await page.getByTestId('replay-submit').click();
    await page.getByTestId('replay-row').waitFor();
    await shot(page, 'visit-3-leader-replay');
    await ctx.close();
  });

  it('李阿姨 sees the replay, the campaign, and its other visits', async () => {
    const ctx = await phoneContext(h);
    const page = await ctx.newPage();
    await logInThroughPage(h, page, '13800000002', `/events/${pastId}`);
    await page.getByTestId('event-campaign').waitFor();
    expect(await page.getByTestId('event-campaign').textContent()).toContain('安心厨房计划');
    await page.getByTestId('event-replays').waitFor();
    const section = page.getByTestId('campaign-visits');
    await section.getByTestId('visits-upcoming').waitFor();
    expect(await section.getByTestId('visit-title').allTextContents()).toEqual(expect.arrayContaining(['直播：走进丹东草莓基地', '去草莓基地看检测', '探访草莓合作农场']));
    await shot(page, 'visit-4-resident-event');
    await section.scrollIntoViewIfNeeded();
    await shot(page, 'visit-5-resident-section', { fullPage: false });
    await ctx.close();
  });

  it('陈总 sees the campaign\'s visits in the console and can start a livestream', async () => {
    const ctx = await desktopContext(h);
    const page = await ctx.newPage();
    await logInThroughPage(h, page, '13900000000', '/console/campaign-visits');
    await page.getByText('发起全平台溯源直播').waitFor();
    await page.getByText('直播：走进丹东草莓基地').waitFor();
    await page.getByText('看了草莓的第三方检测报告', { exact: false }).waitFor();
    await shot(page, 'visit-6-console');
    await ctx.close();
  });
});
