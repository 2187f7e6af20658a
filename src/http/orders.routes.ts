import { z } from 'zod';
import { withBundles } from '../queries/order-bundles.js';
import type { FastifyInstance } from 'fastify';
import { asZod, requireUser, type AppContext } from './context.js';
import * as orders from '../modules/orders/index.js';
import * as basket from '../modules/orders/index.js';
import { requireMember } from '../modules/community/index.js';
import { buyNow, checkout, fulfilmentOptions, startPayment } from '../workflows/checkout.js';
import { cancelOrderAndRefund } from '../workflows/cancel-order.js';
import { badRequest } from '../platform/errors.js';
import { errorResponses } from './api-schemas.js';
import * as api from './orders.api.js';

const idParams = z.object({ id: z.uuid() });
// 2^31 and beyond are refused by the schema, before any arithmetic.
const quantity = z.number().int().min(0).max(orders.MAX_QUANTITY);
const idempotencyKey = z.string().min(8).max(80).regex(/^[\x21-\x7e]+$/);
const note = z.string().max(orders.NOTE_MAX).optional();
/** Her pickup point, or door delivery (area from the leader's list, 门牌, slot). */
const choice = {
  pickupPointId: z.uuid().optional(),
  delivery: z.object({ area: z.string().max(40), address: z.string().max(100), slot: z.string().max(20) }).optional(),
};

/** Basket, checkout and a resident's orders: thin routes over the checkout and cancel workflows. */
export function orderRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  const keyOf = (body: { idempotencyKey?: string }, headers: Record<string, unknown>) => {
    const key = body.idempotencyKey ?? (headers['idempotency-key'] as string | undefined);
    if (!key || key.length < 8 || key.length > 80) throw badRequest('order.idempotency_key_required');
    return key;
  };

  r.get('/api/communities/:id/basket', { schema: { tags: ['orders'], summary: '我的购物车（本社区）', params: idParams, response: { 200: api.basket, ...errorResponses(403, 404) } } }, async (req) => {
    const user = requireUser(req);
    await requireMember(ctx.db, req.params.id, user);
    return basket.getBasket(ctx.db, user.id, req.params.id, ctx.now());
  });

  r.put('/api/communities/:id/basket/items/:itemId', {
    schema: { tags: ['orders'], summary: '放入/修改购物车（数量 0 即移除）', params: z.object({ id: z.uuid(), itemId: z.uuid() }), body: z.object({ quantity }), response: { 200: api.basket, ...errorResponses(403, 404, 413) } },
  }, async (req) => {
    const user = requireUser(req);
    await requireMember(ctx.db, req.params.id, user);
    return basket.setBasketItem(ctx.db, user.id, req.params.id, req.params.itemId, req.body.quantity, ctx.now());
  });

  r.put('/api/communities/:id/basket/bundles/:offerId', {
    schema: { tags: ['orders'], summary: '套餐放入/修改购物车（一行；数量 0 即移除）', params: z.object({ id: z.uuid(), offerId: z.uuid() }), body: z.object({ quantity }), response: { 200: api.basket, ...errorResponses(403, 404, 413) } },
  }, async (req) => {
    const user = requireUser(req);
    await requireMember(ctx.db, req.params.id, user);
    return basket.setBasketBundle(ctx.db, user.id, req.params.id, req.params.offerId, req.body.quantity, ctx.now());
  });

  r.delete('/api/communities/:id/basket', { schema: { tags: ['orders'], summary: '清空购物车', params: idParams, response: { 200: api.basket, ...errorResponses(403, 404) } } }, async (req) => {
    const user = requireUser(req);
    await requireMember(ctx.db, req.params.id, user);
    await basket.clearBasket(ctx.db, user.id, req.params.id);
    return basket.getBasket(ctx.db, user.id, req.params.id, ctx.now());
  });

  r.post('/api/communities/:id/checkout', {
    config: { ownIdempotencyKey: true },
    schema: {
      tags: ['orders'], summary: '结算：一个订单、一次付款（需 Idempotency-Key）', params: idParams,
      body: z.object({ idempotencyKey: idempotencyKey.optional(), note, ...choice, lines: z.array(z.object({ itemId: z.uuid(), quantity: quantity.min(1) })).max(orders.MAX_LINES).optional(), bundles: z.array(z.object({ offerId: z.uuid(), quantity: quantity.min(1) })).max(orders.MAX_LINES).optional().describe('套餐：每个一行，按各单品扣库存'), points: z.number().int().min(0).max(1_000_000).optional().describe('积分抵扣：要用的积分数（100 积分 = ¥1，每单最多抵 20%）') }),
      response: { 201: api.checkoutResult, 200: api.checkoutResult.describe('The order of an earlier request with the same idempotency key'), ...errorResponses(403, 404, 409, 413) },
    },
  }, async (req, reply) => {
    const user = requireUser(req);
    const result = await checkout(ctx.db, ctx.payments, { userId: user.id, communityId: req.params.id, lines: req.body.lines ?? (req.body.bundles ? [] : undefined), bundles: req.body.bundles, note: req.body.note, idempotencyKey: keyOf(req.body, req.headers), choice: { pickupPointId: req.body.pickupPointId, delivery: req.body.delivery }, points: req.body.points }, ctx.config.paymentWindowMinutes, ctx.now());
    reply.code(result.replayed ? 200 : 201);
    return result;
  });

  r.get('/api/communities/:id/fulfilment-options', { schema: { tags: ['orders'], summary: '结算时可选的自提点与送货上门', params: idParams, response: { 200: api.fulfilmentOptions, ...errorResponses(403, 404) } } }, async (req) => {
    const user = requireUser(req);
    await requireMember(ctx.db, req.params.id, user);
    return fulfilmentOptions(ctx.db, req.params.id, user.id);
  });

  r.post('/api/group-buys/:id/orders', {
    config: { ownIdempotencyKey: true },
    schema: {
      tags: ['orders'], summary: '立即购买（一件商品，同一结算流程）', params: idParams,
      body: z.object({ itemId: z.uuid().optional(), quantity: quantity.min(1), idempotencyKey: idempotencyKey.optional(), note, ...choice }),
      response: { 201: api.checkoutResult, 200: api.checkoutResult.describe('The order of an earlier request with the same idempotency key'), ...errorResponses(403, 404, 409, 413) },
    },
  }, async (req, reply) => {
    const user = requireUser(req);
    const result = await buyNow(ctx.db, ctx.payments, { userId: user.id, groupBuyId: req.params.id, itemId: req.body.itemId, quantity: req.body.quantity, note: req.body.note, idempotencyKey: keyOf(req.body, req.headers), choice: { pickupPointId: req.body.pickupPointId, delivery: req.body.delivery } }, ctx.config.paymentWindowMinutes, ctx.now());
    reply.code(result.replayed ? 200 : 201);
    return result;
  });

  r.get('/api/orders', {
    schema: { tags: ['orders'], summary: '我的订单', querystring: z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) }), response: { 200: api.orderPage, ...errorResponses() } },
  }, async (req) => orders.listMyOrders(ctx.db, requireUser(req).id, req.query.page, req.query.pageSize, ctx.now()));

  r.get('/api/orders/:id', { schema: { tags: ['orders'], params: idParams, response: { 200: api.order, ...errorResponses(404) } } }, async (req) => withBundles(ctx.db, await orders.getMyOrder(ctx.db, req.params.id, requireUser(req).id, ctx.now())));

  r.post('/api/orders/:id/pay', { schema: { tags: ['orders'], summary: '去付款', params: idParams, response: { 200: api.paymentStart, ...errorResponses(404, 409) } } }, async (req) =>
    startPayment(ctx.db, ctx.payments, req.params.id, requireUser(req).id, ctx.now()));

  r.post('/api/orders/:id/cancel', {
    schema: { tags: ['orders'], summary: '截单前取消整单或部分商品（库存退回，已付款原路退款）', params: idParams, body: z.object({ lineIds: z.array(z.uuid()).min(1).max(orders.MAX_LINES).optional() }).optional(), response: { 200: api.order, ...errorResponses(404, 409, 413) } },
  }, async (req) => cancelOrderAndRefund(ctx.db, ctx.payments, req.params.id, requireUser(req).id, req.body?.lineIds, ctx.now()));
}
