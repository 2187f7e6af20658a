// A refund the leader starts himself after the hand-over, recorded as a claim he granted (团长兜底):
// the claim row (origin 'leader', decided by him), its action, the guarantee fund's ledger
// (he advances, the fund reimburses him) and the refund through the payment's outbox.
import { eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.js';
import { claims, claimActions, type ClaimKind } from './schema.js';
import { conflict } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/service.js';
import { formatYuan } from '../../platform/money.js';
import { payClaimRefund, type Claim } from './service.js';

export interface LeaderRefundClaimInput {
  line: { id: string; orderId: string; communityId: string; userId: string; groupBuyId: string; productId: string; batchId: string | null; quantity: number; refundedQuantity: number; pickedUpAt: Date | null };
  leaderId: string;
  kind: ClaimKind;
  amountFen: number;
  /** His reason as the resident reads it (the chosen reason and his words). */
  description: string;
  note: string;
  now: Date;
}

/**
 * Writes the granted claim and moves the money, in the caller's transaction (which holds the
 * order and the line). One claim per line (TRUST.md §3): a line that has one is refused.
 *
 * Trust, honestly: she did not complain, so no 'claim.filed' and no 'claim.decided' is recorded —
 * her trust score gets no evidence either way and his leader index counts no complaint; the event
 * 'claim.leader_refunded' keeps the fact for the record and the fund report.
 */
export async function grantLeaderRefund(tx: Tx, input: LeaderRefundClaimInput): Promise<Claim> {
  const { line, now } = input;
  const [existing] = await tx.select({ origin: claims.origin }).from(claims).where(eq(claims.lineId, line.id));
  if (existing) throw conflict(existing.origin === 'leader' ? 'leader_refund.already_refunded' : 'leader_refund.line_has_claim');
  const [created] = await tx.insert(claims).values({
    communityId: line.communityId, orderId: line.orderId, lineId: line.id, userId: line.userId, productId: line.productId, groupBuyId: line.groupBuyId,
    batchId: line.batchId, leaderId: input.leaderId, kind: input.kind, quantity: line.quantity - line.refundedQuantity, amountFen: input.amountFen,
    description: input.description, status: 'refunded', facts: {}, origin: 'leader', reasonKey: 'claims.reason.leader_refund',
    reasonParams: { amount: formatYuan(input.amountFen), note: input.note }, pickedUpAt: line.pickedUpAt, firstResponseAt: now, resolvedAt: now,
    resolvedBy: 'leader', refundedFen: input.amountFen, faultParty: 'none', resolutionNote: input.description, createdAt: now, updatedAt: now,
  }).onConflictDoNothing().returning();
  if (!created) throw conflict('leader_refund.already_refunded');
  await tx.insert(claimActions).values({ claimId: created.id, actorId: input.leaderId, actorRole: 'leader', action: 'refund', note: input.description, amountFen: input.amountFen, at: now });
  await payClaimRefund(tx, created, input.amountFen, 'leader', input.leaderId, now, { notice: false });
  await recordEvent(tx, { type: 'claim.leader_refunded', communityId: created.communityId, actorId: input.leaderId, subjectId: created.id, payload: {
    residentId: created.userId, orderId: created.orderId, lineId: created.lineId, productId: created.productId, leaderId: input.leaderId, kind: created.kind, amountFen: input.amountFen,
  } });
  return created;
}
