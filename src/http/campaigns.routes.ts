import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireOperator, requireUser, type AppContext } from './context.js';
import * as campaigns from '../modules/campaigns/index.js';
import { membershipOf, requireLeader } from '../modules/community/index.js';
import { campaignPage, leaderCampaigns } from '../queries/campaigns.js';
import { badRequest, notFound } from '../platform/errors.js';
import { errorResponses, itemsOf } from './api-schemas.js';
import * as api from './campaigns.api.js';

const idParams = z.object({ id: z.uuid() });
const slugParams = z.object({ slug: z.string().max(60) });
// Fields are checked by the service, one by one, so the first fault is named in the answer.
const campaignBody = z.object({
  slug: z.string().max(60), nameZh: z.string().max(80), nameEn: z.string().max(160), storyZh: z.string().max(6000).optional(), storyEn: z.string().max(12000).optional(),
  startsOn: z.string().max(10), endsOn: z.string().max(10), badgeZh: z.string().max(30), badgeEn: z.string().max(60), standardIds: z.array(z.uuid()).max(20),
});

/** Campaigns: operators run them from the console; residents and leaders read the published ones. */
export function campaignRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);

  r.get('/api/campaigns', {
    schema: { tags: ['campaigns'], summary: '进行中和即将开始的活动（公开，分页）', querystring: z.object({ page: z.coerce.number().int().min(1).max(1000).default(1), pageSize: z.coerce.number().int().min(1).max(50).default(20) }), response: { 200: api.campaignPage, ...errorResponses() } },
  }, async (req) => campaigns.listReadableCampaigns(ctx.db, req.query.page, req.query.pageSize, ctx.now()));

  r.get('/api/campaigns/badges', {
    schema: { tags: ['campaigns'], summary: '商品当前带的活动徽章（公开；一页一次）', querystring: z.object({ productIds: z.string().max(2000) }), response: { 200: itemsOf(api.badges), ...errorResponses() } },
  }, async (req) => {
    const ids = req.query.productIds.split(',').map((s) => s.trim()).filter(Boolean);
    if (!ids.length || ids.length > 50 || !ids.every((id) => z.uuid().safeParse(id).success)) throw badRequest('request.invalid', { detail: 'productIds' });
    const map = await campaigns.campaignBadges(ctx.db, ids, ctx.now());
    return { items: [...map].map(([productId, badges]) => ({ productId, badges })) };
  });

  r.get('/api/campaigns/:slug', {
    schema: {
      tags: ['campaigns'], summary: '活动页：故事、标准、正在证明的商品及证据（草稿只对运营可见）', params: slugParams,
      querystring: z.object({ communityId: z.uuid().optional() }), response: { 200: api.campaignDetail, ...errorResponses(404) },
    },
  }, async (req) => {
    const campaign = await campaigns.campaignBySlug(ctx.db, req.params.slug);
    // A draft does not exist for anyone but operators: same answer as an unknown slug.
    if (campaign.status === 'draft' && !req.user?.isOperator) throw notFound('campaign.not_found');
    const communityId = req.query.communityId && req.user && (req.user.isOperator || await membershipOf(ctx.db, req.query.communityId, req.user.id)) ? req.query.communityId : null;
    return campaignPage(ctx.db, campaign, communityId, ctx.now());
  });

  r.get('/api/leader/campaigns', {
    schema: { tags: ['campaigns'], summary: '团长：进行中的活动和可以开团的商品', querystring: z.object({ communityId: z.uuid() }), response: { 200: itemsOf(api.leaderCampaign), ...errorResponses(403, 404) } },
  }, async (req) => {
    await requireLeader(ctx.db, req.query.communityId, requireUser(req).id);
    return { items: await leaderCampaigns(ctx.db, ctx.now()) };
  });

  // ---- console (operators only)

  r.get('/api/console/campaigns', { schema: { tags: ['campaigns'], summary: '全部活动（运营）', response: { 200: itemsOf(api.consoleCampaign), ...errorResponses(403) } } }, async (req) => {
    requireOperator(req);
    return { items: await campaigns.listAllCampaigns(ctx.db, ctx.now()) };
  });

  r.post('/api/console/campaigns', { schema: { tags: ['campaigns'], summary: '创建活动（运营；先是草稿）', body: campaignBody, response: { 201: api.campaign, ...errorResponses(403, 409) } } }, async (req, reply) => {
    const op = requireOperator(req);
    const row = await campaigns.createCampaign(ctx.db, op.id, req.body, ctx.now());
    reply.code(201);
    return campaigns.publicCampaign(row, ctx.now());
  });

  r.put('/api/console/campaigns/:id', { schema: { tags: ['campaigns'], summary: '修改活动（运营；发布后网址名不变，标准只能加）', params: idParams, body: campaignBody, response: { 200: api.campaign, ...errorResponses(403, 404, 409) } } }, async (req) => {
    const op = requireOperator(req);
    return campaigns.publicCampaign(await campaigns.updateCampaign(ctx.db, op.id, req.params.id, req.body, ctx.now()), ctx.now());
  });

  r.post('/api/console/campaigns/:id/publish', { schema: { tags: ['campaigns'], summary: '发布活动（运营）', params: idParams, response: { 200: api.campaign, ...errorResponses(403, 404, 409) } } }, async (req) => {
    const op = requireOperator(req);
    return campaigns.publicCampaign(await campaigns.publishCampaign(ctx.db, op.id, req.params.id, ctx.now()), ctx.now());
  });

  r.post('/api/console/campaigns/:id/close', { schema: { tags: ['campaigns'], summary: '结束活动（运营）', params: idParams, response: { 200: api.campaign, ...errorResponses(403, 404, 409) } } }, async (req) => {
    const op = requireOperator(req);
    return campaigns.publicCampaign(await campaigns.closeCampaign(ctx.db, op.id, req.params.id, ctx.now()), ctx.now());
  });

  r.get('/api/console/campaigns/:id/enrolments', { schema: { tags: ['campaigns'], summary: '活动的商品及实时证明状态（运营）', params: idParams, response: { 200: itemsOf(api.enrolment), ...errorResponses(403, 404) } } }, async (req) => {
    requireOperator(req);
    await campaigns.getCampaign(ctx.db, req.params.id);
    return { items: await campaigns.enrolments(ctx.db, req.params.id, ctx.now()) };
  });

  r.get('/api/console/campaigns/:id/candidates', {
    schema: { tags: ['campaigns'], summary: '可加入的商品及各缺哪些标准（运营）', params: idParams, querystring: z.object({ q: z.string().max(40).default('') }), response: { 200: itemsOf(api.candidate), ...errorResponses(403, 404) } },
  }, async (req) => {
    requireOperator(req);
    await campaigns.getCampaign(ctx.db, req.params.id);
    return { items: await campaigns.enrolmentCandidates(ctx.db, req.params.id, req.query.q, ctx.now()) };
  });

  r.post('/api/console/campaigns/:id/products', { schema: { tags: ['campaigns'], summary: '把商品加入活动（运营；没证明全部标准会被拒绝）', params: idParams, body: z.object({ productId: z.uuid() }), response: { 201: api.enrolled, ...errorResponses(403, 404, 409) } } }, async (req, reply) => {
    const op = requireOperator(req);
    const row = await campaigns.enrollProduct(ctx.db, op.id, req.params.id, req.body.productId, ctx.now());
    reply.code(201);
    return row;
  });

  r.post('/api/console/campaigns/:id/products/:productId/withdraw', {
    schema: { tags: ['campaigns'], summary: '让商品退出活动（运营；写明原因，记录保留）', params: idParams.extend({ productId: z.uuid() }), body: z.object({ reason: z.string().max(400) }), response: { 200: api.enrolled, ...errorResponses(403, 404) } },
  }, async (req) => {
    const op = requireOperator(req);
    return campaigns.withdrawProduct(ctx.db, op.id, req.params.id, req.params.productId, req.body.reason, ctx.now());
  });
}
