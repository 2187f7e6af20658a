import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, requireOperator, requireUser, type AppContext } from './context.js';
import { readMultipart } from './files.routes.js';
import { MAX_IMAGE_BYTES } from '../modules/files/index.js';
import { badRequest } from '../platform/errors.js';
import * as training from '../modules/training/index.js';
import * as honours from '../modules/training/index.js';
import * as profiles from '../modules/training/index.js';
import { errorResponses } from './api-schemas.js';
import * as api from './training.api.js';

const idParams = z.object({ id: z.uuid() });
// Lengths are checked in the services (with messages that say the limit); these caps only stop abuse.
const lesson = z.object({ title: z.string().max(500), body: z.string().max(40_000), videoUrl: z.string().max(2000).nullish() });
const question = z.object({ prompt: z.string().max(2000), options: z.array(z.string().max(500)).max(20), correctIndex: z.number().int() });
const courseBody = z.object({
  title: z.string().max(500),
  description: z.string().max(10_000).default(''),
  passScore: z.number().int().default(80),
  lessons: z.array(lesson).max(200).default([]),
  questions: z.array(question).max(200).default([]),
});
const profileFields = z.object({ mission: z.string().max(2000).optional(), removePhoto: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional() });

export function trainingRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);

  // ------------------------------------------------------------ console: courses (operators)
  r.get('/api/console/courses', { schema: { tags: ['training'], summary: '培训课程（运营）', response: { 200: api.courseSummaryList, ...errorResponses(403) } } }, async (req) => {
    requireOperator(req);
    return { items: await training.listCoursesForConsole(ctx.db) };
  });

  r.post('/api/console/courses', { schema: { tags: ['training'], summary: '新建课程草稿', body: courseBody, response: { 201: api.course, ...errorResponses(403, 413) } } }, async (req, reply) => {
    const user = requireOperator(req);
    reply.code(201);
    return training.createCourse(ctx.db, user.id, req.body, ctx.now());
  });

  r.get('/api/console/courses/:id', { schema: { tags: ['training'], summary: '课程详情（含答案）', params: idParams, response: { 200: api.course, ...errorResponses(403, 404) } } }, async (req) => {
    requireOperator(req);
    return training.courseForConsole(ctx.db, req.params.id);
  });

  r.put('/api/console/courses/:id', { schema: { tags: ['training'], summary: '保存草稿（整体替换课时与题目）', params: idParams, body: courseBody, response: { 200: api.course, ...errorResponses(403, 404, 409, 413) } } }, async (req) => {
    requireOperator(req);
    return training.saveCourseDraft(ctx.db, req.params.id, req.body, ctx.now());
  });

  r.post('/api/console/courses/:id/publish', { schema: { tags: ['training'], summary: '发布课程（发布后不可修改）', params: idParams, response: { 200: api.course, ...errorResponses(403, 404, 409) } } }, async (req) => {
    const user = requireOperator(req);
    return training.publishCourse(ctx.db, user.id, req.params.id, ctx.now());
  });

  // ------------------------------------------------------------ console: honours (operators)
  r.get('/api/console/honours', { schema: { tags: ['training'], summary: '荣誉与可用的团长数据项', response: { 200: api.honourList, ...errorResponses(403) } } }, async (req) => {
    requireOperator(req);
    return honours.listHonours(ctx.db, req.locale);
  });

  r.post('/api/console/honours', {
    schema: { tags: ['training'], summary: '新建荣誉（可带规则）', body: z.object({ name: z.string().max(200), description: z.string().max(2000).default(''), rule: z.string().max(honours.HONOUR_LIMITS.rule).nullish() }),
      response: { 201: api.honour, ...errorResponses(403, 409, 413) } },
  }, async (req, reply) => {
    const user = requireOperator(req);
    reply.code(201);
    return honours.createHonour(ctx.db, user.id, req.body, req.locale, ctx.now());
  });

  r.patch('/api/console/honours/:id', {
    schema: { tags: ['training'], summary: '修改荣誉说明、规则或停用', params: idParams, body: z.object({ description: z.string().max(2000).optional(), rule: z.string().max(honours.HONOUR_LIMITS.rule).nullish(), active: z.boolean().optional() }),
      response: { 200: api.honour, ...errorResponses(403, 404, 413) } },
  }, async (req) => {
    requireOperator(req);
    return honours.updateHonour(ctx.db, req.params.id, req.body, req.locale, ctx.now());
  });

  r.get('/api/console/honours/:id/grants', { schema: { tags: ['training'], summary: '荣誉授予记录', params: idParams, response: { 200: api.honourGrantList, ...errorResponses(403, 404) } } }, async (req) => {
    requireOperator(req);
    return honours.listGrants(ctx.db, req.params.id, req.locale);
  });

  r.post('/api/console/honours/:id/grants', {
    schema: { tags: ['training'], summary: '手动授予（须写明理由）', params: idParams, body: z.object({ leaderId: z.uuid(), communityId: z.uuid().nullish(), reason: z.string().max(2000) }),
      response: { 201: api.honourGrant, ...errorResponses(403, 404, 409, 413) } },
  }, async (req, reply) => {
    const user = requireOperator(req);
    reply.code(201);
    return honours.grantHonour(ctx.db, user.id, req.params.id, req.body, req.locale, ctx.now());
  });

  r.post('/api/console/honour-grants/:id/revoke', {
    schema: { tags: ['training'], summary: '撤销授予（须写明理由）', params: idParams, body: z.object({ reason: z.string().max(2000) }),
      response: { 200: api.honourGrant, ...errorResponses(403, 404, 409, 413) } },
  }, async (req) => {
    const user = requireOperator(req);
    return honours.revokeGrant(ctx.db, user.id, req.params.id, req.body.reason, req.locale, ctx.now());
  });

  r.post('/api/console/honours/evaluate', { schema: { tags: ['training'], summary: '立即按规则评选', response: { 200: api.honourEvaluation, ...errorResponses(403) } } }, async (req) => {
    requireOperator(req);
    return honours.evaluateHonours(ctx.db, ctx.now());
  });

  r.get('/api/console/leaders/:id/facts', {
    schema: { tags: ['training'], summary: '团长数据项（荣誉规则读取的值）；带 honourId 时说明他现在是否满足', params: idParams, querystring: z.object({ honourId: z.uuid().optional() }),
      response: { 200: api.leaderFactsAnswer, ...errorResponses(403, 404) } },
  }, async (req) => {
    requireOperator(req);
    const facts = await honours.leaderFactsOf(ctx.db, req.params.id, ctx.now());
    const check = req.query.honourId ? await honours.checkHonourFor(ctx.db, req.query.honourId, req.params.id, req.locale, ctx.now()) : null;
    return { leaderId: req.params.id, facts, check };
  });

  // ------------------------------------------------------------ leaders: training
  r.get('/api/training/courses', { schema: { tags: ['training'], summary: '可学的课程与我的进度（团长）', response: { 200: api.leaderCourseList, ...errorResponses(403) } } }, async (req) =>
    ({ items: await training.listPublishedCourses(ctx.db, requireUser(req).id) }));

  r.get('/api/training/courses/:id', { schema: { tags: ['training'], summary: '课程内容（报名后可见；不含答案）', params: idParams, response: { 200: api.leaderCourse, ...errorResponses(403, 404) } } }, async (req) =>
    training.courseForLeader(ctx.db, requireUser(req).id, req.params.id));

  r.post('/api/training/courses/:id/enrol', { schema: { tags: ['training'], summary: '报名（重复报名无影响）', params: idParams, response: { 200: api.leaderCourse, ...errorResponses(403, 404) } } }, async (req) =>
    training.enrol(ctx.db, requireUser(req).id, req.params.id, ctx.now()));

  r.post('/api/training/courses/:id/quiz', {
    schema: { tags: ['training'], summary: '交卷', params: idParams, body: z.object({ answers: z.array(z.number().int()).max(200) }),
      response: { 200: api.quizResult, ...errorResponses(403, 404, 409, 413) } },
  }, async (req) => training.submitQuiz(ctx.db, requireUser(req).id, req.params.id, req.body.answers, ctx.now()));

  // ------------------------------------------------------------ leader profile
  /** JSON {mission?, removePhoto?}, or multipart with fields mission/removePhoto and an image file `photo`. */
  r.put('/api/communities/:id/leader-profile', { schema: { tags: ['training'], summary: '团长编辑自己的主页', params: idParams, response: { 200: api.leaderProfile, ...errorResponses(403, 404, 413) } } }, async (req) => {
    const user = requireUser(req);
    let fields: unknown = req.body ?? {};
    let photo: { filename: string; bytes: Buffer } | null = null;
    if (req.isMultipart()) {
      const parts = await readMultipart(req, MAX_IMAGE_BYTES, 1);
      fields = parts.fields;
      photo = parts.files[0] ?? null;
    }
    const parsed = profileFields.safeParse(fields);
    if (!parsed.success) throw badRequest('request.invalid', { detail: parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ') });
    await profiles.updateLeaderProfile(ctx.db, ctx.storage, req.params.id, user.id, { ...parsed.data, photo }, ctx.now());
    return profiles.leaderProfile(ctx.db, user, req.params.id, user.id, req.locale, ctx.now());
  });

  r.get('/api/communities/:id/leaders/:userId/profile', {
    schema: { tags: ['training'], summary: '团长主页（社区成员可见）', params: z.object({ id: z.uuid(), userId: z.uuid() }),
      response: { 200: api.leaderProfile, ...errorResponses(403, 404) } },
  }, async (req) => profiles.leaderProfile(ctx.db, requireUser(req), req.params.id, req.params.userId, req.locale, ctx.now()));
}
