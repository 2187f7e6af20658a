import type { FastifyInstance } from 'fastify';
import { asZod, requireUser, type AppContext } from './context.js';
import { z } from 'zod';
import { myTrust } from '../modules/trust/index.js';
import { latestLeaderReadings, leaderIndexHistory, recordLeaderReading } from '../modules/trust/index.js';
import { createTagRule, listTagRules, RESIDENT_FACTS, updateTagRule } from '../modules/trust/index.js';
import { recommendFor } from '../queries/recommendations.js';
import { createInvitation, myInvitations, respond } from '../modules/trust/index.js';
import { saveTierSettings, tierSettings } from '../modules/trust/index.js';
import { requireMember } from '../modules/community/index.js';
import { notFound } from '../platform/errors.js';
import { requireOperator } from './context.js';
import { errorResponses } from './api-schemas.js';
import * as api from './trust.api.js';

export function trustRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  /** The resident's own level, score and what it is made of — never anyone else's. */
  r.get('/api/me/trust', { schema: { tags: ['trust'], summary: '我的信任分与组成', response: { 200: api.trustProfile, ...errorResponses() } } }, async (req) => myTrust(ctx.db, requireUser(req).id, ctx.now()));

  /** A leader's own index history with components; operators see any leader's. */
  r.get('/api/leaders/:id/trust-index', { schema: { tags: ['trust'], summary: '团长信任指数（本人或运营）', params: z.object({ id: z.uuid() }), response: { 200: api.leaderIndexHistory, ...errorResponses(404) } } }, async (req) => {
    const user = requireUser(req);
    if (!user.isOperator && user.id !== req.params.id) throw notFound('leader.not_found');
    return leaderIndexHistory(ctx.db, req.params.id);
  });

  r.post('/api/leaders/:id/trust-index/recompute', { schema: { tags: ['trust'], summary: '立即重算团长信任指数（运营）', params: z.object({ id: z.uuid() }), response: { 200: api.leaderReadingRecorded, ...errorResponses(403) } } }, async (req) => {
    requireOperator(req);
    return recordLeaderReading(ctx.db, req.params.id, ctx.now());
  });

  r.get('/api/tag-rules', { schema: { tags: ['trust'], summary: '行为标签规则（运营）', response: { 200: api.tagRuleList, ...errorResponses(403) } } }, async (req) => {
    requireOperator(req);
    return { items: await listTagRules(ctx.db), facts: RESIDENT_FACTS };
  });
  r.post('/api/tag-rules', {
    schema: { tags: ['trust'], summary: '新增标签规则；写错会指出位置', body: z.object({ name: z.string().max(40), expression: z.string().max(2000), description: z.string().max(200).optional() }),
      response: { 201: api.tagRule, ...errorResponses(403, 409, 413) } },
  }, async (req, reply) => {
    const op = requireOperator(req);
    reply.code(201);
    return createTagRule(ctx.db, op.id, req.body);
  });
  r.patch('/api/tag-rules/:id', {
    schema: { tags: ['trust'], summary: '修改标签规则（运营）', params: z.object({ id: z.uuid() }), body: z.object({ expression: z.string().max(2000).optional(), description: z.string().max(200).optional(), active: z.boolean().optional() }),
      response: { 200: api.tagRule, ...errorResponses(403, 404, 413) } },
  }, async (req) => {
    requireOperator(req);
    return updateTagRule(ctx.db, req.params.id, req.body);
  });

  r.get('/api/leaders/trust-index', { schema: { tags: ['trust'], summary: '所有团长的最新信任指数（运营）', response: { 200: api.leaderOverviewList, ...errorResponses(403) } } }, async (req) => {
    requireOperator(req);
    return { items: await latestLeaderReadings(ctx.db) };
  });

  /** Open group buys ranked for the resident by her tags and history, with the reason shown. */
  r.get('/api/communities/:id/recommendations', { schema: { tags: ['trust'], summary: '为我推荐（附理由）', params: z.object({ id: z.uuid() }), response: { 200: api.recommendationList, ...errorResponses(403, 404) } } }, async (req) => {
    const user = requireUser(req);
    await requireMember(ctx.db, req.params.id, user);
    return { items: await recommendFor(ctx.db, user.id, req.params.id, req.locale, ctx.now()) };
  });

  r.post('/api/cocreate', {
    schema: { tags: ['trust'], summary: '共创邀请（运营）', body: z.object({ title: z.string().trim().min(2).max(60), description: z.string().trim().min(2).max(1000), kind: z.enum(['product_test', 'packaging_vote', 'other']), levels: z.array(z.string()).min(1).max(3), seats: z.number().int().min(1).max(10_000), closesAt: z.coerce.date() }),
      response: { 201: api.cocreateInvitation, ...errorResponses(403, 413) } },
  }, async (req, reply) => {
    const op = requireOperator(req);
    reply.code(201);
    return createInvitation(ctx.db, op.id, req.body, ctx.now());
  });
  r.get('/api/cocreate/mine', { schema: { tags: ['trust'], summary: '我收到的共创邀请', response: { 200: api.myCocreateList, ...errorResponses() } } }, async (req) => ({ items: await myInvitations(ctx.db, requireUser(req).id, ctx.now()) }));
  r.post('/api/cocreate/:id/respond', { schema: { tags: ['trust'], summary: '接受或谢绝共创邀请', params: z.object({ id: z.uuid() }), body: z.object({ accept: z.boolean() }), response: { 200: api.cocreateAnswer, ...errorResponses(404, 409, 413) } } }, async (req) =>
    respond(ctx.db, requireUser(req).id, req.params.id, req.body.accept, ctx.now()));

  r.get('/api/trust/tier-settings', { schema: { tags: ['trust'], summary: '团长等级阈值（运营）', response: { 200: api.tierSettings, ...errorResponses(403) } } }, async (req) => {
    requireOperator(req);
    return tierSettings(ctx.db);
  });
  r.put('/api/trust/tier-settings', {
    schema: {
      tags: ['trust'], summary: '修改团长等级阈值（运营）；重叠或有缺口的阈值会被拒绝',
      body: z.object({
        tiers: z.array(z.object({ key: z.string().max(20), min: z.number().min(0).max(100), commissionDeltaPp: z.number().min(-10).max(10), firstLaunch: z.boolean() })).min(2).max(8),
        demotionMargin: z.number().min(0).max(20), readingsToChange: z.number().int().min(1).max(10),
        minOrdersForTier: z.number().int().min(0).max(100_000), baseCommissionRate: z.number().min(0).max(0.5),
      }),
      response: { 200: api.tierSettings, ...errorResponses(403, 413) },
    },
  }, async (req) => saveTierSettings(ctx.db, requireOperator(req).id, req.body));
}
