import type { SupplierStatus } from './schema.js';

/** An operator's decision on a supplier: the move it made and why. */
type SupplierDecision = { from: SupplierStatus; to: SupplierStatus; reason: string; reviewId: string };

/** The events of supplier admission and listing. */
declare module '../../platform/events/service.js' {
  interface EventPayloads {
    'supplier.submitted': { from: SupplierStatus; resubmission: boolean };
    'supplier.approved': SupplierDecision;
    'supplier.rejected': SupplierDecision;
    'supplier.info_requested': SupplierDecision;
    /** The products taken off sale with it. */
    'supplier.suspended': SupplierDecision & { productsDeactivated?: string[] };
    'supplier.reinstated': SupplierDecision;
    'product.listed': { supplierId: string };
  }
}
