import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireUser, type AppContext } from './context.js';
import { readMultipart } from './files.routes.js';
import { MAX_IMAGE_BYTES } from '../modules/files/index.js';
import { gatheringKinds } from '../modules/gatherings/index.js';
import * as gatherings from '../modules/gatherings/index.js';
import { errorResponses } from './api-schemas.js';
import * as api from './gatherings.api.js';

const idParams = z.object({ id: z.uuid() });
const url = z.string().max(500).nullable().optional();
/** Links the event to a campaign as a source visit: the campaign and the enrolled product or supplier visited. */
const visit = z.object({ campaignId: z.uuid(), productId: z.uuid().nullable().optional(), supplierId: z.uuid().nullable().optional() }).nullable().optional();
const eventBody = z.object({
  kind: z.enum(gatheringKinds), title: z.string().max(200), description: z.string().max(5000), startsAt: z.coerce.date(), endsAt: z.coerce.date(),
  place: z.string().max(200).optional(), capacity: z.number().int(), streamUrl: url, visit,
});

export function gatheringRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  r.get('/api/communities/:id/events', {
    schema: { tags: ['events'], summary: '社区活动', params: idParams, querystring: z.object({ scope: z.enum(['upcoming', 'past']).default('upcoming') }),
      response: { 200: api.gatheringList, ...errorResponses(403, 404) } },
  }, async (req) => gatherings.listGatherings(ctx.db, requireUser(req), req.params.id, req.query.scope, ctx.now()));

  r.post('/api/communities/:id/events', {
    schema: { tags: ['events'], summary: '团长发起活动（线下 / 线上 / 公益 / 溯源直播；可关联计划的溯源之旅）', params: idParams, body: eventBody,
      response: { 201: api.gathering, ...errorResponses(403, 404, 409, 413) } },
  }, async (req, reply) => {
    const user = requireUser(req);
    const g = await gatherings.createGathering(ctx.db, user.id, req.params.id, req.body, ctx.now());
    reply.code(201);
    return gatherings.getGathering(ctx.db, user, g.id, ctx.now());
  });

  r.get('/api/events/:id', { schema: { tags: ['events'], summary: '活动详情', params: idParams, response: { 200: api.gathering, ...errorResponses(404) } } }, async (req) => gatherings.getGathering(ctx.db, requireUser(req), req.params.id, ctx.now()));
  r.post('/api/events/:id/signup', { schema: { tags: ['events'], summary: '报名（满员进候补）', params: idParams, response: { 200: api.gathering, ...errorResponses(403, 404, 409) } } }, async (req) => gatherings.signUp(ctx.db, requireUser(req), req.params.id, ctx.now()));
  r.post('/api/events/:id/cancel-signup', { schema: { tags: ['events'], summary: '取消报名（候补自动递补）', params: idParams, response: { 200: api.gathering, ...errorResponses(404, 409) } } }, async (req) => gatherings.cancelSignup(ctx.db, requireUser(req), req.params.id, ctx.now()));
  r.post('/api/events/:id/check-in', { schema: { tags: ['events'], summary: '现场扫码签到', params: idParams, body: z.object({ token: z.string().max(100) }), response: { 200: api.gathering, ...errorResponses(403, 404, 409, 413) } } }, async (req) =>
    gatherings.checkIn(ctx.db, requireUser(req), req.params.id, req.body.token, ctx.now()));
  r.get('/api/events/:id/attendees', { schema: { tags: ['events'], summary: '报名名单（团长）', params: idParams, response: { 200: api.attendeeList, ...errorResponses(403, 404) } } }, async (req) => gatherings.attendees(ctx.db, requireUser(req), req.params.id, req.locale));
  r.post('/api/events/:id/cancel', { schema: { tags: ['events'], summary: '取消活动（通知报名的人）', params: idParams, body: z.object({ reason: z.string().max(1000) }), response: { 200: api.gathering, ...errorResponses(403, 404, 413) } } }, async (req) =>
    gatherings.cancelGathering(ctx.db, requireUser(req), req.params.id, req.body.reason, ctx.now()));
  r.post('/api/campaign-visits', {
    schema: { tags: ['events'], summary: '运营发起全平台溯源直播（关联计划）', body: eventBody, response: { 201: api.gathering, ...errorResponses(403, 404, 409, 413) } },
  }, async (req, reply) => {
    const user = requireUser(req);
    const g = await gatherings.createPlatformVisit(ctx.db, user, req.body, ctx.now());
    reply.code(201);
    return gatherings.getGathering(ctx.db, user, g.id, ctx.now());
  });
  r.get('/api/campaign-visits/options', { schema: { tags: ['events'], summary: '可关联的计划及其商品、供应商（团长 / 运营）', response: { 200: api.visitOptions, ...errorResponses(401) } } }, async (req) =>
    gatherings.visitOptions(ctx.db, requireUser(req)));
  r.get('/api/campaigns/:slug/visits', {
    schema: { tags: ['events'], summary: '计划的溯源之旅：即将开始的与有回放的（已发布计划公开）', params: z.object({ slug: z.string().max(100) }),
      querystring: z.object({ scope: z.enum(['upcoming', 'past']).default('upcoming'), page: z.coerce.number().int().min(1).max(1000).default(1) }),
      response: { 200: api.campaignVisitPage, ...errorResponses(404) } },
  }, async (req) => gatherings.campaignVisits(ctx.db, req.user ?? null, req.params.slug, req.query.scope, req.query.page, ctx.now()));
  /** Multipart: summary, optional videoUrl, image files `photos`. Only after the event ended. */
  r.post('/api/events/:id/replays', { schema: { tags: ['events'], summary: '活动结束后上传回放（视频链接和/或照片，附看到了什么）', params: idParams, response: { 200: api.gathering, ...errorResponses(403, 404, 409, 413) } } }, async (req) => {
    const { fields, files } = await readMultipart(req, MAX_IMAGE_BYTES, gatherings.REPLAY_LIMITS.photos);
    return gatherings.addReplay(ctx.db, ctx.storage, requireUser(req), req.params.id, { videoUrl: fields.videoUrl || null, summary: fields.summary ?? '', photos: files }, ctx.now());
  });
  /** Multipart: optional field replayUrl, image files `photos`. */
  r.post('/api/events/:id/aftermath', { schema: { tags: ['events'], summary: '活动照片与回放', params: idParams, response: { 200: api.gathering, ...errorResponses(403, 404, 409, 413) } } }, async (req) => {
    const { fields, files } = await readMultipart(req, MAX_IMAGE_BYTES, gatherings.EVENT_LIMITS.photos);
    return gatherings.addAftermath(ctx.db, ctx.storage, requireUser(req), req.params.id, { replayUrl: fields.replayUrl === undefined ? undefined : fields.replayUrl || null, photos: files }, ctx.now());
  });
}
