/** The events about money: payments held, refunded, settled to the leader, refunds paid out. */
declare module '../../platform/events/service.js' {
  interface EventPayloads {
    'payment.succeeded': { orderId: string; amountFen: number; provider: string };
    'payment.refunded': { orderId: string; amountFen: number; reason: string; refundKey: string; /** The order value refunded; above amountFen when points paid part of the order. */ valueFen?: number };
    'payment.settled': { orderId: string; amountFen: number; valueFen?: number; leaderId: string | null; leaderCommissionFen: number; reason: 'handed_over' | 'confirmed' | 'auto_confirmed' | 'not_collected'; settleKey: string };
    'refund.paid': { orderId: string; userId: string; amountFen: number; reason: string; refundKey: string };
  }
}

export {};
