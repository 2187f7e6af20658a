import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireUser, type AppContext } from './context.js';
import { binaryAnswer, errorResponses } from './api-schemas.js';
import { campaignResults } from '../queries/campaign-results.js';
import { campaignResultsWorkbook } from '../queries/campaign-results-export.js';
import { translate } from '../platform/i18n.js';
import * as api from './campaign-results.api.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const params = z.object({ id: z.uuid() });
const query = z.object({ from: z.string().max(10).optional(), to: z.string().max(10).optional(), communityId: z.uuid().optional() });

/** A campaign's results against its baseline: operators see all, a leader his own community's rows. */
export function campaignResultRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  r.get('/api/campaigns/:id/results', {
    schema: { tags: ['campaigns'], summary: '活动效果：参与居民对比活动前与未参与社区（差值、95% 区间、n）', params, querystring: query, response: { 200: api.campaignResults, ...errorResponses(403, 404, 409) } },
  }, async (req) => campaignResults(ctx.db, requireUser(req), req.params.id, req.query));

  r.get('/api/campaigns/:id/results.xlsx', {
    schema: { tags: ['campaigns'], summary: '活动效果（.xlsx：每个指标一张表，另附定义）', params, querystring: query, response: { 200: binaryAnswer('The results as XLSX (attachment)', XLSX), ...errorResponses(403, 404, 409) } },
  }, async (req, reply) => {
    const results = await campaignResults(ctx.db, requireUser(req), req.params.id, req.query);
    const bytes = await campaignResultsWorkbook(results, req.locale);
    reply.header('content-type', XLSX);
    reply.header('cache-control', 'no-store');
    reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${results.campaign.nameZh}-${translate(req.locale, 'campaignReport.file')}-${results.period.first}_${results.period.last}.xlsx`)}`);
    return reply.send(bytes);
  });
}
