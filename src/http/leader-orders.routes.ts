import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireUser, type AppContext } from './context.js';
import { badRequest } from '../platform/errors.js';
import { translate } from '../platform/i18n.js';
import { lineStatuses } from '../modules/orders/index.js';
import { leaderOrderFilters, leaderOrderLines, leaderOrders, leaderPrintSheets, type LeaderOrderFilter } from '../queries/leader-orders.js';
import { exportTable, ordersCsv, ordersWorkbook } from '../queries/leader-orders-export.js';
import { markArrivals } from '../workflows/bulk-arrival.js';
import { binaryAnswer, errorResponses } from './api-schemas.js';
import * as api from './leader-orders.api.js';

const params = z.object({ id: z.uuid() });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The filter of the leader's order list, the same for the list, the print run and the exports. */
const filterQuery = z.object({
  groupBuyId: z.uuid().optional(),
  status: z.enum(lineStatuses).optional(),
  groupNumber: z.coerce.number().int().min(1).max(1_000_000).optional(),
  name: z.string().max(40).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  pickupDate: z.iso.date().optional(),
  pickupPointId: z.uuid().optional(),
  notCollected: z.enum(['true', 'false']).optional(),
  q: z.string().max(60).optional(),
  orderIds: z.string().max(200 * 37).optional().describe('Comma-separated order ids: only these (the leader\'s selection)'),
});

function toFilter(q: z.infer<typeof filterQuery>): LeaderOrderFilter {
  const orderIds = q.orderIds === undefined ? undefined : q.orderIds.split(',').map((s) => s.trim()).filter(Boolean);
  if (orderIds?.some((id) => !UUID.test(id))) throw badRequest('request.invalid', { detail: 'orderIds' });
  return { ...q, notCollected: q.notCollected === 'true', orderIds };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The leader's orders of his community: list, filters, print run, exports, arrival of several group buys. Leaders only. */
export function leaderOrderRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);

  r.get('/api/communities/:id/leader-orders', {
    schema: {
      tags: ['leader-orders'], summary: '团长的订单列表（筛选、搜索、分页、合计）', params,
      querystring: filterQuery.extend({ page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) }),
      response: { 200: api.leaderOrderPage, ...errorResponses(403, 404) },
    },
  }, async (req) => {
    const { page, pageSize, ...filter } = req.query;
    return leaderOrders(ctx.db, req.params.id, requireUser(req).id, toFilter(filter), { page, pageSize }, ctx.now(), req.locale);
  });

  r.get('/api/communities/:id/leader-orders/filters', {
    schema: { tags: ['leader-orders'], summary: '订单筛选项：团购、自提点、状态', params, response: { 200: api.leaderOrderFilters, ...errorResponses(403, 404) } },
  }, async (req) => leaderOrderFilters(ctx.db, req.params.id, requireUser(req).id));

  r.get('/api/communities/:id/leader-orders/print', {
    schema: {
      tags: ['leader-orders'], summary: '取货日的袋贴（每户每团一张）和分户清单（每户一张）', params,
      querystring: filterQuery.extend({ pickupDate: z.iso.date() }),
      response: { 200: api.leaderPrintSheets, ...errorResponses(403, 404) },
    },
  }, async (req) => {
    const filter = toFilter(req.query);
    return leaderPrintSheets(ctx.db, req.params.id, requireUser(req).id, { ...filter, pickupDate: req.query.pickupDate }, ctx.now(), req.locale);
  });

  for (const format of ['xlsx', 'csv'] as const) {
    const type = format === 'xlsx' ? XLSX : 'text/csv; charset=utf-8';
    r.get(`/api/communities/:id/leader-orders.${format}`, {
      schema: {
        tags: ['leader-orders'], summary: `导出筛选后的订单（.${format}，一行一件商品；不含取货码和完整手机号）`, params, querystring: filterQuery,
        response: { 200: binaryAnswer(`The filtered order lines as ${format.toUpperCase()} (attachment)`, format === 'xlsx' ? XLSX : 'text/csv'), ...errorResponses(403, 404) },
      },
    }, async (req, reply) => {
      const { community, lines } = await leaderOrderLines(ctx.db, req.params.id, requireUser(req).id, toFilter(req.query), ctx.now(), req.locale);
      const table = exportTable(lines, community.timeZone, req.locale);
      const bytes = format === 'xlsx' ? await ordersWorkbook(table, req.locale) : ordersCsv(table);
      const day = new Intl.DateTimeFormat('sv-SE', { timeZone: community.timeZone }).format(ctx.now());
      reply.header('content-type', type);
      reply.header('cache-control', 'no-store');
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${translate(req.locale, 'leaderOrders.export.file')}-${community.name}-${day}.${format}`)}`);
      return reply.send(bytes);
    });
  }

  r.post('/api/communities/:id/leader-orders/arrival', {
    schema: {
      tags: ['leader-orders'], summary: '一次确认几个团购到货（每个团购按自己的规则收货，逐个报告结果）', params,
      body: z.object({ groupBuyIds: z.array(z.uuid()).min(1).max(20) }),
      response: { 200: api.groupBuyArrivals, ...errorResponses(403, 404, 413) },
    },
  }, async (req) => ({ items: await markArrivals(ctx.db, ctx.payments, { communityId: req.params.id, leaderId: requireUser(req).id, groupBuyIds: req.body.groupBuyIds, now: ctx.now(), locale: req.locale }) }));
}
