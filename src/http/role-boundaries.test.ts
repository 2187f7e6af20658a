import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../testing/app.js';
import { buildWorld, call, checkoutAndPay, deliverAndReceive, idemKey, openGroupBuy, orderAndPay, pickUp, pickupCode, sellableProduct, upload, type Actor } from '../testing/world.js';
import { aggregateClosedGroupBuys } from '../modules/fulfilment/purchase-orders.service.js';

/**
 * Every endpoint that acts for a role, called by people who do not hold it: each gets 401/403/404
 * and the database is exactly as before (row counts of every table, domain events included).
 */
let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
let outsider: Actor;
let otherLeader: Actor;
let otherCommunityId: string;
let paidOrder: { id: string; lines: { id: string; itemId: string }[] };
/** A basket of two items (one order, one payment) of residents[0]. */
let basketOrder: { id: string; lines: { id: string; itemId: string }[] };
let pendingOrderId: string;
/** residents[0]'s pickup code as her phone shows it (it rotates every minute). */
let residentCode: string;
let passId: string;
let handoverId: string;
let receiptLineId: string;
let paymentId: string;
let endorsementId: string;
let purchaseOrderId: string;
let lineId: string;
let claimId: string;
let claimedOrderId: string;
let claimedLineId: string;
let questionId: string;
let commentId: string;
let pollId: string;
let eventId: string;
let eventToken: string;

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 2 });
  outsider = await sessionCookie(t, { name: '外人' });
  otherLeader = await sessionCookie(t, { name: '别的团长' });
  const other = await call(t, world.operator, 'POST', '/api/communities', { name: '别处', address: 'x', timeZone: 'Asia/Shanghai', pickupPointName: 'a', pickupPointAddress: 'b', pickupHours: '08:00-20:00' });
  otherCommunityId = other.body.id;
  await call(t, world.operator, 'POST', `/api/communities/${otherCommunityId}/leaders`, { phone: otherLeader.phone, name: '李叔', title: '' });
  paidOrder = await orderAndPay(t, world.residents[0], world.groupBuy.id, 1);
  const pending = await call(t, world.residents[0], 'POST', `/api/group-buys/${world.groupBuy.id}/orders`, { quantity: 1, idempotencyKey: idemKey() });
  paymentId = pending.body.payment.paymentId;
  pendingOrderId = pending.body.order.id;
  // A 团 of two items, bought in one basket, and something left in her basket.
  const eggs = await sellableProduct(t, world, '土鸡蛋');
  const mixed = await openGroupBuy(t, world.leader, world.community.id, [world.product.id, eggs.id], { stock: 10 });
  basketOrder = await checkoutAndPay(t, world.residents[0], world.community.id, mixed.items.map((i: { id: string }) => ({ itemId: i.id, quantity: 1 })));
  await call(t, world.residents[0], 'PUT', `/api/communities/${world.community.id}/basket/items/${mixed.items[1].id}`, { quantity: 1 });
  residentCode = await pickupCode(t, world.residents[0], world.community.id);
  passId = (await call(t, world.residents[0], 'POST', `/api/communities/${world.community.id}/pickup-passes`, { collector: '女儿' })).body.id;
  const endorsements = await call(t, world.leader, 'GET', `/api/communities/${world.community.id}/endorsements`);
  endorsementId = endorsements.body.items[0].id;
  // A closed, paid group buy aggregated into a purchase order for the supplier.
  const gb2 = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 10 });
  await orderAndPay(t, world.residents[1], gb2.id, 1);
  await call(t, world.leader, 'POST', `/api/group-buys/${gb2.id}/close`);
  await aggregateClosedGroupBuys(t.database.db);
  const pos = await call(t, world.operator, 'GET', '/api/purchase-orders');
  purchaseOrderId = pos.body.items[0].id;
  lineId = (await call(t, world.operator, 'GET', `/api/purchase-orders/${purchaseOrderId}`)).body.lines[0].id;
  // A picked-up order with a claim waiting for the leader.
  const gb3 = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 10 });
  const claimed = await orderAndPay(t, world.residents[1], gb3.id, 1);
  claimedOrderId = claimed.id;
  claimedLineId = claimed.lines[0].id;
  await pickUp(t, world.leader, world.community.id, gb3.id, [{ actor: world.residents[1] }]);
  const filed = await upload(t, world.residents[1], '/api/claims', { lineId: claimedLineId, kind: 'missing', quantity: '1', description: '少了一盒' });
  claimId = filed.body.claim.id;
  // A hand-over recorded without her code, waiting for residents[1]'s word; a delivery received.
  const gb4 = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 10 });
  const later = await orderAndPay(t, world.residents[1], gb4.id, 1);
  await deliverAndReceive(t, world.leader, gb4.id);
  handoverId = (await call(t, world.leader, 'POST', `/api/communities/${world.community.id}/pickups/without-code`, { residentKey: world.residents[1].userId, lineIds: [later.lines[0].id], note: '手机没电' })).body.id;
  receiptLineId = ((await t.database.db.execute(sql`select id from purchase_order_lines where group_buy_id = ${gb4.id}`)) as unknown as { rows: { id: string }[] }).rows[0].id;
  // Community life: a question with an answer, a poll, an event.
  const q = await call(t, world.residents[0], 'POST', `/api/communities/${world.community.id}/posts`, { kind: 'question', body: '驿站几点开门？' });
  questionId = q.body.id;
  commentId = (await call(t, world.residents[1], 'POST', `/api/posts/${questionId}/comments`, { body: '八点' })).body.comments[0].id;
  pollId = (await call(t, world.leader, 'POST', `/api/communities/${world.community.id}/posts`, { kind: 'poll', title: '团什么', body: '', poll: { options: ['橙子', '苹果'], multiple: false, closesAt: new Date(t.clock.now().getTime() + 3 * 86_400_000).toISOString() } })).body.id;
  const ev = await call(t, world.leader, 'POST', `/api/communities/${world.community.id}/events`, { kind: 'offline', title: '品鉴会', description: '一起尝草莓', startsAt: new Date(t.clock.now().getTime() + 26 * 3_600_000).toISOString(), endsAt: new Date(t.clock.now().getTime() + 28 * 3_600_000).toISOString(), place: '驿站门口', capacity: 5 });
  eventId = ev.body.id;
  eventToken = ev.body.checkInToken;
});
afterAll(async () => { await t?.close(); });

async function snapshot() {
  const res = await t.database.db.execute(sql`
    select (select count(*) from users) u, (select count(*) from memberships) m, (select count(*) from communities) c,
      (select count(*) from products) p, (select count(*) from group_buys) g, (select count(*) from orders) o,
      (select count(*) from payments) pay,
      -- A wrong code is counted against the leader who typed it (the wrong-code limit): that is the refusal's own record.
      (select count(*) from domain_events where type <> 'pickup.code_failed') e,
      (select count(*) from endorsements where withdrawn_at is null) en, (select count(*) from batches) b,
      (select string_agg(status, ',' order by id) from purchase_orders) pos, (select string_agg(coalesce(quantity_delivered, -1)::text, ',') from purchase_order_lines) dl,
      (select string_agg(status, ',' order by id) from batches) bs,
      (select string_agg(status, ',' order by id) from group_buys) gs,
      (select string_agg(stock_available::text, ',' order by id) from group_buy_items) gi,
      (select string_agg(status, ',' order by id) from orders) os,
      (select string_agg(status || refunded_quantity || coalesce(handover_id::text, '-'), ',' order by id) from order_lines) ol,
      (select string_agg(user_id::text || item_id::text || quantity, ',' order by user_id, item_id) from basket_items) bi,
      (select string_agg(status || method, ',' order by id) from handovers) ho,
      (select string_agg(coalesce(revoked_at::text, '-') || coalesce(used_at::text, '-'), ',' order by id) from pickup_passes) pp,
      (select count(*) from settlements) st, (select coalesce(sum(settled_fen), 0) from payments) sf,
      (select string_agg(coalesce(quantity_received, -1)::text, ',' order by id) from purchase_order_lines) rc,
      (select string_agg(status, ',' order by id) from payments) ps,
      (select string_agg(status || refunded_fen, ',' order by id) from claims) cl, (select count(*) from refunds) rf,
      (select count(*) from fund_entries) fe, (select count(*) from guarantee_rules) gr,
      (select count(*) from posts) po, (select count(*) from comments) co, (select string_agg(coalesce(hidden_reason, '-') || coalesce(pinned_at::text, '-') || coalesce(helpful_comment_id::text, '-'), ',' order by id) from posts) pst,
      (select count(*) from poll_ballots) pb, (select count(*) from gatherings) ga, (select count(*) from gathering_signups) gs2,
      (select count(*) from content_reports) cr, (select count(*) from notification_mutes) nm`) as unknown as { rows: unknown[] };
  return JSON.stringify(res.rows[0]);
}

type Case = [label: string, who: () => Actor | null, method: string, url: () => string, body?: () => unknown];
const cases: Case[] = [
  ['anonymous reads my orders', () => null, 'GET', () => '/api/orders'],
  ['anonymous places an order', () => null, 'POST', () => `/api/group-buys/${world.groupBuy.id}/orders`, () => ({ quantity: 1, idempotencyKey: idemKey() })],
  ['resident creates a community', () => world.residents[0], 'POST', () => '/api/communities', () => ({ name: 'x', address: 'x', timeZone: 'Asia/Shanghai', pickupPointName: 'x', pickupPointAddress: 'x', pickupHours: '08:00-20:00' })],
  ['leader edits a community', () => world.leader, 'PATCH', () => `/api/communities/${world.community.id}`, () => ({ name: '改名' })],
  ['resident appoints a leader', () => world.residents[0], 'POST', () => `/api/communities/${world.community.id}/leaders`, () => ({ phone: world.residents[1].phone, name: 'x', title: 'x' })],
  ['leader appoints a leader', () => world.leader, 'POST', () => `/api/communities/${world.community.id}/leaders`, () => ({ phone: world.residents[1].phone, name: 'x', title: 'x' })],
  ['resident creates a product', () => world.residents[0], 'POST', () => '/api/products', () => ({ name: 'x', spec: 'x', unit: 'x', origin: 'x', listPriceFen: 1 })],
  ['leader edits a product', () => world.leader, 'PATCH', () => `/api/products/${world.product.id}`, () => ({ listPriceFen: 1 })],
  ['resident opens a group buy', () => world.residents[0], 'POST', () => `/api/communities/${world.community.id}/group-buys`, () => ({ items: [{ productId: world.product.id, priceFen: 1, stockTotal: 1, perPersonLimit: 1 }], cutoffAt: new Date(Date.now() + 3.6e6).toISOString(), pickupStartAt: new Date(Date.now() + 7.2e6).toISOString(), pickupEndAt: new Date(Date.now() + 9e6).toISOString() })],
  ['other leader opens a group buy here', () => otherLeader, 'POST', () => `/api/communities/${world.community.id}/group-buys`, () => ({ items: [{ productId: world.product.id, priceFen: 1, stockTotal: 1, perPersonLimit: 1 }], cutoffAt: new Date(Date.now() + 3.6e6).toISOString(), pickupStartAt: new Date(Date.now() + 7.2e6).toISOString(), pickupEndAt: new Date(Date.now() + 9e6).toISOString() })],
  ['outsider lists group buys', () => outsider, 'GET', () => `/api/communities/${world.community.id}/group-buys`],
  ['outsider reads a group buy', () => outsider, 'GET', () => `/api/group-buys/${world.groupBuy.id}`],
  ['outsider orders', () => outsider, 'POST', () => `/api/group-buys/${world.groupBuy.id}/orders`, () => ({ quantity: 1, idempotencyKey: idemKey() })],
  ['other leader orders here', () => otherLeader, 'POST', () => `/api/group-buys/${world.groupBuy.id}/orders`, () => ({ quantity: 1, idempotencyKey: idemKey() })],
  ['resident closes a group buy', () => world.residents[0], 'POST', () => `/api/group-buys/${world.groupBuy.id}/close`],
  ['other leader closes a group buy', () => otherLeader, 'POST', () => `/api/group-buys/${world.groupBuy.id}/close`],
  ['resident reads live orders', () => world.residents[1], 'GET', () => `/api/group-buys/${world.groupBuy.id}/orders`],
  ['other leader reads live orders', () => otherLeader, 'GET', () => `/api/group-buys/${world.groupBuy.id}/orders`],
  ['resident reads the share kit', () => world.residents[1], 'GET', () => `/api/group-buys/${world.groupBuy.id}/share`],
  ["resident reads another's order", () => world.residents[1], 'GET', () => `/api/orders/${paidOrder.id}`],
  ["resident cancels another's order", () => world.residents[1], 'POST', () => `/api/orders/${paidOrder.id}/cancel`, () => ({})],
  ["leader cancels a resident's order", () => world.leader, 'POST', () => `/api/orders/${paidOrder.id}/cancel`, () => ({})],
  ["resident pays another's payment", () => world.residents[1], 'POST', () => `/api/payments/${paymentId}/sandbox-confirm`],
  ["resident reads another's payment", () => world.residents[1], 'GET', () => `/api/payments/${paymentId}`],
  ['resident verifies a pickup', () => world.residents[0], 'POST', () => `/api/communities/${world.community.id}/pickups/verify`, () => ({ code: residentCode })],
  ['other leader verifies a pickup here', () => otherLeader, 'POST', () => `/api/communities/${world.community.id}/pickups/verify`, () => ({ code: residentCode })],
  ['other leader verifies the code in his community', () => otherLeader, 'POST', () => `/api/communities/${otherCommunityId}/pickups/verify`, () => ({ code: residentCode })],
  ['other leader looks up a code here', () => otherLeader, 'POST', () => `/api/communities/${world.community.id}/pickups/lookup`, () => ({ code: residentCode })],
  ['resident reads the pending list', () => world.residents[0], 'GET', () => `/api/communities/${world.community.id}/pickups/pending`],
  ['resident reads members', () => world.residents[0], 'GET', () => `/api/communities/${world.community.id}/members`],
  ['other leader reads members here', () => otherLeader, 'GET', () => `/api/communities/${world.community.id}/members`],
  ['resident reads the invite kit', () => world.residents[0], 'GET', () => `/api/communities/${world.community.id}/invite`],
  ['resident regenerates the invite', () => world.residents[0], 'POST', () => `/api/communities/${world.community.id}/invite/regenerate`],
  ['resident records a trial', () => world.residents[0], 'POST', () => `/api/communities/${world.community.id}/endorsements`, () => ({ productId: world.product.id, rating: 5, story: '我觉得非常好吃，推荐大家' })],
  ['other leader records a trial here', () => otherLeader, 'POST', () => `/api/communities/${world.community.id}/endorsements`, () => ({ productId: world.product.id, rating: 5, story: '我觉得非常好吃，推荐大家' })],
  ['other leader withdraws an endorsement', () => otherLeader, 'POST', () => `/api/endorsements/${endorsementId}/withdraw`, () => ({ reason: '捣乱' })],
  ['outsider reads endorsements', () => outsider, 'GET', () => `/api/communities/${world.community.id}/endorsements`],
  ['resident lists purchase orders', () => world.residents[0], 'GET', () => '/api/purchase-orders'],
  ['leader reads a purchase order', () => world.leader, 'GET', () => `/api/purchase-orders/${purchaseOrderId}`],
  ['leader confirms a purchase order', () => world.leader, 'POST', () => `/api/purchase-orders/${purchaseOrderId}/confirm`, () => ({ lines: [{ lineId, quantityConfirmed: 1 }] })],
  ['supplier records a delivery', () => world.supplier.member, 'POST', () => `/api/purchase-order-lines/${lineId}/delivery`, () => ({ quantityDelivered: 1 })],
  ['resident reads the pick list', () => world.residents[0], 'GET', () => `/api/communities/${world.community.id}/pick-list?date=2026-11-26`],
  ['other leader reads the pick list', () => otherLeader, 'GET', () => `/api/communities/${world.community.id}/pick-list?date=2026-11-26`],
  ['resident records a batch', () => world.residents[0], 'POST', () => '/api/batches', () => ({ productId: world.product.id, producedAt: new Date(Date.now() - 3.6e6).toISOString(), quantity: 5, sourcePlace: '某地大棚' })],
  ['supplier approves its own batch', () => world.supplier.member, 'POST', () => `/api/batches/${world.batch.id}/review`, () => ({ decision: 'reject', note: 'x' })],
  ['leader lists batches', () => world.leader, 'GET', () => '/api/batches'],
  ["resident claims on another's line", () => world.residents[0], 'POST', () => '/api/claims', () => ({ lineId: claimedLineId, kind: 'missing', quantity: 1, description: '少了一盒' })],
  ["leader claims on a resident's line", () => world.leader, 'POST', () => '/api/claims', () => ({ lineId: claimedLineId, kind: 'missing', quantity: 1, description: '少了一盒' })],
  ["resident reads another's order", () => world.residents[0], 'GET', () => `/api/orders/${claimedOrderId}`],
  // Basket and checkout.
  ['anonymous reads a basket', () => null, 'GET', () => `/api/communities/${world.community.id}/basket`],
  ['outsider reads the basket here', () => outsider, 'GET', () => `/api/communities/${world.community.id}/basket`],
  ['outsider puts an item in a basket here', () => outsider, 'PUT', () => `/api/communities/${world.community.id}/basket/items/${basketOrder.lines[0].itemId}`, () => ({ quantity: 1 })],
  ['outsider empties a basket here', () => outsider, 'DELETE', () => `/api/communities/${world.community.id}/basket`],
  ['anonymous checks out', () => null, 'POST', () => `/api/communities/${world.community.id}/checkout`, () => ({ idempotencyKey: idemKey(), lines: [{ itemId: basketOrder.lines[0].itemId, quantity: 1 }] })],
  ['outsider checks out here', () => outsider, 'POST', () => `/api/communities/${world.community.id}/checkout`, () => ({ idempotencyKey: idemKey(), lines: [{ itemId: basketOrder.lines[0].itemId, quantity: 1 }] })],
  ["resident cancels a line of another's basket", () => world.residents[1], 'POST', () => `/api/orders/${basketOrder.id}/cancel`, () => ({ lineIds: [basketOrder.lines[1].id] })],
  ["resident reads another's basket order", () => world.residents[1], 'GET', () => `/api/orders/${basketOrder.id}`],
  ["resident pays another's pending order", () => world.residents[1], 'POST', () => `/api/orders/${pendingOrderId}/pay`],
  ["leader pays a resident's pending order", () => world.leader, 'POST', () => `/api/orders/${pendingOrderId}/pay`],
  // Pickup code, passes and hand-overs.
  ['outsider reads a pickup code here', () => outsider, 'GET', () => `/api/communities/${world.community.id}/pickup-code`],
  ['outsider makes a pass here', () => outsider, 'POST', () => `/api/communities/${world.community.id}/pickup-passes`, () => ({ collector: '我' })],
  ["resident revokes another's pass", () => world.residents[1], 'POST', () => `/api/pickup-passes/${passId}/revoke`],
  ["leader revokes a resident's pass", () => world.leader, 'POST', () => `/api/pickup-passes/${passId}/revoke`],
  ['resident hands over without a code', () => world.residents[0], 'POST', () => `/api/communities/${world.community.id}/pickups/without-code`, () => ({ residentKey: world.residents[1].userId, note: '给她了' })],
  ['other leader hands over without a code here', () => otherLeader, 'POST', () => `/api/communities/${world.community.id}/pickups/without-code`, () => ({ residentKey: world.residents[0].userId, note: '给她了' })],
  ["resident confirms another's hand-over", () => world.residents[0], 'POST', () => `/api/handovers/${handoverId}/confirm`],
  ["leader confirms a hand-over for the resident", () => world.leader, 'POST', () => `/api/handovers/${handoverId}/confirm`],
  ["resident disputes another's hand-over", () => world.residents[0], 'POST', () => `/api/handovers/${handoverId}/dispute`, () => ({ reason: '她没拿到' })],
  ["leader disputes his own hand-over", () => world.leader, 'POST', () => `/api/handovers/${handoverId}/dispute`, () => ({ reason: '撤回' })],
  ['anonymous reads hand-overs to confirm', () => null, 'GET', () => '/api/me/handovers?status=awaiting_confirmation'],
  ['resident reads the labels', () => world.residents[0], 'GET', () => `/api/communities/${world.community.id}/labels?date=2026-11-26`],
  ['resident reads deliveries', () => world.residents[0], 'GET', () => `/api/communities/${world.community.id}/deliveries`],
  ['other leader reads deliveries here', () => otherLeader, 'GET', () => `/api/communities/${world.community.id}/deliveries`],
  ['other leader receives a delivery here', () => otherLeader, 'POST', () => `/api/purchase-order-lines/${receiptLineId}/receive`, () => ({ quantityReceived: 0 })],
  ['resident receives a delivery', () => world.residents[0], 'POST', () => `/api/purchase-order-lines/${receiptLineId}/receive`, () => ({ quantityReceived: 0 })],
  ["resident reads another's claim", () => world.residents[0], 'GET', () => `/api/claims/${claimId}`],
  ['other leader reads a claim here', () => otherLeader, 'GET', () => `/api/claims/${claimId}`],
  ['resident decides a claim as leader', () => world.residents[0], 'POST', () => `/api/claims/${claimId}/leader-decision`, () => ({ action: 'refund', note: '' })],
  ['claimant decides her own claim', () => world.residents[1], 'POST', () => `/api/claims/${claimId}/leader-decision`, () => ({ action: 'refund', note: '' })],
  ['other leader decides a claim here', () => otherLeader, 'POST', () => `/api/claims/${claimId}/leader-decision`, () => ({ action: 'refund', note: '' })],
  ['other leader reads the claims inbox', () => otherLeader, 'GET', () => `/api/communities/${world.community.id}/claims`],
  ['resident reads the claims inbox', () => world.residents[0], 'GET', () => `/api/communities/${world.community.id}/claims`],
  ['leader decides as the platform', () => world.leader, 'POST', () => `/api/claims/${claimId}/platform-decision`, () => ({ action: 'refund', note: '平台退款', faultParty: 'none' })],
  ['leader reads the platform queue', () => world.leader, 'GET', () => '/api/console/claims'],
  ['leader publishes a guarantee rule', () => world.leader, 'POST', () => '/api/console/guarantee-rules', () => ({ key: 'leader_rule', name: '团长规则', description: '团长自己定的规则', condition: 'true', action: 'refund_now', priority: 1 })],
  ['resident publishes a rule version', () => world.residents[0], 'POST', () => '/api/console/guarantee-rules/bad_fruit/versions', () => ({ name: '坏果包赔', description: '全部秒退款', condition: 'true', action: 'refund_now', priority: 1 })],
  ['leader tops up the fund', () => world.leader, 'POST', () => '/api/console/guarantee-fund/top-ups', () => ({ amountFen: 100000, memo: '自己充值', idempotencyKey: 'leader-topup-1' })],
  ['resident reads the fund', () => world.residents[0], 'GET', () => '/api/console/guarantee-fund'],
  ['anonymous reviews an automatic refund', () => null, 'POST', () => `/api/claims/${claimId}/review`, () => ({ outcome: 'fraud', note: '' })],
  ['outsider reads the feed', () => outsider, 'GET', () => `/api/communities/${world.community.id}/feed`],
  ['outsider reads a post', () => outsider, 'GET', () => `/api/posts/${questionId}`],
  ['outsider posts a question here', () => outsider, 'POST', () => `/api/communities/${world.community.id}/posts`, () => ({ kind: 'question', body: '我能问吗' })],
  ['resident publishes an article', () => world.residents[0], 'POST', () => `/api/communities/${world.community.id}/posts`, () => ({ kind: 'knowledge', title: '我的文章', body: '正文' })],
  ['other leader posts a notice here', () => otherLeader, 'POST', () => `/api/communities/${world.community.id}/posts`, () => ({ kind: 'notice', body: '通知' })],
  ['outsider comments', () => outsider, 'POST', () => `/api/posts/${questionId}/comments`, () => ({ body: '路过' })],
  ['outsider likes', () => outsider, 'PUT', () => `/api/posts/${questionId}/reaction`, () => ({ liked: true })],
  ['resident pins a post', () => world.residents[1], 'PUT', () => `/api/posts/${questionId}/pin`, () => ({ pinned: true })],
  ['resident hides a comment', () => world.residents[0], 'POST', () => '/api/moderation/hide', () => ({ type: 'comment', id: commentId, reason: '我不喜欢' })],
  ['other leader hides a comment here', () => otherLeader, 'POST', () => '/api/moderation/hide', () => ({ type: 'comment', id: commentId, reason: '我不喜欢' })],
  ['someone else marks the helpful answer', () => world.residents[1], 'POST', () => `/api/posts/${questionId}/helpful`, () => ({ commentId })],
  ['outsider votes', () => outsider, 'POST', () => `/api/posts/${pollId}/vote`, () => ({ optionIds: [randomUUIDForCase()] })],
  ['outsider reports', () => outsider, 'POST', () => '/api/moderation/reports', () => ({ type: 'post', id: questionId, reason: '捣乱' })],
  ['resident reads the report queue', () => world.residents[0], 'GET', () => `/api/moderation/reports?communityId=${world.community.id}`],
  ['other leader reads the report queue here', () => otherLeader, 'GET', () => `/api/moderation/reports?communityId=${world.community.id}`],
  ['resident reads the open questions', () => world.residents[0], 'GET', () => `/api/communities/${world.community.id}/questions/open`],
  ['resident creates an event', () => world.residents[0], 'POST', () => `/api/communities/${world.community.id}/events`, () => ({ kind: 'offline', title: '我的活动', description: '一起玩', startsAt: new Date(Date.now() + 3_600_000).toISOString(), endsAt: new Date(Date.now() + 7_200_000).toISOString(), place: '驿站', capacity: 3 })],
  ['outsider reads an event', () => outsider, 'GET', () => `/api/events/${eventId}`],
  ['outsider signs up', () => outsider, 'POST', () => `/api/events/${eventId}/signup`],
  ['outsider checks in with the token', () => outsider, 'POST', () => `/api/events/${eventId}/check-in`, () => ({ token: eventToken })],
  ['resident reads the attendees', () => world.residents[0], 'GET', () => `/api/events/${eventId}/attendees`],
  ['resident cancels the event', () => world.residents[0], 'POST', () => `/api/events/${eventId}/cancel`, () => ({ reason: '不想办了' })],
  ['other leader sets the welcome gift here', () => otherLeader, 'PUT', () => `/api/communities/${world.community.id}/welcome-gift`, () => ({ title: '礼物', couponCode: 'GIFT2026' })],
  ['outsider reads the welcome gift', () => outsider, 'GET', () => `/api/communities/${world.community.id}/welcome-gift`],
  ['anonymous mutes notices', () => null, 'PUT', () => '/api/notifications/settings', () => ({ kinds: [{ kind: 'arrival', muted: true }] })],
];

function randomUUIDForCase() {
  return '00000000-0000-4000-8000-000000000000';
}

describe('role boundaries', () => {
  it.each(cases)('%s → refused, nothing changes', async (_label, who, method, url, body) => {
    const before = await snapshot();
    const res = await call(t, who(), method, url(), body?.());
    expect([401, 403, 404]).toContain(res.status);
    expect(res.body.error.code).toMatch(/^(auth\.|community\.not_member|order\.not_found|order\.item_not_found|payment\.not_found|pickup\.not_found|pickup\.line_not_found|pass\.not_found|handover\.not_found|receipt\.not_your_pickup_point|groupbuy\.not_found|purchase_order\.not_found|batch\.not_found|claim\.not_found|post\.not_found|comment\.not_found|gathering\.not_found|feed\.leader_only|feed\.only_asker|gathering\.leader_only)/);
    expect(await snapshot()).toBe(before);
  });
});
