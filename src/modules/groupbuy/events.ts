/** The events about group buys; make-to-order aggregates 'groupbuy.closed'. */
declare module '../../platform/events/service.js' {
  interface EventPayloads {
    'groupbuy.opened': {
      cutoffAt: string;
      items: { itemId: string; productId: string; priceFen: number; stockTotal: number }[];
      /** The first item's facts, as one-product group buys always carried them. */
      productId: string; priceFen: number; stockTotal: number;
    };
    'groupbuy.closed': { reason: 'cutoff' | 'leader'; confirmedOrders: number; confirmedQuantity: number; cancelledUnpaid: number; stockLeft: number };
    /** Stock was added to an item (by the leader, or returned by a cancellation): residents waiting for it are told. */
    'groupbuy.item_restocked': { itemId: string; addedQuantity: number; stockAvailable: number };
    'groupbuy.item_arrived': { itemId: string };
    'groupbuy.bundle_offered': { offerId: string; campaignBundleId: string; priceFen: number };
    'groupbuy.arrived': { via: 'receipt'; lastItemId: string };
  }
}

export {};
