import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { call, HOUR } from '../../testing/world.js';
import { fenTimesRate } from '../../platform/money.js';
import { currentCommissionRate } from '../trust/leader-index.service.js';
import { autoConfirmDueHandovers } from '../../workflows/hand-over.js';
import { markNotCollected, sendPickupReminders } from '../../workflows/not-collected.js';
import { closedGroupBuy, codeOf, deliverAndReceive, fulfilmentWorld, handoverCounts, paidBasket, rows, type FWorld } from '../../testing/fulfilment-fixtures.js';

let t: TestApp;
let w: FWorld;
let rate: number;
beforeAll(async () => {
  t = await createTestApp();
  w = await fulfilmentWorld(t, ['李阿姨', '张大哥', '小林']);
  rate = await currentCommissionRate(t.database.db, w.leader.userId);
});
afterAll(async () => { await t?.close(); });

const cid = () => w.community.id;
const DAY = 24 * HOUR;

describe('handed over without a code (a resident without a phone)', () => {
  it('waits for her confirmation, then settles; a second answer changes nothing', async () => {
    const [li] = w.residents;
    const gb = await closedGroupBuy(t, w);
    const a = await paidBasket(t, w, li, [{ item: gb.items[0], groupBuyId: gb.id, quantity: 2 }, { item: gb.items[1], groupBuyId: gb.id, quantity: 1 }]);
    await deliverAndReceive(t, w, [gb], { intoWindow: true });

    const pending = await call(t, w.leader, 'GET', `/api/communities/${cid()}/pickups/pending`);
    const household = pending.body.households.find((h: { name: string }) => h.name === '李**');
    expect(household).toMatchObject({ groupNumbers: [1], windowStarted: true });
    expect(household.lines.map((l: { lineId: string }) => l.lineId).sort()).toEqual([...a.lineIds].sort());
    expect(pending.body.reminderText).toContain('#1 李** 有机草莓×2、土鸡蛋×1');

    // Not the leader's to record for himself, nor another community's leader's.
    const w2 = await fulfilmentWorld(t, ['赵奶奶']);
    expect((await call(t, w2.leader, 'POST', `/api/communities/${cid()}/pickups/without-code`, { residentKey: household.residentKey, note: '' })).status).toBe(403);

    const rec = await call(t, w.leader, 'POST', `/api/communities/${cid()}/pickups/without-code`, { residentKey: household.residentKey, lineIds: a.lineIds, note: '老人没带手机' });
    expect(rec.status).toBe(201);
    expect(rec.body).toMatchObject({ method: 'without_code', status: 'awaiting_confirmation', note: '老人没带手机' });
    expect(new Date(rec.body.settleDueAt).getTime() - new Date(rec.body.createdAt).getTime()).toBe(72 * HOUR);
    const lines = await rows<{ status: string }>(t, sql`select status from order_lines where order_id = ${a.orderId}`);
    expect(lines.map((l) => l.status)).toEqual(['picked_up', 'picked_up']);
    // No money moves yet.
    let [p] = await rows<{ status: string; settled_fen: number }>(t, sql`select status, settled_fen from payments where order_id = ${a.orderId}`);
    expect(p).toEqual({ status: 'held', settled_fen: 0 });
    const [ev] = await rows<{ payload: { method: string; lineIds: string[] } }>(t, sql`select payload from domain_events where type = 'handover.recorded' and subject_id = ${rec.body.id}`);
    expect(ev.payload).toMatchObject({ method: 'without_code' });

    // She is told, and sees it waiting for her word.
    const notes = await call(t, li, 'GET', '/api/notifications');
    const note = notes.body.items.find((n: { kind: string }) => n.kind === 'handover_to_confirm');
    expect(note.title).toBe('请确认收货');
    // Names in a notice come wrapped in Unicode isolates (U+2068 … U+2069), for the page to mark.
    expect(note.body.replace(/[\u2068\u2069]/g, '')).toContain('有机草莓×2、土鸡蛋×1');
    const mine = await call(t, li, 'GET', '/api/me/handovers?status=awaiting_confirmation');
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0]).toMatchObject({ id: rec.body.id, leaderName: '王叔', communityId: cid() });
    expect(mine.body.items[0].lines.map((l: { productName: string; quantity: number }) => `${l.productName}×${l.quantity}`).sort()).toEqual(['有机草莓×2', '土鸡蛋×1'].sort());

    // Someone else cannot answer for her.
    expect((await call(t, w.residents[1], 'POST', `/api/handovers/${rec.body.id}/confirm`)).status).toBe(404);
    const ok = await call(t, li, 'POST', `/api/handovers/${rec.body.id}/confirm`);
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('confirmed');
    [p] = await rows<{ status: string; settled_fen: number }>(t, sql`select status, settled_fen from payments where order_id = ${a.orderId}`);
    expect(p).toEqual({ status: 'settled', settled_fen: 7500 });
    const [s] = await rows<{ reason: string; commission_fen: number; settle_key: string }>(t, sql`select reason, commission_fen, settle_key from settlements where order_id = ${a.orderId}`);
    expect(s).toEqual({ reason: 'confirmed', commission_fen: fenTimesRate(7500, rate), settle_key: `handover:${rec.body.id}` });

    const before = await handoverCounts(t, cid());
    const again = await call(t, li, 'POST', `/api/handovers/${rec.body.id}/confirm`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('handover.not_awaiting');
    expect((await call(t, li, 'POST', `/api/handovers/${rec.body.id}/dispute`, { reason: '其实没拿到' })).body.error.code).toBe('handover.not_awaiting');
    expect(await handoverCounts(t, cid())).toEqual(before);
  });

  it('a dispute settles nothing and opens a claim per line', async () => {
    const zhang = w.residents[1];
    const gb = await closedGroupBuy(t, w);
    const a = await paidBasket(t, w, zhang, [{ item: gb.items[0], groupBuyId: gb.id, quantity: 1 }, { item: gb.items[1], groupBuyId: gb.id, quantity: 2 }]);
    await deliverAndReceive(t, w, [gb], { intoWindow: true });
    const rec = await call(t, w.leader, 'POST', `/api/communities/${cid()}/pickups/without-code`, { residentKey: zhang.userId, note: '' });
    expect(rec.status).toBe(201);
    expect(rec.body.lines).toHaveLength(2);
    expect((await call(t, zhang, 'POST', `/api/handovers/${rec.body.id}/dispute`, { reason: 'x' })).body.error.code).toBe('handover.reason_length');
    const res = await call(t, zhang, 'POST', `/api/handovers/${rec.body.id}/dispute`, { reason: '我那天不在家，没拿到货' });
    expect(res.status).toBe(200);
    expect(res.body.handover).toMatchObject({ status: 'disputed', disputeReason: '我那天不在家，没拿到货' });
    expect(res.body.claimIds).toHaveLength(2);
    const claims = await rows<{ line_id: string }>(t, sql`select line_id from claims where id in ${res.body.claimIds as string[]}`);
    expect(claims.map((c) => c.line_id).sort()).toEqual([...a.lineIds].sort());
    const [p] = await rows<{ status: string; settled_fen: number }>(t, sql`select status, settled_fen from payments where order_id = ${a.orderId}`);
    expect(p).toEqual({ status: 'held', settled_fen: 0 });
    const [ev] = await rows<{ payload: { lineIds: string[]; leaderId: string } }>(t, sql`select payload from domain_events where type = 'handover.disputed' and subject_id = ${rec.body.id}`);
    expect(ev.payload.leaderId).toBe(w.leader.userId);
    expect(ev.payload.lineIds.sort()).toEqual([...a.lineIds].sort());
    // 72 hours later nothing settles for a disputed hand-over.
    t.clock.advance(73 * HOUR);
    await autoConfirmDueHandovers(t.database.db, t.clock.now());
    const [after] = await rows<{ settled_fen: number }>(t, sql`select settled_fen from payments where order_id = ${a.orderId}`);
    expect(after.settled_fen).toBe(0);
  });

  it('refuses lines that are not ready or not hers, and a resident with nothing ready', async () => {
    const [li, zhang, lin] = w.residents;
    const gb = await closedGroupBuy(t, w);
    const hers = await paidBasket(t, w, li, [{ item: gb.items[0], groupBuyId: gb.id, quantity: 1 }]);
    const notArrived = await paidBasket(t, w, zhang, [{ item: gb.items[0], groupBuyId: gb.id, quantity: 1 }]);
    let before = await handoverCounts(t, cid());
    // Before arrival: nothing ready.
    const early = await call(t, w.leader, 'POST', `/api/communities/${cid()}/pickups/without-code`, { residentKey: zhang.userId, lineIds: notArrived.lineIds, note: '' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('pickup.line_not_ready');
    expect(await handoverCounts(t, cid())).toEqual(before);
    await deliverAndReceive(t, w, [gb], { intoWindow: true });
    before = await handoverCounts(t, cid());
    const foreign = await call(t, w.leader, 'POST', `/api/communities/${cid()}/pickups/without-code`, { residentKey: lin.userId, lineIds: hers.lineIds, note: '' });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('pickup.line_not_found');
    const nothing = await call(t, w.leader, 'POST', `/api/communities/${cid()}/pickups/without-code`, { residentKey: lin.userId, note: '' });
    expect(nothing.body.error.code).toBe('pickup.nothing_ready');
    expect(await handoverCounts(t, cid())).toEqual(before);
  });
});

describe('not collected', () => {
  it('reminds once when the window opens and two hours before it ends, then settles what nobody came for', async () => {
    const w2 = await fulfilmentWorld(t, ['钱阿姨', '孙叔']);
    const [qian, sun] = w2.residents;
    const gb = await closedGroupBuy(t, w2, { title: '荔枝团', startInMs: 2 * HOUR, windowMs: 10 * HOUR });
    const a = await paidBasket(t, w2, qian, [{ item: gb.items[0], groupBuyId: gb.id, quantity: 2 }, { item: gb.items[1], groupBuyId: gb.id, quantity: 1 }]);
    const b = await paidBasket(t, w2, sun, [{ item: gb.items[0], groupBuyId: gb.id, quantity: 1 }]);
    await deliverAndReceive(t, w2, [gb]);

    const notices = async (kind: string) => rows<{ user_id: string; title: string }>(t, sql`select user_id, title from notifications where kind = ${kind} and community_id = ${w2.community.id} order by user_id`);
    // Before the window: no reminder for this group buy.
    await sendPickupReminders(t.database.db, t.clock.now());
    expect(await notices('pickup_open')).toEqual([]);
    t.clock.advance(2 * HOUR + 1000);
    // Two instances at once, then again: each reminder goes out once.
    await Promise.all([sendPickupReminders(t.database.db, t.clock.now()), sendPickupReminders(t.database.db, t.clock.now())]);
    await sendPickupReminders(t.database.db, t.clock.now());
    expect((await notices('pickup_open')).map((n) => n.title)).toEqual(['荔枝团 可以取货了', '荔枝团 可以取货了']);
    const [flags] = await rows<{ open: Date | null; end: Date | null }>(t, sql`select open_reminder_at as open, end_reminder_at as end from group_buys where id = ${gb.id}`);
    expect(flags.open).not.toBeNull();
    expect(flags.end).toBeNull();

    // He collects; she does not: two hours before the end only she is reminded, once.
    expect((await call(t, w2.leader, 'POST', `/api/communities/${w2.community.id}/pickups/verify`, { code: await codeOf(t, sun, w2.community.id) })).status).toBe(200);
    t.clock.advance(7 * HOUR);
    await sendPickupReminders(t.database.db, t.clock.now());
    expect(await notices('pickup_ending')).toEqual([]);
    t.clock.advance(HOUR + 1000);
    await Promise.all([sendPickupReminders(t.database.db, t.clock.now()), sendPickupReminders(t.database.db, t.clock.now())]);
    await sendPickupReminders(t.database.db, t.clock.now());
    expect((await notices('pickup_ending')).map((n) => [n.user_id, n.title])).toEqual([[qian.userId, '荔枝团 还没取']]);

    // The leader's list: who has not collected, and a text to paste into the group.
    const pending = await call(t, w2.leader, 'GET', `/api/communities/${w2.community.id}/pickups/pending`);
    expect(pending.body.households.map((h: { name: string }) => h.name)).toEqual(['钱**']);
    expect(pending.body.reminderText).toBe('【取货提醒】1 号楼驿站（1 号楼 1 层）还有邻居的货没取：\n#1 钱** 有机草莓×2、土鸡蛋×1\n取货时间 08:00-20:00，请打开「取货码」给团长扫一下。谢谢！');
    const en = await call(t, w2.leader, 'GET', `/api/communities/${w2.community.id}/pickups/pending`, undefined, { 'accept-language': 'en' });
    expect(en.body.reminderText).toContain('Pickup reminder: goods are still waiting at 1 号楼驿站');
    expect(en.body.reminderText).toContain('#1 钱** 有机草莓×2, 土鸡蛋×1');

    // Window over, grace (3 days by default) not yet: still ready.
    const ready = async () => (await rows<{ n: number }>(t, sql`select count(*)::int as n from order_lines where order_id = ${a.orderId} and status = 'ready_for_pickup'`))[0].n;
    t.clock.advance(2 * HOUR + 2 * DAY);
    await markNotCollected(t.database.db, t.clock.now());
    expect(await ready()).toBe(2);
    t.clock.advance(DAY);
    await Promise.all([markNotCollected(t.database.db, t.clock.now()), markNotCollected(t.database.db, t.clock.now())]);
    await markNotCollected(t.database.db, t.clock.now());
    expect(await ready()).toBe(0);

    const lines = await rows<{ status: string }>(t, sql`select status from order_lines where order_id = ${a.orderId}`);
    expect(lines.map((l) => l.status)).toEqual(['not_collected', 'not_collected']);
    const r2 = await currentCommissionRate(t.database.db, w2.leader.userId);
    const [p] = await rows<{ status: string; settled_fen: number; leader_commission_fen: number }>(t, sql`select status, settled_fen, leader_commission_fen from payments where order_id = ${a.orderId}`);
    expect(p).toEqual({ status: 'settled', settled_fen: 7500, leader_commission_fen: fenTimesRate(6000, r2) + fenTimesRate(1500, r2) });
    const reasons = await rows<{ reason: string; leader_id: string }>(t, sql`select distinct reason, leader_id from settlements where order_id = ${a.orderId}`);
    expect(reasons).toEqual([{ reason: 'not_collected', leader_id: w2.leader.userId }]);
    const ev = await rows<{ subject_id: string; payload: Record<string, unknown> }>(t, sql`select subject_id, payload from domain_events where type = 'order.not_collected' and community_id = ${w2.community.id}`);
    expect(ev.map((e) => e.subject_id).sort()).toEqual([...a.lineIds].sort());
    expect(ev.find((e) => e.subject_id === a.lineIds[0])!.payload).toMatchObject({ orderId: a.orderId, groupBuyId: gb.id, residentId: qian.userId, quantity: 2, totalFen: 6000 });
    const told = await call(t, qian, 'GET', '/api/notifications');
    expect(told.body.items.filter((n: { kind: string }) => n.kind === 'not_collected').map((n: { title: string }) => n.title.replace(/[\u2068\u2069]/g, ''))).toEqual(['荔枝团 未取货']);
    // He collected: his payment settled once, by the hand-over.
    const [pb] = await rows<{ n: number }>(t, sql`select count(*)::int as n from settlements where order_id = ${b.orderId}`);
    expect(pb.n).toBe(1);

    const after = await call(t, w2.leader, 'GET', `/api/communities/${w2.community.id}/pickups/pending`);
    expect(after.body.households).toEqual([]);
    expect(after.body.notCollected.map((h: { name: string; lines: unknown[] }) => [h.name, h.lines.length])).toEqual([['钱**', 2]]);
    expect(after.body.reminderText).toBe('');
    // Not collected is not collectable.
    const late = await call(t, w2.leader, 'POST', `/api/communities/${w2.community.id}/pickups/verify`, { code: await codeOf(t, qian, w2.community.id) });
    expect(late.status).toBe(404);
  });
});
