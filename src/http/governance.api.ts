import { z } from 'zod';
import { instant, itemsOf } from './api-schemas.js';
import { effectKinds, effectStatuses, proposalKinds, votingMethods } from '../modules/governance/index.js';

/** Response shapes of the community proposals routes (社区提案), as the service returns them. */

const phase = z.enum(['review', 'voting', 'counting', 'passed', 'enacted', 'failed']);

const outcome = z.object({
  eligible: z.int(), voters: z.int(), yes: z.int(), no: z.int(), quorumReached: z.boolean(), passed: z.boolean(), quorumNeeded: z.int(),
}).meta({ id: 'ProposalOutcome' });

export const proposalSummary = z.object({
  id: z.uuid(), communityId: z.uuid(), kind: z.enum(proposalKinds), voting: z.enum(votingMethods), title: z.string(),
  /** Masked, as neighbours' names are in lists. */
  proposerName: z.string(),
  phase, nextBoundaryAt: instant.nullable(), createdAt: instant, votingStartsAt: instant, votingEndsAt: instant, effectAt: instant,
  voters: z.int(), outcome: outcome.nullable(),
}).meta({ id: 'ProposalSummary' });

export const proposalList = itemsOf(proposalSummary).meta({ id: 'ProposalList' });

const details = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('product'), productName: z.string(), spec: z.string(), note: z.string() }),
  z.object({ kind: z.literal('rule'), ruleKey: z.string().nullable(), name: z.string(), description: z.string(), condition: z.string(), action: z.string(), priority: z.int() }),
  z.object({ kind: z.literal('fund'), amountPoints: z.int(), recipientId: z.uuid(), recipientName: z.string().optional(), purpose: z.string(), fundBalance: z.int().optional() }),
]);

export const eligibility = z.object({
  eligible: z.boolean(),
  reasons: z.array(z.enum(['not_member', 'trust_low', 'no_recent_order'])),
  trustScore: z.int(), minTrustScore: z.int(), lastPaidAt: instant.nullable(), orderValidUntil: instant.nullable(), paidOrderWithinDays: z.int(),
  stakePoints: z.int(), votePoints: z.int(),
}).meta({ id: 'GovernanceEligibility' });

export const proposalDetail = proposalSummary.extend({
  reason: z.string(), details,
  stakePoints: z.int(), stakeStatus: z.enum(['held', 'returned', 'kept']),
  turnout: z.object({ voters: z.int(), eligible: z.int(), quorumNeeded: z.int(), quorumPercent: z.int() }),
  myBallot: z.object({ choice: z.enum(['yes', 'no']), votes: z.int(), credits: z.int(), castAt: instant, seq: z.int() }).nullable(),
  eligibility: eligibility.nullable(),
  seasonCreditsLeft: z.int().nullable(),
  effect: z.object({ kind: z.enum(effectKinds), status: z.enum(effectStatuses), decidedAt: instant.nullable(), decisionNote: z.string().nullable() }).nullable(),
  mine: z.boolean(),
}).meta({ id: 'ProposalDetail' });

const count = z.object({ voters: z.int(), yes: z.int(), no: z.int() });
export const recount = z.object({
  proposalId: z.uuid(),
  stored: count.extend({ eligible: z.int(), quorumReached: z.boolean(), passed: z.boolean() }).nullable(),
  recount: count.extend({ quorumReached: z.boolean().optional(), passed: z.boolean().optional() }),
  /** null while the vote is open (nothing stored yet). */
  matches: z.boolean().nullable(),
}).meta({ id: 'ProposalRecount' });

export const effect = z.object({
  id: z.uuid(), kind: z.enum(effectKinds), status: z.enum(effectStatuses), createdAt: instant, decidedAt: instant.nullable(), decisionNote: z.string().nullable(),
  proposal: z.object({ id: z.uuid(), title: z.string(), reason: z.string(), communityId: z.uuid(), communityName: z.string(), proposerName: z.string() }),
  vote: z.object({ eligible: z.int(), voters: z.int(), yes: z.int(), no: z.int(), closedAt: instant, outcomeSeq: z.int() }),
  details,
  ruleDraft: z.object({ id: z.uuid(), key: z.string().nullable(), baseVersion: z.int().nullable(), name: z.string(), condition: z.string(), action: z.string(), status: z.string(), attachment: z.record(z.string(), z.unknown()) }).nullable(),
}).meta({ id: 'GovernanceEffect' });

export const effectList = itemsOf(effect).meta({ id: 'GovernanceEffectList' });
