import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/app.js';
import { buildWorld, call, joinedResident, openGroupBuy, orderAndPay, sellableProduct, type Actor } from '../../testing/world.js';
import { databaseFingerprint } from '../../testing/fingerprint.js';
import { deliverRestockAlerts } from './restock-alerts.service.js';
import { likePattern } from './search.service.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildWorld>>;
let r: Actor[];
let mixed: { id: string; items: { id: string }[] };
let juice: { id: string; items: { id: string }[] };
let otherGb: { id: string; items: { id: string }[] };
let closedGb: { id: string };
const search = (q: string, actor: Actor = r[0]) => call(t, actor, 'GET', `/api/communities/${w.community.id}/search?q=${encodeURIComponent(q)}`);
const names = (res: { body: { items: { productName: string }[] } }) => res.body.items.map((i) => i.productName);
const notices = async (userId: string) => ((await t.database.db.execute(sql`select body from notifications where kind = 'restock' and user_id = ${userId}`)) as unknown as { rows: { body: string }[] }).rows;
/** Adds stock the way a leader does (PATCH the item's total), as `actor`; answers the HTTP response. */
async function restockAs(actor: Actor, itemId: string, quantity: number) {
  const [item] = ((await t.database.db.execute(sql`select group_buy_id, stock_total from group_buy_items where id = ${itemId}`)) as unknown as { rows: { group_buy_id: string; stock_total: number }[] }).rows;
  return call(t, actor, 'PATCH', `/api/group-buys/${item.group_buy_id}/items/${itemId}`, { stockTotal: item.stock_total + quantity });
}
const restock = async (itemId: string, quantity: number) => { const res = await restockAs(w.leader, itemId, quantity); expect(res.status).toBe(200); };

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t, { residents: 3 });
  r = w.residents;
  const dandong = await sellableProduct(t, w, '丹东草莓');
  const eggs = await sellableProduct(t, w, '土鸡蛋');
  const pure = await sellableProduct(t, w, '99%纯果汁');
  mixed = await openGroupBuy(t, w.leader, w.community.id, [eggs.id, dandong.id], { items: [{ stock: 20 }, { stock: 1, limit: 1 }] });
  juice = await openGroupBuy(t, w.leader, w.community.id, pure.id, { stock: 1, limit: 1 });
  closedGb = await openGroupBuy(t, w.leader, w.community.id, dandong.id);
  await call(t, w.leader, 'POST', `/api/group-buys/${closedGb.id}/close`);
  // Another community sells strawberries too.
  const c = await call(t, w.operator, 'POST', '/api/communities', { name: '别处', address: 'x', timeZone: 'Asia/Shanghai', pickupPointName: 'a', pickupPointAddress: 'b', pickupHours: '08:00-20:00' });
  const otherLeader = await joinedResident(t, c.body, '李叔');
  await call(t, w.operator, 'POST', `/api/communities/${c.body.id}/leaders`, { phone: otherLeader.phone, name: '李叔', title: '' });
  await call(t, otherLeader, 'POST', `/api/communities/${c.body.id}/endorsements`, { productId: dandong.id, rating: 5, story: '我自己先买了两盒试吃，酸甜适中，个头均匀。' });
  otherGb = await openGroupBuy(t, otherLeader, c.body.id, dandong.id, { stock: 1, limit: 1 });
  // The last strawberry box of the mixed group buy and the only juice are sold.
  await call(t, r[2], 'POST', `/api/communities/${w.community.id}/checkout`, { lines: [{ itemId: mixed.items[1].id, quantity: 1 }], idempotencyKey: 'k-sold-1' })
    .then((p) => call(t, r[2], 'POST', `/api/payments/${p.body.payment.paymentId}/sandbox-confirm`));
  await orderAndPay(t, r[2], juice.id, 1);
});
afterAll(async () => { await t?.close(); });

describe('residents search their community’s open group buys', () => {
  it('matches a two-character word inside a longer Chinese name, names and titles first', async () => {
    const res = await search('草莓');
    expect(res.status).toBe(200);
    expect(names(res).sort()).toEqual(['丹东草莓', '有机草莓']);
    // 丹东 is in one product's name and in the other's origin (辽宁丹东): the name match ranks first.
    const dd = await search('丹东');
    expect(dd.body.items.map((i: { productName: string; matchedIn: string }) => [i.productName, i.matchedIn])).toEqual([['丹东草莓', 'name'], ['有机草莓', 'details']]);
  });

  it('finds by the note, and says what is sold out', async () => {
    // Every group buy here carries the note 我自己先试吃了: all open items, the closed one not.
    const res = await search('试吃');
    expect(names(res).sort()).toEqual(['99%纯果汁', '丹东草莓', '土鸡蛋', '有机草莓']);
    expect(res.body.items.every((i: { matchedIn: string }) => i.matchedIn === 'details')).toBe(true);
    const sold = (await search('丹东草莓')).body.items[0];
    expect(sold).toMatchObject({ productName: '丹东草莓', soldOut: true, stockAvailable: 0, alert: 'none', groupBuyId: mixed.id });
  });

  it('treats % and _ as the characters they are', async () => {
    expect(likePattern('99%_\\')).toBe('%99\\%\\_\\\\%');
    expect(names(await search('99%'))).toEqual(['99%纯果汁']);
    expect(names(await search('%'))).toEqual(['99%纯果汁']);
    expect(names(await search('_'))).toEqual([]);
  });

  it('never shows another community’s items, nor closed group buys', async () => {
    const res = await search('丹东草莓');
    expect(res.body.items.map((i: { groupBuyId: string }) => i.groupBuyId)).toEqual([mixed.id]);
    expect(res.body.items.some((i: { groupBuyId: string }) => i.groupBuyId === otherGb.id || i.groupBuyId === closedGb.id)).toBe(false);
  });

  it('refuses an empty or overlong query with a clear message', async () => {
    const empty = await search('   ');
    expect(empty.status).toBe(400);
    expect(empty.body.error).toEqual({ code: 'search.query_empty', message: '请输入要找的商品或团购名称' });
    const long = await search('草'.repeat(31));
    expect(long.body.error).toMatchObject({ code: 'search.query_too_long', message: '搜索词太长了，最多 30 个字' });
    const outsider = await sessionCookie(t, { name: '外人' });
    expect((await search('草莓', outsider)).status).toBe(403);
  });
});

describe('到货提醒 on a sold-out item', () => {
  const alertUrl = (itemId: string) => `/api/group-buy-items/${itemId}/restock-alert`;

  it('subscribes once per item and resident, and can be cancelled', async () => {
    const a = await call(t, r[0], 'POST', alertUrl(mixed.items[1].id));
    const b = await call(t, r[0], 'POST', alertUrl(mixed.items[1].id));
    expect([a.status, a.body, b.body]).toEqual([200, { itemId: mixed.items[1].id, status: 'waiting' }, { itemId: mixed.items[1].id, status: 'waiting' }]);
    await call(t, r[1], 'POST', alertUrl(mixed.items[1].id));
    expect((await call(t, r[1], 'DELETE', alertUrl(mixed.items[1].id))).body.status).toBe('cancelled');
    const rows = await t.database.db.execute(sql`select user_id, status from restock_alerts where item_id = ${mixed.items[1].id}`) as unknown as { rows: unknown[] };
    expect(rows.rows.length).toBe(2);
    expect((await search('丹东草莓')).body.items[0].alert).toBe('waiting');
  });

  it('refuses an item still in stock or of another community, changing nothing', async () => {
    const before = await databaseFingerprint(t);
    const inStock = await call(t, r[0], 'POST', alertUrl(mixed.items[0].id));
    expect(inStock.status).toBe(409);
    expect(inStock.body.error).toEqual({ code: 'groupbuy.restock_alert_not_sold_out', message: '这件商品还有货，直接下单就好，不用登记到货提醒' });
    const foreign = await call(t, r[0], 'POST', alertUrl(otherGb.items[0].id));
    expect(foreign.status).toBe(403);
    const missing = await call(t, r[0], 'POST', alertUrl('00000000-0000-4000-8000-000000000000'));
    expect(missing.status).toBe(404);
    expect(await databaseFingerprint(t)).toEqual(before);
  });

  it('tells each waiting subscriber once when stock is added, not the one who cancelled', async () => {
    await restock(mixed.items[1].id, 2);
    expect(await deliverRestockAlerts(t.database.db, t.clock.now())).toEqual({ events: 1, told: 1 });
    expect((await notices(r[0].userId)).map((n) => n.body)).toEqual(['你登记了到货提醒的「土鸡蛋、丹东草莓」丹东草莓 又有货了（剩 2 份），要的话抓紧下单。']);
    expect(await notices(r[1].userId)).toEqual([]);
    // Running again, or restocking again, tells nobody twice.
    expect((await deliverRestockAlerts(t.database.db, t.clock.now())).told).toBe(0);
    await restock(mixed.items[1].id, 1);
    expect((await deliverRestockAlerts(t.database.db, t.clock.now())).told).toBe(0);
    expect((await notices(r[0].userId)).length).toBe(1);
    expect((await search('丹东草莓')).body.items[0].alert).toBe('notified');
  });

  it('tells nobody when the group buy closed before the restock was read', async () => {
    expect((await call(t, r[1], 'POST', alertUrl(juice.items[0].id))).body.status).toBe('waiting');
    await restock(juice.items[0].id, 3);
    await call(t, w.leader, 'POST', `/api/group-buys/${juice.id}/close`);
    expect(await deliverRestockAlerts(t.database.db, t.clock.now())).toEqual({ events: 1, told: 0 });
    expect(await notices(r[1].userId)).toEqual([]);
    const [row] = ((await t.database.db.execute(sql`select status from restock_alerts where item_id = ${juice.items[0].id}`)) as unknown as { rows: { status: string }[] }).rows;
    expect(row.status).toBe('expired');
  });

  it('tells nobody when stock is refused: a closed group buy, or a resident trying to add stock', async () => {
    const before = await databaseFingerprint(t);
    expect((await restockAs(w.leader, juice.items[0].id, 1)).body.error.code).toBe('groupbuy.not_live');
    expect([403, 404]).toContain((await restockAs(r[0], mixed.items[0].id, 1)).status);
    expect(await databaseFingerprint(t)).toEqual(before);
  });
});
