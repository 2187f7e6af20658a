import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/app.js';
import { approvedBatch, assignSupplier, buildWorld, call, endorse, HOUR, idemKey, openGroupBuy, orderAndPay } from '../../testing/world.js';
import { DEFAULT_TAG_RULES } from './tags.service.js';
import { sendBirthdayGifts } from './cocreate.service.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 3 });
  for (const r of DEFAULT_TAG_RULES) await call(t, world.operator, 'POST', '/api/tag-rules', r);
});
afterAll(async () => { await t?.close(); });

const setLevel = (userId: string, level: string) => t.database.db.execute(sql`
  insert into resident_profiles (user_id, score, level, facts, computed_at) values (${userId}, 90, ${level}, '{}'::jsonb, now())
  on conflict (user_id) do update set level = excluded.level`);

describe('services by trust level', () => {
  it('trusted residents (A/B) order first during a priority window; everyone after it; nobody is shamed', async () => {
    const now = t.clock.now().getTime();
    const res = await call(t, world.leader, 'POST', `/api/communities/${world.community.id}/group-buys`, {
      items: [{ productId: world.product.id, priceFen: 3680, stockTotal: 10, perPersonLimit: 2 }], priorityMinutes: 30,
      cutoffAt: new Date(now + 5 * HOUR).toISOString(), pickupStartAt: new Date(now + 20 * HOUR).toISOString(), pickupEndAt: new Date(now + 30 * HOUR).toISOString(),
    });
    expect(res.body.priorityMinutes).toBe(30);
    await setLevel(world.residents[0].userId, 'A');
    const first = await call(t, world.residents[0], 'POST', `/api/group-buys/${res.body.id}/orders`, { quantity: 1, idempotencyKey: idemKey() });
    expect(first.status).toBe(201);
    const waiting = await call(t, world.residents[1], 'POST', `/api/group-buys/${res.body.id}/orders`, { quantity: 1, idempotencyKey: idemKey() });
    expect(waiting.status).toBe(409);
    expect(waiting.body.error.code).toBe('groupbuy.priority_window');
    expect(waiting.body.error.message).toContain('30 分钟后');
    t.clock.advance(31 * 60_000);
    expect((await call(t, world.residents[1], 'POST', `/api/group-buys/${res.body.id}/orders`, { quantity: 1, idempotencyKey: idemKey() })).status).toBe(201);
  });

  it('recommends by her tags and history, with the reason in words', async () => {
    const baby = await call(t, world.operator, 'POST', '/api/products', { name: '有机宝宝辅食米粉', spec: '250g', unit: '盒', origin: '黑龙江五常', listPriceFen: 5800 });
    await assignSupplier(t, baby.body.id, world.supplier.id);
    await approvedBatch(t, world.supplier.member, world.operator, baby.body.id);
    await endorse(t, world.leader, world.community.id, baby.body.id);
    const mom = world.residents[2];
    const first = await openGroupBuy(t, world.leader, world.community.id, baby.body.id, { priceFen: 4800 });
    await orderAndPay(t, mom, first.id, 1); // she becomes 新手妈妈
    const strawberries = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { priceFen: 3680 });
    await orderAndPay(t, world.residents[0], strawberries.id, 1);
    await orderAndPay(t, world.residents[1], strawberries.id, 1);
    const babyAgain = await openGroupBuy(t, world.leader, world.community.id, baby.body.id, { priceFen: 4800 });
    // A 团 of several items is recommended by the item that suits her, with its price and name.
    const mixed = await openGroupBuy(t, world.leader, world.community.id, [world.product.id, baby.body.id], { items: [{ priceFen: 3680 }, { priceFen: 4700 }] });

    const rec = await call(t, mom, 'GET', `/api/communities/${world.community.id}/recommendations`);
    expect(rec.status).toBe(200);
    const top = rec.body.items[0];
    expect([first.id, babyAgain.id, mixed.id]).toContain(top.groupBuyId);
    expect(top.reasons).toContain('因为你在给宝宝准备辅食');
    expect(top.reasons).toContain('你之前买过，回购方便');
    const forMixed = rec.body.items.find((i: { groupBuyId: string }) => i.groupBuyId === mixed.id);
    expect(forMixed).toMatchObject({ itemId: mixed.items[1].id, productName: '有机宝宝辅食米粉', priceFen: 4700 });
    expect(forMixed.reasons).toContain('你之前买过，回购方便');
    // A neighbour without those tags sees the popular strawberries first, and why.
    const other = await call(t, world.residents[1], 'GET', `/api/communities/${world.community.id}/recommendations`, undefined, { 'accept-language': 'en' });
    expect(other.body.items[0].groupBuyId).toBe(strawberries.id);
    expect(other.body.items[0].reasons).toContain('You bought this before');
    // Outsiders get nothing: someone who is not a member of the community is refused.
    const outsider = await call(t, await sessionCookie(t, { name: '路人' }), 'GET', `/api/communities/${world.community.id}/recommendations`);
    expect(outsider.status).toBe(403);
    expect(outsider.body.error.code).toBe('community.not_member');
  });

  it('invites trusted residents to co-create: accept while seats last, decline, others never see it', async () => {
    const [a, b, c] = world.residents;
    await setLevel(a.userId, 'A');
    await setLevel(b.userId, 'B');
    const closesAt = new Date(t.clock.now().getTime() + 7 * 24 * HOUR).toISOString();
    expect((await call(t, a, 'POST', '/api/cocreate', { title: '新品试吃', description: '试吃三款辅食', kind: 'product_test', levels: ['A'], seats: 1, closesAt })).status).toBe(403);
    const inv = await call(t, world.operator, 'POST', '/api/cocreate', { title: '新品试吃：草莓酱', description: '来试吃三款配方，选出你最喜欢的', kind: 'product_test', levels: ['A', 'B'], seats: 1, closesAt });
    expect(inv.status).toBe(201);
    expect((await call(t, a, 'GET', '/api/cocreate/mine')).body.items.map((i: { id: string }) => i.id)).toContain(inv.body.id);
    // Level D (c) is not invited and cannot tell that the invitation exists.
    expect((await call(t, c, 'GET', '/api/cocreate/mine')).body.items).toEqual([]);
    expect((await call(t, c, 'POST', `/api/cocreate/${inv.body.id}/respond`, { accept: true })).status).toBe(404);
    expect((await call(t, a, 'POST', `/api/cocreate/${inv.body.id}/respond`, { accept: true })).body.accepted).toBe(true);
    const full = await call(t, b, 'POST', `/api/cocreate/${inv.body.id}/respond`, { accept: true });
    expect(full.body.error.code).toBe('cocreate.full');
    expect((await call(t, b, 'POST', `/api/cocreate/${inv.body.id}/respond`, { accept: false })).body.accepted).toBe(false);
    expect((await call(t, a, 'GET', '/api/cocreate/mine')).body.items[0]).toMatchObject({ accepted: true, taken: 1 });
  });

  it('sends a birthday gift notice to trusted residents on the day, once', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit' }).format(t.clock.now());
    const [a, , c] = world.residents;
    expect((await call(t, a, 'PATCH', '/api/me', { birthday: '13-40' })).body.error.code).toBe('auth.birthday_invalid');
    await call(t, a, 'PATCH', '/api/me', { birthday: today });
    await call(t, c, 'PATCH', '/api/me', { birthday: today }); // level D: no gift (and nobody is told why)
    // The day before and the day after her birthday: nothing.
    expect(await sendBirthdayGifts(t.database.db, new Date(t.clock.now().getTime() - 86_400_000))).toBe(0);
    expect(await sendBirthdayGifts(t.database.db, new Date(t.clock.now().getTime() + 86_400_000))).toBe(0);
    expect(await sendBirthdayGifts(t.database.db, t.clock.now())).toBe(1);
    expect(await sendBirthdayGifts(t.database.db, t.clock.now())).toBe(0);
    const notes = await call(t, a, 'GET', '/api/notifications');
    expect(notes.body.items.map((n: { title: string }) => n.title)).toContain('生日快乐！');
  });

  it('a trusted resident who muted birthday gifts gets none on her birthday', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit' }).format(t.clock.now());
    const b = world.residents[1];
    await setLevel(b.userId, 'B');
    expect((await call(t, b, 'PUT', '/api/notifications/settings', { kinds: [{ kind: 'birthday_gift', muted: true }] })).status).toBe(200);
    await call(t, b, 'PATCH', '/api/me', { birthday: today });
    expect(await sendBirthdayGifts(t.database.db, t.clock.now())).toBe(0);
    const notes = await call(t, b, 'GET', '/api/notifications');
    expect(notes.body.items.filter((n: { kind: string }) => n.kind === 'birthday_gift')).toEqual([]);
    // Unmuted, the same run sends hers: the mute, not the level or the date, kept it quiet.
    await call(t, b, 'PUT', '/api/notifications/settings', { kinds: [{ kind: 'birthday_gift', muted: false }] });
    expect(await sendBirthdayGifts(t.database.db, t.clock.now())).toBe(1);
  });
});
