import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { EARNING_RULES, earnPoints, holdPoints, pointsBalance, postHold, voidHold } from '../points/index.js';

/** The flat points a voter earns in a proposal that reached quorum (the points module's rule). */
export const VOTE_POINTS = EARNING_RULES.vote.amount;

/**
 * What governance asks of the points module, in one place: the proposer's stake (a pending
 * transfer: held at proposing, voided = returned at quorum, posted into the community fund otherwise) and the flat
 * points for voting in a proposal that reached quorum. All in the caller's transaction.
 */
export async function holdStake(tx: Tx, p: { proposalId: string; communityId: string; userId: string; amount: number; now: Date }): Promise<string> {
  const { transferId } = await holdPoints(tx, { userId: p.userId, communityId: p.communityId, amount: p.amount, code: 'stake', to: 'community_fund', refId: p.proposalId, idempotencyKey: `stake:${p.proposalId}`, now: p.now });
  return transferId;
}

export async function returnStake(tx: Tx, holdId: string, proposalId: string, now: Date) {
  await voidHold(tx, { transferId: holdId, idempotencyKey: `stake-return:${proposalId}`, now });
}

export async function keepStake(tx: Tx, holdId: string, proposalId: string, now: Date) {
  await postHold(tx, { transferId: holdId, idempotencyKey: `stake-keep:${proposalId}`, now });
}

/** Pays the flat vote points (the points module applies the code's daily cap). */
export async function payVotePoints(tx: Tx, p: { proposalId: string; communityId: string; userId: string; now: Date }): Promise<number> {
  const r = await earnPoints(tx, { userId: p.userId, communityId: p.communityId, code: 'vote', refId: p.proposalId, idempotencyKey: `vote:${p.proposalId}:${p.userId}`, now: p.now });
  return 'capped' in r ? 0 : r.amount;
}

export async function availablePoints(db: DbOrTx, communityId: string, userId: string): Promise<number> {
  return (await pointsBalance(db, { userId, communityId })).available;
}
