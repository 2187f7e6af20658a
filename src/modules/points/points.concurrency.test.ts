import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/app.js';
import { call } from '../../testing/world.js';
import { earnPoints, holdPoints, pointsBalance, postHold, reconcilePoints, spendPoints, voidHold, EARNING_RULES } from './index.js';

/**
 * Concurrent transactions on separate pooled connections (on PostgreSQL; PGlite runs them one
 * after another): the books still balance, no resident goes below zero, caps and keys hold.
 */
let t: TestApp;
let communityId: string;
let n = 0;
type Tx = Parameters<Parameters<TestApp['database']['db']['transaction']>[0]>[0];
const tx = <T>(f: (tx: Tx) => Promise<T>) => t.database.db.transaction(f);
const rows = async <T>(q: ReturnType<typeof sql>) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const key = () => `conc:${++n}:${Math.random().toString(36).slice(2)}`;
const now = () => new Date(Date.UTC(2026, 11, 5, 4) + n * 1000);
/** Settles every promise; a rejection's code (or message) in place of its value. */
const settle = <T>(ps: Promise<T>[]) => Promise.all(ps.map((p) => p.then((v) => ({ ok: true as const, v }), (e: { code?: string; message: string }) => ({ ok: false as const, code: e.code ?? e.message }))));

beforeAll(async () => {
  t = await createTestApp();
  const operator = await sessionCookie(t, { operator: true, name: '运营' });
  const c = await call(t, operator, 'POST', '/api/communities', {
    name: '并发小区', address: '上海市并发路 1 号', timeZone: 'Asia/Shanghai',
    pickupPointName: '驿站', pickupPointAddress: '1 号楼', pickupHours: '08:00-20:00',
  });
  communityId = c.body.id;
}, 120_000);
afterAll(async () => { await t?.close(); });

describe('points under concurrency', () => {
  it('earning and spending at once across many residents: debits equal credits, every account agrees with its transfers, none below zero', async () => {
    const residents = await Promise.all(Array.from({ length: 8 }, (_, i) => sessionCookie(t, { name: `邻居${i}` }).then((a) => a.userId)));
    // A first earning each, so there is something to spend.
    await Promise.all(residents.map((userId) => tx((d) => earnPoints(d, { userId, communityId, code: 'review', refId: 'first', idempotencyKey: key(), now: now() }))));
    const jobs: Promise<unknown>[] = [];
    for (const userId of residents) {
      for (let i = 0; i < 3; i++) {
        jobs.push(tx((d) => earnPoints(d, { userId, communityId, code: i % 2 ? 'vote' : 'review', refId: `r${i}`, idempotencyKey: key(), now: now() })));
        jobs.push(tx((d) => spendPoints(d, { userId, communityId, amount: 4, code: 'checkout', refId: `o${i}`, idempotencyKey: key(), now: now() })));
      }
      jobs.push(tx((d) => holdPoints(d, { userId, communityId, amount: 3, code: 'stake', refId: 'p', idempotencyKey: key(), now: now() })));
    }
    const results = await settle(jobs);
    // Refusals are only the typed business error, never a deadlock or a 500.
    expect(results.filter((r) => !r.ok).map((r) => (r as { code: string }).code).filter((c) => c !== 'points.insufficient')).toEqual([]);
    const books = await reconcilePoints(t.database.db);
    expect(books.mismatched).toEqual([]);
    expect(books.postedDebits).toBe(books.postedCredits);
    expect(books.pendingDebits).toBe(books.pendingCredits);
    const [sums] = await rows<{ total: string; negative: number }>(sql`select sum(credits_posted - debits_posted)::bigint as total,
      count(*) filter (where kind <> 'issuance' and credits_posted - debits_posted - debits_pending < 0)::int as negative
      from points_accounts where community_id = ${communityId}`);
    expect(Number(sums.total)).toBe(0);
    expect(sums.negative).toBe(0);
    for (const userId of residents) {
      const b = await pointsBalance(t.database.db, { userId, communityId });
      expect(b.available).toBeGreaterThanOrEqual(0);
      const [mine] = await rows<{ earned: number; spent: number; held: number }>(sql`select
        coalesce(sum(amount) filter (where credit_user_id = ${userId} and kind = 'posted'), 0)::int as earned,
        coalesce(sum(amount) filter (where debit_user_id = ${userId} and kind = 'posted'), 0)::int as spent,
        coalesce(sum(amount) filter (where debit_user_id = ${userId} and kind = 'pending'), 0)::int as held
        from points_transfers`);
      expect(b).toEqual({ available: mine.earned - mine.spent - mine.held, held: mine.held });
    }
  });

  it('simultaneous spends of one balance: exactly as many succeed as it covers, she never goes below zero', async () => {
    const her = (await sessionCookie(t, { name: '抢花' })).userId;
    for (let i = 0; i < 3; i++) await tx((d) => earnPoints(d, { userId: her, communityId, code: 'review', refId: `r${i}`, idempotencyKey: key(), now: now() }));
    const results = await settle(Array.from({ length: 10 }, (_, i) => tx((d) => spendPoints(d, { userId: her, communityId, amount: 7, code: 'checkout', refId: `o${i}`, idempotencyKey: key(), now: now() }))));
    expect(results.filter((r) => r.ok).length).toBe(4); // 30 points cover four spends of 7
    expect(results.filter((r) => !r.ok).map((r) => (r as { code: string }).code)).toEqual(Array(6).fill('points.insufficient'));
    expect(await pointsBalance(t.database.db, { userId: her, communityId })).toEqual({ available: 2, held: 0 });
  });

  it('simultaneous earnings of one code: exactly the daily cap is paid', async () => {
    const her = (await sessionCookie(t, { name: '抢赚' })).userId;
    const results = await settle(Array.from({ length: 7 }, (_, i) => tx((d) => earnPoints(d, { userId: her, communityId, code: 'review', refId: `r${i}`, idempotencyKey: key(), now: now() }))));
    const paid = results.filter((r) => r.ok && 'transferId' in (r.v as object));
    expect(paid.length).toBe(EARNING_RULES.review.perDay);
    expect(results.filter((r) => r.ok && 'capped' in (r.v as object)).length).toBe(7 - EARNING_RULES.review.perDay);
    expect((await pointsBalance(t.database.db, { userId: her, communityId })).available).toBe(EARNING_RULES.review.perDay * EARNING_RULES.review.amount);
  });

  it('the same key sent five times at once: one transfer, every answer the same', async () => {
    const her = (await sessionCookie(t, { name: '重复' })).userId;
    await tx((d) => earnPoints(d, { userId: her, communityId, code: 'review', refId: 'r', idempotencyKey: key(), now: now() }));
    const k = key();
    const results = await settle(Array.from({ length: 5 }, () => tx((d) => spendPoints(d, { userId: her, communityId, amount: 3, code: 'checkout', refId: 'order:same', idempotencyKey: k, now: now() }))));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => (r as { v: { transferId: string } }).v.transferId)).size).toBe(1);
    const [c] = await rows<{ n: number }>(sql`select count(*)::int as n from points_transfers where idempotency_key = ${k}`);
    expect(c.n).toBe(1);
    expect((await pointsBalance(t.database.db, { userId: her, communityId })).available).toBe(7);
  });

  it('posting and voiding one hold at once: exactly one wins', async () => {
    const her = (await sessionCookie(t, { name: '押金' })).userId;
    await tx((d) => earnPoints(d, { userId: her, communityId, code: 'review', refId: 'r', idempotencyKey: key(), now: now() }));
    const hold = await tx((d) => holdPoints(d, { userId: her, communityId, amount: 10, code: 'stake', refId: 'proposal:race', idempotencyKey: key(), now: now() }));
    const results = await settle([
      tx((d) => postHold(d, { transferId: hold.transferId, idempotencyKey: key(), now: now() })),
      tx((d) => voidHold(d, { transferId: hold.transferId, idempotencyKey: key(), now: now() })),
    ]);
    expect(results.filter((r) => r.ok).length).toBe(1);
    const [c] = await rows<{ n: number }>(sql`select count(*)::int as n from points_transfers where pending_id = ${hold.transferId}`);
    expect(c.n).toBe(1);
    const b = await pointsBalance(t.database.db, { userId: her, communityId });
    expect(b.held).toBe(0);
    expect(b.available).toBe(results[0].ok ? 0 : 10);
    expect((await reconcilePoints(t.database.db)).mismatched).toEqual([]);
  });
});
