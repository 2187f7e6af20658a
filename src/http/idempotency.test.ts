import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { createTestApp, sessionCookie, usesPostgres, type TestApp } from '../testing/app.js';
import { buildWorld, call, openGroupBuy, orderAndPay, type Actor } from '../testing/world.js';
import { purgeIdempotentRequests } from './idempotency.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
let flakyCalls = 0;

beforeAll(async () => {
  t = await createTestApp();
  // A handler that fails on its first call, as one would when something breaks mid-request.
  t.app.post('/api/test/flaky', async () => {
    flakyCalls++;
    if (flakyCalls === 1) throw new Error('broke on the first call');
    return { calls: flakyCalls };
  });
  world = await buildWorld(t, { residents: 3, stock: 50, limit: 5 });
}, 180_000);
afterAll(async () => { await t?.close(); });

const rows = async <T>(q: ReturnType<typeof sql>) => (await t.database.db.execute(q) as unknown as { rows: T[] }).rows;
const events = async (type: string, subjectId: string) => (await rows<{ n: number }>(sql`select count(*)::int as n from domain_events where type = ${type} and subject_id = ${subjectId}`))[0].n;
const refundsOf = async (orderId: string) => (await rows<{ n: number; fen: number }>(sql`select count(*)::int as n, coalesce(sum(amount_fen), 0)::int as fen from refunds where order_id = ${orderId}`))[0];
const withKey = (key: string) => ({ 'idempotency-key': key });
const key = () => `k-${randomUUID()}`;

describe(`Idempotency-Key on state-changing requests (${usesPostgres() ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('a cancel whose answer was lost, sent again with the same key: the same 200 answer, cancelled once, refunded once', async () => {
    const order = await orderAndPay(t, world.residents[0], world.groupBuy.id, 2);
    const k = key();
    const first = await call(t, world.residents[0], 'POST', `/api/orders/${order.id}/cancel`, {}, withKey(k));
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('cancelled');
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    const again = await call(t, world.residents[0], 'POST', `/api/orders/${order.id}/cancel`, {}, withKey(k));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await events('order.cancelled', order.id)).toBe(1);
    expect(await refundsOf(order.id)).toEqual({ n: 1, fen: 2 * 3680 });
    expect([...t.payments.refunds.values()].filter((r) => r.amountFen === 2 * 3680)).toHaveLength(1);

    // Without the key the same retry is refused: the work was done already.
    const unkeyed = await call(t, world.residents[0], 'POST', `/api/orders/${order.id}/cancel`, {});
    expect(unkeyed.status).toBe(409);
  });

  it("a leader's decision (closing a group buy early) retried with its key: the same answer, closed once", async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 10 });
    const k = key();
    const first = await call(t, world.leader, 'POST', `/api/group-buys/${gb.id}/close`, undefined, withKey(k));
    expect(first.status).toBe(200);
    const again = await call(t, world.leader, 'POST', `/api/group-buys/${gb.id}/close`, undefined, withKey(k));
    expect([again.status, again.body, again.headers['idempotent-replayed']]).toEqual([200, first.body, 'true']);
    expect(await events('groupbuy.closed', gb.id)).toBe(1);
    expect((await call(t, world.leader, 'POST', `/api/group-buys/${gb.id}/close`)).status).toBe(409);
  });

  it('the same key with a different request is refused 422 request.idempotency_mismatch, and changes nothing', async () => {
    const me = world.residents[1];
    const k = key();
    expect((await call(t, me, 'PATCH', '/api/me', { name: '李阿姨' }, withKey(k))).status).toBe(200);
    const other = await call(t, me, 'PATCH', '/api/me', { name: '张阿姨' }, { ...withKey(k), 'accept-language': 'en' });
    expect(other.status).toBe(422);
    expect(other.body.error).toEqual({ code: 'request.idempotency_mismatch', message: expect.stringContaining('different request') });
    expect((await call(t, me, 'GET', '/api/me')).body.user.name).toBe('李阿姨');
    // Keys in another order of the same JSON are the same request.
    expect((await call(t, me, 'PATCH', '/api/me', { birthday: '03-08', name: '王阿姨' }, withKey(`${k}-2`))).status).toBe(200);
    const reordered = await call(t, me, 'PATCH', '/api/me', { name: '王阿姨', birthday: '03-08' }, withKey(`${k}-2`));
    expect([reordered.status, reordered.headers['idempotent-replayed']]).toEqual([200, 'true']);
  });

  it('two identical requests at once (same key): one effect, both get the one answer', async () => {
    const order = await orderAndPay(t, world.residents[2], world.groupBuy.id, 1);
    const k = key();
    const [a, b] = await Promise.all([0, 1].map(() => call(t, world.residents[2], 'POST', `/api/orders/${order.id}/cancel`, {}, withKey(k))));
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body).toEqual(b.body);
    expect([a.headers['idempotent-replayed'], b.headers['idempotent-replayed']].filter(Boolean)).toEqual(['true']);
    expect(await events('order.cancelled', order.id)).toBe(1);
    expect(await refundsOf(order.id)).toEqual({ n: 1, fen: 3680 });
  });

  it("a key is the caller's own: another neighbour sending the same key does her own work", async () => {
    const k = key();
    const a = await sessionCookie(t, { name: '甲' });
    const b = await sessionCookie(t, { name: '乙' });
    expect((await call(t, a, 'PATCH', '/api/me', { name: '甲甲' }, withKey(k))).status).toBe(200);
    const hers = await call(t, b, 'PATCH', '/api/me', { name: '乙乙' }, withKey(k));
    expect([hers.status, hers.headers['idempotent-replayed']]).toEqual([200, undefined]);
    expect((await call(t, b, 'GET', '/api/me')).body.user.name).toBe('乙乙');
  });

  it('a failed answer (5xx) is not kept: the retry with the same key does the work, and that answer is kept', async () => {
    const k = key();
    const me = world.residents[1];
    expect((await call(t, me, 'POST', '/api/test/flaky', {}, withKey(k))).status).toBe(500);
    const retried = await call(t, me, 'POST', '/api/test/flaky', {}, withKey(k));
    expect([retried.status, retried.body, retried.headers['idempotent-replayed']]).toEqual([200, { calls: 2 }, undefined]);
    const again = await call(t, me, 'POST', '/api/test/flaky', {}, withKey(k));
    expect([again.status, again.body, again.headers['idempotent-replayed']]).toEqual([200, { calls: 2 }, 'true']);
    expect(flakyCalls).toBe(2);
  });

  it('a malformed key is refused 400 before anything is done', async () => {
    const res = await call(t, world.residents[1], 'PATCH', '/api/me', { name: '短键' }, withKey('short'));
    expect([res.status, res.body.error.code]).toEqual([400, 'request.idempotency_key_invalid']);
    expect((await call(t, world.residents[1], 'GET', '/api/me')).body.user.name).not.toBe('短键');
  });

  it('order placement keeps its own key: the header is the order key there, not a stored answer', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 10 });
    const k = key();
    const first = await call(t, world.residents[1] as Actor, 'POST', `/api/group-buys/${gb.id}/orders`, { quantity: 1 }, withKey(k));
    const again = await call(t, world.residents[1] as Actor, 'POST', `/api/group-buys/${gb.id}/orders`, { quantity: 1 }, withKey(k));
    expect([first.status, again.status, again.body.replayed, again.body.order.id]).toEqual([201, 200, true, first.body.order.id]);
    expect((await rows<{ n: number }>(sql`select count(*)::int as n from idempotent_requests where key = ${k}`))[0].n).toBe(0);
  });

  it('answers are kept 24 hours: the scheduled purge forgets older ones', async () => {
    const k = key();
    await call(t, world.residents[1], 'PATCH', '/api/me', { name: '留存' }, withKey(k));
    await t.database.db.execute(sql`update idempotent_requests set created_at = now() - interval '25 hours' where key = ${k}`);
    const recent = (await rows<{ n: number }>(sql`select count(*)::int as n from idempotent_requests where created_at > now() - interval '24 hours'`))[0].n;
    expect(recent).toBeGreaterThan(0);
    expect(await purgeIdempotentRequests(t.database.db)).toBe(1);
    expect((await rows<{ n: number }>(sql`select count(*)::int as n from idempotent_requests where created_at > now() - interval '24 hours'`))[0].n).toBe(recent);
  });
});
