import { pgTable, uuid, text, integer, timestamp, uniqueIndex, index, jsonb } from 'drizzle-orm/pg-core';
import { users } from '../identity/index.js';
import { DEFAULT_TIME_ZONE } from '../../platform/time.js';

export const communities = pgTable('communities', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  address: text('address').notNull(),
  timeZone: text('time_zone').notNull().default(DEFAULT_TIME_ZONE),
  pickupPointName: text('pickup_point_name').notNull(),
  pickupPointAddress: text('pickup_point_address').notNull(),
  /** "08:00-20:00" in the community's time zone. */
  pickupHours: text('pickup_hours').notNull(),
  /** Days after the pickup window before uncollected goods count as not collected (and settle). */
  notCollectedGraceDays: integer('not_collected_grace_days').notNull().default(3),
  inviteCode: text('invite_code').notNull(),
  /** Value first: what a newcomer receives on joining (a handbook PDF, a coupon text). */
  welcomeGift: jsonb('welcome_gift').$type<{ title: string; description: string; fileId: string | null; couponCode: string | null } | null>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('communities_invite_code_key').on(t.inviteCode)]);

/** A user's role in one community: resident or leader (a leader is also a member). */
export const memberships = pgTable('memberships', {
  communityId: uuid('community_id').notNull().references(() => communities.id),
  userId: uuid('user_id').notNull().references(() => users.id),
  role: text('role', { enum: ['resident', 'leader'] }).notNull(),
  /** Leader identity, e.g. 生活顾问; empty for residents. */
  title: text('title').notNull().default(''),
  invitedBy: uuid('invited_by').references(() => users.id),
  joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('memberships_pk').on(t.communityId, t.userId),
  index('memberships_user_idx').on(t.userId),
]);
