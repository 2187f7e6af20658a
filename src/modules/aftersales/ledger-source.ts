import { sql } from 'drizzle-orm';
import { sqlLedgerSource, type LedgerEntry, type LedgerSource } from '../../platform/ledger/source.js';

interface FundRow {
  id: string | number;
  idempotency_key: string;
  debit_account: string;
  credit_account: string;
  amount_fen: number;
  code: string;
  claim_id: string | null;
  community_id: string | null;
  memo: string;
  created_by: string | null;
  created_at: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The people an account names: resident:<userId> and leader:<userId> (the fund and the platform are nobody's). */
function ownerOf(account: string): string | null {
  const m = /^(?:resident|leader):(.+)$/.exec(account);
  return m && UUID.test(m[1]) ? m[1] : null;
}

// Time as text with microseconds (UTC), so that a change of a microsecond is a change of the leaf.
const columns = sql`id, idempotency_key, debit_account, credit_account, amount_fen, code, claim_id, community_id, memo, created_by,
  to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at`;

function toEntry(r: FundRow): LedgerEntry {
  const owners = [...new Set([ownerOf(r.debit_account), ownerOf(r.credit_account)].filter((x): x is string => x !== null))];
  return {
    source: 'fund_entries',
    id: String(r.id),
    seq: Number(r.id),
    communityId: r.community_id,
    ownerUserIds: owners,
    body: {
      idempotencyKey: r.idempotency_key, debitAccount: r.debit_account, creditAccount: r.credit_account, amountFen: r.amount_fen,
      code: r.code, claimId: r.claim_id, communityId: r.community_id, memo: r.memo, createdBy: r.created_by, createdAt: r.created_at,
    },
  };
}

/** The guarantee fund's transfers as leaves of the community ledger (append-only: see the migration's trigger). */
export const fundEntriesLedgerSource: LedgerSource = sqlLedgerSource<FundRow>({ name: 'fund_entries', table: 'fund_entries', key: 'id', columns, toEntry });
