import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../testing/app.js';
import { buildWorld, call, deliverAndReceive, openGroupBuy, orderAndPay, type Actor } from '../testing/world.js';
import { UNMASKED_MOBILE } from '../testing/phone.js';

/**
 * Phone numbers stay masked to everyone but the operator: every GET endpoint the API describes is
 * walked as a leader, a resident (who bought and whose goods are ready), a neighbour and a leader of
 * another community, with every id of the world that fits its path, and no answer may carry an
 * 11-digit mainland mobile number (a masked 138****5678 is fine).
 */
const MOBILE = UNMASKED_MOBILE;
let t: TestApp;
let w: Awaited<ReturnType<typeof buildWorld>>;
let otherLeader: Actor;
const ids: Record<string, string[]> = {};
let date = '';

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t, { residents: 2 });
  otherLeader = await sessionCookie(t, { name: '别的团长' });
  const other = await call(t, w.operator, 'POST', '/api/communities', { name: '别处', address: 'x', timeZone: 'Asia/Shanghai', pickupPointName: 'a', pickupPointAddress: 'b', pickupHours: '08:00-20:00' });
  await call(t, w.operator, 'POST', `/api/communities/${other.body.id}/leaders`, { phone: otherLeader.phone, name: '李叔', title: '' });
  // Names that look like nothing but a phone never get in; a resident's name was her phone before this rule.
  await t.database.db.execute(sql`update users set name = phone where id = ${w.residents[1].userId}`);
  await t.database.db.execute(sql`update memberships set display_name = '' where user_id = ${w.residents[1].userId}`);
  const first = await orderAndPay(t, w.residents[0], w.groupBuy.id, 1);
  const gb2 = await openGroupBuy(t, w.leader, w.community.id, w.product.id, { stock: 10 });
  const second = await orderAndPay(t, w.residents[0], gb2.id, 1);
  const third = await orderAndPay(t, w.residents[1], gb2.id, 2);
  await call(t, w.leader, 'PUT', `/api/communities/${w.community.id}/members/${w.residents[0].userId}/note`, { note: '放一楼' });
  await deliverAndReceive(t, w.leader, gb2.id);
  date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(gb2.pickupStartAt));
  const q = async <T>(query: ReturnType<typeof sql>) => ((await t.database.db.execute(query)) as unknown as { rows: T[] }).rows;
  Object.assign(ids, {
    communities: [w.community.id, other.body.id],
    'group-buys': [w.groupBuy.id, gb2.id],
    products: [w.product.id],
    orders: [first.id, second.id, third.id],
    'order-lines': [first.lines[0].id, third.lines[0].id],
    payments: (await q<{ id: string }>(sql`select id from payments`)).map((r) => r.id),
    'purchase-orders': (await q<{ id: string }>(sql`select id from purchase_orders`)).map((r) => r.id),
    batches: [w.batch.id],
    suppliers: [w.supplier.id],
    leaders: [w.leader.userId],
    invites: [w.community.inviteCode],
    trace: (await q<{ code: string }>(sql`select code from batches`)).map((r) => r.code),
  });
});
afterAll(() => t.close());

/** The concrete URLs of a described path: each id that fits its first segment. */
function urlsOf(path: string): string[] {
  const segment = path.split('/')[2];
  const pool = ids[segment] ?? Object.values(ids).flat();
  let urls = [path];
  for (const param of path.match(/\{\w+\}/g) ?? []) {
    const values = param === '{userId}' ? [w.leader.userId, w.residents[0].userId] : pool;
    urls = urls.flatMap((u) => values.map((v) => u.replace(param, v)));
  }
  return urls.map((u) => (/pick-list|labels/.test(u) ? `${u}?date=${date}` : u));
}

describe('no phone number in any answer to a leader or a resident', () => {
  it('walks every GET endpoint as each role: no full mobile number, and the walk really reads data', async () => {
    const doc = t.app.swagger() as unknown as { paths: Record<string, { get?: unknown }> };
    const paths = Object.entries(doc.paths).filter(([, item]) => item.get).map(([p]) => p);
    expect(paths.length).toBeGreaterThan(60);
    const actors: [string, Actor][] = [['leader', w.leader], ['buyer', w.residents[0]], ['neighbour', w.residents[1]], ['other leader', otherLeader]];
    const leaks: string[] = [];
    let answered = 0;
    for (const path of paths) {
      for (const url of urlsOf(path)) {
        for (const [who, actor] of actors) {
          const res = await t.app.inject({ method: 'GET', url, headers: { cookie: actor.cookie } });
          if (res.statusCode !== 200) continue;
          answered += 1;
          const body = /spreadsheet|octet-stream|image\/|pdf/.test(String(res.headers['content-type'])) ? '' : res.body;
          const found = body.match(MOBILE);
          if (found) leaks.push(`${who} GET ${url}: ${found[0]}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(answered).toBeGreaterThan(80);
  });

  it('masks a phone written into her own name, even to herself; the pattern does catch a real number', async () => {
    const me = await call(t, w.residents[1], 'GET', '/api/me');
    expect(me.status).toBe(200);
    // Her name is her phone (set above): every answer masks it, even to herself.
    expect(me.body.user.name).toBe(`${w.residents[1].phone.slice(0, 3)}****${w.residents[1].phone.slice(7)}`);
    expect(JSON.stringify(me.body)).not.toMatch(MOBILE);
    expect(MOBILE.test(`x${w.residents[1].phone}x`)).toBe(true);
  });
});
