import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireUser, type AppContext } from './context.js';
import * as groupbuy from '../modules/groupbuy/index.js';
import { requireMember } from '../modules/community/index.js';
import { openGroupBuy } from '../workflows/open-group-buy.js';
import { residentGroupBuy } from '../queries/resident-group-buy.js';
import { errorResponses } from './api-schemas.js';
import * as api from './groupbuy.api.js';

export const openBody = z.object({
  title: z.string().trim().max(groupbuy.OPEN_LIMITS.title).optional(),
  note: z.string().trim().max(groupbuy.OPEN_LIMITS.note).optional(),
  priorityMinutes: z.number().int().min(0).max(24 * 60).optional(),
  opensAt: z.coerce.date().optional(),
  cutoffAt: z.coerce.date(),
  pickupStartAt: z.coerce.date(),
  pickupEndAt: z.coerce.date(),
  items: z.array(z.object({
    productId: z.uuid(),
    batchId: z.uuid().optional(),
    priceFen: z.number().int().min(1).max(groupbuy.OPEN_LIMITS.priceFen),
    stockTotal: z.number().int().min(1).max(groupbuy.OPEN_LIMITS.stock),
    perPersonLimit: z.number().int().min(1).max(groupbuy.OPEN_LIMITS.perPersonLimit),
  })).min(1).max(groupbuy.MAX_ITEMS),
});
const idParams = z.object({ id: z.uuid() });

export function groupBuyRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  r.get('/api/communities/:id/group-buys', {
    schema: {
      tags: ['groupbuy'], summary: '社区的团购（每团一件或多件商品）', params: idParams,
      querystring: z.object({ filter: z.enum(['current', 'past', 'all']).default('current'), page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) }),
      response: { 200: api.groupBuyPage, ...errorResponses(403, 404) },
    },
  }, async (req) => {
    const user = requireUser(req);
    await requireMember(ctx.db, req.params.id, user);
    return groupbuy.listGroupBuys(ctx.db, req.params.id, req.query.filter, req.query.page, req.query.pageSize, ctx.now());
  });

  r.post('/api/communities/:id/group-buys', { schema: { tags: ['groupbuy'], summary: '开团（团长）：一件或多件商品', params: idParams, body: openBody, response: { 201: api.groupBuy, ...errorResponses(403, 404, 409, 413) } } }, async (req, reply) => {
    const user = requireUser(req);
    reply.code(201);
    return openGroupBuy(ctx.db, req.params.id, user.id, req.body, ctx.now());
  });

  r.get('/api/group-buys/:id', { schema: { tags: ['groupbuy'], summary: '团购详情（居民）：商品、已买数量、每件商品适用的售后保障', params: idParams, response: { 200: api.groupBuyDetail, ...errorResponses(403, 404) } } }, async (req) =>
    residentGroupBuy(ctx.db, { id: req.params.id, user: requireUser(req), locale: req.locale, now: ctx.now() }));
}
