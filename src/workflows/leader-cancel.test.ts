import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { buildWorld, call, checkoutAndPay, deliverAndReceive, openGroupBuy, pickupCode, sellableProduct, type Actor } from '../testing/world.js';
import { databaseFingerprint } from '../testing/fingerprint.js';
import { ingestTrustEvents } from '../modules/trust/index.js';

/**
 * The leader cancels before the hand-over and refunds after it, through the HTTP API, against the
 * database: stock, her limits, the money (held − refunded − settled), the fund's ledger and her trust.
 */
const LIMIT = 1000;
const PRICE = 3680;
const CHEAP = 500;
let t: TestApp;
let w: Awaited<ReturnType<typeof buildWorld>>;
let leader: Actor;
let eggs: { id: string };
type Line = { id: string; itemId: string; groupNumber: number; quantity: number; refundedQuantity: number; status: string; unitPriceFen: number };

const rows = async <T>(q: ReturnType<typeof sql>) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const cancel = (orderId: string, body: unknown, key?: string) => call(t, leader, 'POST', `/api/communities/${w.community.id}/orders/${orderId}/cancel`, body, key ? { 'idempotency-key': key } : {});
const refund = (lineId: string, body: unknown, key?: string) => call(t, leader, 'POST', `/api/communities/${w.community.id}/order-lines/${lineId}/refund`, body, key ? { 'idempotency-key': key } : {});

/** Every payment of the community adds up: refunds and settlements recorded on it match their rows. */
async function moneyAddsUp() {
  const pays = await rows<{ id: string; amount: number; refunded: number; settled: number; refund_rows: number; settle_rows: number; before_settle: number }>(sql`
    select p.id, p.amount_fen as amount, p.refunded_fen as refunded, p.settled_fen as settled,
      (select coalesce(sum(amount_fen), 0)::int from refunds r where r.payment_id = p.id) as refund_rows,
      (select coalesce(sum(amount_fen), 0)::int from settlements s where s.payment_id = p.id) as settle_rows,
      (select coalesce(sum(amount_fen), 0)::int from refunds r where r.payment_id = p.id and r.refund_key not like 'claim:%') as before_settle
    from payments p where p.community_id = ${w.community.id} and p.status <> 'pending' and p.status <> 'cancelled'`);
  for (const p of pays) {
    expect(p.refunded).toBe(p.refund_rows);
    expect(p.settled).toBe(p.settle_rows);
    // Held = amount − refunded from the payment − settled ≥ 0; refunds after settling are advanced by the fund.
    expect(p.amount - p.before_settle - p.settled).toBeGreaterThanOrEqual(0);
  }
  // Every unit still sold is out of stock, and the movements say the same.
  const items = await rows<{ id: string; total: number; available: number; moved: number; sold: number }>(sql`
    select i.id, i.stock_total as total, i.stock_available as available,
      (select coalesce(sum(delta), 0)::int from stock_movements m where m.item_id = i.id) as moved,
      (select coalesce(sum(case when l.status = 'cancelled' then 0 else l.quantity - l.refunded_quantity end), 0)::int from order_lines l where l.item_id = i.id) as sold
    from group_buy_items i join group_buys g on g.id = i.group_buy_id where g.community_id = ${w.community.id}`);
  for (const i of items) {
    expect(i.total - i.available).toBe(i.sold);
    expect(0 - i.moved).toBe(i.sold);
  }
  // The fund's ledger: what he advanced for his own refunds, the fund paid him back.
  const [fund] = await rows<{ advanced: number; reimbursed: number; refunded: number }>(sql`
    select (select coalesce(sum(amount_fen), 0)::int from fund_entries where code = 'leader_advance' and community_id = ${w.community.id}) as advanced,
      (select coalesce(sum(amount_fen), 0)::int from fund_entries where code = 'fund_reimbursement' and community_id = ${w.community.id}) as reimbursed,
      (select coalesce(sum(r.amount_fen), 0)::int from refunds r join claims c on r.refund_key = 'claim:' || c.id where c.community_id = ${w.community.id}) as refunded`);
  expect(fund.advanced).toBe(fund.refunded);
  expect(fund.reimbursed).toBe(fund.refunded);
}

beforeAll(async () => {
  t = await createTestApp({ leaderRefundLimitFen: LIMIT });
  w = await buildWorld(t, { residents: 3, stock: 10, limit: 5 });
  leader = w.leader;
  eggs = await sellableProduct(t, w, '土鸡蛋');
});
afterAll(async () => { await t?.close(); });

describe('before the hand-over the leader cancels', () => {
  let gb: { id: string; items: { id: string }[] };
  let order: { id: string; lines: Line[] };
  let a: Line;
  let b: Line;
  beforeAll(async () => {
    gb = await openGroupBuy(t, leader, w.community.id, [w.product.id, eggs.id], { items: [{ stock: 10, limit: 5, priceFen: PRICE }, { stock: 10, limit: 5, priceFen: CHEAP }] });
    order = await checkoutAndPay(t, w.residents[0], w.community.id, [{ itemId: gb.items[0].id, quantity: 3 }, { itemId: gb.items[1].id, quantity: 1 }]);
    a = order.lines.find((l) => l.itemId === gb.items[0].id)!;
    b = order.lines.find((l) => l.itemId === gb.items[1].id)!;
  });

  it('part of a line: the units go back to stock and her limit, the money back at once, the 跟团号 stays, she sees why and is told', async () => {
    const res = await cancel(order.id, { lines: [{ lineId: a.id, quantity: 2 }], reasonCode: 'out_of_stock', note: '到货少了两盒' }, 'leader-cancel-part-1');
    expect(res.status).toBe(200);
    const line = res.body.order.lines.find((l: Line) => l.id === a.id);
    expect(line).toMatchObject({ status: 'paid', quantity: 3, refundedQuantity: 2, groupNumber: a.groupNumber });
    expect(res.body.order.status).toBe('paid');
    expect(res.body.order.lines.find((l: Line) => l.id === b.id).status).toBe('paid');
    expect(res.body.payment).toMatchObject({ amountFen: 3 * PRICE + CHEAP, refundedFen: 2 * PRICE, settledFen: 0, heldFen: PRICE + CHEAP });
    const [item] = await rows<{ stock_available: number }>(sql`select stock_available from group_buy_items where id = ${a.itemId}`);
    expect(item.stock_available).toBe(10 - 1);
    const [held] = await rows<{ quantity: number }>(sql`select quantity from group_buy_purchases where item_id = ${a.itemId} and user_id = ${w.residents[0].userId}`);
    expect(held.quantity).toBe(1);
    const moves = await rows<{ delta: number; reason: string }>(sql`select delta, reason from stock_movements where item_id = ${a.itemId} and delta > 0`);
    expect(moves).toEqual([{ delta: 2, reason: 'order_cancelled' }]);
    const restocked = await rows<{ payload: { itemId: string; addedQuantity: number; stockAvailable: number } }>(sql`select payload from domain_events where type = 'groupbuy.item_restocked' and subject_id = ${a.itemId}`);
    expect(restocked.map((e) => e.payload)).toEqual([{ itemId: a.itemId, addedQuantity: 2, stockAvailable: 9 }]);
    const refunds = await rows<{ refund_key: string; amount_fen: number; status: string }>(sql`select refund_key, amount_fen, status from refunds where order_id = ${order.id}`);
    expect(refunds).toEqual([{ refund_key: `leader_cancel:${a.id}:2`, amount_fen: 2 * PRICE, status: 'paid' }]);

    const mine = await call(t, w.residents[0], 'GET', `/api/orders/${order.id}`);
    expect(mine.body.changes).toMatchObject([{ lineId: a.id, kind: 'cancel', quantity: 2, amountFen: 2 * PRICE, reasonCode: 'out_of_stock', note: '到货少了两盒', leaderName: '王叔' }]);
    expect(mine.body.refundedFen).toBe(2 * PRICE);
    const notices = await call(t, w.residents[0], 'GET', '/api/notifications');
    const notice = notices.body.items.find((n: { kind: string }) => n.kind === 'leader_cancelled');
    // Names and his words come marked as such (Unicode isolates), for the page to show apart.
    expect(notice.body).toBe('\u2068王叔\u2069取消了「\u2068有机草莓\u2069」×2，原因：缺货（\u2068到货少了两盒\u2069）。¥73.60 已原路退回，一般几秒内到账。');
    await moneyAddsUp();
  });

  it('asked twice with one key, cancels once: the first answer comes back and no money moves again', async () => {
    const before = await databaseFingerprint(t);
    const again = await cancel(order.id, { lines: [{ lineId: a.id, quantity: 2 }], reasonCode: 'out_of_stock', note: '到货少了两盒' }, 'leader-cancel-part-1');
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await databaseFingerprint(t)).toEqual(before);
  });

  it('a whole line with "other" needs his words; then it is cancelled, and cancelling it again is refused with nothing changed', async () => {
    const before = await databaseFingerprint(t);
    const bare = await cancel(order.id, { lines: [{ lineId: b.id }], reasonCode: 'other' });
    expect(bare.status).toBe(400);
    expect(bare.body.error).toMatchObject({ code: 'leader_order.note_required', message: '选择「其他」时，请写明原因（至少 2 个字）' });
    const tooMany = await cancel(order.id, { lines: [{ lineId: a.id, quantity: 2 }], reasonCode: 'out_of_stock' });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatchObject({ code: 'leader_order.quantity_invalid', message: '取消数量应在 1 到 1 件之间' });
    expect(await databaseFingerprint(t)).toEqual(before);

    const ok = await cancel(order.id, { lines: [{ lineId: b.id }], reasonCode: 'other', note: '鸡蛋运输破了' });
    expect(ok.status).toBe(200);
    expect(ok.body.order.lines.find((l: Line) => l.id === b.id)).toMatchObject({ status: 'cancelled', refundedQuantity: 1, cancelReason: 'leader', groupNumber: b.groupNumber });
    expect(ok.body.order.status).toBe('paid');
    const after = await databaseFingerprint(t);
    const twice = await cancel(order.id, { lines: [{ lineId: b.id }], reasonCode: 'out_of_stock' });
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({ code: 'leader_order.already_cancelled', message: '这件商品已经取消过了，无需再取消' });
    expect(await databaseFingerprint(t)).toEqual(after);
    await moneyAddsUp();
  });

  it('refusing a refund before the hand-over: he is told to cancel instead', async () => {
    const before = await databaseFingerprint(t);
    const res = await refund(a.id, { amountFen: 100, reasonCode: 'goodwill' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('leader_refund.not_handed_over');
    expect(await databaseFingerprint(t)).toEqual(before);
  });
});

describe('after the cut-off and the arrival, before the hand-over, and after it', () => {
  let gb: { id: string; items: { id: string }[] };
  let kept: { id: string; lines: Line[] };
  let dropped: { id: string; lines: Line[] };
  let x: Line;
  let y: Line;
  beforeAll(async () => {
    gb = await openGroupBuy(t, leader, w.community.id, [w.product.id, eggs.id], { items: [{ stock: 10, limit: 5, priceFen: PRICE }, { stock: 10, limit: 5, priceFen: CHEAP }] });
    kept = await checkoutAndPay(t, w.residents[1], w.community.id, [{ itemId: gb.items[0].id, quantity: 1 }, { itemId: gb.items[1].id, quantity: 1 }]);
    dropped = await checkoutAndPay(t, w.residents[2], w.community.id, [{ itemId: gb.items[0].id, quantity: 2 }]);
    x = kept.lines.find((l) => l.itemId === gb.items[0].id)!;
    y = kept.lines.find((l) => l.itemId === gb.items[1].id)!;
    await deliverAndReceive(t, leader, gb.id);
  });

  it('cancels a whole ready order: all her money back, the order cancelled, no restock event for a closed group buy', async () => {
    const res = await cancel(dropped.id, { reasonCode: 'quality_issue', note: '这批草莓压坏了' });
    expect(res.status).toBe(200);
    expect(res.body.order).toMatchObject({ status: 'cancelled', cancelReason: 'leader' });
    expect(res.body.order.lines[0]).toMatchObject({ status: 'cancelled', refundedQuantity: 2 });
    expect(res.body.payment).toMatchObject({ status: 'refunded', refundedFen: 2 * PRICE, heldFen: 0 });
    const restocked = await rows(sql`select 1 from domain_events where type = 'groupbuy.item_restocked' and subject_id = ${gb.items[0].id}`);
    expect(restocked).toHaveLength(0);
    await moneyAddsUp();
  });

  it('after the hand-over: cancelling is refused (use refund); one fen over his limit is refused with the limit; exactly at the limit is granted like a claim', async () => {
    const v = await call(t, leader, 'POST', `/api/communities/${w.community.id}/pickups/verify`, { code: await pickupCode(t, w.residents[1], w.community.id) });
    expect(v.status).toBe(200);
    const settledBefore = await rows<{ amount_fen: number; commission_fen: number }>(sql`select amount_fen, commission_fen from settlements where order_id = ${kept.id}`);
    expect(settledBefore.reduce((s, r) => s + r.amount_fen, 0)).toBe(PRICE + CHEAP);
    await ingestTrustEvents(t.database.db, 1000, t.clock.now());
    const evidenceBefore = await rows(sql`select kind, good, severity from resident_evidence where user_id = ${w.residents[1].userId} order by id`);

    const before = await databaseFingerprint(t);
    const late = await cancel(kept.id, { lines: [{ lineId: x.id }], reasonCode: 'out_of_stock' });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'leader_order.handed_over', message: '这件商品已交付，不能再取消；请改用「退款」' });
    const over = await refund(x.id, { amountFen: LIMIT + 1, reasonCode: 'bad_produce' });
    expect(over.status).toBe(400);
    expect(over.body.error).toMatchObject({ code: 'leader_refund.over_limit', message: '超过你的退款额度 ¥10.00：请让团员提交售后，由平台处理' });
    const overLine = await refund(y.id, { amountFen: CHEAP + 1, reasonCode: 'damaged' });
    expect(overLine.status).toBe(400);
    expect(overLine.body.error.code).toBe('leader_refund.over_line');
    expect(await databaseFingerprint(t)).toEqual(before);

    const ok = await refund(x.id, { amountFen: LIMIT, reasonCode: 'bad_produce', note: '有两颗坏果' }, 'leader-refund-x-1');
    expect(ok.status).toBe(200);
    expect(ok.body.payment).toMatchObject({ refundedFen: LIMIT, settledFen: PRICE + CHEAP });
    expect(ok.body.actions.find((a: { lineId: string }) => a.lineId === x.id)).toMatchObject({ refundableFen: 0, claim: { origin: 'leader', status: 'refunded' } });
    const [claim] = await rows<{ id: string; status: string; origin: string; leader_id: string; resolved_by: string; refunded_fen: number; kind: string; fault_party: string; description: string }>(sql`
      select id, status, origin, leader_id, resolved_by, refunded_fen, kind, fault_party, description from claims where line_id = ${x.id}`);
    expect(claim).toMatchObject({ status: 'refunded', origin: 'leader', leader_id: leader.userId, resolved_by: 'leader', refunded_fen: LIMIT, kind: 'bad_produce', fault_party: 'none', description: '坏果 / 变质：有两颗坏果' });
    const entries = await rows<{ code: string; debit_account: string; credit_account: string; amount_fen: number }>(sql`select code, debit_account, credit_account, amount_fen from fund_entries where claim_id = ${claim.id} order by code`);
    expect(entries).toEqual([
      { code: 'fund_reimbursement', debit_account: 'guarantee_fund', credit_account: `leader:${leader.userId}`, amount_fen: LIMIT },
      { code: 'leader_advance', debit_account: `leader:${leader.userId}`, credit_account: `resident:${w.residents[1].userId}`, amount_fen: LIMIT },
    ]);
    const [paid] = await rows<{ status: string; amount_fen: number }>(sql`select status, amount_fen from refunds where refund_key = ${`claim:${claim.id}`}`);
    expect(paid).toEqual({ status: 'paid', amount_fen: LIMIT });
    // Settlements and his commission stay as the hand-over fixed them, as for any granted claim.
    expect(await rows(sql`select amount_fen, commission_fen from settlements where order_id = ${kept.id}`)).toEqual(settledBefore);
    // Her trust: no complaint of hers was decided, so no evidence either way; his index counts no complaint.
    const events = await rows<{ type: string }>(sql`select type from domain_events where subject_id = ${claim.id} order by id`);
    expect(events.map((e) => e.type)).toEqual(['claim.leader_refunded']);
    await ingestTrustEvents(t.database.db, 1000, t.clock.now());
    expect(await rows(sql`select kind, good, severity from resident_evidence where user_id = ${w.residents[1].userId} order by id`)).toEqual(evidenceBefore);

    const mine = await call(t, w.residents[1], 'GET', `/api/orders/${kept.id}`);
    expect(mine.body.changes).toMatchObject([{ lineId: x.id, kind: 'refund', amountFen: LIMIT, reasonCode: 'bad_produce', note: '有两颗坏果', leaderName: '王叔' }]);
    const notices = await call(t, w.residents[1], 'GET', '/api/notifications');
    expect(notices.body.items.find((n: { kind: string }) => n.kind === 'leader_refunded').body.replace(/[\u2068\u2069]/g, '')).toBe('王叔为「有机草莓」退款 ¥10.00，原因：坏果 / 变质（有两颗坏果）。钱款原路退回，一般几秒内到账。');
    await moneyAddsUp();
  });

  it('one refund per line: a second one, with another key, is refused and changes nothing', async () => {
    const before = await databaseFingerprint(t);
    const again = await refund(x.id, { amountFen: 1, reasonCode: 'goodwill' }, 'leader-refund-x-2');
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'leader_refund.already_refunded', message: '这件商品你已经退过款了，每件商品只能退一次' });
    expect(await databaseFingerprint(t)).toEqual(before);
  });

  it('the refund of the same request retried with its key is answered once', async () => {
    const before = await databaseFingerprint(t);
    const replay = await refund(x.id, { amountFen: LIMIT, reasonCode: 'bad_produce', note: '有两颗坏果' }, 'leader-refund-x-1');
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await databaseFingerprint(t)).toEqual(before);
  });

  it('in English, the limit error is localised too', async () => {
    const res = await call(t, leader, 'POST', `/api/communities/${w.community.id}/order-lines/${y.id}/refund?lang=en`, { amountFen: LIMIT + 1, reasonCode: 'damaged' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('The refund is more than what is left paid for this item (¥5.00)');
  });
});
