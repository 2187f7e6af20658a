import type { ProposalKind, VotingMethod } from './schema.js';

/** The events the governance module records (subject: the proposal). */
declare module '../../platform/events/service.js' {
  interface EventPayloads {
    'proposal.created': { kind: ProposalKind; voting: VotingMethod; votingStartsAt: string; votingEndsAt: string; stakePoints: number };
    'proposal.ballot_cast': { ballotId: string; seq: number };
    'proposal.voting_opened': { votingEndsAt: string };
    'proposal.closed': { eligible: number; voters: number; yes: number; no: number; quorumReached: boolean; passed: boolean; stake: 'returned' | 'kept' };
    'proposal.enacted': { effectId: string; effect: 'product_request' | 'rule_draft' | 'fund_transfer' };
    'proposal.effect_decided': { effectId: string; decision: 'approved' | 'declined' };
  }
}
