import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireUser, type AppContext } from './context.js';
import * as feed from '../modules/feed/index.js';
import { getFileMeta } from '../modules/files/index.js';
import { binaryAnswer, errorResponses } from './api-schemas.js';
import * as api from './stories.api.js';

const idParams = z.object({ id: z.uuid() });

/** KOC stories: residents' posts about campaign products, picked by their leader, shown with their consent. */
export function storyRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  r.get('/api/my/taggable-products', { schema: { tags: ['stories'], summary: '我取到手、可以标记在动态上的商品', response: { 200: api.taggableProducts, ...errorResponses(401) } } }, async (req) =>
    ({ items: await feed.taggableProducts(ctx.db, requireUser(req)) }));
  r.post('/api/posts/:id/products', { schema: { tags: ['stories'], summary: '在自己的动态上标记取到手的商品', params: idParams, body: z.object({ productId: z.uuid() }), response: { 200: api.postTags, ...errorResponses(400, 403, 404, 409) } } }, async (req) =>
    feed.tagPostProduct(ctx.db, requireUser(req), req.params.id, req.body.productId, ctx.now()));

  r.get('/api/communities/:id/campaigns/:slug/story-candidates', {
    schema: { tags: ['stories'], summary: '团长：本社区可推荐为活动故事的动态', params: z.object({ id: z.uuid(), slug: z.string().max(80) }), response: { 200: api.storyCandidates, ...errorResponses(403, 404) } },
  }, async (req) => feed.storyCandidates(ctx.db, requireUser(req), req.params.id, req.params.slug, req.locale, ctx.now()));
  r.post('/api/campaign-stories', { schema: { tags: ['stories'], summary: '团长推荐动态为活动故事（需作者同意）', body: z.object({ campaignId: z.uuid(), postId: z.uuid() }), response: { 201: api.nominated, ...errorResponses(403, 404, 409) } } }, async (req, reply) => {
    const s = await feed.nominateStory(ctx.db, requireUser(req), req.body.campaignId, req.body.postId, req.locale, ctx.now());
    reply.code(201);
    return { id: s.id, status: s.status };
  });

  r.get('/api/campaign-stories/:id', { schema: { tags: ['stories'], summary: '作者：故事邀请详情', params: idParams, response: { 200: api.myStory, ...errorResponses(404) } } }, async (req) =>
    feed.myStory(ctx.db, requireUser(req), req.params.id, req.locale));
  r.get('/api/posts/:id/my-stories', { schema: { tags: ['stories'], summary: '作者：这条动态上待回复或展示中的故事', params: idParams, response: { 200: api.myStories, ...errorResponses(404) } } }, async (req) =>
    ({ items: await feed.storiesOfMyPost(ctx.db, requireUser(req), req.params.id, req.locale) }));
  r.post('/api/campaign-stories/:id/answer', { schema: { tags: ['stories'], summary: '作者同意、拒绝或撤回展示', params: idParams, body: z.object({ answer: z.enum(['accept', 'decline', 'withdraw']) }), response: { 200: api.storyAnswered, ...errorResponses(404, 409) } } }, async (req) =>
    feed.answerStory(ctx.db, requireUser(req), req.params.id, req.body.answer, ctx.now()));
  r.post('/api/campaign-stories/:id/remove', { schema: { tags: ['stories'], summary: '运营撤下故事（保留原因）', params: idParams, body: z.object({ reason: z.string().max(1000) }), response: { 200: api.storyRemoved, ...errorResponses(400, 403, 404, 409) } } }, async (req) =>
    feed.removeStory(ctx.db, requireUser(req), req.params.id, req.body.reason, ctx.now()));

  r.get('/api/campaigns/:slug/stories', {
    schema: { tags: ['stories'], summary: '活动页的居民故事（已同意、未撤下）', params: z.object({ slug: z.string().max(80) }), querystring: z.object({ page: z.coerce.number().int().min(1).max(1000).default(1) }), response: { 200: api.storyPage, ...errorResponses(404) } },
  }, async (req) => feed.campaignStoriesPage(ctx.db, req.params.slug, req.query.page, req.locale, ctx.now()));
  r.get('/api/campaign-stories/:id/photos/:fileId', {
    schema: { tags: ['stories'], summary: '展示中故事的照片', params: z.object({ id: z.uuid(), fileId: z.uuid() }), response: { 200: binaryAnswer('The photo', 'image/jpeg', 'image/png', 'image/webp'), ...errorResponses(404) } },
  }, async (req, reply) => {
    const file = await getFileMeta(ctx.db, await feed.storyPhotoFileId(ctx.db, req.params.id, req.params.fileId));
    reply.header('content-type', file.contentType);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('cache-control', 'public, max-age=300');
    return reply.send(await ctx.storage.get(file.storageKey));
  });
}
