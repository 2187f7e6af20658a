import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, integer, timestamp, jsonb, index, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { campaigns } from '../campaigns/index.js';

export const gatheringKinds = ['offline', 'online', 'welfare', 'livestream'] as const;

/**
 * Community events (活动): offline get-togethers, online sessions, public-welfare work and
 * source-visit livestreams. Capacity is enforced with a waitlist that moves up on cancellation.
 * A source visit (溯源之旅) is a gathering linked to a campaign and to the enrolled product or
 * supplier it visits; an operator's platform-wide livestream has no community (any resident may watch).
 */
export const gatherings = pgTable('gatherings', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Null for an operator's platform-wide source-visit livestream. */
  communityId: uuid('community_id'),
  organizerId: uuid('organizer_id').notNull(),
  kind: text('kind', { enum: gatheringKinds }).notNull(),
  title: text('title').notNull(),
  description: text('description').notNull(),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  place: text('place').notNull().default(''),
  capacity: integer('capacity').notNull(),
  confirmedCount: integer('confirmed_count').notNull().default(0),
  streamUrl: text('stream_url'),
  replayUrl: text('replay_url'),
  /** Shown as a QR code at the venue; scanning it checks a signed-up resident in. */
  checkInToken: text('check_in_token').notNull(),
  photoFileIds: jsonb('photo_file_ids').$type<string[]>().notNull().default([]),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  cancelReason: text('cancel_reason'),
  reminderSentAt: timestamp('reminder_sent_at', { withTimezone: true }),
  /** The campaign this source visit belongs to, and what it visits (an enrolled product, or its supplier). */
  campaignId: uuid('campaign_id').references(() => campaigns.id),
  visitProductId: uuid('visit_product_id'),
  visitSupplierId: uuid('visit_supplier_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('gatherings_campaign_idx').on(t.campaignId, t.startsAt).where(sql`campaign_id is not null`),
  // Only a campaign visit may be platform-wide, and a campaign visit always names what it visits.
  check('gatherings_platform_is_campaign_visit', sql`${t.communityId} is not null or ${t.campaignId} is not null`),
  check('gatherings_visit_names_source', sql`${t.campaignId} is null or ${t.visitProductId} is not null or ${t.visitSupplierId} is not null`),
  index('gatherings_community_idx').on(t.communityId, t.startsAt),
  index('gatherings_reminder_idx').on(t.startsAt).where(sql`reminder_sent_at is null and cancelled_at is null`),
  check('gatherings_capacity_positive', sql`${t.capacity} > 0`),
  check('gatherings_not_overfull', sql`${t.confirmedCount} <= ${t.capacity}`),
]);

export const gatheringSignups = pgTable('gathering_signups', {
  gatheringId: uuid('gathering_id').notNull().references(() => gatherings.id),
  userId: uuid('user_id').notNull(),
  /** The event's community; null for a platform-wide livestream. */
  communityId: uuid('community_id'),
  status: text('status', { enum: ['confirmed', 'waitlisted', 'cancelled'] }).notNull(),
  /** Waitlist order: the earliest sign-up moves up first. */
  signedUpAt: timestamp('signed_up_at', { withTimezone: true }).notNull(),
  checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('gathering_signups_pk').on(t.gatheringId, t.userId),
  index('gathering_signups_waitlist_idx').on(t.gatheringId, t.status, t.signedUpAt),
  index('gathering_signups_user_idx').on(t.userId),
]);

/**
 * What was seen, added by the organiser (or an operator) after the event ended: a replay video
 * link and/or photos, with a short summary (the inspection, the kitchen). Photos are public files:
 * a published campaign's page shows them to anyone.
 */
export const gatheringReplays = pgTable('gathering_replays', {
  id: uuid('id').primaryKey().defaultRandom(),
  gatheringId: uuid('gathering_id').notNull().references(() => gatherings.id),
  videoUrl: text('video_url'),
  photoFileIds: jsonb('photo_file_ids').$type<string[]>().notNull().default([]),
  summary: text('summary').notNull(),
  addedBy: uuid('added_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('gathering_replays_gathering_idx').on(t.gatheringId, t.createdAt),
  check('gathering_replays_not_empty', sql`${t.videoUrl} is not null or jsonb_array_length(${t.photoFileIds}) > 0`),
]);
