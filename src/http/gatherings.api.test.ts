import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.js';
import { buildWorld, call } from '../testing/world.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
const HOUR = 3_600_000;
beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 1 });
});
afterAll(async () => { await t?.close(); });

describe('the community events API contract', () => {
  it('answers a cancelled event, in the list too, with its state and reason; the check-in token stays the leader’s', async () => {
    const start = t.clock.now().getTime() + 30 * HOUR;
    const created = await call(t, world.leader, 'POST', `/api/communities/${world.community.id}/events`, {
      kind: 'online', title: '育儿经验分享', description: '线上聊聊辅食怎么做', startsAt: new Date(start).toISOString(), endsAt: new Date(start + HOUR).toISOString(),
      capacity: 20, streamUrl: 'https://live.example.com/room/1',
    });
    expect(created.status).toBe(201);
    expect(created.body.checkInToken).toEqual(expect.any(String));
    const cancelled = await call(t, world.leader, 'POST', `/api/events/${created.body.id}/cancel`, { reason: '讲师临时有事' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ state: 'cancelled', cancelled: true, cancelReason: '讲师临时有事', mySignup: null });
    const listed = await call(t, world.residents[0], 'GET', `/api/communities/${world.community.id}/events`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([{ ...cancelled.body, checkInToken: null, canManage: false }]);
  });
});
