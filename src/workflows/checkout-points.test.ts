import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { buildWorld, call, idemKey, joinedResident, openGroupBuy, pickUp, sellableProduct, type Actor } from '../testing/world.js';
import { earnPoints, pointsBalance, reconcilePoints, EARNING_RULES } from '../modules/points/index.js';
import { fenTimesRate } from '../platform/money.js';
import { returnPointsForRefunds } from './checkout-points.js';
import { handlePaymentSucceeded } from './payment-notified.js';
import { createPayment, requestRefund } from '../modules/payments/index.js';

/**
 * Points at checkout (100 points = ¥1, at most 20% of an order): the payment asks the provider for
 * the rest; cancellations and refunds give the points back pro rata as new transfers; settlements
 * and the leader's commission are on the money actually paid. And the referral reward.
 */
let t: TestApp;
let w: Awaited<ReturnType<typeof buildWorld>>;
let gb2: { id: string; items: { id: string }[] };

const rows = async <T>(q: ReturnType<typeof sql>) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const balance = (a: Actor) => pointsBalance(t.database.db, { userId: a.userId, communityId: w.community.id });
/** Gives her 200 points a time the way residents earn them (referral rewards on past days, one a day). */
async function give(a: Actor, times: number) {
  for (let i = 0; i < times; i++) {
    const earlier = new Date(t.clock.now().getTime() - (i + 1) * 86_400_000);
    const r = await t.database.db.transaction((tx) => earnPoints(tx, { userId: a.userId, communityId: w.community.id, code: 'referral', refId: `seed:${i}`, idempotencyKey: `seed:${a.userId}:${i}:${Math.random()}`, now: earlier }));
    if ('capped' in r) throw new Error('seeding capped');
  }
}
async function checkout(a: Actor, lines: { itemId: string; quantity: number }[], points?: number) {
  return call(t, a, 'POST', `/api/communities/${w.community.id}/checkout`, { lines, idempotencyKey: idemKey(), points });
}
async function confirm(a: Actor, paymentId: string) {
  const r = await call(t, a, 'POST', `/api/payments/${paymentId}/sandbox-confirm`);
  expect(r.status).toBe(200);
}
async function paymentOf(orderId: string) {
  const [p] = await rows<{ amount_fen: number; points_fen: number; refunded_fen: number; settled_fen: number; status: string }>(sql`
    select amount_fen, points_fen, refunded_fen, settled_fen, status from payments where order_id = ${orderId} order by created_at desc limit 1`);
  return p;
}

beforeAll(async () => {
  t = await createTestApp();
  // ¥50 a box; a second item at ¥30 in another group buy of the community.
  w = await buildWorld(t, { residents: 0, stock: 200, limit: 20, priceFen: 5000 });
  const other = await sellableProduct(t, w, '土鸡蛋', 3000);
  gb2 = await openGroupBuy(t, w.leader, w.community.id, other.id, { stock: 200, limit: 20, priceFen: 3000 });
}, 180_000);
afterAll(async () => { await t?.close(); });

describe('paying with points at checkout', () => {
  it('600 points take ¥6 off a ¥100 order: the provider is asked for 9,400 fen, her points are spent', async () => {
    const her = await joinedResident(t, w.community, '李阿姨');
    await give(her, 3); // 600 points
    const placed = await checkout(her, [{ itemId: w.groupBuy.items[0].id, quantity: 2 }], 600);
    expect(placed.status).toBe(201);
    expect(placed.body.payment.amountFen).toBe(9400);
    expect(await paymentOf(placed.body.order.id)).toMatchObject({ amount_fen: 9400, points_fen: 600 });
    expect(await balance(her)).toEqual({ available: 0, held: 0 });
    await confirm(her, placed.body.payment.paymentId);
    expect(await paymentOf(placed.body.order.id)).toMatchObject({ status: 'held', amount_fen: 9400 });
  });

  it('more points than the 20% cap: only the cap is used, the rest stays hers', async () => {
    const her = await joinedResident(t, w.community, '张阿姨');
    await give(her, 5); // 1,000 points
    const placed = await checkout(her, [{ itemId: gb2.items[0].id, quantity: 1 }], 1000); // ¥30: cap 600
    expect(placed.body).toMatchObject({ order: {} });
    expect(placed.body.payment.amountFen).toBe(2400);
    expect(await balance(her)).toEqual({ available: 400, held: 0 });
    const none = await checkout(her, [{ itemId: gb2.items[0].id, quantity: 1 }], 0);
    expect(none.body.payment.amountFen).toBe(3000);
    expect(await balance(her)).toEqual({ available: 400, held: 0 });
  });

  it('more points than she has: points.insufficient, no order, nothing spent', async () => {
    const her = await joinedResident(t, w.community, '孙阿姨');
    await give(her, 1); // 200
    const [before] = await rows<{ n: number }>(sql`select count(*)::int as n from orders where user_id = ${her.userId}`);
    const r = await checkout(her, [{ itemId: w.groupBuy.items[0].id, quantity: 1 }], 201);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('points.insufficient');
    expect(r.body.error.message).toContain('200');
    const [after] = await rows<{ n: number }>(sql`select count(*)::int as n from orders where user_id = ${her.userId}`);
    expect(after.n).toBe(before.n);
    expect(await balance(her)).toEqual({ available: 200, held: 0 });
    const neg = await checkout(her, [{ itemId: w.groupBuy.items[0].id, quantity: 1 }], -5);
    expect(neg.status).toBe(400);
  });

  it('cancelling one line gives back its share of money and points; cancelling the rest gives back all', async () => {
    const her = await joinedResident(t, w.community, '周阿姨');
    await give(her, 5); // 1,000 points
    // ¥50 + ¥30 = ¥80: cap 1,600; she uses 1,000 → pays 7,000.
    const placed = await checkout(her, [{ itemId: w.groupBuy.items[0].id, quantity: 1 }, { itemId: gb2.items[0].id, quantity: 1 }], 1000);
    expect(placed.body.payment.amountFen).toBe(7000);
    await confirm(her, placed.body.payment.paymentId);
    const order = await call(t, her, 'GET', `/api/orders/${placed.body.order.id}`);
    const eggs = order.body.lines.find((l: { totalFen: number }) => l.totalFen === 3000);
    const cancelled = await call(t, her, 'POST', `/api/orders/${placed.body.order.id}/cancel`, { lineIds: [eggs.id] });
    expect(cancelled.status).toBe(200);
    // ¥30 of ¥80: money floor(3000 × 7000 / 8000) = 2,625, points 375.
    expect(await paymentOf(placed.body.order.id)).toMatchObject({ refunded_fen: 2625 });
    expect(await balance(her)).toEqual({ available: 375, held: 0 });
    const rest = await call(t, her, 'POST', `/api/orders/${placed.body.order.id}/cancel`, {});
    expect(rest.status).toBe(200);
    expect(await paymentOf(placed.body.order.id)).toMatchObject({ refunded_fen: 7000, status: 'refunded' });
    expect(await balance(her)).toEqual({ available: 1000, held: 0 });
    const [refunds] = await rows<{ money: number }>(sql`select sum(amount_fen)::int as money from refunds where order_id = ${placed.body.order.id}`);
    expect(refunds.money).toBe(7000);
    // The spend was never changed: the returns are transfers of their own.
    const moves = await rows<{ code: string; amount: number }>(sql`select code, amount from points_transfers where ref_id = ${`order:${placed.body.order.id}`} order by seq`);
    expect(moves).toEqual([{ code: 'checkout', amount: 1000 }, { code: 'checkout_return', amount: 375 }, { code: 'checkout_return', amount: 625 }]);
    // The scheduled backstop finds nothing more to give back.
    await returnPointsForRefunds(t.database.db, t.clock.now());
    expect(await balance(her)).toEqual({ available: 1000, held: 0 });
  });

  it('an unpaid order cancelled: all points back; a refund from elsewhere (leader cancel) comes back through the scheduled job', async () => {
    const her = await joinedResident(t, w.community, '吴阿姨');
    await give(her, 2); // 400
    const placed = await checkout(her, [{ itemId: w.groupBuy.items[0].id, quantity: 1 }], 400);
    expect(await balance(her)).toEqual({ available: 0, held: 0 });
    await call(t, her, 'POST', `/api/orders/${placed.body.order.id}/cancel`, {});
    expect(await balance(her)).toEqual({ available: 400, held: 0 });

    const paid = await checkout(her, [{ itemId: w.groupBuy.items[0].id, quantity: 2 }], 400); // ¥100, pays 9,600
    await confirm(her, paid.body.payment.paymentId);
    const byLeader = await call(t, w.leader, 'POST', `/api/communities/${w.community.id}/orders/${paid.body.order.id}/cancel`, { reasonCode: 'resident_asked' });
    expect(byLeader.status).toBe(200);
    expect(await paymentOf(paid.body.order.id)).toMatchObject({ refunded_fen: 9600 });
    expect((await balance(her)).available).toBe(0);
    await returnPointsForRefunds(t.database.db, t.clock.now());
    expect(await balance(her)).toEqual({ available: 400, held: 0 });
    await returnPointsForRefunds(t.database.db, t.clock.now());
    expect(await balance(her)).toEqual({ available: 400, held: 0 });
  });

  it('a second payment of the same order, paid and refunded as a duplicate, gives back its money but not the points the order kept', async () => {
    const her = await joinedResident(t, w.community, '钱阿姨');
    await give(her, 2); // 400
    const placed = await checkout(her, [{ itemId: w.groupBuy.items[0].id, quantity: 2 }], 400); // ¥100: 9,600 + 400 points
    const orderId = placed.body.order.id as string;
    // A second payment open at the same time (another device, or a second tap racing the first), carrying the same points.
    const order = { id: orderId, communityId: w.community.id, userId: her.userId, totalFen: 10_000 };
    const second = await createPayment(t.database.db, t.payments, order, 'duplicate', 400);
    await confirm(her, placed.body.payment.paymentId);
    const [p2] = await rows<{ provider_ref: string }>(sql`select provider_ref from payments where id = ${second.paymentId}`);
    const note = t.payments.confirm(p2.provider_ref, second.amountFen);
    const parsed = t.payments.parseNotification(note.body, note.signature)!;
    const late = await handlePaymentSucceeded(t.database.db, t.payments, parsed.providerRef, parsed.amountFen, t.clock.now());
    expect(late.payment.status).toBe('refunded');
    await returnPointsForRefunds(t.database.db, t.clock.now());
    // Paid twice in money (9,600 each) and once in points; the order stands on the first payment.
    const [paid] = await rows<{ money: number }>(sql`select sum(amount_fen)::int as money from payments where order_id = ${orderId} and status in ('held', 'settled', 'refunded')`);
    const [back] = await rows<{ money: number }>(sql`select coalesce(sum(amount_fen), 0)::int as money from refunds where order_id = ${orderId}`);
    const pointsBack = (await balance(her)).available;
    expect({ paid: paid.money, back: back.money, pointsBack }).toEqual({ paid: 19_200, back: 9600, pointsBack: 0 });
    // Returned (money + points) never exceeds paid (money + points) minus the order she keeps (¥100).
    expect(back.money + pointsBack).toBeLessThanOrEqual(paid.money + 400 - 10_000);
  });

  it('the hand-over settles the money paid, and the leader’s commission is on that money', async () => {
    const gb = await openGroupBuy(t, w.leader, w.community.id, w.product.id, { stock: 50, limit: 5, priceFen: 5000 });
    const her = await joinedResident(t, w.community, '郑阿姨');
    await give(her, 3); // 600
    const placed = await checkout(her, [{ itemId: gb.items[0].id, quantity: 1 }], 600); // pays 4,400
    await confirm(her, placed.body.payment.paymentId);
    await pickUp(t, w.leader, w.community.id, gb.id, [{ actor: her }]);
    const p = await paymentOf(placed.body.order.id);
    expect(p).toMatchObject({ status: 'settled', settled_fen: 4400, amount_fen: 4400, points_fen: 600 });
    const s = await rows<{ amount_fen: number; commission_fen: number; commission_rate: number }>(sql`select amount_fen, commission_fen, commission_rate from settlements where order_id = ${placed.body.order.id}`);
    expect(s.length).toBe(1);
    expect(s[0].amount_fen).toBe(4400);
    expect(s[0].commission_fen).toBe(fenTimesRate(4400, s[0].commission_rate));
    expect((await reconcilePoints(t.database.db)).mismatched).toEqual([]);
  });

  it('claims after the hand-over give back money and points pro rata, never more than she paid in all', async () => {
    const gb = await openGroupBuy(t, w.leader, w.community.id, w.product.id, { stock: 50, limit: 5, priceFen: 5000 });
    const her = await joinedResident(t, w.community, '冯阿姨');
    await give(her, 3); // 600
    const placed = await checkout(her, [{ itemId: gb.items[0].id, quantity: 1 }], 600); // ¥50: 4,400 + 600 points
    const orderId = placed.body.order.id as string;
    await confirm(her, placed.body.payment.paymentId);
    await pickUp(t, w.leader, w.community.id, gb.id, [{ actor: her }]);
    expect(await paymentOf(orderId)).toMatchObject({ status: 'settled', settled_fen: 4400 });
    const [line] = await rows<{ id: string }>(sql`select id from order_lines where order_id = ${orderId}`);
    // The refund an upheld claim asks for (payClaimRefund: key claim:<id>, in order value), twice, then once too many.
    const claim = (key: string, amountFen: number) => t.database.db.transaction((tx) => requestRefund(tx, { orderId, lineId: line.id, amountFen, refundKey: `claim:${key}`, reason: 'claim' }));
    const back = async () => ({
      money: (await rows<{ m: number }>(sql`select coalesce(sum(amount_fen), 0)::int as m from refunds where order_id = ${orderId}`))[0].m,
      points: (await balance(her)).available,
    });
    await claim('first', 2000);
    await claim('first', 2000); // the same claim again: a replay, nothing more
    await returnPointsForRefunds(t.database.db, t.clock.now());
    // ¥20 of ¥50 after ¥50 settled: money floor(7000 × 4400 / 5000) − 4400 = 1,760, points 240.
    expect(await back()).toEqual({ money: 1760, points: 240 });
    await claim('second', 3000);
    await returnPointsForRefunds(t.database.db, t.clock.now());
    expect(await back()).toEqual({ money: 4400, points: 600 });
    await expect(claim('third', 1)).rejects.toMatchObject({ code: 'refund.exceeds_payment' });
    await returnPointsForRefunds(t.database.db, t.clock.now());
    const total = await back();
    // Returned in all (money + points as fen) is exactly what she paid in all, never more.
    expect(total.money + total.points).toBe(4400 + 600); // 1 point = 1 fen
    expect((await reconcilePoints(t.database.db)).mismatched).toEqual([]);
  });
});

describe('the referral reward', () => {
  // A group buy of ¥30 opened now (the hand-over above moved the clock past the others' cut-off).
  let fresh: { id: string; items: { id: string }[] };
  beforeAll(async () => { fresh = await openGroupBuy(t, w.leader, w.community.id, w.product.id, { stock: 200, limit: 20, priceFen: 3000 }); });

  async function invited(inviter: Actor, name: string, doorNumber = ''): Promise<Actor> {
    const { sessionCookie } = await import('../testing/app.js');
    const r = await sessionCookie(t, { name });
    const joined = await call(t, r, 'POST', `/api/invites/${w.community.inviteCode}/join`, { invitedBy: inviter.userId, doorNumber });
    expect(joined.status).toBe(200);
    return r;
  }
  async function buyAndPay(a: Actor, itemId: string, quantity = 1) {
    const placed = await checkout(a, [{ itemId, quantity }]);
    expect(placed.body).toMatchObject({ order: {} });
    await confirm(a, placed.body.payment.paymentId);
  }
  const referralsOf = async (a: Actor) => (await rows<{ n: number }>(sql`select count(*)::int as n from points_transfers where credit_user_id = ${a.userId} and code = 'referral'`))[0].n;

  it('pays the inviter once, on the newcomer’s second paid order of at least ¥20 — not the first, not the third', async () => {
    const inviter = await joinedResident(t, w.community, '老王');
    const her = await invited(inviter, '新邻居', '5号楼 301');
    const gbSmall = await openGroupBuy(t, w.leader, w.community.id, w.product.id, { stock: 50, limit: 5, priceFen: 1999 });
    await buyAndPay(her, gbSmall.items[0].id); // ¥19.99: does not count
    await buyAndPay(her, fresh.items[0].id); // ¥30: first that counts
    expect(await referralsOf(inviter)).toBe(0);
    await buyAndPay(her, fresh.items[0].id); // second: pays
    expect(await referralsOf(inviter)).toBe(1);
    expect((await balance(inviter)).available).toBe(EARNING_RULES.referral.amount);
    await buyAndPay(her, fresh.items[0].id); // third: nothing more
    expect(await referralsOf(inviter)).toBe(1);
    expect((await balance(her)).available).toBe(0);
  });

  it('never for a newcomer of the same household (the same door number, however written)', async () => {
    const inviter = await joinedResident(t, w.community, '老李');
    // (Test setup: his 门牌 as the members page would keep it.)
    await t.database.db.execute(sql`update memberships set door_number = '3-502' where user_id = ${inviter.userId}`);
    const spouse = await invited(inviter, '老伴', '3号502室');
    for (let i = 0; i < 3; i++) await buyAndPay(spouse, fresh.items[0].id);
    expect(await referralsOf(inviter)).toBe(0);
  });

  it('the money counts, not the points: an order of ¥30 paid ¥24 + 600 points counts; one paid under ¥20 does not', async () => {
    const inviter = await joinedResident(t, w.community, '老赵');
    const her = await invited(inviter, '小赵', '7号楼 101');
    await give(her, 3);
    // ¥30 with 600 points → ¥24 of money: counts.
    const a = await checkout(her, [{ itemId: fresh.items[0].id, quantity: 1 }], 600);
    await confirm(her, a.body.payment.paymentId);
    // ¥24.98 with its cap of 499 points → ¥19.99: does not count.
    await give(her, 3);
    const gb = await openGroupBuy(t, w.leader, w.community.id, w.product.id, { stock: 50, limit: 5, priceFen: 2498 });
    const b = await checkout(her, [{ itemId: gb.items[0].id, quantity: 1 }], 500);
    expect(b.body.payment.amountFen).toBe(1999);
    await confirm(her, b.body.payment.paymentId);
    expect(await referralsOf(inviter)).toBe(0);
    await buyAndPay(her, fresh.items[0].id);
    expect(await referralsOf(inviter)).toBe(1);
  });
});
