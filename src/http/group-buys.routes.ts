import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireUser, type AppContext } from './context.js';
import * as groupbuy from '../modules/groupbuy/index.js';
import { listForGroupBuy, rollCall } from '../modules/orders/index.js';
import { requireLeader } from '../modules/community/index.js';
import { closeEarly } from '../workflows/close-group-buy.js';
import { errorResponses, itemsOf } from './api-schemas.js';
import { groupBuy } from './groupbuy.api.js';
import * as api from './group-buys.api.js';

const idParams = z.object({ id: z.uuid() });

/** A leader's work on one group buy that spans modules: share kit with the roll call, orders, closing. */
export function groupBuyLeaderRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  const requireOwn = async (id: string, user: { id: string; isOperator: boolean }) => {
    const gb = await groupbuy.getGroupBuy(ctx.db, id);
    if (!user.isOperator) await requireLeader(ctx.db, gb.communityId, user.id);
    return gb;
  };

  r.get('/api/group-buys/:id/share', { schema: { tags: ['groupbuy'], summary: '接龙文案与二维码（团长）', params: idParams, response: { 200: api.shareKit, ...errorResponses(403, 404) } } }, async (req) => {
    const user = requireUser(req);
    await requireOwn(req.params.id, user);
    return groupbuy.shareKit(ctx.db, req.params.id, user, req.publicBaseUrl(), req.locale, await rollCall(ctx.db, req.params.id));
  });

  r.get('/api/group-buys/:id/roll-call', { schema: { tags: ['groupbuy'], summary: '接龙名单（跟团号、打码姓名、商品）', params: idParams, response: { 200: api.rollCall, ...errorResponses(403, 404) } } }, async (req) => {
    const user = requireUser(req);
    await requireOwn(req.params.id, user);
    const entries = await rollCall(ctx.db, req.params.id);
    return { text: entries.map(groupbuy.rollLine).join('\n'), entries };
  });

  r.get('/api/group-buys/:id/orders', { schema: { tags: ['groupbuy'], summary: '团购的订单（团长）：跟团号、备注、当前商品与金额', params: idParams, response: { 200: itemsOf(api.groupBuyOrder), ...errorResponses(403, 404) } } }, async (req) => {
    const gb = await requireOwn(req.params.id, requireUser(req));
    return { items: await listForGroupBuy(ctx.db, gb.id) };
  });

  r.post('/api/group-buys/:id/close', { schema: { tags: ['groupbuy'], summary: '提前截单（团长）', params: idParams, response: { 200: groupBuy, ...errorResponses(403, 404, 409) } } }, async (req) =>
    closeEarly(ctx.db, req.params.id, requireUser(req).id, ctx.now()));
}
