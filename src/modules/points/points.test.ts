import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/app.js';
import { call } from '../../testing/world.js';
import { earnPoints, holdPoints, pointsBalance, pointsHistory, pointsLedgerSource, postHold, reconcilePoints, returnPoints, spendPoints, voidHold, EARNING_RULES } from './index.js';

/**
 * The points core: double-entry transfers with idempotency keys, daily caps in the community's
 * day, holds posted or voided by new rows, returns, the append-only table and the ledger source.
 */
let t: TestApp;
let communityId: string;
let n = 0;
const tx = <T>(f: (tx: Parameters<Parameters<TestApp['database']['db']['transaction']>[0]>[0]) => Promise<T>) => t.database.db.transaction(f);
const rows = async <T>(q: ReturnType<typeof sql>) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const key = () => `test:${++n}:${Math.random().toString(36).slice(2)}`;
async function resident(name: string) {
  return (await sessionCookie(t, { name })).userId;
}
/** The database's own refusal (drizzle wraps it as the cause of its "Failed query"). */
async function refusal(q: ReturnType<typeof sql>): Promise<string> {
  try { await t.database.db.execute(q); } catch (e) { const err = e as { message: string; cause?: { message: string; code?: string } }; return `${err.cause?.code ?? ''} ${err.cause?.message ?? err.message}`; }
  return 'accepted';
}
async function transferCount() {
  const [r] = await rows<{ n: number }>(sql`select count(*)::int as n from points_transfers`);
  return r.n;
}
/** 2026-12-05 12:00 in Shanghai (04:00 UTC), plus hours. */
const at = (hours = 0) => new Date(Date.UTC(2026, 11, 5, 4) + hours * 3_600_000);

beforeAll(async () => {
  t = await createTestApp();
  const operator = await sessionCookie(t, { operator: true, name: '运营' });
  const c = await call(t, operator, 'POST', '/api/communities', {
    name: '积分小区', address: '上海市积分路 1 号', timeZone: 'Asia/Shanghai',
    pickupPointName: '驿站', pickupPointAddress: '1 号楼', pickupHours: '08:00-20:00',
  });
  communityId = c.body.id;
}, 120_000);
afterAll(async () => { await t?.close(); });

describe('earning', () => {
  it('pays the code’s amount from issuance; the same key answers with the same transfer', async () => {
    const her = await resident('李阿姨');
    const k = key();
    const first = await tx((d) => earnPoints(d, { userId: her, communityId, code: 'review', refId: 'review:a', idempotencyKey: k, now: at() }));
    expect(first).toEqual({ transferId: expect.any(String), amount: EARNING_RULES.review.amount });
    const again = await tx((d) => earnPoints(d, { userId: her, communityId, code: 'review', refId: 'review:a', idempotencyKey: k, now: at() }));
    expect(again).toEqual(first);
    expect(await pointsBalance(t.database.db, { userId: her, communityId })).toEqual({ available: EARNING_RULES.review.amount, held: 0 });
  });

  it('the same key with another body is refused and changes nothing', async () => {
    const her = await resident('张阿姨');
    const k = key();
    await tx((d) => earnPoints(d, { userId: her, communityId, code: 'review', refId: 'review:b', idempotencyKey: k, now: at() }));
    const before = await transferCount();
    await expect(tx((d) => earnPoints(d, { userId: her, communityId, code: 'review', refId: 'review:other', idempotencyKey: k, now: at() })))
      .rejects.toMatchObject({ code: 'points.idempotency_conflict', status: 409 });
    await expect(tx((d) => spendPoints(d, { userId: her, communityId, amount: 1, code: 'checkout', refId: 'review:b', idempotencyKey: k, now: at() })))
      .rejects.toMatchObject({ code: 'points.idempotency_conflict' });
    expect(await transferCount()).toBe(before);
    expect((await pointsBalance(t.database.db, { userId: her, communityId })).available).toBe(10);
  });

  it('daily cap: the (cap−1)th and cap-th earning pay, the (cap+1)th is capped; the next community day pays again', async () => {
    const her = await resident('王阿姨');
    const { perDay, amount } = EARNING_RULES.review;
    const earn = (now: Date) => tx((d) => earnPoints(d, { userId: her, communityId, code: 'review', refId: `review:${n}`, idempotencyKey: key(), now }));
    for (let i = 1; i <= perDay; i++) expect(await earn(at(i * 0.1))).toMatchObject({ amount });
    const before = await transferCount();
    // 23:59:59.999 in Shanghai (15:59:59.999 UTC) is still the same day.
    expect(await earn(new Date(Date.UTC(2026, 11, 5, 15, 59, 59, 999)))).toEqual({ capped: true });
    expect(await transferCount()).toBe(before);
    expect((await pointsBalance(t.database.db, { userId: her, communityId })).available).toBe(perDay * amount);
    // Another code has its own cap.
    expect(await tx((d) => earnPoints(d, { userId: her, communityId, code: 'vote', refId: 'proposal:x', idempotencyKey: key(), now: at(1) }))).toMatchObject({ amount: EARNING_RULES.vote.amount });
    // 00:00 in Shanghai (16:00 UTC): a new day.
    expect(await earn(new Date(Date.UTC(2026, 11, 5, 16)))).toMatchObject({ amount });
    expect((await pointsBalance(t.database.db, { userId: her, communityId })).available).toBe((perDay + 1) * amount + EARNING_RULES.vote.amount);
  });

  it('an unknown code, an empty key or reference, a bad user id: a clear error, nothing recorded', async () => {
    const her = await resident('赵阿姨');
    const before = await transferCount();
    await expect(tx((d) => earnPoints(d, { userId: her, communityId, code: 'gift' as never, refId: 'x', idempotencyKey: key(), now: at() }))).rejects.toMatchObject({ code: 'points.bad_code', status: 400 });
    await expect(tx((d) => earnPoints(d, { userId: her, communityId, code: 'review', refId: 'x', idempotencyKey: '', now: at() }))).rejects.toMatchObject({ code: 'points.bad_idempotency_key' });
    await expect(tx((d) => earnPoints(d, { userId: her, communityId, code: 'review', refId: '', idempotencyKey: key(), now: at() }))).rejects.toMatchObject({ code: 'points.bad_ref' });
    await expect(tx((d) => earnPoints(d, { userId: 'nobody', communityId, code: 'review', refId: 'x', idempotencyKey: key(), now: at() }))).rejects.toMatchObject({ code: 'points.bad_account' });
    await expect(tx((d) => spendPoints(d, { userId: her, communityId, amount: 0, code: 'checkout', refId: 'x', idempotencyKey: key(), now: at() }))).rejects.toMatchObject({ code: 'points.bad_amount' });
    await expect(tx((d) => spendPoints(d, { userId: her, communityId, amount: 1.5, code: 'checkout', refId: 'x', idempotencyKey: key(), now: at() }))).rejects.toMatchObject({ code: 'points.bad_amount' });
    await expect(tx((d) => spendPoints(d, { userId: her, communityId, amount: 1, code: 'review' as never, refId: 'x', idempotencyKey: key(), now: at() }))).rejects.toMatchObject({ code: 'points.bad_code' });
    expect(await transferCount()).toBe(before);
  });
});

describe('spending', () => {
  it('spending more than she has: points.insufficient with the numbers, nothing changed', async () => {
    const her = await resident('钱阿姨');
    await tx((d) => earnPoints(d, { userId: her, communityId, code: 'review', refId: 'r', idempotencyKey: key(), now: at() }));
    const before = await transferCount();
    await expect(tx((d) => spendPoints(d, { userId: her, communityId, amount: 11, code: 'checkout', refId: 'order:x', idempotencyKey: key(), now: at() })))
      .rejects.toMatchObject({ code: 'points.insufficient', status: 409, params: { available: 10, amount: 11 } });
    expect(await transferCount()).toBe(before);
    expect(await pointsBalance(t.database.db, { userId: her, communityId })).toEqual({ available: 10, held: 0 });
    // Exactly what she has is fine.
    const spent = await tx((d) => spendPoints(d, { userId: her, communityId, amount: 10, code: 'checkout', refId: 'order:x', idempotencyKey: key(), now: at() }));
    expect(spent.amount).toBe(10);
    expect(await pointsBalance(t.database.db, { userId: her, communityId })).toEqual({ available: 0, held: 0 });
  });

  it('a spend returned in parts, never more than was spent', async () => {
    const her = await resident('孙阿姨');
    for (let i = 0; i < 2; i++) await tx((d) => earnPoints(d, { userId: her, communityId, code: 'review', refId: `r${i}`, idempotencyKey: key(), now: at() }));
    const spend = await tx((d) => spendPoints(d, { userId: her, communityId, amount: 15, code: 'checkout', refId: 'order:y', idempotencyKey: key(), now: at() }));
    const k = key();
    const back = await tx((d) => returnPoints(d, { transferId: spend.transferId, amount: 6, idempotencyKey: k, now: at() }));
    expect(await tx((d) => returnPoints(d, { transferId: spend.transferId, amount: 6, idempotencyKey: k, now: at() }))).toEqual(back);
    expect((await pointsBalance(t.database.db, { userId: her, communityId })).available).toBe(20 - 15 + 6);
    await expect(tx((d) => returnPoints(d, { transferId: spend.transferId, amount: 10, idempotencyKey: key(), now: at() })))
      .rejects.toMatchObject({ code: 'points.return_too_much', params: { left: 9 } });
    await tx((d) => returnPoints(d, { transferId: spend.transferId, amount: 9, idempotencyKey: key(), now: at() }));
    expect((await pointsBalance(t.database.db, { userId: her, communityId })).available).toBe(20);
    const history = await pointsHistory(t.database.db, { userId: her, communityId });
    expect(history.map((h) => [h.code, h.delta])).toEqual([['checkout_return', 9], ['checkout_return', 6], ['checkout', -15], ['review', 10], ['review', 10]]);
  });
});

describe('holds', () => {
  it('a hold is held, not available; voiding gives it back; posting spends it; each once', async () => {
    const her = await resident('周阿姨');
    for (let i = 0; i < 3; i++) await tx((d) => earnPoints(d, { userId: her, communityId, code: 'review', refId: `r${i}`, idempotencyKey: key(), now: at() }));
    const a = await tx((d) => holdPoints(d, { userId: her, communityId, amount: 12, code: 'stake', refId: 'proposal:1', idempotencyKey: key(), now: at() }));
    const b = await tx((d) => holdPoints(d, { userId: her, communityId, amount: 8, code: 'stake', refId: 'proposal:2', idempotencyKey: key(), now: at() }));
    expect(await pointsBalance(t.database.db, { userId: her, communityId })).toEqual({ available: 10, held: 20 });
    await expect(tx((d) => spendPoints(d, { userId: her, communityId, amount: 11, code: 'checkout', refId: 'o', idempotencyKey: key(), now: at() })))
      .rejects.toMatchObject({ code: 'points.insufficient' });

    const voidKey = key();
    const voided = await tx((d) => voidHold(d, { transferId: a.transferId, idempotencyKey: voidKey, now: at() }));
    expect(await tx((d) => voidHold(d, { transferId: a.transferId, idempotencyKey: voidKey, now: at() }))).toEqual(voided);
    expect(await pointsBalance(t.database.db, { userId: her, communityId })).toEqual({ available: 22, held: 8 });
    await expect(tx((d) => postHold(d, { transferId: a.transferId, idempotencyKey: key(), now: at() }))).rejects.toMatchObject({ code: 'points.hold_voided' });

    await tx((d) => postHold(d, { transferId: b.transferId, idempotencyKey: key(), now: at() }));
    expect(await pointsBalance(t.database.db, { userId: her, communityId })).toEqual({ available: 22, held: 0 });
    await expect(tx((d) => voidHold(d, { transferId: b.transferId, idempotencyKey: key(), now: at() }))).rejects.toMatchObject({ code: 'points.hold_posted' });
    await expect(tx((d) => postHold(d, { transferId: voided.transferId, idempotencyKey: key(), now: at() }))).rejects.toMatchObject({ code: 'points.hold_not_found', status: 404 });
    // The hold's rows were never changed: post and void are rows of their own.
    const [held] = await rows<{ kind: string; n: number }>(sql`select kind, (select count(*)::int from points_transfers r where r.pending_id = p.id) as n from points_transfers p where id = ${b.transferId}`);
    expect(held).toEqual({ kind: 'pending', n: 1 });
    expect((await reconcilePoints(t.database.db)).mismatched).toEqual([]);
  });

  it('holding more than available is refused, nothing changed', async () => {
    const her = await resident('吴阿姨');
    await tx((d) => earnPoints(d, { userId: her, communityId, code: 'review', refId: 'r', idempotencyKey: key(), now: at() }));
    const before = await transferCount();
    await expect(tx((d) => holdPoints(d, { userId: her, communityId, amount: 11, code: 'stake', refId: 'p', idempotencyKey: key(), now: at() })))
      .rejects.toMatchObject({ code: 'points.insufficient' });
    expect(await transferCount()).toBe(before);
  });
});

describe('the books', () => {
  it('UPDATE and DELETE on transfers are refused by the database', async () => {
    const [one] = await rows<{ id: string; amount: number }>(sql`select id, amount from points_transfers limit 1`);
    expect(await refusal(sql`update points_transfers set amount = amount + 1 where id = ${one.id}`)).toBe('P0001 append-only: UPDATE on points_transfers refused');
    expect(await refusal(sql`delete from points_transfers where id = ${one.id}`)).toBe('P0001 append-only: DELETE on points_transfers refused');
    const [still] = await rows<{ amount: number }>(sql`select amount from points_transfers where id = ${one.id}`);
    expect(still.amount).toBe(one.amount);
  });

  it('the CHECK refuses a resident balance below zero even from raw SQL; issuance may go negative', async () => {
    const [acc] = await rows<{ id: string }>(sql`select id from points_accounts where kind = 'user' limit 1`);
    expect(await refusal(sql`update points_accounts set debits_posted = credits_posted + 1 where id = ${acc.id}`)).toMatch(/^23514 .*points_accounts_never_negative/);
    const [iss] = await rows<{ balance: string }>(sql`select credits_posted - debits_posted as balance from points_accounts where kind = 'issuance' and community_id = ${communityId}`);
    expect(Number(iss.balance)).toBeLessThan(0);
  });

  it('debits equal credits, and every account agrees with its transfers', async () => {
    const r = await reconcilePoints(t.database.db);
    expect(r.mismatched).toEqual([]);
    expect(r.postedDebits).toBe(r.postedCredits);
    expect(r.pendingDebits).toBe(r.pendingCredits);
    expect(r.postedDebits).toBeGreaterThan(0);
  });

  it('the ledger source gives every transfer in seq order with its owners and body', async () => {
    const her = await resident('郑阿姨');
    const earned = await tx((d) => earnPoints(d, { userId: her, communityId, code: 'review', refId: 'review:ledger', idempotencyKey: key(), now: at() }));
    if (!('transferId' in earned)) throw new Error('capped');
    const e = await pointsLedgerSource.entry(t.database.db, earned.transferId);
    expect(e).toMatchObject({ source: 'points_transfers', id: earned.transferId, communityId, ownerUserIds: [her] });
    expect(e!.body).toMatchObject({ kind: 'posted', code: 'review', amount: 10, creditUserId: her, debitUserId: null, refId: 'review:ledger', createdAt: at().toISOString() });
    expect(e!.body).not.toHaveProperty('idempotencyKey');
    const all = await pointsLedgerSource.entriesAfter(t.database.db, 0, 10_000);
    expect(all.length).toBe(await transferCount());
    expect(all.map((x) => x.seq)).toEqual([...all.map((x) => x.seq)].sort((x, y) => x - y));
    const after = await pointsLedgerSource.entriesAfter(t.database.db, all[2].seq, 2);
    expect(after.map((x) => x.id)).toEqual([all[3].id, all[4].id]);
    expect(await pointsLedgerSource.entry(t.database.db, 'not-an-id')).toBeNull();
  });
});
