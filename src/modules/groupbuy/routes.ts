import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireUser, type AppContext } from '../../shared/http.js';
import * as groupbuy from './service.js';
import { requireLeader, requireMember } from '../community/service.js';
import { listForGroupBuy } from '../orders/service.js';

const openBody = z.object({
  productId: z.uuid(),
  title: z.string().trim().max(60).optional(),
  note: z.string().trim().max(500).optional(),
  priceFen: z.number().int().min(1).max(100_000_000),
  stockTotal: z.number().int().min(1).max(1_000_000),
  perPersonLimit: z.number().int().min(1).max(1000),
  priorityMinutes: z.number().int().min(0).max(24 * 60).optional(),
  opensAt: z.coerce.date().optional(),
  cutoffAt: z.coerce.date(),
  pickupStartAt: z.coerce.date(),
  pickupEndAt: z.coerce.date(),
});
const idParams = z.object({ id: z.uuid() });

export function groupBuyRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  r.get('/api/communities/:id/group-buys', {
    schema: {
      tags: ['groupbuy'], summary: '社区的团购', params: idParams,
      querystring: z.object({ filter: z.enum(['current', 'past', 'all']).default('current'), page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) }),
    },
  }, async (req) => {
    const user = requireUser(req);
    await requireMember(ctx.db, req.params.id, user);
    return groupbuy.listGroupBuys(ctx.db, req.params.id, req.query.filter, req.query.page, req.query.pageSize, ctx.now());
  });

  r.post('/api/communities/:id/group-buys', { schema: { tags: ['groupbuy'], summary: '开团（团长）', params: idParams, body: openBody } }, async (req, reply) => {
    const user = requireUser(req);
    reply.code(201);
    return groupbuy.openGroupBuy(ctx.db, req.params.id, user.id, req.body, ctx.now());
  });

  r.get('/api/group-buys/:id', { schema: { tags: ['groupbuy'], params: idParams } }, async (req) => {
    const user = requireUser(req);
    const gb = await groupbuy.getGroupBuyDetail(ctx.db, req.params.id, ctx.now());
    await requireMember(ctx.db, gb.communityId, user);
    return { ...gb, myQuantity: await groupbuy.heldQuantity(ctx.db, gb.id, user.id) };
  });

  r.get('/api/group-buys/:id/share', { schema: { tags: ['groupbuy'], summary: '接龙文案与二维码（团长）', params: idParams } }, async (req) => {
    const user = requireUser(req);
    return groupbuy.shareKit(ctx.db, req.params.id, user, ctx.config.publicBaseUrl, req.locale);
  });

  r.get('/api/group-buys/:id/orders', { schema: { tags: ['groupbuy'], summary: '团购的实时订单（团长）', params: idParams } }, async (req) => {
    const user = requireUser(req);
    const gb = await groupbuy.getGroupBuy(ctx.db, req.params.id);
    if (!user.isOperator) await requireLeader(ctx.db, gb.communityId, user.id);
    return { items: await listForGroupBuy(ctx.db, gb.id) };
  });

  r.post('/api/group-buys/:id/close', { schema: { tags: ['groupbuy'], summary: '提前截单（团长）', params: idParams } }, async (req) => {
    const user = requireUser(req);
    return groupbuy.closeEarly(ctx.db, req.params.id, user.id, ctx.now());
  });

  r.post('/api/group-buys/:id/arrived', { schema: { tags: ['groupbuy'], summary: '到货，通知取货（团长）', params: idParams } }, async (req) => {
    const user = requireUser(req);
    return groupbuy.markArrived(ctx.db, req.params.id, user.id, ctx.now());
  });
}
