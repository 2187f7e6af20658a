import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { batchWithValues, FAILING_VALUES, noPreservativesStandard, provingProduct, publishedCampaign } from '../../testing/campaigns.js';
import { buildWorld, sellableProduct } from '../../testing/world.js';
import { AppError } from '../../platform/errors.js';
import { campaignBadges, createCampaign, type CampaignInput, enrolledProductIds, enrollProduct, provingProductIds } from './index.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 1 });
});
afterAll(async () => { await t?.close(); });

const count = async (table: string) => ((await t.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] }).rows[0].n;
const refusal = async (p: Promise<unknown>) => { try { await p; } catch (e) { return e as AppError; } throw new Error('expected a refusal'); };

describe('campaign enrolment', () => {
  it('enrols only products proving every required standard; a refusal names what is missing and writes nothing', async () => {
    const standard = await noPreservativesStandard(t, world);
    const proving = await provingProduct(t, world, standard.id, '有机小米米粉');
    const notProving = await sellableProduct(t, world, '普通饼干');
    const campaign = await publishedCampaign(t, world, [standard.id], [proving.id]);
    const before = await count('campaign_products');
    const e = await refusal(enrollProduct(t.database.db, world.operator.userId, campaign.id, notProving.id, t.clock.now()));
    expect(e.code).toBe('campaign.product_not_proving');
    expect(e.params.standards).toBe(standard.nameZh);
    expect(await count('campaign_products')).toBe(before);
    expect((await refusal(enrollProduct(t.database.db, world.operator.userId, campaign.id, proving.id, t.clock.now()))).code).toBe('campaign.already_enrolled');
    expect(await enrolledProductIds(t.database.db, campaign.id)).toEqual([proving.id]);
  });

  it('a new batch that fails drops the product from the campaign and its badge at once', async () => {
    const standard = await noPreservativesStandard(t, world);
    const product = await provingProduct(t, world, standard.id, '无添加蔬菜泥');
    const campaign = await publishedCampaign(t, world, [standard.id], [product.id]);
    expect(await provingProductIds(t.database.db, campaign.id, t.clock.now())).toEqual([product.id]);
    expect((await campaignBadges(t.database.db, [product.id], t.clock.now())).get(product.id)!.map((b) => b.slug)).toEqual([campaign.slug]);
    t.clock.advance(60_000);
    await batchWithValues(t, world, product.id, FAILING_VALUES);
    expect(await provingProductIds(t.database.db, campaign.id, t.clock.now())).toEqual([]);
    expect((await campaignBadges(t.database.db, [product.id], t.clock.now())).get(product.id)).toEqual([]);
    // Still enrolled: a later batch that proves the standard again (and is accepted) brings it back.
    expect(await enrolledProductIds(t.database.db, campaign.id)).toEqual([product.id]);
  });

  it('refuses a campaign with a bad slug, a reversed period or no standard, writing nothing', async () => {
    const standard = await noPreservativesStandard(t, world);
    const base = { slug: 'baby-food', nameZh: '宝宝辅食', nameEn: 'Baby food', startsOn: '2027-01-01', endsOn: '2027-03-31', badgeZh: '安心', badgeEn: 'Safe', standardIds: [standard.id] };
    const before = await count('campaigns');
    for (const [over, code] of [
      [{ slug: 'Baby Food!' }, 'campaign.slug_invalid'], [{ endsOn: '2026-12-31' }, 'campaign.period_reversed'], [{ startsOn: '2027-02-30' }, 'campaign.period_invalid'],
      [{ standardIds: [] }, 'campaign.standards_required'], [{ standardIds: ['00000000-0000-0000-0000-000000000000'] }, 'campaign.standard_unknown'], [{ badgeZh: '' }, 'campaign.badge_required'],
    ] as [Partial<CampaignInput>, string][]) {
      expect((await refusal(createCampaign(t.database.db, world.operator.userId, { ...base, ...over }, t.clock.now()))).code).toBe(code);
    }
    expect(await count('campaigns')).toBe(before);
  });
});
