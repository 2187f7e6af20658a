import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { fundBalance as communityFundBalance, grantFromFund as grant } from '../points/index.js';

/**
 * The community fund (社区基金) is the community's `community_fund` points account: proposals'
 * stakes that did not reach quorum are posted into it, and a passed "spend the community fund"
 * proposal, approved by an operator, pays from it to the leader named in the proposal.
 */
export async function fundBalance(db: DbOrTx, communityId: string): Promise<number> {
  return (await communityFundBalance(db, communityId)).available;
}

export async function grantFromFund(tx: Tx, p: { communityId: string; userId: string; amount: number; proposalId: string; now: Date }): Promise<string> {
  const { transferId } = await grant(tx, { communityId: p.communityId, userId: p.userId, amount: p.amount, code: 'fund_grant', refId: p.proposalId, idempotencyKey: `fund-grant:${p.proposalId}`, now: p.now });
  return transferId;
}
