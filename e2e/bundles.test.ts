import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { JOURNEY_TIMEOUT, browserAvailable, desktopContext, logInThroughPage, phoneContext, shot, startHarness, type Harness } from './harness.js';
import { createProduct, updateProduct } from '../src/modules/catalog/index.js';
import { addInspection, createBatch, createStandard, reviewBatch, reviewStandard } from '../src/modules/quality/index.js';
import { createCampaign, defineBundle, enrollProduct, publishCampaign } from '../src/modules/campaigns/index.js';
import { addBundleOffer } from '../src/modules/groupbuy/index.js';
import { recordTrial } from '../src/modules/leaders/index.js';
import { openGroupBuy } from '../src/workflows/open-group-buy.js';
import { MemoryStorage } from '../src/platform/files/storage.js';
import { TINY_PDF } from '../src/testing/world.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const LI = '13800000002';

/**
 * 「宝宝的第一口辅食」 as 李阿姨 meets it: on 王叔's group buy she sees the bundle (its parts, its price,
 * the saving), adds one to her basket, sees it there as ONE line with its parts, pays once — the
 * bundle price — and finds it grouped under its name on her order.
 */
describe.skipIf(!browserAvailable())('browser: a scenario bundle from group buy to order', { timeout: JOURNEY_TIMEOUT }, () => {
  let h: Harness;
  let groupBuyId: string;
  let campaignId: string;
  beforeAll(async () => {
    h = await startHarness();
    const db = h.database.db;
    const now = h.now();
    const op = { id: h.seed.operatorId, isOperator: true };
    const standard = await createStandard(db, op.id, {
      nameZh: '0 防腐剂', nameEn: 'No preservatives', descriptionZh: '检测报告上防腐剂未检出。', descriptionEn: 'Not detected on the lab report.',
      criteria: [{ nameZh: '防腐剂未检出', nameEn: 'Preservatives not detected', method: 'report_value', analyte: 'preservatives', rule: 'not_detected' }],
    }, now);
    // Three baby foods of the seeded farm supplier, each with a clean, approved batch proving the standard.
    const storage = new MemoryStorage();
    const made: { id: string; batchId: string }[] = [];
    for (const [name, spec, unit, price] of [['有机高铁米粉', '225g/罐', '罐', 3900], ['胡萝卜南瓜泥', '100g/袋', '袋', 1900], ['苹果香蕉泥', '100g/袋', '袋', 2200]] as const) {
      const p = await createProduct(db, { name, spec, unit, origin: '黑龙江五常', description: '6 个月以上宝宝辅食，无添加。', imageUrls: [], listPriceFen: price });
      await updateProduct(db, p.id, { supplierId: h.seed.supplierId, category: 'packaged_food', shelfLifeDays: 365, storage: '阴凉干燥处' });
      const batch = await createBatch(db, op, { productId: p.id, producedAt: new Date(now.getTime() - 3 * HOUR), quantity: 500, sourcePlace: '五常辅食工厂' }, now);
      await addInspection(db, storage, op, batch.id, {
        lab: '黑龙江省食品检验所', inspectedAt: new Date(now.getTime() - 2 * HOUR), result: 'pass', summary: '防腐剂未检出',
        report: { filename: 'r.pdf', bytes: TINY_PDF }, values: [{ analyte: 'preservatives', notDetected: true }],
      }, now);
      await reviewBatch(db, op.id, batch.id, 'approve', '报告齐全', now);
      await reviewStandard(db, op, { standardId: standard.id, productId: p.id, batchId: batch.id, decision: 'accepted' }, now);
      await recordTrial(db, storage, h.seed.communityId, h.seed.leaderId, { productId: p.id, rating: 5, story: `${name}我家孙子吃过，细腻不结块。`, photos: [] });
      made.push({ id: p.id, batchId: batch.id });
    }
    const day = (d: number) => new Date(now.getTime() + 8 * HOUR + d * DAY).toISOString().slice(0, 10);
    const campaign = await createCampaign(db, op.id, {
      slug: 'baby-first-food', nameZh: '安心辅食计划', nameEn: 'Safe first foods', storyZh: '宝宝的每一口都要经得起检测。', storyEn: 'Every spoonful tested.',
      startsOn: day(-1), endsOn: day(60), badgeZh: '安心辅食', badgeEn: 'Safe first foods', standardIds: [standard.id],
    }, now);
    campaignId = campaign.id;
    for (const p of made) await enrollProduct(db, op.id, campaign.id, p.id, now);
    await publishCampaign(db, op.id, campaign.id, now);
    const bundle = await defineBundle(db, op.id, campaign.id, {
      nameZh: '宝宝的第一口辅食', nameEn: "Baby's first spoonful", scenarioZh: '六个月起，一周的第一口辅食：米粉打底，蔬菜泥和水果泥轮着来。', scenarioEn: 'A first week of solids from six months.',
      priceFen: 8800, parts: [{ productId: made[0].id, units: 1 }, { productId: made[1].id, units: 2 }, { productId: made[2].id, units: 1 }],
    }, now);
    // A second bundle, not yet sold anywhere: 王叔 adds it himself on his group buy page.
    await defineBundle(db, op.id, campaign.id, {
      nameZh: '果蔬泥尝鲜装', nameEn: 'Purée taster', scenarioZh: '先尝尝蔬菜泥和水果泥，看宝宝爱吃哪个。', scenarioEn: 'Try both purées first.',
      priceFen: 3900, parts: [{ productId: made[1].id, units: 1 }, { productId: made[2].id, units: 1 }],
    }, now);
    const gb = await openGroupBuy(db, h.seed.communityId, h.seed.leaderId, {
      title: '宝宝辅食团：米粉 · 果蔬泥', note: '都是无添加的，批批有检测报告。', cutoffAt: new Date(now.getTime() + DAY), pickupStartAt: new Date(now.getTime() + 2 * DAY), pickupEndAt: new Date(now.getTime() + 2 * DAY + 8 * HOUR),
      items: [
        { productId: made[0].id, batchId: made[0].batchId, priceFen: 3600, stockTotal: 30, perPersonLimit: 5 },
        { productId: made[1].id, batchId: made[1].batchId, priceFen: 1800, stockTotal: 60, perPersonLimit: 10 },
        { productId: made[2].id, batchId: made[2].batchId, priceFen: 2000, stockTotal: 30, perPersonLimit: 5 },
      ],
    }, new Date(now.getTime() - HOUR));
    groupBuyId = gb.id;
    await addBundleOffer(db, h.seed.leaderId, gb.id, { campaignBundleId: bundle.id, priceFen: 8000 }, now);
  });
  afterAll(async () => { await h?.close(); });

  it('李阿姨 adds 宝宝的第一口辅食 from the group buy, sees it as one basket line, pays the bundle price once, and sees it grouped on her order', async () => {
    const ctx = await phoneContext(h);
    const page = await ctx.newPage();
    await logInThroughPage(h, page, LI, `/g/${groupBuyId}`);
    const card = page.getByTestId('bundle-card');
    await card.waitFor();
    const text = await card.textContent();
    expect(text).toContain('宝宝的第一口辅食');
    expect(text).toContain('胡萝卜南瓜泥');
    // Separately 36 + 2×18 + 20 = ¥92, the bundle ¥80.
    expect(await card.getByTestId('bundle-saving').textContent()).toBe('比单买省 ¥12.00');
    expect(await card.getByTestId('bundle-left').textContent()).toContain('还能买 30 套');
    await shot(page, 'bundles-1-groupbuy');
    await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, 'bundles-1-groupbuy-card', { fullPage: false });
    await card.getByTestId('bundle-add').click();
    await card.getByTestId('bundle-left').filter({ hasText: '购物车里已有 1 套' }).waitFor();

    await page.getByTestId('go-basket').click();
    await page.waitForURL('**/basket');
    const line = page.getByTestId('basket-bundle');
    await line.waitFor();
    expect(await line.count()).toBe(1);
    expect(await page.getByTestId('basket-line').count()).toBe(0);
    expect(await line.getByTestId('basket-bundle-parts').locator('li').count()).toBe(3);
    expect(await page.locator('.r-basket-bar').textContent()).toContain('80.00');
    await shot(page, 'bundles-2-basket');

    await page.getByTestId('checkout').click();
    await page.waitForURL(/\/pay\/[0-9a-f-]{36}$/);
    const confirm = page.getByTestId('confirm-pay');
    await confirm.filter({ hasText: '确认支付 ¥80.00' }).waitFor();
    await shot(page, 'bundles-3-pay');
    await confirm.click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/, { timeout: 10_000 });
    const orderId = page.url().split('/').pop()!;
    const pays = await h.rows<{ amount_fen: number }>(sql`select amount_fen from payments where order_id = ${orderId}`);
    expect(pays).toEqual([{ amount_fen: 8000 }]);
    const group = page.getByTestId('order-bundle');
    await group.waitFor();
    expect(await group.locator('.r-order-bundle-head').textContent()).toContain('宝宝的第一口辅食 × 1');
    expect(await group.getByTestId('order-line').count()).toBe(3);
    const parts = await h.rows<{ quantity: number; total_fen: number }>(sql`select quantity, total_fen from order_lines where order_id = ${orderId} and bundle_offer_id is not null order by total_fen`);
    expect(parts.reduce((s, p) => s + p.total_fen, 0)).toBe(8000);
    await shot(page, 'bundles-4-order');
    await group.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await shot(page, 'bundles-4-order-bundle', { fullPage: false });

    // The campaign page lists the bundle and the group buy of her community selling it.
    await page.goto('/campaigns/baby-first-food');
    const section = page.getByTestId('campaign-bundles');
    await section.getByTestId('campaign-bundle-offer').first().waitFor();
    expect(await section.getByTestId('campaign-bundle').count()).toBe(2);
    await section.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, 'bundles-9-campaign', { fullPage: false });
    await section.getByTestId('campaign-bundle-offer').first().click();
    await page.waitForURL(`**/g/${groupBuyId}`);
    await ctx.close();
  });

  it('王叔 adds 果蔬泥尝鲜装 to his group buy: a price above the parts is refused with the reason, a lower one is sold', async () => {
    const ctx = await phoneContext(h);
    const page = await ctx.newPage();
    await logInThroughPage(h, page, '13800000001', `/leader/group-buys/${groupBuyId}`);
    const block = page.getByTestId('bundle-offer-block');
    await block.waitFor();
    expect(await block.textContent()).toContain('宝宝的第一口辅食');
    await block.getByText('果蔬泥尝鲜装').click();
    // Separately here ¥18 + ¥20 = ¥38: ¥39 is refused, nothing is added.
    await block.getByTestId('bundle-offer-price').locator('input').fill('39');
    await block.getByTestId('bundle-offer-add').click();
    const refusal = block.getByTestId('bundle-offer-refusal');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('¥38.00');
    expect((await h.one<{ n: number }>(sql`select count(*)::int as n from group_buy_bundles where group_buy_id = ${groupBuyId}`)).n).toBe(1);
    await block.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await shot(page, 'bundles-5-leader-refused', { fullPage: false });
    await block.getByTestId('bundle-offer-price').locator('input').fill('35');
    await block.getByTestId('bundle-offer-add').click();
    await expect.poll(async () => (await h.one<{ n: number }>(sql`select count(*)::int as n from group_buy_bundles where group_buy_id = ${groupBuyId}`)).n).toBe(2);
    await block.getByText('果蔬泥尝鲜装 ¥35.00').waitFor();
    await shot(page, 'bundles-6-leader-added', { fullPage: false });
    await ctx.close();
  });

  it('陈总 defines a bundle on the campaign page: a price not below the list prices is refused, a lower one is listed', async () => {
    const ctx = await desktopContext(h);
    const page = await ctx.newPage();
    await logInThroughPage(h, page, '13900000000', `/console/campaigns/${campaignId}`);
    const card = page.getByTestId('campaign-bundles-console');
    await card.waitFor();
    await card.getByText('宝宝的第一口辅食').waitFor();
    await page.getByTestId('bundle-name-zh').fill('米粉加果泥');
    await page.getByTestId('bundle-name-en').fill('Cereal and fruit');
    const pick = async (i: number, name: string) => {
      await page.getByTestId('bundle-part-product').nth(i).click();
      await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last().locator('.ant-select-item-option', { hasText: name }).click();
      await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'detached' }).catch(() => undefined);
      await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count()).toBe(0);
    };
    await pick(0, '有机高铁米粉');
    await pick(1, '苹果香蕉泥');
    // List ¥39 + ¥22 = ¥61: ¥61 is not below it.
    await page.locator('[data-testid="bundle-price"] input, input[data-testid="bundle-price"]').fill('61');
    await page.getByTestId('bundle-save').click();
    await page.getByTestId('bundle-refusal').waitFor();
    expect((await h.one<{ n: number }>(sql`select count(*)::int as n from campaign_bundles where campaign_id = ${campaignId}`)).n).toBe(2);
    await shot(page, 'bundles-7-console-refused', { fullPage: false });
    await page.locator('[data-testid="bundle-price"] input, input[data-testid="bundle-price"]').fill('55');
    await page.getByTestId('bundle-save').click();
    await card.getByText('米粉加果泥').waitFor();
    expect((await h.one<{ n: number }>(sql`select count(*)::int as n from campaign_bundles where campaign_id = ${campaignId}`)).n).toBe(3);
    await shot(page, 'bundles-8-console-defined');
    await ctx.close();
  });
});
