import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireOperator, requireUser, type AppContext } from './context.js';
import { readMultipart, registerFileAccess } from './files.routes.js';
import { MAX_IMAGE_BYTES } from '../modules/files/index.js';
import { badRequest, notFound } from '../platform/errors.js';
import { claimKinds, ruleActions } from '../modules/aftersales/index.js';
import * as aftersales from '../modules/aftersales/index.js';
import * as rules from '../modules/aftersales/index.js';
import * as fund from '../modules/aftersales/index.js';
import { errorResponses } from './api-schemas.js';
import * as api from './aftersales.api.js';
import { campaignBySlug } from '../modules/campaigns/index.js';

const idParams = z.object({ id: z.uuid() });
const claimFields = z.object({ lineId: z.uuid(), kind: z.enum(claimKinds), quantity: z.coerce.number().int(), description: z.string().max(2000) });
const ruleBody = z.object({
  key: z.string().max(40).optional(), name: z.string().max(80), description: z.string().max(1000), condition: z.string().max(2000),
  action: z.enum(ruleActions), priority: z.number().int(), active: z.boolean().default(true),
  /** A new rule's scope: null or omitted for the platform, or a campaign's id (a later version keeps its key's). */
  campaignId: z.uuid().nullable().optional(),
});
const page = z.coerce.number().int().min(1).max(10_000).default(1);

// Claim photos: the resident owns them; her community's leader may look at them too.
registerFileAccess(async (ctx, scope, user) => {
  const m = /^claim:([0-9a-f-]{36})$/.exec(scope);
  return Boolean(m) && aftersales.mayReadClaimFiles(ctx.db, m![1], user.id);
});

export function aftersalesRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  const policy = ctx.config;

  /**
   * Multipart: fields lineId (one line of her order: one product of her basket), kind, quantity,
   * description; files photos (JPEG/PNG/WebP, ≤ 8 MB each, ≤ 6). One claim per line.
   */
  r.post('/api/claims', { schema: { tags: ['aftersales'], summary: '对订单里的一件商品申请售后（可附照片）', response: { 201: api.claimDetail, ...errorResponses(404, 409, 413) } } }, async (req, reply) => {
    const user = requireUser(req);
    let fields: unknown = req.body;
    let photos: { filename: string; bytes: Buffer }[] = [];
    if (req.isMultipart()) ({ fields, files: photos } = await readMultipart(req, MAX_IMAGE_BYTES, 6).then((p) => ({ fields: p.fields, files: p.files })));
    const parsed = claimFields.safeParse(fields);
    if (!parsed.success) throw badRequest('request.invalid', { detail: parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ') });
    const claim = await aftersales.fileClaim(ctx.db, ctx.storage, ctx.payments, policy, { userId: user.id, ...parsed.data, photos }, ctx.now());
    reply.code(201);
    return aftersales.claimDetail(ctx.db, user, claim.id, req.locale, policy);
  });

  r.post('/api/claims/:id/evidence', { schema: { tags: ['aftersales'], summary: '补充照片或说明', params: idParams, response: { 200: api.claimDetail, ...errorResponses(404, 409, 413) } } }, async (req) => {
    const user = requireUser(req);
    const { fields, files } = await readMultipart(req, MAX_IMAGE_BYTES, 6);
    const claim = await aftersales.addEvidence(ctx.db, ctx.storage, ctx.payments, policy, user.id, req.params.id, { description: fields.description, photos: files }, ctx.now());
    return aftersales.claimDetail(ctx.db, user, claim.id, req.locale, policy);
  });

  r.get('/api/me/claims', { schema: { tags: ['aftersales'], summary: '我的售后', response: { 200: api.myClaimList, ...errorResponses() } } }, async (req) => ({ items: await aftersales.myClaims(ctx.db, requireUser(req).id, req.locale) }));

  r.get('/api/orders/:id/claims', { schema: { tags: ['aftersales'], summary: '这笔订单各件商品的售后（如有）', params: idParams, response: { 200: api.claimRefList, ...errorResponses() } } }, async (req) =>
    ({ items: await aftersales.claimsForOrder(ctx.db, req.params.id, requireUser(req).id) }));

  r.get('/api/order-lines/:id/claim', { schema: { tags: ['aftersales'], summary: '这件商品的售后（如有）', params: idParams, response: { 200: z.object({ claim: api.claimRef.nullable() }), ...errorResponses() } } }, async (req) =>
    ({ claim: await aftersales.claimForLine(ctx.db, req.params.id, requireUser(req).id) }));

  r.get('/api/order-lines/:id/guarantees', { schema: { tags: ['aftersales'], summary: '这件商品适用的活动保障（平台规则之外）', params: idParams, response: { 200: api.lineGuarantees, ...errorResponses(404) } } }, async (req) =>
    aftersales.lineGuarantees(ctx.db, req.params.id, requireUser(req).id, req.locale));

  r.get('/api/claims/:id', { schema: { tags: ['aftersales'], summary: '售后详情', params: idParams, response: { 200: api.claimDetail, ...errorResponses(404) } } }, async (req) => aftersales.claimDetail(ctx.db, requireUser(req), req.params.id, req.locale, policy));

  r.get('/api/communities/:id/claims', {
    schema: { tags: ['aftersales'], summary: '团长售后待办（按截止时间）', params: idParams, querystring: z.object({ status: z.enum(['open', 'all']).default('open'), page }),
      response: { 200: api.leaderInbox, ...errorResponses(403, 404) } },
  }, async (req) => aftersales.leaderInbox(ctx.db, requireUser(req).id, req.params.id, req.query.status, req.query.page, req.locale));

  r.post('/api/claims/:id/leader-decision', {
    schema: { tags: ['aftersales'], summary: '团长处理：退款 / 补发 / 驳回 / 转平台', params: idParams, body: z.object({ action: z.enum(['refund', 'replace', 'reject', 'escalate']), amountFen: z.number().int().optional(), note: z.string().max(2000).default('') }),
      response: { 200: api.claimDetail, ...errorResponses(403, 404, 409, 413) } },
  }, async (req) => {
    const user = requireUser(req);
    await aftersales.leaderDecide(ctx.db, ctx.payments, policy, user.id, req.params.id, req.body, ctx.now());
    return aftersales.claimDetail(ctx.db, user, req.params.id, req.locale, policy);
  });

  r.get('/api/console/claims', {
    schema: { tags: ['aftersales'], summary: '平台售后队列：升级与抽查', querystring: z.object({ status: z.enum(['escalated', 'sampled', 'all']).default('escalated'), page }),
      response: { 200: api.platformQueue, ...errorResponses(403) } },
  }, async (req) => {
    requireOperator(req);
    return aftersales.platformQueue(ctx.db, req.query.status, req.query.page, req.locale);
  });

  r.post('/api/claims/:id/platform-decision', {
    schema: { tags: ['aftersales'], summary: '平台裁决', params: idParams, body: z.object({ action: z.enum(['refund', 'replace', 'reject']), amountFen: z.number().int().optional(), note: z.string().max(2000), faultParty: z.enum(['none', 'leader', 'supplier', 'resident']).default('none'), fraud: z.boolean().default(false) }),
      response: { 200: api.claimDetail, ...errorResponses(403, 404, 409, 413) } },
  }, async (req) => {
    const user = requireOperator(req);
    await aftersales.platformDecide(ctx.db, ctx.payments, user.id, req.params.id, req.body, ctx.now());
    return aftersales.claimDetail(ctx.db, user, req.params.id, req.locale, policy);
  });

  r.post('/api/claims/:id/review', {
    schema: { tags: ['aftersales'], summary: '抽查自动退款', params: idParams, body: z.object({ outcome: z.enum(['valid', 'invalid', 'fraud']), note: z.string().max(500).default('') }),
      response: { 200: api.claimDetail, ...errorResponses(403, 404, 409, 413) } },
  }, async (req) => {
    const user = requireOperator(req);
    await aftersales.reviewAutomaticRefund(ctx.db, user.id, req.params.id, req.body.outcome, req.body.note, ctx.now());
    return aftersales.claimDetail(ctx.db, user, req.params.id, req.locale, policy);
  });

  // Trust contracts: public reading, operators' editing with a replay preview.
  r.get('/api/guarantee-rules', { schema: { tags: ['aftersales'], summary: '售后保障规则（公开）', response: { 200: z.object({ rules: z.array(api.publicGuaranteeRule) }), ...errorResponses() } } }, async (req) => ({ rules: await rules.publicRules(ctx.db, req.locale) }));

  // A campaign's guarantee: public once the campaign is published (a draft's only for operators).
  r.get('/api/campaigns/:slug/guarantee', { schema: { tags: ['aftersales'], summary: '活动保障（公开）：在平台规则之外，活动商品多给的承诺', params: z.object({ slug: z.string().max(60) }), response: { 200: api.campaignGuarantee, ...errorResponses(404) } } }, async (req) => {
    const campaign = await campaignBySlug(ctx.db, req.params.slug.toLowerCase());
    if (campaign.status === 'draft' && !req.user?.isOperator) throw notFound('campaign.not_found');
    return {
      campaign: { slug: campaign.slug, name: req.locale === 'zh-CN' ? campaign.nameZh : campaign.nameEn, status: campaign.status },
      rules: await rules.campaignGuarantee(ctx.db, campaign.id, req.locale),
    };
  });

  r.get('/api/console/guarantee-rules', { schema: { tags: ['aftersales'], summary: '规则列表（含最新版本）', response: { 200: api.consoleRules, ...errorResponses(403) } } }, async (req) => {
    requireOperator(req);
    return rules.rulesForConsole(ctx.db, req.locale);
  });

  r.get('/api/console/guarantee-rules/:key/versions', { schema: { tags: ['aftersales'], summary: '规则的全部版本（新的在前）', params: z.object({ key: z.string().max(40) }), response: { 200: z.object({ versions: z.array(api.guaranteeRule) }), ...errorResponses(403, 404) } } }, async (req) => {
    requireOperator(req);
    return { versions: await rules.ruleHistory(ctx.db, req.params.key) };
  });

  r.post('/api/console/guarantee-rules', { schema: { tags: ['aftersales'], summary: '新规则（版本 1）', body: ruleBody, response: { 201: api.guaranteeRule, ...errorResponses(403, 409, 413) } } }, async (req, reply) => {
    const user = requireOperator(req);
    reply.code(201);
    return rules.saveRule(ctx.db, user.id, req.body);
  });

  r.post('/api/console/guarantee-rules/:key/versions', { schema: { tags: ['aftersales'], summary: '发布新版本（旧决定保留原版本）', params: z.object({ key: z.string().max(40) }), body: ruleBody, response: { 201: api.guaranteeRule, ...errorResponses(403, 404, 413) } } }, async (req, reply) => {
    const user = requireOperator(req);
    reply.code(201);
    return rules.saveRule(ctx.db, user.id, req.body, req.params.key);
  });

  r.post('/api/console/guarantee-rules/preview', { schema: { tags: ['aftersales'], summary: '预览：过去的售后在新规则下会怎样', body: ruleBody.extend({ existingKey: z.string().max(40).optional() }), response: { 200: api.rulePreview, ...errorResponses(403, 413) } } }, async (req) => {
    requireOperator(req);
    const { existingKey, ...draft } = req.body;
    return rules.previewRule(ctx.db, draft, existingKey);
  });

  r.get('/api/console/guarantee-fund', { schema: { tags: ['aftersales'], summary: '保障金账本与对账', querystring: z.object({ page }), response: { 200: api.fundReport, ...errorResponses(403) } } }, async (req) => {
    requireOperator(req);
    return fund.fundReport(ctx.db, req.query.page);
  });

  r.post('/api/console/guarantee-fund/top-ups', {
    schema: { tags: ['aftersales'], summary: '注资保障金', body: z.object({ amountFen: z.number().int(), memo: z.string().max(200), idempotencyKey: z.string().min(8).max(80) }),
      response: { 201: api.fundReport, ...errorResponses(403, 413) } },
  }, async (req, reply) => {
    const user = requireOperator(req);
    reply.code(201);
    return fund.topUpFund(ctx.db, user.id, req.body, ctx.now());
  });
}
