import { z } from 'zod';
import { instant, itemsOf } from './api-schemas.js';

/** Response shapes of the training routes (courses, honours, leader profiles), as the services return them. */

const courseStatus = z.enum(['draft', 'published']);

const courseCounts = {
  lessonCount: z.int(),
  questionCount: z.int(),
  /** Leaders enrolled / completed. */
  enrolled: z.int(),
  completed: z.int(),
};

/** A course in the console's list. */
export const courseSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  status: courseStatus,
  passScore: z.int(),
  createdAt: instant,
  updatedAt: instant,
  publishedAt: instant.nullable(),
  ...courseCounts,
}).meta({ id: 'CourseSummary' });

export const courseLesson = z.object({
  id: z.uuid(),
  position: z.int(),
  title: z.string(),
  body: z.string(),
  videoUrl: z.string().nullable(),
}).meta({ id: 'CourseLesson' });

/** A quiz question with its answer (operators; leaders once they have passed). */
export const quizQuestion = z.object({
  id: z.uuid(),
  position: z.int(),
  prompt: z.string(),
  options: z.array(z.string()),
  correctIndex: z.int(),
}).meta({ id: 'QuizQuestion' });

/** A course with its lessons and questions, answers included (operators only). */
export const course = courseSummary.extend({
  lessons: z.array(courseLesson),
  questions: z.array(quizQuestion),
}).meta({ id: 'Course' });

/** The leader's own place in a course; null before he enrols. */
export const courseEnrolment = z.object({
  enrolledAt: instant,
  attempts: z.int(),
  bestScore: z.int().nullable(),
  lastAttemptAt: instant.nullable(),
  completedAt: instant.nullable(),
  certificateCode: z.string().nullable(),
}).meta({ id: 'CourseEnrolment' });

/** A published course in the leader's list, with his progress. */
export const leaderCourseSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  passScore: z.int(),
  publishedAt: instant,
  lessonCount: z.int(),
  questionCount: z.int(),
  enrolment: courseEnrolment.nullable(),
}).meta({ id: 'LeaderCourseSummary' });

/**
 * A course as a leader sees it: lessons and questions once he is enrolled (null before), the
 * correct answers only after he has passed.
 */
export const leaderCourse = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  passScore: z.int(),
  publishedAt: instant,
  enrolment: courseEnrolment.nullable(),
  lessons: z.array(courseLesson).nullable(),
  questions: z.array(quizQuestion.extend({ correctIndex: z.int().optional() })).nullable(),
}).meta({ id: 'LeaderCourse' });

export const quizResult = z.object({
  score: z.int(),
  passed: z.boolean(),
  passScore: z.int(),
  correct: z.int(),
  total: z.int(),
  attempts: z.int(),
  bestScore: z.int(),
  completedAt: instant.nullable(),
  certificateCode: z.string().nullable(),
}).meta({ id: 'QuizResult' });

export const honour = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  /** The rule as written; null for honours granted by hand only. */
  rule: z.string().nullable(),
  /** The rule in words, in the reader's language. */
  ruleText: z.string().nullable(),
  active: z.boolean(),
  createdAt: instant,
  updatedAt: instant,
  activeGrants: z.int(),
}).meta({ id: 'Honour' });

export const honourList = itemsOf(honour).extend({
  /** The leader facts a rule may use. */
  facts: z.array(z.object({ name: z.string(), label: z.string(), description: z.string() })),
});

export const honourGrant = z.object({
  id: z.uuid(),
  honourId: z.uuid(),
  leaderId: z.uuid(),
  leaderName: z.string(),
  /** Null: shown on every community he leads. */
  communityId: z.uuid().nullable(),
  communityName: z.string().nullable(),
  reason: z.string(),
  byRule: z.boolean(),
  /** For rule grants, the facts the rule read, with their values then. */
  facts: z.record(z.string(), z.unknown()).nullable(),
  grantedBy: z.uuid().nullable(),
  grantedAt: instant,
  revokedAt: instant.nullable(),
  revokeReason: z.string().nullable(),
}).meta({ id: 'HonourGrant' });

export const honourEvaluation = z.object({ honours: z.int(), granted: z.int() }).meta({ id: 'HonourEvaluation' });

/** The facts honour rules read about a leader. */
export const leaderFacts = z.object({
  months_active: z.int(),
  courses_completed: z.int(),
  endorsements: z.int(),
  communities_led: z.int(),
  trust_index: z.number(),
  tier: z.string(),
}).meta({ id: 'LeaderFacts' });

/** Whether a leader meets an honour's rule now, part by part. */
export const honourRuleCheck = z.object({
  holds: z.boolean(),
  joiner: z.enum(['and', 'or']).nullable(),
  parts: z.array(z.object({ text: z.string(), holds: z.boolean() })),
  used: z.array(z.string()),
}).meta({ id: 'HonourRuleCheck' });

export const leaderFactsAnswer = z.object({
  leaderId: z.uuid(),
  facts: leaderFacts,
  /** Null without honourId, or when the honour has no rule. */
  check: honourRuleCheck.nullable(),
});

/** A leader's profile in one community; never carries a phone number. */
export const leaderProfile = z.object({
  userId: z.uuid(),
  communityId: z.uuid(),
  communityName: z.string(),
  name: z.string(),
  title: z.string(),
  displayTitle: z.string(),
  mission: z.string(),
  photoUrl: z.string().nullable(),
  joinedAt: instant,
  yearsInCommunity: z.number(),
  endorsements: z.int(),
  certificates: z.array(z.object({ courseTitle: z.string(), code: z.string(), completedAt: instant })),
  honours: z.array(z.object({ name: z.string(), description: z.string(), reason: z.string(), grantedAt: instant, byRule: z.boolean() })),
  ambassadorships: z.array(z.object({ campaignId: z.uuid(), slug: z.string(), name: z.string(), badge: z.string() })),
  /** Null until he first edits it. */
  updatedAt: instant.nullable(),
}).meta({ id: 'LeaderProfile' });

export const courseSummaryList = itemsOf(courseSummary);
export const leaderCourseList = itemsOf(leaderCourseSummary);
export const honourGrantList = itemsOf(honourGrant);
