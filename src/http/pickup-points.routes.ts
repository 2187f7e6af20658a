// Pickup points (自提点), who may hand over there, door delivery (送货上门) and the leader's delivery list.
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireUser, type AppContext } from './context.js';
import * as community from '../modules/community/index.js';
import { deliveryList } from '../modules/fulfilment/index.js';
import { errorResponses } from './api-schemas.js';
import * as api from './pickup-points.api.js';

const idParams = z.object({ id: z.uuid() });
const pointBody = z.object({ name: z.string().max(100), address: z.string().max(300), hours: z.string().max(20) });

export function pickupPointRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  const tags = ['pickup-points'];

  r.get('/api/communities/:id/pickup-points', { schema: { tags, summary: '自提点（团长/运营含已关闭与站点人员）', params: idParams, response: { 200: api.pickupPointList, ...errorResponses(403, 404) } } }, async (req) => {
    const user = requireUser(req);
    const m = await community.requireMember(ctx.db, req.params.id, user);
    const canManage = user.isOperator || m?.role === 'leader';
    const items = await community.listPickupPoints(ctx.db, req.params.id, { includeClosed: canManage });
    const staffAt = m && m.role !== 'leader' ? await community.staffPointsOf(ctx.db, req.params.id, user.id) : [];
    return {
      items: canManage ? items : items.map((p) => ({ ...p, staff: [] })),
      canManage,
      handOverAt: m?.role === 'leader' ? items.filter((p) => !p.closedAt).map((p) => p.id) : staffAt,
      mayDeliver: m?.role === 'leader',
    };
  });

  r.post('/api/communities/:id/pickup-points', { schema: { tags, summary: '新增自提点', params: idParams, body: pointBody, response: { 201: api.pickupPoint, ...errorResponses(403, 404, 409, 413) } } }, async (req, reply) => {
    const p = await community.addPickupPoint(ctx.db, requireUser(req), req.params.id, req.body);
    reply.code(201);
    return { ...p, staff: [] };
  });

  const one = async (id: string) => (await community.listPickupPoints(ctx.db, (await community.getPickupPoint(ctx.db, id)).communityId, { includeClosed: true })).find((p) => p.id === id)!;

  r.patch('/api/pickup-points/:id', { schema: { tags, summary: '修改自提点（名称、地址、时间）', params: idParams, body: pointBody.partial(), response: { 200: api.pickupPoint, ...errorResponses(403, 404, 413) } } }, async (req) => {
    await community.updatePickupPoint(ctx.db, requireUser(req), req.params.id, req.body);
    return one(req.params.id);
  });

  r.post('/api/pickup-points/:id/close', { schema: { tags, summary: '关闭自提点（不再接单，保留记录；最后一个开放的不能关）', params: idParams, response: { 200: api.pickupPoint, ...errorResponses(403, 404, 409) } } }, async (req) => {
    await community.closePickupPoint(ctx.db, requireUser(req), req.params.id, ctx.now());
    return one(req.params.id);
  });

  r.post('/api/pickup-points/:id/reopen', { schema: { tags, summary: '重新开放自提点', params: idParams, response: { 200: api.pickupPoint, ...errorResponses(403, 404) } } }, async (req) => {
    await community.reopenPickupPoint(ctx.db, requireUser(req), req.params.id);
    return one(req.params.id);
  });

  r.put('/api/communities/:id/pickup-points/order', { schema: { tags, summary: '调整自提点顺序（第一个开放的为默认）', params: idParams, body: z.object({ ids: z.array(z.uuid()).max(50) }), response: { 200: z.object({ items: z.array(api.pickupPoint) }), ...errorResponses(403, 404, 413) } } }, async (req) =>
    ({ items: await community.reorderPickupPoints(ctx.db, requireUser(req), req.params.id, req.body.ids) }));

  r.put('/api/pickup-points/:id/staff', { schema: { tags, summary: '指定可在此自提点交货的人（本社区成员）', params: idParams, body: z.object({ userIds: z.array(z.uuid()).max(20) }), response: { 200: api.pickupPoint, ...errorResponses(403, 404, 413) } } }, async (req) =>
    community.setPickupPointStaff(ctx.db, requireUser(req), req.params.id, req.body.userIds));

  r.get('/api/communities/:id/delivery-settings', { schema: { tags, summary: '送货上门设置', params: idParams, response: { 200: api.deliverySettings, ...errorResponses(403, 404) } } }, async (req) => {
    await community.requireMember(ctx.db, req.params.id, requireUser(req));
    return community.getDeliverySettings(ctx.db, req.params.id);
  });

  r.put('/api/communities/:id/delivery-settings', {
    schema: { tags, summary: '设置送货上门（费用、区域、时段、开关）', params: idParams, body: z.object({ enabled: z.boolean(), feeFen: z.number().int(), areas: z.array(z.string().max(40)).max(100), slots: z.array(z.string().max(20)).max(20) }), response: { 200: api.deliverySettings, ...errorResponses(403, 404, 413) } },
  }, async (req) => community.setDeliverySettings(ctx.db, requireUser(req), req.params.id, req.body));

  r.get('/api/communities/:id/door-deliveries', { schema: { tags, summary: '送货上门清单（按时段，团长）', params: idParams, response: { 200: api.deliveryList, ...errorResponses(403, 404) } } }, async (req) =>
    deliveryList(ctx.db, req.params.id, requireUser(req).id, ctx.now(), req.locale));
}
