import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireUser, type AppContext } from './context.js';
import { listNotifications, markRead, noticeSettings, setNoticeMutes, unreadCounts } from '../modules/notifications/index.js';
import { errorResponses } from './api-schemas.js';
import * as api from './notifications.api.js';

export function notificationRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  r.get('/api/notifications', { schema: { tags: ['notifications'], summary: '我的消息', response: { 200: api.noticeList, ...errorResponses() } } }, async (req) => listNotifications(ctx.db, requireUser(req).id, req.locale));
  r.post('/api/notifications/read', {
    schema: { tags: ['notifications'], body: z.object({ ids: z.union([z.array(z.uuid()).max(200), z.literal('all')]) }), response: { 200: z.object({ marked: z.number().int() }), ...errorResponses(413) } },
  }, async (req) => ({ marked: await markRead(ctx.db, requireUser(req).id, req.body.ids) }));
  r.get('/api/notifications/unread', { schema: { tags: ['notifications'], summary: '未读数（按类型）', response: { 200: api.unreadCounts, ...errorResponses() } } }, async (req) => unreadCounts(ctx.db, requireUser(req).id));
  r.get('/api/notifications/settings', { schema: { tags: ['notifications'], summary: '消息设置：按类型免打扰', response: { 200: api.noticeSettings, ...errorResponses() } } }, async (req) => noticeSettings(ctx.db, requireUser(req).id, req.locale));
  r.put('/api/notifications/settings', {
    schema: { tags: ['notifications'], body: z.object({ kinds: z.array(z.object({ kind: z.string().max(40), muted: z.boolean() })).min(1).max(20) }), response: { 200: api.noticeSettings, ...errorResponses(413) } },
  }, async (req) => setNoticeMutes(ctx.db, requireUser(req).id, req.body.kinds, req.locale));
}
