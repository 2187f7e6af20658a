import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireUser, type AppContext } from '../../shared/http.js';
import { lookupPickup, pendingPickups, verifyPickup } from './service.js';

const params = z.object({ id: z.uuid() });
const body = z.object({ code: z.string().max(300) });

export function fulfilmentRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  r.post('/api/communities/:id/pickups/lookup', { schema: { tags: ['fulfilment'], summary: '查取货码（团长）', params, body } }, async (req) =>
    lookupPickup(ctx.db, req.params.id, requireUser(req).id, req.body.code));
  r.post('/api/communities/:id/pickups/verify', { schema: { tags: ['fulfilment'], summary: '核销取货码（团长）', params, body } }, async (req) =>
    verifyPickup(ctx.db, req.params.id, requireUser(req).id, req.body.code, ctx.config.leaderCommissionRate, ctx.now()));
  r.get('/api/communities/:id/pickups/pending', { schema: { tags: ['fulfilment'], summary: '未取货名单（团长）', params } }, async (req) =>
    pendingPickups(ctx.db, req.params.id, requireUser(req).id));
}
