import { asc, eq, gt } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import type { LedgerEntry, LedgerSource } from '../../platform/ledger/source.js';
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
export const pointsLedgerSource: LedgerSource = {
  name: 'points_transfers',
  async entriesAfter(db: DbOrTx, afterSeq: number, limit: number) {
    const rows = await db.select().from(pointsTransfers).where(gt(pointsTransfers.seq, afterSeq)).orderBy(asc(pointsTransfers.seq)).limit(limit);
    return rows.map(entryOf);
  },
  async entry(db: DbOrTx, id: string) {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
    const [row] = await db.select().from(pointsTransfers).where(eq(pointsTransfers.id, id));
    return row ? entryOf(row) : null;
  },
};
