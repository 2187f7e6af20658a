import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { RETRY_AFTER_SECONDS, retryOnceIfConnectionLost } from '../platform/db/connection-loss.js';
import { AppError, badRequest } from '../platform/errors.js';
import { idempotentRequests } from './idempotency.schema.js';

/**
 * Idempotent retries of state-changing requests. A POST/PUT/PATCH/DELETE under /api/ may carry an
 * `Idempotency-Key` header; its first answer (status and body) is kept with the key, for the caller
 * (the signed-in user, else the client address), method and path. A retry with the same key gets
 * that answer back (header `Idempotent-Replayed: true`) without the work being done again; the
 * same key with another request is refused 422 `request.idempotency_mismatch`; a duplicate sent
 * while the first is still running waits for its answer.
 *
 * How (docs/decisions.md, idempotency storage): the key is claimed with an insert-first
 * 'in_progress' row before the handler runs (the unique index makes concurrent duplicates wait),
 * and the answer is stored over it before it is sent. Answers of 5xx, 401, 408, 429 and any that
 * set a cookie are not kept: the claim is let go, and a retry does the work for real. A claim whose
 * request died without answering is taken over after LEASE_SECONDS.
 */

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Kept this long, then purged by the scheduled job. */
export const RETENTION_HOURS = 24;
const LEASE_SECONDS = 60;
/** A duplicate waits this long for the first request's answer, then is told to retry. */
const WAIT_MS = 10_000;
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY_FORMAT = /^[\x21-\x7e]{8,200}$/;
const NOT_KEPT = new Set([401, 408, 429]);
const MAX_KEPT_CHARS = 1_000_000;

interface Claim {
  id: string;
  holder: string;
  settled: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyClaim?: Claim;
  }
  interface FastifyContextConfig {
    /** The route keeps its own idempotency key (order placement): the header is left to it. */
    ownIdempotencyKey?: boolean;
  }
}

/** Registers the hooks. Call before the routes. */
export function idempotentRequestsPlugin(app: FastifyInstance, db: Db) {
  app.addHook('preHandler', async (req, reply) => {
    if (!STATE_CHANGING.has(req.method) || !req.url.startsWith('/api/')) return;
    const header = req.headers[IDEMPOTENCY_HEADER];
    if (header === undefined || req.routeOptions.config?.ownIdempotencyKey) return;
    const key = Array.isArray(header) ? header[0] : header;
    if (!KEY_FORMAT.test(key)) throw badRequest('request.idempotency_key_invalid');
    const outcome = await claim(db, {
      scope: req.user ? `user:${req.user.id}` : `client:${req.ip}`,
      method: req.method,
      path: req.url.split('?')[0],
      key,
      fingerprint: fingerprintOf(req),
    });
    if (outcome.kind === 'claimed') {
      req.idempotencyClaim = outcome.claim;
      return;
    }
    if (outcome.kind === 'mismatch') throw new AppError('request.idempotency_mismatch', 422);
    if (outcome.kind === 'busy') {
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      throw new AppError('request.idempotency_in_progress', 409);
    }
    const { status, type, body } = outcome.answer;
    reply.code(status).header('idempotent-replayed', 'true');
    if (type) reply.header('content-type', type);
    return reply.send(body ?? undefined);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const mine = req.idempotencyClaim;
    if (!mine || mine.settled) return payload;
    mine.settled = true;
    const status = reply.statusCode;
    const body = payload === undefined || payload === null ? null : typeof payload === 'string' ? payload : undefined;
    const keep = status < 500 && !NOT_KEPT.has(status) && !reply.hasHeader('set-cookie') && body !== undefined && (body?.length ?? 0) <= MAX_KEPT_CHARS;
    const type = reply.getHeader('content-type');
    try {
      // Both are conditional on holding the claim, so doing one twice changes nothing.
      await retryOnceIfConnectionLost(() => keep
        ? db.update(idempotentRequests).set({ state: 'done', responseStatus: status, responseType: type === undefined ? null : String(type), responseBody: body, completedAt: sql`now()` })
          .where(and(eq(idempotentRequests.id, mine.id), eq(idempotentRequests.holder, mine.holder)))
        : db.delete(idempotentRequests).where(and(eq(idempotentRequests.id, mine.id), eq(idempotentRequests.holder, mine.holder))));
    } catch (err) {
      // The answer still goes out; the claim lapses after its lease and a retry runs again.
      req.log.warn({ err }, 'idempotency: answer not stored');
    }
    return payload;
  });
}

type ClaimOutcome =
  | { kind: 'claimed'; claim: Claim }
  | { kind: 'replay'; answer: { status: number; type: string | null; body: string | null } }
  | { kind: 'mismatch' }
  | { kind: 'busy' };

async function claim(db: Db, r: { scope: string; method: string; path: string; key: string; fingerprint: string }): Promise<ClaimOutcome> {
  const lease = sql`now() + make_interval(secs => ${LEASE_SECONDS})`;
  const deadline = Date.now() + WAIT_MS;
  for (let pause = 20; ; pause = Math.min(pause * 2, 250)) {
    const holder = randomUUID();
    const [mine] = await db.insert(idempotentRequests).values({ ...r, holder, lockedUntil: lease }).onConflictDoNothing().returning({ id: idempotentRequests.id });
    if (mine) return { kind: 'claimed', claim: { id: mine.id, holder, settled: false } };
    const [row] = await db.select().from(idempotentRequests).where(and(
      eq(idempotentRequests.scope, r.scope), eq(idempotentRequests.method, r.method), eq(idempotentRequests.path, r.path), eq(idempotentRequests.key, r.key)));
    if (row) {
      if (row.fingerprint !== r.fingerprint) return { kind: 'mismatch' };
      if (row.state === 'done') return { kind: 'replay', answer: { status: row.responseStatus ?? 200, type: row.responseType, body: row.responseBody } };
      // Its request died without answering: the claim is taken over.
      const [taken] = await db.update(idempotentRequests).set({ holder, lockedUntil: lease })
        .where(and(eq(idempotentRequests.id, row.id), eq(idempotentRequests.state, 'in_progress'), lt(idempotentRequests.lockedUntil, sql`now()`)))
        .returning({ id: idempotentRequests.id });
      if (taken) return { kind: 'claimed', claim: { id: taken.id, holder, settled: false } };
    }
    // Still running (or just let go): wait for its answer, then look again.
    if (Date.now() + pause > deadline) return { kind: 'busy' };
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

/**
 * What was asked: the query and the body (JSON with sorted keys). A multipart body is read by the
 * handler, after the claim, so only its length stands for it.
 */
function fingerprintOf(req: FastifyRequest): string {
  const q = req.url.indexOf('?');
  const query = q < 0 ? '' : req.url.slice(q + 1);
  const multipart = String(req.headers['content-type'] ?? '').startsWith('multipart/');
  const body = multipart ? `multipart:${req.headers['content-length'] ?? ''}` : canonicalJson(req.body);
  return createHash('sha256').update(JSON.stringify([query, body])).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(value, (_k, v: unknown) => v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v);
}

/** Forgets answers older than the retention (a scheduled job). Returns how many went. */
export async function purgeIdempotentRequests(db: Db, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - RETENTION_HOURS * 3_600_000);
  const gone = await db.delete(idempotentRequests).where(lt(idempotentRequests.createdAt, cutoff)).returning({ id: idempotentRequests.id });
  return gone.length;
}
