import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { asZod, requireUser, type AppContext } from './context.js';
import { readMultipart, registerFileAccess } from './files.routes.js';
import { MAX_IMAGE_BYTES } from '../modules/files/index.js';
import { badRequest } from '../platform/errors.js';
import { membershipOf } from '../modules/community/index.js';
import { postKinds } from '../modules/feed/index.js';
import * as feed from '../modules/feed/index.js';
import { errorResponses } from './api-schemas.js';
import * as api from './feed.api.js';

const idParams = z.object({ id: z.uuid() });
const postFields = z.object({
  kind: z.enum(postKinds), title: z.string().max(200).optional(), body: z.string().max(20_000).default(''),
  groupBuyId: z.uuid().optional(), parentId: z.uuid().optional(), mentionsLeader: z.boolean().optional(),
  poll: z.object({ options: z.array(z.string().max(200)).max(30), multiple: z.boolean().default(false), closesAt: z.coerce.date() }).optional(),
});
const commentFields = z.object({ body: z.string().max(20_000), links: z.array(z.object({ type: z.enum(['group_buy', 'product']), id: z.uuid() })).max(20).optional() });

// Pictures posted in a community are for its members.
registerFileAccess(async (ctx, scope, user) => {
  const m = /^community:([0-9a-f-]{36})$/.exec(scope);
  return Boolean(m) && Boolean(await membershipOf(ctx.db, m![1], user.id));
});

/** JSON, or multipart with a `payload` JSON field and image files `images`. */
async function readBody<T>(req: FastifyRequest, schema: z.ZodType<T>): Promise<{ data: T; images: { filename: string; bytes: Buffer }[] }> {
  let raw: unknown = req.body;
  let images: { filename: string; bytes: Buffer }[] = [];
  if (req.isMultipart()) {
    const parts = await readMultipart(req, MAX_IMAGE_BYTES, feed.LIMITS.images + 1);
    try { raw = JSON.parse(parts.fields.payload ?? '{}'); } catch { throw badRequest('request.malformed_json'); }
    images = parts.files;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw badRequest('request.invalid', { detail: parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ') });
  return { data: parsed.data, images };
}

export function feedRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  r.get('/api/communities/:id/feed', {
    schema: { tags: ['feed'], summary: '社区动态（置顶在前）', params: idParams, querystring: z.object({ kind: z.enum(postKinds).optional(), page: z.coerce.number().int().min(1).max(10_000).default(1) }),
      response: { 200: api.feedPage, ...errorResponses(403, 404) } },
  }, async (req) => feed.listFeed(ctx.db, requireUser(req), req.params.id, req.query, ctx.now(), req.locale));

  r.post('/api/communities/:id/posts', { schema: { tags: ['feed'], summary: '发布文章 / 通知 / 提问 / 话题 / 投票', params: idParams, response: { 201: api.feedPostDetail, ...errorResponses(403, 404, 413) } } }, async (req, reply) => {
    const user = requireUser(req);
    const { data, images } = await readBody(req, postFields);
    const post = await feed.createPost(ctx.db, ctx.storage, user, req.params.id, { ...data, images }, ctx.now());
    reply.code(201);
    return feed.getPost(ctx.db, user, post.id, ctx.now(), req.locale);
  });

  r.get('/api/posts/:id', { schema: { tags: ['feed'], summary: '动态详情（含评论与话题作品）', params: idParams, response: { 200: api.feedPostDetail, ...errorResponses(404) } } }, async (req) => feed.getPost(ctx.db, requireUser(req), req.params.id, ctx.now(), req.locale));

  r.post('/api/posts/:id/comments', { schema: { tags: ['feed'], summary: '评论 / 回答（团长可附团购或商品链接）', params: idParams, response: { 201: api.feedPostDetail, ...errorResponses(403, 404, 409, 413) } } }, async (req, reply) => {
    const user = requireUser(req);
    const { data, images } = await readBody(req, commentFields);
    await feed.addComment(ctx.db, ctx.storage, user, req.params.id, { ...data, images }, ctx.now());
    reply.code(201);
    return feed.getPost(ctx.db, user, req.params.id, ctx.now(), req.locale);
  });

  r.put('/api/posts/:id/reaction', { schema: { tags: ['feed'], summary: '点赞或取消', params: idParams, body: z.object({ liked: z.boolean() }), response: { 200: api.reaction, ...errorResponses(403, 404, 413) } } }, async (req) =>
    feed.setReaction(ctx.db, requireUser(req), req.params.id, req.body.liked));
  r.put('/api/posts/:id/pin', { schema: { tags: ['feed'], summary: '团长置顶或取消', params: idParams, body: z.object({ pinned: z.boolean() }), response: { 200: api.pinned, ...errorResponses(403, 404, 413) } } }, async (req) =>
    feed.setPinned(ctx.db, requireUser(req), req.params.id, req.body.pinned, ctx.now()));
  r.put('/api/posts/:id/mute', { schema: { tags: ['feed'], summary: '不再接收这条讨论的消息', params: idParams, body: z.object({ muted: z.boolean() }), response: { 200: api.muted, ...errorResponses(404, 413) } } }, async (req) =>
    feed.setThreadMuted(ctx.db, requireUser(req), req.params.id, req.body.muted));
  r.post('/api/posts/:id/helpful', { schema: { tags: ['feed'], summary: '提问者采纳有用的回答', params: idParams, body: z.object({ commentId: z.uuid() }), response: { 200: api.helpful, ...errorResponses(403, 404, 413) } } }, async (req) =>
    feed.markHelpful(ctx.db, requireUser(req), req.params.id, req.body.commentId));
  r.post('/api/posts/:id/vote', { schema: { tags: ['feed'], summary: '投票（每人一次）', params: idParams, body: z.object({ optionIds: z.array(z.uuid()).min(1).max(30) }), response: { 200: api.feedPoll, ...errorResponses(403, 404, 409, 413) } } }, async (req) =>
    feed.vote(ctx.db, requireUser(req), req.params.id, req.body.optionIds, ctx.now()));

  const target = z.object({ type: z.enum(['post', 'comment']), id: z.uuid() });
  r.post('/api/moderation/hide', { schema: { tags: ['feed'], summary: '隐藏内容（保留原因）', body: target.extend({ reason: z.string().max(1000) }), response: { 200: api.hidden, ...errorResponses(403, 404, 413) } } }, async (req) =>
    feed.hideContent(ctx.db, requireUser(req), { type: req.body.type, id: req.body.id }, req.body.reason, ctx.now()));
  r.post('/api/moderation/reports', { schema: { tags: ['feed'], summary: '举报', body: target.extend({ reason: z.string().max(1000) }), response: { 201: api.reportFiled, ...errorResponses(404, 409, 413) } } }, async (req, reply) => {
    reply.code(201);
    return feed.report(ctx.db, requireUser(req), { type: req.body.type, id: req.body.id }, req.body.reason, ctx.now());
  });
  r.get('/api/moderation/reports', { schema: { tags: ['feed'], summary: '待处理举报（团长看本社区，运营看全部）', querystring: z.object({ communityId: z.uuid().optional() }), response: { 200: api.reportList, ...errorResponses(403, 404) } } }, async (req) =>
    ({ items: await feed.reportQueue(ctx.db, requireUser(req), req.query.communityId, req.locale) }));
  r.post('/api/moderation/reports/:id/resolve', { schema: { tags: ['feed'], summary: '处理举报：隐藏或驳回', params: idParams, body: z.object({ decision: z.enum(['hide', 'dismiss']), reason: z.string().max(1000).default('') }), response: { 200: api.reportResolution, ...errorResponses(404, 409, 413) } } }, async (req) =>
    feed.resolveReport(ctx.db, requireUser(req), req.params.id, req.body.decision, req.body.reason, ctx.now()));

  r.get('/api/communities/:id/questions/open', { schema: { tags: ['feed'], summary: '团长待答的问题', params: idParams, response: { 200: api.questionList, ...errorResponses(403, 404) } } }, async (req) =>
    ({ items: await feed.openQuestions(ctx.db, requireUser(req), req.params.id, req.locale) }));
}
