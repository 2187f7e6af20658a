import { sql } from 'drizzle-orm';
import { sqlLedgerSource, type LedgerEntry, type LedgerSource } from '../../platform/ledger/source.js';

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
export const payoutEntriesLedgerSource: LedgerSource = sqlLedgerSource<PayoutEntryRow>({ name: 'payout_entries', table: 'payout_entries', key: 'seq', columns, toEntry });
