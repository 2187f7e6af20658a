import { pgTable, uuid, text, integer, timestamp, uniqueIndex, index, jsonb, boolean } from 'drizzle-orm/pg-core';
import { users } from '../identity/index.js';
import { DEFAULT_TIME_ZONE } from '../../platform/time.js';

export const communities = pgTable('communities', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  address: text('address').notNull(),
  timeZone: text('time_zone').notNull().default(DEFAULT_TIME_ZONE),
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
  /** The name she goes by here (e.g. 李阿姨), given on joining; others see it masked. */
  displayName: text('display_name').notNull().default(''),
  /** Building/door number (门牌), optional: visible only to this community's leaders. */
  doorNumber: text('door_number').notNull().default(''),
  /** When she last changed her 门牌 (null: as given on joining). Governance counts households by 门牌. */
  doorNumberChangedAt: timestamp('door_number_changed_at', { withTimezone: true }),
  joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('memberships_pk').on(t.communityId, t.userId),
  index('memberships_user_idx').on(t.userId),
]);

/** A place where residents collect their goods (自提点): a community has one or more. */
export const pickupPoints = pgTable('pickup_points', {
  id: uuid('id').primaryKey().defaultRandom(),
  communityId: uuid('community_id').notNull().references(() => communities.id),
  name: text('name').notNull(),
  address: text('address').notNull(),
  /** "08:00-20:00" in the community's time zone. */
  hours: text('hours').notNull(),
  /** Order in which residents see them; the first open one is the default. */
  position: integer('position').notNull().default(0),
  /** Closed points keep their history but take no new orders. */
  closedAt: timestamp('closed_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('pickup_points_community_idx').on(t.communityId, t.position)]);

/** Who may hand over at a pickup point besides the community's leaders (station staff, a second leader). */
export const pickupPointStaff = pgTable('pickup_point_staff', {
  pickupPointId: uuid('pickup_point_id').notNull().references(() => pickupPoints.id),
  communityId: uuid('community_id').notNull(),
  userId: uuid('user_id').notNull().references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('pickup_point_staff_key').on(t.pickupPointId, t.userId),
  index('pickup_point_staff_user_idx').on(t.userId),
]);

/** Door delivery (送货上门) a community's leaders offer: fee, the areas they deliver to, time slots. */
export const deliverySettings = pgTable('delivery_settings', {
  communityId: uuid('community_id').primaryKey().references(() => communities.id),
  enabled: boolean('enabled').notNull().default(false),
  feeFen: integer('fee_fen').notNull().default(0),
  /** Buildings/areas residents pick from, e.g. ["1号楼", "2号楼"]. */
  areas: jsonb('areas').$type<string[]>().notNull().default([]),
  /** Time slots "18:00-20:00" in the community's time zone. */
  slots: jsonb('slots').$type<string[]>().notNull().default([]),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
/**
 * A leader's private note about a member (e.g. 「腿脚不便，送到楼下」): owned by the community,
 * shared by its leaders, never shown to the member herself or to anyone outside the community.
 */
export const memberNotes = pgTable('member_notes', {
  communityId: uuid('community_id').notNull().references(() => communities.id),
  userId: uuid('user_id').notNull().references(() => users.id),
  note: text('note').notNull(),
  updatedBy: uuid('updated_by').notNull().references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('member_notes_pk').on(t.communityId, t.userId)]);
