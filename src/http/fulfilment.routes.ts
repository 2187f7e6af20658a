import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireOperator, requireUser, type AppContext } from './context.js';
import { translate } from '../platform/i18n.js';
import { listDeliveries, lookupPickup, myHandovers, pendingPickups, pickupCodeView } from '../modules/fulfilment/index.js';
import { listPasses, revokePass } from '../modules/fulfilment/index.js';
import { createPickupPass } from '../modules/fulfilment/index.js';
import * as po from '../modules/fulfilment/index.js';
import { bagLabels, pickList, pickListWorkbook } from '../modules/fulfilment/index.js';
import { confirmHandover, disputeHandover, recordWithoutCode, verifyHandover } from '../workflows/hand-over.js';
import { receiveDelivery, recordDelivery } from '../workflows/arrival.js';
import { binaryAnswer, errorResponses, itemsOf, okAnswer } from './api-schemas.js';
import * as api from './fulfilment.api.js';

const params = z.object({ id: z.uuid() });
/** Where the one handing over stands: a pickup point, her door (送货上门); leaders may omit it (anywhere). */
const at = { pickupPointId: z.uuid().optional(), delivery: z.boolean().optional() };
const codeBody = z.object({ code: z.string().max(300), ...at });
const atOf = (b: { pickupPointId?: string; delivery?: boolean }) => ({ pickupPointId: b.pickupPointId, delivery: b.delivery });

export function fulfilmentRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);

  // ── the resident ──
  r.get('/api/communities/:id/pickup-code', { schema: { tags: ['fulfilment'], summary: '我的取货码（每分钟变化）和待取的货', params, response: { 200: api.pickupCode, ...errorResponses(403, 404) } } }, async (req) =>
    pickupCodeView(ctx.db, req.params.id, requireUser(req).id, req.publicBaseUrl(), ctx.now()));

  r.get('/api/communities/:id/pickup-passes', { schema: { tags: ['fulfilment'], summary: '我发出的代取码', params, response: { 200: itemsOf(api.pickupPass), ...errorResponses() } } }, async (req) =>
    ({ items: await listPasses(ctx.db, req.params.id, requireUser(req).id) }));

  r.post('/api/communities/:id/pickup-passes', {
    schema: { tags: ['fulfilment'], summary: '发一张一次性代取码（只显示这一次）', params, body: z.object({ collector: z.string().max(40).optional() }), response: { 201: api.pickupPassCreated, ...errorResponses(403, 404, 409, 413) } },
  }, async (req, reply) => {
    const pass = await createPickupPass(ctx.db, req.params.id, requireUser(req).id, req.body.collector, req.publicBaseUrl(), ctx.now());
    reply.code(201);
    return pass;
  });

  r.post('/api/pickup-passes/:id/revoke', { schema: { tags: ['fulfilment'], summary: '作废代取码', params, response: { 200: okAnswer, ...errorResponses(404, 409) } } }, async (req) => {
    await revokePass(ctx.db, req.params.id, requireUser(req).id, ctx.now());
    return { ok: true as const };
  });

  r.get('/api/me/handovers', {
    schema: { tags: ['fulfilment'], summary: '团长为我登记的交货', querystring: z.object({ status: z.enum(['done', 'awaiting_confirmation', 'confirmed', 'auto_confirmed', 'disputed']).optional() }), response: { 200: itemsOf(api.myHandover), ...errorResponses() } },
  }, async (req) => myHandovers(ctx.db, requireUser(req).id, req.query.status, req.locale));

  r.post('/api/handovers/:id/confirm', { schema: { tags: ['fulfilment'], summary: '确认收货（无码交货）', params, response: { 200: api.handover, ...errorResponses(404, 409) } } }, async (req) =>
    confirmHandover(ctx.db, { handoverId: req.params.id, userId: requireUser(req).id, now: ctx.now() }));

  r.post('/api/handovers/:id/dispute', {
    schema: { tags: ['fulfilment'], summary: '没收到（无码交货），开售后', params, body: z.object({ reason: z.string().max(500) }), response: { 200: api.handoverDisputed, ...errorResponses(404, 409, 413) } },
  }, async (req) => disputeHandover(ctx.db, { handoverId: req.params.id, userId: requireUser(req).id, reason: req.body.reason, now: ctx.now() }));

  // ── the leader ──
  r.post('/api/communities/:id/pickups/lookup', { schema: { tags: ['fulfilment'], summary: '查取货码/代取码（团长）', params, body: codeBody, response: { 200: api.pickupLookup, ...errorResponses(403, 404, 409, 413) } } }, async (req) =>
    lookupPickup(ctx.db, req.params.id, requireUser(req).id, req.body.code, ctx.now(), req.locale, atOf(req.body)));

  r.post('/api/communities/:id/pickups/verify', {
    schema: { tags: ['fulfilment'], summary: '核销：一次交出这户的全部或选中的货（团长）', params, body: codeBody.extend({ lineIds: z.array(z.uuid()).max(200).optional() }), response: { 200: api.pickupVerified, ...errorResponses(403, 404, 409, 413) } },
  }, async (req) => verifyHandover(ctx.db, { communityId: req.params.id, leaderId: requireUser(req).id, code: req.body.code, lineIds: req.body.lineIds, now: ctx.now(), locale: req.locale, at: atOf(req.body) }));

  r.get('/api/communities/:id/pickups/pending', { schema: { tags: ['fulfilment'], summary: '待取货和未取货名单、提醒文案（团长；可按自提点）', params, querystring: z.object({ pickupPointId: z.uuid().optional() }), response: { 200: api.pendingPickups, ...errorResponses(403, 404) } } }, async (req) =>
    pendingPickups(ctx.db, req.params.id, requireUser(req).id, ctx.now(), req.locale, { pickupPointId: req.query.pickupPointId }));

  r.post('/api/communities/:id/pickups/without-code', {
    schema: { tags: ['fulfilment'], summary: '无码交货（待邻居确认，72 小时后自动确认）', params, body: z.object({ residentKey: z.uuid(), lineIds: z.array(z.uuid()).max(200).optional(), note: z.string().max(200).default(''), ...at }), response: { 201: api.handover, ...errorResponses(403, 404, 409, 413) } },
  }, async (req, reply) => {
    const h = await recordWithoutCode(ctx.db, { communityId: req.params.id, leaderId: requireUser(req).id, residentKey: req.body.residentKey, lineIds: req.body.lineIds, note: req.body.note, now: ctx.now(), at: atOf(req.body) });
    reply.code(201);
    return h;
  });

  r.get('/api/communities/:id/deliveries', { schema: { tags: ['fulfilment'], summary: '送到本自提点的货（团长确认收货）', params, response: { 200: itemsOf(api.delivery), ...errorResponses(403, 404) } } }, async (req) =>
    listDeliveries(ctx.db, req.params.id, requireUser(req).id));

  r.post('/api/purchase-order-lines/:id/receive', {
    schema: { tags: ['fulfilment'], summary: '团长确认收货（少收按缺货退款）；之后才可取货', params, body: z.object({ quantityReceived: z.number().int() }), response: { 200: api.deliveryReceived, ...errorResponses(403, 404, 409, 413) } },
  }, async (req) => receiveDelivery(ctx.db, ctx.payments, { leaderId: requireUser(req).id, lineId: req.params.id, quantityReceived: req.body.quantityReceived, now: ctx.now() }));

  // ── suppliers and operators ──
  r.get('/api/purchase-orders', {
    schema: { tags: ['fulfilment'], summary: '采购单（供应商看自己的，运营看全部）', querystring: z.object({ supplierId: z.uuid().optional(), status: z.enum(['pending', 'confirmed', 'short_confirmed', 'delivered']).optional() }), response: { 200: itemsOf(api.purchaseOrderSummary), ...errorResponses(404) } },
  }, async (req) => ({ items: await po.listPurchaseOrders(ctx.db, requireUser(req), req.query) }));

  r.get('/api/purchase-orders/:id', { schema: { tags: ['fulfilment'], params, response: { 200: api.purchaseOrderDetail, ...errorResponses(404) } } }, async (req) => po.getPurchaseOrder(ctx.db, requireUser(req), req.params.id));

  r.post('/api/purchase-orders/:id/confirm', {
    schema: { tags: ['fulfilment'], summary: '供应商确认（可少量确认）', params, body: z.object({ lines: z.array(z.object({ lineId: z.uuid(), quantityConfirmed: z.number().int() })).min(1).max(5000) }), response: { 200: api.purchaseOrder, ...errorResponses(404, 409, 413) } },
  }, async (req) => po.confirmPurchaseOrder(ctx.db, requireUser(req), req.params.id, req.body.lines, ctx.now()));

  r.post('/api/purchase-order-lines/:id/delivery', {
    schema: { tags: ['fulfilment'], summary: '登记送达（运营）；少送自动退款，团长确认收货后才可取货', params, body: z.object({ quantityDelivered: z.number().int() }), response: { 200: api.deliveryRecorded, ...errorResponses(403, 404, 409, 413) } },
  }, async (req) => recordDelivery(ctx.db, ctx.payments, requireOperator(req).id, req.params.id, req.body.quantityDelivered, ctx.now()));

  // ── what the leader prints: never a code ──
  const dayQuery = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });
  r.get('/api/communities/:id/pick-list', { schema: { tags: ['fulfilment'], summary: '分拣单', params, querystring: dayQuery, response: { 200: api.pickList, ...errorResponses(403, 404) } } }, async (req) =>
    pickList(ctx.db, req.params.id, requireUser(req), req.query.date, req.locale));

  r.get('/api/communities/:id/labels', { schema: { tags: ['fulfilment'], summary: '袋贴（跟团号、打码姓名、商品、批次）', params, querystring: dayQuery, response: { 200: api.bagLabels, ...errorResponses(403, 404) } } }, async (req) =>
    bagLabels(ctx.db, req.params.id, requireUser(req), req.query.date, req.locale));

  r.get('/api/communities/:id/pick-list.xlsx', { schema: { tags: ['fulfilment'], summary: '分拣单 .xlsx', params, querystring: dayQuery, response: { 200: binaryAnswer('The pick list as a workbook (attachment)', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'), ...errorResponses(403, 404) } } }, async (req, reply) => {
    const list = await pickList(ctx.db, req.params.id, requireUser(req), req.query.date, req.locale);
    const bytes = await pickListWorkbook(list, req.locale);
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${translate(req.locale, 'picklist.sheet')}-${list.community.name}-${list.date}.xlsx`)}`);
    return reply.send(bytes);
  });
}
