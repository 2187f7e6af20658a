// Residents find things: a plain substring search over her community's open group buys. At
// community scale (tens of open items) ILIKE is exact and fast, and matches two-character Chinese
// words such as 草莓, which trigram indexes cannot.
import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { badRequest } from '../../platform/errors.js';
import { requireMember } from '../community/index.js';
import { restockAlertsOf } from './restock-alerts.service.js';

export const SEARCH_LIMITS = { minLength: 1, maxLength: 30, maxResults: 50 } as const;

/** `%`, `_` and the escape character itself match only themselves. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The query as searched: trimmed, inner runs of spaces collapsed; refused when empty or too long. */
export function normaliseQuery(raw: string): string {
  const q = raw.normalize('NFKC').trim().replace(/\s+/g, ' ');
  if (q.length < SEARCH_LIMITS.minLength) throw badRequest('search.query_empty');
  if (Array.from(q).length > SEARCH_LIMITS.maxLength) throw badRequest('search.query_too_long', { max: SEARCH_LIMITS.maxLength });
  return q;
}

interface Row {
  groupBuyId: string; itemId: string; title: string; note: string; productName: string; spec: string; unit: string; origin: string;
  imageUrls: string[]; priceFen: number; stockTotal: number; stockAvailable: number; perPersonLimit: number; cutoffAt: Date | string; rank: number; itemMatched: boolean;
}

/**
 * Items of her community's open group buys whose product name, group-buy title, note or origin
 * contains the query: product-name matches first, then titles, then notes and origins, each by the
 * cut-off soonest. Each result says
 * whether it is sold out and whether she asked to be told when it comes back.
 */
export async function searchOpenItems(db: Db, communityId: string, user: { id: string; isOperator: boolean }, raw: string, now: Date) {
  await requireMember(db, communityId, user);
  const q = normaliseQuery(raw);
  const p = likePattern(q);
  const res = (await db.execute(sql`
    select gb.id as "groupBuyId", i.id as "itemId", gb.title, gb.note, pr.name as "productName", pr.spec, pr.unit, pr.origin,
      pr.image_urls as "imageUrls", i.price_fen as "priceFen", i.stock_total as "stockTotal", i.stock_available as "stockAvailable",
      i.per_person_limit as "perPersonLimit", gb.cutoff_at as "cutoffAt",
      case when pr.name ilike ${p} escape '\\' then 0 when gb.title ilike ${p} escape '\\' then 1 else 2 end as rank,
      (pr.name ilike ${p} escape '\\' or pr.origin ilike ${p} escape '\\') as "itemMatched"
    from group_buy_items i
      join group_buys gb on gb.id = i.group_buy_id
      join products pr on pr.id = i.product_id
    where gb.community_id = ${communityId} and gb.status = 'open' and gb.opens_at <= ${now} and gb.cutoff_at > ${now}
      and (pr.name ilike ${p} escape '\\' or gb.title ilike ${p} escape '\\' or gb.note ilike ${p} escape '\\' or pr.origin ilike ${p} escape '\\')
    order by rank, gb.cutoff_at, gb.id, i.position`)) as unknown as { rows: Row[] };
  // A group buy found by its title or note shows all its items, unless some of them matched
  // themselves (草莓 in 「土鸡蛋、丹东草莓」 shows the strawberries, not the eggs).
  const itemHit = new Set(res.rows.filter((r) => r.itemMatched).map((r) => r.groupBuyId));
  const rows = res.rows.filter((r) => r.itemMatched || !itemHit.has(r.groupBuyId)).slice(0, SEARCH_LIMITS.maxResults);
  const alerts = await restockAlertsOf(db, user.id, rows.map((r) => r.itemId));
  return {
    query: q,
    items: rows.map((r) => ({
      groupBuyId: r.groupBuyId, itemId: r.itemId, title: r.title, productName: r.productName, spec: r.spec, unit: r.unit, origin: r.origin,
      imageUrl: Array.isArray(r.imageUrls) ? (r.imageUrls[0] ?? null) : null, priceFen: r.priceFen, stockAvailable: r.stockAvailable,
      soldOut: r.stockAvailable <= 0, cutoffAt: new Date(r.cutoffAt), matchedIn: r.rank === 0 ? 'name' as const : r.rank === 1 ? 'title' as const : 'details' as const,
      alert: alerts.get(r.itemId) ?? 'none',
    })),
  };
}
