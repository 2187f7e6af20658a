import type { FastifyInstance } from 'fastify';
import { asZod, requireUser, type AppContext } from '../../shared/http.js';
import { myTrust } from './service.js';

export function trustRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  /** The resident's own level, score and what it is made of — never anyone else's. */
  r.get('/api/me/trust', { schema: { tags: ['trust'], summary: '我的信任分与组成' } }, async (req) => myTrust(ctx.db, requireUser(req).id, ctx.now()));
}
