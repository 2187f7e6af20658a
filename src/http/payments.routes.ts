import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireUser, type AppContext } from './context.js';
import { getMyPayment } from '../modules/payments/index.js';
import { handlePaymentSucceeded } from '../workflows/payment-notified.js';
import { SandboxPaymentProvider } from '../modules/payments/index.js';
import { badRequest, conflict, notFound } from '../platform/errors.js';
import { getMyOrder } from '../modules/orders/index.js';
import { errorResponses, okAnswer } from './api-schemas.js';
import * as api from './payments.api.js';

export function paymentRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  r.get('/api/payments/:id', { schema: { tags: ['payments'], params: z.object({ id: z.uuid() }), response: { 200: api.payment, ...errorResponses(404) } } }, async (req) => {
    const user = requireUser(req);
    const p = await getMyPayment(ctx.db, req.params.id, user.id);
    return { id: p.id, orderId: p.orderId, amountFen: p.amountFen, status: p.status, provider: p.provider };
  });

  /** Where a provider posts its signed success notification. */
  r.post('/api/payments/notify/:provider', { schema: { tags: ['payments'], params: z.object({ provider: z.string() }), response: { 200: okAnswer, ...errorResponses(404, 409, 413) } } }, async (req) => {
    if (req.params.provider !== ctx.payments.name) throw notFound('payment.not_found');
    const parsed = ctx.payments.parseNotification(req.body, req.headers['x-linli-signature'] as string | undefined);
    if (!parsed) throw badRequest('request.invalid', { detail: 'signature' });
    await handlePaymentSucceeded(ctx.db, ctx.payments, parsed.providerRef, parsed.amountFen, ctx.now());
    return { ok: true as const };
  });

  /** Sandbox only: the resident confirms on the sandbox checkout page, as she would in WeChat Pay. */
  r.post('/api/payments/:id/sandbox-confirm', { schema: { tags: ['payments'], params: z.object({ id: z.uuid() }), response: { 200: api.sandboxConfirmed, ...errorResponses(404, 409) } } }, async (req) => {
    const user = requireUser(req);
    if (!(ctx.payments instanceof SandboxPaymentProvider)) throw notFound('payment.not_found');
    const p = await getMyPayment(ctx.db, req.params.id, user.id);
    if (p.status !== 'pending') throw conflict('payment.not_pending');
    // A real provider's order is closed when ours is cancelled; the sandbox checks the same way.
    const order = await getMyOrder(ctx.db, p.orderId, user.id);
    if (order.status !== 'pending_payment') throw conflict('order.not_payable');
    const note = ctx.payments.confirm(p.providerRef, p.amountFen);
    // The same path a real provider's notification takes.
    const parsed = ctx.payments.parseNotification(note.body, note.signature);
    if (!parsed) throw badRequest('request.invalid', { detail: 'signature' });
    const result = await handlePaymentSucceeded(ctx.db, ctx.payments, parsed.providerRef, parsed.amountFen, ctx.now());
    return { id: p.id, orderId: p.orderId, status: result.payment.status };
  });
}
