import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';

/**
 * Of these products, the ones this person was actually handed: a line of hers picked up in a
 * verified hand-over (with her code or pass, or confirmed). A line refunded or cancelled before
 * the hand-over, not collected, or whose hand-over she disputed never reached her. A refund after
 * the hand-over leaves the line picked up: she had the goods. (The same rule as a reviewable line.)
 */
export async function productsHandedTo(db: DbOrTx, userId: string, productIds: string[]): Promise<Set<string>> {
  if (productIds.length === 0) return new Set();
  const res = (await db.execute(sql`
    select distinct i.product_id as "productId"
    from order_lines l
    join group_buy_items i on i.id = l.item_id
    left join handovers h on h.id = l.handover_id
    where l.user_id = ${userId} and l.status = 'picked_up'
      and (h.id is null or h.status in ('done', 'confirmed', 'auto_confirmed'))
      and i.product_id in ${productIds}`)) as unknown as { rows: { productId: string }[] };
  return new Set(res.rows.map((r) => r.productId));
}
