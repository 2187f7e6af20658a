// The leader's own words, sent by hand from his morning dashboard: 「草莓到啦…」 to everyone whose
// goods of those group buys wait at the pickup point, or the not-collected reminder to those
// whose pickup window has begun and who have not come. This is on top of what the system sends by
// itself (arrival.ts tells each buyer when he confirms receipt; not-collected.ts reminds when the
// window opens and two hours before it ends): those stay automatic, this is for his timing and
// tone. Each group buy is announced at most once per kind and local day, so a second tap (or two
// phones at once) tells nobody twice. One transaction.
//
// Lock order: pickup_announcements (unique key) → notifications (inserts only).
import { localDate } from '../platform/time.js';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../platform/db/client.js';
import { badRequest, notFound } from '../platform/errors.js';
import { inTransaction } from '../platform/events/service.js';
import { getCommunity, requireLeader } from '../modules/community/index.js';
import { notify, type Notice } from '../modules/notifications/index.js';
import { claimAnnouncements, setAnnouncementTold, type AnnouncementKind } from '../modules/groupbuy/index.js';

export const ANNOUNCEMENT_LIMITS = { maxText: 500, maxGroupBuys: 50 } as const;


/** Residents concerned, per group buy: goods waiting (arrival) or waiting after the window began (reminder). */
async function recipients(tx: Tx, groupBuyIds: string[], kind: AnnouncementKind, now: Date) {
  if (groupBuyIds.length === 0) return [];
  const res = (await tx.execute(sql`
    select l.group_buy_id as "groupBuyId", l.user_id as "userId", min(l.order_id::text) as "orderId"
    from order_lines l join group_buys gb on gb.id = l.group_buy_id
    where l.group_buy_id in ${groupBuyIds} and l.status = 'ready_for_pickup'
      ${kind === 'reminder' ? sql`and gb.pickup_start_at <= ${now}` : sql``}
    group by l.group_buy_id, l.user_id
    order by l.group_buy_id, l.user_id`)) as unknown as { rows: { groupBuyId: string; userId: string; orderId: string }[] };
  return res.rows;
}

export interface AnnounceInput { communityId: string; leaderId: string; kind: AnnouncementKind; groupBuyIds: string[]; text: string; now: Date }

/**
 * Sends the leader's text as an in-app notice to exactly the residents concerned by these group
 * buys. Returns how many were told now, and which group buys had already been announced today.
 */
export async function announce(db: Db, input: AnnounceInput) {
  await requireLeader(db, input.communityId, input.leaderId);
  const text = input.text.trim();
  if (!text) throw badRequest('announcement.text_empty');
  if (Array.from(text).length > ANNOUNCEMENT_LIMITS.maxText) throw badRequest('announcement.text_too_long', { max: ANNOUNCEMENT_LIMITS.maxText });
  const ids = [...new Set(input.groupBuyIds)].sort();
  if (ids.length === 0) throw badRequest('announcement.nothing_to_send');
  const community = await getCommunity(db, input.communityId);
  const day = localDate(input.now, community.timeZone);

  return inTransaction(db, async (tx) => {
    const here = (await tx.execute(sql`select id from group_buys where id in ${ids} and community_id = ${input.communityId}`)) as unknown as { rows: { id: string }[] };
    if (here.rows.length !== ids.length) throw notFound('announcement.group_buy_not_here');
    const concerned = await recipients(tx, ids, input.kind, input.now);
    if (concerned.length === 0) throw badRequest('announcement.nothing_to_send');
    const fresh = await claimAnnouncements(tx, { communityId: input.communityId, groupBuyIds: ids, kind: input.kind, day, sentBy: input.leaderId, text, now: input.now });
    const freshSet = new Set(fresh);
    // One notice per resident, however many of the fresh group buys are hers.
    const byUser = new Map<string, string>();
    const perGroupBuy = new Map<string, number>(fresh.map((id) => [id, 0]));
    for (const r of concerned.filter((c) => freshSet.has(c.groupBuyId))) {
      if (!byUser.has(r.userId)) {
        byUser.set(r.userId, r.orderId);
        perGroupBuy.set(r.groupBuyId, (perGroupBuy.get(r.groupBuyId) ?? 0) + 1);
      }
    }
    const kind = input.kind === 'arrival' ? 'leader_arrival' as const : 'leader_reminder' as const;
    const notices: Notice[] = [...byUser].map(([userId, orderId]) => ({ userId, communityId: input.communityId, kind, params: { text }, link: `/orders/${orderId}` }));
    const told = await notify(tx, notices);
    await setAnnouncementTold(tx, input.kind, day, perGroupBuy);
    return { kind: input.kind, day, told, sentGroupBuyIds: fresh, alreadySentGroupBuyIds: ids.filter((id) => !freshSet.has(id)) };
  });
}
