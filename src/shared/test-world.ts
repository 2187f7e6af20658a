import type { TestApp } from '../db/testing.js';
import { sessionCookie } from '../db/testing.js';

export type Actor = { cookie: string; userId: string; phone: string };

/** Sends a JSON request as an actor (or anonymously) and returns status and parsed body. */
export async function call(t: TestApp, actor: Actor | null, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await t.app.inject({
    method: method as 'GET', url,
    headers: { ...(actor ? { cookie: actor.cookie } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    payload: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null, headers: res.headers };
}

const HOUR = 3_600_000;

/**
 * A small world: an operator, a community with its leader, residents, a product, and an open
 * group buy. Every test file builds its own, through the public API.
 */
export async function buildWorld(t: TestApp, opts: { stock?: number; limit?: number; residents?: number; priceFen?: number } = {}) {
  const operator = await sessionCookie(t, { operator: true, name: '运营' });
  const community = await call(t, operator, 'POST', '/api/communities', {
    name: '测试小区', address: '上海市测试路 1 号', timeZone: 'Asia/Shanghai',
    pickupPointName: '1 号楼驿站', pickupPointAddress: '1 号楼 1 层', pickupHours: '08:00-20:00',
  });
  if (community.status !== 201) throw new Error(JSON.stringify(community.body));
  const leader = await sessionCookie(t, { name: '王叔' });
  await call(t, operator, 'POST', `/api/communities/${community.body.id}/leaders`, { phone: leader.phone, name: '王叔', title: '生活顾问' });
  const residents: Actor[] = [];
  for (let i = 0; i < (opts.residents ?? 2); i++) {
    const r = await sessionCookie(t, { name: `居民${i + 1}` });
    const joined = await call(t, r, 'POST', `/api/invites/${community.body.inviteCode}/join`, {});
    if (joined.status !== 200) throw new Error(JSON.stringify(joined.body));
    residents.push(r);
  }
  const product = await call(t, operator, 'POST', '/api/products', {
    name: '有机草莓', spec: '500g/盒', unit: '盒', origin: '辽宁丹东', description: '清晨采摘', imageUrls: [], listPriceFen: 4980,
  });
  const groupBuy = await openGroupBuy(t, leader, community.body.id, product.body.id, opts);
  return { operator, leader, residents, community: community.body, product: product.body, groupBuy };
}

export async function openGroupBuy(t: TestApp, leader: Actor, communityId: string, productId: string, opts: { stock?: number; limit?: number; priceFen?: number; cutoffInMs?: number } = {}) {
  const now = t.clock.now().getTime();
  const cutoff = now + (opts.cutoffInMs ?? 24 * HOUR);
  const res = await call(t, leader, 'POST', `/api/communities/${communityId}/group-buys`, {
    productId, priceFen: opts.priceFen ?? 3680, stockTotal: opts.stock ?? 50, perPersonLimit: opts.limit ?? 3,
    cutoffAt: new Date(cutoff).toISOString(), pickupStartAt: new Date(cutoff + 12 * HOUR).toISOString(), pickupEndAt: new Date(cutoff + 24 * HOUR).toISOString(),
    note: '我自己先试吃了',
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body;
}

let keySeq = 0;
export const idemKey = () => `test-key-${Date.now()}-${++keySeq}`;

/** Orders and pays through the sandbox, as a resident would. Returns the paid order. */
export async function orderAndPay(t: TestApp, resident: Actor, groupBuyId: string, quantity = 1) {
  const placed = await call(t, resident, 'POST', `/api/group-buys/${groupBuyId}/orders`, { quantity, idempotencyKey: idemKey() });
  if (placed.status !== 201) throw new Error(JSON.stringify(placed.body));
  const paid = await call(t, resident, 'POST', `/api/payments/${placed.body.payment.paymentId}/sandbox-confirm`);
  if (paid.status !== 200) throw new Error(JSON.stringify(paid.body));
  const order = await call(t, resident, 'GET', `/api/orders/${placed.body.order.id}`);
  return order.body;
}

export { HOUR };
