import type { components } from '../shared/api-types';

/** Shapes of the quality (batches, inspections, logistics) and make-to-order (purchase orders) APIs. */

export type BatchStatus = 'pending' | 'approved' | 'rejected';
export type LogisticsKind = 'left_farm' | 'temperature' | 'arrived_warehouse' | 'arrived_pickup';
export type PurchaseOrderStatus = 'pending' | 'confirmed' | 'short_confirmed' | 'delivered';

export const BATCH_STATUSES: BatchStatus[] = ['pending', 'approved', 'rejected'];
export const LOGISTICS_KINDS: LogisticsKind[] = ['left_farm', 'temperature', 'arrived_warehouse', 'arrived_pickup'];
export const PO_STATUSES: PurchaseOrderStatus[] = ['pending', 'confirmed', 'short_confirmed', 'delivered'];

type Schemas = components['schemas'];

/** An inspection with its public report. */
export type Inspection = Schemas['BatchSummary']['inspections'][number];
/** GET /api/batches items. */
export type BatchItem = Schemas['BatchSummary'];
export type LogisticsEvent = Schemas['LogisticsEvent'];
/** GET /api/batches/:id */
export type BatchDetail = Schemas['BatchDetail'];

/** GET /api/purchase-orders items. */
export type PurchaseOrderItem = Schemas['PurchaseOrderSummary'];
/** GET /api/purchase-orders/:id */
export type PurchaseOrderDetail = Schemas['PurchaseOrderDetail'];
export type PurchaseOrderLine = PurchaseOrderDetail['lines'][number];

/** GET /api/suppliers/:id/products items. */
export type SupplyProduct = Schemas['Product'];
