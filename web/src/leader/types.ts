import type { LineStatus } from '../shared/types';

/* Leader-side answers of the issue #10 contract (notes/context.md). */

/** A line of one order in GET /api/group-buys/:id/orders. */
export interface LeaderOrderLine {
  lineId: string; productName: string; quantity: number; refundedQuantity: number; totalFen: number; status: LineStatus;
  itemId?: string;
}
/** One paid basket order as the leader sees it: 跟团号, masked name, 备注, current lines. */
export interface LeaderOrder {
  orderId: string; groupNumber: number | null; residentName: string; note: string;
  lines: LeaderOrderLine[]; totalFen: number; paidAt: string | null;
}

/** GET /api/group-buys/:id/roll-call: the 接龙 of real orders, masked names. */
export interface RollCall {
  text: string;
  entries: { number: number; name: string; items: { name: string; quantity: number }[] }[];
}

export interface ShareKit { text: string; url: string; qrDataUrl: string }
export interface InviteKit { url: string; inviteCode: string; qrDataUrl: string }

/** A ready line shown at the hand-over. */
export interface HandoverLine {
  lineId: string; orderId?: string; groupNumber: number | null; groupBuyId?: string; title?: string;
  productName: string; spec?: string; unit?: string; quantity: number; status?: LineStatus;
}

/** POST /api/communities/:id/pickups/lookup */
export interface PickupLookup {
  via: 'code' | 'pass';
  resident: { name: string };
  /** The household the goods belong to when a 代取 pass was used. */
  collectedFor: string | null;
  collector: string | null;
  lines: HandoverLine[];
}

/** POST /api/communities/:id/pickups/verify */
export interface PickupDone {
  handoverId: string; via: 'code' | 'pass'; resident: { name: string }; collectedFor: string | null;
  collector?: string | null; lines: HandoverLine[];
}

export interface PendingHousehold {
  residentKey: string; name: string; groupNumbers: number[]; lines: (HandoverLine & { pickupStartAt?: string })[];
  /** False while none of her lines' pickup windows has started: no hand-over yet. */
  windowStarted?: boolean;
}

/** GET /api/communities/:id/pickups/pending */
export interface PendingPickups {
  households: PendingHousehold[];
  /** Lines (or households) past the pickup window and its grace days. */
  notCollected: (HandoverLine & { name?: string; residentName?: string; lines?: HandoverLine[] })[];
  pickedUpLast24h: number;
  reminderText: string;
}

/** A delivered purchase-order line for his pickup point (GET /api/communities/:id/deliveries). */
export interface DeliveryLine {
  id: string; purchaseOrderId?: string; groupBuyId: string; itemId?: string; title?: string;
  productName: string; spec?: string; unit?: string; batchCode?: string | null; deliveryDate?: string | null;
  supplierName?: string | null;
  quantityOrdered: number; quantityConfirmed?: number | null; quantityDelivered: number | null; deliveredAt: string | null;
  quantityReceived: number | null; receivedAt: string | null;
}

/** One bag label: 跟团号, masked name, items. Never a code. */
export interface BagLabel {
  name: string; groupNumbers: number[]; title?: string;
  items: { groupNumber?: number | null; title?: string; productName: string; spec?: string; unit?: string; quantity: number }[];
}
export interface LabelSheet {
  date: string;
  community?: { id?: string; name: string; pickupPointName: string; pickupPointAddress?: string };
  labels: BagLabel[];
}

/** GET /api/communities/:id/pick-list?date= (跟团号 instead of codes). */
export interface PickListRow {
  name: string; groupNumbers: number[]; pickedUp: boolean;
  items: { groupNumber?: number | null; productName: string; spec: string; unit: string; quantity: number; batchCode: string | null; pickedUp?: boolean }[];
}
export interface PickList {
  date: string;
  community: { id: string; name: string; pickupPointName: string; pickupPointAddress: string };
  residents: PickListRow[];
  totals: { productName: string; spec: string; unit: string; quantity: number; batchCode: string | null }[];
}
