import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { JOURNEY_TIMEOUT, browserAvailable, desktopContext, logInThroughPage, phoneContext, shot, startHarness, type Harness } from './harness.js';
import { createStandard, reviewStandard } from '../src/modules/quality/index.js';
import { saveAmbassadorSettings } from '../src/modules/campaigns/index.js';

const DAY = 86_400_000;

/**
 * 《安心厨房计划》 as people meet it: 陈总 creates it in the console with the 「0 防腐剂」 standard,
 * enrols the strawberries (which prove it) and is refused another product (which does not),
 * publishes; 李阿姨 opens the campaign on her phone and sees the strawberries with their proof and
 * the group buy selling them; 王叔 sees what he can sell under it, applies to be its ambassador and
 * 陈总 approves him; 李阿姨 then finds 王叔 among the campaign's ambassadors.
 */
describe.skipIf(!browserAvailable())('browser: a campaign from console to phone', { timeout: JOURNEY_TIMEOUT }, () => {
  let h: Harness;
  let otherProduct: string;
  beforeAll(async () => {
    h = await startHarness();
    const batch = await h.one<{ id: string; inspection_id: string }>(sql`
      select b.id, i.id as inspection_id from batches b join inspections i on i.batch_id = b.id
      where b.product_id = ${h.seed.strawberryId} and b.status = 'approved' order by b.produced_at desc, i.inspected_at desc limit 1`);
    await h.database.db.execute(sql`insert into inspection_values (inspection_id, analyte, not_detected, value, unit) values (${batch.inspection_id}, 'preservatives', true, null, 'g/kg')`);
    const op = { id: h.seed.operatorId, isOperator: true };
    const clean = await createStandard(h.database.db, op.id, {
      nameZh: '0 防腐剂', nameEn: 'No preservatives', descriptionZh: '不添加任何防腐剂，检测报告上防腐剂未检出。', descriptionEn: 'No preservatives added; not detected on the lab report.',
      criteria: [{ nameZh: '防腐剂未检出', nameEn: 'Preservatives not detected', method: 'report_value', analyte: 'preservatives', rule: 'not_detected' }],
    }, h.now());
    await reviewStandard(h.database.db, op, { standardId: clean.id, productId: h.seed.strawberryId, batchId: batch.id, decision: 'accepted' }, h.now());
    otherProduct = (await h.one<{ name: string }>(sql`select name from products where id <> ${h.seed.strawberryId} and active order by name limit 1`)).name;
  });
  afterAll(async () => { await h?.close(); });

  it('陈总 creates 安心厨房计划, enrols the strawberries, is refused a product without proof, and publishes', async () => {
    const ctx = await desktopContext(h);
    const page = await ctx.newPage();
    await logInThroughPage(h, page, '13900000000', '/console/campaigns');
    await page.getByTestId('new-campaign').click();
    const form = page.getByTestId('campaign-form');
    await form.waitFor();
    await page.getByTestId('campaign-name-zh').fill('安心厨房计划');
    await page.getByTestId('campaign-name-en').fill('Safe Kitchen');
    await page.getByTestId('campaign-slug').fill('anxin-kitchen');
    await page.getByTestId('campaign-story-zh').fill('孩子吃的每一口，都要经得起检测。参加计划的商品，每一批都要用检测报告证明：不加防腐剂。');
    const day = (d: number) => new Date(h.now().getTime() + 8 * 3_600_000 + d * DAY).toISOString().slice(0, 10);
    const dates = form.locator('.ant-picker-range input');
    await dates.nth(0).click();
    await dates.nth(0).fill(day(-1));
    await dates.nth(0).press('Enter');
    await dates.nth(1).fill(day(60));
    await dates.nth(1).press('Enter');
    await page.getByTestId('campaign-badge-zh').fill('安心厨房');
    await page.getByTestId('campaign-badge-en').fill('Safe Kitchen');
    // The range picker's panel may still be open: close it before opening the standards list, and
    // wait for the choice to show as a tag (a click that only closed the panel would choose nothing).
    await page.keyboard.press('Escape');
    await form.locator('.ant-select').click();
    const option = page.locator('.ant-select-item-option', { hasText: '0 防腐剂' });
    await option.waitFor();
    await option.click();
    await form.locator('.ant-select-selection-item', { hasText: '0 防腐剂' }).waitFor();
    await page.keyboard.press('Escape');
    await shot(page, 'campaign-1-console-form');
    await page.getByTestId('campaign-save').click();
    await page.waitForURL('**/console/campaigns/*');
    await page.getByTestId('campaign-detail').waitFor();

    // A product without the proof: refused, the reason on screen, nothing enrolled.
    await page.getByTestId('candidate-search').locator('input').fill(otherProduct);
    await page.getByTestId('candidate-search').locator('input').press('Enter');
    const other = page.getByTestId('candidate').filter({ hasText: otherProduct }).first();
    await other.waitFor();
    expect(await other.textContent()).toContain('缺：0 防腐剂');
    await other.getByTestId('enrol').click();
    const refusal = page.getByTestId('enrol-refusal');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('0 防腐剂');
    await shot(page, 'campaign-2-console-refusal');

    await page.getByTestId('candidate-search').locator('input').fill('草莓');
    await page.getByTestId('candidate-search').locator('input').press('Enter');
    const strawberry = page.getByTestId('candidate').filter({ hasText: '证明了全部标准' }).first();
    await strawberry.waitFor();
    await strawberry.getByTestId('enrol').click();
    await page.getByTestId('enrolments').getByTestId('proving').waitFor();
    await page.getByTestId('publish-campaign').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await page.getByTestId('publish-campaign').waitFor({ state: 'detached' });
    await shot(page, 'campaign-3-console-detail');
    const rows = await h.one<{ n: number }>(sql`select count(*)::int as n from campaign_products cp join campaigns c on c.id = cp.campaign_id where c.slug = 'anxin-kitchen'`);
    expect(rows.n).toBe(1);
    await page.goto('/console/campaigns');
    await page.getByTestId('open-campaign').first().waitFor();
    await shot(page, 'campaign-4-console-list');
    await ctx.close();
  });

  it('李阿姨 opens the campaign on her phone and sees the strawberries with their proof and where to buy them', async () => {
    const ctx = await phoneContext(h);
    const page = await ctx.newPage();
    await logInThroughPage(h, page, '13800000002', '/campaigns');
    await page.getByTestId('campaign-item').first().click();
    await page.waitForURL('**/campaigns/anxin-kitchen');
    await page.getByTestId('campaign-hero').waitFor();
    expect(await page.getByTestId('campaign-badge').textContent()).toBe('安心厨房');
    const product = page.getByTestId('campaign-product');
    await product.first().waitFor();
    expect(await product.count()).toBe(1);
    expect(await product.first().getByTestId('standard-badge').allTextContents()).toEqual(['0 防腐剂']);
    await product.first().getByTestId('campaign-buy').first().waitFor();
    await shot(page, 'campaign-5-resident-page');
    await product.first().getByTestId('standard-badge').click();
    await page.getByTestId('standard-sheet').waitFor();
    expect(await page.getByTestId('standard-value').first().textContent()).toContain('未检出');
    await shot(page, 'campaign-6-resident-proof', { fullPage: false });
    await page.getByRole('button', { name: '知道了' }).click();
    await product.first().getByTestId('campaign-buy').first().click();
    await page.waitForURL(`**/g/${h.seed.liveGroupBuyId}`);
    await page.getByTestId('campaign-badge-link').first().waitFor();
    await shot(page, 'campaign-7-groupbuy-badge');
    await ctx.close();
  });

  it('王叔 sees the running campaign and the strawberries he can sell under it', async () => {
    const ctx = await phoneContext(h);
    const page = await ctx.newPage();
    await logInThroughPage(h, page, '13800000001', `/leader/${h.seed.communityId}/campaigns`);
    await page.getByTestId('leader-campaign').waitFor();
    expect(await page.getByTestId('leader-campaign-product').count()).toBe(1);
    await shot(page, 'campaign-8-leader');
    await ctx.close();
  });

  it('王叔 applies to be the campaign’s ambassador and 陈总 approves him; 李阿姨 sees him on the campaign page', async () => {
    const db = h.database.db;
    const campaign = await h.one<{ id: string }>(sql`select id from campaigns where slug = 'anxin-kitchen'`);
    await saveAmbassadorSettings(db, h.seed.operatorId, campaign.id, { rule: "tier in ['gold', 'silver'] and upheld_complaints_90d == 0", courseId: null, firstLaunchDays: 0 }, h.now());
    await db.execute(sql`insert into leader_index_readings (leader_id, computed_at, index_value, components, inputs, orders, tier, tier_changed, reason)
      values (${h.seed.leaderId}, ${new Date(h.now().getTime() - 60_000)}, 88, '{}'::jsonb, '{}'::jsonb, 320, 'gold', true, 'demo')`);

    const phone = await (await phoneContext(h)).newPage();
    await logInThroughPage(h, phone, '13800000001', `/leader/${h.seed.communityId}/ambassador`);
    const card = phone.getByTestId('ambassador-campaign').filter({ hasText: '安心厨房计划' });
    await card.getByTestId('apply-ambassador').waitFor();
    await card.getByTestId('apply-ambassador').click();
    await phone.locator('.adm-dialog').getByRole('button', { name: '确定' }).click();
    await card.getByTestId('ambassador-status').waitFor();
    expect(await card.getByTestId('ambassador-status').textContent()).toContain('待审核');
    await shot(phone, 'campaign-9-leader-applies');

    const desk = await (await desktopContext(h)).newPage();
    await logInThroughPage(h, desk, '13900000000', '/console/ambassadors');
    const row = desk.getByTestId('ambassador-queue').locator('tbody tr').filter({ hasText: '王叔' });
    await row.getByTestId('approve').click();
    await desk.locator('.ant-modal').getByRole('button', { name: /批\s*准/ }).click();
    await desk.getByText('已批准 王叔').waitFor();
    expect((await h.one<{ status: string }>(sql`select status from campaign_ambassadors where leader_id = ${h.seed.leaderId}`)).status).toBe('approved');

    const resident = await (await phoneContext(h)).newPage();
    await logInThroughPage(h, resident, '13800000002', '/campaigns/anxin-kitchen');
    await resident.getByTestId('campaign-hero').waitFor();
    await resident.getByText('王叔').first().waitFor();
    await shot(resident, 'campaign-10-resident-sections');
  });
});
