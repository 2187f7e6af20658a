/**
 * Where a receipt of the community ledger is opened, fetched, saved and checked on the phone
 * (/verify, docs/ledger.md). Pages that list ledger entries (points, fund refunds, ballots) link here.
 */
export function receiptLink(source: string, id: string): string {
  return `/verify?source=${encodeURIComponent(source)}&id=${encodeURIComponent(id)}`;
}
