// One group buy as a resident reads it before buying: its items with what she already holds, and
// for each item the guarantees that would decide a claim on it (generated from the rules in force).
import type { Db } from '../platform/db/client.js';
import type { Locale } from '../platform/i18n.js';
import { requireMember } from '../modules/community/index.js';
import { bundleOffers, getGroupBuyDetail, heldQuantities } from '../modules/groupbuy/index.js';
import { productGuarantees } from '../modules/aftersales/index.js';

/** GET /api/group-buys/:id for a member of its community (others get the membership error). */
export async function residentGroupBuy(db: Db, input: { id: string; user: { id: string; isOperator: boolean }; locale: Locale; now: Date }) {
  const gb = await getGroupBuyDetail(db, input.id, input.now);
  await requireMember(db, gb.communityId, input.user);
  const [held, guarantees, bundles] = await Promise.all([
    heldQuantities(db, gb.id, input.user.id),
    productGuarantees(db, gb.items.map((i) => i.product.category), input.locale),
    bundleOffers(db, { groupBuyIds: [gb.id] }),
  ]);
  return { ...gb, bundles, items: gb.items.map((i) => ({ ...i, myQuantity: held.get(i.id) ?? 0, guarantees: guarantees.get(i.product.category) ?? [] })) };
}
