/** One basket line as the order events carry it. */
export interface OrderEventLine { lineId: string; groupBuyId: string; itemId: string; quantity: number; totalFen: number }

/**
 * The events about orders and their lines. Trust reads 'order.picked_up' / 'order.not_collected'
 * (residentId, orderId, handoverId, groupBuyId, totalFen); the leader index reads 'order.paid' in SQL.
 */
declare module '../../platform/events/service.js' {
  interface EventPayloads {
    'order.placed': { totalFen: number; lines: OrderEventLine[] };
    'order.cancelled': { reason: 'resident' | 'leader' | 'payment_timeout' | 'cutoff_unpaid'; wasPaid: boolean; whole: boolean; quantity: number; totalFen: number; lines: OrderEventLine[] };
    'order.paid': {
      totalFen: number; quantity: number;
      /** The first line's group buy, as one-product orders always carried it. */
      groupBuyId: string | undefined;
      lines: (OrderEventLine & { groupNumber: number | null })[];
    };
    /** Per line handed over (subject: the line). */
    'order.picked_up': { orderId: string; groupBuyId: string; itemId: string; residentId: string; quantity: number; totalFen: number; handoverId: string };
    /** Per line left uncollected (subject: the line). */
    'order.not_collected': { orderId: string; groupBuyId: string; itemId: string; residentId: string; quantity: number; totalFen: number; leaderId: string };
    /** Per line refunded for units that never arrived (subject: the line). */
    'order.short_refunded': { orderId: string; groupBuyId: string; itemId: string; units: number; amountFen: number };
  }
}
