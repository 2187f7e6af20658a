import { desc, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client.js';
import { fundEntries, type LedgerCode } from './schema.js';
import { badRequest } from '../../platform/errors.js';
import { inTransaction } from '../../platform/events/service.js';

/** Ledger account names. The fund and the platform may go below zero; nobody else is asked to. */
export const accounts = {
  fund: 'guarantee_fund',
  platform: 'platform',
  leader: (id: string) => `leader:${id}`,
  resident: (id: string) => `resident:${id}`,
  supplier: (id: string) => `supplier:${id}`,
};

export interface EntryInput {
  idempotencyKey: string;
  debitAccount: string;
  creditAccount: string;
  amountFen: number;
  code: LedgerCode;
  claimId?: string | null;
  communityId?: string | null;
  memo?: string;
  createdBy?: string | null;
}

/** Posts transfers in the caller's transaction; an entry whose key exists already is not posted again. */
export async function postEntries(tx: Tx, entries: EntryInput[], now: Date) {
  if (entries.length === 0) return;
  await tx.insert(fundEntries).values(entries.map((e) => ({ ...e, memo: e.memo ?? '', createdAt: now }))).onConflictDoNothing();
}

/** The platform puts money into the guarantee fund. */
export async function topUpFund(db: Db, operatorId: string, input: { amountFen: number; memo: string; idempotencyKey: string }, now = new Date()) {
  if (!Number.isInteger(input.amountFen) || input.amountFen < 100 || input.amountFen > 100_000_000) throw badRequest('fund.amount_invalid');
  if (input.memo.trim().length < 2 || input.memo.length > 200) throw badRequest('fund.memo_required');
  await inTransaction(db, (tx) => postEntries(tx, [{ idempotencyKey: `topup:${input.idempotencyKey}`, debitAccount: accounts.platform, creditAccount: accounts.fund, amountFen: input.amountFen, code: 'fund_topup', memo: input.memo.trim(), createdBy: operatorId }], now));
  return fundReport(db);
}

/**
 * The fund's report: balances by account kind, totals by code, the latest movements, and the
 * reconciliation — debits equal credits, and every claim refund in the ledger matches the refund
 * owed through the payment provider.
 */
export async function fundReport(db: Db, page = 1, pageSize = 50) {
  const balances = (await db.execute(sql`
    with moves as (
      select credit_account as account, amount_fen::bigint as amount from fund_entries
      union all select debit_account, -amount_fen::bigint from fund_entries)
    select split_part(account, ':', 1) as kind, count(distinct account)::int as accounts, sum(amount)::bigint as balance
    from moves group by 1 order by 1`)) as unknown as { rows: { kind: string; accounts: number; balance: string }[] };
  const byCode = (await db.execute(sql`select code, count(*)::int as entries, sum(amount_fen)::bigint as amount from fund_entries group by code order by code`)) as unknown as { rows: { code: string; entries: number; amount: string }[] };
  const recon = (await db.execute(sql`
    select
      (select coalesce(sum(amount_fen), 0) from fund_entries where code in ('claim_refund', 'leader_advance') and credit_account like 'resident:%')::bigint as ledger_refunds,
      (select coalesce(sum(amount_fen), 0) from refunds where refund_key like 'claim:%')::bigint as provider_refunds,
      (select coalesce(sum(amount_fen), 0) from refunds where refund_key like 'claim:%' and status = 'paid')::bigint as provider_paid,
      (select count(*) from refunds where refund_key like 'claim:%' and status = 'pending')::int as pending`)) as unknown as { rows: Record<string, string | number>[] };
  const r = recon.rows[0];
  const movements = await db.select().from(fundEntries).orderBy(desc(fundEntries.id)).limit(pageSize + 1).offset((page - 1) * pageSize);
  // Every account's balance summed independently of the entries' amounts: double entry means zero.
  const total = (await db.execute(sql`
    select coalesce(sum(b), 0)::bigint as total from (
      select sum(case when account = credit_account then amount_fen else -amount_fen end) as b
      from fund_entries, lateral (values (credit_account), (debit_account)) a(account) group by account) x`)) as unknown as { rows: { total: string | number }[] };
  const ids = [...new Set(movements.flatMap((m) => [m.debitAccount, m.creditAccount]).map((a) => a.split(':')[1]).filter(Boolean))];
  const names = ids.length ? ((await db.execute(sql`
    select id::text as id, name from users where id::text in ${ids}
    union all select id::text, company_name from suppliers where id::text in ${ids}`)) as unknown as { rows: { id: string; name: string }[] }).rows : [];
  const fundBalance = Number(balances.rows.find((b) => b.kind === accounts.fund)?.balance ?? 0);
  return {
    fundBalanceFen: fundBalance,
    balances: balances.rows.map((b) => ({ kind: b.kind, accounts: b.accounts, balanceFen: Number(b.balance) })),
    byCode: byCode.rows.map((c) => ({ code: c.code, entries: c.entries, amountFen: Number(c.amount) })),
    reconciliation: {
      ledgerRefundsFen: Number(r.ledger_refunds), providerRefundsFen: Number(r.provider_refunds), providerPaidFen: Number(r.provider_paid), pendingRefunds: Number(r.pending),
      balanced: Number(total.rows[0].total) === 0, refundsMatch: Number(r.ledger_refunds) === Number(r.provider_refunds),
    },
    movements: movements.slice(0, pageSize),
    accountNames: Object.fromEntries(names.map((n) => [n.id, n.name])),
    hasMore: movements.length > pageSize,
  };
}

/** Every account's balance (for reconciliation tests and the report's drill-down). */
export async function accountBalances(db: Db): Promise<Map<string, number>> {
  const res = (await db.execute(sql`
    select account, sum(amount)::bigint as balance from (
      select credit_account as account, amount_fen::bigint as amount from fund_entries
      union all select debit_account, -amount_fen::bigint from fund_entries) m group by account`)) as unknown as { rows: { account: string; balance: string }[] };
  return new Map(res.rows.map((x) => [x.account, Number(x.balance)]));
}
