import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireOperator, requireUser, type AppContext } from './context.js';
import * as suppliers from '../modules/suppliers/index.js';
import { documentKinds, supplierStatuses } from '../modules/suppliers/index.js';
import { readMultipart, registerFileAccess } from './files.routes.js';
import { MAX_DOCUMENT_BYTES } from '../modules/files/index.js';
import { badRequest } from '../platform/errors.js';
import { productFields } from './catalog.routes.js';
import { productCategories } from '../modules/catalog/index.js';
import { product } from './catalog.api.js';
import { errorResponses, itemsOf } from './api-schemas.js';
import * as api from './suppliers.api.js';

// A supplier's qualification documents are readable by its own members (operators always are).
registerFileAccess(async (ctx, scope, user) => {
  const m = /^supplier:([0-9a-f-]{36})$/.exec(scope);
  return Boolean(m) && suppliers.isSupplierMember(ctx.db, m![1], user.id);
});

const idParams = z.object({ id: z.uuid() });
const applicationFields = {
  companyName: z.string().trim().min(2).max(100),
  creditCode: z.string().trim().min(1).max(30),
  contactName: z.string().trim().min(1).max(30),
  contactPhone: z.string().trim().min(5).max(30),
  address: z.string().trim().min(2).max(200),
  region: z.string().trim().min(2).max(50),
  description: z.string().trim().max(2000),
};
const applicationBody = z.object({ ...applicationFields, description: applicationFields.description.default('') });
// No defaults on edits: only what is sent changes.
const applicationPatch = z.object(applicationFields).partial();
const documentFields = z.object({ kind: z.string(), title: z.string().max(200).default('') });
const supplierProductFields = {
  ...productFields,
  category: z.enum(productCategories),
  storage: z.string().trim().max(100),
  standards: z.array(z.string().trim().min(1).max(20)).max(12),
};
const supplierProductBody = z.object({
  ...supplierProductFields,
  description: supplierProductFields.description.default(''),
  imageUrls: supplierProductFields.imageUrls.default([]),
  storage: supplierProductFields.storage.default(''),
  standards: supplierProductFields.standards.default([]),
});
const supplierProductPatch = z.object(supplierProductFields).partial();

export function supplierRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);

  r.post('/api/suppliers', { schema: { tags: ['suppliers'], summary: '申请入驻（创建草稿）', body: applicationBody, response: { 201: api.supplierDetail, ...errorResponses(409, 413) } } }, async (req, reply) => {
    const user = requireUser(req);
    const supplier = await suppliers.applyForAdmission(ctx.db, user.id, req.body, ctx.now());
    reply.code(201);
    return suppliers.supplierDetail(ctx.db, user, supplier.id);
  });

  r.get('/api/suppliers', {
    schema: { tags: ['suppliers'], summary: '准入审核队列（运营）', querystring: z.object({ status: z.enum(supplierStatuses).optional() }), response: { 200: api.supplierQueue, ...errorResponses(403) } },
  }, async (req) => {
    requireOperator(req);
    return suppliers.listSuppliers(ctx.db, req.query);
  });

  r.get('/api/suppliers/:id', { schema: { tags: ['suppliers'], summary: '供应商资料、资质文件与审核记录', params: idParams, response: { 200: api.supplierDetail, ...errorResponses(404) } } }, async (req) =>
    suppliers.supplierDetail(ctx.db, requireUser(req), req.params.id));

  r.patch('/api/suppliers/:id', { schema: { tags: ['suppliers'], summary: '修改申请（草稿或待补充时）', params: idParams, body: applicationPatch, response: { 200: api.supplierDetail, ...errorResponses(403, 404, 409, 413) } } }, async (req) => {
    const user = requireUser(req);
    await suppliers.updateApplication(ctx.db, user, req.params.id, req.body);
    return suppliers.supplierDetail(ctx.db, user, req.params.id);
  });

  r.post('/api/suppliers/:id/documents', {
    schema: { tags: ['suppliers'], summary: '上传资质文件（multipart：kind, title, file；PDF/JPG/PNG/WebP，≤10 MB）', params: idParams, response: { 201: api.supplierDocument, ...errorResponses(403, 404, 409, 413) } },
  }, async (req, reply) => {
    const user = requireUser(req);
    const { fields, files } = await readMultipart(req, MAX_DOCUMENT_BYTES, 1);
    const parsed = documentFields.safeParse(fields);
    if (!parsed.success) throw badRequest('supplier.document_kind_invalid');
    if (!files[0]) throw badRequest('file.missing');
    const doc = await suppliers.addDocument(ctx.db, ctx.storage, user, req.params.id, {
      kind: parsed.data.kind as suppliers.DocumentKind, title: parsed.data.title, file: files[0],
    });
    reply.code(201);
    return doc;
  });

  r.delete('/api/suppliers/:id/documents/:documentId', {
    schema: { tags: ['suppliers'], summary: '删除资质文件（草稿或待补充时）', params: z.object({ id: z.uuid(), documentId: z.uuid() }), response: { 200: z.object({ id: z.uuid() }), ...errorResponses(403, 404, 409) } },
  }, async (req) => suppliers.deleteDocument(ctx.db, requireUser(req), req.params.id, req.params.documentId));

  r.post('/api/suppliers/:id/submit', { schema: { tags: ['suppliers'], summary: '提交审核', params: idParams, response: { 200: api.supplierDetail, ...errorResponses(403, 404, 409) } } }, async (req) => {
    const user = requireUser(req);
    await suppliers.submitApplication(ctx.db, user, req.params.id, ctx.now());
    return suppliers.supplierDetail(ctx.db, user, req.params.id);
  });

  r.post('/api/suppliers/:id/review', {
    schema: {
      tags: ['suppliers'], summary: '准入决定（运营）：通过、驳回、要求补充、暂停、恢复', params: idParams,
      body: z.object({ decision: z.enum(['approve', 'reject', 'request_info', 'suspend', 'reinstate']), reason: z.string().max(500).default('') }),
      response: { 200: api.supplierDecided, ...errorResponses(403, 404, 409, 413) },
    },
  }, async (req) => {
    const op = requireOperator(req);
    const { productsDeactivated } = await suppliers.decide(ctx.db, op.id, req.params.id, req.body.decision, req.body.reason, ctx.now());
    return { ...(await suppliers.supplierDetail(ctx.db, op, req.params.id)), productsDeactivated };
  });

  r.get('/api/suppliers/:id/products', { schema: { tags: ['suppliers'], summary: '供应商的商品', params: idParams, response: { 200: itemsOf(product), ...errorResponses(404) } } }, async (req) => ({
    items: await suppliers.listSupplierProducts(ctx.db, requireUser(req), req.params.id),
  }));

  r.post('/api/suppliers/:id/products', { schema: { tags: ['suppliers'], summary: '上架新商品（已准入的供应商）', params: idParams, body: supplierProductBody, response: { 201: product, ...errorResponses(403, 404, 409, 413) } } }, async (req, reply) => {
    const product = await suppliers.createSupplierProduct(ctx.db, requireUser(req), req.params.id, req.body);
    reply.code(201);
    return product;
  });

  r.patch('/api/suppliers/:id/products/:productId', {
    schema: { tags: ['suppliers'], summary: '修改自己的商品（已准入的供应商）', params: z.object({ id: z.uuid(), productId: z.uuid() }), body: supplierProductPatch, response: { 200: product, ...errorResponses(403, 404, 409, 413) } },
  }, async (req) => suppliers.updateSupplierProduct(ctx.db, requireUser(req), req.params.id, req.params.productId, req.body));
}
