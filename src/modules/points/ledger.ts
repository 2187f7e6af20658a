import { tableLedgerSource, type LedgerEntry, type LedgerSource } from '../../platform/ledger/source.js';
import { pointsTransfers } from './schema.js';

type Transfer = typeof pointsTransfers.$inferSelect;

/** A transfer as a ledger leaf: every field that says what moved (the idempotency key is internal and left out). */
function entryOf(t: Transfer): LedgerEntry {
  const owners = [...new Set([t.debitUserId, t.creditUserId].filter((u): u is string => u !== null))];
  return {
    source: 'points_transfers', id: t.id, seq: t.seq, communityId: t.communityId, ownerUserIds: owners,
    body: {
      id: t.id, communityId: t.communityId, kind: t.kind, code: t.code, amount: t.amount,
      debitAccountId: t.debitAccountId, creditAccountId: t.creditAccountId,
      debitUserId: t.debitUserId, creditUserId: t.creditUserId,
      refId: t.refId, pendingId: t.pendingId, returnOfId: t.returnOfId,
      localDay: t.localDay, createdAt: t.createdAt.toISOString(),
    },
  };
}

/** The points transfers as a source of the community ledger (read-only; rows are append-only). */
export const pointsLedgerSource: LedgerSource = tableLedgerSource({ name: 'points_transfers', table: pointsTransfers, toEntry: entryOf });
