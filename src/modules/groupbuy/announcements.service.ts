// What the leader sent by hand from his morning dashboard, one row per group buy, kind and day.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { pickupAnnouncements } from './restock-alerts.schema.js';

export type AnnouncementKind = 'arrival' | 'reminder';

/**
 * Claims (group buy, kind, day) for these group buys; returns only the ones not sent yet that day.
 * Two taps at once: the unique key lets exactly one of them through per group buy.
 */
export async function claimAnnouncements(tx: Tx, input: { communityId: string; groupBuyIds: string[]; kind: AnnouncementKind; day: string; sentBy: string; text: string; now: Date }): Promise<string[]> {
  if (input.groupBuyIds.length === 0) return [];
  const rows = await tx.insert(pickupAnnouncements).values(input.groupBuyIds.map((groupBuyId) => ({
    communityId: input.communityId, groupBuyId, kind: input.kind, day: input.day, sentBy: input.sentBy, text: input.text, createdAt: input.now,
  }))).onConflictDoNothing({ target: [pickupAnnouncements.groupBuyId, pickupAnnouncements.kind, pickupAnnouncements.day] })
    .returning({ groupBuyId: pickupAnnouncements.groupBuyId });
  return rows.map((r) => r.groupBuyId);
}

/** Records how many residents each claimed announcement reached. */
export async function setAnnouncementTold(tx: Tx, kind: AnnouncementKind, day: string, told: Map<string, number>) {
  for (const [groupBuyId, n] of told) {
    await tx.update(pickupAnnouncements).set({ told: n }).where(and(eq(pickupAnnouncements.groupBuyId, groupBuyId), eq(pickupAnnouncements.kind, kind), eq(pickupAnnouncements.day, day)));
  }
}

/** What was already sent that day for these group buys (the dashboard shows "sent at 09:12 to 12"). */
export async function announcementsOn(db: DbOrTx, groupBuyIds: string[], day: string) {
  if (groupBuyIds.length === 0) return [];
  return db.select({ groupBuyId: pickupAnnouncements.groupBuyId, kind: pickupAnnouncements.kind, told: pickupAnnouncements.told, sentAt: pickupAnnouncements.createdAt })
    .from(pickupAnnouncements).where(and(inArray(pickupAnnouncements.groupBuyId, groupBuyIds), eq(pickupAnnouncements.day, day)))
    .orderBy(sql`${pickupAnnouncements.createdAt}`);
}
