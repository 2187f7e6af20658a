import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { buildWorld, call, deliverAndReceive, idemKey, joinedResident, openGroupBuy, orderAndPay, pickupCode, type Actor } from '../testing/world.js';
import { databaseFingerprint } from '../testing/fingerprint.js';
import { windowText } from './leader-dashboard.js';

/**
 * 王叔's morning at 09:00 Asia/Shanghai (01:00 UTC): goods of one group buy at two pickup points,
 * one neighbour already served, claims with deadlines, money paid either side of local midnight.
 */
let t: TestApp;
let w: Awaited<ReturnType<typeof buildWorld>>;
let r: Actor[];
let secondPointId: string;
let orders: { id: string; lines: { id: string; totalFen: number }[] }[];
let open2: { id: string };
const HOUR = 3_600_000;
/** Local (UTC+8) wall time of day `dayOffset` relative to the clock's local day, as an instant. */
let localMidnight: number;
const at = (dayOffset: number, hours: number, minutes = 0) => new Date(localMidnight + dayOffset * 24 * HOUR + hours * HOUR + minutes * 60_000);
const exec = (q: ReturnType<typeof sql>) => t.database.db.execute(q);
const dash = (actor: Actor = w.leader) => call(t, actor, 'GET', `/api/communities/${w.community.id}/leader-dashboard`);

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t, { residents: 3, stock: 50, priceFen: 3000 });
  r = w.residents;
  secondPointId = ((await exec(sql`insert into pickup_points (community_id, name, address, hours, position)
    values (${w.community.id}, '3 号楼驿站', '3 号楼 1 层', '10:00-19:00', 1) returning id`)) as unknown as { rows: { id: string }[] }).rows[0].id;
  orders = [await orderAndPay(t, r[0], w.groupBuy.id, 2), await orderAndPay(t, r[1], w.groupBuy.id, 1), await orderAndPay(t, r[2], w.groupBuy.id, 1)];
  await exec(sql`update orders set pickup_point_id = ${secondPointId} where id = ${orders[2].id}`);
  await deliverAndReceive(t, w.leader, w.groupBuy.id);
  // Move the clock to the next 09:00 in Shanghai; today's pickup window is 08:00–20:00 local.
  const now = t.clock.now().getTime();
  const shanghai = now + 8 * HOUR;
  let nine = Math.floor(shanghai / (24 * HOUR)) * 24 * HOUR + 9 * HOUR - 8 * HOUR;
  if (nine <= now) nine += 24 * HOUR;
  t.clock.advance(nine - now);
  localMidnight = nine - 9 * HOUR;
  await exec(sql`update group_buys set pickup_start_at = ${at(0, 8)}, pickup_end_at = ${at(0, 20)} where id = ${w.groupBuy.id}`);
  // Paid just after local midnight (today here, yesterday in UTC), just before it, and two days ago.
  await exec(sql`update order_lines set paid_at = ${at(0, 0, 30)} where order_id = ${orders[0].id}`);
  await exec(sql`update order_lines set paid_at = ${at(-1, 23, 30)} where order_id = ${orders[2].id}`);
  await exec(sql`update order_lines set paid_at = ${at(-2, 10)} where order_id = ${orders[1].id}`);
  // r[1] collects hers now.
  const v = await call(t, w.leader, 'POST', `/api/communities/${w.community.id}/pickups/verify`, { code: await pickupCode(t, r[1], w.community.id) });
  expect(v.status).toBe(200);
  // Another open group buy selling: 2 paid of 10, one unpaid order that does not count.
  open2 = await openGroupBuy(t, w.leader, w.community.id, w.product.id, { stock: 10 });
  await orderAndPay(t, r[0], open2.id, 2);
  await call(t, r[1], 'POST', `/api/group-buys/${open2.id}/orders`, { quantity: 1, idempotencyKey: idemKey() });
  // Claims: one due in two hours, one overdue, one already with the platform (not his).
  const lineOf = (o: number) => orders[o].lines[0].id;
  const claim = (o: number, status: string, deadline: Date) => exec(sql`insert into claims (community_id, order_id, line_id, user_id, product_id, group_buy_id, kind, quantity, amount_fen, description, status, facts, reason_key, deadline_at)
    values (${w.community.id}, ${orders[o].id}, ${lineOf(o)}, ${r[o].userId}, ${w.product.id}, ${w.groupBuy.id}, 'missing', 1, 3000, '少了一盒', ${status}, '{}'::jsonb, 'x', ${deadline})`);
  await claim(0, 'leader_review', at(0, 11));
  await claim(1, 'leader_review', at(0, 8));
  await claim(2, 'platform_review', at(0, 7));
});
afterAll(async () => { await t?.close(); });

describe('the leader morning dashboard', () => {
  it('counts what to hand over today at each pickup point, orders with no point at the first one', async () => {
    const d = await dash();
    expect(d.status).toBe(200);
    expect(d.body.today).toBe(new Date(localMidnight + 8 * HOUR).toISOString().slice(0, 10));
    expect(d.body.points.map((p: { name: string; toHandOver: unknown; notCollected: unknown }) => [p.name, p.toHandOver, p.notCollected])).toEqual([
      ['1 号楼驿站', { orders: 1, households: 1, units: 2 }, { orders: 1, households: 1, units: 2 }],
      ['3 号楼驿站', { orders: 1, households: 1, units: 1 }, { orders: 1, households: 1, units: 1 }],
    ]);
    expect(d.body.toHandOver).toEqual({ orders: 2, households: 2, units: 3 });
  });

  it('lists who has not collected with masked names and 跟团号, never a phone number', async () => {
    const d = await dash();
    expect(d.body.notCollected.list).toEqual([
      { name: '居**', groupNumbers: [1], items: ['有机草莓×2'], overdue: false, pointName: '1 号楼驿站' },
      { name: '居**', groupNumbers: [3], items: ['有机草莓×1'], overdue: false, pointName: '3 号楼驿站' },
    ]);
    expect(JSON.stringify(d.body)).not.toContain(r[0].phone);
  });

  it('shows claims waiting for him, soonest deadline first, the overdue one marked', async () => {
    const d = await dash();
    expect(d.body.claims.map((c: { deadlineAt: string; overdue: boolean }) => [c.deadlineAt, c.overdue])).toEqual([
      [at(0, 8).toISOString(), true],
      [at(0, 11).toISOString(), false],
    ]);
  });

  it('counts sales paid and handed over today in Shanghai time, and his commission settled today', async () => {
    const d = await dash();
    const [{ commission }] = ((await exec(sql`select coalesce(sum(commission_fen), 0)::int as commission from settlements where leader_id = ${w.leader.userId}`)) as unknown as { rows: { commission: number }[] }).rows;
    expect(commission).toBeGreaterThan(0);
    // Paid today: r[0]'s 2 × 30 元 of the first group buy (00:30 local) and the 2 × 36.80 元 just bought of the second.
    expect(d.body.sales).toEqual({ paidFen: 6000 + 7360, paidOrders: 2, handedOverFen: 3000, handedOverOrders: 1, commissionFen: commission });
    // The same settlement made yesterday evening (local) is not today's.
    await exec(sql`update settlements set created_at = ${at(-1, 23, 59)} where leader_id = ${w.leader.userId}`);
    expect((await dash()).body.sales.commissionFen).toBe(0);
    await exec(sql`update settlements set created_at = ${at(0, 9)} where leader_id = ${w.leader.userId}`);
  });

  it("shows each open group buy's progress: paid units of stock, orders, cut-off", async () => {
    const d = await dash();
    expect(d.body.groupBuys).toEqual([{ id: open2.id, title: '有机草莓', cutoffAt: expect.any(String), sold: 2, stockTotal: 10, stockAvailable: 7, orders: 1, buyers: 1 }]);
  });

  it('writes the arrival text from the arrived group buy, its window today and the pickup points', async () => {
    const d = await dash();
    expect(d.body.arrival.groupBuys).toEqual([{ id: w.groupBuy.id, title: '有机草莓' }]);
    expect(d.body.arrival.text).toBe('有机草莓到啦，今天 08:00–20:00 在 1 号楼驿站或3 号楼驿站取');
    const en = await call(t, w.leader, 'GET', `/api/communities/${w.community.id}/leader-dashboard`, undefined, { 'accept-language': 'en' });
    expect(en.body.arrival.text).toBe('有机草莓 has arrived! Pick up today 08:00–20:00 at 1 号楼驿站 or 3 号楼驿站');
    expect(d.body.reminder.text).toBe([
      '【取货提醒】还有 2 户邻居的货没取：',
      '#1 居** 有机草莓×2',
      '#3 居** 有机草莓×1',
      '请在今天 20:00 前到 1 号楼驿站或3 号楼驿站取，打开「取货码」给团长扫一下。谢谢！',
    ].join('\n'));
  });

  it('sends the arrival notice to exactly the residents whose goods wait, once a day however often he taps', async () => {
    const before = await noticesOf('leader_arrival');
    const body = { kind: 'arrival', groupBuyIds: [w.groupBuy.id], text: '草莓到啦，今天 08:00–20:00 来取' };
    const [a, b] = await Promise.all([
      call(t, w.leader, 'POST', `/api/communities/${w.community.id}/announcements`, body),
      call(t, w.leader, 'POST', `/api/communities/${w.community.id}/announcements`, body),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.told, b.body.told].sort()).toEqual([0, 2]);
    const after = await noticesOf('leader_arrival');
    expect(after.length - before.length).toBe(2);
    expect(after.map((n) => n.userId).sort()).toEqual([r[0].userId, r[2].userId].sort());
    expect(after[0].body).toBe('草莓到啦，今天 08:00–20:00 来取');
    const d = await dash();
    expect(d.body.arrival.sent).toMatchObject({ told: 2, all: true });
    // The reminder is another kind: it goes out once too.
    const rem = await call(t, w.leader, 'POST', `/api/communities/${w.community.id}/announcements`, { kind: 'reminder', groupBuyIds: [w.groupBuy.id], text: d.body.reminder.text });
    expect(rem.body).toMatchObject({ told: 2, sentGroupBuyIds: [w.groupBuy.id] });
    // Tomorrow is another day.
    t.clock.advance(24 * HOUR);
    await exec(sql`update group_buys set pickup_end_at = ${at(1, 20)} where id = ${w.groupBuy.id}`);
    const next = await call(t, w.leader, 'POST', `/api/communities/${w.community.id}/announcements`, { kind: 'reminder', groupBuyIds: [w.groupBuy.id], text: '还没取的邻居今天来取哦' });
    expect(next.body.told).toBe(2);
    t.clock.advance(-24 * HOUR);
    await exec(sql`update group_buys set pickup_end_at = ${at(0, 20)} where id = ${w.groupBuy.id}`);
  });

  it('refuses an empty or overlong text, or another community’s group buy, and tells nobody', async () => {
    const other = await otherCommunityGroupBuy();
    const before = await databaseFingerprint(t);
    const url = `/api/communities/${w.community.id}/announcements`;
    const empty = await call(t, w.leader, 'POST', url, { kind: 'arrival', groupBuyIds: [open2.id], text: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatchObject({ code: 'announcement.text_empty', message: '通知内容不能为空' });
    const long = await call(t, w.leader, 'POST', url, { kind: 'arrival', groupBuyIds: [open2.id], text: '草'.repeat(501) });
    expect(long.body.error.code).toBe('announcement.text_too_long');
    const foreign = await call(t, w.leader, 'POST', url, { kind: 'arrival', groupBuyIds: [other], text: '到啦' });
    expect(foreign.status).toBe(404);
    // A group buy with nobody waiting: nothing to send.
    const nobody = await call(t, w.leader, 'POST', url, { kind: 'arrival', groupBuyIds: [open2.id], text: '到啦' });
    expect(nobody.body.error.code).toBe('announcement.nothing_to_send');
    expect(await databaseFingerprint(t)).toEqual(before);
  });
});

describe('pickup windows in words', () => {
  const tz = 'Asia/Shanghai';
  const now = new Date('2026-12-05T01:00:00Z'); // 09:00 local
  it('says today, today until, or the date', () => {
    expect(windowText(new Date('2026-12-05T02:00:00Z'), new Date('2026-12-05T11:00:00Z'), now, tz, 'zh-CN')).toBe('今天 10:00–19:00');
    expect(windowText(new Date('2026-12-04T02:00:00Z'), new Date('2026-12-05T11:00:00Z'), now, tz, 'zh-CN')).toBe('今天 19:00 前');
    expect(windowText(new Date('2026-12-06T02:00:00Z'), new Date('2026-12-06T11:00:00Z'), now, tz, 'zh-CN')).toBe('12月6日 10:00–19:00');
    expect(windowText(new Date('2026-12-06T02:00:00Z'), new Date('2026-12-07T11:00:00Z'), now, tz, 'en')).toBe('6 Dec 10:00 to 7 Dec 19:00');
    // 23:30 UTC on the 4th is already the 5th in Shanghai.
    expect(windowText(new Date('2026-12-04T23:30:00Z'), new Date('2026-12-05T11:00:00Z'), now, tz, 'en')).toBe('today 07:30–19:00');
  });
});

async function noticesOf(kind: string) {
  return ((await exec(sql`select user_id as "userId", body from notifications where kind = ${kind} order by created_at`)) as unknown as { rows: { userId: string; body: string }[] }).rows;
}

async function otherCommunityGroupBuy(): Promise<string> {
  const c = await call(t, w.operator, 'POST', '/api/communities', { name: '别处', address: 'x', timeZone: 'Asia/Shanghai', pickupPointName: 'a', pickupPointAddress: 'b', pickupHours: '08:00-20:00' });
  const leader = await joinedResident(t, c.body, '李叔');
  await call(t, w.operator, 'POST', `/api/communities/${c.body.id}/leaders`, { phone: leader.phone, name: '李叔', title: '' });
  const rows = ((await exec(sql`select id from group_buys where community_id <> ${w.community.id} limit 1`)) as unknown as { rows: { id: string }[] }).rows;
  if (rows[0]) return rows[0].id;
  await call(t, leader, 'POST', `/api/communities/${c.body.id}/endorsements`, { productId: w.product.id, rating: 5, story: '我自己先买了两盒试吃，酸甜适中，个头均匀。' });
  return (await openGroupBuy(t, leader, c.body.id, w.product.id)).id;
}
