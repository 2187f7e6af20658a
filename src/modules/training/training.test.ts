import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/app.js';
import { buildWorld, call, type Actor } from '../../testing/world.js';
import { count, events, otherCommunity, publishedCourse, RIGHT, sampleCourse, trainingSnapshot, withWrong } from '../../testing/training.js';
import { certificateCode, quizScore } from './training.service.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
let otherLeader: Actor;

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 1 });
  otherLeader = await sessionCookie(t, { name: '李叔' });
  await otherCommunity(t, world.operator, otherLeader);
});
afterAll(async () => { await t?.close(); });

describe('pure parts', () => {
  it('scores the share of right answers and makes readable certificate codes', () => {
    expect(quizScore([0, 1, 1, 1, 0], RIGHT)).toBe(100);
    expect(quizScore(withWrong(1), RIGHT)).toBe(80);
    expect(quizScore([0, 0, 0], [0, 1, 1])).toBe(33);
    expect(certificateCode(new Date('2026-12-31T17:00:00Z'))).toMatch(/^LL-2027-[A-HJ-NP-Z2-9]{6}$/); // 1 a.m. in Beijing
    expect(certificateCode(new Date('2026-06-01T00:00:00Z'))).toMatch(/^LL-2026-[A-HJ-NP-Z2-9]{6}$/);
  });
});

describe('operators write and publish courses', () => {
  it('refuses a bad draft with the position of the problem and stores nothing', async () => {
    const before = await trainingSnapshot(t);
    const base = sampleCourse();
    const cases: [unknown, string, Record<string, unknown>?][] = [
      [{ ...base, title: ' ' }, 'course.title_invalid'],
      [{ ...base, passScore: 101 }, 'course.pass_score_invalid'],
      [{ ...base, lessons: [base.lessons[0], { ...base.lessons[1], videoUrl: 'javascript:alert(1)' }] }, 'course.video_url_invalid', { position: 2 }],
      [{ ...base, lessons: [{ ...base.lessons[0], videoUrl: 'ftp://example.com/a.mp4' }] }, 'course.video_url_invalid', { position: 1 }],
      [{ ...base, lessons: [{ title: '空', body: '  ' }] }, 'course.lesson_body_invalid', { position: 1 }],
      [{ ...base, questions: [base.questions[0], { prompt: '只有一个选项', options: ['是'], correctIndex: 0 }] }, 'course.question_options_invalid', { position: 2 }],
      [{ ...base, questions: [{ prompt: '七个选项', options: ['1', '2', '3', '4', '5', '6', '7'], correctIndex: 0 }] }, 'course.question_options_invalid', { position: 1 }],
      [{ ...base, questions: [{ prompt: '重复选项', options: ['是', '是'], correctIndex: 0 }] }, 'course.question_options_invalid', { position: 1 }],
      [{ ...base, questions: [{ prompt: '答案越界', options: ['是', '否'], correctIndex: 2 }] }, 'course.question_answer_invalid', { position: 1 }],
    ];
    for (const [body, code, details] of cases) {
      const res = await call(t, world.operator, 'POST', '/api/console/courses', body);
      expect({ status: res.status, code: res.body.error.code }).toEqual({ status: 400, code });
      if (details) expect(res.body.error.details).toMatchObject(details);
      expect(res.body.error.message).not.toMatch(/^errors\./);
    }
    expect(await trainingSnapshot(t)).toEqual(before);
  });

  it('publishes only a course with a lesson and a question, then freezes it', async () => {
    const empty = await call(t, world.operator, 'POST', '/api/console/courses', { title: '团长沟通课' });
    expect(empty.status).toBe(201);
    expect(empty.body).toMatchObject({ status: 'draft', passScore: 80, lessons: [], questions: [], publishedAt: null });
    const id = empty.body.id;
    const noLesson = await call(t, world.operator, 'POST', `/api/console/courses/${id}/publish`);
    expect({ status: noLesson.status, code: noLesson.body.error.code }).toEqual({ status: 409, code: 'course.no_lessons' });

    const base = sampleCourse({ title: '团长沟通课' });
    const lessonsOnly = await call(t, world.operator, 'PUT', `/api/console/courses/${id}`, { ...base, questions: [] });
    expect(lessonsOnly.status).toBe(200);
    expect(lessonsOnly.body.lessons.map((l: { position: number }) => l.position)).toEqual([1, 2]);
    const noQuestion = await call(t, world.operator, 'POST', `/api/console/courses/${id}/publish`);
    expect({ status: noQuestion.status, code: noQuestion.body.error.code }).toEqual({ status: 409, code: 'course.no_questions' });

    const full = await call(t, world.operator, 'PUT', `/api/console/courses/${id}`, { ...base, passScore: 60 });
    expect(full.body).toMatchObject({ passScore: 60, lessonCount: 2, questionCount: 5 });
    expect(full.body.questions[1]).toMatchObject({ position: 2, correctIndex: 1, options: base.questions[1].options });
    expect(full.body.lessons[0].videoUrl).toBe('https://video.example.com/lesson-1.mp4');

    const published = await call(t, world.operator, 'POST', `/api/console/courses/${id}/publish`);
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    expect(published.body.publishedAt).toBeTruthy();
    expect(await events(t, 'course.published')).toBe(1);

    const before = await trainingSnapshot(t);
    const edit = await call(t, world.operator, 'PUT', `/api/console/courses/${id}`, { ...base, title: '改个名字' });
    expect({ status: edit.status, code: edit.body.error.code }).toEqual({ status: 409, code: 'course.published_locked' });
    const again = await call(t, world.operator, 'POST', `/api/console/courses/${id}/publish`);
    expect({ status: again.status, code: again.body.error.code }).toEqual({ status: 409, code: 'course.already_published' });
    expect(await trainingSnapshot(t)).toEqual(before);

    const list = await call(t, world.operator, 'GET', '/api/console/courses');
    expect(list.body.items.find((c: { id: string }) => c.id === id)).toMatchObject({ status: 'published', enrolled: 0, completed: 0 });
  });

  it('answers unknown courses with 404', async () => {
    const res = await call(t, world.operator, 'GET', '/api/console/courses/00000000-0000-4000-8000-000000000000');
    expect({ status: res.status, code: res.body.error.code }).toEqual({ status: 404, code: 'course.not_found' });
  });
});

describe('leaders take courses', () => {
  let courseId: string;
  let draftId: string;

  beforeAll(async () => {
    courseId = await publishedCourse(t, world.operator);
    draftId = (await call(t, world.operator, 'POST', '/api/console/courses', sampleCourse({ title: '还没发布的课' }))).body.id;
  });

  it('lists published courses only, and shows lessons only after enrolling', async () => {
    const list = await call(t, world.leader, 'GET', '/api/training/courses');
    expect(list.status).toBe(200);
    const ids = list.body.items.map((c: { id: string }) => c.id);
    expect(ids).toContain(courseId);
    expect(ids).not.toContain(draftId);
    expect(list.body.items.find((c: { id: string }) => c.id === courseId)).toMatchObject({ title: '生鲜到货验收', lessonCount: 2, questionCount: 5, passScore: 80, enrolment: null });

    const draft = await call(t, world.leader, 'GET', `/api/training/courses/${draftId}`);
    expect({ status: draft.status, code: draft.body.error.code }).toEqual({ status: 404, code: 'course.not_found' });

    const before = await call(t, world.leader, 'GET', `/api/training/courses/${courseId}`);
    expect(before.body).toMatchObject({ id: courseId, enrolment: null, lessons: null, questions: null });
  });

  it('enrols once however often he asks, and never sees the answers before passing', async () => {
    const first = await call(t, world.leader, 'POST', `/api/training/courses/${courseId}/enrol`);
    expect(first.status).toBe(200);
    const second = await call(t, world.leader, 'POST', `/api/training/courses/${courseId}/enrol`);
    expect(second.status).toBe(200);
    expect(second.body.enrolment.enrolledAt).toBe(first.body.enrolment.enrolledAt);
    expect(await count(t, 'course_enrolments', `course_id = '${courseId}'`)).toBe(1);
    expect(await events(t, 'course.enrolled')).toBe(1);

    const detail = await call(t, world.leader, 'GET', `/api/training/courses/${courseId}`);
    expect(detail.body.lessons).toHaveLength(2);
    expect(detail.body.lessons[0]).toMatchObject({ position: 1, title: '先看温度', videoUrl: 'https://video.example.com/lesson-1.mp4' });
    expect(detail.body.questions).toHaveLength(5);
    expect(detail.body.questions[0]).toMatchObject({ position: 1, prompt: '草莓到货时箱内温度应在？', options: ['0–4℃', '10–15℃', '常温即可'] });
    expect(JSON.stringify(detail.body)).not.toContain('correctIndex');
    expect(JSON.stringify(first.body)).not.toContain('correctIndex');
  });

  it('refuses a quiz for a course he has not enrolled in, and nothing changes', async () => {
    const before = await trainingSnapshot(t);
    const res = await call(t, otherLeader, 'POST', `/api/training/courses/${courseId}/quiz`, { answers: RIGHT });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'training.not_enrolled', message: '你还没有报名这门课程，请先报名再答题' });
    const en = await call(t, otherLeader, 'POST', `/api/training/courses/${courseId}/quiz?lang=en`, { answers: RIGHT });
    expect(en.body.error.message).toBe('You have not enrolled in this course; enrol before taking the quiz');
    expect(await trainingSnapshot(t)).toEqual(before);
  });

  it('refuses malformed answers without counting an attempt', async () => {
    const before = await trainingSnapshot(t);
    const short = await call(t, world.leader, 'POST', `/api/training/courses/${courseId}/quiz`, { answers: [0, 1] });
    expect(short.status).toBe(400);
    expect(short.body.error).toMatchObject({ code: 'training.answers_count', details: { expected: 5 } });
    const outOfRange = await call(t, world.leader, 'POST', `/api/training/courses/${courseId}/quiz`, { answers: [0, 1, 1, 2, 0] });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.error).toMatchObject({ code: 'training.answer_invalid', details: { position: 4 } });
    const notNumbers = await call(t, world.leader, 'POST', `/api/training/courses/${courseId}/quiz`, { answers: ['a', 1, 1, 1, 0] });
    expect(notNumbers.body.error.code).toBe('request.invalid');
    expect(await trainingSnapshot(t)).toEqual(before);
  });

  it('fails, keeps the best score, lets him retry, then passes with a certificate and one course.completed', async () => {
    const fail1 = await call(t, world.leader, 'POST', `/api/training/courses/${courseId}/quiz`, { answers: withWrong(2) });
    expect(fail1.status).toBe(200);
    expect(fail1.body).toMatchObject({ score: 60, passed: false, passScore: 80, correct: 3, total: 5, attempts: 1, bestScore: 60, completedAt: null, certificateCode: null });
    expect(JSON.stringify(fail1.body)).not.toContain('correctIndex');

    const fail2 = await call(t, world.leader, 'POST', `/api/training/courses/${courseId}/quiz`, { answers: withWrong(3) });
    expect(fail2.body).toMatchObject({ score: 40, passed: false, attempts: 2, bestScore: 60 });
    expect(await events(t, 'course.completed')).toBe(0);

    const pass = await call(t, world.leader, 'POST', `/api/training/courses/${courseId}/quiz`, { answers: withWrong(1) });
    expect(pass.body).toMatchObject({ score: 80, passed: true, attempts: 3, bestScore: 80 });
    expect(pass.body.certificateCode).toMatch(/^LL-\d{4}-[A-HJ-NP-Z2-9]{6}$/);
    expect(pass.body.completedAt).toBeTruthy();
    expect(await count(t, 'quiz_attempts', `course_id = '${courseId}'`)).toBe(3);

    const ev = (await t.database.db.execute(sql`select actor_id, subject_id, community_id, payload from domain_events where type = 'course.completed'`)) as unknown as { rows: { actor_id: string; subject_id: string; community_id: string | null; payload: Record<string, unknown> }[] };
    expect(ev.rows).toHaveLength(1);
    expect(ev.rows[0]).toMatchObject({ actor_id: world.leader.userId, subject_id: courseId, community_id: null });
    expect(ev.rows[0].payload).toMatchObject({ leaderId: world.leader.userId, courseId, courseTitle: '生鲜到货验收', score: 80, attempts: 3, certificateCode: pass.body.certificateCode });

    // A completed course is not taken again: nothing changes, still one event.
    const before = await trainingSnapshot(t);
    const again = await call(t, world.leader, 'POST', `/api/training/courses/${courseId}/quiz`, { answers: RIGHT });
    expect({ status: again.status, code: again.body.error.code }).toEqual({ status: 409, code: 'training.already_completed' });
    expect(await trainingSnapshot(t)).toEqual(before);
    const reEnrol = await call(t, world.leader, 'POST', `/api/training/courses/${courseId}/enrol`);
    expect(reEnrol.body.enrolment).toMatchObject({ certificateCode: pass.body.certificateCode, attempts: 3 });
    expect(await events(t, 'course.completed')).toBe(1);

    // After passing he may see the answers, to learn from his mistakes.
    const detail = await call(t, world.leader, 'GET', `/api/training/courses/${courseId}`);
    expect(detail.body.questions.map((q: { correctIndex: number }) => q.correctIndex)).toEqual(RIGHT);
    const list = await call(t, world.leader, 'GET', '/api/training/courses');
    expect(list.body.items.find((c: { id: string }) => c.id === courseId).enrolment).toMatchObject({ bestScore: 80, certificateCode: pass.body.certificateCode });
    const consoleView = await call(t, world.operator, 'GET', `/api/console/courses/${courseId}`);
    expect(consoleView.body).toMatchObject({ enrolled: 1, completed: 1 });
  });

  it('shows the certificate on his profile to the residents', async () => {
    const res = await call(t, world.residents[0], 'GET', `/api/communities/${world.community.id}/leaders/${world.leader.userId}/profile`);
    expect(res.status).toBe(200);
    expect(res.body.certificates).toHaveLength(1);
    expect(res.body.certificates[0]).toMatchObject({ courseTitle: '生鲜到货验收' });
    expect(res.body.certificates[0].code).toMatch(/^LL-\d{4}-/);
    expect(res.body.certificates[0].completedAt).toBeTruthy();
  });

  it('completes a course once when two passing answers arrive together', async () => {
    const id = await publishedCourse(t, world.operator, { title: '并发交卷课' });
    await call(t, otherLeader, 'POST', `/api/training/courses/${id}/enrol`);
    const results = await Promise.all([1, 2, 3].map(() => call(t, otherLeader, 'POST', `/api/training/courses/${id}/quiz`, { answers: RIGHT })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'training.already_completed')).toBe(true);
    const n = Number(((await t.database.db.execute(sql`select count(*)::int as n from domain_events where type = 'course.completed' and subject_id = ${id}`)) as unknown as { rows: { n: number }[] }).rows[0].n);
    expect(n).toBe(1);
    expect(await count(t, 'quiz_attempts', `course_id = '${id}'`)).toBe(1);
  });
});

describe('quiz attempts', () => {
  it('allows three tries a day, so the answers cannot be found by trial', async () => {
    const courseId = await publishedCourse(t, world.operator, { title: '冷链验收入门' });
    await call(t, otherLeader, 'POST', `/api/training/courses/${courseId}/enrol`);
    for (let i = 0; i < 3; i++) expect((await call(t, otherLeader, 'POST', `/api/training/courses/${courseId}/quiz`, { answers: withWrong(3) })).status).toBe(200);
    const fourth = await call(t, otherLeader, 'POST', `/api/training/courses/${courseId}/quiz`, { answers: RIGHT });
    expect(fourth.status).toBe(429);
    expect(fourth.body.error.code).toBe('training.attempts_used');
    t.clock.advance(25 * 3_600_000);
    expect((await call(t, otherLeader, 'POST', `/api/training/courses/${courseId}/quiz`, { answers: RIGHT })).body.passed).toBe(true);
  });
});
