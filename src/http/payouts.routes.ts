import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { asZod, requireOperator, requireUser, type AppContext } from './context.js';
import { errorResponses, binaryAnswer, okAnswer } from './api-schemas.js';
import { badRequest, notFound } from '../platform/errors.js';
import { translate } from '../platform/i18n.js';
import { getCommunity, requireLeader } from '../modules/community/index.js';
import { localDate } from '../platform/time.js';
import {
  SandboxPayoutProvider, approvePayout, consolePayout, earningsPage, getPayout, handlePayoutNotification, isCalendarDate, listPayouts, payoutStatuses, payoutsOfLeader,
  periods, reconciliationReport, rejectPayout, requestPayout, statementCsv, statementRows, statementWorkbook, type PayoutProvider,
} from '../modules/payouts/index.js';
import * as api from './payouts.api.js';

const params = z.object({ id: z.uuid() });
const periodQuery = z.object({ period: z.enum(periods).default('day'), date: z.string().optional() });


export function payoutRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  // Without a configured provider the sandbox stands in (as the payment sandbox does for payments).
  const provider: PayoutProvider = ctx.payouts ?? (ctx.payouts = new SandboxPayoutProvider(process.env.LINLI_SANDBOX_SECRET));

  /** His community and his leadership there, and the statement's period (today in his community by default). */
  async function leaderScope(req: FastifyRequest, communityId: string, q?: { period: (typeof periods)[number]; date?: string }) {
    const user = requireUser(req);
    await requireLeader(ctx.db, communityId, user.id);
    const community = await getCommunity(ctx.db, communityId);
    const date = q?.date ?? localDate(ctx.now(), community.timeZone);
    if (!isCalendarDate(date)) throw badRequest('earnings.date_invalid');
    return { user, community, date, period: q?.period ?? 'day' as const };
  }

  r.get('/api/communities/:id/earnings', {
    schema: { tags: ['payouts'], summary: '团长收益：按日/周/月（社区时区）的销售额、分等级佣金、售后扣款、待结算与已结算、可提现余额', params, querystring: periodQuery, response: { 200: api.earnings, ...errorResponses(403, 404) } },
  }, async (req) => {
    const user = requireUser(req);
    await requireLeader(ctx.db, req.params.id, user.id);
    const community = await getCommunity(ctx.db, req.params.id);
    return earningsPage(ctx.db, { leaderId: user.id, communityId: community.id, timeZone: community.timeZone, period: req.query.period, date: req.query.date, limits: ctx.config.payouts, now: ctx.now() });
  });

  for (const format of ['xlsx', 'csv'] as const) {
    const type = format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8';
    r.get(`/api/communities/:id/earnings/statement.${format}`, {
      schema: { tags: ['payouts'], summary: `收益对账单 .${format}（不含手机号和姓名）`, params, querystring: periodQuery, response: { 200: binaryAnswer('The statement (attachment)', type.split(';')[0]), ...errorResponses(403, 404) } },
    }, async (req, reply) => {
      const s = await leaderScope(req, req.params.id, req.query);
      const rows = await statementRows(ctx.db, { leaderId: s.user.id, communityId: s.community.id, communityName: s.community.name, leaderName: s.user.name ?? '', timeZone: s.community.timeZone, period: s.period, date: s.date }, req.locale);
      const bytes = format === 'xlsx' ? await statementWorkbook(rows) : Buffer.from(statementCsv(rows), 'utf8');
      reply.header('content-type', type);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${rows.fileName}.${format}`)}`);
      return reply.send(bytes);
    });
  }

  r.get('/api/communities/:id/payouts', {
    schema: { tags: ['payouts'], summary: '我的提现记录', params, querystring: z.object({ page: z.coerce.number().int().min(1).default(1) }), response: { 200: api.payoutPage, ...errorResponses(403, 404) } },
  }, async (req) => {
    const s = await leaderScope(req, req.params.id);
    return payoutsOfLeader(ctx.db, s.user.id, req.query.page);
  });

  r.post('/api/communities/:id/payouts', {
    config: { ownIdempotencyKey: true },
    schema: {
      tags: ['payouts'], summary: '提现（需 Idempotency-Key：同一个键只提一次）', params, body: z.object({ amountFen: z.number().int() }),
      response: { 201: api.payout, 200: api.payout.describe('The withdrawal of an earlier request with the same Idempotency-Key'), ...errorResponses(403, 404, 409) },
    },
  }, async (req, reply) => {
    const s = await leaderScope(req, req.params.id);
    const header = req.headers['idempotency-key'];
    const key = Array.isArray(header) ? header[0] : header;
    if (!key) throw badRequest('payout.key_required');
    const { payout, replayed } = await requestPayout(ctx.db, provider, { leaderId: s.user.id, communityId: s.community.id, timeZone: s.community.timeZone, amountFen: req.body.amountFen, requestKey: key, limits: ctx.config.payouts, now: ctx.now() });
    if (replayed) reply.header('idempotent-replayed', 'true');
    reply.code(replayed ? 200 : 201);
    return payout;
  });

  /** Where the payout provider posts its signed notification (paid / failed). */
  r.post('/api/payouts/notify/:provider', { schema: { tags: ['payouts'], summary: '打款结果通知（签名校验）', params: z.object({ provider: z.string() }), response: { 200: okAnswer, ...errorResponses(404, 409) } } }, async (req) => {
    if (req.params.provider !== provider.name) throw notFound('payout.not_found');
    const note = provider.parseNotification(req.body, req.headers['x-linli-signature'] as string | undefined);
    if (!note) throw badRequest('payout.notification_invalid');
    await handlePayoutNotification(ctx.db, provider.name, note, ctx.now());
    return { ok: true as const };
  });

  r.get('/api/console/payouts', {
    schema: {
      tags: ['payouts'], summary: '全部提现（筛选、分页）',
      querystring: z.object({
        status: z.union([z.enum(payoutStatuses), z.array(z.enum(payoutStatuses))]).optional(), communityId: z.uuid().optional(), leaderId: z.uuid().optional(),
        from: z.coerce.date().optional(), to: z.coerce.date().optional(), page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20),
      }),
      response: { 200: api.consolePayoutPage, ...errorResponses(403) },
    },
  }, async (req) => {
    requireOperator(req);
    const q = req.query;
    return listPayouts(ctx.db, { ...q, status: q.status === undefined ? undefined : Array.isArray(q.status) ? q.status : [q.status] });
  });

  r.get('/api/console/payouts/reconciliation', { schema: { tags: ['payouts'], summary: '提现对账：账本 ↔ 结算/售后 ↔ 打款渠道记录', response: { 200: api.reconciliation, ...errorResponses(403) } } }, async (req) => {
    requireOperator(req);
    return reconciliationReport(ctx.db, provider, ctx.now());
  });

  const consoleView = (id: string) => consolePayout(ctx.db, id);

  r.post('/api/console/payouts/:id/approve', { schema: { tags: ['payouts'], summary: '批准大额提现（交给打款渠道）', params, body: z.object({ note: z.string().max(200).default('') }), response: { 200: api.consolePayout, ...errorResponses(403, 404, 409) } } }, async (req) => {
    const op = requireOperator(req);
    const p = await approvePayout(ctx.db, provider, op.id, req.params.id, req.body.note, ctx.now());
    return consoleView(p.id);
  });

  r.post('/api/console/payouts/:id/reject', { schema: { tags: ['payouts'], summary: '拒绝大额提现（写明原因，金额退回余额）', params, body: z.object({ reason: z.string().max(500) }), response: { 200: api.consolePayout, ...errorResponses(403, 404, 409) } } }, async (req) => {
    const op = requireOperator(req);
    const p = await rejectPayout(ctx.db, op.id, req.params.id, req.body.reason, ctx.now());
    return consoleView(p.id);
  });

  /** Sandbox only: the bank's answer, as the provider would send it — through the same signed path. */
  r.post('/api/console/payouts/:id/sandbox-complete', { schema: { tags: ['payouts'], summary: '沙箱：模拟打款到账 / 失败（走同一条签名通知路径）', params, body: z.object({ outcome: z.enum(['PAID', 'FAILED']), reason: z.string().max(200).default('') }), response: { 200: api.consolePayout, ...errorResponses(403, 404, 409) } } }, async (req) => {
    requireOperator(req);
    if (!(provider instanceof SandboxPayoutProvider)) throw notFound('payout.not_found');
    const p = await getPayout(ctx.db, req.params.id);
    if (!p.providerRef || !provider.records.has(p.providerRef)) throw notFound('payout.not_found');
    const note = provider.complete(p.providerRef, req.body.outcome, req.body.reason || (req.body.outcome === 'FAILED' ? translate(req.locale, 'earnings.payoutStatus.failed') : ''));
    const parsed = provider.parseNotification(note.body, note.signature);
    if (!parsed) throw badRequest('payout.notification_invalid');
    await handlePayoutNotification(ctx.db, provider.name, parsed, ctx.now());
    return consoleView(p.id);
  });
}
