// Each scheduled job at its boundary, run the way the server runs it (its entry in scheduledJobs
// with an explicit "now"): one millisecond before the deadline nothing moves, at the deadline the
// due row moves, and rows that are not due (later deadline, already paid, already answered) never do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './testing/app.js';
import { call, endorse, idemKey, openGroupBuy, HOUR } from './testing/world.js';
import { closedGroupBuy, codeOf, deliverAndReceive, fulfilmentWorld, paidBasket, rows, type FWorld } from './testing/fulfilment-fixtures.js';
import { scheduledJobs } from './jobs.js';

let t: TestApp;
let w: FWorld;
beforeAll(async () => {
  t = await createTestApp();
  w = await fulfilmentWorld(t, ['李阿姨', '张大哥', '小林', '周姐']);
});
afterAll(async () => { await t?.close(); });

const MS = 1;
const cid = () => w.community.id;
/** Runs one job by its scheduled name at `now`, as the scheduler would. */
async function runJob(name: string, now: Date) {
  const job = scheduledJobs(t.database.db, { payments: t.payments, payouts: t.payouts, storage: t.storage }).find((j) => j.name === name);
  if (!job) throw new Error(`no job ${name}`);
  return job.run(now);
}
const at = (d: Date | string, deltaMs = 0) => new Date(new Date(d).getTime() + deltaMs);

describe('orders.expire-unpaid: the payment window', () => {
  it('an unpaid order 1 ms inside its window stays, at its due time it expires and gives its stock back; a later one and a paid one stay', async () => {
    const [li, zhang, lin] = w.residents;
    await endorse(t, w.leader, cid(), w.products[0].id);
    const gb = await openGroupBuy(t, w.leader, cid(), w.products[0].id, { stock: 20, limit: 5 });
    const place = async (r: typeof li, quantity: number) => {
      const res = await call(t, r, 'POST', `/api/group-buys/${gb.id}/orders`, { quantity, idempotencyKey: idemKey() });
      expect(res.status).toBe(201);
      return res.body as { order: { id: string }; payment: { paymentId: string } };
    };
    const due = await place(li, 2);
    const later = await place(zhang, 1);
    const paid = await place(lin, 1);
    expect((await call(t, lin, 'POST', `/api/payments/${paid.payment.paymentId}/sandbox-confirm`)).status).toBe(200);
    const [{ payment_due_at: dueAt }] = await rows<{ payment_due_at: Date }>(t, sql`select payment_due_at from orders where id = ${due.order.id}`);
    await t.database.db.execute(sql`update orders set payment_due_at = ${at(dueAt, 1000)} where id = ${later.order.id}`);
    // The paid order's window passed long ago: paying took it out of the job's reach.
    await t.database.db.execute(sql`update orders set payment_due_at = ${at(dueAt, -HOUR)} where id = ${paid.order.id}`);
    const state = async () => Object.fromEntries((await rows<{ id: string; status: string }>(t, sql`select id, status from orders where id in ${[due.order.id, later.order.id, paid.order.id]}`)).map((r) => [r.id, r.status]));
    const stock = async () => (await rows<{ n: number }>(t, sql`select stock_available as n from group_buy_items where id = ${gb.items[0].id}`))[0].n;
    const stockBefore = await stock();

    expect(await runJob('orders.expire-unpaid', at(dueAt, -MS))).toBe(0);
    expect(await state()).toEqual({ [due.order.id]: 'pending_payment', [later.order.id]: 'pending_payment', [paid.order.id]: 'paid' });
    expect(await stock()).toBe(stockBefore);

    expect(await runJob('orders.expire-unpaid', at(dueAt))).toBe(1);
    expect(await state()).toEqual({ [due.order.id]: 'cancelled', [later.order.id]: 'pending_payment', [paid.order.id]: 'paid' });
    expect(await stock()).toBe(stockBefore + 2);
    const [{ reason }] = await rows<{ reason: string }>(t, sql`select cancel_reason as reason from orders where id = ${due.order.id}`);
    expect(reason).toBe('payment_timeout');

    // Run again at the same time: nothing more; 1 s on, the later one goes too, the paid one never.
    expect(await runJob('orders.expire-unpaid', at(dueAt))).toBe(0);
    expect(await runJob('orders.expire-unpaid', at(dueAt, 1000))).toBe(1);
    expect(await state()).toEqual({ [due.order.id]: 'cancelled', [later.order.id]: 'cancelled', [paid.order.id]: 'paid' });
  });
});

describe('groupbuy.close-due: the cut-off', () => {
  it('stays open 1 ms before its cut-off and closes at it; a group buy with a later cut-off stays open', async () => {
    await endorse(t, w.leader, cid(), w.products[1].id).catch(() => undefined);
    const gb = await openGroupBuy(t, w.leader, cid(), w.products[1].id, { cutoffInMs: 5 * HOUR });
    const other = await openGroupBuy(t, w.leader, cid(), w.products[1].id, { cutoffInMs: 5 * HOUR + 2000 });
    const [{ cutoff_at: cutoff }] = await rows<{ cutoff_at: Date }>(t, sql`select cutoff_at from group_buys where id = ${gb.id}`);
    const status = async () => Object.fromEntries((await rows<{ id: string; status: string }>(t, sql`select id, status from group_buys where id in ${[gb.id, other.id]}`)).map((r) => [r.id, r.status]));

    expect(await runJob('groupbuy.close-due', at(cutoff, -MS))).not.toContain(gb.id);
    expect(await status()).toEqual({ [gb.id]: 'open', [other.id]: 'open' });
    const closed = await runJob('groupbuy.close-due', at(cutoff)) as string[];
    expect(closed).toContain(gb.id);
    expect(closed).not.toContain(other.id);
    expect(await status()).toEqual({ [gb.id]: 'closed', [other.id]: 'open' });
  });
});

describe('fulfilment.handover-auto-confirm: 72 hours after a hand-over without her code', () => {
  it('waits 1 ms before 72 h and settles at exactly 72 h; a disputed and a confirmed one never move', async () => {
    const [li, zhang, lin] = w.residents;
    const gb = await closedGroupBuy(t, w);
    const baskets = [];
    for (const r of [li, zhang, lin]) baskets.push(await paidBasket(t, w, r, [{ item: gb.items[0], groupBuyId: gb.id, quantity: 1 }]));
    await deliverAndReceive(t, w, [gb], { intoWindow: true });
    const ids: string[] = [];
    for (const r of [li, zhang, lin]) {
      const rec = await call(t, w.leader, 'POST', `/api/communities/${cid()}/pickups/without-code`, { residentKey: r.userId, note: '' });
      expect(rec.status).toBe(201);
      ids.push(rec.body.id);
    }
    expect((await call(t, zhang, 'POST', `/api/handovers/${ids[1]}/dispute`, { reason: '我没有拿到' })).status).toBe(200);
    expect((await call(t, lin, 'POST', `/api/handovers/${ids[2]}/confirm`)).status).toBe(200);
    const [h] = await rows<{ created_at: Date; settle_due_at: Date }>(t, sql`select created_at, settle_due_at from handovers where id = ${ids[0]}`);
    expect(new Date(h.settle_due_at).getTime() - new Date(h.created_at).getTime()).toBe(72 * HOUR);
    const status = async () => (await rows<{ id: string; status: string }>(t, sql`select id, status from handovers where id in ${ids}`)).reduce((m, r) => ({ ...m, [r.id]: r.status }), {} as Record<string, string>);
    const settled = async (orderId: string) => (await rows<{ n: number }>(t, sql`select count(*)::int as n from settlements where order_id = ${orderId}`))[0].n;

    await runJob('fulfilment.handover-auto-confirm', at(h.settle_due_at, -MS));
    expect(await status()).toEqual({ [ids[0]]: 'awaiting_confirmation', [ids[1]]: 'disputed', [ids[2]]: 'confirmed' });
    expect(await settled(baskets[0].orderId)).toBe(0);

    await runJob('fulfilment.handover-auto-confirm', at(h.settle_due_at));
    expect(await status()).toEqual({ [ids[0]]: 'auto_confirmed', [ids[1]]: 'disputed', [ids[2]]: 'confirmed' });
    expect(await settled(baskets[0].orderId)).toBe(1);
    // The disputed one settles nothing, ever; the confirmed one settled once, when she confirmed.
    await runJob('fulfilment.handover-auto-confirm', at(h.settle_due_at, 30 * 24 * HOUR));
    expect(await settled(baskets[1].orderId)).toBe(0);
    expect(await settled(baskets[2].orderId)).toBe(1);
    expect(await status()).toEqual({ [ids[0]]: 'auto_confirmed', [ids[1]]: 'disputed', [ids[2]]: 'confirmed' });
  });
});

describe('fulfilment.not-collected and the pickup reminders: the pickup window', () => {
  it('reminds at the window\'s start and 2 h before its end, never 1 ms earlier; marks not collected at end + grace, not 1 ms before; a later window stays', async () => {
    const zhou = w.residents[3];
    const gb = await closedGroupBuy(t, w, { startInMs: 2 * HOUR, windowMs: 10 * HOUR });
    const later = await closedGroupBuy(t, w, { startInMs: 2 * HOUR, windowMs: 10 * HOUR });
    const a = await paidBasket(t, w, zhou, [{ item: gb.items[0], groupBuyId: gb.id, quantity: 1 }]);
    const b = await paidBasket(t, w, zhou, [{ item: later.items[0], groupBuyId: later.id, quantity: 1 }]);
    await deliverAndReceive(t, w, [gb, later]);
    const [win] = await rows<{ start: Date; end: Date; grace: number }>(t, sql`select gb.pickup_start_at as start, gb.pickup_end_at as "end", c.not_collected_grace_days as grace
      from group_buys gb join communities c on c.id = gb.community_id where gb.id = ${gb.id}`);
    await t.database.db.execute(sql`update group_buys set pickup_end_at = ${at(win.end, 1000)} where id = ${later.id}`);
    const ms = (v: Date | string | null) => (v === null ? null : new Date(v).getTime());
    const reminders = async () => {
      const [r] = await rows<{ open: string | null; ending: string | null }>(t, sql`select open_reminder_at as open, end_reminder_at as ending from group_buys where id = ${gb.id}`);
      return { open: ms(r.open), ending: ms(r.ending) };
    };
    const notices = async (kind: string) => (await rows<{ n: number }>(t, sql`select count(*)::int as n from notifications where user_id = ${zhou.userId} and kind = ${kind}`))[0].n;

    await runJob('fulfilment.pickup-reminders', at(win.start, -MS));
    expect(await reminders()).toEqual({ open: null, ending: null });
    await runJob('fulfilment.pickup-reminders', at(win.start));
    expect((await reminders()).open).toBe(ms(win.start));
    expect((await reminders()).ending).toBeNull();
    expect(await notices('pickup_open')).toBeGreaterThanOrEqual(1);
    const ending = at(win.end, -2 * HOUR);
    await runJob('fulfilment.pickup-reminders', at(ending, -MS));
    expect((await reminders()).ending).toBeNull();
    const endingBefore = await notices('pickup_ending');
    await runJob('fulfilment.pickup-reminders', at(ending));
    expect((await reminders()).ending).toBe(ending.getTime());
    expect(await notices('pickup_ending')).toBe(endingBefore + 1);

    const lines = async () => (await rows<{ id: string; status: string }>(t, sql`select id, status from order_lines where id in ${[a.lineIds[0], b.lineIds[0]]}`)).reduce((m, r) => ({ ...m, [r.id]: r.status }), {} as Record<string, string>);
    const due = at(win.end, win.grace * 24 * HOUR);
    expect(win.grace).toBe(3);
    await runJob('fulfilment.not-collected', at(due, -MS));
    expect(await lines()).toEqual({ [a.lineIds[0]]: 'ready_for_pickup', [b.lineIds[0]]: 'ready_for_pickup' });
    expect(await runJob('fulfilment.not-collected', at(due))).toBe(1);
    expect(await lines()).toEqual({ [a.lineIds[0]]: 'not_collected', [b.lineIds[0]]: 'ready_for_pickup' });
    const [s] = await rows<{ amount_fen: number; reason: string }>(t, sql`select amount_fen, reason from settlements where order_id = ${a.orderId}`);
    expect(s).toEqual({ amount_fen: 3000, reason: 'not_collected' });
    expect(await runJob('fulfilment.not-collected', at(due, 1000))).toBe(1);
    expect(await lines()).toEqual({ [a.lineIds[0]]: 'not_collected', [b.lineIds[0]]: 'not_collected' });
  });
});

describe('aftersales.escalate-overdue: the leader\'s deadline', () => {
  it('a claim 1 ms before its deadline stays with the leader, at the deadline it goes to the platform; a later one stays', async () => {
    const [li, zhang] = w.residents;
    const gb = await closedGroupBuy(t, w);
    const a = await paidBasket(t, w, li, [{ item: gb.items[0], groupBuyId: gb.id, quantity: 1 }]);
    const b = await paidBasket(t, w, zhang, [{ item: gb.items[0], groupBuyId: gb.id, quantity: 1 }]);
    await deliverAndReceive(t, w, [gb], { intoWindow: true });
    for (const r of [li, zhang]) expect((await call(t, w.leader, 'POST', `/api/communities/${cid()}/pickups/verify`, { code: await codeOf(t, r, cid()) })).status).toBe(200);
    const file = async (r: typeof li, lineId: string) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/claims', headers: { cookie: r.cookie, 'content-type': 'application/json' }, payload: JSON.stringify({ lineId, quantity: 1, kind: 'missing', description: '少了一盒，袋子里没有' }) });
      return JSON.parse(res.body);
    };
    const c1 = await file(li, a.lineIds[0]);
    const c2 = await file(zhang, b.lineIds[0]);
    expect([c1.claim?.status, c2.claim?.status]).toEqual(['leader_review', 'leader_review']);
    const deadline = new Date(c1.claim.deadlineAt);
    await t.database.db.execute(sql`update claims set deadline_at = ${at(deadline, 1000)} where id = ${c2.claim.id}`);
    const status = async () => (await rows<{ id: string; status: string }>(t, sql`select id, status from claims where id in ${[c1.claim.id, c2.claim.id]}`)).reduce((m, r) => ({ ...m, [r.id]: r.status }), {} as Record<string, string>);

    expect(await runJob('aftersales.escalate-overdue', at(deadline, -MS))).toBe(0);
    expect(await status()).toEqual({ [c1.claim.id]: 'leader_review', [c2.claim.id]: 'leader_review' });
    expect(await runJob('aftersales.escalate-overdue', at(deadline))).toBe(1);
    expect(await status()).toEqual({ [c1.claim.id]: 'platform_review', [c2.claim.id]: 'leader_review' });
    const [e] = await rows<{ escalated_at: Date }>(t, sql`select escalated_at from claims where id = ${c1.claim.id}`);
    expect(new Date(e.escalated_at).getTime()).toBe(deadline.getTime());
  });
});
