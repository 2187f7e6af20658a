import type { Db } from '../../platform/db/client.js';
import { preparedQueryOn } from '../../platform/db/prepared.js';
import { retryOnceIfConnectionLost } from '../../platform/db/connection-loss.js';
import * as groupbuy from '../groupbuy/index.js';
import { NOTE_MAX, normaliseLines } from './service.js';
import type { BasketLineInput, ShortLine } from './types.js';

export interface MemoryQuestion {
  userId: string;
  /** The community the checkout names (none for 立即购买: the item's own). */
  communityId?: string;
  lines: BasketLineInput[];
  note?: string;
  idempotencyKey: string;
  /** She named a pickup point or door delivery: its checks come first, so memory stays out. */
  choseFulfilment: boolean;
}

/**
 * "Sold out", answered from memory: when every line's item is known sold out (groupbuy/sold-out.ts)
 * the answer is exactly what the order path would give, without a transaction, a stock read or
 * the hot row. One indexed read remains, so the answer stays exact: her membership (else 403),
 * whether her key was used (a retry gets its own order), and what she already holds (over the
 * limit reads over_limit). Anything memory cannot decide the same way returns null: the order
 * path decides.
 */
export async function soldOutFromMemory(db: Db, q: MemoryQuestion, now: Date): Promise<ShortLine[] | null> {
  if (q.choseFulfilment || (q.note ?? '').trim().length > NOTE_MAX) return null;
  const lines = normaliseLines(q.lines);
  const known = lines.map((l) => groupbuy.knownSoldOut(l.itemId));
  if (known.some((k) => !k)) return null;
  const items = known as NonNullable<(typeof known)[number]>[];
  const communityId = q.communityId ?? items[0].communityId;
  let total = 0;
  for (const [k, it] of items.entries()) {
    const l = lines[k];
    const priorityUntil = it.opensAt.getTime() + it.priorityMinutes * 60_000;
    if (it.communityId !== communityId || !it.productActive || groupbuy.effectiveStatus(it as never, now) !== 'open') return null;
    if ((it.priorityMinutes > 0 && priorityUntil > now.getTime()) || l.quantity > it.perPersonLimit) return null;
    total += it.priceFen * l.quantity;
  }
  if (total > groupbuy.MAX_ORDER_TOTAL_FEN) return null;
  const [probe] = await retryOnceIfConnectionLost(() => preparedQueryOn(db)<{ member: boolean; used: boolean; held: Record<string, number> }>('sold_out_probe',
    `select exists(select 1 from memberships m where m.community_id = $1 and m.user_id = $2) as member,
       exists(select 1 from orders o where o.user_id = $2 and o.idempotency_key = $3) as used,
       coalesce((select jsonb_object_agg(p.item_id, p.quantity) from group_buy_purchases p where p.user_id = $2 and p.item_id = any($4::uuid[])), '{}'::jsonb) as held`,
    [communityId, q.userId, q.idempotencyKey, lines.map((l) => l.itemId)]));
  if (!probe.member || probe.used) return null;
  if (lines.some((l, k) => l.quantity > items[k].perPersonLimit - (probe.held[l.itemId] ?? 0))) return null;
  return lines.map((l, k) => ({ itemId: l.itemId, title: items[k].title, productName: items[k].productName, requested: l.quantity, available: 0, reason: 'sold_out' as const }));
}

/** For 立即购买: the group buy's item this request means, if memory knows it sold out (named, or the group buy's only item). */
export function soldOutItemOf(groupBuyId: string, itemId: string | undefined): string | null {
  if (itemId) return groupbuy.knownSoldOut(itemId)?.groupBuyId === groupBuyId ? itemId : null;
  const known = groupbuy.knownSoldOutOfGroupBuy(groupBuyId);
  return known.length === 1 && known[0].itemCount === 1 ? known[0].itemId : null;
}
