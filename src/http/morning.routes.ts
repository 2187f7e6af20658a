import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireUser, type AppContext } from './context.js';
import { errorResponses } from './api-schemas.js';
import { leaderDashboard } from '../queries/leader-dashboard.js';
import { announce, ANNOUNCEMENT_LIMITS } from '../workflows/announce.js';
import { cancelRestock, myRestockAlert, searchOpenItems, subscribeRestock } from '../modules/groupbuy/index.js';
import * as api from './morning.api.js';

const params = z.object({ id: z.uuid() });

/** The leader's morning dashboard (today's figures, texts to copy and send) and residents' search and 到货提醒. */
export function morningRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);

  r.get('/api/communities/:id/leader-dashboard', {
    schema: { tags: ['dashboard'], summary: '团长早间看板：今天要交的货、未取、待处理售后、今日销售与佣金、在售团进度、到货与提醒文案', params, response: { 200: api.leaderDashboard, ...errorResponses(403, 404) } },
  }, async (req) => leaderDashboard(ctx.db, req.params.id, requireUser(req).id, ctx.now(), req.locale));

  r.post('/api/communities/:id/announcements', {
    schema: {
      tags: ['dashboard'], summary: '把到货通知或未取提醒作为站内通知发给相关邻居（每个团每天每种一次）', params,
      // The text is bounded by ANNOUNCEMENT_LIMITS in the workflow, so an overlong one gets its own message.
      body: z.object({ kind: z.enum(['arrival', 'reminder']), groupBuyIds: z.array(z.uuid()).max(ANNOUNCEMENT_LIMITS.maxGroupBuys), text: z.string().max(2000) }),
      response: { 200: api.announcementSent, ...errorResponses(403, 404, 413) },
    },
  }, async (req) => announce(ctx.db, { communityId: req.params.id, leaderId: requireUser(req).id, kind: req.body.kind, groupBuyIds: req.body.groupBuyIds, text: req.body.text, now: ctx.now() }));

  r.get('/api/communities/:id/search', {
    schema: { tags: ['groupbuy'], summary: '搜索本社区在售的团购和商品（商品名、团名、说明、产地）', params, querystring: z.object({ q: z.string().max(200).default('') }), response: { 200: api.searchResults, ...errorResponses(403, 404) } },
  }, async (req) => searchOpenItems(ctx.db, req.params.id, requireUser(req), req.query.q, ctx.now()));

  r.get('/api/group-buy-items/:id/restock-alert', {
    schema: { tags: ['groupbuy'], summary: '我在这件商品上的到货提醒', params, response: { 200: api.restockAlert, ...errorResponses(403, 404) } },
  }, async (req) => myRestockAlert(ctx.db, req.params.id, requireUser(req).id));

  r.post('/api/group-buy-items/:id/restock-alert', {
    schema: { tags: ['groupbuy'], summary: '到货提醒：售罄的商品补货时通知我', params, response: { 200: api.restockAlert, ...errorResponses(403, 404, 409) } },
  }, async (req) => subscribeRestock(ctx.db, req.params.id, requireUser(req), ctx.now()));

  r.delete('/api/group-buy-items/:id/restock-alert', {
    schema: { tags: ['groupbuy'], summary: '取消到货提醒', params, response: { 200: api.restockAlert, ...errorResponses(403, 404) } },
  }, async (req) => cancelRestock(ctx.db, req.params.id, requireUser(req).id, ctx.now()));
}
