import { z } from 'zod';
import QRCode from 'qrcode';
import type { FastifyInstance } from 'fastify';
import { asZod, requireUser, type AppContext } from '../../shared/http.js';
import * as orders from './service.js';
import { cancelOrderAndRefund, checkout, startPayment } from '../payments/service.js';
import { badRequest } from '../../shared/errors.js';

const idParams = z.object({ id: z.uuid() });

export function orderRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  r.post('/api/group-buys/:id/orders', {
    schema: {
      tags: ['orders'], summary: '下单（需 Idempotency-Key）', params: idParams,
      body: z.object({ quantity: z.number().int(), idempotencyKey: z.string().min(8).max(80).optional() }),
    },
  }, async (req, reply) => {
    const user = requireUser(req);
    const key = req.body.idempotencyKey ?? (req.headers['idempotency-key'] as string | undefined);
    if (!key || key.length < 8 || key.length > 80) throw badRequest('order.idempotency_key_required');
    const result = await checkout(ctx.db, ctx.payments, { groupBuyId: req.params.id, userId: user.id, quantity: req.body.quantity, idempotencyKey: key }, ctx.config.paymentWindowMinutes, ctx.now());
    reply.code(result.replayed ? 200 : 201);
    return result;
  });

  r.get('/api/orders', {
    schema: { tags: ['orders'], summary: '我的订单', querystring: z.object({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) }) },
  }, async (req) => {
    const user = requireUser(req);
    return orders.listMyOrders(ctx.db, user.id, req.query.page, req.query.pageSize, ctx.now());
  });

  r.get('/api/orders/:id', { schema: { tags: ['orders'], params: idParams } }, async (req) => {
    const user = requireUser(req);
    const order = await orders.getMyOrder(ctx.db, req.params.id, user.id, ctx.now());
    const pickupUrl = order.pickupCode ? `${ctx.config.publicBaseUrl}/leader/${order.communityId}/pickup?code=${order.pickupCode}` : null;
    const pickupQrDataUrl = pickupUrl ? await QRCode.toDataURL(pickupUrl, { margin: 1, width: 320 }) : null;
    return { ...order, pickupQrDataUrl };
  });

  r.post('/api/orders/:id/pay', { schema: { tags: ['orders'], summary: '去付款', params: idParams } }, async (req) => {
    const user = requireUser(req);
    return startPayment(ctx.db, ctx.payments, req.params.id, user.id);
  });

  r.post('/api/orders/:id/cancel', { schema: { tags: ['orders'], summary: '截单前取消（库存退回，已付款原路退款）', params: idParams } }, async (req) => {
    const user = requireUser(req);
    const order = await cancelOrderAndRefund(ctx.db, ctx.payments, req.params.id, user.id, ctx.now());
    return orders.getMyOrder(ctx.db, order.id, user.id);
  });
}
