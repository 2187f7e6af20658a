import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, integer, timestamp, jsonb, boolean, bigserial, index, uniqueIndex, check } from 'drizzle-orm/pg-core';

/**
 * Leaders as curators (issue 6, item 7): the leader's public profile, the training courses
 * operators publish and leaders complete, and the honours shown on the profile.
 *
 * Titles and tenure live in the community module (memberships); they are read through its
 * service functions, never joined here.
 */

/** What a leader tells his neighbours about himself, per community he leads. */
export const leaderProfiles = pgTable('leader_profiles', {
  communityId: uuid('community_id').notNull(),
  userId: uuid('user_id').notNull(),
  /** "我是王叔，在小区住了十年……", ≤ 200 characters; empty until he writes one. */
  mission: text('mission').notNull().default(''),
  /** A public image (files module); null until he uploads one. */
  photoFileId: uuid('photo_file_id'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('leader_profiles_pk').on(t.communityId, t.userId),
  check('leader_profiles_mission_length', sql`char_length(${t.mission}) <= 200`),
]);

export const courseStatuses = ['draft', 'published'] as const;
export type CourseStatus = (typeof courseStatuses)[number];

/**
 * A training course. Drafts are edited freely; a published course is frozen (its certificates
 * must keep meaning what they meant when they were earned).
 */
export const courses = pgTable('courses', {
  id: uuid('id').primaryKey().defaultRandom(),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  status: text('status', { enum: courseStatuses }).notNull().default('draft'),
  /** Percentage of correct answers needed to pass (0–100). */
  passScore: integer('pass_score').notNull().default(80),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  publishedAt: timestamp('published_at', { withTimezone: true }),
}, (t) => [
  index('courses_status_idx').on(t.status, t.publishedAt),
  check('courses_pass_score_range', sql`${t.passScore} between 0 and 100`),
]);

/** A lesson: text, optionally a video link (http/https only). Ordered by position from 1. */
export const courseLessons = pgTable('course_lessons', {
  id: uuid('id').primaryKey().defaultRandom(),
  courseId: uuid('course_id').notNull().references(() => courses.id),
  position: integer('position').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  videoUrl: text('video_url'),
}, (t) => [uniqueIndex('course_lessons_position_key').on(t.courseId, t.position)]);

/** One question of a course's short quiz; `correctIndex` is never sent to a leader before he passes. */
export const quizQuestions = pgTable('quiz_questions', {
  id: uuid('id').primaryKey().defaultRandom(),
  courseId: uuid('course_id').notNull().references(() => courses.id),
  position: integer('position').notNull(),
  prompt: text('prompt').notNull(),
  /** 2–6 choices. */
  options: text('options').array().notNull(),
  correctIndex: integer('correct_index').notNull(),
}, (t) => [
  uniqueIndex('quiz_questions_position_key').on(t.courseId, t.position),
  check('quiz_questions_options_count', sql`cardinality(${t.options}) between 2 and 6`),
  check('quiz_questions_correct_index', sql`${t.correctIndex} >= 0 and ${t.correctIndex} < cardinality(${t.options})`),
]);

/**
 * A leader's place in a course: enrolled, his attempts, his best score, and once he passes the
 * completion with its certificate code (LL-2026-XXXXXX). One row per course and leader.
 */
export const courseEnrolments = pgTable('course_enrolments', {
  courseId: uuid('course_id').notNull().references(() => courses.id),
  userId: uuid('user_id').notNull(),
  enrolledAt: timestamp('enrolled_at', { withTimezone: true }).notNull().defaultNow(),
  attempts: integer('attempts').notNull().default(0),
  bestScore: integer('best_score'),
  lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
  completedAt: timestamp('completed_at', { withTimezone: true }),
  certificateCode: text('certificate_code'),
}, (t) => [
  uniqueIndex('course_enrolments_pk').on(t.courseId, t.userId),
  index('course_enrolments_user_idx').on(t.userId),
  uniqueIndex('course_enrolments_certificate_key').on(t.certificateCode),
  check('course_enrolments_certificate_when_completed', sql`(${t.completedAt} is null) = (${t.certificateCode} is null)`),
]);

/** Every quiz submission, kept as it was answered (the enrolment holds the summary). */
export const quizAttempts = pgTable('quiz_attempts', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  courseId: uuid('course_id').notNull().references(() => courses.id),
  userId: uuid('user_id').notNull(),
  answers: jsonb('answers').$type<number[]>().notNull(),
  score: integer('score').notNull(),
  passed: boolean('passed').notNull(),
  submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('quiz_attempts_enrolment_idx').on(t.courseId, t.userId, t.submittedAt)]);

/**
 * An honour (金牌主理人, 社区之星). With a rule (an expression over leader facts) it is granted by
 * the daily evaluation; without one, only by an operator's hand.
 */
export const honours = pgTable('honours', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  rule: text('rule'),
  /** Inactive honours are neither evaluated, granted nor shown. */
  active: boolean('active').notNull().default(true),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('honours_name_key').on(t.name)]);

/**
 * One honour given to one leader: by hand (`grantedBy` set, reason written by the operator) or
 * by rule (`grantedBy` null, the facts it read kept). Revoking keeps the row with its reason.
 */
export const honourGrants = pgTable('honour_grants', {
  id: uuid('id').primaryKey().defaultRandom(),
  honourId: uuid('honour_id').notNull().references(() => honours.id),
  leaderId: uuid('leader_id').notNull(),
  /** Null: shown on every community he leads; set: only on that community's profile. */
  communityId: uuid('community_id'),
  reason: text('reason').notNull(),
  /** For rule grants, the facts the rule read, with their values at the time. */
  facts: jsonb('facts').$type<Record<string, unknown>>(),
  grantedBy: uuid('granted_by'),
  grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  revokedBy: uuid('revoked_by'),
  revokeReason: text('revoke_reason'),
}, (t) => [
  // One standing grant per honour and leader: evaluation and parallel hand grants cannot double it.
  uniqueIndex('honour_grants_active_key').on(t.honourId, t.leaderId).where(sql`revoked_at is null`),
  index('honour_grants_leader_idx').on(t.leaderId),
]);
