import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { isConnectionLoss, reconnectPause, reportConnectionLoss, RETRY_AFTER_SECONDS } from '../platform/db/connection-loss.js';
import { translate, type Locale } from '../platform/i18n.js';

/**
 * A request whose database connection was lost (and not recovered by a retry) is answered 503
 * `database.unavailable` with Retry-After: the client may try again shortly, nothing is wrong with
 * what it sent. One log line each, without the stack: an outage produces many.
 */
export function answerDatabaseUnavailable(reply: FastifyReply, locale: Locale, err: unknown) {
  reply.log.warn({ err }, 'database unavailable');
  reportConnectionLoss(err);
  return reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS))
    .send({ error: { code: 'database.unavailable', message: translate(locale, 'errors.database.unavailable') } });
}

type Handler = (this: FastifyInstance, req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/**
 * An onRoute hook: GET and HEAD handlers (reads, by HTTP's rules and ours) run once more when
 * their connection was lost before they answered. State-changing requests are not retried here:
 * their transactions retry themselves when that is safe (inTransaction).
 */
export function retryReadsOnConnectionLoss(route: RouteOptions) {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  if (!methods.every((m) => m === 'GET' || m === 'HEAD')) return;
  const handler = route.handler as unknown as Handler;
  // Callback-style handlers answer through reply.send and return nothing to wait on: left alone.
  if (handler.constructor.name !== 'AsyncFunction') return;
  const retrying: Handler = async function (this: FastifyInstance, req, reply) {
    try {
      return await handler.call(this, req, reply);
    } catch (err) {
      if (!isConnectionLoss(err) || reply.sent) throw err;
      await reconnectPause();
      return handler.call(this, req, reply);
    }
  };
  route.handler = retrying as unknown as RouteOptions['handler'];
}
