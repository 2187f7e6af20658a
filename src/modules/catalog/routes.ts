import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireOperator, requireUser, type AppContext } from '../../shared/http.js';
import * as catalog from './service.js';

const productBody = z.object({
  name: z.string().trim().min(1).max(60),
  spec: z.string().trim().min(1).max(60),
  unit: z.string().trim().min(1).max(10),
  origin: z.string().trim().min(1).max(100),
  description: z.string().trim().max(2000).default(''),
  imageUrls: z.array(z.string().max(500)).max(9).default([]),
  listPriceFen: z.number().int().min(1).max(100_000_000),
  active: z.boolean().optional(),
});

export function catalogRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  /** Operators see the whole pool; leaders pick from active products. */
  r.get('/api/products', { schema: { tags: ['catalog'], summary: '商品池' } }, async (req) => {
    const user = requireUser(req);
    return { items: await catalog.listProducts(ctx.db, { activeOnly: !user.isOperator }) };
  });
  r.get('/api/products/:id', { schema: { tags: ['catalog'], params: z.object({ id: z.uuid() }) } }, async (req) => {
    requireUser(req);
    return catalog.getProduct(ctx.db, req.params.id);
  });
  r.post('/api/products', { schema: { tags: ['catalog'], summary: '新建商品（运营）', body: productBody } }, async (req, reply) => {
    requireOperator(req);
    reply.code(201);
    return catalog.createProduct(ctx.db, req.body);
  });
  r.patch('/api/products/:id', { schema: { tags: ['catalog'], params: z.object({ id: z.uuid() }), body: productBody.partial() } }, async (req) => {
    requireOperator(req);
    return catalog.updateProduct(ctx.db, req.params.id, req.body);
  });
}
