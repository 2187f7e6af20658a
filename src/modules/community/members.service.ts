import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { memberNotes, memberships } from './schema.js';
import { getCommunity, membershipOf, requireLeader } from './service.js';
import { checkDisplayName, checkDoorNumber, MEMBER_LIMITS } from './member-rules.js';

/** Her own membership as she sees it on her profile in that community. */
export async function myMembership(db: DbOrTx, communityId: string, userId: string) {
  const m = await membershipOf(db, communityId, userId);
  if (!m) {
    await getCommunity(db, communityId);
    throw notFound('member.not_found');
  }
  return { communityId, displayName: m.displayName, doorNumber: m.doorNumber, role: m.role, joinedAt: m.joinedAt };
}

/**
 * She changes her name here and her 门牌; a field left out stays as it is. A 门牌 that differs
 * from the one stored records when it changed (each change, a change back too): a vote counts
 * households by 门牌, and a member whose 门牌 changed after a proposal was made cannot vote on it.
 */
export async function updateMyMembership(db: Db, communityId: string, userId: string, input: { displayName?: string; doorNumber?: string | null }, now: Date = new Date()) {
  const set: { displayName?: string; doorNumber?: string; doorNumberChangedAt?: Date } = {};
  if (input.displayName !== undefined) set.displayName = checkDisplayName(input.displayName);
  if (input.doorNumber !== undefined) set.doorNumber = checkDoorNumber(input.doorNumber);
  const current = await myMembership(db, communityId, userId);
  if (set.doorNumber !== undefined && set.doorNumber !== current.doorNumber) set.doorNumberChangedAt = now;
  if (Object.keys(set).length) {
    await db.update(memberships).set(set).where(and(eq(memberships.communityId, communityId), eq(memberships.userId, userId)));
  }
  return myMembership(db, communityId, userId);
}

/**
 * A leader writes (or, with an empty text, clears) his private note about a member of his
 * community. A user who is not a member here is "not found": the note cannot reach beyond it.
 */
export async function setMemberNote(db: Db, actor: { id: string; isOperator: boolean }, communityId: string, userId: string, rawNote: string) {
  if (!actor.isOperator) await requireLeader(db, communityId, actor.id);
  else await getCommunity(db, communityId);
  const note = rawNote.trim();
  if (Array.from(note).length > MEMBER_LIMITS.noteMax) throw badRequest('member.note_length');
  if (!(await membershipOf(db, communityId, userId))) throw notFound('member.not_found');
  if (!note) {
    await db.delete(memberNotes).where(and(eq(memberNotes.communityId, communityId), eq(memberNotes.userId, userId)));
    return { userId, note: '', updatedAt: null };
  }
  const [row] = await db.insert(memberNotes).values({ communityId, userId, note, updatedBy: actor.id })
    .onConflictDoUpdate({ target: [memberNotes.communityId, memberNotes.userId], set: { note, updatedBy: actor.id, updatedAt: sql`now()` } })
    .returning();
  return { userId, note: row.note, updatedAt: row.updatedAt };
}
