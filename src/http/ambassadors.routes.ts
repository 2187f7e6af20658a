import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireOperator, requireUser, type AppContext } from './context.js';
import * as campaigns from '../modules/campaigns/index.js';
import * as ambassadors from '../workflows/apply-ambassador.js';
import { errorResponses } from './api-schemas.js';
import * as api from './ambassadors.api.js';

const idParams = z.object({ id: z.uuid() });
const reasonBody = z.object({ reason: z.string().max(2000).optional() });

/** Campaign ambassadors: leaders apply, operators decide, residents see who they are. */
export function ambassadorRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);

  // ------------------------------------------------------------ leaders
  r.get('/api/communities/:id/ambassador-campaigns', {
    schema: { tags: ['campaigns'], summary: '可申请大使的活动：条件、我的数据、我的申请（团长）', params: idParams, response: { 200: api.previewList, ...errorResponses(403, 404) } },
  }, async (req) => ({ items: await ambassadors.ambassadorPreviews(ctx.db, requireUser(req).id, req.params.id, req.locale, ctx.now()) }));

  r.post('/api/communities/:id/campaigns/:campaignId/ambassador-application', {
    schema: { tags: ['campaigns'], summary: '申请成为活动大使（团长）', params: z.object({ id: z.uuid(), campaignId: z.uuid() }), response: { 201: api.ownApplication, ...errorResponses(403, 404, 409) } },
  }, async (req, reply) => {
    const row = await ambassadors.applyAmbassador(ctx.db, requireUser(req).id, req.params.id, req.params.campaignId, req.locale, ctx.now());
    reply.code(201);
    return row;
  });

  // ------------------------------------------------------------ operators
  r.get('/api/console/ambassador-applications', {
    schema: { tags: ['campaigns'], summary: '大使申请（运营）', querystring: z.object({ campaignId: z.uuid().optional(), status: z.enum(campaigns.ambassadorStatuses).optional() }), response: { 200: api.queueList, ...errorResponses(403) } },
  }, async (req) => {
    requireOperator(req);
    return { items: await campaigns.listApplications(ctx.db, req.query) };
  });

  r.post('/api/console/ambassador-applications/:id/decision', {
    schema: { tags: ['campaigns'], summary: '批准或拒绝大使申请（运营；批准时重新核对条件）', params: idParams,
      body: z.object({ decision: z.enum(['approve', 'reject']), reason: z.string().max(2000).optional() }), response: { 200: api.ownApplication, ...errorResponses(403, 404, 409) } },
  }, async (req) => ambassadors.decideAmbassador(ctx.db, requireOperator(req).id, req.params.id, req.body, req.locale, ctx.now()));

  r.post('/api/console/ambassador-applications/:id/revoke', {
    schema: { tags: ['campaigns'], summary: '撤销大使资格（运营）', params: idParams, body: reasonBody, response: { 200: api.ownApplication, ...errorResponses(403, 404, 409) } },
  }, async (req) => campaigns.revokeAmbassador(ctx.db, requireOperator(req).id, req.params.id, req.body.reason, ctx.now()));

  r.get('/api/console/campaigns/ambassador-settings', {
    schema: { tags: ['campaigns'], summary: '各活动的大使规则、指定课程和首发期（运营）', response: { 200: api.settingsCampaignList, ...errorResponses(403) } },
  }, async (req) => {
    requireOperator(req);
    return { items: await campaigns.campaignsForAmbassadorSettings(ctx.db, req.locale) };
  });

  r.put('/api/console/campaigns/:id/ambassador-settings', {
    schema: { tags: ['campaigns'], summary: '修改大使规则、指定课程和首发期（运营）', params: idParams,
      body: z.object({ rule: z.string().max(campaigns.AMBASSADOR_LIMITS.rule), courseId: z.uuid().nullable(), firstLaunchDays: z.number().int() }),
      response: { 200: api.ambassadorSettings, ...errorResponses(403, 404, 409) } },
  }, async (req) => {
    const row = await ambassadors.saveAmbassadorSettings(ctx.db, requireOperator(req).id, req.params.id, req.body, ctx.now());
    return campaigns.ambassadorSettingsView(row, req.locale);
  });

  // ------------------------------------------------------------ everyone
  r.get('/api/campaigns/:key/ambassadors', {
    schema: { tags: ['campaigns'], summary: '活动大使（名字与小区）', params: z.object({ key: z.string().max(100) }), response: { 200: api.publicAmbassadorList, ...errorResponses(404) } },
  }, async (req) => {
    const key = req.params.key;
    const campaign = z.uuid().safeParse(key).success ? await campaigns.getCampaign(ctx.db, key) : await campaigns.campaignBySlug(ctx.db, key);
    if (campaign.status === 'draft') return { items: [] };
    return { items: await campaigns.publicAmbassadors(ctx.db, campaign.id) };
  });
}
