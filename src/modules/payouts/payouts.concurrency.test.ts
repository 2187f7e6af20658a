import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { buildWorld, call, orderAndPay, pickUp } from '../../testing/world.js';
import { account, sendDuePayouts, transfer } from './index.js';
import { inTransaction } from '../../platform/events/service.js';

/**
 * Withdrawals racing each other (run on PostgreSQL with TEST_DB=pg; on PGlite they queue): two at
 * once for his whole balance — one is paid, the other refused; the same key twice at once — one payout.
 */
let t: TestApp;
let w: Awaited<ReturnType<typeof buildWorld>>;
const rows = async <T>(q: ReturnType<typeof sql>) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const withdraw = (amountFen: number, key: string) => call(t, w.leader, 'POST', `/api/communities/${w.community.id}/payouts`, { amountFen }, { 'idempotency-key': key });

beforeAll(async () => {
  t = await createTestApp({ payouts: { minFen: 100, dailyLimitFen: 1_000_000, approvalThresholdFen: 1_000_000 } });
  w = await buildWorld(t, { residents: 1, priceFen: 25_000, stock: 100, limit: 10 });
  await orderAndPay(t, w.residents[0], w.groupBuy.id, 2);
  await pickUp(t, w.leader, w.community.id, w.groupBuy.id, [{ actor: w.residents[0] }]);
}, 180_000);
afterAll(async () => { await t?.close(); });

describe('withdrawals at the same moment', () => {
  it('two withdrawals of the whole balance at once: exactly one succeeds, the balance never goes below zero', async () => {
    const results = await Promise.all([withdraw(4000, 'race-whole-balance-a'), withdraw(4000, 'race-whole-balance-b')]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe('payout.over_balance');
    const [b] = await rows<{ settled: string; pending: string; payouts: number }>(sql`select
      (select balance_fen from ledger_accounts where account = ${account.settled(w.leader.userId)})::bigint as settled,
      (select balance_fen from ledger_accounts where account = ${account.pendingPayout(w.leader.userId)})::bigint as pending,
      (select count(*)::int from payouts) as payouts`);
    expect([Number(b.settled), Number(b.pending), b.payouts]).toEqual([0, 4000, 1]);
    expect(t.payouts.records.size).toBe(1);
  });

  it('the same key sent twice at once makes one payout', async () => {
    await inTransaction(t.database.db, (tx) => transfer(tx, { idempotencyKey: 'test:top-up', debit: account.commission, credit: account.settled(w.leader.userId), amountFen: 2000, code: 'commission', leaderId: w.leader.userId, refId: 'test', now: new Date() }));
    const results = await Promise.all([withdraw(1500, 'race-same-key-0001'), withdraw(1500, 'race-same-key-0001')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(results[0].body.id).toBe(results[1].body.id);
    const [n] = await rows<{ n: number }>(sql`select count(*)::int as n from payouts where request_key = 'race-same-key-0001'`);
    expect(n.n).toBe(1);
    const [s] = await rows<{ b: string }>(sql`select balance_fen::bigint as b from ledger_accounts where account = ${account.settled(w.leader.userId)}`);
    expect(Number(s.b)).toBe(500);
  });

  it('a transfer that would take his account below zero is refused by the database and moves nothing', async () => {
    await expect(inTransaction(t.database.db, (tx) => transfer(tx, { idempotencyKey: 'test:overdraw', debit: account.settled(w.leader.userId), credit: account.clearing, amountFen: 501, code: 'payout_paid', leaderId: w.leader.userId, refId: 'test', now: new Date() })))
      .rejects.toMatchObject({ code: 'payout.balance_insufficient' });
    const [k] = await rows<{ n: number }>(sql`select count(*)::int as n from ledger_transfers where idempotency_key = 'test:overdraw'`);
    expect(k.n).toBe(0);
  });

  it('two senders of the same payout at once (the job twice): one "sent" entry, the history matches the row', async () => {
    t.payouts.failSends = 1;
    const res = await withdraw(300, 'race-two-senders-01');
    expect(res.body.status).toBe('sending');
    const counts = await Promise.all([sendDuePayouts(t.database.db, t.payouts), sendDuePayouts(t.database.db, t.payouts)]);
    expect(counts.some((c) => c === 1)).toBe(true);
    const kinds = await rows<{ kind: string; status: string; amount_fen: number }>(sql`select kind, status, amount_fen from payout_entries where payout_id = ${res.body.id} order by seq`);
    expect(kinds.map((e) => [e.kind, e.status, e.amount_fen])).toEqual([['requested', 'sending', 300], ['attempt_failed', 'sending', 300], ['sent', 'sent', 300]]);
    const [p] = await rows<{ status: string; attempts: number }>(sql`select status, attempts from payouts where id = ${res.body.id}`);
    expect(p).toEqual({ status: 'sent', attempts: 2 });
  });
});
