// The leader marks the arrival of several group buys at once. Each group buy goes through the
// arrival workflow (receiveDelivery, one transaction per purchase-order line) with its own rules:
// only what the operator recorded as delivered can be received, at most once, by this community's
// leader. One group buy's refusal does not stop the others; the answer says what happened to each.
import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import type { Locale } from '../platform/i18n.js';
import { requireLeader } from '../modules/community/index.js';
import type { PaymentProvider } from '../modules/payments/index.js';
import { receiveDelivery } from './arrival.js';

export type ArrivalOutcome = 'received' | 'already_received' | 'awaiting_delivery' | 'no_purchase_order' | 'failed';

export interface GroupBuyArrival {
  groupBuyId: string; title: string; outcome: ArrivalOutcome;
  /** Purchase-order lines received now, and the order lines that became ready / were refunded short. */
  receivedLines: number; readyLines: number; refundedLines: number; groupBuyArrived: boolean;
  /** Lines still waiting for the operator to record their delivery. */
  awaitingDelivery: number;
  error: { code: string; message: string } | null;
}

interface PoLine { id: string; groupBuyId: string; quantityDelivered: number | null; receivedAt: Date | null }

/**
 * Receives, in full, every delivered and not yet received purchase-order line of each group buy
 * (in the order given). Group buys not of this community are refused before anything changes.
 */
export async function markArrivals(db: Db, provider: PaymentProvider, input: { communityId: string; leaderId: string; groupBuyIds: string[]; now: Date; locale: Locale }): Promise<GroupBuyArrival[]> {
  const { communityId, leaderId, now, locale } = input;
  await requireLeader(db, communityId, leaderId);
  const ids = [...new Set(input.groupBuyIds)];
  const gbs = ((await db.execute(sql`select id, title from group_buys where community_id = ${communityId} and id in ${ids}`)) as unknown as { rows: { id: string; title: string }[] }).rows;
  if (gbs.length !== ids.length) throw notFound('groupbuy.not_found');
  const titles = new Map(gbs.map((g) => [g.id, g.title]));
  const poLines = ((await db.execute(sql`
    select id, group_buy_id as "groupBuyId", quantity_delivered as "quantityDelivered", received_at as "receivedAt"
    from purchase_order_lines where community_id = ${communityId} and group_buy_id in ${ids} order by id`)) as unknown as { rows: PoLine[] }).rows;

  const out: GroupBuyArrival[] = [];
  for (const id of ids) {
    const mine = poLines.filter((l) => l.groupBuyId === id);
    const due = mine.filter((l) => l.quantityDelivered !== null && !l.receivedAt);
    const awaitingDelivery = mine.filter((l) => l.quantityDelivered === null).length;
    const r: GroupBuyArrival = { groupBuyId: id, title: titles.get(id)!, outcome: 'received', receivedLines: 0, readyLines: 0, refundedLines: 0, groupBuyArrived: false, awaitingDelivery, error: null };
    if (mine.length === 0) r.outcome = 'no_purchase_order';
    else if (due.length === 0) r.outcome = awaitingDelivery > 0 ? 'awaiting_delivery' : 'already_received';
    for (const l of due) {
      try {
        const done = await receiveDelivery(db, provider, { leaderId, lineId: l.id, quantityReceived: l.quantityDelivered!, now });
        r.receivedLines += 1;
        r.readyLines += done.readyLines;
        r.refundedLines += done.refundedLines;
        r.groupBuyArrived ||= done.groupBuyArrived;
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        r.outcome = 'failed';
        r.error = { code: err.code, message: err.message_(locale) };
        break;
      }
    }
    out.push(r);
  }
  return out;
}
