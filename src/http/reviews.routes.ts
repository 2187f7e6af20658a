import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { asZod, requireOperator, requireUser, type AppContext } from './context.js';
import { readMultipart, registerFileAccess } from './files.routes.js';
import { MAX_IMAGE_BYTES } from '../modules/files/index.js';
import { badRequest, forbidden, notFound } from '../platform/errors.js';
import { listMyCommunities, requireMember } from '../modules/community/index.js';
import { getGroupBuyDetail } from '../modules/groupbuy/index.js';
import * as reviews from '../modules/reviews/index.js';
import { editReview, moderateReview, postReview } from '../workflows/post-review.js';
import { errorResponses } from './api-schemas.js';
import * as api from './reviews.api.js';

const idParams = z.object({ id: z.uuid() });
const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) });
// Stars are checked by the module, so a wrong number gets its own clear message.
const postFields = z.object({ stars: z.number(), body: z.string().max(5_000).optional() });
const editFields = postFields.extend({ keepPhotoIds: z.array(z.uuid()).max(20).optional() });
const reasonBody = z.object({ reason: z.string().max(1_000) });

// A review's photos: its author and operators always; any neighbour while the review is shown.
registerFileAccess(async (ctx, scope, user) => {
  if (!scope.startsWith('review:')) return false;
  if (!(await reviews.reviewPhotosVisible(ctx.db, scope, user.id))) return false;
  return (await listMyCommunities(ctx.db, user.id)).length > 0;
});

/** JSON, or multipart with a `payload` JSON field and image files `images`. */
async function readBody<T>(req: FastifyRequest, schema: z.ZodType<T>): Promise<{ data: T; images: { filename: string; bytes: Buffer }[] }> {
  let raw: unknown = req.body;
  let images: { filename: string; bytes: Buffer }[] = [];
  if (req.isMultipart()) {
    const parts = await readMultipart(req, MAX_IMAGE_BYTES, reviews.REVIEW_LIMITS.photos + 1);
    try { raw = JSON.parse(parts.fields.payload ?? '{}'); } catch { throw badRequest('request.malformed_json'); }
    images = parts.files;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw badRequest('request.invalid', { detail: parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ') });
  return { data: parsed.data, images };
}

/** Members of a group buy's community (operators too) read its items' reviews. */
async function visibleGroupBuy(ctx: AppContext, req: FastifyRequest, id: string) {
  const user = requireUser(req);
  const gb = await getGroupBuyDetail(ctx.db, id);
  await requireMember(ctx.db, gb.communityId, user);
  return { user, gb };
}

export function reviewRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);

  r.post('/api/order-lines/:id/review', { schema: { tags: ['reviews'], summary: '评价取到手的一件商品（每件一次，仅买家）', params: idParams, response: { 201: api.myReviewDetail, ...errorResponses(403, 404, 409, 413) } } }, async (req, reply) => {
    const user = requireUser(req);
    const { data, images } = await readBody(req, postFields);
    const review = await postReview(ctx.db, ctx.storage, user, { orderLineId: req.params.id, ...data, images }, ctx.now());
    reply.code(201);
    return reviews.myReview(ctx.db, user, review.id);
  });

  r.put('/api/reviews/:id', { schema: { tags: ['reviews'], summary: '修改自己的评价（保留原来的版本）', params: idParams, response: { 200: api.myReviewDetail, ...errorResponses(403, 404, 413) } } }, async (req) => {
    const user = requireUser(req);
    const { data, images } = await readBody(req, editFields);
    await editReview(ctx.db, ctx.storage, user, req.params.id, { ...data, images }, ctx.now());
    return reviews.myReview(ctx.db, user, req.params.id);
  });

  r.get('/api/reviews/:id', { schema: { tags: ['reviews'], summary: '我的一条评价（含修改记录）', params: idParams, response: { 200: api.myReviewDetail, ...errorResponses(403, 404) } } }, async (req) =>
    reviews.myReview(ctx.db, requireUser(req), req.params.id));

  r.get('/api/me/reviews', { schema: { tags: ['reviews'], summary: '我的评价（被隐藏的也在，附原因）', response: { 200: api.myReviewList, ...errorResponses() } } }, async (req) =>
    ({ items: await reviews.myReviews(ctx.db, requireUser(req).id) }));

  r.get('/api/me/reviewable-lines', { schema: { tags: ['reviews'], summary: '已取货、还没评价的商品', querystring: z.object({ orderId: z.uuid().optional() }), response: { 200: api.reviewableLineList, ...errorResponses() } } }, async (req) =>
    ({ items: await reviews.reviewableLines(ctx.db, requireUser(req).id, req.query.orderId) }));

  r.get('/api/orders/:id/review-states', { schema: { tags: ['reviews'], summary: '订单每件商品能否评价', params: idParams, response: { 200: api.orderReviewStates, ...errorResponses(404) } } }, async (req) => {
    const items = await reviews.orderReviewStates(ctx.db, requireUser(req).id, req.params.id);
    if (items.length === 0) throw notFound('order.not_found');
    return { items };
  });

  r.get('/api/group-buys/:id/review-summaries', { schema: { tags: ['reviews'], summary: '团购里每件商品的评价数与星级分布', params: idParams, response: { 200: api.itemReviewSummaries, ...errorResponses(403, 404) } } }, async (req) => {
    const { gb } = await visibleGroupBuy(ctx, req, req.params.id);
    const summaries = await reviews.productSummaries(ctx.db, [...new Set(gb.items.map((i) => i.productId))]);
    return { items: gb.items.map((i) => ({ itemId: i.id, productId: i.productId, summary: summaries.get(i.productId)! })) };
  });

  r.get('/api/group-buys/:id/items/:itemId/reviews', {
    schema: { tags: ['reviews'], summary: '团购商品的评价（分页，含星级分布）', params: z.object({ id: z.uuid(), itemId: z.uuid() }), querystring: pageQuery, response: { 200: api.reviewPage, ...errorResponses(403, 404) } },
  }, async (req) => {
    const { user, gb } = await visibleGroupBuy(ctx, req, req.params.id);
    const item = gb.items.find((i) => i.id === req.params.itemId);
    if (!item) throw notFound('groupbuy.not_found');
    return reviews.productReviews(ctx.db, user.id, item.productId, req.query.page, req.locale);
  });

  r.get('/api/products/:id/reviews', { schema: { tags: ['reviews'], summary: '商品评价（社区成员可看）', params: idParams, querystring: pageQuery, response: { 200: api.reviewPage, ...errorResponses(403, 404) } } }, async (req) => {
    const user = requireUser(req);
    if (!user.isOperator && (await listMyCommunities(ctx.db, user.id)).length === 0) throw forbidden('community.not_member');
    return reviews.productReviews(ctx.db, user.id, req.params.id, req.query.page, req.locale);
  });

  r.get('/api/console/reviews', {
    schema: { tags: ['reviews'], summary: '评价管理：显示中或已隐藏', querystring: pageQuery.extend({ status: z.enum(['visible', 'hidden']).default('visible'), communityId: z.uuid().optional() }), response: { 200: api.moderationQueue, ...errorResponses(403) } },
  }, async (req) => {
    requireOperator(req);
    return reviews.moderationQueue(ctx.db, req.query, req.locale);
  });

  for (const action of ['hide', 'unhide'] as const) {
    r.post(`/api/reviews/:id/${action}`, { schema: { tags: ['reviews'], summary: action === 'hide' ? '运营隐藏违规评价（写明原因）' : '运营恢复显示评价（写明原因）', params: idParams, body: reasonBody, response: { 200: api.moderatedReview, ...errorResponses(403, 404, 409) } } }, async (req) => {
      const done = await moderateReview(ctx.db, requireUser(req), req.params.id, action, req.body.reason, ctx.now());
      return { id: done.id, hidden: done.hiddenAt !== null, hiddenReason: done.hiddenReason };
    });
  }
}
