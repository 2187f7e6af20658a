// Where each order's goods are handed over, as a notice says it: the order's pickup point, or her
// door for a delivery (area, 门牌, slot). Reads only; used inside the callers' transactions.
import type { DbOrTx } from '../platform/db/client.js';
import { firstPickupPoint, pickupPointsByIds } from '../modules/community/index.js';
import { fulfilmentOfOrders } from '../modules/orders/index.js';

export async function placesOfOrders(db: DbOrTx, orderIds: string[]): Promise<Map<string, string>> {
  const byOrder = await fulfilmentOfOrders(db, orderIds);
  const points = await pickupPointsByIds(db, [...byOrder.values()].map((o) => o.pickupPointId).filter((x): x is string => !!x));
  const out = new Map<string, string>();
  for (const o of byOrder.values()) {
    if (o.fulfilment === 'delivery') out.set(o.id, `${o.deliveryArea ?? ''} ${o.deliveryAddress ?? ''} ${o.deliverySlot ?? ''}`.trim());
    else out.set(o.id, (o.pickupPointId ? points.get(o.pickupPointId) : await firstPickupPoint(db, o.communityId))?.name ?? '');
  }
  return out;
}
