import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireUser, type AppContext } from './context.js';
import * as groupbuy from '../modules/groupbuy/index.js';
import { priceDropPreview } from '../modules/orders/index.js';
import { requireLeader, requireMember } from '../modules/community/index.js';
import { notFound } from '../platform/errors.js';
import { changeGroupBuy, openDraft } from '../workflows/change-group-buy.js';
import { errorResponses, itemsOf, okAnswer } from './api-schemas.js';
import { groupBuy } from './groupbuy.api.js';
import * as api from './group-buy-changes.api.js';

const L = groupbuy.OPEN_LIMITS;
const idParams = z.object({ id: z.uuid() });
const itemParams = z.object({ id: z.uuid(), itemId: z.uuid() });
const itemBody = z.object({
  productId: z.uuid(),
  batchId: z.uuid().optional(),
  priceFen: z.number().int().min(1).max(L.priceFen),
  stockTotal: z.number().int().min(1).max(L.stock),
  perPersonLimit: z.number().int().min(1).max(L.perPersonLimit),
});
/** A draft is saved as he left it: times may be anything, items may be few or none. */
const draftBody = z.object({
  title: z.string().trim().max(L.title).default(''),
  note: z.string().trim().max(L.note).default(''),
  priorityMinutes: z.number().int().min(0).max(24 * 60).default(0),
  cutoffAt: z.iso.datetime({ offset: true }),
  pickupStartAt: z.iso.datetime({ offset: true }),
  pickupEndAt: z.iso.datetime({ offset: true }),
  items: z.array(z.object({
    productId: z.uuid(),
    batchId: z.uuid().nullable().optional(),
    priceFen: z.number().int().min(1).max(L.priceFen),
    stockTotal: z.number().int().min(1).max(L.stock),
    perPersonLimit: z.number().int().min(1).max(L.perPersonLimit),
  })).max(groupbuy.MAX_ITEMS),
});

/** Drafts (copy, save, open) and changes to live group buys, with their history. */
export function groupBuyChangeRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  const tags = ['groupbuy'];

  r.post('/api/group-buys/:id/copy', { schema: { tags, summary: '复制团购为草稿（团长）：商品、价格、库存、限购、文案，时间默认移到明天', params: idParams, response: { 201: api.draft, ...errorResponses(403, 404) } } }, async (req, reply) => {
    reply.code(201);
    return groupbuy.copyToDraft(ctx.db, req.params.id, requireUser(req).id, ctx.now());
  });

  r.get('/api/communities/:id/group-buy-drafts', { schema: { tags, summary: '团购草稿（团长）', params: idParams, response: { 200: itemsOf(api.draft), ...errorResponses(403, 404) } } }, async (req) =>
    ({ items: await groupbuy.listDrafts(ctx.db, req.params.id, requireUser(req).id) }));

  r.post('/api/communities/:id/group-buy-drafts', { schema: { tags, summary: '保存新草稿（团长）', params: idParams, body: draftBody, response: { 201: api.draft, ...errorResponses(403, 404) } } }, async (req, reply) => {
    reply.code(201);
    return groupbuy.createDraft(ctx.db, req.params.id, requireUser(req).id, req.body, ctx.now());
  });

  r.get('/api/group-buy-drafts/:id', { schema: { tags, summary: '一个草稿（团长）', params: idParams, response: { 200: api.draft, ...errorResponses(403, 404) } } }, async (req) =>
    groupbuy.getDraft(ctx.db, req.params.id, requireUser(req).id));

  r.put('/api/group-buy-drafts/:id', { schema: { tags, summary: '修改草稿（团长）', params: idParams, body: draftBody, response: { 200: api.draft, ...errorResponses(403, 404, 409) } } }, async (req) =>
    groupbuy.saveDraft(ctx.db, req.params.id, requireUser(req).id, req.body, ctx.now()));

  r.delete('/api/group-buy-drafts/:id', { schema: { tags, summary: '删除草稿（团长）', params: idParams, response: { 200: okAnswer, ...errorResponses(403, 404, 409) } } }, async (req) => {
    await groupbuy.deleteDraft(ctx.db, req.params.id, requireUser(req).id);
    return { ok: true as const };
  });

  r.post('/api/group-buy-drafts/:id/open', {
    schema: { tags, summary: '草稿开团（团长）：立即开团，或定时开团（opensAt）；与新开团同样的规则', params: idParams, body: z.object({ opensAt: z.coerce.date().optional() }).optional(), response: { 201: groupBuy, ...errorResponses(403, 404, 409) } },
  }, async (req, reply) => {
    const gb = await openDraft(ctx.db, req.params.id, requireUser(req).id, req.body?.opensAt, ctx.now());
    reply.code(201);
    return gb;
  });

  r.patch('/api/group-buys/:id/times', {
    schema: { tags, summary: '改截单时间或取货时间（团长）：已下单的邻居会收到通知', params: idParams, body: z.object({ cutoffAt: z.coerce.date().optional(), pickupStartAt: z.coerce.date().optional(), pickupEndAt: z.coerce.date().optional() }), response: { 200: groupBuy, ...errorResponses(403, 404, 409) } },
  }, async (req) => changeGroupBuy(ctx.db, ctx.payments, req.params.id, requireUser(req).id, { kind: 'times', ...req.body }, ctx.now()));

  r.patch('/api/group-buys/:id/texts', {
    schema: { tags, summary: '改标题、备注（团长）', params: idParams, body: z.object({ title: z.string().max(L.title).optional(), note: z.string().max(L.note).optional() }), response: { 200: groupBuy, ...errorResponses(403, 404, 409) } },
  }, async (req) => changeGroupBuy(ctx.db, ctx.payments, req.params.id, requireUser(req).id, { kind: 'texts', ...req.body }, ctx.now()));

  r.post('/api/group-buys/:id/items', { schema: { tags, summary: '给进行中的团加商品（团长）：须已试用背书、批次合格', params: idParams, body: itemBody, response: { 201: groupBuy, ...errorResponses(403, 404, 409) } } }, async (req, reply) => {
    const gb = await changeGroupBuy(ctx.db, ctx.payments, req.params.id, requireUser(req).id, { kind: 'add_item', item: req.body }, ctx.now());
    reply.code(201);
    return gb;
  });

  r.patch('/api/group-buys/:id/items/:itemId', {
    schema: {
      tags, summary: '改商品库存、价格、限购（团长）：库存不少于已卖出，有订单不能涨价，降价自动退差价', params: itemParams,
      body: z.object({ stockTotal: z.number().int().min(0).max(L.stock).optional(), priceFen: z.number().int().min(1).max(L.priceFen).optional(), perPersonLimit: z.number().int().min(1).max(L.perPersonLimit).optional() }),
      response: { 200: groupBuy, ...errorResponses(403, 404, 409) },
    },
  }, async (req) => changeGroupBuy(ctx.db, ctx.payments, req.params.id, requireUser(req).id, { kind: 'item', itemId: req.params.itemId, ...req.body }, ctx.now()));

  r.get('/api/group-buys/:id/items/:itemId/price-drop', {
    schema: { tags, summary: '降价会退给多少位邻居、共多少钱（团长确认前看）', params: itemParams, querystring: z.object({ priceFen: z.coerce.number().int().min(1).max(L.priceFen) }), response: { 200: api.priceDropPreview, ...errorResponses(403, 404) } },
  }, async (req) => {
    const gb = await groupbuy.getGroupBuyDetail(ctx.db, req.params.id, ctx.now());
    await requireLeader(ctx.db, gb.communityId, requireUser(req).id);
    if (!gb.items.some((i) => i.id === req.params.itemId)) throw notFound('groupbuy.item_not_found');
    return priceDropPreview(ctx.db, req.params.itemId, req.query.priceFen);
  });

  r.get('/api/group-buys/:id/changes', {
    schema: { tags, summary: '团购的修改记录：团长看全部，邻居看时间变动与降价', params: idParams, response: { 200: itemsOf(api.groupBuyChange), ...errorResponses(403, 404) } },
  }, async (req) => {
    const user = requireUser(req);
    const gb = await groupbuy.getGroupBuy(ctx.db, req.params.id);
    const m = await requireMember(ctx.db, gb.communityId, user);
    const leader = user.isOperator || m?.role === 'leader';
    return { items: await groupbuy.listChanges(ctx.db, gb.id, { publicOnly: !leader }) };
  });
}
