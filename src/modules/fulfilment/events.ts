import type { handoverMethods } from './schema.js';

/** Lines of one hand-over and who was on each side of it. */
type HandoverParties = { leaderId: string; residentId: string; lineIds: string[] };

/**
 * The events of make-to-order, arrival and hand-over. Trust reads 'handover.disputed'; the leader
 * index reads 'handover.recorded' (method) in SQL; the code lock counts 'pickup.code_failed' (at).
 */
declare module '../../platform/events/service.js' {
  interface EventPayloads {
    'purchase_order.updated': { supplierId: string; deliveryDate: string };
    'purchase_order.confirmed': { status: 'confirmed' | 'short_confirmed'; supplierId: string };
    'delivery.recorded': { groupBuyId: string; itemId: string; ordered: number; delivered: number; refundedLines: number };
    'delivery.received': { groupBuyId: string; itemId: string; delivered: number | null; received: number; refundedLines: number; readyLines: number; groupBuyArrived: boolean };
    'pickup.code_failed': { at: string };
    /** Her rotating code of this time step was verified: it and older ones are used up. */
    'pickup.code_used': { step: number };
    'pickup_pass.created': { expiresAt: string };
    'pickup_pass.revoked': Record<string, never>;
    'handover.recorded': { method: (typeof handoverMethods)[number]; lineIds: string[]; residentId: string; passId?: string | null };
    'handover.confirmed': HandoverParties;
    'handover.auto_confirmed': HandoverParties;
    'handover.disputed': HandoverParties & { claimIds: string[] };
  }
}
