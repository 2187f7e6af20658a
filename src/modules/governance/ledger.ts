import { asc, eq, gt } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import type { LedgerEntry, LedgerSource } from '../../platform/ledger/source.js';
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
export const governanceLedgerSource: LedgerSource = {
  name: 'ballots',
  async entriesAfter(db: DbOrTx, afterSeq: number, limit: number) {
    const rows = await db.select().from(ballots).where(gt(ballots.seq, afterSeq)).orderBy(asc(ballots.seq)).limit(limit);
    return rows.map(ballotEntry);
  },
  async entry(db: DbOrTx, id: string) {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const [b] = await db.select().from(ballots).where(eq(ballots.id, id));
    return b ? ballotEntry(b) : null;
  },
};

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
export const proposalOutcomesLedgerSource: LedgerSource = {
  name: 'proposal_outcomes',
  async entriesAfter(db: DbOrTx, afterSeq: number, limit: number) {
    const rows = await db.select().from(proposalOutcomes).where(gt(proposalOutcomes.seq, afterSeq)).orderBy(asc(proposalOutcomes.seq)).limit(limit);
    const out: LedgerEntry[] = [];
    for (const o of rows) out.push(await outcomeEntry(db, o));
    return out;
  },
  async entry(db: DbOrTx, id: string) {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const [o] = await db.select().from(proposalOutcomes).where(eq(proposalOutcomes.id, id));
    return o ? outcomeEntry(db, o) : null;
  },
};

/** Both governance sources, for the ledger's list. */
export const governanceLedgerSources: LedgerSource[] = [governanceLedgerSource, proposalOutcomesLedgerSource];
