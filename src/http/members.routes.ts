import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireUser, type AppContext } from './context.js';
import * as community from '../modules/community/index.js';
import { memberDirectory } from '../queries/members.js';
import { errorResponses } from './api-schemas.js';
import * as api from './members.api.js';

const idParams = z.object({ id: z.uuid() });

/** Members he knows: her name and 门牌 in a community, the leaders' members page and private notes. */
export function memberRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);

  r.get('/api/communities/:id/me', { schema: { tags: ['community'], summary: '我在本小区的称呼和门牌', params: idParams, response: { 200: api.myMembership, ...errorResponses(403, 404) } } }, async (req) =>
    community.myMembership(ctx.db, req.params.id, requireUser(req).id));

  r.patch('/api/communities/:id/me', {
    schema: {
      tags: ['community'], summary: '修改我在本小区的称呼和门牌', params: idParams,
      body: z.object({ displayName: z.string().max(200).optional(), doorNumber: z.string().max(200).nullable().optional() }),
      response: { 200: api.myMembership, ...errorResponses(403, 404) },
    },
  }, async (req) => community.updateMyMembership(ctx.db, req.params.id, requireUser(req).id, req.body, ctx.now()));

  r.get('/api/communities/:id/members/directory', {
    schema: {
      tags: ['community'], summary: '成员（团长）：称呼、门牌、下单次数、私人备注', params: idParams,
      querystring: z.object({ q: z.string().max(50).optional(), page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) }),
      response: { 200: api.memberDirectory, ...errorResponses(403, 404) },
    },
  }, async (req) => memberDirectory(ctx.db, requireUser(req), req.params.id, req.query));

  r.put('/api/communities/:id/members/:userId/note', {
    schema: {
      tags: ['community'], summary: '团长对成员的私人备注（成员本人看不到）', params: z.object({ id: z.uuid(), userId: z.uuid() }),
      body: z.object({ note: z.string().max(1000) }),
      response: { 200: api.memberNote, ...errorResponses(403, 404) },
    },
  }, async (req) => community.setMemberNote(ctx.db, requireUser(req), req.params.id, req.params.userId, req.body.note));
}
