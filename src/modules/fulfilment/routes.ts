import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireUser, type AppContext } from '../../shared/http.js';
import { lookupPickup, pendingPickups, verifyPickup } from './service.js';
import * as po from './purchase-orders.service.js';
import { pickList, pickListWorkbook } from './pick-list.service.js';
import { requireOperator } from '../../shared/http.js';
import { translate } from '../../shared/i18n.js';

const params = z.object({ id: z.uuid() });
const body = z.object({ code: z.string().max(300) });

export function fulfilmentRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  r.post('/api/communities/:id/pickups/lookup', { schema: { tags: ['fulfilment'], summary: '查取货码（团长）', params, body } }, async (req) =>
    lookupPickup(ctx.db, req.params.id, requireUser(req).id, req.body.code));
  r.post('/api/communities/:id/pickups/verify', { schema: { tags: ['fulfilment'], summary: '核销取货码（团长）', params, body } }, async (req) =>
    verifyPickup(ctx.db, req.params.id, requireUser(req).id, req.body.code, ctx.now()));
  r.get('/api/communities/:id/pickups/pending', { schema: { tags: ['fulfilment'], summary: '未取货名单（团长）', params } }, async (req) =>
    pendingPickups(ctx.db, req.params.id, requireUser(req).id));

  r.get('/api/purchase-orders', {
    schema: { tags: ['fulfilment'], summary: '采购单（供应商看自己的，运营看全部）', querystring: z.object({ supplierId: z.uuid().optional(), status: z.enum(['pending', 'confirmed', 'short_confirmed', 'delivered']).optional() }) },
  }, async (req) => ({ items: await po.listPurchaseOrders(ctx.db, requireUser(req), req.query) }));

  r.get('/api/purchase-orders/:id', { schema: { tags: ['fulfilment'], params: z.object({ id: z.uuid() }) } }, async (req) => po.getPurchaseOrder(ctx.db, requireUser(req), req.params.id));

  r.post('/api/purchase-orders/:id/confirm', {
    schema: { tags: ['fulfilment'], summary: '供应商确认（可少量确认）', params: z.object({ id: z.uuid() }), body: z.object({ lines: z.array(z.object({ lineId: z.uuid(), quantityConfirmed: z.number().int() })).min(1).max(5000) }) },
  }, async (req) => po.confirmPurchaseOrder(ctx.db, requireUser(req), req.params.id, req.body.lines, ctx.now()));

  r.post('/api/purchase-order-lines/:id/delivery', {
    schema: { tags: ['fulfilment'], summary: '登记到货（运营）；少到自动退款', params: z.object({ id: z.uuid() }), body: z.object({ quantityDelivered: z.number().int() }) },
  }, async (req) => po.recordDelivery(ctx.db, ctx.payments, requireOperator(req).id, req.params.id, req.body.quantityDelivered, ctx.now()));

  const pickQuery = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });
  r.get('/api/communities/:id/pick-list', { schema: { tags: ['fulfilment'], summary: '分拣单', params, querystring: pickQuery } }, async (req) =>
    pickList(ctx.db, req.params.id, requireUser(req), req.query.date));

  r.get('/api/communities/:id/pick-list.xlsx', { schema: { tags: ['fulfilment'], summary: '分拣单 .xlsx', params, querystring: pickQuery } }, async (req, reply) => {
    const list = await pickList(ctx.db, req.params.id, requireUser(req), req.query.date);
    const bytes = await pickListWorkbook(list, req.locale);
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${translate(req.locale, 'picklist.sheet')}-${list.community.name}-${list.date}.xlsx`)}`);
    return reply.send(bytes);
  });
}
