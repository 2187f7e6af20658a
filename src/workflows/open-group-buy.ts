import type { Db } from '../platform/db/client.js';
import * as groupbuy from '../modules/groupbuy/index.js';
import { requireFirstLaunchRight } from '../modules/campaigns/index.js';
import { getCommunity } from '../modules/community/index.js';
import { hasFirstLaunchRights } from '../modules/trust/index.js';

/**
 * Campaign first-launch rights: during a campaign's first-launch window only its approved
 * ambassadors open group buys of its enrolled products (in the community's days).
 */
export async function requireCampaignFirstLaunch(db: Db, communityId: string, leaderId: string, productIds: string[], now: Date) {
  const { timeZone } = await getCommunity(db, communityId);
  await requireFirstLaunchRight(db, leaderId, productIds, now, timeZone);
}

/**
 * A leader opens a 团. His trust tier decides whether he may sell products still in their
 * first-launch window, his ambassadorships whether he may sell campaign products in theirs; the
 * group buy module checks everything else.
 */
export async function openGroupBuy(db: Db, communityId: string, leaderId: string, input: groupbuy.OpenGroupBuyInput, now = new Date()) {
  await requireCampaignFirstLaunch(db, communityId, leaderId, (input.items ?? []).map((i) => i.productId), now);
  const firstLaunch = await hasFirstLaunchRights(db, leaderId);
  return groupbuy.openGroupBuy(db, communityId, leaderId, input, now, { firstLaunch });
}
