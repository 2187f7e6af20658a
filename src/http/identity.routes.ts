import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireUser, SESSION_COOKIE, type AppContext } from './context.js';
import { endSession, maskPhone, withoutPhones, requestLoginCode, updateProfile, ownProfile, verifyLoginCode } from '../modules/identity/index.js';
import { listMyCommunities } from '../modules/community/index.js';
import { listSuppliersOfUser } from '../modules/suppliers/index.js';
import { errorResponses, okAnswer } from './api-schemas.js';
import * as api from './identity.api.js';

export function identityRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  r.post('/api/auth/code', {
    schema: { tags: ['identity'], summary: '发送登录验证码', body: z.object({ phone: z.string().max(20) }), response: { 200: api.loginCodeSent, ...errorResponses(413) } },
  }, async (req) => requestLoginCode(ctx.db, ctx.sms, ctx.config, req.body.phone));

  r.post('/api/auth/verify', {
    schema: { tags: ['identity'], summary: '用验证码登录', body: z.object({ phone: z.string().max(20), code: z.string().max(10) }), response: { 200: api.signedIn, ...errorResponses(413) } },
  }, async (req, reply) => {
    const session = await verifyLoginCode(ctx.db, ctx.config, req.body.phone, req.body.code);
    reply.setCookie(SESSION_COOKIE, session.token, {
      path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.config.secureCookies, expires: session.expiresAt,
    });
    return { userId: session.userId };
  });

  r.post('/api/auth/logout', { schema: { tags: ['identity'], response: { 200: okAnswer, ...errorResponses() } } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await endSession(ctx.db, token, ctx.sessionCache);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  r.get('/api/me', { schema: { tags: ['identity'], summary: '当前用户与所属社区', response: { 200: api.me, ...errorResponses() } } }, async (req) => {
    const user = requireUser(req);
    const [communities, suppliers, profile] = await Promise.all([listMyCommunities(ctx.db, user.id), listSuppliersOfUser(ctx.db, user.id), ownProfile(ctx.db, user.id)]);
    return { user: { id: user.id, name: withoutPhones(user.name), phoneMasked: maskPhone(user.phone), isOperator: user.isOperator, birthday: profile.birthday }, communities, suppliers };
  });

  r.patch('/api/me', {
    schema: { tags: ['identity'], body: z.object({ name: z.string().trim().min(1).max(20).optional(), birthday: z.string().max(5).nullable().optional() }), response: { 200: okAnswer, ...errorResponses(413) } },
  }, async (req) => {
    const user = requireUser(req);
    await updateProfile(ctx.db, user.id, req.body, ctx.sessionCache);
    return { ok: true as const };
  });
}
