import type { Tx } from '../platform/db/client.js';
import { membershipOf } from '../modules/community/index.js';
import * as payments from '../modules/payments/index.js';
import * as points from '../modules/points/index.js';

/** A door number as residents write it: spaces, dashes and 号/室 aside, case aside ("3-502" = "3号502室"). */
export function householdKey(doorNumber: string): string {
  return doorNumber.toLowerCase().replace(/[\s\-—–_/#号室栋幢单元楼]/g, '');
}

/**
 * The referral reward (TRUST.md §7), looked at when a newcomer's payment is confirmed: her inviter
 * (memberships.invited_by, recorded when she joined through his ?from= link) earns 'referral'
 * points once her SECOND paid order of at least ¥20 of money is in, unless they are one household
 * (the same door number in the community: the only household link Linli records). The key
 * referral:<community>:<newcomer> pays it once, however many orders follow; a day over the cap
 * ({capped}) leaves it for her next paid order.
 */
export async function rewardReferral(tx: Tx, input: { userId: string; communityId: string; orderId: string; now: Date }) {
  const her = await membershipOf(tx, input.communityId, input.userId);
  if (!her?.invitedBy || her.invitedBy === input.userId) return null;
  const inviter = await membershipOf(tx, input.communityId, her.invitedBy);
  if (!inviter) return null;
  const mine = householdKey(her.doorNumber);
  if (mine && mine === householdKey(inviter.doorNumber)) return null;
  const paid = await payments.paidOrderCount(tx, input.userId, input.communityId, points.REFERRAL.minOrderFen);
  if (paid < points.REFERRAL.orders) return null;
  return points.earnPoints(tx, {
    userId: her.invitedBy, communityId: input.communityId, code: 'referral', refId: `newcomer:${input.userId}`,
    idempotencyKey: `referral:${input.communityId}:${input.userId}`, now: input.now,
  });
}
