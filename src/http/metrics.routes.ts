import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireOperator, requireUser, type AppContext } from './context.js';
import { startSurveyRound, surveyResults } from '../modules/metrics/index.js';
import { answerNps, monthlyMeasures, npsMonthly, npsReport, pendingSurvey } from '../modules/metrics/index.js';
import { npsSubjects } from '../modules/metrics/index.js';
import { errorResponses } from './api-schemas.js';
import * as api from './metrics.api.js';
import { campaignParticipants, campaignPeriod } from '../queries/campaign-results.js';
import { getCampaign } from '../modules/campaigns/index.js';

export function metricsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  r.get('/api/surveys/pending', { schema: { tags: ['metrics'], summary: '待答的 NPS 问卷（取货后）', response: { 200: z.object({ survey: api.pendingSurvey.nullable() }), ...errorResponses() } } }, async (req) =>
    ({ survey: await pendingSurvey(ctx.db, requireUser(req).id, ctx.now()) }));

  r.post('/api/surveys/nps', {
    schema: { tags: ['metrics'], summary: '回答 NPS', body: z.object({ subjectType: z.enum(npsSubjects), subjectId: z.uuid().nullable().default(null), orderId: z.uuid().optional(), surveyId: z.uuid().optional(), score: z.number().int(), reason: z.string().max(500).optional() }),
      response: { 201: api.npsAnswered, ...errorResponses(404, 409, 413) } },
  }, async (req, reply) => {
    reply.code(201);
    const row = await answerNps(ctx.db, requireUser(req).id, req.body, ctx.now());
    return { id: row.id, score: row.score, question: row.question };
  });

  r.get('/api/metrics/nps', {
    schema: { tags: ['metrics'], summary: 'NPS（含样本量与误差范围）', querystring: z.object({ subjectType: z.enum(npsSubjects).optional(), subjectId: z.uuid().optional(), communityId: z.uuid().optional(), from: z.coerce.date().optional(), to: z.coerce.date().optional() }),
      response: { 200: api.npsReport, ...errorResponses(403, 404) } },
  }, async (req) => npsReport(ctx.db, requireUser(req), req.query));

  r.get('/api/metrics/monthly', {
    schema: { tags: ['metrics'], summary: '月度指标：复购率、客单价、取货率、售后率与投诉率', querystring: z.object({ communityId: z.uuid().optional(), leaderId: z.uuid().optional(), productId: z.uuid().optional(), from: z.coerce.date(), to: z.coerce.date() }),
      response: { 200: api.monthlyList, ...errorResponses(403, 404) } },
  }, async (req) => ({ items: await monthlyMeasures(ctx.db, requireUser(req), req.query) }));

  r.get('/api/metrics/nps/monthly', {
    schema: { tags: ['metrics'], summary: 'NPS 按月（含样本量与误差范围）', querystring: z.object({ subjectType: z.enum(npsSubjects).optional(), subjectId: z.uuid().optional(), communityId: z.uuid().optional(), from: z.coerce.date().optional(), to: z.coerce.date().optional() }),
      response: { 200: api.npsMonthList, ...errorResponses(403, 404) } },
  }, async (req) => ({ items: await npsMonthly(ctx.db, requireUser(req), req.query) }));

  r.post('/api/console/nps-surveys', {
    schema: { tags: ['metrics'], summary: '发起一轮 NPS 调查（平台定期 / 活动），随机抽样', body: z.object({ subjectType: z.enum(['platform', 'campaign']), title: z.string().max(100), sampleSize: z.number().int(), closesAt: z.coerce.date(), campaignId: z.uuid().optional() }),
      response: { 201: api.surveyRound, ...errorResponses(403, 404, 409, 413) } },
  }, async (req, reply) => {
    const user = requireOperator(req);
    // A round about a campaign asks its participating residents: those who paid for an enrolled product so far.
    let frame: string[] | undefined;
    if (req.body.campaignId) {
      const period = campaignPeriod(await getCampaign(ctx.db, req.body.campaignId));
      const now = ctx.now();
      frame = (await campaignParticipants(ctx.db, req.body.campaignId, period.from, now < period.to ? now : period.to)).map((p) => p.userId);
    }
    const survey = await startSurveyRound(ctx.db, user.id, req.body, ctx.now(), frame);
    reply.code(201);
    return (await surveyResults(ctx.db, [survey.id]))[0];
  });

  r.get('/api/console/nps-surveys', { schema: { tags: ['metrics'], summary: '调查轮次与结果（含回复率）', response: { 200: api.surveyRoundList, ...errorResponses(403) } } }, async (req) => {
    requireOperator(req);
    return { items: await surveyResults(ctx.db) };
  });
}
