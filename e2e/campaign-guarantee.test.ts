import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOURNEY_TIMEOUT, browserAvailable, desktopContext, logInThroughPage, shot, startHarness, type Harness } from './harness.js';
import { createStandard } from '../src/modules/quality/index.js';
import { createCampaign, publishCampaign } from '../src/modules/campaigns/index.js';
import { saveRule } from '../src/modules/aftersales/index.js';

/** 陈总 gives 安心厨房计划 its guarantee in the console: the rule's scope is the campaign, the list filters by it. */
describe.skipIf(!browserAvailable())('browser: a campaign guarantee in the console', { timeout: JOURNEY_TIMEOUT }, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    const db = h.database.db;
    const std = await createStandard(db, h.seed.operatorId, { nameZh: '0 防腐剂', nameEn: 'No preservatives', criteria: [{ nameZh: '防腐剂未检出', nameEn: 'Preservatives not detected', method: 'report_value', analyte: 'preservatives', rule: 'not_detected' }] }, h.now());
    const day = (d: number) => new Date(h.now().getTime() + 8 * 3_600_000 + d * 86_400_000).toISOString().slice(0, 10);
    const c = await createCampaign(db, h.seed.operatorId, { slug: 'anxin-kitchen', nameZh: '安心厨房计划', nameEn: 'Safe Kitchen', startsOn: day(0), endsOn: day(60), badgeZh: '安心厨房', badgeEn: 'Safe Kitchen', standardIds: [std.id] }, h.now());
    await publishCampaign(db, h.seed.operatorId, c.id, h.now());
    await saveRule(db, h.seed.operatorId, { key: 'anxin_48h', name: '48 小时无理由退款', description: '收货 48 小时内，不满意无理由退款', condition: 'hours_since_pickup <= 48', action: 'refund_now', priority: 10, active: true, campaignId: c.id });
  });
  afterAll(async () => { await h?.close(); });

  it('filters the rules by campaign and creates one scoped to it', async () => {
    const ctx = await desktopContext(h);
    const page = await ctx.newPage();
    await logInThroughPage(h, page, '13900000000', '/console/guarantee-rules');
    await page.getByTestId('guarantee-rules-table').waitFor();
    await page.getByTestId('rule-scope-filter').click();
    await page.getByTitle('活动：安心厨房计划').click();
    await expect.poll(() => page.getByTestId('rule-scope-tag').count()).toBe(1);
    await shot(page, 'cg-1-console-filtered');
    await page.getByTestId('rule-create').click();
    await page.getByTestId('rule-editor').waitFor();
    await shot(page, 'cg-2-console-editor-scope', { fullPage: false });
  });
});
