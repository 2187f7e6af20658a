import { sql } from 'drizzle-orm';
import { sqlLedgerSource, type LedgerEntry, type LedgerSource } from '../../platform/ledger/source.js';

interface TransferRow {
  id: string | number;
  idempotency_key: string;
  debit_account: string;
  credit_account: string;
  amount_fen: number;
  code: string;
  leader_id: string;
  community_id: string | null;
  ref_id: string;
  created_at: string;
}

// Time as text with microseconds (UTC), so that a change of a microsecond is a change of the leaf.
const columns = sql`id, idempotency_key, debit_account, credit_account, amount_fen, code, leader_id, community_id, ref_id,
  to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at`;

function toEntry(r: TransferRow): LedgerEntry {
  return {
    source: 'ledger_transfers',
    id: String(r.id),
    seq: Number(r.id),
    communityId: r.community_id,
    ownerUserIds: [r.leader_id],
    body: {
      idempotencyKey: r.idempotency_key, debitAccount: r.debit_account, creditAccount: r.credit_account, amountFen: r.amount_fen,
      code: r.code, leaderId: r.leader_id, communityId: r.community_id, refId: r.ref_id, createdAt: r.created_at,
    },
  };
}

/** Leaders' commission settlements, deductions and payout movements as leaves of the community ledger. */
export const ledgerTransfersLedgerSource: LedgerSource = sqlLedgerSource<TransferRow>({ name: 'ledger_transfers', table: 'ledger_transfers', key: 'id', columns, toEntry });
