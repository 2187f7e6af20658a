import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, integer, timestamp, jsonb, index, uniqueIndex, check } from 'drizzle-orm/pg-core';

export const gatheringKinds = ['offline', 'online', 'welfare', 'livestream'] as const;

/**
 * Community events (活动): offline get-togethers, online sessions, public-welfare work and
 * source-visit livestreams. Capacity is enforced with a waitlist that moves up on cancellation.
 */
export const gatherings = pgTable('gatherings', {
  id: uuid('id').primaryKey().defaultRandom(),
  communityId: uuid('community_id').notNull(),
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
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('gatherings_community_idx').on(t.communityId, t.startsAt),
  index('gatherings_reminder_idx').on(t.startsAt).where(sql`reminder_sent_at is null and cancelled_at is null`),
  check('gatherings_capacity_positive', sql`${t.capacity} > 0`),
  check('gatherings_not_overfull', sql`${t.confirmedCount} <= ${t.capacity}`),
]);

export const gatheringSignups = pgTable('gathering_signups', {
  gatheringId: uuid('gathering_id').notNull().references(() => gatherings.id),
  userId: uuid('user_id').notNull(),
  communityId: uuid('community_id').notNull(),
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
