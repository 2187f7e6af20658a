/** The shapes of placing an order, shared by the one-order path (service.ts) and the rush engine (rush.service.ts). */
export interface BasketLineInput { itemId: string; quantity: number }
/** A bundle in her basket: `quantity` bundles of the offer, one line she sees, one order line per part. */
export interface BundleLineInput { offerId: string; quantity: number }
export interface PlaceOrderInput {
  userId: string;
  communityId: string;
  lines: BasketLineInput[];
  note?: string;
  idempotencyKey: string;
  /** Bundles bought in this order (their parts' items are among the items placed against). */
  bundles?: BundleLineInput[];
  /** Where she gets it (checked by the caller against the community's points and delivery offer). */
  fulfilment?: { fulfilment: 'pickup' | 'delivery'; pickupPointId: string; deliveryArea: string | null; deliveryAddress: string | null; deliverySlot: string | null; deliveryFeeFen: number };
}
export type ShortReason = 'sold_out' | 'over_limit' | 'closed' | 'not_open' | 'inactive';
export interface ShortLine { itemId: string; title: string; productName: string; requested: number; available: number; reason: ShortReason }
