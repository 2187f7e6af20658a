import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.js';
import { claims, claimActions } from './schema.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { recordEvents } from '../../platform/events/service.js';
import * as orderFacts from '../orders/index.js';
import * as community from '../community/index.js';
import { notify } from '../notifications/index.js';

type ClaimRow = typeof claims.$inferSelect;

export interface DisputeInput {
  /** The resident who says she did not receive what was recorded as handed over. */
  userId: string;
  communityId: string;
  /** Lines of the disputed hand-over (hers, in this community). */
  lineIds: string[];
  /** Her words; kept on every claim. */
  reason: string;
  now: Date;
}

const OPEN = ['needs_more', 'leader_review'] as const;

/** The hand-over a claim's facts name (jsonb, so checked rather than assumed). */
const handoverOf = (c: { facts: Record<string, unknown> }): string | null => (typeof c.facts.handoverId === 'string' ? c.facts.handoverId : null);

/**
 * A resident disputes a hand-over her leader recorded without her code: one claim per line,
 * kind 'missing', straight to the platform — the leader is the party in question, so he must
 * not decide it (leaderDecide only answers claims in leader_review). Her reason is kept on each
 * claim. A line that has a claim already keeps it: an open one moves to the platform with her
 * reason, a decided one stays decided. Runs in the caller's transaction (the hand-over workflow,
 * after its order-line locks: claims come last). Returns the claim ids, one per line in order
 * (a line already wholly refunded has nothing left to claim and gets none).
 */
export async function openDisputeClaims(tx: Tx, input: DisputeInput): Promise<string[]> {
  const reason = input.reason.trim();
  if (reason.length < 2 || reason.length > 500) throw badRequest('claim.description_length', { min: 2, max: 500 });
  const lineIds = [...new Set(input.lineIds)];
  if (lineIds.length === 0) throw badRequest('claim.dispute_empty');
  const { now } = input;
  const lines = [];
  for (const id of lineIds) {
    const line = await orderFacts.getLineSummary(tx, id).catch(() => null);
    // Another resident's line, or one from another community, looks like no line at all.
    if (!line || line.userId !== input.userId || line.communityId !== input.communityId) throw notFound('order.not_found');
    lines.push(line);
  }
  // The party in question: the leader who recorded the hand-over (else a leader who is not her).
  const handoverIds = [...new Set(lines.map((l) => l.handoverId).filter((x): x is string => !!x))];
  const recordedBy = new Map<string, string>();
  if (handoverIds.length) {
    const res = (await tx.execute(sql`select id, leader_id from handovers where id in ${handoverIds}`)) as unknown as { rows: { id: string; leader_id: string }[] };
    for (const r of res.rows) recordedBy.set(r.id, r.leader_id);
  }
  const fallbackLeader = (await community.leadersOf(tx, input.communityId)).find((l) => l.userId !== input.userId)?.userId ?? null;

  const existing = await tx.select().from(claims).where(inArray(claims.lineId, lineIds)).for('update');
  const byLine = new Map(existing.map((c) => [c.lineId, c]));
  const ids: string[] = [];
  const filed: ClaimRow[] = [];
  const moved: ClaimRow[] = [];
  for (const line of lines) {
    const leaderId = (line.handoverId && recordedBy.get(line.handoverId)) || fallbackLeader;
    const facts = { dispute: true, handoverId: line.handoverId };
    const before = byLine.get(line.id);
    if (before) {
      ids.push(before.id);
      if ((OPEN as readonly string[]).includes(before.status)) {
        const [c] = await tx.update(claims).set({
          status: 'platform_review', escalatedAt: now, updatedAt: now, deadlineAt: null, leaderId, facts: { ...before.facts, ...facts },
          reasonKey: 'claims.reason.handover_disputed', reasonParams: { note: reason },
        }).where(and(eq(claims.id, before.id), inArray(claims.status, [...OPEN]))).returning();
        if (c) moved.push(c);
      }
      continue;
    }
    const units = line.quantity - line.refundedQuantity;
    if (units < 1) continue;
    const [c] = await tx.insert(claims).values({
      communityId: line.communityId, orderId: line.orderId, lineId: line.id, userId: input.userId, productId: line.productId,
      groupBuyId: line.groupBuyId, batchId: line.batchId, leaderId, kind: 'missing', quantity: units,
      amountFen: Math.min(units * line.unitPriceFen, line.totalFen), description: reason, status: 'platform_review',
      facts, reasonKey: 'claims.reason.handover_disputed', reasonParams: { note: reason },
      pickedUpAt: line.pickedUpAt, escalatedAt: now, createdAt: now, updatedAt: now,
    }).returning();
    ids.push(c.id);
    filed.push(c);
  }
  if (filed.length) {
    await tx.insert(claimActions).values(filed.flatMap((c) => [
      { claimId: c.id, actorId: input.userId, actorRole: 'resident' as const, action: 'filed', note: reason, amountFen: c.amountFen, at: now },
      { claimId: c.id, actorId: null, actorRole: 'system' as const, action: 'decided:platform_review', note: 'handover_disputed', amountFen: null, at: now },
    ]));
  }
  if (moved.length) {
    await tx.insert(claimActions).values(moved.map((c) => ({ claimId: c.id, actorId: input.userId, actorRole: 'resident' as const, action: 'escalated', note: reason, amountFen: null, at: now })));
  }
  // Events as for other claims: filed, then sent to the platform (reason 'dispute', which is not
  // a missed deadline: the leader's complaint and response figures are not touched by it).
  await recordEvents(tx, [
    ...filed.map((c) => ({
      type: 'claim.filed' as const, communityId: c.communityId, actorId: input.userId, subjectId: c.id,
      payload: { orderId: c.orderId, lineId: c.lineId, productId: c.productId, batchId: c.batchId, leaderId: c.leaderId, kind: c.kind, quantity: c.quantity, amountFen: c.amountFen, photos: 0, disputeOf: handoverOf(c) },
    })),
    ...[...filed, ...moved].map((c) => ({
      type: 'claim.escalated' as const, communityId: c.communityId, actorId: input.userId, subjectId: c.id,
      payload: { leaderId: c.leaderId, productId: c.productId, reason: 'dispute' as const, deadlineAt: null, filedAt: c.createdAt.toISOString(), disputeOf: handoverOf(c) },
    })),
  ]);
  const first = filed[0] ?? moved[0];
  if (first) await notify(tx, [{ userId: input.userId, communityId: input.communityId, kind: 'claim_update', params: { status: 'escalated' }, link: `/claims/${first.id}` }]);
  return ids;
}
