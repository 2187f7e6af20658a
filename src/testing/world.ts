import type { TestApp } from './app.js';
import { sessionCookie } from './app.js';
import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';

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
  const supplier = await approvedSupplier(t, operator);
  await assignSupplier(t, product.body.id, supplier.id);
  const batch = await approvedBatch(t, supplier.member, operator, product.body.id);
  await endorse(t, leader, community.body.id, product.body.id);
  const groupBuy = await openGroupBuy(t, leader, community.body.id, product.body.id, opts);
  const world = { operator, leader, residents, community: community.body, product: product.body, supplier, batch, groupBuy };
  worlds.set(t, world);
  return world;
}

/** A new resident of the community, joined through its invite link as the web app does. */
export async function joinedResident(t: TestApp, community: { inviteCode: string }, name: string): Promise<Actor> {
  const r = await sessionCookie(t, { name });
  const joined = await call(t, r, 'POST', `/api/invites/${community.inviteCode}/join`, {});
  if (joined.status !== 200) throw new Error(JSON.stringify(joined.body));
  return r;
}

/** The world each test app built, so helpers can act as its operator and supplier. */
const worlds = new WeakMap<TestApp, { operator: Actor; supplier: { id: string; member: Actor } }>();

/**
 * Another product in the world's community, ready to sell: supplied by the world's supplier, an
 * approved batch, the leader's trial. For group buys with several items.
 */
export async function sellableProduct(t: TestApp, w: { operator: Actor; leader: Actor; community: { id: string }; supplier: { id: string; member: Actor } }, name: string, listPriceFen = 2000) {
  const product = await call(t, w.operator, 'POST', '/api/products', { name, spec: '1份', unit: '份', origin: '本地', description: name, imageUrls: [], listPriceFen });
  if (product.status !== 201) throw new Error(JSON.stringify(product.body));
  await assignSupplier(t, product.body.id, w.supplier.id);
  await approvedBatch(t, w.supplier.member, w.operator, product.body.id);
  await endorse(t, w.leader, w.community.id, product.body.id);
  return product.body as { id: string; name: string };
}

/** A minimal valid PDF: what a lab report upload looks like to the type check. */
export const TINY_PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

/** Builds a multipart/form-data body by hand (fields and files), as a browser would send it. */
export function multipart(fields: Record<string, string>, files: { field: string; filename: string; bytes: Buffer; type?: string }[] = []) {
  const boundary = `----linli${randomUUID().replace(/-/g, '')}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`));
    chunks.push(f.bytes, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export async function upload(t: TestApp, actor: Actor | null, url: string, fields: Record<string, string>, files: { field: string; filename: string; bytes: Buffer; type?: string }[] = []) {
  const body = multipart(fields, files);
  const res = await t.app.inject({ method: 'POST', url, headers: { ...body.headers, ...(actor ? { cookie: actor.cookie } : {}) }, payload: body.payload });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
}

/** An admitted supplier with one member account (admission itself is tested in suppliers/). */
export async function approvedSupplier(t: TestApp, _operator: Actor, name = '九九草莓合作农场') {
  const member = await sessionCookie(t, { name: `${name}负责人` });
  const code = `91${randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase()}`;
  const res = await t.database.db.execute(sql`
    with s as (insert into suppliers (company_name, credit_code, contact_name, contact_phone, address, region, status, created_by)
      values (${name}, ${code}, '负责人', ${member.phone}, '辽宁丹东', '辽宁丹东', 'approved', ${member.userId}) returning id)
    insert into supplier_members (supplier_id, user_id) select id, ${member.userId} from s returning supplier_id`) as unknown as { rows: { supplier_id: string }[] };
  return { id: res.rows[0].supplier_id, member };
}

export async function assignSupplier(t: TestApp, productId: string, supplierId: string) {
  await t.database.db.execute(sql`update products set supplier_id = ${supplierId}, category = 'fresh_produce' where id = ${productId}`);
}

/** A batch with a passing lab report, approved by the operator: the product may now be sold. */
export async function approvedBatch(t: TestApp, supplierMember: Actor, operator: Actor, productId: string) {
  const now = t.clock.now().getTime();
  const batch = await call(t, supplierMember, 'POST', '/api/batches', { productId, producedAt: new Date(now - 2 * HOUR).toISOString(), quantity: 500, sourcePlace: '丹东东港 3 号大棚' });
  if (batch.status !== 201) throw new Error(JSON.stringify(batch.body));
  const insp = await upload(t, supplierMember, `/api/batches/${batch.body.id}/inspections`, { lab: '辽宁省农产品质量检测中心', inspectedAt: new Date(now - HOUR).toISOString(), result: 'pass', summary: '农残 62 项未检出' }, [{ field: 'report', filename: 'report.pdf', bytes: TINY_PDF, type: 'application/pdf' }]);
  if (insp.status !== 201) throw new Error(JSON.stringify(insp.body));
  const review = await call(t, operator, 'POST', `/api/batches/${batch.body.id}/review`, { decision: 'approve', note: '' });
  if (review.status !== 200) throw new Error(JSON.stringify(review.body));
  return review.body as { id: string; code: string };
}

export async function endorse(t: TestApp, leader: Actor, communityId: string, productId: string) {
  const res = await call(t, leader, 'POST', `/api/communities/${communityId}/endorsements`, { productId, rating: 5, story: '我自己先买了两盒试吃，酸甜适中，个头均匀。' });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body;
}

export interface ItemOpts { stock?: number; limit?: number; priceFen?: number }

/** Opens a group buy with one item (productId) or several (`items`). The answer has `items[]`. */
export async function openGroupBuy(t: TestApp, leader: Actor, communityId: string, productId: string | string[], opts: ItemOpts & { cutoffInMs?: number; items?: ItemOpts[] } = {}) {
  const now = t.clock.now().getTime();
  const cutoff = now + (opts.cutoffInMs ?? 24 * HOUR);
  const ids = Array.isArray(productId) ? productId : [productId];
  const res = await call(t, leader, 'POST', `/api/communities/${communityId}/group-buys`, {
    items: ids.map((id, i) => ({ productId: id, priceFen: opts.items?.[i]?.priceFen ?? opts.priceFen ?? 3680, stockTotal: opts.items?.[i]?.stock ?? opts.stock ?? 50, perPersonLimit: opts.items?.[i]?.limit ?? opts.limit ?? 3 })),
    cutoffAt: new Date(cutoff).toISOString(), pickupStartAt: new Date(cutoff + 12 * HOUR).toISOString(), pickupEndAt: new Date(cutoff + 24 * HOUR).toISOString(),
    note: '我自己先试吃了',
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body;
}

let keySeq = 0;
export const idemKey = () => `test-key-${Date.now()}-${++keySeq}`;

/** Buys the (only) item of a group buy and pays through the sandbox, as a resident would. Returns the paid order. */
export async function orderAndPay(t: TestApp, resident: Actor, groupBuyId: string, quantity = 1) {
  const placed = await call(t, resident, 'POST', `/api/group-buys/${groupBuyId}/orders`, { quantity, idempotencyKey: idemKey() });
  if (placed.status !== 201) throw new Error(JSON.stringify(placed.body));
  return pay(t, resident, placed.body);
}

/** Checks out several items in one order and pays once. Returns the paid order (with its lines). */
export async function checkoutAndPay(t: TestApp, resident: Actor, communityId: string, lines: { itemId: string; quantity: number }[], note?: string) {
  const placed = await call(t, resident, 'POST', `/api/communities/${communityId}/checkout`, { lines, note, idempotencyKey: idemKey() });
  if (placed.status !== 201) throw new Error(JSON.stringify(placed.body));
  return pay(t, resident, placed.body);
}

async function pay(t: TestApp, resident: Actor, placed: { order: { id: string }; payment: { paymentId: string } }) {
  const paid = await call(t, resident, 'POST', `/api/payments/${placed.payment.paymentId}/sandbox-confirm`);
  if (paid.status !== 200) throw new Error(JSON.stringify(paid.body));
  const order = await call(t, resident, 'GET', `/api/orders/${placed.order.id}`);
  return order.body;
}

export { HOUR };

/**
 * Closes a group buy and brings its goods to the pickup point the real way: aggregated into purchase
 * orders, confirmed by the supplier, delivered by the operator, received by the leader. Then the
 * clock moves to the pickup window.
 */
export async function deliverAndReceive(t: TestApp, leader: Actor, groupBuyId: string, opts: { short?: number } = {}) {
  const w = worlds.get(t);
  if (!w) throw new Error('deliverAndReceive needs buildWorld first');
  await call(t, leader, 'POST', `/api/group-buys/${groupBuyId}/close`);
  const { aggregateClosedGroupBuys } = await import('../modules/fulfilment/purchase-orders.service.js');
  while ((await aggregateClosedGroupBuys(t.database.db)).events > 0) { /* drain */ }
  const res = await t.database.db.execute(sql`select l.id, l.purchase_order_id as po, l.quantity_ordered as q, o.status from purchase_order_lines l join purchase_orders o on o.id = l.purchase_order_id where l.group_buy_id = ${groupBuyId}`) as unknown as { rows: { id: string; po: string; q: number; status: string }[] };
  for (const po of new Set(res.rows.filter((r) => r.status === 'pending').map((r) => r.po))) {
    const all = await call(t, w.supplier.member, 'GET', `/api/purchase-orders/${po}`);
    const c = await call(t, w.supplier.member, 'POST', `/api/purchase-orders/${po}/confirm`, { lines: all.body.lines.map((l: { id: string; quantityOrdered: number }) => ({ lineId: l.id, quantityConfirmed: l.quantityOrdered })) });
    if (c.status !== 200) throw new Error(JSON.stringify(c.body));
  }
  for (const line of res.rows) {
    const d = await call(t, w.operator, 'POST', `/api/purchase-order-lines/${line.id}/delivery`, { quantityDelivered: line.q });
    if (d.status !== 200) throw new Error(JSON.stringify(d.body));
    const r = await call(t, leader, 'POST', `/api/purchase-order-lines/${line.id}/receive`, { quantityReceived: Math.max(0, line.q - (opts.short ?? 0)) });
    if (r.status !== 200) throw new Error(JSON.stringify(r.body));
  }
  const [gb] = (await t.database.db.execute(sql`select pickup_start_at from group_buys where id = ${groupBuyId}`) as unknown as { rows: { pickup_start_at: string | Date }[] }).rows;
  const wait = new Date(gb.pickup_start_at).getTime() - t.clock.now().getTime();
  if (wait > 0) t.clock.advance(wait + 60_000);
}

/** The resident's current pickup code at her community's pickup point (it rotates every minute). */
export async function pickupCode(t: TestApp, resident: Actor, communityId: string): Promise<string> {
  const res = await call(t, resident, 'GET', `/api/communities/${communityId}/pickup-code`);
  if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  return res.body.code;
}

/** Closes a group buy, brings its goods in and hands everything ready over to each owner with her code. */
export async function pickUp(t: TestApp, leader: Actor, communityId: string, groupBuyId: string, owners: { actor: Actor; orderId?: string }[]) {
  await deliverAndReceive(t, leader, groupBuyId);
  for (const o of owners) {
    let v = await call(t, leader, 'POST', `/api/communities/${communityId}/pickups/verify`, { code: await pickupCode(t, o.actor, communityId) });
    // She picked something up this minute already: her code verifies once, so she shows the next one.
    if (v.body?.error?.code === 'pickup.code_used') {
      t.clock.advance(60_000);
      v = await call(t, leader, 'POST', `/api/communities/${communityId}/pickups/verify`, { code: await pickupCode(t, o.actor, communityId) });
    }
    if (v.status !== 200) throw new Error(JSON.stringify(v.body));
  }
}

/**
 * Gives a resident a history: an account opened long ago and `goodOrders` clean pickups two days
 * apart (20 → level A, 5 → B, 3 → C). Written as trust evidence directly: the trust tests cover
 * how events become evidence.
 */
export async function trustHistory(t: TestApp, userId: string, goodOrders: number) {
  const now = t.clock.now().getTime();
  await t.database.db.execute(sql`update users set created_at = ${new Date(now - 400 * 86_400_000)} where id = ${userId}`);
  for (let i = 0; i < goodOrders; i++) {
    await t.database.db.execute(sql`insert into resident_evidence (user_id, kind, good, severity, credibility, occurred_at, source_event_id)
      values (${userId}, 'order_picked_up', true, 1, 1, ${new Date(now - (1 + 2 * i) * 86_400_000)}, ${-Math.floor(Math.random() * 1e12)})`);
  }
}
