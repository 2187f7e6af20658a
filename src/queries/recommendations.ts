import type { Db } from '../platform/db/client.js';
import { listGroupBuys } from '../modules/groupbuy/index.js';
import { productsBoughtBy } from '../modules/orders/index.js';
import { listEndorsements } from '../modules/leaders/index.js';
import { tagsOf } from '../modules/trust/index.js';
import { translate, type Locale } from '../platform/i18n.js';

const BABY = /(辅食|宝宝|婴|儿童)/;

export type ReasonKey = 'rebuy' | 'food_safety' | 'new_mother' | 'leader_trial' | 'popular';

interface Candidate {
  productId: string;
  /** How popular: buyers (or units sold) of this item, compared with the most popular one. */
  buyerCount: number;
  product: { name: string; standards: unknown; category: string };
}

/**
 * Scores one item of an open group buy for a resident from her tags and history. Pure, so it can
 * be tested and explained: every point comes with its reason.
 */
export function scoreCandidate(c: Candidate, ctx: { tags: string[]; bought: Map<string, { times: number }>; endorsedRating: number | null; maxBuyers: number }) {
  const reasons: ReasonKey[] = [];
  let score = 0;
  const standards = Array.isArray(c.product.standards) ? c.product.standards : [];
  if (ctx.bought.has(c.productId)) { score += 3; reasons.push('rebuy'); }
  if (ctx.tags.includes('新手妈妈') && BABY.test(c.product.name)) { score += 3; reasons.push('new_mother'); }
  if (ctx.tags.includes('注重食品安全') && standards.length > 0) { score += 2; reasons.push('food_safety'); }
  if (ctx.tags.includes('信任团长推荐') && (ctx.endorsedRating ?? 0) >= 4) { score += 1.5; reasons.push('leader_trial'); }
  const popularity = ctx.maxBuyers ? c.buyerCount / ctx.maxBuyers : 0;
  score += 0.5 * popularity;
  if (reasons.length === 0 && popularity > 0) reasons.push('popular');
  return { score, reasons };
}

/**
 * Open group buys of her community ranked for her, each with the reason in words. A group buy
 * with several items is scored by the item that suits her best (products she bought before
 * come from her order lines), and shows that item's price and picture.
 */
export async function recommendFor(db: Db, userId: string, communityId: string, locale: Locale, now = new Date()) {
  const [{ items }, tags, bought, endorsements] = await Promise.all([
    listGroupBuys(db, communityId, 'current', 1, 50, now),
    tagsOf(db, [userId], now).then((m) => m.get(userId) ?? []),
    productsBoughtBy(db, userId),
    listEndorsements(db, communityId),
  ]);
  const rating = new Map(endorsements.filter((e) => !e.withdrawnAt).map((e) => [e.productId, e.rating]));
  const open = items.filter((g) => g.status === 'open');
  const maxSold = Math.max(0, ...open.flatMap((g) => g.items.map((i) => i.soldQuantity)));
  return open
    .flatMap((g) => {
      const scored = g.items.map((i) => ({ item: i, ...scoreCandidate({ productId: i.productId, buyerCount: i.soldQuantity, product: i.product }, { tags, bought, endorsedRating: rating.get(i.productId) ?? null, maxBuyers: maxSold }) }));
      const best = scored.sort((a, b) => b.score - a.score || a.item.position - b.item.position)[0];
      if (!best) return [];
      return [{
        groupBuyId: g.id, itemId: best.item.id, title: g.title, productName: best.item.product.name, priceFen: best.item.priceFen,
        imageUrls: best.item.product.imageUrls, score: best.score, reasons: best.reasons.map((r) => translate(locale, `recommend.${r}`)),
      }];
    })
    .sort((a, b) => b.score - a.score);
}
