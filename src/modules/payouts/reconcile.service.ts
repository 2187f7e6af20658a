// The reconciliation report: the leaders' ledger against its own balances, against the
// settlements and claims it was posted from, against the payouts, and against the payout
// provider's own record. Each check says what was expected and what was found; `ok` is false
// as soon as one differs.
import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { postLedgerEvents } from './posting.service.js';
import type { PayoutProvider } from './provider.js';

const rowsOf = async <T>(db: Db, q: ReturnType<typeof sql>) => ((await db.execute(q)) as unknown as { rows: T[] }).rows;
const num = (v: unknown) => Number(v ?? 0);

export interface ReconCheck { key: string; ok: boolean; expectedFen: number; actualFen: number; detail: string }
export interface ProviderMismatch { payoutId: string | null; providerRef: string | null; problem: 'missing_at_provider' | 'unknown_to_us' | 'amount_differs' | 'status_differs'; ours: string; theirs: string }

const expectedProviderStatus: Record<string, string> = { sent: 'PROCESSING', paid: 'PAID', failed: 'FAILED' };

export async function reconciliationReport(db: Db, provider: PayoutProvider, now = new Date()) {
  // Everything settled so far is posted first, so a lag is never reported as a difference.
  await postLedgerEvents(db);
  const checks: ReconCheck[] = [];
  const add = (key: string, expectedFen: number, actualFen: number, detail = '') => checks.push({ key, ok: expectedFen === actualFen, expectedFen, actualFen, detail });

  const [t] = await rowsOf<Record<string, string>>(db, sql`
    select
      (select coalesce(sum(balance_fen), 0) from ledger_accounts)::bigint as sum_balances,
      (select count(*) from ledger_accounts a where a.balance_fen <> coalesce((select sum(amount_fen) from ledger_transfers where credit_account = a.account), 0)
                                                                 - coalesce((select sum(amount_fen) from ledger_transfers where debit_account = a.account), 0))::bigint as drifted,
      (select coalesce(sum(amount_fen), 0) from ledger_transfers where code = 'commission')::bigint as ledger_commission,
      (select coalesce(sum(commission_fen), 0) from settlements where leader_id is not null)::bigint as settled_commission,
      (select coalesce(sum(amount_fen), 0) from ledger_transfers where code = 'deduction')::bigint as ledger_deductions,
      (select coalesce(sum(amount_fen), 0) from fund_entries where code = 'leader_charge')::bigint as claim_charges,
      (select coalesce(sum(amount_fen), 0) from ledger_transfers where code = 'payout_requested')::bigint as ledger_requested,
      (select coalesce(sum(amount_fen), 0) from payouts)::bigint as payouts_requested,
      (select coalesce(sum(amount_fen), 0) from ledger_transfers where code = 'payout_paid')::bigint as ledger_paid,
      (select coalesce(sum(amount_fen), 0) from payouts where status = 'paid')::bigint as payouts_paid,
      (select coalesce(sum(amount_fen), 0) from ledger_transfers where code = 'payout_returned')::bigint as ledger_returned,
      (select coalesce(sum(amount_fen), 0) from payouts where status in ('failed', 'rejected'))::bigint as payouts_returned,
      (select coalesce(sum(balance_fen), 0) from ledger_accounts where account like 'leader:%:pending_payout')::bigint as pending_balance,
      (select coalesce(sum(amount_fen), 0) from payouts where status in ('awaiting_approval', 'sending', 'sent'))::bigint as payouts_in_flight`);
  add('ledger_balanced', 0, num(t.sum_balances), 'every account together sums to zero (double entry)');
  add('balances_match_transfers', 0, num(t.drifted), 'accounts whose balance differs from their transfers');
  add('commission_vs_settlements', num(t.settled_commission), num(t.ledger_commission), 'commission posted = commission fixed on settlements');
  add('deductions_vs_claims', num(t.claim_charges), num(t.ledger_deductions), 'deductions posted = claims charged to leaders (fund_entries leader_charge)');
  add('requested_vs_payouts', num(t.payouts_requested), num(t.ledger_requested), 'moved to pending payout = payouts asked for');
  add('paid_vs_payouts', num(t.payouts_paid), num(t.ledger_paid), 'cleared = payouts paid');
  add('returned_vs_payouts', num(t.payouts_returned), num(t.ledger_returned), 'returned = payouts failed or rejected');
  add('pending_vs_in_flight', num(t.payouts_in_flight), num(t.pending_balance), 'pending payout balances = payouts not yet paid');

  // Each payout's row (the current state) against what its append-only history says.
  const drifted = await rowsOf<{ id: string }>(db, sql`
    with h as (
      select e.payout_id,
        (array_agg(e.status order by e.seq desc))[1] as status,
        min(e.amount_fen) filter (where e.kind = 'requested') as amount_fen,
        count(*) filter (where e.kind = 'requested')::int as requested,
        bool_and(e.amount_fen = p0.amount_fen) as amounts_same,
        max(e.provider_ref) filter (where e.kind = 'sent') as provider_ref,
        count(*) filter (where e.kind in ('sent', 'attempt_failed'))::int as attempts,
        max(e.actor_id::text) filter (where e.kind in ('approved', 'rejected')) as decided_by
      from payout_entries e join payouts p0 on p0.id = e.payout_id group by e.payout_id)
    select p.id from payouts p left join h on h.payout_id = p.id
    where h.payout_id is null or h.requested <> 1 or not h.amounts_same or h.status <> p.status or h.amount_fen <> p.amount_fen
      or h.provider_ref is distinct from p.provider_ref or h.attempts <> p.attempts or h.decided_by is distinct from p.decided_by::text
    order by p.created_at, p.id`);
  checks.push({ key: 'payouts_vs_entries', ok: drifted.length === 0, expectedFen: 0, actualFen: drifted.length, detail: 'payouts whose state differs from their append-only history (payout_entries)' });

  // Against the provider's own record.
  const ours = await rowsOf<{ id: string; providerRef: string | null; amountFen: number; status: string }>(db, sql`
    select id, provider_ref as "providerRef", amount_fen as "amountFen", status from payouts where provider = ${provider.name} and status in ('sent', 'paid', 'failed')`);
  const theirs = await provider.statement();
  const byRef = new Map(theirs.map((x) => [x.providerRef, x]));
  const mismatches: ProviderMismatch[] = [];
  const seen = new Set<string>();
  for (const p of ours) {
    const rec = p.providerRef ? byRef.get(p.providerRef) : undefined;
    if (p.providerRef) seen.add(p.providerRef);
    if (!rec) mismatches.push({ payoutId: p.id, providerRef: p.providerRef, problem: 'missing_at_provider', ours: `${p.status} ${p.amountFen}`, theirs: '' });
    else if (rec.amountFen !== p.amountFen) mismatches.push({ payoutId: p.id, providerRef: p.providerRef, problem: 'amount_differs', ours: String(p.amountFen), theirs: String(rec.amountFen) });
    else if (rec.status !== expectedProviderStatus[p.status]) mismatches.push({ payoutId: p.id, providerRef: p.providerRef, problem: 'status_differs', ours: p.status, theirs: rec.status });
  }
  for (const rec of theirs) if (!seen.has(rec.providerRef)) mismatches.push({ payoutId: rec.payoutId, providerRef: rec.providerRef, problem: 'unknown_to_us', ours: '', theirs: `${rec.status} ${rec.amountFen}` });
  const sentOurs = ours.reduce((s, p) => s + p.amountFen, 0);
  const sentTheirs = theirs.reduce((s, p) => s + p.amountFen, 0);
  add('provider_total', sentOurs, sentTheirs, 'amounts handed to the provider, ours vs its statement');
  checks.push({ key: 'provider_records', ok: mismatches.length === 0, expectedFen: 0, actualFen: mismatches.length, detail: 'payouts that differ from the provider record' });

  // Per leader: settled balance = commission − deductions applied − payouts asked + returned.
  const leaders = await rowsOf<{ leaderId: string; balance: string; expected: string }>(db, sql`
    select a.leader_id as "leaderId", a.balance_fen as balance,
      (coalesce((select sum(commission_fen) from settlements s where s.leader_id = a.leader_id), 0)
       - coalesce((select sum(amount_fen) from ledger_transfers x where x.leader_id = a.leader_id and x.code in ('deduction', 'deduction_recovered') and x.debit_account = a.account), 0)
       - coalesce((select sum(amount_fen) from payouts p where p.leader_id = a.leader_id), 0)
       + coalesce((select sum(amount_fen) from payouts p where p.leader_id = a.leader_id and p.status in ('failed', 'rejected')), 0))::bigint as expected
    from ledger_accounts a where a.account like 'leader:%:settled'`);
  const off = leaders.filter((l) => num(l.balance) !== num(l.expected));
  checks.push({ key: 'leader_balances', ok: off.length === 0, expectedFen: 0, actualFen: off.length, detail: 'leaders whose settled balance ≠ commission − deductions − payouts' });

  return { ok: checks.every((c) => c.ok), checkedAt: now, checks, mismatches, payoutsOffHistory: drifted.map((d) => d.id), leadersOff: off.map((l) => ({ leaderId: l.leaderId, balanceFen: num(l.balance), expectedFen: num(l.expected) })) };
}
