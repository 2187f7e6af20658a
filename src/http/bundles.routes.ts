import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireOperator, requireUser, type AppContext } from './context.js';
import * as campaigns from '../modules/campaigns/index.js';
import * as groupbuy from '../modules/groupbuy/index.js';
import { requireMember } from '../modules/community/index.js';
import { notFound } from '../platform/errors.js';
import { errorResponses, instant, itemsOf } from './api-schemas.js';
import { bundleOffer } from './orders.api.js';

const tags = ['bundles'];
const idParams = z.object({ id: z.uuid() });
const B = campaigns.BUNDLE_LIMITS;
const campaignBundle = z.object({
  id: z.uuid(), campaignId: z.uuid(), nameZh: z.string(), nameEn: z.string(), scenarioZh: z.string(), scenarioEn: z.string(), priceFen: z.number().int(),
  createdBy: z.uuid(), createdAt: instant,
  parts: z.array(z.object({ productId: z.uuid(), units: z.number().int(), name: z.string(), listPriceFen: z.number().int() })),
}).meta({ id: 'CampaignBundle' });

/** Scenario bundles: operators define them per campaign, leaders sell them in a group buy (docs/bundles.md). */
export function bundleRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  r.post('/api/campaigns/:id/bundles', {
    schema: {
      tags, summary: '定义活动套餐（运营）：商品须在活动中且现在证明标准，套餐价低于单买合计', params: idParams,
      body: z.object({
        nameZh: z.string().max(200), nameEn: z.string().max(200), scenarioZh: z.string().max(2000).optional(), scenarioEn: z.string().max(4000).optional(),
        priceFen: z.number().int().min(1).max(100_000_000),
        parts: z.array(z.object({ productId: z.uuid(), units: z.number().int().min(1).max(B.units) })).max(B.parts + 1),
      }),
      response: { 201: campaignBundle, ...errorResponses(400, 403, 404, 409) },
    },
  }, async (req, reply) => {
    const op = requireOperator(req);
    reply.code(201);
    return campaigns.defineBundle(ctx.db, op.id, req.params.id, req.body, ctx.now());
  });

  r.get('/api/campaigns/:id/bundles', { schema: { tags, summary: '活动的套餐', params: idParams, response: { 200: itemsOf(campaignBundle), ...errorResponses(404) } } }, async (req) => {
    const c = await campaigns.getCampaign(ctx.db, req.params.id);
    if (c.status === 'draft' && !req.user?.isOperator) throw notFound('campaign.not_found');
    return { items: await campaigns.listBundles(ctx.db, c.id) };
  });

  r.get('/api/campaigns/by-slug/:slug/bundles/communities/:communityId', {
    schema: { tags, summary: '活动套餐，以及本小区哪些团在卖（居民）', params: z.object({ slug: z.string().max(60), communityId: z.uuid() }), response: { 200: z.object({ bundles: z.array(campaignBundle), offers: z.array(bundleOffer) }), ...errorResponses(403, 404) } },
  }, async (req) => {
    const user = requireUser(req);
    await requireMember(ctx.db, req.params.communityId, user);
    const c = await campaigns.campaignBySlug(ctx.db, req.params.slug);
    if (c.status === 'draft') throw notFound('campaign.not_found');
    const bundles = await campaigns.listBundles(ctx.db, c.id);
    return { bundles, offers: await groupbuy.offersOfCampaignBundles(ctx.db, bundles.map((b) => b.id), req.params.communityId, ctx.now()) };
  });

  r.post('/api/group-buys/:id/bundles', {
    schema: { tags, summary: '在团里卖活动套餐（团长）：各单品须在本团，套餐价不高于单买合计', params: idParams, body: z.object({ campaignBundleId: z.uuid(), priceFen: z.number().int().min(1).max(100_000_000) }), response: { 201: bundleOffer, ...errorResponses(400, 403, 404, 409) } },
  }, async (req, reply) => {
    const user = requireUser(req);
    reply.code(201);
    return groupbuy.addBundleOffer(ctx.db, user.id, req.params.id, req.body, ctx.now());
  });

  r.get('/api/group-buys/:id/bundles', { schema: { tags, summary: '团里的套餐', params: idParams, response: { 200: itemsOf(bundleOffer), ...errorResponses(403, 404) } } }, async (req) => {
    const user = requireUser(req);
    const gb = await groupbuy.getGroupBuy(ctx.db, req.params.id);
    await requireMember(ctx.db, gb.communityId, user);
    return { items: await groupbuy.bundleOffers(ctx.db, { groupBuyIds: [gb.id] }) };
  });
}
