import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireUser, type AppContext } from './context.js';
import * as leaders from '../modules/leaders/index.js';
import { readMultipart } from './files.routes.js';
import { MAX_IMAGE_BYTES } from '../modules/files/index.js';
import { badRequest } from '../platform/errors.js';
import { requireMember } from '../modules/community/index.js';
import { errorResponses, itemsOf } from './api-schemas.js';
import * as api from './leaders.api.js';

const idParams = z.object({ id: z.uuid() });
const trialFields = z.object({ productId: z.uuid(), rating: z.coerce.number().int(), story: z.string().max(5000) });

export function leaderRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  /** JSON, or multipart with photos (fields productId, rating, story; files photos). */
  r.post('/api/communities/:id/endorsements', { schema: { tags: ['leaders'], summary: '团长试用背书', params: idParams, response: { 201: api.endorsementRecord, ...errorResponses(403, 404, 413) } } }, async (req, reply) => {
    const user = requireUser(req);
    let fields: unknown = req.body;
    let photos: { filename: string; bytes: Buffer }[] = [];
    if (req.isMultipart()) {
      const parts = await readMultipart(req, MAX_IMAGE_BYTES, leaders.TRIAL_LIMITS.photos);
      fields = parts.fields;
      photos = parts.files;
    }
    const parsed = trialFields.safeParse(fields);
    if (!parsed.success) throw badRequest('request.invalid', { detail: parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ') });
    reply.code(201);
    return leaders.recordTrial(ctx.db, ctx.storage, req.params.id, user.id, { ...parsed.data, photos });
  });

  r.get('/api/communities/:id/endorsements', { schema: { tags: ['leaders'], params: idParams, response: { 200: itemsOf(api.endorsement), ...errorResponses(403, 404) } } }, async (req) => {
    const user = requireUser(req);
    await requireMember(ctx.db, req.params.id, user);
    return { items: await leaders.listEndorsements(ctx.db, req.params.id) };
  });

  r.post('/api/endorsements/:id/withdraw', { schema: { tags: ['leaders'], params: idParams, body: z.object({ reason: z.string().max(500) }), response: { 200: api.endorsementRecord, ...errorResponses(403, 404, 409, 413) } } }, async (req) =>
    leaders.withdrawEndorsement(ctx.db, req.params.id, requireUser(req).id, req.body.reason));
}
