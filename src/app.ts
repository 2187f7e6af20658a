import './messages.js';
import Fastify, { type FastifyError } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { serializerCompiler, jsonSchemaTransform, hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from './platform/errors.js';
import { pickLocale, translate } from './platform/i18n.js';
import { SESSION_COOKIE, type AppContext } from './http/context.js';
import { SessionCache, userForSession } from './modules/identity/index.js';
import { identityRoutes } from './http/identity.routes.js';
import { communityRoutes } from './http/community.routes.js';
import { pickupPointRoutes } from './http/pickup-points.routes.js';
import { memberRoutes } from './http/members.routes.js';
import { catalogRoutes } from './http/catalog.routes.js';
import { groupBuyRoutes } from './http/community-group-buys.routes.js';
import { isConnectionLoss, retryOnceIfConnectionLost } from './platform/db/connection-loss.js';
import { answerDatabaseUnavailable, retryReadsOnConnectionLoss } from './http/connection-loss.js';
import { idempotentRequestsPlugin } from './http/idempotency.js';
import { orderRoutes } from './http/orders.routes.js';
import { leaderOrderActionRoutes } from './http/leader-order-actions.routes.js';
import { groupBuyLeaderRoutes } from './http/group-buys.routes.js';
import { groupBuyChangeRoutes } from './http/group-buy-changes.routes.js';
import { bundleRoutes } from './http/bundles.routes.js';
import { paymentRoutes } from './http/payments.routes.js';
import { fulfilmentRoutes } from './http/fulfilment.routes.js';
import { leaderOrderRoutes } from './http/leader-orders.routes.js';
import { fileRoutes } from './http/files.routes.js';
import { qualityRoutes } from './http/quality.routes.js';
import { standardsRoutes } from './http/standards.routes.js';
import { leaderRoutes } from './http/leaders.routes.js';
import { notificationRoutes } from './http/notifications.routes.js';
import { metricsRoutes } from './http/metrics.routes.js';
import { campaignResultRoutes } from './http/campaign-results.routes.js';
import { trustRoutes } from './http/trust.routes.js';
import { supplierRoutes } from './http/suppliers.routes.js';
import { aftersalesRoutes } from './http/aftersales.routes.js';
import { feedRoutes } from './http/feed.routes.js';
import { messagingRoutes } from './http/messaging.routes.js';
import { gatheringRoutes } from './http/gatherings.routes.js';
import { pointsRoutes } from './http/points.routes.js';
import { trainingRoutes } from './http/training.routes.js';
import { ambassadorRoutes } from './http/ambassadors.routes.js';
import { payoutRoutes } from './http/payouts.routes.js';
import { governanceRoutes } from './http/governance.routes.js';
import { transformObject } from './http/openapi.js';
import { errorResponses, okAnswer } from './http/api-schemas.js';
import { boundedValidatorCompiler, registerInputGuard } from './http/hardening/input-guard.js';
import { databaseInputError } from './http/hardening/postgres-errors.js';
import { registerRateLimits } from './http/hardening/rate-limits.js';
import { registerCrossSiteCheck } from './http/hardening/cross-site.js';
import { registerSecurityHeaders } from './http/hardening/security-headers.js';
import { registerCompression, webStaticOptions } from './http/hardening/static-assets.js';
import { registerPublicBaseUrl } from './http/public-url.js';
import { limitsRoutes } from './http/limits.routes.js';
import { morningRoutes } from './http/morning.routes.js';
import { shareCardRoutes } from './http/share-cards.js';
import { reviewRoutes } from './http/reviews.routes.js';
import { storyRoutes } from './http/stories.routes.js';
import { ledgerRoutes } from './http/ledger.routes.js';
import { campaignRoutes } from './http/campaigns.routes.js';

// LINLI_WEB_ROOT lets a second build (e.g. a developer's preview) be served beside the default one.
const webRoot = process.env.LINLI_WEB_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/web');

export interface BuildOptions {
  logger?: boolean;
  serveWeb?: boolean;
  /** The built web app's folder (default LINLI_WEB_ROOT, else dist/web). */
  webRoot?: string;
}

/** Builds the HTTP app from the modules. Nothing listens until the caller says so. */
export async function buildApp(ctx: AppContext, options: BuildOptions = {}) {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 64 * 1024, trustProxy: ctx.config.http.trustProxy });
  // Zod, then the bounds every schema shares (dates PostgreSQL stores, numbers within int4).
  app.setValidatorCompiler(boundedValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(cookie);
  await registerCompression(app);
  await registerSecurityHeaders(app, ctx.config.http);
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 9 } });
  await app.register(swagger, {
    openapi: { info: { title: 'Linli 邻里 API', version: '0.1.0', description: '信任优先的社区团购' } },
    transform: jsonSchemaTransform,
    transformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  // Sign-ins are held a few seconds in memory (LINLI_SESSION_CACHE_MS, 0 = read every request);
  // logouts and role changes reach every instance at once through NOTIFY.
  if (!ctx.sessionCache) {
    const sessionCache = new SessionCache(ctx.config.sessionCacheMs);
    // An app built only to describe its routes (npm run api:types) has no database to listen on.
    if (ctx.db) await sessionCache.listen(ctx.db);
    ctx.sessionCache = sessionCache;
    app.addHook('onClose', () => sessionCache.close());
  }
  const sessionCache = ctx.sessionCache;

  app.decorateRequest('user', null);
  app.decorateRequest('locale', 'zh-CN');
  app.addHook('onRequest', async (req) => {
    req.locale = pickLocale({
      query: (req.query as Record<string, string> | undefined)?.lang,
      cookie: req.cookies.lang,
      acceptLanguage: req.headers['accept-language'],
    });
    if (req.url.startsWith('/api/')) req.user = await retryOnceIfConnectionLost(() => userForSession(ctx.db, req.cookies[SESSION_COOKIE], sessionCache));
  });
  registerCrossSiteCheck(app, ctx.config);
  registerInputGuard(app);
  await registerRateLimits(app, ctx.config.http);
  registerPublicBaseUrl(app, ctx.config);
  // Reads run once more on a new connection when theirs was lost (a write might have committed: never).
  app.addHook('onRoute', retryReadsOnConnectionLoss);
  // A state-changing request retried with the same Idempotency-Key gets its first answer back.
  idempotentRequestsPlugin(app, ctx.db);

  app.setErrorHandler((caught: FastifyError, req, reply) => {
    const locale = req.locale ?? 'zh-CN';
    // A value the database refused (a character, a date, a number out of range) is the request's fault.
    const err = (databaseInputError(caught) ?? caught) as FastifyError;
    if (err instanceof AppError) {
      // Params (a rule's error position, a limit …) go along so clients need not parse the message.
      const details = Object.keys(err.params).length || Object.keys(err.extra).length ? { details: { ...err.params, ...err.extra } } : {};
      return reply.code(err.status).send({ error: { code: err.code, message: err.message_(locale), ...details } });
    }
    if (isConnectionLoss(err)) return answerDatabaseUnavailable(reply, locale, err);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const detail = err.validation.map((v) => `${v.instancePath.replace(/^\//, '') || (v.params as { issue?: { path?: string[] } })?.issue?.path?.join('.') || ''} ${v.message}`.trim()).join('; ');
      return reply.code(400).send({ error: { code: 'request.invalid', message: translate(locale, 'errors.request.invalid', { detail }) } });
    }
    if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (err.statusCode === 400 && err instanceof SyntaxError)) {
      return reply.code(400).send({ error: { code: 'request.malformed_json', message: translate(locale, 'errors.request.malformed_json') } });
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({ error: { code: 'request.too_large', message: translate(locale, 'errors.request.too_large') } });
    }
    if (err.statusCode && err.statusCode < 500) {
      return reply.code(err.statusCode).send({ error: { code: 'request.invalid', message: translate(locale, 'errors.request.invalid', { detail: err.message }) } });
    }
    req.log.error(err);
    if (!options.logger) console.error(err);
    return reply.code(500).send({ error: { code: 'internal', message: translate(locale, 'errors.internal') } });
  });

  app.withTypeProvider<ZodTypeProvider>().get('/api/health', { schema: { tags: ['health'], response: { 200: okAnswer, ...errorResponses() } } }, async () => ({ ok: true as const }));
  for (const routes of [identityRoutes, communityRoutes, catalogRoutes, groupBuyRoutes, groupBuyLeaderRoutes, orderRoutes, paymentRoutes, fulfilmentRoutes, fileRoutes, qualityRoutes, standardsRoutes, leaderRoutes, notificationRoutes, metricsRoutes, trustRoutes, supplierRoutes, aftersalesRoutes, trainingRoutes, limitsRoutes, feedRoutes, gatheringRoutes, leaderOrderRoutes, leaderOrderActionRoutes, payoutRoutes, groupBuyChangeRoutes, messagingRoutes, pickupPointRoutes, morningRoutes, memberRoutes, governanceRoutes, pointsRoutes, reviewRoutes, ledgerRoutes, storyRoutes, campaignRoutes, bundleRoutes, ambassadorRoutes, campaignResultRoutes]) {
    routes(app, ctx);
  }

  const root = options.webRoot ?? webRoot;
  const serveWeb = options.serveWeb ?? existsSync(path.join(root, 'index.html'));
  // Shared links (a group buy, an invitation) get index.html with their preview card's meta.
  shareCardRoutes(app, ctx, serveWeb ? { root, indexHtml: () => readFile(path.join(root, 'index.html'), 'utf8') } : null);
  if (serveWeb) await app.register(fastifyStatic, webStaticOptions(root));
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || !serveWeb || req.method !== 'GET') {
      return reply.code(404).send({ error: { code: 'request.not_found', message: translate(req.locale ?? 'zh-CN', 'errors.request.not_found') } });
    }
    // Client-side routes: the SPA decides.
    return reply.sendFile('index.html');
  });
  return app;
}
