import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireUser, type AppContext } from '../../shared/http.js';
import { listNotifications, markRead } from './service.js';

export function notificationRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  r.get('/api/notifications', { schema: { tags: ['notifications'], summary: '我的消息' } }, async (req) => listNotifications(ctx.db, requireUser(req).id, req.locale));
  r.post('/api/notifications/read', { schema: { tags: ['notifications'], body: z.object({ ids: z.union([z.array(z.uuid()).max(200), z.literal('all')]) }) } }, async (req) =>
    ({ marked: await markRead(ctx.db, requireUser(req).id, req.body.ids) }));
}
