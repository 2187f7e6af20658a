import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { asZod, requireUser, type AppContext } from './context.js';
import { readMultipart, registerFileAccess } from './files.routes.js';
import { MAX_IMAGE_BYTES } from '../modules/files/index.js';
import { badRequest } from '../platform/errors.js';
import * as messaging from '../modules/messaging/index.js';
import { errorResponses } from './api-schemas.js';
import * as api from './messaging.api.js';

const idParams = z.object({ id: z.uuid() });
const messageFields = z.object({ body: z.string().max(20_000).default(''), orderId: z.uuid().nullable().optional() });
const olderQuery = z.object({ before: z.uuid().optional() });

// Pictures in a conversation are for its two sides only.
registerFileAccess(async (ctx, scope, user) => messaging.canOpenConversationFiles(ctx.db, scope, user.id));

/** JSON `{body, orderId}`, or multipart with a `payload` JSON field and up to a few `photos`. */
async function readMessage(req: FastifyRequest): Promise<messaging.MessageInput> {
  let raw: unknown = req.body;
  let photos: { filename: string; bytes: Buffer }[] = [];
  if (req.isMultipart()) {
    const parts = await readMultipart(req, MAX_IMAGE_BYTES, messaging.MESSAGE_LIMITS.photos + 1);
    try { raw = JSON.parse(parts.fields.payload ?? '{}'); } catch { throw badRequest('request.malformed_json'); }
    photos = parts.files;
  }
  const parsed = messageFields.safeParse(raw);
  if (!parsed.success) throw badRequest('request.invalid', { detail: parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ') });
  return { ...parsed.data, photos };
}

export function messagingRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);

  // The resident's side: her one conversation with her community's leaders.
  r.get('/api/communities/:id/conversation', {
    schema: { tags: ['messages'], summary: '我和团长的私信（居民）', params: idParams, querystring: olderQuery, response: { 200: api.conversation, ...errorResponses(403, 404) } },
  }, async (req) => messaging.myConversation(ctx.db, requireUser(req), req.params.id, req.query.before, req.locale));

  r.post('/api/communities/:id/conversation/messages', {
    schema: { tags: ['messages'], summary: '给团长发私信（可附订单、图片）', params: idParams, response: { 201: api.messageSent, ...errorResponses(403, 404, 409, 413) } },
  }, async (req, reply) => {
    const user = requireUser(req);
    const { message } = await messaging.writeToLeaders(ctx.db, ctx.storage, user, req.params.id, await readMessage(req), ctx.now());
    reply.code(201);
    return { message, conversation: await messaging.getConversation(ctx.db, user, message.conversationId, undefined, req.locale) };
  });

  // The leaders' inbox, and one conversation for either side.
  r.get('/api/communities/:id/inbox', {
    schema: { tags: ['messages'], summary: '团长的邻居私信（按最新排序，含未读数）', params: idParams, querystring: z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) }), response: { 200: api.inbox, ...errorResponses(403, 404) } },
  }, async (req) => messaging.inbox(ctx.db, requireUser(req), req.params.id, { page: req.query.page }, req.locale));

  r.get('/api/conversations/:id', {
    schema: { tags: ['messages'], summary: '一段私信（居民本人、本社区团长或运营）', params: idParams, querystring: olderQuery, response: { 200: api.conversation, ...errorResponses(404) } },
  }, async (req) => messaging.getConversation(ctx.db, requireUser(req), req.params.id, req.query.before, req.locale));

  r.post('/api/conversations/:id/messages', {
    schema: { tags: ['messages'], summary: '在私信里回复（团长回复居民，或居民继续说）', params: idParams, response: { 201: api.messageSent, ...errorResponses(403, 404, 413) } },
  }, async (req, reply) => {
    const user = requireUser(req);
    const { message } = await messaging.sendMessage(ctx.db, ctx.storage, user, req.params.id, await readMessage(req), ctx.now());
    reply.code(201);
    return { message, conversation: await messaging.getConversation(ctx.db, user, req.params.id, undefined, req.locale) };
  });

  r.post('/api/conversations/:id/read', {
    schema: { tags: ['messages'], summary: '标记已读（本方）', params: idParams, response: { 200: api.readAnswer, ...errorResponses(404, 413) } },
  }, async (req) => messaging.markRead(ctx.db, requireUser(req), req.params.id));

  r.post('/api/messages/:id/hide', {
    schema: { tags: ['messages'], summary: '运营隐藏一条私信（保留原因）', params: idParams, body: z.object({ reason: z.string().max(1000) }), response: { 200: api.hiddenMessage, ...errorResponses(403, 404, 413) } },
  }, async (req) => messaging.hideMessage(ctx.db, requireUser(req), req.params.id, req.body.reason, ctx.now()));
}
