import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.js';
import { buildWorld, call } from '../testing/world.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 2 });
});
afterAll(async () => { await t?.close(); });

describe('the feed API contract', () => {
  it('answers moderation with its declared shapes: a report queue without account ids, a dismissal, a hiding', async () => {
    const [asker, reporter] = world.residents;
    const q = await call(t, asker, 'POST', `/api/communities/${world.community.id}/posts`, { kind: 'question', body: '驿站周末开门吗？' });
    expect(q.status).toBe(201);
    const filed = await call(t, reporter, 'POST', '/api/moderation/reports', { type: 'post', id: q.body.id, reason: '重复提问' });
    expect(filed.body).toEqual({ id: expect.any(String), status: 'open' });

    const queue = await call(t, world.leader, 'GET', `/api/moderation/reports?communityId=${world.community.id}`);
    expect(queue.body.items).toHaveLength(1);
    expect(Object.keys(queue.body.items[0]).sort()).toEqual(['authorName', 'communityId', 'createdAt', 'excerpt', 'id', 'postId', 'reason', 'reporterName', 'resolvedAt', 'status', 'targetId', 'targetType']);
    expect(queue.body.items[0]).toMatchObject({ targetId: q.body.id, postId: q.body.id, reporterName: '居民2', authorName: '居民1', excerpt: '驿站周末开门吗？' });

    const dismissed = await call(t, world.leader, 'POST', `/api/moderation/reports/${filed.body.id}/resolve`, { decision: 'dismiss' });
    expect(dismissed.body).toEqual({ id: filed.body.id, dismissed: true });
    const hidden = await call(t, world.leader, 'POST', '/api/moderation/hide', { type: 'post', id: q.body.id, reason: '已在公告里回答' });
    expect(hidden.body).toEqual({ id: q.body.id, hidden: true });
    expect((await call(t, asker, 'GET', `/api/posts/${q.body.id}`)).body).toMatchObject({ hidden: true, hiddenReason: '已在公告里回答' });
  });
});
