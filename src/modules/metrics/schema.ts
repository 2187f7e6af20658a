import { pgTable, uuid, text, integer, timestamp, index, check } from 'drizzle-orm/pg-core';
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
  score: integer('score').notNull(),
  reason: text('reason').notNull().default(''),
  question: text('question').notNull(),
  answeredAt: timestamp('answered_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('nps_answers_subject_idx').on(t.subjectType, t.subjectId, t.answeredAt),
  index('nps_answers_user_idx').on(t.userId, t.subjectType, t.subjectId, t.answeredAt),
  index('nps_answers_community_idx').on(t.communityId, t.answeredAt),
  check('nps_answers_score_range', sql`score between 0 and 10`),
]);
