// The fulfilment module's own records of hand-overs: pickup secrets, 代取 passes, hand-overs and
// the count of wrong codes a leader typed. Only this module writes these tables; the hand-over
// workflow (src/workflows/hand-over.ts) calls the writers inside its transaction.
import { and, asc, count, desc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../platform/db/client.js';
import { handovers, pickupPasses, pickupSecrets } from './schema.js';
import { conflict, notFound, tooMany } from '../../platform/errors.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';
import { hashPassCode, newPassCode, newPickupSecret } from './pickup-code.js';

export type Handover = typeof handovers.$inferSelect;
export type PickupPass = typeof pickupPasses.$inferSelect;
export type HandoverMethod = Handover['method'];
export type HandoverStatus = Handover['status'];

/** A resident's pickup secret, created (32 random bytes) the first time she opens her code. */
export async function getOrCreatePickupSecret(db: DbOrTx, userId: string): Promise<string> {
  await db.insert(pickupSecrets).values({ userId, secret: newPickupSecret() }).onConflictDoNothing();
  const [row] = await db.select({ secret: pickupSecrets.secret }).from(pickupSecrets).where(eq(pickupSecrets.userId, userId));
  return row.secret;
}

/** Secrets of the given residents (those who never opened their code have none: no code can be theirs). */
export async function pickupSecretsOf(db: DbOrTx, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.select().from(pickupSecrets).where(inArray(pickupSecrets.userId, userIds));
  return new Map(rows.map((r) => [r.userId, r.secret]));
}

/**
 * A verified code cannot be replayed (TRUST.md §8): a verify with her rotating code takes her
 * pickup secret's row first (concurrent verifies of her codes wait here), refuses a code whose
 * step is not later than the last step verified, and records this step as used. In the
 * hand-over's transaction: a hand-over that fails uses nothing up.
 */
export async function useCodeStep(tx: Tx, input: { communityId: string; residentId: string; leaderId: string; step: number }): Promise<void> {
  await tx.select({ userId: pickupSecrets.userId }).from(pickupSecrets).where(eq(pickupSecrets.userId, input.residentId)).for('update');
  const res = (await tx.execute(sql`
    select max((payload->>'step')::bigint) as last from domain_events
    where subject_id = ${input.residentId} and type = 'pickup.code_used' and community_id = ${input.communityId}`)) as unknown as { rows: { last: string | number | null }[] };
  const last = res.rows[0]?.last;
  if (last !== null && last !== undefined && Number(last) >= input.step) throw conflict('pickup.code_used');
  await recordEvent(tx, { type: 'pickup.code_used', communityId: input.communityId, actorId: input.leaderId, subjectId: input.residentId, payload: { step: input.step } });
}

// ───────────── wrong codes: 8 digits must not be guessable by trying ─────────────

export const FAILURE_WINDOW_MS = 5 * 60_000;
export const MAX_FAILURES = 10;

/**
 * Refuses a leader who typed too many wrong codes lately (10 in 5 minutes): with at most a few
 * hundred valid codes among 10⁸, guessing one takes millions of tries, and this allows 120 an hour.
 * Failures are domain events (shared by every app instance), timed by the app's clock.
 */
export async function assertNotLockedOut(db: DbOrTx, leaderId: string, now: Date): Promise<void> {
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS);
  const res = (await db.execute(sql`
    select count(*)::int as n, min((payload->>'at')::timestamptz) as oldest from domain_events
    where subject_id = ${leaderId} and type = 'pickup.code_failed' and (payload->>'at')::timestamptz > ${since}`)) as unknown as { rows: { n: number; oldest: string | Date | null }[] };
  const { n, oldest } = res.rows[0];
  if (n >= MAX_FAILURES) {
    const until = new Date(new Date(oldest!).getTime() + FAILURE_WINDOW_MS);
    throw tooMany('pickup.too_many_attempts', { minutes: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000)) });
  }
}

/** Counts one wrong code against the leader (in its own transaction: the request itself fails). */
export async function recordFailedAttempt(db: Db, leaderId: string, communityId: string, now: Date): Promise<void> {
  await inTransaction(db, (tx) => recordEvent(tx, { type: 'pickup.code_failed', communityId, actorId: leaderId, subjectId: leaderId, payload: { at: now.toISOString() } }));
}

// ───────────── 代取 passes ─────────────

export const MAX_ACTIVE_PASSES = 5;

/** Creates a one-time pass; the code is returned this once and stored only as a hash. */
export async function createPass(db: Db, input: { communityId: string; userId: string; collector: string; expiresAt: Date; now: Date }) {
  return inTransaction(db, async (tx) => {
    const [{ n }] = await tx.select({ n: count() }).from(pickupPasses)
      .where(and(eq(pickupPasses.userId, input.userId), eq(pickupPasses.communityId, input.communityId), isNull(pickupPasses.revokedAt), isNull(pickupPasses.usedAt), gt(pickupPasses.expiresAt, input.now)));
    if (n >= MAX_ACTIVE_PASSES) throw conflict('pass.too_many', { max: MAX_ACTIVE_PASSES });
    for (;;) {
      const code = newPassCode();
      const [row] = await tx.insert(pickupPasses).values({
        communityId: input.communityId, userId: input.userId, codeHash: hashPassCode(code), collector: input.collector,
        expiresAt: input.expiresAt, createdAt: input.now,
      }).onConflictDoNothing().returning();
      if (row) {
        await recordEvent(tx, { type: 'pickup_pass.created', communityId: input.communityId, actorId: input.userId, subjectId: row.id, payload: { expiresAt: input.expiresAt.toISOString() } });
        return { pass: row, code };
      }
    }
  });
}

export async function listPasses(db: Db, communityId: string, userId: string) {
  const rows = await db.select().from(pickupPasses)
    .where(and(eq(pickupPasses.communityId, communityId), eq(pickupPasses.userId, userId))).orderBy(desc(pickupPasses.createdAt)).limit(50);
  return rows.map(passView);
}

export const passView = (p: PickupPass) => ({
  id: p.id, collector: p.collector || null, expiresAt: p.expiresAt, revokedAt: p.revokedAt, usedAt: p.usedAt, createdAt: p.createdAt,
});

/** The owner revokes a pass she sent; a used pass cannot be revoked (it already did its job). */
export async function revokePass(db: Db, passId: string, userId: string, now: Date) {
  return inTransaction(db, async (tx) => {
    const [p] = await tx.select().from(pickupPasses).where(and(eq(pickupPasses.id, passId), eq(pickupPasses.userId, userId))).for('update');
    if (!p) throw notFound('pass.not_found');
    if (p.usedAt) throw conflict('pass.used');
    if (p.revokedAt) return p;
    const [row] = await tx.update(pickupPasses).set({ revokedAt: now }).where(eq(pickupPasses.id, passId)).returning();
    await recordEvent(tx, { type: 'pickup_pass.revoked', communityId: p.communityId, actorId: userId, subjectId: p.id, payload: {} });
    return row;
  });
}

/** The pass with this code at this pickup point (any state: the caller says why it cannot be used). */
export async function findPass(db: DbOrTx, communityId: string, code: string): Promise<PickupPass | null> {
  const [p] = await db.select().from(pickupPasses).where(and(eq(pickupPasses.communityId, communityId), eq(pickupPasses.codeHash, hashPassCode(code))));
  return p ?? null;
}

/** Why a pass cannot be used now, or null when it can. */
export function passProblem(p: PickupPass, now: Date): string | null {
  if (p.usedAt) return 'pass.used';
  if (p.revokedAt) return 'pass.revoked';
  if (p.expiresAt.getTime() <= now.getTime()) return 'pass.expired';
  return null;
}

/** Marks a pass (already locked by lockPass) used by a hand-over, once. */
export async function usePass(tx: Tx, passId: string, handoverId: string, now: Date): Promise<void> {
  const rows = await tx.update(pickupPasses).set({ usedAt: now, handoverId })
    .where(and(eq(pickupPasses.id, passId), isNull(pickupPasses.usedAt), isNull(pickupPasses.revokedAt))).returning({ id: pickupPasses.id });
  if (rows.length !== 1) throw conflict('pass.used');
}

/** Locks a pass without using it (the hand-over takes it first, before any order row). */
export async function lockPass(tx: Tx, passId: string, now: Date): Promise<PickupPass> {
  const [p] = await tx.select().from(pickupPasses).where(eq(pickupPasses.id, passId)).for('update');
  const problem = p ? passProblem(p, now) : 'pass.not_found';
  if (problem) throw conflict(problem);
  return p;
}

// ───────────── hand-overs ─────────────

export async function insertHandover(tx: Tx, input: { id?: string; communityId: string; residentId: string; leaderId: string; method: HandoverMethod; passId?: string | null; status: HandoverStatus; note?: string; settleDueAt?: Date | null; now: Date; where?: { fulfilment: 'pickup' | 'delivery'; pickupPointId: string | null; place: string } }): Promise<Handover> {
  const [row] = await tx.insert(handovers).values({
    ...(input.where ?? {}),
    id: input.id, communityId: input.communityId, residentId: input.residentId, leaderId: input.leaderId, method: input.method,
    passId: input.passId ?? null, status: input.status, note: input.note ?? '', settleDueAt: input.settleDueAt ?? null, createdAt: input.now,
  }).returning();
  return row;
}

/** Locks a hand-over (first in the confirm/dispute/auto-confirm lock order). */
export async function lockHandover(tx: Tx, id: string): Promise<Handover | null> {
  const [row] = await tx.select().from(handovers).where(eq(handovers.id, id)).for('update');
  return row ?? null;
}

/** Moves a hand-over on from awaiting_confirmation; null when it already moved (a concurrent answer). */
export async function resolveHandover(tx: Tx, id: string, to: 'confirmed' | 'auto_confirmed' | 'disputed', now: Date, reason?: string): Promise<Handover | null> {
  const [row] = await tx.update(handovers).set({
    status: to,
    ...(to === 'disputed' ? { disputedAt: now, disputeReason: reason ?? '' } : { confirmedAt: now }),
  }).where(and(eq(handovers.id, id), eq(handovers.status, 'awaiting_confirmation'))).returning();
  return row ?? null;
}

/** Hand-overs whose 72 hours passed undisputed, locked with SKIP LOCKED (several instances share them). */
export async function lockDueHandovers(tx: Tx, now: Date, limit: number): Promise<Handover[]> {
  return tx.select().from(handovers)
    .where(and(eq(handovers.status, 'awaiting_confirmation'), lte(handovers.settleDueAt, now)))
    .orderBy(asc(handovers.settleDueAt), asc(handovers.id)).limit(limit).for('update', { skipLocked: true });
}

export async function getHandover(db: DbOrTx, id: string): Promise<Handover | null> {
  const [row] = await db.select().from(handovers).where(eq(handovers.id, id));
  return row ?? null;
}
