import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireOperator, requireUser, type AppContext } from './context.js';
import { errorResponses } from './api-schemas.js';
import { notFound } from '../platform/errors.js';
import { consistencyBetween, effectSources, latestCheckpoint, ledgerOverview, ledgerSources, loadLedgerKey, readPublishedCheckpoint, receiptFor, runLedgerCheckpoint } from '../modules/ledger/index.js';
import * as api from './ledger.api.js';

const size = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export function ledgerRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  const key = () => loadLedgerKey(ctx.config.ledger.keyFile);
  const publicKey = () => ({ algorithm: 'Ed25519' as const, keyId: key().keyId, publicKey: key().publicKeyHex });

  r.get('/api/ledger/public-key', {
    schema: { tags: ['ledger'], summary: '公开账本的签名公钥（Ed25519，十六进制）：用它离线核对凭证', response: { 200: api.publicKey, ...errorResponses() } },
  }, async () => publicKey());

  r.get('/api/ledger/checkpoints/latest', {
    schema: { tags: ['ledger'], summary: '最新的签名账本快照（树大小、Merkle 根、链头、签名）', response: { 200: api.checkpoint, ...errorResponses(404) } },
  }, async () => {
    const cp = await latestCheckpoint(ctx.db);
    if (!cp) throw notFound('ledger.checkpoint_not_found');
    return cp;
  });

  r.get('/api/ledger/published/:name', {
    schema: {
      tags: ['ledger'], summary: '签名快照的发布文件（写在数据库之外）：latest 或某个树大小',
      params: z.object({ name: z.union([z.literal('latest'), size]) }), response: { 200: api.publishedCheckpoint, ...errorResponses(404) },
    },
  }, async (req) => {
    const file = readPublishedCheckpoint(ctx.config.ledger.checkpointDir, req.params.name);
    if (!file) throw notFound('ledger.checkpoint_not_found');
    return file as z.infer<typeof api.publishedCheckpoint>;
  });

  r.get('/api/ledger/consistency', {
    schema: {
      tags: ['ledger'], summary: '两个快照之间的一致性证明（RFC 6962）：后一个只在前一个后面追加',
      querystring: z.object({ from: size, to: size }), response: { 200: api.consistency, ...errorResponses(404, 409) },
    },
  }, async (req) => consistencyBetween(ctx.db, req.query.from, req.query.to));

  r.get('/api/ledger/receipts/:source/:id', {
    schema: {
      tags: ['ledger'], summary: '我的一条记录的凭证：记录原文、叶子位置、包含证明、签名快照（只给记录涉及的本人）',
      params: z.object({ source: z.string().regex(/^[a-z_]{1,64}$/), id: z.string().min(1).max(64) }),
      response: { 200: api.receipt, ...errorResponses(404, 409) },
    },
  }, async (req) => {
    const user = requireUser(req);
    return receiptFor(ctx.db, ledgerSources, req.params.source, req.params.id, user.id);
  });

  r.get('/api/console/ledger', {
    schema: { tags: ['ledger'], summary: '运营：账本快照、校验状态（含发现的篡改）、待处理的生效事项', response: { 200: api.overview, ...errorResponses(403) } },
  }, async (req) => {
    requireOperator(req);
    const effects = (await Promise.all(effectSources.map((s) => s.waiting(ctx.db)))).flat();
    return { publicKey: publicKey(), ...(await ledgerOverview(ctx.db, ledgerSources)), effectsWaiting: effects };
  });

  r.post('/api/console/ledger/run', {
    schema: { tags: ['ledger'], summary: '运营：立即追加新记录、签一个快照并重新校验全部记录', response: { 200: api.runResult, ...errorResponses(403) } },
  }, async (req) => {
    requireOperator(req);
    const { run, verification } = await runLedgerCheckpoint(ctx.db, ctx.config.ledger, ctx.now(), () => {});
    return { skipped: run.skipped, appended: run.appended, treeSize: run.checkpoint?.treeSize ?? null, verificationOk: verification?.ok ?? null, failures: verification?.failures.length ?? 0 };
  });
}
