// Posts the leaders' earnings to the ledger from the domain events written with them: a
// settlement's commission ('payment.settled') and a claim decided with the leader at fault
// ('claim.decided'). A durable consumer (cursor committed with the postings) reads every event
// once, and each posting has its own idempotency key, so nothing is lost and nothing posts twice.
import type { Db, Tx } from '../../platform/db/client.js';
import { advanceCursor, claimCursor, inTransaction, readEventsAfter, type StoredEvent } from '../../platform/events/service.js';
import { account, lockAccounts, transfer } from './ledger.service.js';

export const LEDGER_CONSUMER = 'payouts.ledger';
const TYPES = ['payment.settled', 'claim.decided'] as const;
type Ev = StoredEvent<(typeof TYPES)[number]>;

/** Reads new events and posts them; returns how many were read. Run by a job and before money is read or moved. */
export async function postLedgerEvents(db: Db, batch = 500): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await inTransaction(db, async (tx) => {
      const after = await claimCursor(tx, LEDGER_CONSUMER);
      const events = await readEventsAfter(tx, TYPES, after, batch);
      for (const e of events) await postEvent(tx, e);
      if (events.length) await advanceCursor(tx, LEDGER_CONSUMER, events[events.length - 1]);
      return events.length;
    });
    total += n;
    if (n < batch) return total;
  }
}

async function postEvent(tx: Tx, e: Ev) {
  const now = e.occurredAt;
  if (e.type === 'payment.settled') {
    const { leaderId, leaderCommissionFen, settleKey } = e.payload;
    if (!leaderId || leaderCommissionFen <= 0) return;
    const ref = `${e.subjectId}:${settleKey}`;
    await transfer(tx, { idempotencyKey: `commission:${ref}`, debit: account.commission, credit: account.settled(leaderId), amountFen: leaderCommissionFen, code: 'commission', leaderId, communityId: e.communityId, refId: ref, now });
    // Deductions he still owes are taken from new commission before it can be withdrawn.
    const balances = await lockAccounts(tx, [account.receivable(leaderId), account.settled(leaderId)]);
    const owed = -(balances.get(account.receivable(leaderId)) ?? 0);
    const take = Math.min(owed, balances.get(account.settled(leaderId)) ?? 0);
    if (take > 0) await transfer(tx, { idempotencyKey: `recovered:${ref}`, debit: account.settled(leaderId), credit: account.receivable(leaderId), amountFen: take, code: 'deduction_recovered', leaderId, communityId: e.communityId, refId: ref, now });
    return;
  }
  const p = e.payload;
  if (p.faultParty !== 'leader' || !p.leaderId || p.refundedFen <= 0 || p.status !== 'refunded') return;
  const leaderId = p.leaderId;
  const balances = await lockAccounts(tx, [account.settled(leaderId)]);
  const now1 = Math.min(p.refundedFen, balances.get(account.settled(leaderId)) ?? 0);
  if (now1 > 0) await transfer(tx, { idempotencyKey: `deduction:${e.subjectId}`, debit: account.settled(leaderId), credit: account.deductions, amountFen: now1, code: 'deduction', leaderId, communityId: e.communityId, refId: e.subjectId, now });
  const carried = p.refundedFen - now1;
  if (carried > 0) await transfer(tx, { idempotencyKey: `deduction_carried:${e.subjectId}`, debit: account.receivable(leaderId), credit: account.deductions, amountFen: carried, code: 'deduction', leaderId, communityId: e.communityId, refId: e.subjectId, now });
}
