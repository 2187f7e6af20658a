import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sessionCookie, type TestApp } from '../testing/app.js';
import { buildWorld, call, type Actor } from '../testing/world.js';
import { databaseFingerprint } from '../testing/fingerprint.js';

/**
 * Every messaging endpoint called by someone who is not a side of the conversation (an outsider, a
 * neighbour, another community's leader, a supplier, anonymous): 401/403/404, and the database is
 * exactly as before.
 */
let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
let outsider: Actor;
let otherLeader: Actor;
let otherCommunityId: string;
let conversationId: string;
let messageId: string;

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 2 });
  outsider = await sessionCookie(t, { name: '外人' });
  otherLeader = await sessionCookie(t, { name: '别的团长' });
  const other = await call(t, world.operator, 'POST', '/api/communities', { name: '别处', address: 'x', timeZone: 'Asia/Shanghai', pickupPointName: 'a', pickupPointAddress: 'b', pickupHours: '08:00-20:00' });
  otherCommunityId = other.body.id;
  await call(t, world.operator, 'POST', `/api/communities/${otherCommunityId}/leaders`, { phone: otherLeader.phone, name: '李叔', title: '' });
  const sent = await call(t, world.residents[0], 'POST', `/api/communities/${world.community.id}/conversation/messages`, { body: '王叔好' });
  conversationId = sent.body.message.conversationId;
  messageId = sent.body.message.id;
});
afterAll(async () => { await t?.close(); });

type Probe = [string, () => Actor | null, string, () => string, (() => unknown)?];
const cases: Probe[] = [
  ['anonymous reads a conversation', () => null, 'GET', () => `/api/communities/${world.community.id}/conversation`],
  ['anonymous writes to the leader', () => null, 'POST', () => `/api/communities/${world.community.id}/conversation/messages`, () => ({ body: '你好' })],
  ['outsider writes to this community\'s leader', () => outsider, 'POST', () => `/api/communities/${world.community.id}/conversation/messages`, () => ({ body: '你好' })],
  ['outsider reads her conversation here', () => outsider, 'GET', () => `/api/communities/${world.community.id}/conversation`],
  ['resident writes to another community\'s leader', () => world.residents[0], 'POST', () => `/api/communities/${otherCommunityId}/conversation/messages`, () => ({ body: '你好' })],
  ['supplier writes to the leader', () => world.supplier.member, 'POST', () => `/api/communities/${world.community.id}/conversation/messages`, () => ({ body: '你好' })],
  ['resident reads the inbox', () => world.residents[0], 'GET', () => `/api/communities/${world.community.id}/inbox`],
  ['other leader reads the inbox here', () => otherLeader, 'GET', () => `/api/communities/${world.community.id}/inbox`],
  ['supplier reads the inbox', () => world.supplier.member, 'GET', () => `/api/communities/${world.community.id}/inbox`],
  ['anonymous reads the inbox', () => null, 'GET', () => `/api/communities/${world.community.id}/inbox`],
  ["neighbour reads another's conversation", () => world.residents[1], 'GET', () => `/api/conversations/${conversationId}`],
  ['other leader reads a conversation here', () => otherLeader, 'GET', () => `/api/conversations/${conversationId}`],
  ['outsider reads a conversation', () => outsider, 'GET', () => `/api/conversations/${conversationId}`],
  ["neighbour writes into another's conversation", () => world.residents[1], 'POST', () => `/api/conversations/${conversationId}/messages`, () => ({ body: '我也说' })],
  ['other leader answers here', () => otherLeader, 'POST', () => `/api/conversations/${conversationId}/messages`, () => ({ body: '我来答' })],
  ['supplier answers here', () => world.supplier.member, 'POST', () => `/api/conversations/${conversationId}/messages`, () => ({ body: '我来答' })],
  ["neighbour marks another's conversation read", () => world.residents[1], 'POST', () => `/api/conversations/${conversationId}/read`],
  ['other leader marks it read', () => otherLeader, 'POST', () => `/api/conversations/${conversationId}/read`],
  ['resident hides a message', () => world.residents[0], 'POST', () => `/api/messages/${messageId}/hide`, () => ({ reason: '我不想要了' })],
  ['leader hides a message', () => world.leader, 'POST', () => `/api/messages/${messageId}/hide`, () => ({ reason: '我不喜欢' })],
  ['other leader hides a message', () => otherLeader, 'POST', () => `/api/messages/${messageId}/hide`, () => ({ reason: '我不喜欢' })],
  ['anonymous hides a message', () => null, 'POST', () => `/api/messages/${messageId}/hide`, () => ({ reason: '我不喜欢' })],
];

describe('messaging role boundaries', () => {
  it.each(cases)('%s → refused, nothing changes', async (_label, who, method, url, body) => {
    const before = await databaseFingerprint(t);
    const res = await call(t, who(), method, url(), body?.());
    expect([401, 403, 404]).toContain(res.status);
    expect(res.body.error.code).toMatch(/^(auth\.|forbidden|community\.|message\.not_member|conversation\.not_found)/);
    expect(await databaseFingerprint(t)).toEqual(before);
  });
});
