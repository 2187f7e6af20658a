import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import type { LedgerEntry, LedgerSource } from '../../platform/ledger/source.js';

interface PayoutEntryRow {
  seq: string | number;
  payout_id: string;
  leader_id: string;
  community_id: string;
  kind: string;
  status: string;
  amount_fen: number;
  actor_id: string | null;
  provider: string;
  provider_ref: string | null;
  note: string | null;
  created_at: string;
}

// Time as text with microseconds (UTC), so that a change of a microsecond is a change of the leaf.
const columns = sql`seq, payout_id, leader_id, community_id, kind, status, amount_fen, actor_id, provider, provider_ref, note,
  to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at`;

function toEntry(r: PayoutEntryRow): LedgerEntry {
  return {
    source: 'payout_entries',
    id: String(r.seq),
    seq: Number(r.seq),
    communityId: r.community_id,
    ownerUserIds: [r.leader_id],
    body: {
      payoutId: r.payout_id, leaderId: r.leader_id, communityId: r.community_id, kind: r.kind, status: r.status, amountFen: r.amount_fen,
      actorId: r.actor_id, provider: r.provider, providerRef: r.provider_ref, note: r.note, createdAt: r.created_at,
    },
  };
}

/** Each event of a leader's withdrawal (asked, approved, sent, failed attempt, paid, failed, rejected) as a leaf of the community ledger. */
export const payoutEntriesLedgerSource: LedgerSource = {
  name: 'payout_entries',
  async entriesAfter(db: DbOrTx, afterSeq: number, limit: number) {
    const r = (await db.execute(sql`select ${columns} from payout_entries where seq > ${afterSeq} order by seq limit ${limit}`)) as unknown as { rows: PayoutEntryRow[] };
    return r.rows.map(toEntry);
  },
  async entry(db: DbOrTx, id: string) {
    if (!/^[1-9][0-9]{0,17}$/.test(id)) return null;
    const r = (await db.execute(sql`select ${columns} from payout_entries where seq = ${id}::bigint`)) as unknown as { rows: PayoutEntryRow[] };
    return r.rows[0] ? toEntry(r.rows[0]) : null;
  },
};
