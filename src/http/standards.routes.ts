import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireOperator, requireUser, type AppContext } from './context.js';
import * as quality from '../modules/quality/index.js';
import { readMultipart } from './files.routes.js';
import { MAX_DOCUMENT_BYTES } from '../modules/files/index.js';
import { badRequest } from '../platform/errors.js';
import { errorResponses, itemsOf } from './api-schemas.js';
import * as api from './standards.api.js';

const idParams = z.object({ id: z.uuid() });
// Criteria are checked by the service, one by one, so a faulty one is named in the answer.
const criterionInput = z.object({
  nameZh: z.string().max(60).optional(), nameEn: z.string().max(120).optional(), method: z.string().max(30).optional(),
  analyte: z.string().max(60).optional(), rule: z.string().max(30).optional(), limit: z.number().nullable().optional(), unit: z.string().max(20).optional(),
  certificateType: z.string().max(60).optional(),
});
const standardBody = z.object({
  nameZh: z.string().max(30), nameEn: z.string().max(60),
  descriptionZh: z.string().max(1000).optional(), descriptionEn: z.string().max(2000).optional(),
  criteria: z.array(criterionInput).max(40),
});
const certificateFields = z.object({
  type: z.string().max(60), issuer: z.string().max(120), number: z.string().max(80), validFrom: z.string().max(20), validUntil: z.string().max(20),
});

/** Standards products must prove: definitions and review (operators), evidence (suppliers), proof (public). */
export function standardsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);

  r.get('/api/standards/vocabulary', { schema: { tags: ['standards'], summary: '标准可用的检测项目、证书类型、溯源步骤', response: { 200: api.vocabulary, ...errorResponses() } } }, async () => ({
    analytes: quality.analyteKeys.map((key) => ({ key, ...quality.analytes[key] })),
    certificateTypes: quality.certificateTypeKeys.map((key) => ({ key, ...quality.certificateTypes[key] })),
    traceSteps: ['source', ...quality.traceSteps],
  }));

  r.get('/api/standards', { schema: { tags: ['standards'], summary: '标准列表（运营）', response: { 200: itemsOf(api.standard), ...errorResponses(403) } } }, async (req) => {
    requireOperator(req);
    return { items: await quality.listStandards(ctx.db) };
  });

  r.post('/api/standards', { schema: { tags: ['standards'], summary: '定义标准（运营）', body: standardBody, response: { 201: api.standard, ...errorResponses(403, 409) } } }, async (req, reply) => {
    const op = requireOperator(req);
    const row = await quality.createStandard(ctx.db, op.id, req.body, ctx.now());
    reply.code(201);
    return row;
  });

  r.put('/api/standards/:id', { schema: { tags: ['standards'], summary: '修改标准（运营；改要求会升版本，已有徽章需重新审核）', params: idParams, body: standardBody.extend({ active: z.boolean().optional() }), response: { 200: api.standard, ...errorResponses(403, 404, 409) } } }, async (req) => {
    const op = requireOperator(req);
    return quality.updateStandard(ctx.db, op.id, req.params.id, req.body, ctx.now());
  });

  r.get('/api/standards/review-queue', { schema: { tags: ['standards'], summary: '待审核的标准证据（运营）', response: { 200: itemsOf(api.queueItem), ...errorResponses(403) } } }, async (req) => {
    requireOperator(req);
    return { items: await quality.reviewQueue(ctx.db, ctx.now()) };
  });

  r.post('/api/standards/:id/reviews', {
    schema: {
      tags: ['standards'], summary: '审核一件商品当前批次的标准证据（运营）', params: idParams,
      body: z.object({ productId: z.uuid(), batchId: z.uuid(), decision: z.enum(['accepted', 'rejected']), reason: z.string().max(500).optional() }),
      response: { 201: api.review, ...errorResponses(403, 404, 409) },
    },
  }, async (req, reply) => {
    const op = requireOperator(req);
    const row = await quality.reviewStandard(ctx.db, op, { standardId: req.params.id, ...req.body }, ctx.now());
    reply.code(201);
    return row;
  });

  /** Public: the standards products prove now, with the proof. No login (the trace page is public too). */
  r.get('/api/standards/proven', {
    schema: { tags: ['standards'], summary: '商品当前证明的标准及证据（公开）', querystring: z.object({ productIds: z.string().max(2000) }), response: { 200: itemsOf(api.provenByProduct), ...errorResponses() } },
  }, async (req) => {
    const ids = req.query.productIds.split(',').map((s) => s.trim()).filter(Boolean);
    if (!ids.length || ids.length > 50 || !ids.every((id) => z.uuid().safeParse(id).success)) throw badRequest('request.invalid', { detail: 'productIds' });
    return { items: await quality.standardsProvenBy(ctx.db, ids, ctx.now()) };
  });

  r.get('/api/suppliers/:id/standards', { schema: { tags: ['standards'], summary: '供应商的商品与标准（供应商本人或运营）', params: idParams, response: { 200: itemsOf(api.supplierProductStandards), ...errorResponses(404) } } }, async (req) => (
    { items: await quality.supplierStandards(ctx.db, requireUser(req), req.params.id, ctx.now()) }
  ));

  r.get('/api/products/:id/certificates', { schema: { tags: ['standards'], summary: '商品的证书（供应商本人或运营）', params: idParams, response: { 200: itemsOf(api.certificate), ...errorResponses(404) } } }, async (req) => (
    { items: await quality.listCertificates(ctx.db, requireUser(req), req.params.id) }
  ));

  r.post('/api/products/:id/certificates', { schema: { tags: ['standards'], summary: '上传证书（multipart：type, issuer, number, validFrom, validUntil, document）', params: idParams, response: { 201: api.certificate, ...errorResponses(404, 413) } } }, async (req, reply) => {
    const user = requireUser(req);
    const { fields, files } = await readMultipart(req, MAX_DOCUMENT_BYTES, 1);
    const parsed = certificateFields.safeParse(fields);
    if (!parsed.success) throw badRequest('request.invalid', { detail: parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ') });
    if (!files[0]) throw badRequest('file.missing');
    const row = await quality.addCertificate(ctx.db, ctx.storage, user, req.params.id, { ...parsed.data, document: files[0] }, ctx.now());
    reply.code(201);
    return row;
  });
}
