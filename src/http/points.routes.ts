import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireOperator, requireUser, type AppContext } from './context.js';
import { requireMember } from '../modules/community/index.js';
import * as points from '../modules/points/index.js';
import { inTransaction } from '../platform/events/service.js';
import { errorResponses } from './api-schemas.js';
import * as api from './points.api.js';

const idParams = z.object({ id: z.uuid() });

/** 积分: a resident's balance and history in a community, the services she may redeem, the operator's list of services. */
export function pointsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  r.get('/api/communities/:id/points', {
    schema: { tags: ['points'], summary: '我的积分：可用、冻结、明细、怎么赚', params: idParams, querystring: z.object({ beforeSeq: z.coerce.number().int().min(1).optional() }),
      response: { 200: api.myPoints, ...errorResponses(403, 404) } },
  }, async (req) => {
    const user = requireUser(req);
    await requireMember(ctx.db, req.params.id, user);
    const q = { userId: user.id, communityId: req.params.id };
    const [balance, history] = await Promise.all([points.pointsBalance(ctx.db, q), points.pointsHistory(ctx.db, { ...q, beforeSeq: req.query.beforeSeq })]);
    return {
      ...balance, history,
      earning: points.earnCodes.map((code) => ({ code, ...points.EARNING_RULES[code] })),
      checkout: { fenPerPoint: points.CHECKOUT_POINTS.fenPerPoint, maxShareBasisPoints: points.CHECKOUT_POINTS.maxShareBasisPoints },
    };
  });

  r.get('/api/points/services', {
    schema: { tags: ['points'], summary: '可用积分兑换的服务', response: { 200: api.pointsServiceList, ...errorResponses(401) } },
  }, async (req) => {
    requireUser(req);
    return { items: await points.listServices(ctx.db, { activeOnly: true }) };
  });

  r.post('/api/communities/:id/points/services/:serviceId/redeem', {
    schema: { tags: ['points'], summary: '用积分兑换服务', params: z.object({ id: z.uuid(), serviceId: z.uuid() }), body: z.object({ idempotencyKey: z.string().min(1).max(100) }),
      response: { 200: api.redeemed, ...errorResponses(403, 404, 409, 413) } },
  }, async (req) => {
    const user = requireUser(req);
    await requireMember(ctx.db, req.params.id, user);
    const done = await inTransaction(ctx.db, (tx) => points.redeemService(tx, { userId: user.id, communityId: req.params.id, serviceId: req.params.serviceId, idempotencyKey: req.body.idempotencyKey, now: ctx.now() }));
    const { available } = await points.pointsBalance(ctx.db, { userId: user.id, communityId: req.params.id });
    return { ...done, available };
  });

  r.get('/api/console/points/services', {
    schema: { tags: ['points'], summary: '积分服务清单（运营）', response: { 200: api.pointsServiceList, ...errorResponses(403) } },
  }, async (req) => {
    requireOperator(req);
    return { items: await points.listServices(ctx.db, { activeOnly: false }) };
  });

  const serviceBody = z.object({ name: z.string().max(200), description: z.string().max(2000).optional(), pricePoints: z.number().int() });
  r.post('/api/console/points/services', {
    schema: { tags: ['points'], summary: '上架一项积分服务（运营）', body: serviceBody, response: { 201: api.pointsService, ...errorResponses(403, 413) } },
  }, async (req, reply) => {
    requireOperator(req);
    reply.code(201);
    return points.createService(ctx.db, req.body);
  });

  r.patch('/api/console/points/services/:id', {
    schema: { tags: ['points'], summary: '修改或下架积分服务（运营）', params: idParams, body: serviceBody.partial().extend({ active: z.boolean().optional() }), response: { 200: api.pointsService, ...errorResponses(403, 404, 413) } },
  }, async (req) => {
    requireOperator(req);
    return points.updateService(ctx.db, req.params.id, req.body);
  });
}
