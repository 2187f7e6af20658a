import type { ClaimKind, ClaimStatus } from './schema.js';

/**
 * The events of claims and the guarantee rules. Trust reads 'claim.decided' / 'claim.reviewed'
 * (residentId, final, reviewed, upheld, fraud, outcome); metrics and the leader index read
 * 'claim.decided' and 'claim.escalated' in SQL — keep these names and shapes.
 */
declare module '../../platform/events/service.js' {
  interface EventPayloads {
    'claim.filed': {
      orderId: string; lineId: string; productId: string; batchId: string | null; leaderId: string | null;
      kind: ClaimKind; quantity: number; amountFen: number; photos: number;
      /** Set on claims filed by disputing a hand-over: that hand-over. */
      disputeOf?: string | null;
    };
    'claim.escalated': {
      leaderId: string | null; productId: string; reason: 'leader' | 'deadline' | 'dispute';
      deadlineAt: string | null; filedAt: string; disputeOf?: string | null;
    };
    'claim.decided': {
      residentId: string; orderId: string; lineId: string; productId: string; batchId: string | null; leaderId: string | null;
      by: 'rule' | 'leader' | 'platform'; status: ClaimStatus; final: boolean; kind: ClaimKind; responseMinutes: number | null;
      disputeOf: string | null; upheld: boolean; reviewed: boolean;
      ruleKey: string | null; ruleVersion: number | null; amountFen: number; refundedFen: number;
      faultParty: string | null; fraud: boolean; filedAt: string; firstResponseAt: string | null; decidedAt: string; escalated: boolean;
    };
    /** The leader refunded a line himself after the hand-over (no complaint: trust and the leader index read nothing here). */
    'claim.leader_refunded': { residentId: string; orderId: string; lineId: string; productId: string; leaderId: string; kind: ClaimKind; amountFen: number };
    'claim.reviewed': { residentId: string; outcome: 'valid' | 'invalid' | 'fraud'; leaderId: string | null };
    'guarantee.rule_published': { key: string; version: number; action: string; active: boolean; campaignId?: string | null };
  }
}
