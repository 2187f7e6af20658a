import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireUser, type AppContext } from './context.js';
import { errorResponses } from './api-schemas.js';
import { leaderOrderDetail } from '../queries/leader-order.js';
import { leaderCancelAndRefund, leaderRefundLine } from '../workflows/leader-cancel.js';
import * as api from './leader-order-actions.api.js';

const orderParams = z.object({ id: z.uuid(), orderId: z.uuid() });
const lineParams = z.object({ id: z.uuid(), lineId: z.uuid() });

/**
 * The leader's order detail and what he cancels (before the hand-over) or refunds (after it), in
 * his own community only. Both changes are idempotent with an `Idempotency-Key` header, and each
 * money movement has its own unique refund key besides.
 */
export function leaderOrderActionRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  const detail = (communityId: string, leaderId: string, orderId: string) =>
    leaderOrderDetail(ctx.db, { communityId, leaderId, orderId, leaderRefundLimitFen: ctx.config.leaderRefundLimitFen, now: ctx.now() });

  r.get('/api/communities/:id/orders/:orderId', {
    schema: { tags: ['leader-orders'], summary: '团长：订单详情（商品、跟团号、门牌、付款、记录）', params: orderParams, response: { 200: api.leaderOrderDetail, ...errorResponses(403, 404) } },
  }, async (req) => detail(req.params.id, requireUser(req).id, req.params.orderId));

  r.post('/api/communities/:id/orders/:orderId/cancel', {
    schema: {
      tags: ['leader-orders'], summary: '团长：交付前取消整单、商品或部分数量（库存退回，货款原路退回）', params: orderParams, body: api.leaderCancelBody,
      response: { 200: api.leaderOrderDetail, ...errorResponses(400, 403, 404, 409) },
    },
  }, async (req) => {
    const leaderId = requireUser(req).id;
    await leaderCancelAndRefund(ctx.db, ctx.payments, { communityId: req.params.id, leaderId, orderId: req.params.orderId, lines: req.body.lines, reasonCode: req.body.reasonCode, note: req.body.note, now: ctx.now() });
    return detail(req.params.id, leaderId, req.params.orderId);
  });

  r.post('/api/communities/:id/order-lines/:lineId/refund', {
    schema: {
      tags: ['leader-orders'], summary: '团长：交付后为一件商品退款（在退款额度内，记作团长兜底）', params: lineParams, body: api.leaderRefundBody,
      response: { 200: api.leaderOrderDetail, ...errorResponses(400, 403, 404, 409) },
    },
  }, async (req) => {
    const leaderId = requireUser(req).id;
    const done = await leaderRefundLine(ctx.db, ctx.payments, ctx.config, { communityId: req.params.id, leaderId, lineId: req.params.lineId, amountFen: req.body.amountFen, reasonCode: req.body.reasonCode, note: req.body.note, now: ctx.now() });
    return detail(req.params.id, leaderId, done.orderId);
  });
}
