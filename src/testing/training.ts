import { sql } from 'drizzle-orm';
import type { TestApp } from './app.js';
import { call, type Actor } from './world.js';

/** A five-question course: 4 right of 5 is 80 (passes at the default 80), 3 of 5 is 60. */
export function sampleCourse(over: Record<string, unknown> = {}) {
  return {
    title: '生鲜到货验收',
    description: '到货时怎么看温度、外观和数量，出了问题怎么拍照留证。',
    passScore: 80,
    lessons: [
      { title: '先看温度', body: '冷链到货先用测温枪测箱内温度，草莓应在 0–4℃。', videoUrl: 'https://video.example.com/lesson-1.mp4' },
      { title: '再看外观', body: '开箱看有没有压坏、出水、发霉，有问题先拍照再分拣。' },
    ],
    questions: [
      { prompt: '草莓到货时箱内温度应在？', options: ['0–4℃', '10–15℃', '常温即可'], correctIndex: 0 },
      { prompt: '发现压坏的果子，第一步做什么？', options: ['直接扔掉', '先拍照留证', '照常分给居民'], correctIndex: 1 },
      { prompt: '到货数量少了，应该？', options: ['自己垫上', '在系统里记录短少', '不管它'], correctIndex: 1 },
      { prompt: '测温用什么？', options: ['手摸', '测温枪'], correctIndex: 1 },
      { prompt: '分拣前要不要核对分拣单？', options: ['要', '不要'], correctIndex: 0 },
    ],
    ...over,
  };
}

/** The right answers of sampleCourse, and ways to get some of them wrong. */
export const RIGHT = [0, 1, 1, 1, 0];
export const withWrong = (n: number) => RIGHT.map((a, i) => (i < n ? (a === 0 ? 1 : 0) : a));

/** Creates and publishes a course through the console API; returns its id. */
export async function publishedCourse(t: TestApp, operator: Actor, over: Record<string, unknown> = {}): Promise<string> {
  const created = await call(t, operator, 'POST', '/api/console/courses', sampleCourse(over));
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  const published = await call(t, operator, 'POST', `/api/console/courses/${created.body.id}/publish`);
  if (published.status !== 200) throw new Error(JSON.stringify(published.body));
  return created.body.id;
}

/** Enrols and passes a course as a leader. */
export async function completeCourse(t: TestApp, leader: Actor, courseId: string) {
  await call(t, leader, 'POST', `/api/training/courses/${courseId}/enrol`);
  const res = await call(t, leader, 'POST', `/api/training/courses/${courseId}/quiz`, { answers: RIGHT });
  if (res.status !== 200 || !res.body.passed) throw new Error(JSON.stringify(res.body));
  return res.body;
}

export async function count(t: TestApp, table: string, where = 'true'): Promise<number> {
  const res = (await t.database.db.execute(sql.raw(`select count(*)::int as n from ${table} where ${where}`))) as unknown as { rows: { n: number }[] };
  return Number(res.rows[0].n);
}

export const events = (t: TestApp, type: string) => count(t, 'domain_events', `type = '${type.replace(/'/g, "''")}'`);

/** Row counts of every table this module writes, and the event log: "nothing changed" is equality. */
export async function trainingSnapshot(t: TestApp) {
  const tables = ['courses', 'course_lessons', 'quiz_questions', 'course_enrolments', 'quiz_attempts', 'honours', 'honour_grants', 'leader_profiles', 'stored_files', 'domain_events'];
  const out: Record<string, number> = {};
  for (const table of tables) out[table] = await count(t, table);
  const state = (await t.database.db.execute(sql`select
      (select string_agg(status || pass_score || title, ',' order by id) from courses) as courses,
      (select string_agg(attempts || ':' || coalesce(best_score, -1) || ':' || coalesce(certificate_code, ''), ',' order by course_id, user_id) from course_enrolments) as enrolments,
      (select string_agg(coalesce(revoked_at::text, 'standing'), ',' order by id) from honour_grants) as grants,
      (select string_agg(active::text || coalesce(rule, ''), ',' order by id) from honours) as honours,
      (select string_agg(mission || coalesce(photo_file_id::text, ''), ',' order by user_id) from leader_profiles) as profiles`)) as unknown as { rows: Record<string, string | null>[] };
  return { ...out, ...state.rows[0] };
}

/** Another community with its own leader (someone the first leader's residents do not know). */
export async function otherCommunity(t: TestApp, operator: Actor, leader: Actor, name = '别的小区') {
  const c = await call(t, operator, 'POST', '/api/communities', { name, address: '上海市别处路 2 号', timeZone: 'Asia/Shanghai', pickupPointName: '门卫室', pickupPointAddress: '南门', pickupHours: '08:00-20:00' });
  if (c.status !== 201) throw new Error(JSON.stringify(c.body));
  const appointed = await call(t, operator, 'POST', `/api/communities/${c.body.id}/leaders`, { phone: leader.phone, name: '李叔', title: '团购主理人' });
  if (appointed.status >= 300) throw new Error(JSON.stringify(appointed.body));
  return c.body as { id: string; name: string; inviteCode: string };
}
