import { badRequest } from '../platform/errors.js';
import { DEFAULT_TIME_ZONE } from '../platform/time.js';
import { readMultipart } from './files.routes.js';
import { MAX_DOCUMENT_BYTES } from '../modules/files/index.js';
import { z } from 'zod';
import QRCode from 'qrcode';
import type { FastifyInstance } from 'fastify';
import { asZod, requireOperator, requireUser, type AppContext } from './context.js';
import * as community from '../modules/community/index.js';
import { maskPhone, withoutPhones } from '../modules/identity/index.js';
import { levelsOf } from '../modules/trust/index.js';
import { tagsOf } from '../modules/trust/index.js';
import { errorResponses, itemsOf } from './api-schemas.js';
import * as api from './community.api.js';

const communityBody = z.object({
  name: z.string().trim().min(1).max(50),
  address: z.string().trim().min(1).max(200),
  timeZone: z.string().max(64).default(DEFAULT_TIME_ZONE),
  pickupPointName: z.string().trim().min(1).max(50),
  pickupPointAddress: z.string().trim().min(1).max(200),
  pickupHours: z.string().trim(),
});
const idParams = z.object({ id: z.uuid() });

export function communityRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  r.get('/api/communities', { schema: { tags: ['community'], summary: '我的社区（运营：全部）', response: { 200: itemsOf(z.union([api.myCommunity, api.consoleCommunity])), ...errorResponses() } } }, async (req) => {
    const user = requireUser(req);
    return { items: user.isOperator ? await community.listAllCommunities(ctx.db) : await community.listMyCommunities(ctx.db, user.id) };
  });

  r.post('/api/communities', { schema: { tags: ['community'], summary: '创建社区（运营）', body: communityBody, response: { 201: api.communityRecord, ...errorResponses(403, 413) } } }, async (req, reply) => {
    requireOperator(req);
    reply.code(201);
    return community.createCommunity(ctx.db, req.body);
  });

  r.patch('/api/communities/:id', { schema: { tags: ['community'], params: idParams, body: communityBody.partial(), response: { 200: api.communityRecord, ...errorResponses(403, 404, 413) } } }, async (req) => {
    requireOperator(req);
    return community.updateCommunity(ctx.db, req.params.id, req.body);
  });

  r.get('/api/communities/:id', { schema: { tags: ['community'], params: idParams, response: { 200: api.community, ...errorResponses(403, 404) } } }, async (req) => {
    const user = requireUser(req);
    const membership = await community.requireMember(ctx.db, req.params.id, user);
    const c = await community.getCommunity(ctx.db, req.params.id);
    const leaders = await community.leadersOf(ctx.db, c.id);
    const canInvite = user.isOperator || membership?.role === 'leader';
    const { inviteCode, welcomeGift: _gift, ...pub } = c;
    return { ...pub, welcomeGift: community.welcomeGiftView(c), ...(canInvite ? { inviteCode } : {}), leaders, myRole: membership?.role ?? null };
  });

  r.post('/api/communities/:id/leaders', {
    schema: {
      tags: ['community'], summary: '任命团长（运营）', params: idParams, body: z.object({ phone: z.string().max(20), name: z.string().trim().min(1).max(20), title: z.string().trim().max(30).default('生活顾问') }),
      response: { 201: z.object({ userId: z.uuid() }), ...errorResponses(403, 404, 413) },
    },

  }, async (req, reply) => {
    const op = requireOperator(req);
    reply.code(201);
    return community.appointLeader(ctx.db, req.params.id, req.body, op.id);
  });

  r.get('/api/communities/:id/members', { schema: { tags: ['community'], params: idParams, response: { 200: itemsOf(api.communityMember), ...errorResponses(403, 404) } } }, async (req) => {
    const user = requireUser(req);
    if (!user.isOperator) await community.requireLeader(ctx.db, req.params.id, user.id);
    const members = await community.listMembers(ctx.db, req.params.id);
    const ids = members.map((m) => m.userId);
    const [levels, tags] = await Promise.all([levelsOf(ctx.db, ids), tagsOf(ctx.db, ids, ctx.now())]);
    // Levels and tags, never raw scores; and never anyone's full phone number.
    return { items: members.map(({ phone, ...m }) => ({ ...m, name: withoutPhones(m.name), phoneMasked: maskPhone(phone), level: levels.get(m.userId) ?? 'D', tags: tags.get(m.userId) ?? [] })) };
  });

  /** The invite link and its QR code, for the leader to post or print. */
  r.get('/api/communities/:id/invite', { schema: { tags: ['community'], params: idParams, response: { 200: api.invite, ...errorResponses(403, 404) } } }, async (req) => {
    const user = requireUser(req);
    if (!user.isOperator) await community.requireLeader(ctx.db, req.params.id, user.id);
    const c = await community.getCommunity(ctx.db, req.params.id);
    const url = `${req.publicBaseUrl()}/join/${c.inviteCode}?from=${user.id}`;
    return { url, inviteCode: c.inviteCode, qrDataUrl: await QRCode.toDataURL(url, { margin: 1, width: 320 }) };
  });

  r.post('/api/communities/:id/invite/regenerate', { schema: { tags: ['community'], params: idParams, response: { 200: z.object({ inviteCode: z.string() }), ...errorResponses(403, 404) } } }, async (req) => {
    const user = requireUser(req);
    if (!user.isOperator) await community.requireLeader(ctx.db, req.params.id, user.id);
    return { inviteCode: await community.regenerateInvite(ctx.db, req.params.id) };
  });

  /** Public preview of an invitation, so the landing page can greet before login. */
  r.get('/api/invites/:code', { schema: { tags: ['community'], params: z.object({ code: z.string().max(40) }), response: { 200: api.invitePreview, ...errorResponses(404) } } }, async (req) => {
    const { community: c, leaders, memberCount } = await community.communityByInvite(ctx.db, req.params.code);
    // The gift is named before joining (value first); its file and coupon come after.
    const gift = c.welcomeGift ? { title: c.welcomeGift.title, description: c.welcomeGift.description } : null;
    return { id: c.id, name: c.name, address: c.address, pickupPointName: c.pickupPointName, pickupPointAddress: c.pickupPointAddress, pickupHours: c.pickupHours, leaders, memberCount, welcomeGift: gift };
  });

  r.post('/api/invites/:code/join', {
    schema: { tags: ['community'], params: z.object({ code: z.string().max(40) }), body: z.object({ invitedBy: z.uuid().optional(), displayName: z.string().max(200).optional(), doorNumber: z.string().max(200).optional() }).optional(), response: { 200: api.joined, ...errorResponses(404, 413) } },
  }, async (req) => {
    const user = requireUser(req);
    return community.joinByInvite(ctx.db, req.params.code, user.id, req.body?.invitedBy && req.body.invitedBy !== user.id ? req.body.invitedBy : undefined, { displayName: req.body?.displayName, doorNumber: req.body?.doorNumber });
  });

  r.get('/api/communities/:id/welcome-gift', { schema: { tags: ['community'], summary: '入群礼', params: idParams, response: { 200: api.welcomeGiftAnswer, ...errorResponses(403, 404) } } }, async (req) => {
    await community.requireMember(ctx.db, req.params.id, requireUser(req));
    return { welcomeGift: community.welcomeGiftView(await community.getCommunity(ctx.db, req.params.id)) };
  });

  /** JSON {title, description, couponCode?} or multipart with the same fields and a `file` (PDF or image). */
  r.put('/api/communities/:id/welcome-gift', { schema: { tags: ['community'], summary: '设置入群礼（手册 PDF / 优惠券）', params: idParams, response: { 200: api.welcomeGiftAnswer, ...errorResponses(403, 404, 413) } } }, async (req) => {
    const user = requireUser(req);
    let fields: unknown = req.body;
    let file: { filename: string; bytes: Buffer } | null = null;
    if (req.isMultipart()) {
      const parts = await readMultipart(req, MAX_DOCUMENT_BYTES, 1);
      fields = parts.fields;
      file = parts.files[0] ?? null;
    }
    const parsed = z.object({ title: z.string().max(100), description: z.string().max(1000).default(''), couponCode: z.string().max(64).nullable().optional() }).safeParse(fields);
    if (!parsed.success) throw badRequest('request.invalid', { detail: parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ') });
    return { welcomeGift: await community.setWelcomeGift(ctx.db, ctx.storage, user, req.params.id, { ...parsed.data, file }) };
  });

  r.delete('/api/communities/:id/welcome-gift', { schema: { tags: ['community'], params: idParams, response: { 200: api.welcomeGiftAnswer, ...errorResponses(403, 404) } } }, async (req) =>
    ({ welcomeGift: await community.setWelcomeGift(ctx.db, ctx.storage, requireUser(req), req.params.id, null) }));
}
