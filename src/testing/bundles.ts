/** Test support for bundles: a campaign of baby food with a bundle, sold in a group buy. */
import { expect } from 'vitest';
import type { TestApp } from './app.js';
import { noPreservativesStandard, provingProduct, publishedCampaign } from './campaigns.js';
import { call, openGroupBuy, type Actor } from './world.js';

type World = { operator: Actor; leader: Actor; community: { id: string }; supplier: { id: string; member: Actor } };

/**
 * 「宝宝的第一口辅食」: rice cereal ×1, vegetable puree ×2, fruit puree ×1, list ¥39 + 2×¥19 + ¥22,
 * in a group buy at ¥36, ¥18 and ¥20 (stock as given), sold together at `priceFen`.
 */
export async function babyFoodBundle(t: TestApp, w: World, opts: { stocks?: [number, number, number]; limit?: number; priceFen?: number } = {}) {
  const standard = await noPreservativesStandard(t, w);
  const cereal = await provingProduct(t, w, standard.id, '有机高铁米粉', 3900);
  const veg = await provingProduct(t, w, standard.id, '胡萝卜南瓜泥', 1900);
  const fruit = await provingProduct(t, w, standard.id, '苹果香蕉泥', 2200);
  const campaign = await publishedCampaign(t, w, [standard.id], [cereal.id, veg.id, fruit.id]);
  const defined = await call(t, w.operator, 'POST', `/api/campaigns/${campaign.id}/bundles`, {
    nameZh: '宝宝的第一口辅食', nameEn: "Baby's first spoonful", scenarioZh: '六个月起，一周的第一口辅食', scenarioEn: 'A first week of solids from six months',
    priceFen: 8800, parts: [{ productId: cereal.id, units: 1 }, { productId: veg.id, units: 2 }, { productId: fruit.id, units: 1 }],
  });
  expect(defined.status).toBe(201);
  const [s1, s2, s3] = opts.stocks ?? [50, 100, 50];
  const limit = opts.limit ?? 10;
  const gb = await openGroupBuy(t, w.leader, w.community.id, [cereal.id, veg.id, fruit.id], { items: [
    { priceFen: 3600, stock: s1, limit: Math.min(limit, s1) }, { priceFen: 1800, stock: s2, limit: Math.min(limit * 2, s2) }, { priceFen: 2000, stock: s3, limit: Math.min(limit, s3) },
  ] });
  const offer = await call(t, w.leader, 'POST', `/api/group-buys/${gb.id}/bundles`, { campaignBundleId: defined.body.id, priceFen: opts.priceFen ?? 8000 });
  expect(offer.status).toBe(201);
  const itemOf = (productId: string) => (gb.items as { id: string; productId: string }[]).find((i) => i.productId === productId)!.id;
  return {
    standard, campaign, bundle: defined.body as { id: string }, groupBuy: gb, offer: offer.body as { offerId: string; parts: { itemId: string; units: number; unitShareFen: number }[]; priceFen: number },
    products: { cereal, veg, fruit }, items: { cereal: itemOf(cereal.id), veg: itemOf(veg.id), fruit: itemOf(fruit.id) },
  };
}
