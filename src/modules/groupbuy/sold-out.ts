import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';

/**
 * Items this process has seen sold out (stock 0 after a commit), so a rush's late arrivals can be
 * told "sold out" without a transaction or a look at the hot row. Only refusals come from here:
 * every acceptance is still decided by the database.
 *
 * An entry goes when stock may have come back: at once in this process when stock is returned
 * (cancel, expiry, restock: releaseItemStock, setItemStock), and for every instance within
 * `refreshMs` by a re-read of the remembered items (stock above 0, or the facts the refusal rests
 * on — limit, price, times, status, item count — changed), and after `ttlMs` in any case.
 */
export const soldOutSettings = {
  ttlMs: Number(process.env.SOLD_OUT_TTL_MS ?? 2000),
  refreshMs: Number(process.env.SOLD_OUT_REFRESH_MS ?? 200),
};

/** What a refusal from memory needs to know of the item (as the order path read it). */
export interface SoldOutFacts {
  itemId: string; groupBuyId: string; communityId: string; title: string; productName: string;
  perPersonLimit: number; priceFen: number; status: string; opensAt: Date; cutoffAt: Date; priorityMinutes: number; productActive: boolean;
}
interface Entry { facts: SoldOutFacts; db: DbOrTx; until: number; itemCount: number | null }

const entries = new Map<string, Entry>();
let timer: NodeJS.Timeout | null = null;

/** Notes that the database showed this item with no stock left (after a commit or in a fresh read). */
export function rememberSoldOut(db: DbOrTx, facts: SoldOutFacts): void {
  if (soldOutSettings.ttlMs <= 0) return;
  const had = entries.get(facts.itemId);
  entries.set(facts.itemId, { facts, db, until: Date.now() + soldOutSettings.ttlMs, itemCount: had?.itemCount ?? null });
  if (!timer) timer = setTimeout(refreshSoldOut, soldOutSettings.refreshMs).unref();
}

/** Stock of this item may be back (returned, restocked, changed): forget it now. */
export function forgetSoldOut(itemId: string): void {
  entries.delete(itemId);
}

/** Anything about this group buy changed (a leader's change, a close): forget its items. */
export function forgetSoldOutOfGroupBuy(groupBuyId: string): void {
  for (const [id, e] of entries) if (e.facts.groupBuyId === groupBuyId) entries.delete(id);
}

/** The item, if it is known sold out right now; `itemCount` once the re-read has counted its group buy's items. */
export function knownSoldOut(itemId: string): (SoldOutFacts & { itemCount: number | null }) | null {
  const e = entries.get(itemId);
  if (!e) return null;
  if (e.until <= Date.now()) { entries.delete(itemId); return null; }
  return { ...e.facts, itemCount: e.itemCount };
}

/** The group buy's remembered sold-out items. */
export function knownSoldOutOfGroupBuy(groupBuyId: string) {
  const out = [];
  for (const id of entries.keys()) {
    const k = entries.get(id)!.facts.groupBuyId === groupBuyId ? knownSoldOut(id) : null;
    if (k) out.push(k);
  }
  return out;
}

const stamp = (f: { perPersonLimit: number; priceFen: number; status: string; opensAt: Date | string; cutoffAt: Date | string; priorityMinutes: number; productActive: boolean }) =>
  [f.perPersonLimit, f.priceFen, f.status, new Date(f.opensAt).getTime(), new Date(f.cutoffAt).getTime(), f.priorityMinutes, f.productActive].join('|');

/** One read per database of everything remembered: drops what came back or changed (runs every `refreshMs`). */
export async function refreshSoldOut() {
  if (timer) { clearTimeout(timer); timer = null; }
  const byDb = new Map<DbOrTx, string[]>();
  for (const [id, e] of entries) {
    if (e.until <= Date.now()) { entries.delete(id); continue; }
    byDb.set(e.db, [...(byDb.get(e.db) ?? []), id]);
  }
  for (const [db, ids] of byDb) {
    try {
      const res = await db.execute(sql`select i.id, i.stock_available as "stock", i.per_person_limit as "perPersonLimit", i.price_fen as "priceFen",
          g.status, g.opens_at as "opensAt", g.cutoff_at as "cutoffAt", g.priority_minutes as "priorityMinutes", p.active as "productActive",
          (select count(*)::int from group_buy_items j where j.group_buy_id = i.group_buy_id) as "itemCount"
        from group_buy_items i join group_buys g on g.id = i.group_buy_id join products p on p.id = i.product_id
        where i.id in ${ids}`) as unknown as { rows: ({ id: string; stock: number; itemCount: number } & Parameters<typeof stamp>[0])[] };
      const seen = new Set<string>();
      for (const r of res.rows) {
        seen.add(r.id);
        const e = entries.get(r.id);
        if (!e) continue;
        if (r.stock > 0 || stamp(r) !== stamp(e.facts)) entries.delete(r.id);
        else e.itemCount = r.itemCount;
      }
      for (const id of ids) if (!seen.has(id)) entries.delete(id);
    } catch {
      // A closed or unreachable database: nothing it said can be trusted any more.
      for (const id of ids) entries.delete(id);
    }
  }
  if (entries.size && !timer) timer = setTimeout(refreshSoldOut, soldOutSettings.refreshMs).unref();
}
