// The leaders' double-entry ledger: every movement is one transfer between two accounts, posted
// once per idempotency key, with both balances kept on locked rows that SQL refuses to take a
// leader's account below zero.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { conflict } from '../../platform/errors.js';
import { ledgerAccounts, ledgerTransfers, type TransferCode } from './schema.js';

export const account = {
  settled: (leaderId: string) => `leader:${leaderId}:settled`,
  pendingPayout: (leaderId: string) => `leader:${leaderId}:pending_payout`,
  commission: 'platform:commission',
  deductions: 'platform:deductions',
  receivable: (leaderId: string) => `platform:deductions_receivable:${leaderId}`,
  clearing: 'platform:payout_clearing',
};

export interface TransferInput {
  idempotencyKey: string;
  debit: string;
  credit: string;
  amountFen: number;
  code: TransferCode;
  leaderId: string;
  communityId?: string | null;
  refId: string;
  now: Date;
}

const leaderOf = (acct: string) => (acct.startsWith('leader:') ? acct.split(':')[1] : null);

/**
 * Locks the accounts (created empty when new) in name order — the one lock order for ledger
 * rows — and returns their balances.
 */
export async function lockAccounts(tx: Tx, names: string[]): Promise<Map<string, number>> {
  const sorted = [...new Set(names)].sort();
  await tx.insert(ledgerAccounts).values(sorted.map((a) => ({ account: a, leaderId: leaderOf(a), mayGoNegative: a.startsWith('platform:') }))).onConflictDoNothing();
  const out = new Map<string, number>();
  for (const a of sorted) {
    const [row] = await tx.select({ balance: ledgerAccounts.balanceFen }).from(ledgerAccounts).where(eq(ledgerAccounts.account, a)).for('update');
    out.set(a, Number(row.balance));
  }
  return out;
}

/**
 * Posts one transfer in the caller's transaction. Returns false when its key was posted before
 * (nothing moves twice). A leader's account that would go below zero is refused by the database
 * (CHECK ledger_accounts_not_negative) and the whole transaction rolls back.
 */
export async function transfer(tx: Tx, t: TransferInput): Promise<boolean> {
  if (!Number.isSafeInteger(t.amountFen) || t.amountFen <= 0) throw new Error(`not a transfer amount: ${t.amountFen}`);
  await lockAccounts(tx, [t.debit, t.credit]);
  const [row] = await tx.insert(ledgerTransfers).values({
    idempotencyKey: t.idempotencyKey, debitAccount: t.debit, creditAccount: t.credit, amountFen: t.amountFen, code: t.code,
    leaderId: t.leaderId, communityId: t.communityId ?? null, refId: t.refId, createdAt: t.now,
  }).onConflictDoNothing().returning({ id: ledgerTransfers.id });
  if (!row) return false;
  try {
    for (const [acct, delta] of [[t.debit, -t.amountFen], [t.credit, t.amountFen]] as const) {
      await tx.update(ledgerAccounts).set({ balanceFen: sql`${ledgerAccounts.balanceFen} + ${delta}`, updatedAt: t.now }).where(eq(ledgerAccounts.account, acct));
    }
  } catch (err) {
    const e = err as { code?: string; cause?: { code?: string } };
    if (e.code === '23514' || e.cause?.code === '23514') throw conflict('payout.balance_insufficient');
    throw err;
  }
  return true;
}

/** A leader's balances: settled (withdrawable), pending payout, and deductions still owed. */
export async function leaderBalances(db: DbOrTx, leaderId: string) {
  const names = [account.settled(leaderId), account.pendingPayout(leaderId), account.receivable(leaderId)];
  const rows = await db.select().from(ledgerAccounts).where(inArray(ledgerAccounts.account, names));
  const get = (n: string) => Number(rows.find((r) => r.account === n)?.balanceFen ?? 0);
  return { settledFen: get(names[0]), pendingPayoutFen: get(names[1]), deductionsOwedFen: -get(names[2]) };
}

/** Transfers of one leader, newest first. */
export async function transfersOf(db: DbOrTx, leaderId: string, limit = 200) {
  return db.select().from(ledgerTransfers).where(and(eq(ledgerTransfers.leaderId, leaderId))).orderBy(sql`${ledgerTransfers.id} desc`).limit(limit);
}
