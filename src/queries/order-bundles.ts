// The bundles an order's lines belong to, so her order page can group a bundle's part lines under
// its name (「宝宝的第一口辅食 × 1」) — the lines themselves only carry bundleOfferId.
import type { Db } from '../platform/db/client.js';
import { bundleOffers } from '../modules/groupbuy/index.js';

export async function withBundles<O extends { lines: { bundleOfferId?: string | null }[] }>(db: Db, order: O) {
  const ids = [...new Set(order.lines.map((l) => l.bundleOfferId).filter((x): x is string => !!x))];
  const offers = await bundleOffers(db, { offerIds: ids });
  return {
    ...order,
    bundles: offers.map((o) => ({ offerId: o.offerId, nameZh: o.nameZh, nameEn: o.nameEn, priceFen: o.priceFen, parts: o.parts.map((p) => ({ itemId: p.itemId, units: p.units })) })),
  };
}
