import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.js';
import { buildWorld, call } from '../testing/world.js';
import { MAX_DOCUMENT_BYTES, MAX_IMAGE_BYTES } from '../modules/files/index.js';
import { COURSE_LIMITS } from '../modules/training/index.js';
import { HONOUR_LIMITS } from '../modules/training/index.js';
import { LIMITS as POST_LIMITS } from '../modules/feed/index.js';
import { CLAIM_LIMITS } from '../modules/aftersales/index.js';
import { NOTE_MAX } from '../modules/orders/index.js';
import { OPEN_LIMITS } from '../modules/groupbuy/index.js';
import { TRIAL_LIMITS } from '../modules/leaders/index.js';
import { EVENT_LIMITS } from '../modules/gatherings/index.js';
import { WELCOME_GIFT_LIMITS } from '../modules/community/index.js';
import { SURVEY_LIMITS } from '../modules/metrics/index.js';
import { MISSION_MAX } from '../modules/training/index.js';

describe('GET /api/limits', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp({ claimWindowDays: 9 }); });
  afterAll(async () => { await t.close(); });

  it('answers anyone with the constants the server enforces, and the claim window it is configured with', async () => {
    const res = await call(t, null, 'GET', '/api/limits');
    expect(res.status).toBe(200);
    expect(res.body.files).toEqual({ imageBytes: MAX_IMAGE_BYTES, documentBytes: MAX_DOCUMENT_BYTES });
    expect(res.body.files.imageBytes).toBe(8 * 1024 * 1024);
    expect(res.body.courses).toEqual(COURSE_LIMITS);
    expect(res.body.honours).toEqual(HONOUR_LIMITS);
    expect(res.body.leaderProfile).toEqual({ mission: MISSION_MAX });
    const { postsPerHour: _p, commentsPerHour: _c, ...postLimits } = POST_LIMITS;
    expect(res.body.posts).toEqual(postLimits);
    expect(res.body.claims).toEqual({ ...CLAIM_LIMITS, windowDays: 9 });
    expect(res.body.orders).toEqual({ note: NOTE_MAX });
    expect(res.body.groupBuys).toEqual(OPEN_LIMITS);
    expect(res.body.trials).toEqual(TRIAL_LIMITS);
    expect(res.body.events).toEqual(EVENT_LIMITS);
    expect(res.body.welcomeGift).toEqual(WELCOME_GIFT_LIMITS);
    expect(res.body.surveys).toEqual(SURVEY_LIMITS);
  });

  it('says exactly where the server draws the line: a 备注 of the reported length is taken, one character more is refused', async () => {
    const w = await buildWorld(t, { limit: 5 });
    const { body: limits } = await call(t, null, 'GET', '/api/limits');
    const resident = w.residents[0];
    const itemId = w.groupBuy.items[0].id;
    const longest = await call(t, resident, 'POST', `/api/group-buys/${w.groupBuy.id}/orders`, { itemId, quantity: 1, idempotencyKey: 'limits-note-ok', note: '邻'.repeat(limits.orders.note) });
    expect(longest.status).toBe(201);
    const tooLong = await call(t, resident, 'POST', `/api/group-buys/${w.groupBuy.id}/orders`, { itemId, quantity: 1, idempotencyKey: 'limits-note-long', note: '邻'.repeat(limits.orders.note + 1) });
    expect(tooLong.status).toBe(400);
    const order = await call(t, resident, 'GET', `/api/orders/${longest.body.order.id}`);
    expect(order.body.note).toHaveLength(limits.orders.note);
  });
});
