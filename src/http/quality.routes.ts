import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireOperator, requireUser, type AppContext } from './context.js';
import * as quality from '../modules/quality/index.js';
import { logisticsKinds } from '../modules/quality/index.js';
import { readMultipart } from './files.routes.js';
import { MAX_DOCUMENT_BYTES } from '../modules/files/index.js';
import { badRequest, notFound } from '../platform/errors.js';
import { isSupplierMember } from '../modules/suppliers/index.js';
import { errorResponses, itemsOf } from './api-schemas.js';
import * as api from './quality.api.js';

const idParams = z.object({ id: z.uuid() });
const inspectionFields = z.object({
  lab: z.string().trim().min(2).max(100),
  inspectedAt: z.coerce.date(),
  result: z.enum(['pass', 'fail']),
  summary: z.string().trim().max(1000).default(''),
  /** JSON: [{ analyte, notDetected, value?, unit? }] — the report's results per analyte. */
  values: z.string().max(10_000).optional(),
});
const valuesJson = z.array(z.object({ analyte: z.string().max(60), notDetected: z.boolean(), value: z.number().nullable().optional(), unit: z.string().max(20).optional() })).max(40);

/** The structured values sent with a report, or a clear error. */
function parseValues(raw: string | undefined) {
  if (raw === undefined || raw.trim() === '') return [];
  let json: unknown;
  try { json = JSON.parse(raw); } catch { throw badRequest('inspection.values_invalid'); }
  const parsed = valuesJson.safeParse(json);
  if (!parsed.success) throw badRequest('inspection.values_invalid');
  return parsed.data;
}

export function qualityRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  r.post('/api/batches', {
    schema: { tags: ['quality'], summary: '登记批次（供应商）', body: z.object({ productId: z.uuid(), producedAt: z.coerce.date(), quantity: z.number().int().min(1).max(10_000_000), sourcePlace: z.string().trim().min(2).max(200) }), response: { 201: api.batch, ...errorResponses(404, 409, 413) } },
  }, async (req, reply) => {
    const user = requireUser(req);
    reply.code(201);
    return quality.createBatch(ctx.db, user, req.body, ctx.now());
  });

  r.get('/api/batches', {
    schema: { tags: ['quality'], querystring: z.object({ supplierId: z.uuid().optional(), status: z.enum(['pending', 'approved', 'rejected']).optional(), productId: z.uuid().optional() }), response: { 200: itemsOf(api.batchSummary), ...errorResponses(404) } },
  }, async (req) => {
    const user = requireUser(req);
    if (!user.isOperator) {
      // Suppliers list only their own batches.
      if (!req.query.supplierId || !(await isSupplierMember(ctx.db, req.query.supplierId, user.id))) throw notFound('batch.not_found');
    }
    return { items: await quality.listBatches(ctx.db, req.query) };
  });

  r.get('/api/batches/:id', { schema: { tags: ['quality'], params: idParams, response: { 200: api.batchDetail, ...errorResponses(404) } } }, async (req) => quality.batchDetail(ctx.db, requireUser(req), req.params.id));

  r.post('/api/batches/:id/inspections', { schema: { tags: ['quality'], summary: '上传检测报告（multipart：lab, inspectedAt, result, summary, values(JSON), report）', params: idParams, response: { 201: api.inspection, ...errorResponses(404, 409, 413) } } }, async (req, reply) => {
    const user = requireUser(req);
    const { fields, files } = await readMultipart(req, MAX_DOCUMENT_BYTES, 1);
    const parsed = inspectionFields.safeParse(fields);
    if (!parsed.success) throw badRequest('request.invalid', { detail: parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ') });
    const values = parseValues(parsed.data.values);
    if (!files[0]) throw badRequest('file.missing');
    reply.code(201);
    return quality.addInspection(ctx.db, ctx.storage, user, req.params.id, { ...parsed.data, values, report: files[0] }, ctx.now());
  });

  r.post('/api/batches/:id/review', {
    schema: { tags: ['quality'], summary: '审核批次（运营）', params: idParams, body: z.object({ decision: z.enum(['approve', 'reject']), note: z.string().max(500).default('') }), response: { 200: api.batch, ...errorResponses(403, 404, 409, 413) } },
  }, async (req) => {
    const op = requireOperator(req);
    return quality.reviewBatch(ctx.db, op.id, req.params.id, req.body.decision, req.body.note, ctx.now());
  });

  r.post('/api/batches/:id/logistics', {
    schema: {
      tags: ['quality'], summary: '物流记录', params: idParams,
      body: z.object({ kind: z.enum(logisticsKinds), occurredAt: z.coerce.date(), place: z.string().trim().max(200).default(''), temperatureC: z.number().min(-40).max(60).nullable().optional(), note: z.string().trim().max(500).optional() }),
      response: { 201: api.logisticsEvent, ...errorResponses(404, 413) },
    },
  }, async (req, reply) => {
    const user = requireUser(req);
    reply.code(201);
    return quality.addLogisticsEvent(ctx.db, user, req.params.id, req.body, ctx.now());
  });

  /** Public, no login: what the QR code on the box and the pick list opens. */
  r.get('/api/trace/:code', { schema: { tags: ['quality'], summary: '批次溯源（公开）', params: z.object({ code: z.string().max(40) }), response: { 200: api.traceability, ...errorResponses(404) } } }, async (req) => {
    const trace = await quality.traceability(ctx.db, req.params.code);
    return trace;
  });
}
