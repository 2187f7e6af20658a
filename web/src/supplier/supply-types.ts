/** Shapes of the quality (batches, inspections, logistics) and make-to-order (purchase orders) APIs. */

export type BatchStatus = 'pending' | 'approved' | 'rejected';
export type LogisticsKind = 'left_farm' | 'temperature' | 'arrived_warehouse' | 'arrived_pickup';
export type PurchaseOrderStatus = 'pending' | 'confirmed' | 'short_confirmed' | 'delivered';

export const BATCH_STATUSES: BatchStatus[] = ['pending', 'approved', 'rejected'];
export const LOGISTICS_KINDS: LogisticsKind[] = ['left_farm', 'temperature', 'arrived_warehouse', 'arrived_pickup'];
export const PO_STATUSES: PurchaseOrderStatus[] = ['pending', 'confirmed', 'short_confirmed', 'delivered'];

export interface Inspection {
  id: string; batchId: string; lab: string; inspectedAt: string; result: 'pass' | 'fail'; summary: string;
  reportFileId: string; reportUrl: string; createdAt: string;
}

/** GET /api/batches items. */
export interface BatchItem {
  id: string; code: string; productId: string; supplierId: string; producedAt: string; quantity: number; sourcePlace: string;
  status: BatchStatus; reviewNote: string; reviewedAt: string | null; createdAt: string;
  productName: string; supplierName: string | null;
  inspections: Inspection[];
}

export interface LogisticsEvent {
  id: string; batchId: string; kind: LogisticsKind; occurredAt: string; place: string; temperatureC: number | null;
  communityId: string | null; note: string; recordedBy: string; createdAt: string;
}

/** GET /api/batches/:id */
export type BatchDetail = BatchItem & { logistics: LogisticsEvent[] };

/** GET /api/purchase-orders items. */
export interface PurchaseOrderItem {
  id: string; supplierId: string; supplierName: string; deliveryDate: string; status: PurchaseOrderStatus;
  lineCount: number; quantityOrdered: number; confirmedAt: string | null; createdAt: string;
}

export interface PurchaseOrderLine {
  id: string; purchaseOrderId: string; communityId: string; groupBuyId: string; productId: string; batchId: string | null;
  quantityOrdered: number; quantityConfirmed: number | null; quantityDelivered: number | null; deliveredAt: string | null;
  communityName: string; pickupPoint: string; productName: string; batchCode: string | null;
}

/** GET /api/purchase-orders/:id */
export interface PurchaseOrderDetail {
  id: string; supplierId: string; deliveryDate: string; status: PurchaseOrderStatus; confirmedAt: string | null;
  confirmedBy: string | null; createdAt: string; lines: PurchaseOrderLine[];
}

/** GET /api/group-buys/:id/orders (operators and the community's leader). */
export interface GroupBuyOrder {
  id: string; quantity: number; totalFen: number; status: string; createdAt: string; paidAt: string | null;
  pickedUpAt: string | null; residentName: string; phoneMasked: string;
}

/** GET /api/suppliers/:id/products items (only what these pages use). */
export interface SupplyProduct {
  id: string; name: string; spec: string; unit: string; origin: string; active: boolean;
}
