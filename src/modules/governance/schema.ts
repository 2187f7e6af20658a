import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, integer, timestamp, jsonb, index, uniqueIndex, check, bigserial, boolean } from 'drizzle-orm/pg-core';

export const proposalKinds = ['product', 'rule', 'fund'] as const;
export type ProposalKind = (typeof proposalKinds)[number];
/** One member one vote; quadratic (votes² voice credits from a seasonal budget) for priorities. */
export const votingMethods = ['one_member', 'quadratic'] as const;
export type VotingMethod = (typeof votingMethods)[number];
/** review (24 h) → voting (5 days) → passed (48 h before the effect) → enacted, or failed. */
export const proposalPhases = ['review', 'voting', 'passed', 'enacted', 'failed'] as const;
export type ProposalPhase = (typeof proposalPhases)[number];
export const ballotChoices = ['yes', 'no'] as const;
export const effectKinds = ['product_request', 'rule_draft', 'fund_transfer'] as const;
export const effectStatuses = ['awaiting', 'approved', 'declined'] as const;

/** What each kind of proposal asks for (kept as proposed; the effect is made from it). */
export type ProposalDetails =
  | { kind: 'product'; productName: string; spec: string; note: string }
  | { kind: 'rule'; ruleKey: string | null; name: string; description: string; condition: string; action: string; priority: number }
  | { kind: 'fund'; amountPoints: number; recipientId: string; purpose: string };

/**
 * A community proposal (社区提案). Its times are fixed when it is made, so every phase boundary is
 * known in advance; the scheduled job moves `phase` at each boundary.
 */
export const proposals = pgTable('proposals', {
  id: uuid('id').primaryKey().defaultRandom(),
  communityId: uuid('community_id').notNull(),
  proposerId: uuid('proposer_id').notNull(),
  kind: text('kind', { enum: proposalKinds }).notNull(),
  voting: text('voting', { enum: votingMethods }).notNull().default('one_member'),
  title: text('title').notNull(),
  reason: text('reason').notNull(),
  details: jsonb('details').$type<ProposalDetails>().notNull(),
  phase: text('phase', { enum: proposalPhases }).notNull().default('review'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  votingStartsAt: timestamp('voting_starts_at', { withTimezone: true }).notNull(),
  votingEndsAt: timestamp('voting_ends_at', { withTimezone: true }).notNull(),
  effectAt: timestamp('effect_at', { withTimezone: true }).notNull(),
  /** The proposer's stake: held at proposing, returned at quorum, kept by the community fund otherwise. */
  stakePoints: integer('stake_points').notNull(),
  stakeHoldId: text('stake_hold_id'),
  stakeStatus: text('stake_status', { enum: ['held', 'returned', 'kept'] }).notNull().default('held'),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  enactedAt: timestamp('enacted_at', { withTimezone: true }),
}, (t) => [
  index('proposals_community_idx').on(t.communityId, t.createdAt),
  index('proposals_open_idx').on(t.phase, t.votingStartsAt).where(sql`phase in ('review', 'voting', 'passed')`),
  check('proposals_times_ordered', sql`${t.createdAt} < ${t.votingStartsAt} and ${t.votingStartsAt} < ${t.votingEndsAt} and ${t.votingEndsAt} < ${t.effectAt}`),
  check('proposals_stake_positive', sql`${t.stakePoints} >= 0`),
]);

/**
 * One ballot: an append-only entry of the community ledger (a trigger refuses UPDATE and DELETE).
 * One per member and one per household in each proposal, by unique indexes.
 */
export const ballots = pgTable('ballots', {
  id: uuid('id').primaryKey().defaultRandom(),
  seq: bigserial('seq', { mode: 'number' }).notNull(),
  proposalId: uuid('proposal_id').notNull().references(() => proposals.id),
  communityId: uuid('community_id').notNull(),
  userId: uuid('user_id').notNull(),
  /** Who counts as one household (see eligibility.ts householdKey). */
  householdKey: text('household_key').notNull(),
  choice: text('choice', { enum: ballotChoices }).notNull(),
  /** 1 for one-member-one-vote; n for quadratic, costing n² voice credits of `season`. */
  votes: integer('votes').notNull().default(1),
  credits: integer('credits').notNull().default(1),
  season: text('season'),
  /** Her trust score when she voted (the eligibility the ballot was accepted on). */
  trustScore: integer('trust_score').notNull(),
  castAt: timestamp('cast_at', { withTimezone: true }).notNull(),
}, (t) => [
  uniqueIndex('ballots_seq_key').on(t.seq),
  uniqueIndex('ballots_one_per_member').on(t.proposalId, t.userId),
  uniqueIndex('ballots_one_per_household').on(t.proposalId, t.householdKey),
  index('ballots_season_idx').on(t.communityId, t.userId, t.season),
  check('ballots_votes_positive', sql`${t.votes} >= 1 and ${t.credits} = ${t.votes} * ${t.votes}`),
]);

/** A proposal's result when its vote closed: an append-only entry, recountable from the ballots. */
export const proposalOutcomes = pgTable('proposal_outcomes', {
  id: uuid('id').primaryKey().defaultRandom(),
  seq: bigserial('seq', { mode: 'number' }).notNull(),
  proposalId: uuid('proposal_id').notNull().references(() => proposals.id),
  communityId: uuid('community_id').notNull(),
  /** Households eligible when the vote closed (the quorum's denominator). */
  eligible: integer('eligible').notNull(),
  voters: integer('voters').notNull(),
  yes: integer('yes').notNull(),
  no: integer('no').notNull(),
  quorumReached: boolean('quorum_reached').notNull(),
  passed: boolean('passed').notNull(),
  closedAt: timestamp('closed_at', { withTimezone: true }).notNull(),
}, (t) => [
  uniqueIndex('proposal_outcomes_seq_key').on(t.seq),
  uniqueIndex('proposal_outcomes_proposal_key').on(t.proposalId),
]);

/** What a passed proposal asks of the operator, waiting for approve / decline in the console. */
export const governanceEffects = pgTable('governance_effects', {
  id: uuid('id').primaryKey().defaultRandom(),
  proposalId: uuid('proposal_id').notNull().references(() => proposals.id),
  communityId: uuid('community_id').notNull(),
  kind: text('kind', { enum: effectKinds }).notNull(),
  status: text('status', { enum: effectStatuses }).notNull().default('awaiting'),
  /** The rule draft (aftersales) a rule proposal produced. */
  ruleDraftId: uuid('rule_draft_id'),
  /** The points transfer an approved fund proposal made. */
  transferRef: text('transfer_ref'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  decidedBy: uuid('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  decisionNote: text('decision_note'),
}, (t) => [
  uniqueIndex('governance_effects_proposal_key').on(t.proposalId),
  index('governance_effects_status_idx').on(t.status, t.createdAt),
]);
