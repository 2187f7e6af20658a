/** The events of leaders' payouts (提现). */
declare module '../../platform/events/service.js' {
  interface EventPayloads {
    'payout.requested': { leaderId: string; amountFen: number; needsApproval: boolean };
    'payout.decided': { leaderId: string; amountFen: number; approved: boolean; note: string };
    'payout.completed': { leaderId: string; amountFen: number; status: 'paid' | 'failed'; reason: string };
  }
}

export {};
