import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireOperator, requireUser, type AppContext } from './context.js';
import * as catalog from '../modules/catalog/index.js';
import { productCategories } from '../modules/catalog/index.js';
import { requireSupplierMaySell } from '../modules/suppliers/index.js';
import { errorResponses, itemsOf } from './api-schemas.js';
import { product } from './catalog.api.js';

/** The facts of a product, shared by the operators' pool and the supplier portal. */
export const productFields = {
  name: z.string().trim().min(1).max(60),
  spec: z.string().trim().min(1).max(60),
  unit: z.string().trim().min(1).max(10),
  origin: z.string().trim().min(1).max(100),
  description: z.string().trim().max(2000),
  imageUrls: z.array(z.string().max(500)).max(9),
  listPriceFen: z.number().int().min(1).max(100_000_000),
  active: z.boolean().optional(),
  category: z.enum(productCategories).optional(),
  shelfLifeDays: z.number().int().min(1).max(3650).nullable().optional(),
  storage: z.string().trim().max(100).optional(),
  standards: z.array(z.string().trim().min(1).max(20)).max(12).optional(),
  firstLaunchUntil: z.coerce.date().nullable().optional(),
};
/** Creating: description and images may be left out. */
const productBody = z.object({ ...productFields, description: productFields.description.default(''), imageUrls: productFields.imageUrls.default([]) });
/** Editing: only what is sent changes (no defaults here, or a partial edit would wipe fields). */
const productPatch = z.object(productFields).partial();

export function catalogRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  /** Operators see the whole pool; leaders pick from active products. */
  r.get('/api/products', { schema: { tags: ['catalog'], summary: '商品池', response: { 200: itemsOf(product), ...errorResponses() } } }, async (req) => {
    const user = requireUser(req);
    return { items: await catalog.listProducts(ctx.db, { activeOnly: !user.isOperator }) };
  });
  r.get('/api/products/:id', { schema: { tags: ['catalog'], params: z.object({ id: z.uuid() }), response: { 200: product, ...errorResponses(404) } } }, async (req) => {
    requireUser(req);
    return catalog.getProduct(ctx.db, req.params.id);
  });
  r.post('/api/products', { schema: { tags: ['catalog'], summary: '新建商品（运营）', body: productBody, response: { 201: product, ...errorResponses(403, 413) } } }, async (req, reply) => {
    requireOperator(req);
    reply.code(201);
    return catalog.createProduct(ctx.db, req.body);
  });
  r.patch('/api/products/:id', { schema: { tags: ['catalog'], params: z.object({ id: z.uuid() }), body: productPatch, response: { 200: product, ...errorResponses(403, 404, 409, 413) } } }, async (req) => {
    requireOperator(req);
    if (req.body.active === true) {
      // A suspended supplier's products stay off sale until the supplier is reinstated.
      const product = await catalog.getProduct(ctx.db, req.params.id);
      if (product.supplierId && !product.active) await requireSupplierMaySell(ctx.db, product.supplierId);
    }
    return catalog.updateProduct(ctx.db, req.params.id, req.body);
  });
}
