// The guarantee fund's ledger and report on their own: exact figures, the top-up's limits (on
// them, one fen below and above), and the reconciliation flags failing on planted mismatches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Database } from '../../platform/db/client.js';
import { openTestDatabase } from '../../testing/app.js';
import { testPhone } from '../../testing/app.js';
import { inTransaction } from '../../platform/events/service.js';
import { accountBalances, accounts, fundReport, postEntries, topUpFund, type EntryInput } from './fund.service.js';

let database: Database;
const resident = randomUUID();
const leader = randomUUID();
const operator = randomUUID();
beforeAll(async () => {
  database = await openTestDatabase();
  await database.db.execute(sql`insert into users (id, phone, name) values (${resident}, ${testPhone()}, '李阿姨'), (${leader}, ${testPhone()}, '王叔'), (${operator}, ${testPhone()}, '运营')`);
});
afterAll(async () => { await database?.close(); });

const post = (entries: EntryInput[]) => inTransaction(database.db, (tx) => postEntries(tx, entries, new Date()));
async function refund(key: string, amountFen: number, status: 'pending' | 'paid') {
  await database.db.execute(sql`insert into refunds (community_id, order_id, payment_id, user_id, refund_key, amount_fen, reason, status)
    values (${randomUUID()}, ${randomUUID()}, ${randomUUID()}, ${resident}, ${key}, ${amountFen}, 'claim', ${status})`);
}
const topUp = (amountFen: number, memo = '平台注资', key = randomUUID()) => topUpFund(database.db, operator, { amountFen, memo, idempotencyKey: key });
const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code);

describe('topping up the fund', () => {
  it('takes 1 yuan to 1,000,000 yuan in whole fen and a memo of 2 to 200 characters; refuses one fen or one character beyond', async () => {
    expect(await codeOf(topUp(99))).toBe('fund.amount_invalid');
    expect(await codeOf(topUp(100_000_001))).toBe('fund.amount_invalid');
    expect(await codeOf(topUp(100.5))).toBe('fund.amount_invalid');
    expect(await codeOf(topUp(1000, ' 一 '))).toBe('fund.memo_required');
    expect(await codeOf(topUp(1000, '款'.repeat(201)))).toBe('fund.memo_required');
    const empty = await fundReport(database.db);
    expect({ movements: empty.movements, fund: empty.fundBalanceFen, balances: empty.balances, hasMore: empty.hasMore, names: empty.accountNames, balanced: empty.reconciliation.balanced }).toEqual({ movements: [], fund: 0, balances: [], hasMore: false, names: {}, balanced: true });
    await inTransaction(database.db, (tx) => postEntries(tx, [], new Date())); // nothing to post is no error

    expect((await topUp(100, '  注资  ')).fundBalanceFen).toBe(100);
    expect((await topUp(100_000_000, '款'.repeat(200))).fundBalanceFen).toBe(100_000_100);
    const again = await topUp(1000, '一次', '00000000-0000-4000-8000-000000000001');
    expect((await topUp(1000, '一次', '00000000-0000-4000-8000-000000000001')).fundBalanceFen).toBe(again.fundBalanceFen);
    const report = await fundReport(database.db);
    expect(report.fundBalanceFen).toBe(100_001_100);
    expect(report.byCode).toEqual([{ code: 'fund_topup', entries: 3, amountFen: 100_001_100 }]);
    expect(report.balances).toEqual([{ kind: 'guarantee_fund', accounts: 1, balanceFen: 100_001_100 }, { kind: 'platform', accounts: 1, balanceFen: -100_001_100 }]);
    expect(report.movements.map((m) => m.memo)).toEqual(['一次', '款'.repeat(200), '注资']);
    expect(report.movements[0]).toMatchObject({ idempotencyKey: 'topup:00000000-0000-4000-8000-000000000001', debitAccount: 'platform', creditAccount: 'guarantee_fund', createdBy: operator });
  });
});

describe('the fund report reconciles', () => {
  it('counts claim refunds and leader advances paid to residents against the provider\'s claim refunds, and nothing else', async () => {
    const c1 = randomUUID();
    const c2 = randomUUID();
    await post([
      { idempotencyKey: `refund:${c1}`, debitAccount: accounts.fund, creditAccount: accounts.resident(resident), amountFen: 500, code: 'claim_refund', claimId: c1 },
      { idempotencyKey: `advance:${c2}`, debitAccount: accounts.leader(leader), creditAccount: accounts.resident(resident), amountFen: 300, code: 'leader_advance', claimId: c2 },
      { idempotencyKey: `reimburse:${c2}`, debitAccount: accounts.fund, creditAccount: accounts.leader(leader), amountFen: 300, code: 'fund_reimbursement', claimId: c2 },
      // A refund code credited to someone who is not a resident is not money the provider sends.
      { idempotencyKey: `odd:${c2}`, debitAccount: accounts.fund, creditAccount: accounts.platform, amountFen: 7, code: 'claim_refund', claimId: c2 },
    ]);
    // Posted twice (a retry): nothing doubles.
    await post([{ idempotencyKey: `refund:${c1}`, debitAccount: accounts.fund, creditAccount: accounts.resident(resident), amountFen: 500, code: 'claim_refund', claimId: c1 }]);
    await refund(`claim:${c1}`, 500, 'paid');
    await refund(`claim:${c2}`, 300, 'pending');
    await refund(`leader_cancel:${randomUUID()}:0`, 999, 'paid'); // not a claim's refund
    const report = await fundReport(database.db);
    expect(report.reconciliation).toEqual({ ledgerRefundsFen: 800, providerRefundsFen: 800, providerPaidFen: 500, pendingRefunds: 1, balanced: true, refundsMatch: true });
    expect(report.byCode.find((c) => c.code === 'claim_refund')).toEqual({ code: 'claim_refund', entries: 2, amountFen: 507 });
    expect(report.balances.find((b) => b.kind === 'resident')).toEqual({ kind: 'resident', accounts: 1, balanceFen: 800 });
    expect(report.balances.find((b) => b.kind === 'leader')).toEqual({ kind: 'leader', accounts: 1, balanceFen: 0 });
    expect(report.fundBalanceFen).toBe(100_001_100 - 500 - 300 - 7);
    expect(report.accountNames).toMatchObject({ [resident]: '李阿姨', [leader]: '王叔' });
    const balances = await accountBalances(database.db);
    expect(balances.get(accounts.resident(resident))).toBe(800);
    expect(balances.get(accounts.fund)).toBe(report.fundBalanceFen);
    expect([...balances.values()].reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('pages the movements, newest first', async () => {
    const first = await fundReport(database.db, 1, 2);
    const second = await fundReport(database.db, 2, 2);
    expect(first.movements).toHaveLength(2);
    expect(first.hasMore).toBe(true);
    expect(first.movements[0].id).toBeGreaterThan(first.movements[1].id);
    expect(second.movements[0].id).toBeLessThan(first.movements[1].id);
    // Exactly a page's worth left: no further page.
    expect((await fundReport(database.db, 1, 7)).hasMore).toBe(false);
    expect((await fundReport(database.db, 1, 6)).hasMore).toBe(true);
    const all = await fundReport(database.db, 1, 50);
    expect(all.hasMore).toBe(false);
    expect(all.movements).toHaveLength(7);
  });

  it('says the refunds do not match when the ledger has a refund the provider was never asked for, or the other way round', async () => {
    const c = randomUUID();
    await post([{ idempotencyKey: `planted:${c}`, debitAccount: accounts.fund, creditAccount: accounts.resident(resident), amountFen: 1, code: 'claim_refund', claimId: c }]);
    let r = (await fundReport(database.db)).reconciliation;
    expect(r).toMatchObject({ ledgerRefundsFen: 801, providerRefundsFen: 800, refundsMatch: false, balanced: true });
    await refund(`claim:${c}`, 2, 'pending');
    r = (await fundReport(database.db)).reconciliation;
    expect(r).toMatchObject({ ledgerRefundsFen: 801, providerRefundsFen: 802, pendingRefunds: 2, refundsMatch: false });
    await database.db.execute(sql`update refunds set amount_fen = 1 where refund_key = ${`claim:${c}`}`);
    expect((await fundReport(database.db)).reconciliation).toMatchObject({ providerRefundsFen: 801, refundsMatch: true });
  });

  it('says it is not balanced when an entry moves money within one account (only possible without the table\'s check)', async () => {
    // Double entry makes every account's balances sum to zero; the database refuses a transfer
    // to the same account. Planted with the check removed, the report must notice.
    await database.db.execute(sql`alter table fund_entries drop constraint fund_entries_two_accounts`);
    await post([{ idempotencyKey: 'planted-self', debitAccount: accounts.fund, creditAccount: accounts.fund, amountFen: 5, code: 'fund_topup' }]);
    expect((await fundReport(database.db)).reconciliation.balanced).toBe(false);
    // Removed as a superuser would, past the append-only trigger.
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`delete from fund_entries where idempotency_key = 'planted-self'`);
    });
    expect((await fundReport(database.db)).reconciliation.balanced).toBe(true);
  });
});
