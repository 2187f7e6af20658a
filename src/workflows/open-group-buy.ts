import type { Db } from '../platform/db/client.js';
import * as groupbuy from '../modules/groupbuy/index.js';
import { hasFirstLaunchRights } from '../modules/trust/index.js';

/**
 * A leader opens a 团. His trust tier decides whether he may sell products still in their
 * first-launch window; the group buy module checks everything else.
 */
export async function openGroupBuy(db: Db, communityId: string, leaderId: string, input: groupbuy.OpenGroupBuyInput, now = new Date()) {
  const firstLaunch = await hasFirstLaunchRights(db, leaderId);
  return groupbuy.openGroupBuy(db, communityId, leaderId, input, now, { firstLaunch });
}
