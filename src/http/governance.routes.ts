import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireOperator, requireUser, type AppContext } from './context.js';
import * as governance from '../modules/governance/index.js';
import { errorResponses } from './api-schemas.js';
import * as api from './governance.api.js';

const idParams = z.object({ id: z.uuid() });

const proposalBody = z.object({
  kind: z.enum(governance.proposalKinds),
  voting: z.enum(governance.votingMethods).optional(),
  title: z.string().max(200),
  reason: z.string().max(5000),
  product: z.object({ productName: z.string().max(200), spec: z.string().max(200).optional(), note: z.string().max(2000).optional() }).optional(),
  rule: z.object({ ruleKey: z.string().max(60).nullable(), name: z.string().max(200).optional(), description: z.string().max(2000), condition: z.string().max(2000).optional(), action: z.string().max(40), priority: z.number().int().optional() }).optional(),
  fund: z.object({ amountPoints: z.number().int(), recipientId: z.uuid(), purpose: z.string().max(1000) }).optional(),
});

/** 社区提案: proposals, ballots, recounts; the operator's queue of their effects. */
export function governanceRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  r.get('/api/communities/:id/proposals', {
    schema: { tags: ['governance'], summary: '社区提案列表（本小区居民、团长、运营）', params: idParams, response: { 200: api.proposalList, ...errorResponses(403, 404) } },
  }, async (req) => governance.listProposals(ctx.db, requireUser(req), req.params.id, ctx.now(), req.locale));

  r.get('/api/communities/:id/governance/eligibility', {
    schema: { tags: ['governance'], summary: '我能不能提案和投票（以及差什么）', params: idParams, response: { 200: api.eligibility, ...errorResponses(404) } },
  }, async (req) => governance.myEligibility(ctx.db, requireUser(req), req.params.id, ctx.now()));

  r.post('/api/communities/:id/proposals', {
    schema: { tags: ['governance'], summary: '提出提案（押 100 积分，达到法定人数退还）', params: idParams, body: proposalBody,
      response: { 201: api.proposalDetail, ...errorResponses(403, 404, 409, 413) } },
  }, async (req, reply) => {
    const user = requireUser(req);
    const p = await governance.createProposal(ctx.db, user, req.params.id, req.body, ctx.now());
    reply.code(201);
    return governance.proposalDetail(ctx.db, user, p.id, ctx.now(), req.locale);
  });

  r.get('/api/proposals/:id', {
    schema: { tags: ['governance'], summary: '提案详情（投票前只显示参与人数）', params: idParams, response: { 200: api.proposalDetail, ...errorResponses(404) } },
  }, async (req) => governance.proposalDetail(ctx.db, requireUser(req), req.params.id, ctx.now(), req.locale));

  r.post('/api/proposals/:id/ballots', {
    schema: { tags: ['governance'], summary: '投票（每人一票、每户一票；平方投票消耗本季点数）', params: idParams,
      body: z.object({ choice: z.enum(governance.ballotChoices), votes: z.number().int().optional() }),
      response: { 200: api.proposalDetail, ...errorResponses(403, 404, 409, 413) } },
  }, async (req) => {
    const user = requireUser(req);
    await governance.castBallot(ctx.db, user, req.params.id, req.body, ctx.now());
    return governance.proposalDetail(ctx.db, user, req.params.id, ctx.now(), req.locale);
  });

  r.get('/api/proposals/:id/recount', {
    schema: { tags: ['governance'], summary: '从选票重新计票，并与公布的结果比对', params: idParams, response: { 200: api.recount, ...errorResponses(404) } },
  }, async (req) => governance.recount(ctx.db, requireUser(req), req.params.id));

  r.get('/api/console/governance/effects', {
    schema: { tags: ['governance'], summary: '等待运营处理的提案结果（引进商品、规则草案、基金拨付）',
      querystring: z.object({ status: z.enum(governance.effectStatuses).default('awaiting') }), response: { 200: api.effectList, ...errorResponses(403) } },
  }, async (req) => { requireOperator(req); return governance.effectsQueue(ctx.db, req.query.status, req.locale); });

  for (const decision of ['approve', 'decline'] as const) {
    r.post(`/api/console/governance/effects/:id/${decision}`, {
      schema: { tags: ['governance'], summary: decision === 'approve' ? '批准提案结果（发布规则 / 拨付基金 / 接受引进）' : '驳回提案结果（写明原因）', params: idParams,
        body: z.object({ note: z.string().max(2000).default('') }), response: { 200: api.effect, ...errorResponses(403, 404, 409, 413) } },
    }, async (req) => {
      const op = requireOperator(req);
      const row = await governance.decideEffect(ctx.db, op.id, req.params.id, decision, req.body.note, ctx.now());
      const all = await governance.effectsQueue(ctx.db, row.status, req.locale);
      return all.items.find((e) => e.id === row.id)!;
    });
  }
}
