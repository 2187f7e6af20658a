import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { createHmac } from 'node:crypto';
import { createTestApp, sessionCookie, type TestApp } from '../testing/app.js';
import { buildWorld, call, orderAndPay, pickUp, openGroupBuy, upload, type Actor } from '../testing/world.js';
import { databaseFingerprint } from '../testing/fingerprint.js';
import { postLedgerEvents } from '../modules/payouts/index.js';
import { UNMASKED_MOBILE } from '../testing/phone.js';

/**
 * 王叔's money end to end through the API: earnings per period with the tier and rate used,
 * pending versus settled, statements, withdrawals with their limits, approval, the provider's
 * signed notifications, deductions for a claim he was at fault for, and a reconciliation that
 * really compares the ledger with settlements, claims, payouts and the provider's own record.
 */
let t: TestApp;
let w: Awaited<ReturnType<typeof buildWorld>>;
const DAY = 86_400_000;
const LIMITS = { minFen: 1000, dailyLimitFen: 6000, approvalThresholdFen: 5000 };

const rows = async <T>(q: ReturnType<typeof sql>) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const earnings = (who: Actor = w.leader, q = '') => call(t, who, 'GET', `/api/communities/${w.community.id}/earnings${q}`);
const withdraw = (amountFen: number, key: string, who: Actor = w.leader) => call(t, who, 'POST', `/api/communities/${w.community.id}/payouts`, { amountFen }, { 'idempotency-key': key });
const balance = async () => (await earnings()).body.balances.settledFen as number;
/** Proves a refused request changed nothing. */
async function refusedUnchanged(req: () => Promise<{ status: number; body: { error?: { code: string; message: string } } }>, status: number, code: string) {
  const before = await databaseFingerprint(t);
  const res = await req();
  expect(res.status).toBe(status);
  expect(res.body.error?.code).toBe(code);
  expect(res.body.error?.message).toMatch(/[\u4e00-\u9fff]/);
  expect(await databaseFingerprint(t)).toEqual(before);
  return res;
}

beforeAll(async () => {
  t = await createTestApp({ payouts: LIMITS });
  w = await buildWorld(t, { residents: 2, priceFen: 25_000, stock: 100, limit: 10 });
  for (const r of w.residents) await orderAndPay(t, r, w.groupBuy.id, 2);
}, 180_000);
afterAll(async () => { await t?.close(); });

describe('his earnings', () => {
  it('shows paid, not yet handed-over money as pending with the commission it would give, and nothing settled', async () => {
    const e = await earnings();
    expect(e.status).toBe(200);
    expect(e.body.pending).toMatchObject({ heldFen: 100_000, orders: 2, commissionFen: 8000, rate: 0.08 });
    expect(e.body).toMatchObject({ salesFen: 0, commissionFen: 0, netFen: 0, currentTier: 'standard', currentRate: 0.08, timeZone: 'Asia/Shanghai' });
    expect(e.body.balances.settledFen).toBe(0);
    expect(e.body.withdrawal).toMatchObject({ minFen: 1000, dailyLimitFen: 6000, withdrawnTodayFen: 0, availableFen: 0 });
  });

  it('after the hand-over: sales handed over, commission by the tier and rate used (kept on the settlement), settled balance', async () => {
    await pickUp(t, w.leader, w.community.id, w.groupBuy.id, w.residents.map((actor) => ({ actor })));
    const e = await earnings();
    expect(e.body).toMatchObject({ salesFen: 100_000, commissionFen: 8000, deductionsFen: 0, netFen: 8000, orders: 2 });
    expect(e.body.byTier).toEqual([{ tier: 'standard', rate: 0.08, salesFen: 100_000, commissionFen: 8000, orders: 2 }]);
    expect(e.body.pending).toMatchObject({ heldFen: 0, commissionFen: 0 });
    expect(e.body.balances).toEqual({ settledFen: 8000, pendingPayoutFen: 0, deductionsOwedFen: 0 });
    const s = await rows<{ tier: string; commission_rate: number }>(sql`select tier, commission_rate from settlements`);
    expect(s.map((x) => [x.tier, Number(x.commission_rate)])).toEqual([['standard', 0.08], ['standard', 0.08]]);
    // The same figures by week and by month; the day before has none.
    const today = e.body.date as string;
    expect((await earnings(w.leader, `?period=week&date=${today}`)).body.commissionFen).toBe(8000);
    expect((await earnings(w.leader, `?period=month&date=${today}`)).body.commissionFen).toBe(8000);
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - DAY).toISOString().slice(0, 10);
    expect((await earnings(w.leader, `?period=day&date=${yesterday}`)).body.commissionFen).toBe(0);
  });

  it('posts his commission to the ledger once, however often the events are read', async () => {
    await postLedgerEvents(t.database.db);
    await t.database.db.execute(sql`update event_cursors set last_event_id = 0, last_tx_id = 0 where consumer = 'payouts.ledger'`);
    await postLedgerEvents(t.database.db);
    const [c] = await rows<{ n: number; s: string }>(sql`select count(*)::int as n, sum(amount_fen)::bigint as s from ledger_transfers where code = 'commission'`);
    expect([c.n, Number(c.s)]).toEqual([2, 8000]);
    expect(await balance()).toBe(8000);
  });

  it('downloads a statement as .xlsx and CSV with the tier and rate, and no phone numbers or names of residents', async () => {
    const xlsx = await t.app.inject({ method: 'GET', url: `/api/communities/${w.community.id}/earnings/statement.xlsx?period=month`, headers: { cookie: w.leader.cookie } });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const values = wb.worksheets[0].getSheetValues().flat().map(String).join('|');
    expect(values).toContain('核销结算');
    expect(values).toContain('8.0%');
    expect(values).toContain('标准');
    const csv = await t.app.inject({ method: 'GET', url: `/api/communities/${w.community.id}/earnings/statement.csv?period=month`, headers: { cookie: w.leader.cookie } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('.csv');
    expect(csv.body.split('\r\n').filter((l) => l.includes('核销结算'))).toHaveLength(2);
    expect(csv.body).toContain('80.00');
    for (const text of [csv.body, values]) {
      for (const r of w.residents) expect(text).not.toContain(r.phone);
      expect(text).not.toContain(w.leader.phone);
      expect(text).not.toContain('居民1');
      expect(text).not.toMatch(UNMASKED_MOBILE);
    }
  });
});

describe('withdrawals (提现)', () => {
  let first: { id: string };
  it('refuses bad requests with a clear message and changes nothing', async () => {
    await refusedUnchanged(() => withdraw(8001, 'key-over-balance-1'), 409, 'payout.over_balance');
    await refusedUnchanged(() => withdraw(999, 'key-below-min-1'), 400, 'payout.below_minimum');
    await refusedUnchanged(() => call(t, w.leader, 'POST', `/api/communities/${w.community.id}/payouts`, { amountFen: 2000 }), 400, 'payout.key_required');
    await refusedUnchanged(() => withdraw(0, 'key-zero-amount-1'), 400, 'payout.amount_invalid');
    await refusedUnchanged(() => call(t, w.leader, 'POST', '/api/payouts/notify/sandbox', { providerRef: 'sbxp_x', amountFen: 2000, status: 'PAID', reason: '' }), 400, 'payout.notification_invalid');
    await refusedUnchanged(() => call(t, w.leader, 'POST', '/api/payouts/notify/sandbox', { providerRef: 'sbxp_x', amountFen: 2000, status: 'PAID', reason: '' }, { 'x-linli-signature': 'f'.repeat(64) }), 400, 'payout.notification_invalid');
    await refusedUnchanged(() => earnings(w.leader, '?date=2026-13-45'), 400, 'earnings.date_invalid');
  });

  it('a large one waits for an operator; refused with a reason, the money returns to his balance', async () => {
    const big = await withdraw(5000, 'key-large-000001');
    expect(big.status).toBe(201);
    expect(big.body.status).toBe('awaiting_approval');
    expect((await earnings()).body.balances).toMatchObject({ settledFen: 3000, pendingPayoutFen: 5000 });
    expect(t.payouts.records.size).toBe(0);
    await refusedUnchanged(() => call(t, w.operator, 'POST', `/api/console/payouts/${big.body.id}/reject`, { reason: ' ' }), 400, 'payout.reason_required');
    const rejected = await call(t, w.operator, 'POST', `/api/console/payouts/${big.body.id}/reject`, { reason: '收款信息待核实' });
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionNote: '收款信息待核实', leaderName: '王叔' });
    expect((await earnings()).body.balances).toMatchObject({ settledFen: 8000, pendingPayoutFen: 0 });
    await refusedUnchanged(() => call(t, w.operator, 'POST', `/api/console/payouts/${big.body.id}/approve`, {}), 409, 'payout.not_awaiting_approval');
  });

  it('approved, it goes to the provider; the signed "paid" notification clears it', async () => {
    const big = await withdraw(5000, 'key-large-000002');
    const pending = await call(t, w.operator, 'GET', '/api/console/payouts?status=awaiting_approval');
    expect(pending.body.items.map((p: { id: string }) => p.id)).toEqual([big.body.id]);
    const approved = await call(t, w.operator, 'POST', `/api/console/payouts/${big.body.id}/approve`, { note: '已核实' });
    expect(approved.body).toMatchObject({ status: 'sent', providerRef: expect.stringMatching(/^sbxp_/) });
    expect(t.payouts.records.get(approved.body.providerRef)).toMatchObject({ amountFen: 5000, status: 'PROCESSING' });
    const note = t.payouts.complete(approved.body.providerRef, 'PAID');
    const ok = await call(t, null, 'POST', '/api/payouts/notify/sandbox', note.body, { 'x-linli-signature': note.signature });
    expect(ok.status).toBe(200);
    // The same notification again changes nothing.
    const before = await databaseFingerprint(t);
    expect((await call(t, null, 'POST', '/api/payouts/notify/sandbox', note.body, { 'x-linli-signature': note.signature })).status).toBe(200);
    expect(await databaseFingerprint(t)).toEqual(before);
    expect((await earnings()).body.balances).toMatchObject({ settledFen: 3000, pendingPayoutFen: 0 });
  });

  it('the daily limit counts what he asked for today: one fen over is refused, exactly the limit is allowed', async () => {
    await refusedUnchanged(() => withdraw(1001, 'key-daily-over-1'), 409, 'payout.over_daily_limit');
    const exact = await withdraw(1000, 'key-daily-exact-1');
    expect(exact.status).toBe(201);
    expect(exact.body.status).toBe('sent');
    first = exact.body;
  });

  it('the same Idempotency-Key twice returns the first withdrawal and pays nothing more', async () => {
    const before = await databaseFingerprint(t);
    const again = await withdraw(1000, 'key-daily-exact-1');
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.id);
    expect(await databaseFingerprint(t)).toEqual(before);
    expect([...t.payouts.records.values()].filter((r) => r.payoutId === first.id)).toHaveLength(1);
  });

  it('a failed payout (signed notification) returns the money to his balance', async () => {
    const [p] = await rows<{ provider_ref: string }>(sql`select provider_ref from payouts where id = ${first.id}`);
    // A notification signed with another key is refused.
    const forged = { providerRef: p.provider_ref, amountFen: 1000, status: 'FAILED', reason: '' };
    const badSig = createHmac('sha256', 'not-the-secret').update(`payout|${p.provider_ref}|1000|FAILED|`).digest('hex');
    await refusedUnchanged(() => call(t, null, 'POST', '/api/payouts/notify/sandbox', forged, { 'x-linli-signature': badSig }), 400, 'payout.notification_invalid');
    const note = t.payouts.complete(p.provider_ref, 'FAILED', '收款账户已注销');
    expect((await call(t, null, 'POST', '/api/payouts/notify/sandbox', note.body, { 'x-linli-signature': note.signature })).status).toBe(200);
    const mine = await call(t, w.leader, 'GET', `/api/communities/${w.community.id}/payouts`);
    expect(mine.body.items.map((x: { status: string }) => x.status)).toEqual(['failed', 'paid', 'rejected']);
    expect(mine.body.items[0].failureReason).toBe('收款账户已注销');
    expect(await balance()).toBe(3000);
  });

  it('exactly his balance may be withdrawn, one fen more may not (next day, under the daily limit)', async () => {
    t.clock.advance(DAY);
    await refusedUnchanged(() => withdraw(3001, 'key-next-day-over'), 409, 'payout.over_balance');
    const all = await withdraw(3000, 'key-next-day-all1');
    expect(all.status).toBe(201);
    expect((await earnings()).body.balances).toMatchObject({ settledFen: 0, pendingPayoutFen: 3000 });
  });

  it('no leader account can go below zero, even written around the service', async () => {
    await expect(t.database.db.execute(sql`update ledger_accounts set balance_fen = -1 where account = ${`leader:${w.leader.userId}:settled`}`)).rejects.toThrow();
  });
});

describe('deductions and reconciliation', () => {
  it('a claim he was found at fault for is deducted; what his balance cannot cover is taken from his next commission', async () => {
    const resident = w.residents[0];
    const [line] = await rows<{ id: string }>(sql`select id from order_lines where user_id = ${resident.userId}`);
    const filed = await upload(t, resident, '/api/claims', { lineId: line.id, quantity: '1', kind: 'missing', description: '少了一盒草莓，袋子里只有一盒。' });
    expect(filed.status).toBe(201);
    expect(filed.body.claim.status).not.toBe('refunded');
    const decided = await call(t, w.operator, 'POST', `/api/claims/${filed.body.claim.id}/platform-decision`, { action: 'refund', note: '驿站监控显示少装一盒', faultParty: 'leader' });
    expect(decided.body.claim).toMatchObject({ status: 'refunded', refundedFen: 25_000, faultParty: 'leader' });
    const e = await earnings();
    expect(e.body.deductionsFen).toBe(25_000);
    expect(e.body.deductions[0]).toMatchObject({ amountFen: 25_000, productName: '有机草莓' });
    // His settled balance was 0 (everything was being paid out): all of it is carried.
    expect(e.body.balances).toMatchObject({ settledFen: 0, deductionsOwedFen: 25_000 });
    // New commission pays the debt first.
    const gb = await openGroupBuy(t, w.leader, w.community.id, w.product.id, { stock: 10, priceFen: 50_000 });
    await orderAndPay(t, w.residents[1], gb.id, 1);
    await pickUp(t, w.leader, w.community.id, gb.id, [{ actor: w.residents[1] }]);
    expect((await earnings()).body.balances).toMatchObject({ settledFen: 0, deductionsOwedFen: 21_000 });
  });

  it('money reconciles: his ledger balance = commission − deductions − payouts, and the report agrees', async () => {
    const [m] = await rows<Record<string, string>>(sql`select
      (select sum(commission_fen) from settlements where leader_id = ${w.leader.userId})::bigint as commission,
      (select coalesce(sum(amount_fen), 0) from ledger_transfers where leader_id = ${w.leader.userId} and code in ('deduction', 'deduction_recovered') and debit_account like 'leader:%')::bigint as deducted,
      (select coalesce(sum(amount_fen), 0) from payouts where leader_id = ${w.leader.userId} and status not in ('failed', 'rejected'))::bigint as paid_out,
      (select balance_fen from ledger_accounts where account = ${`leader:${w.leader.userId}:settled`})::bigint as balance,
      (select sum(balance_fen) from ledger_accounts)::bigint as total`);
    expect(Number(m.commission)).toBe(12_000);
    expect(Number(m.deducted)).toBe(4000);
    expect(Number(m.balance)).toBe(Number(m.commission) - Number(m.deducted) - Number(m.paid_out) + 0);
    expect(Number(m.total)).toBe(0);
    const report = await call(t, w.operator, 'GET', '/api/console/payouts/reconciliation');
    expect(report.status).toBe(200);
    expect(report.body.checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([]);
    expect(report.body.ok).toBe(true);
  });

  it('fails when the provider\'s record differs from ours', async () => {
    const [p] = await rows<{ provider_ref: string }>(sql`select provider_ref from payouts where request_key = 'key-next-day-all1'`);
    t.payouts.records.get(p.provider_ref)!.amountFen = 2999;
    const report = await call(t, w.operator, 'GET', '/api/console/payouts/reconciliation');
    expect(report.body.ok).toBe(false);
    expect(report.body.mismatches).toEqual([expect.objectContaining({ providerRef: p.provider_ref, problem: 'amount_differs', ours: '3000', theirs: '2999' })]);
    t.payouts.records.get(p.provider_ref)!.amountFen = 3000;
    t.payouts.records.set('sbxp_stranger', { payoutId: '00000000-0000-0000-0000-000000000000', amountFen: 100, status: 'PAID' });
    const again = await call(t, w.operator, 'GET', '/api/console/payouts/reconciliation');
    expect(again.body.ok).toBe(false);
    expect(again.body.mismatches.map((x: { problem: string }) => x.problem)).toEqual(['unknown_to_us']);
    t.payouts.records.delete('sbxp_stranger');
    expect((await call(t, w.operator, 'GET', '/api/console/payouts/reconciliation')).body.ok).toBe(true);
  });

  it('fails when the ledger and the settlements differ', async () => {
    await t.database.db.execute(sql`update settlements set commission_fen = commission_fen + 1 where id = (select id from settlements limit 1)`);
    const report = await call(t, w.operator, 'GET', '/api/console/payouts/reconciliation');
    expect(report.body.ok).toBe(false);
    expect(report.body.checks.find((c: { key: string }) => c.key === 'commission_vs_settlements')).toMatchObject({ ok: false });
    await t.database.db.execute(sql`update settlements set commission_fen = commission_fen - 1 where id = (select id from settlements limit 1)`);
  });

  it('each check fails on its own planted mismatch of one fen, with what it expected and found, and passes again when undone', async () => {
    // Planted as a superuser would, past the append-only triggers on the ledger's entry tables.
    const exec = (q: ReturnType<typeof sql>) => t.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(q);
    });
    const settled = `leader:${w.leader.userId}:settled`;
    const [paid] = await rows<{ provider_ref: string }>(sql`select provider_ref from payouts where status = 'paid' and provider_ref is not null limit 1`);
    const bump = (code: string, by: number) => exec(sql`update ledger_transfers set amount_fen = amount_fen + ${by} where id = (select min(id) from ledger_transfers where code = ${code})`);
    const plants: { what: string; plant: () => Promise<unknown>; undo: () => Promise<unknown>; failing: string[]; check?: [string, number, number] }[] = [
      { what: 'a balance off by a fen', plant: () => exec(sql`update ledger_accounts set balance_fen = balance_fen + 1 where account = 'platform:commission'`), undo: () => exec(sql`update ledger_accounts set balance_fen = balance_fen - 1 where account = 'platform:commission'`), failing: ['balances_match_transfers', 'ledger_balanced'], check: ['ledger_balanced', 0, 1] },
      { what: 'two balances off the other way', plant: () => exec(sql`update ledger_accounts set balance_fen = balance_fen + case account when 'platform:commission' then 1 else -1 end where account in ('platform:commission', 'platform:deductions')`), undo: () => exec(sql`update ledger_accounts set balance_fen = balance_fen - case account when 'platform:commission' then 1 else -1 end where account in ('platform:commission', 'platform:deductions')`), failing: ['balances_match_transfers'], check: ['balances_match_transfers', 0, 2] },
      { what: 'a claim charge the ledger never deducted', plant: () => exec(sql`update fund_entries set amount_fen = amount_fen + 1 where id = (select min(id) from fund_entries where code = 'leader_charge')`), undo: () => exec(sql`update fund_entries set amount_fen = amount_fen - 1 where id = (select min(id) from fund_entries where code = 'leader_charge')`), failing: ['deductions_vs_claims'] },
      { what: 'a payout request posted for a fen more', plant: () => bump('payout_requested', 1), undo: () => bump('payout_requested', -1), failing: ['balances_match_transfers', 'requested_vs_payouts'] },
      { what: 'a paid payout cleared for a fen more', plant: () => bump('payout_paid', 1), undo: () => bump('payout_paid', -1), failing: ['balances_match_transfers', 'paid_vs_payouts'] },
      { what: 'a failed payout returned for a fen more', plant: () => bump('payout_returned', 1), undo: () => bump('payout_returned', -1), failing: ['balances_match_transfers', 'returned_vs_payouts'] },
      { what: 'a pending-payout balance with nothing in flight', plant: () => exec(sql`update ledger_accounts set balance_fen = balance_fen + case when account like 'leader:%:pending_payout' then 1 else -1 end where account in (${`leader:${w.leader.userId}:pending_payout`}, 'platform:commission')`), undo: () => exec(sql`update ledger_accounts set balance_fen = balance_fen - case when account like 'leader:%:pending_payout' then 1 else -1 end where account in (${`leader:${w.leader.userId}:pending_payout`}, 'platform:commission')`), failing: ['balances_match_transfers', 'pending_vs_in_flight'] },
      { what: 'his settled balance a fen off his history', plant: () => exec(sql`update ledger_accounts set balance_fen = balance_fen + case when account = ${settled} then 1 else -1 end where account in (${settled}, 'platform:commission')`), undo: () => exec(sql`update ledger_accounts set balance_fen = balance_fen - case when account = ${settled} then 1 else -1 end where account in (${settled}, 'platform:commission')`), failing: ['balances_match_transfers', 'leader_balances'], check: ['leader_balances', 0, 1] },
      { what: 'the provider says a paid payout failed', plant: async () => { t.payouts.records.get(paid.provider_ref)!.status = 'FAILED'; }, undo: async () => { t.payouts.records.get(paid.provider_ref)!.status = 'PAID'; }, failing: ['provider_records'], check: ['provider_records', 0, 1] },
    ];
    for (const p of plants) {
      await p.plant();
      const report = await call(t, w.operator, 'GET', '/api/console/payouts/reconciliation');
      await p.undo();
      const failed = report.body.checks.filter((c: { ok: boolean }) => !c.ok);
      expect({ what: p.what, ok: report.body.ok, failing: failed.map((c: { key: string }) => c.key).sort() }).toEqual({ what: p.what, ok: false, failing: p.failing });
      if (p.check) expect(failed.find((c: { key: string }) => c.key === p.check![0])).toMatchObject({ expectedFen: p.check[1], actualFen: p.check[2] });
    }
    // A payout the provider lost: missing there, and the totals differ by its amount.
    const rec = t.payouts.records.get(paid.provider_ref)!;
    t.payouts.records.delete(paid.provider_ref);
    const lost = await call(t, w.operator, 'GET', '/api/console/payouts/reconciliation');
    t.payouts.records.set(paid.provider_ref, rec);
    expect(lost.body.mismatches).toEqual([expect.objectContaining({ providerRef: paid.provider_ref, problem: 'missing_at_provider', theirs: '' })]);
    const total = lost.body.checks.find((c: { key: string }) => c.key === 'provider_total');
    expect(total.expectedFen - total.actualFen).toBe(rec.amountFen);
    expect((await call(t, w.operator, 'GET', '/api/console/payouts/reconciliation')).body).toMatchObject({ ok: true, mismatches: [], leadersOff: [] });
  });

  it('lists every payout for operators with filters and pages', async () => {
    const all = await call(t, w.operator, 'GET', '/api/console/payouts?pageSize=2');
    expect(all.body).toMatchObject({ total: 4, page: 1, pageSize: 2 });
    expect(all.body.items).toHaveLength(2);
    const page2 = await call(t, w.operator, 'GET', '/api/console/payouts?pageSize=2&page=2');
    expect(page2.body.items).toHaveLength(2);
    const failed = await call(t, w.operator, 'GET', `/api/console/payouts?status=failed&communityId=${w.community.id}`);
    expect(failed.body.items.map((p: { amountFen: number }) => p.amountFen)).toEqual([1000]);
    const another = await sessionCookie(t, { name: '别人' });
    expect((await call(t, another, 'GET', '/api/console/payouts')).status).toBe(403);
  });
});
