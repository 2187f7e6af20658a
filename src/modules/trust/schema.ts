import { pgTable, uuid, text, integer, timestamp, real, jsonb, bigint, index, uniqueIndex, boolean, doublePrecision } from 'drizzle-orm/pg-core';

/**
 * Countable evidence about a resident, derived from domain events: each row can be listed for the
 * person it concerns ("N good orders, M issues"). Weights decay at read time.
 */
export const residentEvidence = pgTable('resident_evidence', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  communityId: uuid('community_id'),
  kind: text('kind').notNull(),
  good: boolean('good').notNull(),
  severity: real('severity').notNull().default(1),
  credibility: real('credibility').notNull().default(1),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  sourceEventId: bigint('source_event_id', { mode: 'number' }).notNull(),
  subjectId: uuid('subject_id'),
}, (t) => [
  index('resident_evidence_user_idx').on(t.userId, t.occurredAt),
  uniqueIndex('resident_evidence_source_key').on(t.sourceEventId, t.kind),
]);

/** The latest computed profile per resident: score, level and the facts it was computed from. */
export const residentProfiles = pgTable('resident_profiles', {
  userId: uuid('user_id').primaryKey(),
  score: integer('score').notNull(),
  level: text('level', { enum: ['A', 'B', 'C', 'D'] }).notNull(),
  facts: jsonb('facts').$type<Record<string, number>>().notNull(),
  tags: jsonb('tags').$type<string[]>().notNull().default([]),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
});

/** Each computation of a leader's trust index: components, tier decision and why. History is kept. */
export const leaderIndexReadings = pgTable('leader_index_readings', {
  id: uuid('id').primaryKey().defaultRandom(),
  leaderId: uuid('leader_id').notNull(),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
  indexValue: doublePrecision('index_value').notNull(),
  components: jsonb('components').$type<Record<string, number>>().notNull(),
  inputs: jsonb('inputs').$type<Record<string, number>>().notNull(),
  orders: integer('orders').notNull(),
  tier: text('tier').notNull(),
  tierChanged: boolean('tier_changed').notNull(),
  reason: text('reason').notNull(),
}, (t) => [index('leader_index_readings_leader_idx').on(t.leaderId, t.computedAt)]);

/** Behavioural tags as rules over a resident's facts (注重食品安全 …), written by operators. */
export const tagRules = pgTable('tag_rules', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  expression: text('expression').notNull(),
  description: text('description').notNull().default(''),
  active: boolean('active').notNull().default(true),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('tag_rules_name_key').on(t.name)]);

/** Invitations to co-create (new-product tests, packaging votes) for trusted residents. */
export const cocreateInvitations = pgTable('cocreate_invitations', {
  id: uuid('id').primaryKey().defaultRandom(),
  title: text('title').notNull(),
  description: text('description').notNull(),
  kind: text('kind', { enum: ['product_test', 'packaging_vote', 'other'] }).notNull(),
  /** Levels invited, e.g. ['A', 'B']. */
  levels: jsonb('levels').$type<string[]>().notNull(),
  seats: integer('seats').notNull(),
  closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const cocreateResponses = pgTable('cocreate_responses', {
  invitationId: uuid('invitation_id').notNull().references(() => cocreateInvitations.id),
  userId: uuid('user_id').notNull(),
  accepted: boolean('accepted').notNull(),
  respondedAt: timestamp('responded_at', { withTimezone: true }).notNull(),
}, (t) => [uniqueIndex('cocreate_responses_pk').on(t.invitationId, t.userId)]);

/** Operator-tunable trust parameters (TRUST.md: keep them in configuration, not in code). */
export const trustSettings = pgTable('trust_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<unknown>().notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
