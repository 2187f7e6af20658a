import { and, desc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { cocreateInvitations, cocreateResponses } from './schema.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';
import { levelsOf } from './service.js';
import { notify } from '../notifications/index.js';

export interface InvitationInput {
  title: string;
  description: string;
  kind: 'product_test' | 'packaging_vote' | 'other';
  levels: string[];
  seats: number;
  closesAt: Date;
}

export async function createInvitation(db: Db, operatorId: string, input: InvitationInput, now = new Date()) {
  if (input.closesAt <= now) throw badRequest('cocreate.closes_in_past');
  if (input.levels.length === 0 || input.levels.some((l) => !['A', 'B', 'C'].includes(l))) throw badRequest('cocreate.levels_invalid');
  const [row] = await db.insert(cocreateInvitations).values({ ...input, createdBy: operatorId }).returning();
  return row;
}

/** Open invitations this resident's level qualifies for, with her answer if she gave one. */
export async function myInvitations(db: Db, userId: string, now = new Date()) {
  const level = (await levelsOf(db, [userId])).get(userId) ?? 'D';
  const rows = await db.select({
    id: cocreateInvitations.id, title: cocreateInvitations.title, description: cocreateInvitations.description, kind: cocreateInvitations.kind,
    levels: cocreateInvitations.levels, seats: cocreateInvitations.seats, closesAt: cocreateInvitations.closesAt,
    accepted: sql<boolean | null>`(select r.accepted from cocreate_responses r where r.invitation_id = cocreate_invitations.id and r.user_id = ${userId})`,
    taken: sql<number>`(select count(*)::int from cocreate_responses r where r.invitation_id = cocreate_invitations.id and r.accepted)`,
  }).from(cocreateInvitations).where(gt(cocreateInvitations.closesAt, now)).orderBy(desc(cocreateInvitations.createdAt));
  return rows.filter((r) => r.levels.includes(level));
}

/** Accept (while seats last) or decline; one answer per resident, changeable while open. */
export async function respond(db: Db, userId: string, invitationId: string, accepted: boolean, now = new Date()) {
  const level = (await levelsOf(db, [userId])).get(userId) ?? 'D';
  return inTransaction(db, async (tx) => {
    const [inv] = await tx.select().from(cocreateInvitations).where(eq(cocreateInvitations.id, invitationId)).for('update');
    // Not invited looks the same as not existing: nobody learns about levels they do not have.
    if (!inv || !inv.levels.includes(level)) throw notFound('cocreate.not_found');
    if (inv.closesAt <= now) throw conflict('cocreate.closed');
    if (accepted) {
      const [{ taken }] = await tx.select({ taken: sql<number>`count(*)::int` }).from(cocreateResponses)
        .where(and(eq(cocreateResponses.invitationId, invitationId), eq(cocreateResponses.accepted, true), sql`${cocreateResponses.userId} <> ${userId}`));
      if (taken >= inv.seats) throw conflict('cocreate.full');
    }
    await tx.insert(cocreateResponses).values({ invitationId, userId, accepted, respondedAt: now })
      .onConflictDoUpdate({ target: [cocreateResponses.invitationId, cocreateResponses.userId], set: { accepted, respondedAt: now } });
    await recordEvent(tx, { type: 'cocreate.responded', communityId: null, actorId: userId, subjectId: invitationId, payload: { accepted } });
    return { invitationId, accepted };
  });
}

/**
 * Birthday gifts for trusted residents (level A/B): an in-app notice on her birthday in her
 * community's time zone, once a year, through the notification service (so a muted kind stays
 * quiet). Runs daily; safe to run twice. Returns how many notices were sent.
 */
export async function sendBirthdayGifts(db: Db, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - 300 * 86_400_000);
  const zones = (await db.execute(sql`select distinct time_zone as "timeZone" from communities`)) as unknown as { rows: { timeZone: string }[] };
  const seen = new Set<string>();
  let sent = 0;
  for (const { timeZone } of zones.rows) {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone, month: '2-digit', day: '2-digit' }).format(now);
    const due = (await db.execute(sql`
      select distinct on (u.id) u.id as "userId", m.community_id as "communityId"
      from users u
      join resident_profiles p on p.user_id = u.id
      join memberships m on m.user_id = u.id
      join communities c on c.id = m.community_id and c.time_zone = ${timeZone}
      where u.birthday = ${today} and p.level in ('A', 'B')
        and not exists (select 1 from notifications n where n.user_id = u.id and n.kind = 'birthday_gift' and n.created_at > ${since})
      order by u.id, m.joined_at`)) as unknown as { rows: { userId: string; communityId: string }[] };
    const fresh = due.rows.filter((r) => !seen.has(r.userId));
    fresh.forEach((r) => seen.add(r.userId));
    sent += await notify(db, fresh.map((r) => ({ userId: r.userId, communityId: r.communityId, kind: 'birthday_gift' as const, params: {}, link: '/notices' })));
  }
  return sent;
}
