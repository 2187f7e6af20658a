import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { tableLedgerSource, type LedgerEntry, type LedgerSource } from '../../platform/ledger/source.js';
import { ballots, proposalOutcomes, proposals } from './schema.js';

type Ballot = typeof ballots.$inferSelect;
type Outcome = typeof proposalOutcomes.$inferSelect;

/** A ballot as a ledger entry: what was voted, by whom, in which household (a digest, no door number). */
function ballotEntry(b: Ballot): LedgerEntry {
  return {
    source: 'ballots', id: b.id, seq: b.seq, communityId: b.communityId, ownerUserIds: [b.userId],
    body: {
      proposalId: b.proposalId, communityId: b.communityId, userId: b.userId, household: b.householdKey, choice: b.choice,
      votes: b.votes, credits: b.credits, season: b.season, trustScore: b.trustScore, castAt: b.castAt.toISOString(),
    },
  };
}

/** The ballots of the community ledger (append-only: a trigger refuses UPDATE and DELETE). */
export const governanceLedgerSource: LedgerSource = tableLedgerSource({ name: 'ballots', table: ballots, toEntry: ballotEntry });

async function outcomeEntry(db: DbOrTx, o: Outcome): Promise<LedgerEntry> {
  const [p] = await db.select({ proposerId: proposals.proposerId }).from(proposals).where(eq(proposals.id, o.proposalId));
  const voters = await db.select({ userId: ballots.userId }).from(ballots).where(eq(ballots.proposalId, o.proposalId)).orderBy(asc(ballots.seq));
  return {
    source: 'proposal_outcomes', id: o.id, seq: o.seq, communityId: o.communityId,
    // The proposer and every voter may take a receipt of the result they can recount.
    ownerUserIds: [...new Set([p.proposerId, ...voters.map((v) => v.userId)])],
    body: {
      proposalId: o.proposalId, communityId: o.communityId, eligible: o.eligible, voters: o.voters, yes: o.yes, no: o.no,
      quorumReached: o.quorumReached, passed: o.passed, closedAt: o.closedAt.toISOString(),
    },
  };
}

/** Proposal outcomes (append-only): each closed vote's result, recountable from the ballot entries. */
export const proposalOutcomesLedgerSource: LedgerSource = tableLedgerSource({ name: 'proposal_outcomes', table: proposalOutcomes, toEntry: (o, db) => outcomeEntry(db, o) });

/** Both governance sources, for the ledger's list. */
export const governanceLedgerSources: LedgerSource[] = [governanceLedgerSource, proposalOutcomesLedgerSource];
