import { and, asc, desc, eq, gt, inArray, isNotNull, sql } from 'drizzle-orm';
import { randomInt } from 'node:crypto';
import type { Db, DbOrTx, Tx } from '../../platform/db/client.js';
import { courseEnrolments, courseLessons, courses, quizAttempts, quizQuestions } from './schema.js';
import { badRequest, conflict, forbidden, notFound, tooMany } from '../../platform/errors.js';
import { listMyCommunities } from '../community/index.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';
import { DEFAULT_TIME_ZONE } from '../../platform/time.js';

export type Course = typeof courses.$inferSelect;
export type Enrolment = typeof courseEnrolments.$inferSelect;

export const COURSE_LIMITS = {
  title: 80, description: 2000, lessons: 50, lessonTitle: 80, lessonBody: 20_000, videoUrl: 500,
  questions: 30, prompt: 300, option: 100, minOptions: 2, maxOptions: 6,
} as const;

export interface LessonInput {
  title: string;
  body: string;
  videoUrl?: string | null;
}

export interface QuestionInput {
  prompt: string;
  options: string[];
  correctIndex: number;
}

/** A whole course draft: saving replaces every lesson and question (positions follow the arrays). */
export interface CourseInput {
  title: string;
  description?: string;
  passScore?: number;
  lessons?: LessonInput[];
  questions?: QuestionInput[];
}

/** Only http(s) links: a lesson's video must never be a javascript: or data: URL. */
function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Validates and normalises a draft; positions in errors are 1-based, as the editor shows them. */
function checkCourse(input: CourseInput) {
  const title = input.title.trim();
  if (!title || title.length > COURSE_LIMITS.title) throw badRequest('course.title_invalid', { max: COURSE_LIMITS.title });
  const description = (input.description ?? '').trim();
  if (description.length > COURSE_LIMITS.description) throw badRequest('course.description_too_long', { max: COURSE_LIMITS.description });
  const passScore = input.passScore ?? 80;
  if (!Number.isInteger(passScore) || passScore < 0 || passScore > 100) throw badRequest('course.pass_score_invalid');
  const lessons = input.lessons ?? [];
  const questions = input.questions ?? [];
  if (lessons.length > COURSE_LIMITS.lessons) throw badRequest('course.too_many_lessons', { max: COURSE_LIMITS.lessons });
  if (questions.length > COURSE_LIMITS.questions) throw badRequest('course.too_many_questions', { max: COURSE_LIMITS.questions });
  const cleanLessons = lessons.map((l, i) => {
    const position = i + 1;
    const t = l.title.trim();
    if (!t || t.length > COURSE_LIMITS.lessonTitle) throw badRequest('course.lesson_title_invalid', { position, max: COURSE_LIMITS.lessonTitle });
    const body = l.body.trim();
    if (!body || body.length > COURSE_LIMITS.lessonBody) throw badRequest('course.lesson_body_invalid', { position, max: COURSE_LIMITS.lessonBody });
    const videoUrl = l.videoUrl?.trim() || null;
    if (videoUrl && (videoUrl.length > COURSE_LIMITS.videoUrl || !isHttpUrl(videoUrl))) throw badRequest('course.video_url_invalid', { position });
    return { position, title: t, body, videoUrl };
  });
  const cleanQuestions = questions.map((q, i) => {
    const position = i + 1;
    const prompt = q.prompt.trim();
    if (!prompt || prompt.length > COURSE_LIMITS.prompt) throw badRequest('course.question_prompt_invalid', { position, max: COURSE_LIMITS.prompt });
    const options = q.options.map((o) => o.trim());
    if (options.length < COURSE_LIMITS.minOptions || options.length > COURSE_LIMITS.maxOptions || options.some((o) => !o || o.length > COURSE_LIMITS.option)) {
      throw badRequest('course.question_options_invalid', { position, min: COURSE_LIMITS.minOptions, max: COURSE_LIMITS.maxOptions });
    }
    if (new Set(options).size !== options.length) throw badRequest('course.question_options_invalid', { position, min: COURSE_LIMITS.minOptions, max: COURSE_LIMITS.maxOptions });
    if (!Number.isInteger(q.correctIndex) || q.correctIndex < 0 || q.correctIndex >= options.length) throw badRequest('course.question_answer_invalid', { position });
    return { position, prompt, options, correctIndex: q.correctIndex };
  });
  return { title, description, passScore, lessons: cleanLessons, questions: cleanQuestions };
}

async function writeContent(tx: Tx, courseId: string, content: ReturnType<typeof checkCourse>) {
  await tx.delete(courseLessons).where(eq(courseLessons.courseId, courseId));
  await tx.delete(quizQuestions).where(eq(quizQuestions.courseId, courseId));
  if (content.lessons.length) await tx.insert(courseLessons).values(content.lessons.map((l) => ({ ...l, courseId })));
  if (content.questions.length) await tx.insert(quizQuestions).values(content.questions.map((q) => ({ ...q, courseId })));
}

// ---------------------------------------------------------------- operators (console)

const courseFields = {
  id: courses.id, title: courses.title, description: courses.description, status: courses.status, passScore: courses.passScore,
  createdAt: courses.createdAt, updatedAt: courses.updatedAt, publishedAt: courses.publishedAt,
};

const courseCounts = {
  lessonCount: sql<number>`(select count(*)::int from course_lessons l where l.course_id = courses.id)`,
  questionCount: sql<number>`(select count(*)::int from quiz_questions q where q.course_id = courses.id)`,
  enrolled: sql<number>`(select count(*)::int from course_enrolments e where e.course_id = courses.id)`,
  completed: sql<number>`(select count(*)::int from course_enrolments e where e.course_id = courses.id and e.completed_at is not null)`,
};

/** Every course, drafts first, with how many leaders enrolled and completed (console list). */
export async function listCoursesForConsole(db: Db) {
  return db.select({ ...courseFields, ...courseCounts }).from(courses)
    .orderBy(sql`${courses.status} = 'published'`, desc(courses.updatedAt));
}

async function getCourse(db: DbOrTx, courseId: string): Promise<Course> {
  const [c] = await db.select().from(courses).where(eq(courses.id, courseId));
  if (!c) throw notFound('course.not_found');
  return c;
}

async function content(db: DbOrTx, courseId: string) {
  const [lessons, questions] = await Promise.all([
    db.select({ id: courseLessons.id, position: courseLessons.position, title: courseLessons.title, body: courseLessons.body, videoUrl: courseLessons.videoUrl })
      .from(courseLessons).where(eq(courseLessons.courseId, courseId)).orderBy(asc(courseLessons.position)),
    db.select({ id: quizQuestions.id, position: quizQuestions.position, prompt: quizQuestions.prompt, options: quizQuestions.options, correctIndex: quizQuestions.correctIndex })
      .from(quizQuestions).where(eq(quizQuestions.courseId, courseId)).orderBy(asc(quizQuestions.position)),
  ]);
  return { lessons, questions };
}

/** A course with everything, answers included (operators only). */
export async function courseForConsole(db: Db, courseId: string) {
  const [row] = await db.select({ ...courseFields, ...courseCounts }).from(courses).where(eq(courses.id, courseId));
  if (!row) throw notFound('course.not_found');
  return { ...row, ...(await content(db, courseId)) };
}

/** Creates a draft course (lessons and questions may follow in later saves). */
export async function createCourse(db: Db, operatorId: string, input: CourseInput, now = new Date()) {
  const c = checkCourse(input);
  const id = await inTransaction(db, async (tx) => {
    const [row] = await tx.insert(courses).values({ title: c.title, description: c.description, passScore: c.passScore, createdBy: operatorId, createdAt: now, updatedAt: now }).returning({ id: courses.id });
    await writeContent(tx, row.id, c);
    return row.id;
  });
  return courseForConsole(db, id);
}

/**
 * Replaces a draft's title, description, pass score, lessons and questions. A published course
 * is frozen: its certificates must keep meaning what they meant when earned.
 */
export async function saveCourseDraft(db: Db, courseId: string, input: CourseInput, now = new Date()) {
  const c = checkCourse(input);
  await inTransaction(db, async (tx) => {
    // The row lock makes an edit and a publish of the same course run one after the other.
    const [course] = await tx.select().from(courses).where(eq(courses.id, courseId)).for('update');
    if (!course) throw notFound('course.not_found');
    if (course.status !== 'draft') throw conflict('course.published_locked');
    await tx.update(courses).set({ title: c.title, description: c.description, passScore: c.passScore, updatedAt: now }).where(eq(courses.id, courseId));
    await writeContent(tx, courseId, c);
  });
  return courseForConsole(db, courseId);
}

/** Publishes a draft: it needs at least one lesson and one quiz question. */
export async function publishCourse(db: Db, operatorId: string, courseId: string, now = new Date()) {
  await inTransaction(db, async (tx) => {
    const [course] = await tx.select().from(courses).where(eq(courses.id, courseId)).for('update');
    if (!course) throw notFound('course.not_found');
    if (course.status === 'published') throw conflict('course.already_published');
    const { lessons, questions } = await content(tx, courseId);
    if (lessons.length === 0) throw conflict('course.no_lessons');
    if (questions.length === 0) throw conflict('course.no_questions');
    await tx.update(courses).set({ status: 'published', publishedAt: now, updatedAt: now }).where(eq(courses.id, courseId));
    await recordEvent(tx, { type: 'course.published', communityId: null, actorId: operatorId, subjectId: courseId, payload: { title: course.title, lessons: lessons.length, questions: questions.length, passScore: course.passScore } });
  });
  return courseForConsole(db, courseId);
}

// ---------------------------------------------------------------- leaders

/** Training is for leaders: anyone who leads at least one community. */
export async function requireLeaderAnywhere(db: Db, userId: string) {
  const mine = await listMyCommunities(db, userId);
  if (!mine.some((m) => m.role === 'leader')) throw forbidden('training.leaders_only');
}

/** A published course, or 404: drafts do not exist for leaders. */
async function publishedCourse(db: DbOrTx, courseId: string): Promise<Course> {
  const c = await getCourse(db, courseId);
  if (c.status !== 'published') throw notFound('course.not_found');
  return c;
}

async function enrolmentOf(db: DbOrTx, courseId: string, userId: string) {
  const [e] = await db.select().from(courseEnrolments).where(and(eq(courseEnrolments.courseId, courseId), eq(courseEnrolments.userId, userId)));
  return e ?? null;
}

const enrolmentView = (e: Enrolment | null) => e && {
  enrolledAt: e.enrolledAt, attempts: e.attempts, bestScore: e.bestScore, lastAttemptAt: e.lastAttemptAt,
  completedAt: e.completedAt, certificateCode: e.certificateCode,
};

/** Published courses with the leader's own progress in each. */
export async function listPublishedCourses(db: Db, userId: string) {
  await requireLeaderAnywhere(db, userId);
  const rows = await db.select({
    id: courses.id, title: courses.title, description: courses.description, passScore: courses.passScore, publishedAt: courses.publishedAt,
    lessonCount: courseCounts.lessonCount, questionCount: courseCounts.questionCount,
  }).from(courses).where(eq(courses.status, 'published')).orderBy(desc(courses.publishedAt));
  const mine = rows.length
    ? await db.select().from(courseEnrolments).where(and(eq(courseEnrolments.userId, userId), inArray(courseEnrolments.courseId, rows.map((r) => r.id))))
    : [];
  const byCourse = new Map(mine.map((e) => [e.courseId, e]));
  // Published courses always carry their publishing time.
  return rows.map((r) => ({ ...r, publishedAt: r.publishedAt!, enrolment: enrolmentView(byCourse.get(r.id) ?? null) }));
}

/**
 * A course as a leader sees it. Lessons and questions only once he is enrolled (null before);
 * the correct answers only after he has passed.
 */
export async function courseForLeader(db: Db, userId: string, courseId: string) {
  await requireLeaderAnywhere(db, userId);
  const course = await publishedCourse(db, courseId);
  const enrolment = await enrolmentOf(db, courseId, userId);
  const { lessons, questions } = enrolment ? await content(db, courseId) : { lessons: null, questions: null };
  const completed = Boolean(enrolment?.completedAt);
  return {
    id: course.id, title: course.title, description: course.description, passScore: course.passScore, publishedAt: course.publishedAt!,
    enrolment: enrolmentView(enrolment),
    lessons,
    questions: questions?.map(({ correctIndex, ...q }) => (completed ? { ...q, correctIndex } : q)) ?? null,
  };
}

/** Enrols the leader in a published course; enrolling again changes nothing. */
export async function enrol(db: Db, userId: string, courseId: string, now = new Date()) {
  await requireLeaderAnywhere(db, userId);
  const course = await publishedCourse(db, courseId);
  await inTransaction(db, async (tx) => {
    const inserted = await tx.insert(courseEnrolments).values({ courseId, userId, enrolledAt: now }).onConflictDoNothing().returning({ courseId: courseEnrolments.courseId });
    if (inserted.length) await recordEvent(tx, { type: 'course.enrolled', communityId: null, actorId: userId, subjectId: courseId, payload: { leaderId: userId, courseTitle: course.title } });
  });
  return courseForLeader(db, userId, courseId);
}

/** Unambiguous characters only (no 0/O, 1/I/L): codes are read aloud and typed. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A certificate code like LL-2026-K7Q2XM: the year of completion (Beijing time) and 6 random characters. */
export function certificateCode(at: Date): string {
  const year = new Intl.DateTimeFormat('en', { timeZone: DEFAULT_TIME_ZONE, year: 'numeric' }).format(at);
  let tail = '';
  for (let i = 0; i < 6; i++) tail += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `LL-${year}-${tail}`;
}

/** Percentage of correct answers, rounded to a whole number. */
export function quizScore(answers: number[], correct: number[]): number {
  const right = answers.filter((a, i) => a === correct[i]).length;
  return Math.round((right * 100) / correct.length);
}

/**
 * Grades a quiz. Enrolled leaders only; a completed course is not taken again. Passing
 * (score ≥ the course's pass score) completes the course with a certificate and records
 * `course.completed`; failing keeps the best score and he may try again. The enrolment row is
 * locked, so two submissions at once cannot both complete the course.
 */
/** Quiz submissions a leader may make per course in any 24 hours. */
export const QUIZ_ATTEMPTS_PER_DAY = 3;

export async function submitQuiz(db: Db, userId: string, courseId: string, answers: number[], now = new Date()) {
  await requireLeaderAnywhere(db, userId);
  const course = await publishedCourse(db, courseId);
  const result = await inTransaction(db, async (tx) => {
    const [e] = await tx.select().from(courseEnrolments).where(and(eq(courseEnrolments.courseId, courseId), eq(courseEnrolments.userId, userId))).for('update');
    if (!e) throw conflict('training.not_enrolled');
    if (e.completedAt) throw conflict('training.already_completed');
    // A few tries a day: enough to learn from mistakes, too few to find the answers by trial.
    const [{ today }] = await tx.select({ today: sql<number>`count(*)::int` }).from(quizAttempts)
      .where(and(eq(quizAttempts.courseId, courseId), eq(quizAttempts.userId, userId), gt(quizAttempts.submittedAt, new Date(now.getTime() - 86_400_000))));
    if (today >= QUIZ_ATTEMPTS_PER_DAY) throw tooMany('training.attempts_used', { max: QUIZ_ATTEMPTS_PER_DAY });
    const questions = await tx.select({ options: quizQuestions.options, correctIndex: quizQuestions.correctIndex })
      .from(quizQuestions).where(eq(quizQuestions.courseId, courseId)).orderBy(asc(quizQuestions.position));
    if (answers.length !== questions.length) throw badRequest('training.answers_count', { expected: questions.length });
    answers.forEach((a, i) => {
      if (!Number.isInteger(a) || a < 0 || a >= questions[i].options.length) throw badRequest('training.answer_invalid', { position: i + 1 });
    });
    const score = quizScore(answers, questions.map((q) => q.correctIndex));
    const passed = score >= course.passScore;
    const attempts = e.attempts + 1;
    const bestScore = Math.max(score, e.bestScore ?? 0);
    await tx.insert(quizAttempts).values({ courseId, userId, answers, score, passed, submittedAt: now });
    let code: string | null = null;
    if (passed) {
      // 31^6 ≈ 900 million codes: a clash is rare, and checked rather than left to the unique index.
      do code = certificateCode(now);
      while ((await tx.select({ c: courseEnrolments.certificateCode }).from(courseEnrolments).where(eq(courseEnrolments.certificateCode, code))).length);
      await recordEvent(tx, {
        type: 'course.completed', communityId: null, actorId: userId, subjectId: courseId,
        payload: { leaderId: userId, courseId, courseTitle: course.title, score, attempts, certificateCode: code, completedAt: now.toISOString() },
      });
    }
    await tx.update(courseEnrolments).set({ attempts, bestScore, lastAttemptAt: now, ...(passed ? { completedAt: now, certificateCode: code } : {}) })
      .where(and(eq(courseEnrolments.courseId, courseId), eq(courseEnrolments.userId, userId)));
    return {
      score, passed, passScore: course.passScore, correct: answers.filter((a, i) => a === questions[i].correctIndex).length, total: questions.length,
      attempts, bestScore, completedAt: passed ? now : null, certificateCode: code,
    };
  });
  return result;
}

/** The leader's certificates, newest first (shown on his profile). */
export async function certificatesOf(db: DbOrTx, userId: string) {
  const rows = await db.select({ courseId: courses.id, courseTitle: courses.title, code: courseEnrolments.certificateCode, completedAt: courseEnrolments.completedAt, score: courseEnrolments.bestScore })
    .from(courseEnrolments).innerJoin(courses, eq(courses.id, courseEnrolments.courseId))
    .where(and(eq(courseEnrolments.userId, userId), isNotNull(courseEnrolments.completedAt)))
    .orderBy(desc(courseEnrolments.completedAt));
  // Completed rows always carry both (a CHECK constraint says so).
  return rows.map((r) => ({ ...r, code: r.code!, completedAt: r.completedAt! }));
}

/** Completed courses per leader (a fact for honour rules). */
export async function coursesCompletedBy(db: DbOrTx, userIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.select({ userId: courseEnrolments.userId, n: sql<number>`count(*)::int` }).from(courseEnrolments)
    .where(and(inArray(courseEnrolments.userId, userIds), isNotNull(courseEnrolments.completedAt))).groupBy(courseEnrolments.userId);
  return new Map(rows.map((r) => [r.userId, Number(r.n)]));
}
