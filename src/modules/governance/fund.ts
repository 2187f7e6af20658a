import type { DbOrTx, Tx } from '../../platform/db/client.js';

/**
 * The community fund (社区基金): PENDING the points module's answer — see docs/governance.md.
 */
export async function fundBalance(_db: DbOrTx, _communityId: string): Promise<number> {
  throw new Error('community fund not wired yet');
}

export async function grantFromFund(_tx: Tx, _p: { communityId: string; userId: string; amount: number; proposalId: string; now: Date }): Promise<string> {
  throw new Error('community fund not wired yet');
}
