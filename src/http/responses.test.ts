import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.js';
import { buildWorld, call, idemKey, multipart, TINY_PDF } from '../testing/world.js';

/**
 * Answers are encoded through their declared schemas: a wrong type fails the request and an
 * undeclared field is dropped. These are the answers no other test reads.
 */
let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t);
});
afterAll(async () => { await t?.close(); });

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('answers through their schemas', () => {
  it('health, profile edits and logout say ok and nothing else', async () => {
    expect((await call(t, null, 'GET', '/api/health')).body).toEqual({ ok: true });
    const resident = world.residents[0];
    expect((await call(t, resident, 'PATCH', '/api/me', { name: '居民甲', birthday: '03-08' })).body).toEqual({ ok: true });
    expect((await call(t, resident, 'GET', '/api/me')).body.user).toMatchObject({ name: '居民甲', birthday: '03-08' });
  });

  it('an operator edits a community: its record, never the gift file behind it', async () => {
    const edited = await call(t, world.operator, 'PATCH', `/api/communities/${world.community.id}`, { pickupHours: '09:00-21:00' });
    expect(edited.status).toBe(200);
    expect(Object.keys(edited.body).sort()).toEqual(['address', 'createdAt', 'id', 'inviteCode', 'name', 'notCollectedGraceDays', 'pickupHours', 'pickupPointAddress', 'pickupPointName', 'timeZone']);
    expect(edited.body).toMatchObject({ pickupHours: '09:00-21:00', notCollectedGraceDays: 3 });
    expect(edited.body.createdAt).toMatch(ISO);
    const again = await call(t, world.leader, 'POST', `/api/communities/${world.community.id}/invite/regenerate`);
    expect(again.body).toEqual({ inviteCode: expect.stringMatching(/^[\w-]{8}$/) });
    expect(again.body.inviteCode).not.toBe(world.community.inviteCode);
  });

  it('the welcome gift: set with a file, read by a member, removed', async () => {
    const form = multipart({ title: '《家庭应急手册》', description: '停水停电怎么办' }, [{ field: 'file', filename: '手册.pdf', bytes: TINY_PDF, type: 'application/pdf' }]);
    const set = await t.app.inject({ method: 'PUT', url: `/api/communities/${world.community.id}/welcome-gift`, payload: form.payload, headers: { ...form.headers, cookie: world.leader.cookie } });
    expect(set.statusCode).toBe(200);
    const read = await call(t, world.residents[1], 'GET', `/api/communities/${world.community.id}/welcome-gift`);
    expect(read.body).toEqual({ welcomeGift: { title: '《家庭应急手册》', description: '停水停电怎么办', couponCode: null, fileUrl: expect.stringMatching(/^\/api\/files\/[0-9a-f-]{36}$/) } });
    expect((await call(t, world.leader, 'DELETE', `/api/communities/${world.community.id}/welcome-gift`)).body).toEqual({ welcomeGift: null });
  });

  it('a product, a batch with its inspections and logistics', async () => {
    const product = await call(t, world.leader, 'GET', `/api/products/${world.product.id}`);
    expect(product.body).toMatchObject({ id: world.product.id, name: '有机草莓', supplierId: world.supplier.id, firstLaunchUntil: null });
    const batch = await call(t, world.operator, 'GET', `/api/batches/${world.batch.id}`);
    expect(batch.status).toBe(200);
    expect(batch.body).toMatchObject({ id: world.batch.id, status: 'approved', productName: '有机草莓', logistics: [] });
    expect(batch.body.inspections).toEqual([expect.objectContaining({ result: 'pass', reportUrl: expect.stringMatching(/^\/api\/files\//) })]);
  });

  it('paying later: the open payment is resumed and reads back', async () => {
    const resident = world.residents[1];
    const placed = await call(t, resident, 'POST', `/api/group-buys/${world.groupBuy.id}/orders`, { quantity: 1, idempotencyKey: idemKey() });
    expect(placed.status).toBe(201);
    const pay = await call(t, resident, 'POST', `/api/orders/${placed.body.order.id}/pay`);
    expect(pay.body).toEqual({ paymentId: placed.body.payment.paymentId, payUrl: placed.body.payment.payUrl, amountFen: placed.body.order.totalFen });
    const payment = await call(t, resident, 'GET', `/api/payments/${pay.body.paymentId}`);
    expect(payment.body).toEqual({ id: pay.body.paymentId, orderId: placed.body.order.id, amountFen: placed.body.order.totalFen, status: 'pending', provider: 'sandbox' });
  });

  it('notice settings and marking notices read', async () => {
    const resident = world.residents[0];
    const settings = await call(t, resident, 'GET', '/api/notifications/settings');
    expect(settings.body.kinds).toContainEqual({ kind: 'group_buy_opened', label: expect.any(String), muted: false });
    const unread = (await call(t, resident, 'GET', '/api/notifications/unread')).body.total;
    expect(unread).toBeGreaterThan(0);
    expect((await call(t, resident, 'POST', '/api/notifications/read', { ids: 'all' })).body).toEqual({ marked: unread });
  });
});
