import Fastify, { type FastifyError } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { serializerCompiler, validatorCompiler, jsonSchemaTransform, hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from './shared/errors.js';
import { pickLocale, translate } from './shared/i18n.js';
import { SESSION_COOKIE, type AppContext } from './shared/http.js';
import { userForSession } from './modules/identity/service.js';
import { identityRoutes } from './modules/identity/routes.js';
import { communityRoutes } from './modules/community/routes.js';
import { catalogRoutes } from './modules/catalog/routes.js';
import { groupBuyRoutes } from './modules/groupbuy/routes.js';
import { orderRoutes } from './http/orders.routes.js';
import { groupBuyLeaderRoutes } from './http/group-buys.routes.js';
import { paymentRoutes } from './http/payments.routes.js';
import { fulfilmentRoutes } from './http/fulfilment.routes.js';
import { fileRoutes } from './modules/files/routes.js';
import { qualityRoutes } from './modules/quality/routes.js';
import { leaderRoutes } from './modules/leaders/routes.js';
import { notificationRoutes } from './modules/notifications/routes.js';
import { metricsRoutes } from './modules/metrics/routes.js';
import { trustRoutes } from './modules/trust/routes.js';
import { supplierRoutes } from './modules/suppliers/routes.js';
import { aftersalesRoutes } from './modules/aftersales/routes.js';
import { feedRoutes } from './modules/feed/routes.js';
import { gatheringRoutes } from './modules/gatherings/routes.js';
import { trainingRoutes } from './modules/training/routes.js';
import { limitsRoutes } from './http/limits.routes.js';

// LINLI_WEB_ROOT lets a second build (e.g. a developer's preview) be served beside the default one.
const webRoot = process.env.LINLI_WEB_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/web');

export interface BuildOptions {
  logger?: boolean;
  serveWeb?: boolean;
}

/** Builds the HTTP app from the modules. Nothing listens until the caller says so. */
export async function buildApp(ctx: AppContext, options: BuildOptions = {}) {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 64 * 1024, trustProxy: true });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 9 } });
  await app.register(swagger, {
    openapi: { info: { title: 'Linli 邻里 API', version: '0.1.0', description: '信任优先的社区团购' } },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.decorateRequest('user', null);
  app.decorateRequest('locale', 'zh-CN');
  app.addHook('onRequest', async (req) => {
    req.locale = pickLocale({
      query: (req.query as Record<string, string> | undefined)?.lang,
      cookie: req.cookies.lang,
      acceptLanguage: req.headers['accept-language'],
    });
    if (req.url.startsWith('/api/')) req.user = await userForSession(ctx.db, req.cookies[SESSION_COOKIE]);
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const locale = req.locale ?? 'zh-CN';
    if (err instanceof AppError) {
      // Params (a rule's error position, a limit …) go along so clients need not parse the message.
      const details = Object.keys(err.params).length || Object.keys(err.extra).length ? { details: { ...err.params, ...err.extra } } : {};
      return reply.code(err.status).send({ error: { code: err.code, message: err.message_(locale), ...details } });
    }
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

  app.get('/api/health', async () => ({ ok: true }));
  for (const routes of [identityRoutes, communityRoutes, catalogRoutes, groupBuyRoutes, groupBuyLeaderRoutes, orderRoutes, paymentRoutes, fulfilmentRoutes, fileRoutes, qualityRoutes, leaderRoutes, notificationRoutes, metricsRoutes, trustRoutes, supplierRoutes, aftersalesRoutes, trainingRoutes, feedRoutes, gatheringRoutes, limitsRoutes]) {
    routes(app, ctx);
  }

  const serveWeb = options.serveWeb ?? existsSync(path.join(webRoot, 'index.html'));
  if (serveWeb) await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || !serveWeb || req.method !== 'GET') {
      return reply.code(404).send({ error: { code: 'request.not_found', message: translate(req.locale ?? 'zh-CN', 'errors.request.not_found') } });
    }
    // Client-side routes: the SPA decides.
    return reply.sendFile('index.html');
  });
  return app;
}
