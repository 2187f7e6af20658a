import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/app.js';
import { buildWorld, call, checkoutAndPay, deliverAndReceive, joinedResident, openGroupBuy, orderAndPay, pickUp, trustHistory, upload, type Actor } from '../../testing/world.js';
import { joinByInvite } from '../community/service.js';
import { reencoded, scenePhoto } from '../../db/sample-photos.js';
import { escalateOverdueClaims, fileClaim as fileClaimAt, leaderDecide, photoFlags } from './service.js';
import { randomUUID } from 'node:crypto';
import { sendPendingRefunds } from '../payments/service.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
/**
 * Residents by trust level, each with one picked-up basket: one order, one payment, three lines
 * from two group buys (strawberries and soy sauce from one 团, strawberries from another).
 */
type Level = 'A' | 'B' | 'C' | 'D' | 'A2';
const people: Record<Level, Actor> = {} as never;
const lines: Record<Level, { order: string; fresh1: string; fresh2: string; packaged: string }> = {} as never;
let photo: Buffer;

const count = async (table: string) => Number(((await t.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] }).rows[0].n);
const events = async (type: string) => Number(((await t.database.db.execute(sql`select count(*)::int as n from domain_events where type = ${type}`)) as unknown as { rows: { n: number }[] }).rows[0].n);
const jpeg = (bytes: Buffer, name = 'photo.jpg') => ({ field: 'photos', filename: name, bytes, type: 'image/jpeg' });
const fileClaim = (actor: Actor, lineId: string, fields: Record<string, string>, photos: Buffer[] = []) =>
  upload(t, actor, '/api/claims', { lineId, quantity: '1', description: '草莓有好几颗烂了，底下发霉。', ...fields }, photos.map((p, i) => jpeg(p, `p${i}.jpg`)));

/** The leader may refund up to ¥32.80 on his own: the soy sauce line's price, so one test sits exactly on it. */
const LEADER_LIMIT = 3280;

beforeAll(async () => {
  t = await createTestApp({ leaderRefundLimitFen: LEADER_LIMIT });
  world = await buildWorld(t, { residents: 0 });
  const packaged = (await call(t, world.operator, 'POST', '/api/products', { name: '零添加生抽', spec: '500ml', unit: '瓶', origin: '广东阳江', description: '古法酿造', imageUrls: [], listPriceFen: 3280 })).body;
  await t.database.db.execute(sql`update products set supplier_id = ${world.supplier.id}, category = 'packaged_food' where id = ${packaged.id}`);
  const { approvedBatch, endorse } = await import('../../testing/world.js');
  await approvedBatch(t, world.supplier.member, world.operator, packaged.id);
  await endorse(t, world.leader, world.community.id, packaged.id);
  const gbA = await openGroupBuy(t, world.leader, world.community.id, [world.product.id, packaged.id], { items: [{ stock: 100, priceFen: 3680 }, { stock: 100, priceFen: 3280 }] });
  const gbB = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 100, priceFen: 3680 });
  const history = { A: 20, B: 5, C: 3, D: 0, A2: 20 } as const;
  const levels = ['A', 'B', 'C', 'D', 'A2'] as const;
  for (const level of levels) {
    const r = await sessionCookie(t, { name: `居民${level}` });
    await joinByInvite(t.database.db, world.community.inviteCode, r.userId);
    people[level] = r;
    if (history[level]) await trustHistory(t, r.userId, history[level]);
  }
  const [fresh1, packagedItem] = gbA.items as { id: string }[];
  const fresh2 = gbB.items[0] as { id: string };
  for (const level of levels) {
    const o = await checkoutAndPay(t, people[level], world.community.id, [{ itemId: fresh1.id, quantity: 2 }, { itemId: packagedItem.id, quantity: 2 }, { itemId: fresh2.id, quantity: 2 }]);
    const lineOf = (itemId: string) => o.lines.find((l: { itemId: string }) => l.itemId === itemId).id as string;
    lines[level] = { order: o.id, fresh1: lineOf(fresh1.id), packaged: lineOf(packagedItem.id), fresh2: lineOf(fresh2.id) };
  }
  const owners = levels.map((level) => ({ actor: people[level] }));
  await pickUp(t, world.leader, world.community.id, gbA.id, owners);
  await pickUp(t, world.leader, world.community.id, gbB.id, owners);
  photo = await scenePhoto(1);
}, 180_000);
afterAll(async () => { await t?.close(); });

describe('坏果包赔: fresh produce refunded at once', () => {
  it('refunds a level-A resident in seconds, through the provider, with the rule and its facts recorded', async () => {
    const me = await call(t, people.A, 'GET', '/api/me/trust');
    expect(me.body.level).toBe('A');
    const res = await fileClaim(people.A, lines.A.fresh1, { kind: 'bad_produce' }, [photo]);
    expect(res.status).toBe(201);
    const c = res.body.claim;
    expect(c).toMatchObject({ status: 'refunded', ruleKey: 'bad_fruit', ruleVersion: 1, amountFen: 3680, refundedFen: 3680, resolvedBy: 'rule' });
    expect(c.reason).toContain('坏果包赔');
    expect(c.reason).toContain('¥36.80');
    expect(res.body.refund).toMatchObject({ status: 'paid', amountFen: 3680 });
    expect(res.body.photos).toHaveLength(1);
    // The provider was asked exactly once for this claim's refund.
    const refunds = [...t.payments.refunds.values()].filter((r) => r.amountFen === 3680);
    expect(refunds).toHaveLength(1);
    // The decision names the facts it read, with their values.
    const row = ((await t.database.db.execute(sql`select facts_used, rule_id from claims where id = ${c.id}`)) as unknown as { rows: { facts_used: Record<string, unknown>; rule_id: string }[] }).rows[0];
    expect(row.facts_used).toMatchObject({ fresh: true, kind: 'bad_produce', trust_level: 'A', amount_yuan: 36.8 });
    expect(row.rule_id).toBeTruthy();
    expect(await events('claim.filed')).toBe(1);
    expect(await events('claim.decided')).toBe(1);
    expect(await events('refund.paid')).toBe(1);
  });

  it('sends a level-B resident above ¥30 to the leader, with a deadline in opening hours', async () => {
    const res = await fileClaim(people.B, lines.B.fresh1, { kind: 'bad_produce' }, [await scenePhoto(2)]);
    expect(res.status).toBe(201);
    expect(res.body.claim).toMatchObject({ status: 'leader_review', ruleKey: 'leader_first' });
    const deadline = new Date(res.body.claim.deadlineAt);
    const local = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hour12: false }).format(deadline));
    expect(local).toBeGreaterThanOrEqual(8);
    expect(local).toBeLessThanOrEqual(22);
    expect(deadline.getTime()).toBeGreaterThan(t.clock.now().getTime());
    expect(res.body.claim.reason).toContain('王叔');
  });

  it('asks for a photo for spoiled fresh produce and refuses everything bad with nothing written', async () => {
    const before = { claims: await count('claims'), files: await count('stored_files'), events: await count('domain_events') };
    const other = await sessionCookie(t, { name: '路人' });
    const cases: [Promise<{ status: number; body: { error: { code: string } } }>, number, string][] = [
      [fileClaim(people.C, lines.C.fresh1, { kind: 'bad_produce' }), 400, 'claim.photo_required'],
      [fileClaim(other, lines.C.fresh1, { kind: 'missing' }), 404, 'order.not_found'],
      [fileClaim(people.C, lines.C.fresh1, { kind: 'missing', quantity: '3' }), 400, 'claim.quantity_invalid'],
      [fileClaim(people.C, lines.C.fresh1, { kind: 'missing', quantity: '0' }), 400, 'claim.quantity_invalid'],
      [fileClaim(people.C, lines.C.fresh1, { kind: 'missing', description: ' ' }), 400, 'claim.description_length'],
      [fileClaim(people.C, lines.C.fresh1, { kind: 'eaten' }), 400, 'request.invalid'],
      [upload(t, people.C, '/api/claims', { lineId: lines.C.fresh1, kind: 'bad_produce', quantity: '1', description: '坏了' }, [{ field: 'photos', filename: 'x.jpg', bytes: Buffer.from('%PDF-1.4 not a photo'), type: 'image/jpeg' }]), 400, 'file.not_image'],
      [upload(t, people.C, '/api/claims', { lineId: lines.C.fresh1, kind: 'bad_produce', quantity: '1', description: '坏了' }, [jpeg(Buffer.concat([photo, Buffer.alloc(9 * 1024 * 1024)]))]), 400, 'file.too_large'],
      [fileClaim(people.A, lines.A.fresh1, { kind: 'missing' }), 409, 'claim.already_filed'],
      // A line is named by its id: not an order's, not another resident's, not nothing.
      [fileClaim(people.C, lines.C.order, { kind: 'missing' }), 404, 'order.not_found'],
      [fileClaim(people.C, lines.A.fresh2, { kind: 'missing' }), 404, 'order.not_found'],
      [upload(t, people.C, '/api/claims', { kind: 'missing', quantity: '1', description: '少了一盒' }), 400, 'request.invalid'],
      [fileClaim(people.C, 'not-a-line', { kind: 'missing' }), 400, 'request.invalid'],
    ];
    for (const [req, status, code] of cases) {
      const res = await req;
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status, code });
    }
    expect({ claims: await count('claims'), files: await count('stored_files'), events: await count('domain_events') }).toEqual(before);
  });

  it('refuses claims on unpaid orders and after the claim window', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 10 });
    const placed = await call(t, people.D, 'POST', `/api/group-buys/${gb.id}/orders`, { quantity: 1, idempotencyKey: `unpaid-${Date.now()}` });
    const unpaid = await fileClaim(people.D, placed.body.order.lines[0].id, { kind: 'missing' });
    expect(unpaid.status).toBe(409);
    expect(unpaid.body.error.code).toBe('claim.order_not_paid');
    const paid = await orderAndPay(t, people.C, gb.id, 1);
    const notYet = await fileClaim(people.C, paid.lines[0].id, { kind: 'missing' });
    expect(notYet.body.error.code).toBe('claim.not_picked_up');
    // The claim window (7 days after pickup): exactly 7 days after it is still open (the claim gets
    // as far as the next check, a bad quantity, so nothing is written); one millisecond later it is
    // closed. Nothing is written either way.
    const [{ picked_up_at }] = ((await t.database.db.execute(sql`select picked_up_at from order_lines where id = ${lines.C.fresh1}`)) as unknown as { rows: { picked_up_at: string | Date }[] }).rows;
    const before = { claims: await count('claims'), events: await count('domain_events') };
    // The service itself, at an exact instant (the test clock keeps running between calls).
    const fileAt = (msAfterPickup: number) => fileClaimAt(t.database.db, t.storage, t.payments, t.ctx.config, { userId: people.C.userId, lineId: lines.C.fresh1, kind: 'missing', quantity: 0, description: '少了一盒', photos: [] }, new Date(new Date(picked_up_at).getTime() + msAfterPickup))
      .then(() => ({ status: 201, code: undefined }), (e: { status: number; code: string }) => ({ status: e.status, code: e.code }));
    const week = 7 * 86_400_000;
    expect(await fileAt(week - 1)).toEqual({ status: 400, code: 'claim.quantity_invalid' });
    expect(await fileAt(week)).toEqual({ status: 400, code: 'claim.quantity_invalid' });
    expect(await fileAt(week + 1)).toEqual({ status: 409, code: 'claim.window_closed' });
    expect({ claims: await count('claims'), events: await count('domain_events') }).toEqual(before);
  });
});

describe('开箱不满意秒退款 and the other contracts', () => {
  it('refunds a level-A resident unhappy on opening packaged food, no photo needed', async () => {
    const res = await fileClaim(people.A2, lines.A2.packaged, { kind: 'unhappy', description: '味道太咸，不是我喜欢的口味。' });
    expect(res.status).toBe(201);
    expect(res.body.claim).toMatchObject({ status: 'refunded', ruleKey: 'unhappy_on_opening', refundedFen: 3280 });
  });

  it('asks for more when "not as described" comes without a photo, then decides again on the new evidence', async () => {
    const res = await fileClaim(people.C, lines.C.packaged, { kind: 'not_as_described', description: '瓶子上写的和页面上不一样。' });
    expect(res.body.claim).toMatchObject({ status: 'needs_more', ruleKey: 'photo_for_description' });
    const again = await upload(t, people.C, `/api/claims/${res.body.claim.id}/evidence`, { description: '补一张照片' }, [jpeg(await scenePhoto(30))]);
    expect(again.status).toBe(200);
    // Level C: no instant refund; the leader handles it.
    expect(again.body.claim).toMatchObject({ status: 'leader_review', ruleKey: 'leader_first' });
    expect(again.body.photos).toHaveLength(1);
    const twice = await upload(t, people.C, `/api/claims/${res.body.claim.id}/evidence`, { description: '再补' }, []);
    expect(twice.body.error.code).toBe('claim.not_awaiting_evidence');
  });
});

describe('one basket, one claim per line', () => {
  it("a claim on one line refunds that line from the basket's one payment; the other lines stay as they were", async () => {
    // 居民A2's soy sauce was refunded at once above (开箱不满意秒退款); her strawberries were not claimed.
    const list = await call(t, people.A2, 'GET', `/api/orders/${lines.A2.order}/claims`);
    expect(list.body.items).toEqual([{ id: expect.any(String), lineId: lines.A2.packaged, status: 'refunded' }]);
    const [refund] = ((await t.database.db.execute(sql`select order_id, line_id, amount_fen from refunds where refund_key = ${`claim:${list.body.items[0].id}`}`)) as unknown as { rows: { order_id: string; line_id: string; amount_fen: number }[] }).rows;
    expect(refund).toEqual({ order_id: lines.A2.order, line_id: lines.A2.packaged, amount_fen: 3280 });
    const pays = ((await t.database.db.execute(sql`select amount_fen, refunded_fen from payments where order_id = ${lines.A2.order}`)) as unknown as { rows: { amount_fen: number; refunded_fen: number }[] }).rows;
    // One payment for the three lines (2 × ¥36.80 + 2 × ¥32.80 + 2 × ¥36.80), ¥32.80 of it back.
    expect(pays).toEqual([{ amount_fen: 21280, refunded_fen: 3280 }]);
    expect((await call(t, people.A2, 'GET', `/api/order-lines/${lines.A2.fresh2}/claim`)).body).toEqual({ claim: null });
    expect((await call(t, people.A2, 'GET', `/api/order-lines/${lines.A2.packaged}/claim`)).body.claim).toMatchObject({ lineId: lines.A2.packaged, status: 'refunded' });
    // The next line of the same basket is claimed on its own.
    const second = await fileClaim(people.A2, lines.A2.fresh2, { kind: 'bad_produce' }, [await scenePhoto(50)]);
    expect(second.status).toBe(201);
    expect(second.body.claim).toMatchObject({ orderId: lines.A2.order, lineId: lines.A2.fresh2 });
    expect(second.body.line).toMatchObject({ id: lines.A2.fresh2, quantity: 2, totalFen: 7360 });
  });
});

describe('fraud checks without punishing honest people', () => {
  it('holds a claim whose photo is another claim\'s photo resized and recompressed, and says so', async () => {
    const copy = await reencoded(photo, 300, 50);
    const res = await fileClaim(people.D, lines.D.fresh1, { kind: 'bad_produce' }, [copy]);
    expect(res.status).toBe(201);
    expect(res.body.claim).toMatchObject({ status: 'platform_review', ruleKey: 'photo_check' });
    expect(res.body.claim.reason).toContain('不自动退款');
    expect(res.body.claim.flags[0]).toMatchObject({ kind: 'photo_reused' });
    // The resident is not told whose claim it matched; the operator is.
    expect(res.body.claim.flags[0].detail.otherClaimId).toBeUndefined();
    const queue = await call(t, world.operator, 'GET', '/api/console/claims?status=escalated');
    const held = queue.body.items.find((c: { id: string }) => c.id === res.body.claim.id);
    expect(held.flags[0].detail.otherClaimId).toBeTruthy();
  });

  it('lets a different photo through, and holds one taken days before the pickup (EXIF)', async () => {
    const fresh = await fileClaim(people.A, lines.A.fresh2, { kind: 'bad_produce' }, [await scenePhoto(40)]);
    expect(fresh.body.claim.flags).toEqual([]);
    // Not held for the photo; a second claim on three lines in 90 days goes to the leader instead.
    expect(fresh.body.claim).toMatchObject({ status: 'leader_review', ruleKey: 'frequent_claims' });
    const old = new Date(t.clock.now().getTime() - 5 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, ':');
    const stale = await fileClaim(people.B, lines.B.fresh2, { kind: 'damaged', description: '压坏了' }, [await scenePhoto(41, { takenAt: old })]);
    expect(stale.body.claim).toMatchObject({ status: 'platform_review', ruleKey: 'photo_check' });
    expect(stale.body.claim.flags.map((f: { kind: string }) => f.kind)).toContain('photo_older_than_pickup');
  });
});

describe('photo checks at their limits (TRUST.md §6: ≤ 6 bits held, 7–12 flagged)', () => {
  const bits = (x: bigint) => { let n = 0; for (let v = BigInt.asUintN(64, x); v; v >>= 1n) n += Number(v & 1n); return n; };
  type Row = { claim_id: string; phash: string; phash_mirror: string; phash_crop: string; community_id: string; product_id: string; user_id: string };
  const flagsFor = async (phash: bigint, takenAt: Date | null, pickedUpAt: Date | null, scope: Row) => photoFlags(t.database.db,
    [{ upload: { filename: 'x.jpg', bytes: Buffer.from(randomUUID()) }, analysis: { phash, phashMirror: phash, phashCrop: phash, takenAt, thumbnail: Buffer.alloc(0), width: 1, height: 1 } as never }],
    { claimId: randomUUID(), communityId: scope.community_id, productId: scope.product_id, userId: scope.user_id, pickedUpAt }, t.clock.now());

  it('holds a photo 6 bits from an earlier claim\'s, flags one 7 or 12 bits away, ignores one 13 bits away', async () => {
    const rows = ((await t.database.db.execute(sql`select claim_id, phash::text, phash_mirror::text, phash_crop::text, community_id, product_id, user_id from claim_photos`)) as unknown as { rows: Row[] }).rows;
    const target = rows[0];
    // The closest earlier photo by the query's own measure (the hash against each stored hash of each photo in scope).
    const nearest = (x: bigint) => Math.min(...rows.filter((r) => r.community_id === target.community_id || r.product_id === target.product_id || r.user_id === target.user_id)
      .flatMap((r) => [r.phash, r.phash_mirror, r.phash_crop].map((h) => bits(BigInt(h) ^ x))));
    // Flip k bits of the target's hash, choosing bits that bring no other stored hash closer.
    const at = (k: number) => {
      for (let start = 0; start < 64; start++) {
        let mask = 0n;
        for (let i = 0; i < k; i++) mask |= 1n << BigInt((start + i * 5) % 64);
        const x = BigInt.asIntN(64, BigInt(target.phash) ^ mask);
        if (bits(mask) === k && nearest(x) === k) return x;
      }
      throw new Error(`no hash exactly ${k} bits away`);
    };
    const kinds = async (k: number) => (await flagsFor(at(k), null, null, target)).map((f) => [f.kind, f.detail.distance]);
    expect(await kinds(5)).toEqual([['photo_reused', 5]]);
    expect(await kinds(6)).toEqual([['photo_reused', 6]]);
    expect(await kinds(7)).toEqual([['photo_similar', 7]]);
    expect(await kinds(12)).toEqual([['photo_similar', 12]]);
    expect(await kinds(13)).toEqual([]);
  });

  it('EXIF: taken exactly 24 h before the pickup is only noted, a millisecond earlier is held; at or after the pickup is nothing', async () => {
    const [scope] = ((await t.database.db.execute(sql`select claim_id, phash::text, phash_mirror::text, phash_crop::text, community_id, product_id, user_id from claim_photos limit 1`)) as unknown as { rows: Row[] }).rows;
    // A hash far from every stored one: 32 bits flipped in alternation.
    const far = BigInt.asIntN(64, BigInt(scope.phash) ^ 0x5555555555555555n);
    const pickedUp = new Date('2026-11-20T02:00:00Z');
    const kinds = async (msBefore: number | null, picked: Date | null = pickedUp) => (await flagsFor(far, msBefore === null ? null : new Date(pickedUp.getTime() - msBefore), picked, scope)).map((f) => f.kind).filter((k) => k.startsWith('photo_') && k !== 'photo_similar');
    expect(await kinds(24 * 3_600_000 + 1)).toEqual(['photo_older_than_pickup']);
    expect(await kinds(24 * 3_600_000)).toEqual(['photo_taken_before_pickup']);
    expect(await kinds(1)).toEqual(['photo_taken_before_pickup']);
    expect(await kinds(0)).toEqual([]);
    expect(await kinds(-3_600_000)).toEqual([]);
    // No EXIF, or no pickup time: nothing to contradict.
    expect(await kinds(null)).toEqual([]);
    expect(await kinds(48 * 3_600_000, null)).toEqual([]);
  });
});

describe('团长兜底: leader first, platform behind him', () => {
  let claimId: string;
  it('lets the leader refund within his limit; the fund advances it and the ledger balances', async () => {
    const inbox = await call(t, world.leader, 'GET', `/api/communities/${world.community.id}/claims`);
    expect(inbox.status).toBe(200);
    const waiting = inbox.body.items.find((c: { userId: string }) => c.userId === people.B.userId);
    claimId = waiting.id;
    expect(inbox.body.open).toBeGreaterThanOrEqual(1);
    const noReason = await call(t, world.leader, 'POST', `/api/claims/${claimId}/leader-decision`, { action: 'reject', note: '' });
    expect(noReason.body.error.code).toBe('claim.reason_required');
    // One fen over his limit is refused with the limit, and nothing changes.
    const tooMuch = await call(t, world.leader, 'POST', `/api/claims/${claimId}/leader-decision`, { action: 'refund', amountFen: LEADER_LIMIT + 1, note: '' });
    expect({ status: tooMuch.status, code: tooMuch.body.error?.code }).toEqual({ status: 400, code: 'claim.over_leader_limit' });
    expect(tooMuch.body.error.message).toContain('¥32.80');
    expect((await call(t, people.B, 'GET', `/api/claims/${claimId}`)).body.claim).toMatchObject({ status: 'leader_review', refundedFen: 0, firstResponseAt: null });
    const res = await call(t, world.leader, 'POST', `/api/claims/${claimId}/leader-decision`, { action: 'refund', amountFen: 1840, note: '坏了一半，退半盒' });
    expect(res.status).toBe(200);
    expect(res.body.claim).toMatchObject({ status: 'refunded', resolvedBy: 'leader', refundedFen: 1840 });
    expect(res.body.claim.firstResponseAt).toBeTruthy();
    expect(res.body.refund.status).toBe('paid');
    const again = await call(t, world.leader, 'POST', `/api/claims/${claimId}/leader-decision`, { action: 'refund', amountFen: 1840, note: '' });
    expect(again.status).toBe(409);
    const fund = await call(t, world.operator, 'GET', '/api/console/guarantee-fund');
    expect(fund.body.reconciliation).toMatchObject({ balanced: true, refundsMatch: true, pendingRefunds: 0 });
    const leaderBalance = fund.body.balances.find((b: { kind: string }) => b.kind === 'leader');
    // He advanced ¥18.40 and was reimbursed ¥18.40.
    expect(leaderBalance.balanceFen).toBe(0);
    // This batch's claims have passed 10% of the lines sold from it: the supplier carries the refund (TRUST.md §6).
    expect(res.body.claim.faultParty).toBe('supplier');
    expect(fund.body.byCode.find((c: { code: string }) => c.code === 'supplier_charge')).toMatchObject({ entries: 1, amountFen: 1840 });
    expect(fund.body.fundBalanceFen).toBe(-(3680 + 3280 + 1840) + 1840);
  });

  it('escalates a missed deadline exactly once, however many instances run the job; not a millisecond before it', async () => {
    const res = await fileClaim(people.C, lines.C.fresh2, { kind: 'missing', description: '少了一盒' });
    expect(res.body.claim.status).toBe('leader_review');
    const deadline = new Date(res.body.claim.deadlineAt).getTime();
    const waiting = async () => ((await t.database.db.execute(sql`select id, deadline_at from claims where status = 'leader_review'`)) as unknown as { rows: { id: string; deadline_at: string | Date }[] }).rows
      .map((c) => ({ id: c.id, at: new Date(c.deadline_at).getTime() }));
    const all = await waiting();
    const dueEarlier = all.filter((c) => c.at < deadline).map((c) => c.id);
    const dueWith = all.filter((c) => c.at === deadline).map((c) => c.id);
    const later = all.filter((c) => c.at > deadline).map((c) => c.id);
    expect(dueWith).toContain(res.body.claim.id);
    // One millisecond before its deadline the job takes only claims due earlier.
    expect(await escalateOverdueClaims(t.database.db, new Date(deadline - 1))).toBe(dueEarlier.length);
    expect((await waiting()).map((c) => c.id).sort()).toEqual([...dueWith, ...later].sort());
    const before = await events('claim.escalated');
    // At the deadline itself it goes, once, whichever of four instances takes it; claims due later stay.
    const runs = await Promise.all(Array.from({ length: 4 }, () => escalateOverdueClaims(t.database.db, new Date(deadline))));
    expect(runs.reduce((a, b) => a + b, 0)).toBe(dueWith.length);
    expect(await events('claim.escalated')).toBe(before + dueWith.length);
    expect((await waiting()).map((c) => c.id).sort()).toEqual([...later].sort());
    const row = await call(t, people.C, 'GET', `/api/claims/${res.body.claim.id}`);
    expect(row.body.claim.status).toBe('platform_review');
    expect(row.body.claim.reason).toContain('自动转平台');
    // This claim was escalated once, not once per instance.
    const mine = ((await t.database.db.execute(sql`select count(*)::int as n from domain_events where type = 'claim.escalated' and subject_id = ${res.body.claim.id}`)) as unknown as { rows: { n: number }[] }).rows[0].n;
    expect(mine).toBe(1);
    const late = await call(t, world.leader, 'POST', `/api/claims/${res.body.claim.id}/leader-decision`, { action: 'replace', note: '' });
    expect(late.body.error.code).toBe('claim.not_awaiting_leader');
    // The platform decides it; the fault is the supplier's, so the supplier is charged.
    const decided = await call(t, world.operator, 'POST', `/api/claims/${res.body.claim.id}/platform-decision`, { action: 'refund', note: '核实少发，平台退款', faultParty: 'supplier' });
    expect(decided.body.claim).toMatchObject({ status: 'refunded', resolvedBy: 'platform', faultParty: 'supplier' });
    const fund = await call(t, world.operator, 'GET', '/api/console/guarantee-fund');
    expect(fund.body.balances.find((b: { kind: string }) => b.kind === 'supplier').balanceFen).toBe(-(1840 + 3680));
    expect(fund.body.reconciliation.refundsMatch).toBe(true);
  });
});

describe('deadlines', () => {
  it('refuses a leader answer once the deadline has passed, before the job has run', async () => {
    const res = await fileClaim(people.A2, lines.A2.fresh1, { kind: 'missing', description: '少了一盒' });
    expect(res.body.claim.status).toBe('leader_review');
    // Exactly at the deadline it is already too late (the service at that instant, then the route after it).
    const deadline = new Date(res.body.claim.deadlineAt);
    await expect(leaderDecide(t.database.db, t.payments, t.ctx.config, world.leader.userId, res.body.claim.id, { action: 'refund', amountFen: 100, note: '' }, deadline))
      .rejects.toMatchObject({ code: 'claim.deadline_passed' });
    t.clock.advance(deadline.getTime() - t.clock.now().getTime() + 1000);
    const late = await call(t, world.leader, 'POST', `/api/claims/${res.body.claim.id}/leader-decision`, { action: 'refund', amountFen: 100, note: '' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('claim.deadline_passed');
    expect((await call(t, people.A2, 'GET', `/api/claims/${res.body.claim.id}`)).body.claim.refundedFen).toBe(0);
  });
});

describe('refunds are idempotent under retries and concurrency', () => {
  it('pays one refund per claim when the sender runs many times at once', async () => {
    const { requestRefund } = await import('../payments/service.js');
    const { inTransaction } = await import('../../platform/events/service.js');
    const before = t.payments.refunds.size;
    // The same refund asked for three times at once: one row, one provider call.
    const asks = await Promise.allSettled(Array.from({ length: 3 }, () => inTransaction(t.database.db, (tx) => requestRefund(tx, { orderId: lines.D.order, lineId: lines.D.packaged, amountFen: 500, refundKey: 'test:retry-1', reason: 'test' }))));
    expect(asks.filter((a) => a.status === 'fulfilled').length).toBe(3);
    const sent = await Promise.all(Array.from({ length: 4 }, () => sendPendingRefunds(t.database.db, t.payments, {})));
    expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
    expect(t.payments.refunds.size).toBe(before + 1);
    const row = ((await t.database.db.execute(sql`select count(*)::int as n, sum(amount_fen)::int as s from refunds where refund_key = 'test:retry-1'`)) as unknown as { rows: { n: number; s: number }[] }).rows[0];
    expect(row).toEqual({ n: 1, s: 500 });
    const pay = ((await t.database.db.execute(sql`select refunded_fen from payments where order_id = ${lines.D.order}`)) as unknown as { rows: { refunded_fen: number }[] }).rows[0];
    expect(pay.refunded_fen).toBe(500);
  });

  it('lets only one of two simultaneous leader decisions through (each for exactly his limit)', async () => {
    const res = await fileClaim(people.D, lines.D.packaged, { kind: 'damaged', description: '瓶盖漏了' });
    expect(res.body.claim).toMatchObject({ status: 'leader_review', amountFen: LEADER_LIMIT });
    const both = await Promise.all([
      call(t, world.leader, 'POST', `/api/claims/${res.body.claim.id}/leader-decision`, { action: 'refund', note: '' }),
      call(t, world.leader, 'POST', `/api/claims/${res.body.claim.id}/leader-decision`, { action: 'refund', note: '' }),
    ]);
    expect(both.map((b) => b.status).sort()).toEqual([200, 409]);
    const refunds = ((await t.database.db.execute(sql`select count(*)::int as n from refunds where refund_key = ${`claim:${res.body.claim.id}`}`)) as unknown as { rows: { n: number }[] }).rows[0].n;
    expect(refunds).toBe(1);
  });
});

describe('permission boundaries', () => {
  it('keeps claims, photos and queues to the people they concern', async () => {
    const mine = (await call(t, people.A, 'GET', '/api/me/claims')).body.items.find((c: { lineId: string }) => c.lineId === lines.A.fresh2);
    const detail = await call(t, people.A, 'GET', `/api/claims/${mine.id}`);
    expect(detail.body.claim.facts).toBeNull();
    for (const internal of ['faultParty', 'sampledForReview', 'reviewOutcome', 'factsUsed', 'leaderId']) expect(detail.body.claim).not.toHaveProperty(internal);
    expect(detail.body.claim).toMatchObject({ productName: '有机草莓', ruleName: expect.any(String), orderId: lines.A.order, lineId: lines.A.fresh2 });
    expect(detail.body.line).toMatchObject({ id: lines.A.fresh2, orderId: lines.A.order, productName: '有机草莓', quantity: 2, unitPriceFen: 3680, totalFen: 7360, status: 'picked_up', groupNumber: expect.any(Number) });
    // Claims of an order are hers to see: another resident gets an empty list, a line's claim is null.
    expect((await call(t, people.B, 'GET', `/api/orders/${lines.A.order}/claims`)).body).toEqual({ items: [] });
    expect((await call(t, people.B, 'GET', `/api/order-lines/${lines.A.fresh1}/claim`)).body).toEqual({ claim: null });
    const stranger = await sessionCookie(t, { name: '别的小区居民' });
    expect((await call(t, stranger, 'GET', `/api/claims/${mine.id}`)).status).toBe(404);
    expect((await call(t, people.B, 'GET', `/api/claims/${mine.id}`)).status).toBe(404);
    expect((await upload(t, people.B, `/api/claims/${mine.id}/evidence`, { description: '帮她补充' }, [jpeg(await scenePhoto(77))])).status).toBe(404);
    expect((await call(t, null, 'GET', `/api/claims/${mine.id}`)).status).toBe(401);
    // Another community's leader sees nothing and can decide nothing.
    const otherCommunity = await call(t, world.operator, 'POST', '/api/communities', { name: '别的小区', address: '上海', timeZone: 'Asia/Shanghai', pickupPointName: '驿站', pickupPointAddress: '1 楼', pickupHours: '08:00-20:00' });
    const otherLeader = await sessionCookie(t, { name: '李团长' });
    await call(t, world.operator, 'POST', `/api/communities/${otherCommunity.body.id}/leaders`, { phone: otherLeader.phone, name: '李团长', title: '团长' });
    expect((await call(t, otherLeader, 'GET', `/api/claims/${mine.id}`)).status).toBe(404);
    expect((await call(t, otherLeader, 'GET', `/api/communities/${world.community.id}/claims`)).status).toBe(403);
    const open = (await call(t, world.leader, 'GET', `/api/communities/${world.community.id}/claims?status=all`)).body.items.find((c: { status: string }) => c.status === 'leader_review');
    if (open) {
      expect((await call(t, otherLeader, 'POST', `/api/claims/${open.id}/leader-decision`, { action: 'refund', note: '' })).status).toBe(404);
      expect((await call(t, people.A, 'POST', `/api/claims/${open.id}/leader-decision`, { action: 'refund', note: '' })).status).toBe(404);
    }
    // Residents and leaders are not the platform.
    expect((await call(t, people.A, 'GET', '/api/console/claims')).status).toBe(403);
    expect((await call(t, world.leader, 'POST', `/api/claims/${mine.id}/platform-decision`, { action: 'reject', note: '不行' })).status).toBe(403);
    expect((await call(t, world.leader, 'GET', '/api/console/guarantee-fund')).status).toBe(403);
    expect((await call(t, people.A, 'POST', '/api/console/guarantee-rules', { name: 'x', description: 'xxxx', condition: 'true', action: 'refund_now', priority: 1 })).status).toBe(403);
    // Photos: the resident and her leader may look; a neighbour may not.
    const photoUrl = detail.body.photos[0].url;
    expect((await t.app.inject({ method: 'GET', url: photoUrl, headers: { cookie: people.A.cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: photoUrl, headers: { cookie: world.leader.cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: photoUrl, headers: { cookie: people.B.cookie } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: photoUrl, headers: { cookie: otherLeader.cookie } })).statusCode).toBe(404);
  });
});

describe('a hand-over recorded without her code, disputed', () => {
  it('opens one missing claim per line straight to the platform, keeps her words, and the leader cannot decide it', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 10, priceFen: 3680 });
    const order = await orderAndPay(t, people.B, gb.id, 2);
    await deliverAndReceive(t, world.leader, gb.id);
    const recorded = await call(t, world.leader, 'POST', `/api/communities/${world.community.id}/pickups/without-code`, { residentKey: people.B.userId, lineIds: [order.lines[0].id], note: '手机没电，当面交给她本人' });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ method: 'without_code', status: 'awaiting_confirmation' });
    const handoverId = recorded.body.id;
    const before = { claims: await count('claims'), events: await count('domain_events') };
    // Nobody but her may dispute it: another resident, the leader himself.
    for (const who of [people.C, world.leader]) {
      const res = await call(t, who, 'POST', `/api/handovers/${handoverId}/dispute`, { reason: '没收到' });
      expect({ status: res.status, code: res.body.error.code }).toEqual({ status: 404, code: 'handover.not_found' });
    }
    expect({ claims: await count('claims'), events: await count('domain_events') }).toEqual(before);

    const disputed = await call(t, people.B, 'POST', `/api/handovers/${handoverId}/dispute`, { reason: '我那天根本没去驿站，没拿到草莓' });
    expect(disputed.status).toBe(200);
    expect(disputed.body.handover.status).toBe('disputed');
    expect(disputed.body.claimIds).toHaveLength(1);
    const claimId = disputed.body.claimIds[0];
    const mine = await call(t, people.B, 'GET', `/api/claims/${claimId}`);
    expect(mine.body.claim).toMatchObject({ status: 'platform_review', kind: 'missing', quantity: 2, amountFen: 7360, orderId: order.id, lineId: order.lines[0].id, description: '我那天根本没去驿站，没拿到草莓' });
    expect(mine.body.claim.reason).toContain('我那天根本没去驿站，没拿到草莓');
    expect(mine.body.claim.reason).toContain('团长不参与决定');
    // The leader named on it is the one who recorded the hand-over; he may read it, not decide it.
    const seen = await call(t, world.operator, 'GET', `/api/claims/${claimId}`);
    expect(seen.body.claim).toMatchObject({ leaderId: world.leader.userId, ruleAction: null });
    const tries = await call(t, world.leader, 'POST', `/api/claims/${claimId}/leader-decision`, { action: 'reject', note: '我交给她了' });
    expect({ status: tries.status, code: tries.body.error.code }).toEqual({ status: 409, code: 'claim.not_awaiting_leader' });
    const events = ((await t.database.db.execute(sql`select type, payload->>'reason' as reason from domain_events where subject_id = ${claimId} order by id`)) as unknown as { rows: { type: string; reason: string | null }[] }).rows;
    expect(events).toEqual([{ type: 'claim.filed', reason: null }, { type: 'claim.escalated', reason: 'dispute' }]);
    // Once only.
    const again = await call(t, people.B, 'POST', `/api/handovers/${handoverId}/dispute`, { reason: '再说一次' });
    expect(again.status).toBe(409);
    expect(await count(`claims where line_id = '${order.lines[0].id}'`)).toBe(1);

    // The platform finds the leader at fault: she is refunded and he is charged.
    const decided = await call(t, world.operator, 'POST', `/api/claims/${claimId}/platform-decision`, { action: 'refund', note: '驿站监控里没有她，团长误登记', faultParty: 'leader' });
    expect(decided.body.claim).toMatchObject({ status: 'refunded', refundedFen: 7360, resolvedBy: 'platform', faultParty: 'leader' });
    const fund = await call(t, world.operator, 'GET', '/api/console/guarantee-fund');
    expect(fund.body.byCode.find((c: { code: string }) => c.code === 'leader_charge')).toMatchObject({ entries: 1, amountFen: 7360 });

    // In his index: the without-code hand-over counts in his fulfilment record, its dispute is a
    // hand-over fault, and the upheld dispute claim is not counted a second time as one.
    const reading = await call(t, world.operator, 'POST', `/api/leaders/${world.leader.userId}/trust-index/recompute`);
    expect(reading.body.inputs.withoutCodeHandovers).toBe(1);
    const upheldMissing = ((await t.database.db.execute(sql`select count(*)::int as n from claims where kind = 'missing' and status in ('refunded', 'replaced') and coalesce(facts->>'dispute', '') = ''`)) as unknown as { rows: { n: number }[] }).rows[0].n;
    expect(reading.body.inputs.handoverFaults).toBeCloseTo(upheldMissing + 1, 0);
  });
});

describe('trust contracts are versioned data', () => {
  it('publishes a new version without rewriting old decisions, after a preview of past claims', async () => {
    const rules = await call(t, world.operator, 'GET', '/api/console/guarantee-rules');
    const badFruit = rules.body.rules.find((r: { key: string }) => r.key === 'bad_fruit');
    const draft = { name: badFruit.name, description: badFruit.description, condition: badFruit.condition.replace("amount_yuan <= 50", "amount_yuan <= 20"), action: 'refund_now', priority: badFruit.priority, active: true };
    const preview = await call(t, world.operator, 'POST', '/api/console/guarantee-rules/preview', { ...draft, existingKey: 'bad_fruit' });
    expect(preview.status).toBe(200);
    expect(preview.body.examined).toBeGreaterThan(0);
    // The ¥36.80 level-A refund would have gone to the leader under the draft.
    expect(preview.body.changed.filter((c: { before: { action: string }; after: { action: string } }) => c.before.action === 'refund_now' && c.after.action === 'leader_review')).toHaveLength(1);
    expect(await count("guarantee_rules where key = 'bad_fruit'")).toBe(1);
    const v2 = await call(t, world.operator, 'POST', '/api/console/guarantee-rules/bad_fruit/versions', draft);
    expect(v2.status).toBe(201);
    expect(v2.body.version).toBe(2);
    // Old decisions keep the version that made them.
    const old = (await call(t, people.A, 'GET', '/api/me/claims')).body.items.filter((c: { ruleKey: string }) => c.ruleKey === 'bad_fruit');
    expect(old.map((c: { ruleVersion: number }) => c.ruleVersion)).toEqual([1]);
    const pub = await call(t, null, 'GET', '/api/guarantee-rules');
    expect(pub.body.rules.find((r: { key: string }) => r.key === 'bad_fruit')).toMatchObject({ version: 2 });
  });

  it('refuses a condition that does not parse or names an unknown fact, with the position, and changes nothing', async () => {
    const before = await count('guarantee_rules');
    const broken = await call(t, world.operator, 'POST', '/api/console/guarantee-rules', { key: 'vip_fast', name: '快速', description: '会员秒退', condition: 'amount_yuan <= and fresh', action: 'refund_now', priority: 5 });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatchObject({ code: 'guarantee.syntax', details: { position: 16 } });
    const unknown = await call(t, world.operator, 'POST', '/api/console/guarantee-rules', { key: 'vip_fast', name: '快速', description: '会员秒退', condition: 'fresh and is_vip', action: 'refund_now', priority: 5 });
    expect(unknown.body.error).toMatchObject({ code: 'guarantee.unknown_fact', details: { position: 11, detail: 'is_vip' } });
    const previewBroken = await call(t, world.operator, 'POST', '/api/console/guarantee-rules/preview', { name: '快速', description: '会员秒退', condition: '(fresh', action: 'refund_now', priority: 5 });
    expect(previewBroken.body.error.code).toBe('guarantee.syntax');
    expect(await count('guarantee_rules')).toBe(before);
  });

  it('shows residents the contracts in plain words generated from the rules, without login', async () => {
    const res = await call(t, null, 'GET', '/api/guarantee-rules');
    expect(res.status).toBe(200);
    const unhappy = res.body.rules.find((r: { key: string }) => r.key === 'unhappy_on_opening');
    expect(unhappy.name).toBe('开箱不满意秒退款');
    expect(unhappy.reading).toContain('取货后小时数 ≤ 168');
    expect(unhappy.reading).toContain('问题类型 属于 开箱不满意、压坏 / 破损、与描述不符');
    expect(res.body.rules.map((r: { key: string }) => r.key)).toContain('leader_first');
  });
});

describe('the guarantee fund', () => {
  it('records a top-up once per key and refuses bad amounts', async () => {
    const first = await call(t, world.operator, 'POST', '/api/console/guarantee-fund/top-ups', { amountFen: 1_000_000, memo: '平台首期保障金', idempotencyKey: 'topup-test-0001' });
    expect(first.status).toBe(201);
    const again = await call(t, world.operator, 'POST', '/api/console/guarantee-fund/top-ups', { amountFen: 1_000_000, memo: '平台首期保障金', idempotencyKey: 'topup-test-0001' });
    expect(again.body.fundBalanceFen).toBe(first.body.fundBalanceFen);
    const bad = await call(t, world.operator, 'POST', '/api/console/guarantee-fund/top-ups', { amountFen: -5, memo: '错误', idempotencyKey: 'topup-test-0002' });
    expect(bad.body.error.code).toBe('fund.amount_invalid');
    expect(first.body.balances.find((b: { kind: string }) => b.kind === 'platform').balanceFen).toBe(-1_000_000);
    // Every account's balance sums to zero: each movement is one debit and one credit.
    expect(first.body.balances.reduce((s: number, b: { balanceFen: number }) => s + b.balanceFen, 0)).toBe(0);
  });
});

describe('the after-the-fact review of automatic refunds', () => {
  it('never takes the refund back, but an invalid outcome counts as a rejected claim in the resident\'s history', async () => {
    const [auto] = (await call(t, people.A, 'GET', '/api/me/claims')).body.items.filter((c: { ruleKey: string; status: string }) => c.ruleKey === 'bad_fruit' && c.status === 'refunded');
    const reviewed = await call(t, world.operator, 'POST', `/api/claims/${auto.id}/review`, { outcome: 'invalid', note: '照片看不出坏果' });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.claim).toMatchObject({ status: 'refunded', refundedFen: 3680, reviewOutcome: 'invalid' });
    expect((await call(t, world.operator, 'POST', `/api/claims/${auto.id}/review`, { outcome: 'valid', note: '' })).body.error.code).toBe('claim.not_reviewable');
    // Her own view does not show the review.
    const hers = await call(t, people.A, 'GET', `/api/claims/${auto.id}`);
    expect(hers.body.actions.map((a: { action: string }) => a.action)).not.toContain('reviewed:invalid');
    await call(t, world.operator, 'POST', '/api/tag-rules', { name: '售后待观察', expression: 'claims_rejected >= 1', description: '有售后被认定不成立' });
    const members = await call(t, world.leader, 'GET', `/api/communities/${world.community.id}/members`);
    expect(members.body.items.find((m: { userId: string }) => m.userId === people.A.userId).tags).toContain('售后待观察');
  });
});

describe('a leader is not the judge of his own claim', () => {
  it('a claim on the leader\'s own order goes to the platform; he cannot decide it or refund himself from the fund', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 10, priceFen: 5000 });
    // 王叔 buys in his own group buy, as leaders do, and hands it over to himself.
    const order = await orderAndPay(t, world.leader, gb.id, 1);
    await pickUp(t, world.leader, world.community.id, gb.id, [{ actor: world.leader, orderId: order.id }]);
    const filed = await upload(t, world.leader, '/api/claims', { lineId: order.lines[0].id, kind: 'missing', quantity: '1', description: '少了一盒' });
    expect(filed.status).toBe(201);
    const decided = await call(t, world.leader, 'POST', `/api/claims/${filed.body.claim.id}/leader-decision`, { action: 'refund', note: '' });
    const refunds = ((await t.database.db.execute(sql`select amount_fen from refunds where refund_key = ${`claim:${filed.body.claim.id}`}`)) as unknown as { rows: { amount_fen: number }[] }).rows;
    // Not in his own inbox: no ¥50.00 refunded to himself, advanced and reimbursed by the guarantee fund.
    expect(filed.body.claim.status).toBe('platform_review');
    expect(decided.status).toBeGreaterThanOrEqual(400);
    expect(refunds).toEqual([]);
  });
});

describe('what the leader sees of a claim', () => {
  it("shows a resident's trust level on her claim, never her score or the quota computed from it", async () => {
    const r = await joinedResident(t, world.community, '信用好的邻居');
    await trustHistory(t, r.userId, 20);
    // ¥9.80: refunded at once by 坏果包赔 in every version this file publishes (v2 above pays up to ¥20).
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 10, priceFen: 980 });
    const order = await orderAndPay(t, r, gb.id, 1);
    await pickUp(t, world.leader, world.community.id, gb.id, [{ actor: r, orderId: order.id }]);
    const filed = await upload(t, r, '/api/claims', { lineId: order.lines[0].id, kind: 'bad_produce', quantity: '1', description: '整盒都软烂了' }, [jpeg(await scenePhoto(21), 'p.jpg')]);
    expect(filed.body.claim).toMatchObject({ status: 'refunded', ruleKey: 'bad_fruit' });
    const mine = (await call(t, r, 'GET', '/api/me/trust')).body;
    const seen = await call(t, world.leader, 'GET', `/api/claims/${filed.body.claim.id}`);
    const inbox = await call(t, world.leader, 'GET', `/api/communities/${world.community.id}/claims?status=all`);
    const inInbox = inbox.body.items.find((c: { id: string }) => c.id === filed.body.claim.id);
    expect(seen.body.claim.factsUsed.trust_level).toBe('A');
    // Level only (docs/decisions.md: "leaders see members' levels and tags"): the instant-refund quota
    // left, ¥300 + ¥900 × (score − 70)/30, would give away her exact score.
    for (const facts of [seen.body.claim.factsUsed, inInbox.factsUsed]) {
      expect(facts).not.toHaveProperty('instant_quota_left_yuan');
      expect(facts).not.toHaveProperty('trust_score');
    }
    expect(JSON.stringify(seen.body)).not.toContain(`"instant_quota_left_yuan":${mine.instantRefundQuotaYuan}`);
  });
});

describe('instant-refund facts at their windows (TRUST.md §3: 3 per 7 days, a rolling 30-day quota)', () => {
  it('an automatic refund filed exactly 7 days ago no longer counts, a millisecond less does; its money leaves the quota after exactly 30 days', async () => {
    const r = await joinedResident(t, world.community, '常买水果的邻居');
    await trustHistory(t, r.userId, 20);
    const lineIds: string[] = [];
    let first;
    for (let i = 0; i < 3; i++) {
      const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 10, priceFen: 980 });
      const order = await orderAndPay(t, r, gb.id, 1);
      await pickUp(t, world.leader, world.community.id, gb.id, [{ actor: r, orderId: order.id }]);
      lineIds.push(order.lines[0].id);
      // The first line is claimed at once (within 48 h of its pickup): refunded by 坏果包赔.
      if (i === 0) first = await upload(t, r, '/api/claims', { lineId: lineIds[0], kind: 'bad_produce', quantity: '1', description: '整盒都软烂了' }, [jpeg(await scenePhoto(22), 'p.jpg')]);
    }
    expect(first!.body.claim).toMatchObject({ status: 'refunded', resolvedBy: 'rule', refundedFen: 980 });
    const T = t.clock.now().getTime() + 3_600_000;
    const DAY = 86_400_000;
    await t.database.db.execute(sql`update claims set created_at = ${new Date(T - 7 * DAY)}, resolved_at = ${new Date(T - 30 * DAY)} where id = ${first!.body.claim.id}`);
    const factsAt = async (lineId: string, at: number) => {
      const c = await fileClaimAt(t.database.db, t.storage, t.payments, t.ctx.config, { userId: r.userId, lineId, kind: 'missing', quantity: 1, description: '少了一盒', photos: [] }, new Date(at));
      return c.facts as Record<string, number>;
    };
    const onTheLimit = await factsAt(lineIds[1], T);
    const quota = 300 + 900 * Math.min(1, Math.max(0, (onTheLimit.trust_score - 70) / 30));
    expect(onTheLimit).toMatchObject({ trust_level: 'A', instant_claims_7d: 0, instant_quota_left_yuan: quota, claims_30d: 1 });
    const justInside = await factsAt(lineIds[2], T - 1);
    expect(justInside).toMatchObject({ instant_claims_7d: 1 });
    expect(justInside.instant_quota_left_yuan).toBeCloseTo(quota - 9.8, 9);
  });
});
