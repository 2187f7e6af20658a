/** The governance module's public API (社区提案): proposals, ballots, outcomes and their effects. */
import './events.js'; // its event payloads, added to the platform's map
export { ballotChoices, effectKinds, effectStatuses, proposalKinds, proposalPhases, votingMethods } from './schema.js';
export type { ProposalDetails, ProposalKind, ProposalPhase, VotingMethod } from './schema.js';
export { GOVERNANCE, decideEligibility, decideOutcome, eligibilityOf, eligibleHouseholds, householdKey, quorumNeeded, seasonOf } from './eligibility.js';
export type { Eligibility, IneligibleReason } from './eligibility.js';
export { advanceProposals, awaitingEffects, castBallot, createProposal, decideEffect, effectsQueue, householdDigest, listProposals, myEligibility, proposalDetail, recount, tally } from './service.js';
export type { Proposal, ProposalInput } from './service.js';
export { governanceLedgerSource, governanceLedgerSources, proposalOutcomesLedgerSource } from './ledger.js';
