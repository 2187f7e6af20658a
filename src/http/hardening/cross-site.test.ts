import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { buildWorld, call, idemKey, openGroupBuy, type Actor } from '../../testing/world.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
let her: Actor;
beforeAll(async () => {
  t = await createTestApp({ publicBaseUrl: 'https://linli.example.cn' });
  world = await buildWorld(t, { residents: 1 });
  her = world.residents[0];
});
afterAll(async () => { await t?.close(); });

async function unpaidOrder() {
  const placed = await call(t, her, 'POST', `/api/group-buys/${world.groupBuy.id}/orders`, { quantity: 1, idempotencyKey: idemKey() });
  expect(placed.status).toBe(201);
  return placed.body.order.id as string;
}
const statusOf = async (orderId: string) => (await call(t, her, 'GET', `/api/orders/${orderId}`)).body.status as string;

/** Her browser posting to the app (at https://linli.example.cn) with her cookie; `headers` say from where. */
const post = (who: Actor, url: string, headers: Record<string, string>, payload = '{}') => t.app.inject({
  method: 'POST', url, headers: { cookie: who.cookie, host: 'linli.example.cn', 'content-type': 'application/json', ...headers }, payload,
});
const cancel = (orderId: string, headers: Record<string, string>) => post(her, `/api/orders/${orderId}/cancel`, headers);
/** What another site's page can send without a preflight: a form or no-cors fetch, text/plain. */
const CROSS_SITE_FORM = { 'content-type': 'text/plain;charset=UTF-8', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' };

describe('state-changing requests from other sites are refused', () => {
  it('a cross-site text/plain POST that would cancel her order gets 403 and the order stays as it was', async () => {
    const order = await unpaidOrder();
    const res = await cancel(order, CROSS_SITE_FORM);
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body).error).toEqual({ code: 'request.cross_site', message: '这个请求来自别的网站，已被拒绝；请直接在邻里的页面上操作' });
    expect(await statusOf(order)).toBe('pending_payment');
    // The same cancel from her own page goes through: the refusal above was the check.
    const own = await cancel(order, { origin: 'https://linli.example.cn', 'sec-fetch-site': 'same-origin' });
    expect(own.statusCode, own.body).toBe(200);
    expect(await statusOf(order)).toBe('cancelled');
  });

  it('a text/plain POST acts on a route without a body (the leader closing a 团 early) unless it comes from another site', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id);
    const close = (headers: Record<string, string>) => post(world.leader, `/api/group-buys/${gb.id}/close`, headers, '');
    const statusOfGb = async () => (await call(t, world.leader, 'GET', `/api/group-buys/${gb.id}`)).body.status;
    expect((await close(CROSS_SITE_FORM)).statusCode).toBe(403);
    expect(await statusOfGb()).toBe('open');
    // Without a browser's marks (curl, a server) the same text/plain POST closes it.
    const direct = await close({ 'content-type': 'text/plain;charset=UTF-8' });
    expect(direct.statusCode, direct.body).toBe(200);
    expect(await statusOfGb()).not.toBe('open');
  });

  it('an Origin of another site is refused when the browser sends no Sec-Fetch-Site, and so are opaque and same-site origins', async () => {
    const order = await unpaidOrder();
    for (const headers of <Record<string, string>[]>[{ origin: 'https://evil.example' }, { origin: 'null' }, { origin: 'https://shop.example.cn', 'sec-fetch-site': 'same-site' }, { origin: 'http://linli.example.cn.evil.example' }]) {
      const res = await cancel(order, headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
    }
    expect(await statusOf(order)).toBe('pending_payment');
  });

  it('the app itself posts: same-origin fetch metadata, or an Origin naming the public address or the Host', async () => {
    for (const headers of <Record<string, string>[]>[
      { origin: 'https://linli.example.cn', 'sec-fetch-site': 'same-origin' },
      { origin: 'https://linli.example.cn' },
      { origin: 'http://192.168.1.20:3000', host: '192.168.1.20:3000' },
    ]) {
      const order = await unpaidOrder();
      const res = await cancel(order, headers);
      expect(res.statusCode, JSON.stringify(headers) + res.body).toBe(200);
      expect(await statusOf(order)).toBe('cancelled');
    }
  });

  it('reading stays open to other sites; the payment provider\'s notification (no Origin) is not refused as cross-site', async () => {
    const read = await t.app.inject({ method: 'GET', url: `/api/orders`, headers: { cookie: her.cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
    expect(read.statusCode).toBe(200);
    const notify = await t.app.inject({ method: 'POST', url: `/api/payments/notify/${t.payments.name}`, headers: { 'content-type': 'application/json', 'x-linli-signature': 'forged' }, payload: '{}' });
    expect(notify.statusCode).toBe(400);
    expect(JSON.parse(notify.body).error.code).toBe('request.invalid');
  });
});
