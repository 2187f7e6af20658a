import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/app.js';
import { buildWorld, call, orderAndPay, pickupCode } from '../../testing/world.js';
import { fenTimesRate } from '../../platform/money.js';
import { currentCommissionRate } from '../trust/leader-index.service.js';
import { acceptedCodes, pickupCodeFor, stepOf } from './pickup-code.js';
import { passProblem } from './handover.service.js';
import { closedGroupBuy, codeOf, deliverAndReceive, fulfilmentWorld, handoverCounts, paidBasket, rows, type FWorld } from '../../testing/fulfilment-fixtures.js';
import { UNMASKED_MOBILE } from '../../testing/phone.js';

let t: TestApp;
let w: FWorld;
let rate: number;
beforeAll(async () => {
  t = await createTestApp();
  w = await fulfilmentWorld(t, ['李阿姨', '张大哥', '小林', '周姐']);
  rate = await currentCommissionRate(t.database.db, w.leader.userId);
});
afterAll(async () => { await t?.close(); });

const cid = () => w.community.id;
const verify = (body: unknown, actor = w.leader) => call(t, actor, 'POST', `/api/communities/${cid()}/pickups/verify`, body);
const lookup = (code: string, actor = w.leader) => call(t, actor, 'POST', `/api/communities/${cid()}/pickups/lookup`, { code });

describe('one code for everything ready for her', () => {
  it('shows every ready line of her household across orders and group buys and hands them over in one transaction', async () => {
    const [li] = w.residents;
    const gb1 = await closedGroupBuy(t, w, { title: '周末鲜货团' });
    const gb2 = await closedGroupBuy(t, w, { title: '牛奶团', items: [{ product: 2, priceFen: 1280 }] });
    // A basket over two group buys, and a second order later.
    const a = await paidBasket(t, w, li, [{ item: gb1.items[0], groupBuyId: gb1.id, quantity: 2 }, { item: gb1.items[1], groupBuyId: gb1.id, quantity: 1 }, { item: gb2.items[0], groupBuyId: gb2.id, quantity: 1 }]);
    const other = await paidBasket(t, w, w.residents[1], [{ item: gb1.items[0], groupBuyId: gb1.id, quantity: 1 }]);
    const b = await paidBasket(t, w, li, [{ item: gb2.items[0], groupBuyId: gb2.id, quantity: 2 }]);
    expect(a.totalFen).toBe(2 * 3000 + 1500 + 1280);

    // Before arrival nothing can be handed over, whatever the code.
    const early = await lookup(await codeOf(t, li, cid()));
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('pickup.nothing_ready');

    // Arrived and received, but the pickup window has not started: still no.
    await deliverAndReceive(t, w, [gb1, gb2]);
    const before = await handoverCounts(t, cid());
    const notYet = await verify({ code: await codeOf(t, li, cid()) });
    expect(notYet.status).toBe(409);
    expect(notYet.body.error.code).toBe('pickup.window_not_started');
    expect(await handoverCounts(t, cid())).toEqual(before);

    t.clock.advance(gb1.pickupStartAt.getTime() - t.clock.now().getTime() + 1000);
    const code = await codeOf(t, li, cid());
    const shown = await call(t, li, 'GET', `/api/communities/${cid()}/pickup-code`);
    expect(shown.body).toMatchObject({ code, stepSeconds: 60 });
    expect(shown.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(shown.body.ready.map((l: { lineId: string }) => l.lineId).sort()).toEqual([...a.lineIds, ...b.lineIds].sort());
    expect(new Date(shown.body.expiresAt).getTime()).toBe((stepOf(t.clock.now()) + 1) * 60_000);

    const found = await lookup(code);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ via: 'code', resident: { name: '李阿姨', doorNumber: '' }, collectedFor: null, collector: null });
    expect(JSON.stringify(found.body)).not.toMatch(UNMASKED_MOBILE); // no phone anywhere
    expect(found.body.lines).toHaveLength(4);
    const byLine = new Map(found.body.lines.map((l: { lineId: string }) => [l.lineId, l]));
    expect(byLine.get(a.lineIds[0])).toMatchObject({ orderId: a.orderId, groupNumber: 1, productName: '有机草莓', quantity: 2, title: '周末鲜货团' });
    expect(byLine.get(b.lineIds[0])).toMatchObject({ orderId: b.orderId, groupNumber: 2, productName: '鲜牛奶', quantity: 2, title: '牛奶团' });

    // A scanned QR carries the leader's pickup URL with the code: that works as well as typing it.
    const done = await verify({ code: `http://localhost:3000/leader/${cid()}/pickup?code=${code}` });
    expect(done.status).toBe(200);
    expect(done.body.lines).toHaveLength(4);
    const [h] = await rows<{ id: string; method: string; status: string; resident_id: string; leader_id: string }>(t, sql`select id, method, status, resident_id, leader_id from handovers where id = ${done.body.handoverId}`);
    expect(h).toEqual({ id: done.body.handoverId, method: 'code', status: 'done', resident_id: li.userId, leader_id: w.leader.userId });
    const lines = await rows<{ id: string; status: string; handover_id: string }>(t, sql`select id, status, handover_id from order_lines where order_id in (${a.orderId}, ${b.orderId})`);
    expect(lines.every((l) => l.status === 'picked_up' && l.handover_id === h.id)).toBe(true);

    // Each payment settles exactly the value handed over, with the leader's commission on it.
    const pays = await rows<{ order_id: string; status: string; settled_fen: number; leader_commission_fen: number }>(t, sql`select order_id, status, settled_fen, leader_commission_fen from payments where order_id in (${a.orderId}, ${b.orderId}, ${other.orderId}) order by settled_fen desc`);
    expect(pays).toEqual([
      { order_id: a.orderId, status: 'settled', settled_fen: 8780, leader_commission_fen: fenTimesRate(8780, rate) },
      { order_id: b.orderId, status: 'settled', settled_fen: 2560, leader_commission_fen: fenTimesRate(2560, rate) },
      { order_id: other.orderId, status: 'held', settled_fen: 0, leader_commission_fen: null },
    ]);
    const settlements = await rows<{ settle_key: string; amount_fen: number; reason: string; leader_id: string }>(t, sql`select settle_key, amount_fen, reason, leader_id from settlements where order_id in (${a.orderId}, ${b.orderId}) order by amount_fen desc`);
    expect(settlements).toEqual([
      { settle_key: `handover:${h.id}`, amount_fen: 8780, reason: 'handed_over', leader_id: w.leader.userId },
      { settle_key: `handover:${h.id}`, amount_fen: 2560, reason: 'handed_over', leader_id: w.leader.userId },
    ]);

    // One 'order.picked_up' per line, with what trust reads.
    const ev = await rows<{ subject_id: string; payload: Record<string, unknown> }>(t, sql`select subject_id, payload from domain_events where type = 'order.picked_up' and payload->>'handoverId' = ${h.id} order by payload->>'totalFen'`);
    expect(ev).toHaveLength(4);
    expect(ev.find((e) => e.subject_id === a.lineIds[0])!.payload).toEqual({ orderId: a.orderId, groupBuyId: gb1.id, itemId: gb1.items[0].id, residentId: li.userId, quantity: 2, totalFen: 6000, handoverId: h.id });
    const [rec] = await rows<{ payload: { method: string; lineIds: string[] } }>(t, sql`select payload from domain_events where type = 'handover.recorded' and subject_id = ${h.id}`);
    expect(rec.payload.method).toBe('code');
    expect(rec.payload.lineIds.sort()).toEqual([...a.lineIds, ...b.lineIds].sort());

    // Twice: the verified code is used up; with her next code nothing is ready any more, and
    // naming the lines says they were handed over already.
    const counts = await handoverCounts(t, cid());
    const replay = await verify({ code });
    expect([replay.status, replay.body.error.code]).toEqual([409, 'pickup.code_used']);
    t.clock.advance(60_000);
    const next = await codeOf(t, li, cid());
    const again = await verify({ code: next });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('pickup.nothing_ready');
    const twice = await verify({ code: next, lineIds: [a.lineIds[0]] });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('pickup.already_picked_up');
    expect(twice.body.error.message).toMatch(/已经交出去了/);
    expect(await handoverCounts(t, cid())).toEqual(counts);

    const pending = await call(t, w.leader, 'GET', `/api/communities/${cid()}/pickups/pending`);
    expect(pending.body.pickedUpLast24h).toBe(4);
    expect(pending.body.households.map((x: { name: string }) => x.name)).toEqual(['张**']);
  });

  it('hands over only the chosen lines, settling part of the payment, and the rest later', async () => {
    const zhou = w.residents[3];
    const gb = await closedGroupBuy(t, w);
    const a = await paidBasket(t, w, zhou, [{ item: gb.items[0], groupBuyId: gb.id, quantity: 3 }, { item: gb.items[1], groupBuyId: gb.id, quantity: 2 }]);
    await deliverAndReceive(t, w, [gb], { intoWindow: true });
    const first = await verify({ code: await codeOf(t, zhou, cid()), lineIds: [a.lineIds[1]] });
    expect(first.status).toBe(200);
    expect(first.body.lines.map((l: { lineId: string }) => l.lineId)).toEqual([a.lineIds[1]]);
    let [p] = await rows<{ status: string; settled_fen: number }>(t, sql`select status, settled_fen from payments where order_id = ${a.orderId}`);
    expect(p).toEqual({ status: 'held', settled_fen: 3000 });
    // The same code again is a replay (TRUST.md §8): refused, nothing moves; a minute on, her new code hands over the rest.
    const counts = await handoverCounts(t, cid());
    const replay = await verify({ code: await codeOf(t, zhou, cid()) });
    expect([replay.status, replay.body.error.code, replay.body.error.message]).toEqual([409, 'pickup.code_used', '这个取货码刚刚已经用过了。请邻居等手机上的号码刷新（最多一分钟）后再扫新码']);
    expect(await handoverCounts(t, cid())).toEqual(counts);
    t.clock.advance(60_000);
    const second = await verify({ code: await codeOf(t, zhou, cid()) });
    expect(second.body.lines.map((l: { lineId: string }) => l.lineId)).toEqual([a.lineIds[0]]);
    [p] = await rows<{ status: string; settled_fen: number }>(t, sql`select status, settled_fen from payments where order_id = ${a.orderId}`);
    expect(p).toEqual({ status: 'settled', settled_fen: 12000 });
    const keys = await rows<{ settle_key: string }>(t, sql`select settle_key from settlements where order_id = ${a.orderId}`);
    expect(new Set(keys.map((k) => k.settle_key))).toEqual(new Set([`handover:${first.body.handoverId}`, `handover:${second.body.handoverId}`]));
  });
});

describe('what settles is what was handed over', () => {
  it('a line short by one unit settles, and earns commission on, the units handed over, not the gross; with her code or confirmed without it', async () => {
    const [li, zhang] = w.residents;
    const gb = await closedGroupBuy(t, w, { title: '短缺团' });
    const a = await paidBasket(t, w, li, [{ item: gb.items[0], groupBuyId: gb.id, quantity: 3 }]);
    const b = await paidBasket(t, w, zhang, [{ item: gb.items[1], groupBuyId: gb.id, quantity: 2 }]);
    // One strawberry box and one egg box short: each line has one unit refunded before the hand-over.
    await deliverAndReceive(t, w, [gb], { received: { [gb.items[0].id]: 2, [gb.items[1].id]: 1 }, intoWindow: true });
    const done = await verify({ code: await codeOf(t, li, cid()) });
    expect(done.status).toBe(200);
    const settlement = async (orderId: string) => (await rows<{ amount_fen: number; commission_fen: number }>(t, sql`select amount_fen, commission_fen from settlements where order_id = ${orderId}`));
    expect(await settlement(a.orderId)).toEqual([{ amount_fen: 6000, commission_fen: fenTimesRate(6000, rate) }]);
    const [ev] = await rows<{ payload: { quantity: number; totalFen: number } }>(t, sql`select payload from domain_events where type = 'order.picked_up' and subject_id = ${a.lineIds[0]}`);
    expect(ev.payload).toMatchObject({ quantity: 2, totalFen: 6000 });

    const rec = await call(t, w.leader, 'POST', `/api/communities/${cid()}/pickups/without-code`, { residentKey: zhang.userId, note: '她没带手机' });
    expect(rec.status).toBe(201);
    expect(await settlement(b.orderId)).toEqual([]);
    expect((await call(t, zhang, 'POST', `/api/handovers/${rec.body.id}/confirm`)).status).toBe(200);
    expect(await settlement(b.orderId)).toEqual([{ amount_fen: 1500, commission_fen: fenTimesRate(1500, rate) }]);
  });
});

describe('a code shown earlier, someone else\'s, or guessed verifies nothing', () => {
  it('accepts the current and the previous minute only: a code from a few minutes ago is refused', async () => {
    const lin = w.residents[2];
    const gb = await closedGroupBuy(t, w);
    await paidBasket(t, w, lin, [{ item: gb.items[0], groupBuyId: gb.id, quantity: 1 }]);
    await deliverAndReceive(t, w, [gb], { intoWindow: true });
    const code = await codeOf(t, lin, cid());
    t.clock.advance(60_000);
    expect((await lookup(code)).status).toBe(200); // one minute on: still the previous step
    t.clock.advance(2 * 60_000);
    const before = await handoverCounts(t, cid());
    const stale = await verify({ code });
    expect(stale.status).toBe(404);
    expect(stale.body.error.code).toBe('pickup.not_found');
    expect(stale.body.error.message).toMatch(/取货码不对或已过期/);
    expect(await handoverCounts(t, cid())).toEqual(before);
    // Her phone shows a new one, and that works.
    const fresh = await codeOf(t, lin, cid());
    expect(fresh).not.toBe(code);
    expect((await verify({ code: fresh })).status).toBe(200);
  });

  it('refuses malformed codes, other communities\' codes and lines, and anyone but the leader', async () => {
    const [li, zhang] = w.residents;
    const gb = await closedGroupBuy(t, w);
    const mine = await paidBasket(t, w, zhang, [{ item: gb.items[0], groupBuyId: gb.id, quantity: 1 }]);
    const hers = await paidBasket(t, w, li, [{ item: gb.items[1], groupBuyId: gb.id, quantity: 1 }]);
    await deliverAndReceive(t, w, [gb], { intoWindow: true });
    const before = await handoverCounts(t, cid());
    const code = await codeOf(t, zhang, cid());

    expect((await verify({ code: '12ab' })).body.error.code).toBe('pickup.code_invalid');
    // His code with her line: her line is not his.
    const foreignLine = await verify({ code, lineIds: [hers.lineIds[0]] });
    expect(foreignLine.status).toBe(404);
    expect(foreignLine.body.error.code).toBe('pickup.line_not_found');

    // Another neighbourhood: its leader, with a real code from here, finds nothing there and cannot act here.
    const w2 = await fulfilmentWorld(t, ['赵奶奶']);
    const there = await call(t, w2.leader, 'POST', `/api/communities/${w2.community.id}/pickups/verify`, { code });
    expect(there.status).toBe(404);
    expect(there.body.error.code).toBe('pickup.not_found');
    expect((await verify({ code }, w2.leader)).status).toBe(403);
    expect((await call(t, w2.leader, 'GET', `/api/communities/${cid()}/pickups/pending`)).status).toBe(403);
    // A resident cannot hand over to herself, nor open a code where she is not a member.
    expect((await verify({ code }, zhang)).status).toBe(403);
    expect((await call(t, w2.residents[0], 'GET', `/api/communities/${cid()}/pickup-code`)).status).toBe(403);
    expect(await handoverCounts(t, cid())).toEqual(before);

    const ok = await verify({ code: await codeOf(t, zhang, cid()) });
    // His ready lines here (one from an earlier basket too), never hers.
    expect(ok.body.lines.map((l: { lineId: string }) => l.lineId)).toContain(mine.lineIds[0]);
    expect(ok.body.lines.map((l: { lineId: string }) => l.lineId)).not.toContain(hers.lineIds[0]);
  });

  it('stops a leader after 10 wrong codes in 5 minutes, even with a right one, and lets him go on later', async () => {
    const w3 = await fulfilmentWorld(t, ['钱阿姨']);
    const gb = await closedGroupBuy(t, w3);
    await paidBasket(t, w3, w3.residents[0], [{ item: gb.items[0], groupBuyId: gb.id, quantity: 1 }]);
    await deliverAndReceive(t, w3, [gb], { intoWindow: true });
    const url = `/api/communities/${w3.community.id}/pickups/lookup`;
    const right = await codeOf(t, w3.residents[0], w3.community.id);
    const wrong = right === '00000000' ? '00000001' : '00000000';
    for (let i = 0; i < 10; i++) expect((await call(t, w3.leader, 'POST', url, { code: wrong })).status).toBe(404);
    const blocked = await call(t, w3.leader, 'POST', url, { code: right });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error).toMatchObject({ code: 'pickup.too_many_attempts', details: { minutes: 5 } });
    expect(blocked.body.error.message).toBe('取货码输错次数太多，为保护邻居的货款，请 5 分钟后再试');
    t.clock.advance(5 * 60_000 + 1000);
    const later = await call(t, w3.leader, 'POST', url, { code: await codeOf(t, w3.residents[0], w3.community.id) });
    expect(later.status).toBe(200);
  });

  it('asks to try again when two residents\' codes agree this minute', async () => {
    const [li, zhang] = w.residents;
    const gb = await closedGroupBuy(t, w);
    await paidBasket(t, w, li, [{ item: gb.items[0], groupBuyId: gb.id, quantity: 1 }]);
    await paidBasket(t, w, zhang, [{ item: gb.items[0], groupBuyId: gb.id, quantity: 1 }]);
    await deliverAndReceive(t, w, [gb], { intoWindow: true });
    await codeOf(t, li, cid());
    await codeOf(t, zhang, cid());
    // Force the one-in-millions case: both hold the same secret.
    await t.database.db.execute(sql`update pickup_secrets set secret = (select secret from pickup_secrets where user_id = ${li.userId}) where user_id = ${zhang.userId}`);
    const before = await handoverCounts(t, cid());
    const res = await verify({ code: await codeOf(t, li, cid()) });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('pickup.code_ambiguous');
    expect(await handoverCounts(t, cid())).toEqual(before);
    await t.database.db.execute(sql`delete from pickup_secrets where user_id = ${zhang.userId}`);
    expect((await verify({ code: await codeOf(t, li, cid()) })).status).toBe(200);
    expect((await verify({ code: await codeOf(t, zhang, cid()) })).status).toBe(200);
  });

  it('her own live code verifies nothing before her goods reached the pickup point, and her payment stays held', async () => {
    const w = await buildWorld(t, { residents: 1 });
    const order = await orderAndPay(t, w.residents[0], w.groupBuy.id, 2);
    // The leader closes the buy; orders become "confirmed" — nothing has been delivered yet.
    expect((await call(t, w.leader, 'POST', `/api/group-buys/${w.groupBuy.id}/close`)).status).toBe(200);
    // Inside the pickup window, so only the missing delivery can stop it: even with her own live
    // code (a printed pick list no longer carries any), nothing is ready to hand over.
    const intoWindow = new Date(w.groupBuy.pickupStartAt).getTime() - t.clock.now().getTime() + 60_000;
    t.clock.advance(intoWindow);
    try {
      const early = await call(t, w.leader, 'POST', `/api/communities/${w.community.id}/pickups/verify`, { code: await pickupCode(t, w.residents[0], w.community.id) });
      expect({ status: early.status, code: early.body.error?.code }).toEqual({ status: 409, code: 'pickup.nothing_ready' });
    } finally {
      t.clock.advance(-intoWindow);
    }
    const [pay] = await rows<{ status: string; settled_fen: number }>(t, sql`select status, settled_fen from payments where order_id = ${order.id}`);
    expect(pay).toEqual({ status: 'held', settled_fen: 0 });
  });

  it('derives codes from the secret, the community and the minute (unit)', () => {
    const secret = 'ab'.repeat(32);
    const c1 = pickupCodeFor(secret, 'c1', 1000);
    expect(c1).toMatch(/^\d{8}$/);
    expect(pickupCodeFor(secret, 'c1', 1000)).toBe(c1);
    expect(pickupCodeFor(secret, 'c2', 1000)).not.toBe(c1);
    expect(pickupCodeFor(secret, 'c1', 1001)).not.toBe(c1);
    expect(pickupCodeFor('cd'.repeat(32), 'c1', 1000)).not.toBe(c1);
    expect(acceptedCodes(secret, 'c1', new Date(1001 * 60_000 + 5000))).toEqual([pickupCodeFor(secret, 'c1', 1001), c1]);
  });
});

describe('代取: a one-time pass', () => {
  it('lets someone collect for her once, shows "collected for 李阿姨" and the collector, and can be revoked', async () => {
    const [li, zhang] = w.residents;
    const gb = await closedGroupBuy(t, w);
    const a = await paidBasket(t, w, li, [{ item: gb.items[0], groupBuyId: gb.id, quantity: 2 }]);
    await deliverAndReceive(t, w, [gb], { intoWindow: true });

    const created = await call(t, li, 'POST', `/api/communities/${cid()}/pickup-passes`, { collector: '邻居小王' });
    expect(created.status).toBe(201);
    expect(created.body.code).toMatch(/^[A-HJ-NP-Z][A-HJ-NP-Z2-9]{7}$/);
    expect(created.body.collector).toBe('邻居小王');
    // Valid to the end of her latest pickup window here.
    const [{ end }] = await rows<{ end: Date }>(t, sql`select max(gb.pickup_end_at) as end from order_lines l join group_buys gb on gb.id = l.group_buy_id
      where l.user_id = ${li.userId} and l.community_id = ${cid()} and l.status in ('paid', 'confirmed', 'ready_for_pickup')`);
    expect(new Date(created.body.expiresAt).getTime()).toBe(new Date(end).getTime());
    expect(new Date(created.body.expiresAt).getTime()).toBeGreaterThanOrEqual(gb.pickupStartAt.getTime() + 12 * 3_600_000);
    const [stored] = await rows<{ code_hash: string }>(t, sql`select code_hash from pickup_passes where id = ${created.body.id}`);
    expect(stored.code_hash).not.toContain(created.body.code);
    const list = await call(t, li, 'GET', `/api/communities/${cid()}/pickup-passes`);
    expect(list.body.items).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(created.body.code);

    // A second pass, revoked, verifies nothing; someone else cannot revoke hers.
    const spare = await call(t, li, 'POST', `/api/communities/${cid()}/pickup-passes`, {});
    expect((await call(t, zhang, 'POST', `/api/pickup-passes/${spare.body.id}/revoke`)).status).toBe(404);
    expect((await call(t, li, 'POST', `/api/pickup-passes/${spare.body.id}/revoke`)).body).toEqual({ ok: true });
    const revoked = await verify({ code: spare.body.code });
    expect(revoked.body.error.code).toBe('pass.revoked');

    const seen = await lookup(created.body.code.toLowerCase());
    expect(seen.body).toMatchObject({ via: 'pass', resident: { name: '李阿姨' }, collectedFor: '李阿姨', collector: '邻居小王' });
    const done = await verify({ code: `http://x/leader/${cid()}/pickup?pass=${created.body.code}` });
    expect(done.status).toBe(200);
    const [h] = await rows<{ method: string; pass_id: string; status: string }>(t, sql`select method, pass_id, status from handovers where id = ${done.body.handoverId}`);
    expect(h).toEqual({ method: 'pass', pass_id: created.body.id, status: 'done' });
    const [p] = await rows<{ settled_fen: number }>(t, sql`select settled_fen from payments where order_id = ${a.orderId}`);
    expect(p.settled_fen).toBe(6000);

    const before = await handoverCounts(t, cid());
    const reused = await verify({ code: created.body.code });
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('pass.used');
    expect((await call(t, li, 'POST', `/api/pickup-passes/${created.body.id}/revoke`)).body.error.code).toBe('pass.used');
    expect(await handoverCounts(t, cid())).toEqual(before);
    // A pass of this pickup point means nothing at another.
    const w2 = await fulfilmentWorld(t, ['赵奶奶']);
    expect((await call(t, w2.leader, 'POST', `/api/communities/${w2.community.id}/pickups/lookup`, { code: spare.body.code })).body.error.code).toBe('pickup.not_found');
  });

  it('at most 5 live passes: the 6th is refused and creates nothing; revoking one frees its place', async () => {
    const lin = w.residents[2];
    const url = `/api/communities/${cid()}/pickup-passes`;
    const made = [];
    for (let i = 0; i < 5; i++) {
      const p = await call(t, lin, 'POST', url, { collector: `邻居${i}` });
      expect(p.status).toBe(201);
      made.push(p.body);
    }
    const count = async () => (await rows<{ n: number }>(t, sql`select count(*)::int as n from pickup_passes where user_id = ${lin.userId}`))[0].n;
    const sixth = await call(t, lin, 'POST', url, {});
    expect([sixth.status, sixth.body.error.code, sixth.body.error.details]).toEqual([409, 'pass.too_many', { max: 5 }]);
    expect(await count()).toBe(5);
    expect((await call(t, lin, 'POST', `/api/pickup-passes/${made[0].id}/revoke`)).status).toBe(200);
    expect((await call(t, lin, 'POST', url, {})).status).toBe(201);
    expect(await count()).toBe(6);
    expect((await call(t, lin, 'POST', url, {})).body.error.code).toBe('pass.too_many');
  });

  it('a pass is expired from its expiry time on, not a millisecond before; used says used even when revoked too (unit)', () => {
    const expiresAt = new Date('2026-12-05T12:00:00Z');
    const p = { usedAt: null, revokedAt: null, expiresAt } as unknown as Parameters<typeof passProblem>[0];
    expect(passProblem(p, new Date(expiresAt.getTime() - 1))).toBeNull();
    expect(passProblem(p, expiresAt)).toBe('pass.expired');
    expect(passProblem({ ...p, revokedAt: new Date(0) }, new Date(0))).toBe('pass.revoked');
    expect(passProblem({ ...p, revokedAt: new Date(0), usedAt: new Date(0) }, new Date(0))).toBe('pass.used');
  });

  it('expires: a pass from yesterday verifies nothing', async () => {
    const zhou = w.residents[3];
    // Nothing of hers is on its way: the pass lasts a day.
    const pass = await call(t, zhou, 'POST', `/api/communities/${cid()}/pickup-passes`, {});
    expect(Math.abs(new Date(pass.body.expiresAt).getTime() - t.clock.now().getTime() - 86_400_000)).toBeLessThan(5000);
    const gb = await closedGroupBuy(t, w);
    await paidBasket(t, w, zhou, [{ item: gb.items[0], groupBuyId: gb.id, quantity: 1 }]);
    t.clock.advance(24 * 3_600_000 + 1000);
    await deliverAndReceive(t, w, [gb], { intoWindow: true });
    const res = await verify({ code: pass.body.code });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('pass.expired');
  });
});
