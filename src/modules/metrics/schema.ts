import { pgTable, uuid, text, integer, timestamp, index, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

export const npsSubjects = ['leader', 'platform', 'product', 'campaign'] as const;
export type NpsSubject = (typeof npsSubjects)[number];

/**
 * One answer to 「你有多大可能把【对象】推荐给邻居或朋友？」: the raw 0–10 score, the reason, and
 * the exact wording asked, kept with each answer (TRUST.md §5).
 */
export const npsAnswers = pgTable('nps_answers', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  communityId: uuid('community_id'),
  subjectType: text('subject_type', { enum: npsSubjects }).notNull(),
  subjectId: uuid('subject_id'),
  orderId: uuid('order_id'),
  /** The survey round that asked (platform or campaign surveys); null for after-pickup prompts. */
  surveyId: uuid('survey_id'),
  score: integer('score').notNull(),
  reason: text('reason').notNull().default(''),
  question: text('question').notNull(),
  answeredAt: timestamp('answered_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('nps_answers_subject_idx').on(t.subjectType, t.subjectId, t.answeredAt),
  index('nps_answers_user_idx').on(t.userId, t.subjectType, t.subjectId, t.answeredAt),
  index('nps_answers_community_idx').on(t.communityId, t.answeredAt),
  index('nps_answers_survey_idx').on(t.surveyId),
  check('nps_answers_score_range', sql`score between 0 and 10`),
]);

/**
 * A survey round about the platform (a period) or a campaign, sent to a random sample of residents
 * with an order in the last 30 days (TRUST.md §5). Its response rate is kept with its answers.
 */
export const npsSurveys = pgTable('nps_surveys', {
  id: uuid('id').primaryKey().defaultRandom(),
  subjectType: text('subject_type', { enum: ['platform', 'campaign'] }).notNull(),
  /** The campaign a campaign round asks about; its sample is drawn from the campaign's participating residents. */
  campaignId: uuid('campaign_id'),
  title: text('title').notNull(),
  sampleSize: integer('sample_size').notNull(),
  eligible: integer('eligible').notNull(),
  invited: integer('invited').notNull(),
  opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
  closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('nps_surveys_campaign_idx').on(t.campaignId),
  check('nps_surveys_campaign_scope', sql`subject_type = 'campaign' or campaign_id is null`),
]);

export const npsInvitations = pgTable('nps_invitations', {
  surveyId: uuid('survey_id').notNull().references(() => npsSurveys.id),
  userId: uuid('user_id').notNull(),
  invitedAt: timestamp('invited_at', { withTimezone: true }).notNull(),
  answeredAt: timestamp('answered_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('nps_invitations_pk').on(t.surveyId, t.userId),
  index('nps_invitations_user_idx').on(t.userId, t.invitedAt),
]);
