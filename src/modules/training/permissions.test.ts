import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/app.js';
import { buildWorld, call, multipart, type Actor } from '../../testing/world.js';
import { scenePhoto } from '../../db/sample-photos.js';
import { otherCommunity, publishedCourse, RIGHT, sampleCourse, trainingSnapshot } from '../../testing/training.js';

/**
 * Every training, honour and profile endpoint, called by people who may not use it: each gets
 * 401/403/404 and every table of the module (and the event log, and stored files) is as before.
 */
let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
let otherLeader: Actor;
let outsider: Actor;
let otherCommunityId: string;
let courseId: string;
let draftId: string;
let honourId: string;
let grantId: string;
let photo: Buffer;

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 1 });
  otherLeader = await sessionCookie(t, { name: '李叔' });
  outsider = await sessionCookie(t, { name: '路人' });
  otherCommunityId = (await otherCommunity(t, world.operator, otherLeader)).id;
  courseId = await publishedCourse(t, world.operator);
  draftId = (await call(t, world.operator, 'POST', '/api/console/courses', sampleCourse({ title: '草稿课' }))).body.id;
  honourId = (await call(t, world.operator, 'POST', '/api/console/honours', { name: '社区之星', description: '热心' })).body.id;
  grantId = (await call(t, world.operator, 'POST', `/api/console/honours/${honourId}/grants`, { leaderId: world.leader.userId, reason: '送菜上门' })).body.id;
  await call(t, world.leader, 'POST', `/api/training/courses/${courseId}/enrol`);
  photo = await scenePhoto(3);
});
afterAll(async () => { await t?.close(); });

type Case = [label: string, who: () => Actor | null, method: string, url: () => string, status: number, body?: () => unknown];
const course = () => sampleCourse({ title: '越权课程' });
const consoleCases = (label: string, who: () => Actor | null, status: number): Case[] => [
  [`${label} lists courses`, who, 'GET', () => '/api/console/courses', status],
  [`${label} creates a course`, who, 'POST', () => '/api/console/courses', status, course],
  [`${label} reads a course with answers`, who, 'GET', () => `/api/console/courses/${courseId}`, status],
  [`${label} edits a draft`, who, 'PUT', () => `/api/console/courses/${draftId}`, status, course],
  [`${label} publishes a draft`, who, 'POST', () => `/api/console/courses/${draftId}/publish`, status],
  [`${label} lists honours`, who, 'GET', () => '/api/console/honours', status],
  [`${label} creates an honour`, who, 'POST', () => '/api/console/honours', status, () => ({ name: '自封金牌', rule: 'months_active >= 0' })],
  [`${label} edits an honour`, who, 'PATCH', () => `/api/console/honours/${honourId}`, status, () => ({ active: false })],
  [`${label} lists grants`, who, 'GET', () => `/api/console/honours/${honourId}/grants`, status],
  [`${label} grants an honour`, who, 'POST', () => `/api/console/honours/${honourId}/grants`, status, () => ({ leaderId: world.leader.userId, reason: '自己给自己' })],
  [`${label} revokes a grant`, who, 'POST', () => `/api/console/honour-grants/${grantId}/revoke`, status, () => ({ reason: '看他不顺眼' })],
  [`${label} evaluates honours`, who, 'POST', () => '/api/console/honours/evaluate', status],
  [`${label} reads leader facts`, who, 'GET', () => `/api/console/leaders/${world.leader.userId}/facts`, status],
];
const trainingCases = (label: string, who: () => Actor | null, status: number): Case[] => [
  [`${label} lists courses`, who, 'GET', () => '/api/training/courses', status],
  [`${label} reads a course`, who, 'GET', () => `/api/training/courses/${courseId}`, status],
  [`${label} enrols`, who, 'POST', () => `/api/training/courses/${courseId}/enrol`, status],
  [`${label} takes the quiz`, who, 'POST', () => `/api/training/courses/${courseId}/quiz`, status, () => ({ answers: RIGHT })],
];

const cases: Case[] = [
  ...consoleCases('anonymous', () => null, 401),
  ...consoleCases('resident', () => world.residents[0], 403),
  ...consoleCases('leader', () => world.leader, 403),
  ...trainingCases('anonymous', () => null, 401),
  ...trainingCases('resident', () => world.residents[0], 403),
  ...trainingCases('outsider', () => outsider, 403),
  ...trainingCases('operator (not a leader)', () => world.operator, 403),
  ['leader reads a draft course', () => world.leader, 'GET', () => `/api/training/courses/${draftId}`, 404],
  ['leader enrols in a draft course', () => world.leader, 'POST', () => `/api/training/courses/${draftId}/enrol`, 404],
  ['leader answers a draft course', () => world.leader, 'POST', () => `/api/training/courses/${draftId}/quiz`, 404, () => ({ answers: RIGHT })],
  ['other leader answers a course he did not enrol in', () => otherLeader, 'POST', () => `/api/training/courses/${courseId}/quiz`, 409, () => ({ answers: RIGHT })],
  ['anonymous reads a profile', () => null, 'GET', () => `/api/communities/${world.community.id}/leaders/${world.leader.userId}/profile`, 401],
  ['outsider reads a profile', () => outsider, 'GET', () => `/api/communities/${world.community.id}/leaders/${world.leader.userId}/profile`, 403],
  ["other community's leader reads a profile", () => otherLeader, 'GET', () => `/api/communities/${world.community.id}/leaders/${world.leader.userId}/profile`, 403],
  ['resident reads a profile in a community that does not exist', () => world.residents[0], 'GET', () => `/api/communities/00000000-0000-4000-8000-000000000000/leaders/${world.leader.userId}/profile`, 404],
  ['anonymous edits a profile', () => null, 'PUT', () => `/api/communities/${world.community.id}/leader-profile`, 401, () => ({ mission: '冒充' })],
  ['resident edits a profile', () => world.residents[0], 'PUT', () => `/api/communities/${world.community.id}/leader-profile`, 403, () => ({ mission: '冒充' })],
  ["other community's leader edits a profile here", () => otherLeader, 'PUT', () => `/api/communities/${world.community.id}/leader-profile`, 403, () => ({ mission: '冒充' })],
  ['leader edits a profile in the other community', () => world.leader, 'PUT', () => `/api/communities/${otherCommunityId}/leader-profile`, 403, () => ({ mission: '冒充' })],
  ['operator edits a profile (not a leader)', () => world.operator, 'PUT', () => `/api/communities/${world.community.id}/leader-profile`, 403, () => ({ mission: '冒充' })],
];

describe('training permission boundaries', () => {
  it.each(cases)('%s → refused, nothing changes', async (_label, who, method, url, status, body) => {
    const before = await trainingSnapshot(t);
    const res = await call(t, who(), method, url(), body?.());
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBeTruthy();
    expect(await trainingSnapshot(t)).toEqual(before);
  });

  it('refuses a resident\'s photo upload before anything is stored', async () => {
    const before = await trainingSnapshot(t);
    const storedBytes = t.storage.files.size;
    const body = multipart({ mission: '冒充团长' }, [{ field: 'photo', filename: 'x.jpg', bytes: photo, type: 'image/jpeg' }]);
    const res = await t.app.inject({ method: 'PUT', url: `/api/communities/${world.community.id}/leader-profile`, headers: { ...body.headers, cookie: world.residents[0].cookie }, payload: body.payload });
    expect(res.statusCode).toBe(403);
    expect(await trainingSnapshot(t)).toEqual(before);
    expect(t.storage.files.size).toBe(storedBytes);
  });

  it('the same requests by the right people succeed (the cases above are refused for the role, not the request)', async () => {
    expect((await call(t, world.operator, 'GET', `/api/console/courses/${courseId}`)).status).toBe(200);
    expect((await call(t, world.leader, 'GET', `/api/training/courses/${courseId}`)).status).toBe(200);
    expect((await call(t, world.residents[0], 'GET', `/api/communities/${world.community.id}/leaders/${world.leader.userId}/profile`)).status).toBe(200);
    expect((await call(t, world.operator, 'GET', `/api/communities/${world.community.id}/leaders/${world.leader.userId}/profile`)).status).toBe(200);
    expect((await call(t, world.leader, 'PUT', `/api/communities/${world.community.id}/leader-profile`, { mission: '本人' })).status).toBe(200);
    expect((await call(t, world.leader, 'POST', `/api/training/courses/${courseId}/quiz`, { answers: RIGHT })).status).toBe(200);
    expect((await call(t, world.operator, 'POST', `/api/console/honour-grants/${grantId}/revoke`, { reason: '运营本人撤销' })).status).toBe(200);
  });
});
