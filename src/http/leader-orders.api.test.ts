import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp } from '../testing/app.js';
import { call, HOUR } from '../testing/world.js';
import { aggregate, closedGroupBuy, confirmPo, fulfilmentWorld, paidBasket, poLineOf, rows, type FWorld, type Gb } from '../testing/fulfilment-fixtures.js';
import { databaseFingerprint } from '../testing/fingerprint.js';
import { neutraliseFormula } from '../queries/leader-orders-export.js';

/**
 * 王叔's order list over a small week: 李阿姨 bought from two group buys of one pickup day in one
 * basket, 张大哥 one line of the first, 小林 from next day's group buy at the second pickup point.
 * Every filter is asked a question whose wrong answer would differ from the right one.
 */
let t: TestApp;
let w: FWorld;
let gbA: Gb; let gbB: Gb; let gbC: Gb;
let li: Awaited<ReturnType<typeof paidBasket>>;
let zhang: Awaited<ReturnType<typeof paidBasket>>;
let lin: Awaited<ReturnType<typeof paidBasket>>;
let day1: string; let day2: string;
let firstPoint: string; let secondPoint: string;
let base: string;

const TZ = 'Asia/Shanghai';
const dayOf = (d: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: TZ }).format(d);
const at = (day: string, hm: string) => new Date(`${day}T${hm}:00+08:00`);
const get = (query = '') => call(t, w.leader, 'GET', `${base}${query ? `?${query}` : ''}`);
const orderIdsOf = (body: { items: { orderId: string }[] }) => body.items.map((o) => o.orderId);

beforeAll(async () => {
  t = await createTestApp();
  w = await fulfilmentWorld(t, ['李阿姨', '张大哥', '小林']);
  base = `/api/communities/${w.community.id}/leader-orders`;
  gbA = await closedGroupBuy(t, w, { title: '周末鲜货团', items: [{ product: 0, priceFen: 3000 }, { product: 1, priceFen: 1500 }] });
  gbB = await closedGroupBuy(t, w, { title: '牛奶团', items: [{ product: 2, priceFen: 1200 }] });
  gbC = await closedGroupBuy(t, w, { title: '下周水果团', items: [{ product: 0, priceFen: 2800 }] });
  // Fixed pickup windows: gbA and gbB tomorrow (A ends at noon, B in the evening), gbC the day after.
  day1 = dayOf(new Date(t.clock.now().getTime() + 24 * HOUR));
  day2 = dayOf(new Date(t.clock.now().getTime() + 48 * HOUR));
  for (const [gb, start, end] of [[gbA, at(day1, '08:00'), at(day1, '12:00')], [gbB, at(day1, '09:00'), at(day1, '20:00')], [gbC, at(day2, '09:00'), at(day2, '20:00')]] as const) {
    await t.database.db.execute(sql`update group_buys set pickup_start_at = ${start}, pickup_end_at = ${end} where id = ${gb.id}`);
  }
  li = await paidBasket(t, w, w.residents[0], [{ item: gbA.items[0], groupBuyId: gbA.id, quantity: 2 }, { item: gbB.items[0], groupBuyId: gbB.id, quantity: 1 }]);
  zhang = await paidBasket(t, w, w.residents[1], [{ item: gbA.items[1], groupBuyId: gbA.id, quantity: 1 }]);
  lin = await paidBasket(t, w, w.residents[2], [{ item: gbC.items[0], groupBuyId: gbC.id, quantity: 3 }]);
  // Names and 门牌 as the members' profiles hold them; 张大哥's order was placed at 00:30 Beijing time (still the 11th in UTC).
  for (const [r, name, door] of [[w.residents[0], '李阿姨', '3-201'], [w.residents[1], '张大哥', '5-1102'], [w.residents[2], '小林', '3-502']] as const) {
    await t.database.db.execute(sql`update memberships set display_name = ${name}, door_number = ${door} where community_id = ${w.community.id} and user_id = ${r.userId}`);
  }
  await t.database.db.execute(sql`update orders set created_at = ${at('2026-01-10', '10:00')} where id = ${li.orderId}`);
  await t.database.db.execute(sql`update orders set created_at = ${at('2026-01-12', '00:30')} where id = ${zhang.orderId}`);
  await t.database.db.execute(sql`update orders set created_at = ${at('2026-01-13', '18:00')} where id = ${lin.orderId}`);
  [{ id: firstPoint }] = await rows<{ id: string }>(t, sql`select id from pickup_points where community_id = ${w.community.id} order by position, created_at limit 1`);
  [{ id: secondPoint }] = await rows<{ id: string }>(t, sql`insert into pickup_points (community_id, name, address, hours, position) values (${w.community.id}, '5 号楼快递柜', '5 号楼东侧', '08:00-20:00', 1) returning id`);
  // 小林 chose the second point at checkout; the others' orders carry none (the community's first point).
  await t.database.db.execute(sql`update orders set pickup_point_id = ${secondPoint} where id = ${lin.orderId}`);
});

afterAll(async () => { await t?.close(); });

describe('the leader\'s order list', () => {
  it('lists every order newest first, with counts and totals over the whole filter', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(orderIdsOf(res.body)).toEqual([lin.orderId, zhang.orderId, li.orderId]);
    expect(res.body.totals).toEqual({ orders: 3, lines: 4, households: 3, units: 7, amountFen: 2 * 3000 + 1200 + 1500 + 3 * 2800 });
    const liRow = res.body.items[2];
    expect(liRow).toMatchObject({ displayName: '李阿姨', doorNumber: '3-201', phoneTail: w.residents[0].phone.slice(-4), pickupPointId: firstPoint, groupNumbers: [1], amountFen: 7200 });
    expect(liRow.lines.map((l: { title: string; quantity: number }) => `${l.title}×${l.quantity}`)).toEqual(['周末鲜货团×2', '牛奶团×1']);
  });

  it('never shows a whole phone number', async () => {
    const res = await call(t, w.leader, 'GET', base);
    const text = JSON.stringify(res.body);
    for (const r of w.residents) expect(text).not.toContain(r.phone);
  });

  it('filters by group buy, showing only that group buy\'s lines of a mixed basket', async () => {
    const res = await get(`groupBuyId=${gbB.id}`);
    expect(orderIdsOf(res.body)).toEqual([li.orderId]);
    expect(res.body.items[0].lines.map((l: { title: string }) => l.title)).toEqual(['牛奶团']);
    expect(res.body.totals).toMatchObject({ orders: 1, lines: 1, amountFen: 1200 });
  });

  it('filters by 跟团号, alone and within a group buy', async () => {
    expect(orderIdsOf((await get('groupNumber=2')).body)).toEqual([zhang.orderId]);
    expect(orderIdsOf((await get('groupNumber=1')).body)).toEqual([lin.orderId, li.orderId]);
    expect(orderIdsOf((await get(`groupNumber=1&groupBuyId=${gbC.id}`)).body)).toEqual([lin.orderId]);
  });

  it('filters by display name', async () => {
    expect(orderIdsOf((await get(`name=${encodeURIComponent('大哥')}`)).body)).toEqual([zhang.orderId]);
    expect(orderIdsOf((await get(`name=${encodeURIComponent('%')}`)).body)).toEqual([]);
  });

  it('filters by the day ordered in the community\'s time zone, and refuses a backwards range', async () => {
    expect(orderIdsOf((await get('from=2026-01-12&to=2026-01-12')).body)).toEqual([zhang.orderId]);
    expect(orderIdsOf((await get('from=2026-01-11')).body)).toEqual([lin.orderId, zhang.orderId]);
    expect(orderIdsOf((await get('to=2026-01-11')).body)).toEqual([li.orderId]);
    const bad = await get('from=2026-01-12&to=2026-01-10');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'leader_orders.range_invalid', message: '开始日期不能晚于结束日期' });
  });

  it('filters by pickup day', async () => {
    expect(orderIdsOf((await get(`pickupDate=${day2}`)).body)).toEqual([lin.orderId]);
    expect((await get(`pickupDate=${day1}`)).body.totals).toMatchObject({ orders: 2, lines: 3 });
  });

  it('filters by pickup point, an order without one counting as the community\'s first point', async () => {
    expect(orderIdsOf((await get(`pickupPointId=${secondPoint}`)).body)).toEqual([lin.orderId]);
    const first = (await get(`pickupPointId=${firstPoint}`)).body;
    expect(orderIdsOf(first)).toEqual([zhang.orderId, li.orderId]);
    expect(first.items[0].pickupPointName).toBe('1 号楼驿站');
  });

  it('searches display name, 门牌, 跟团号 and product', async () => {
    const q = async (s: string) => orderIdsOf((await get(`q=${encodeURIComponent(s)}`)).body);
    expect(await q('阿姨')).toEqual([li.orderId]);
    expect(await q('3-')).toEqual([lin.orderId, li.orderId]);
    expect(await q('1102')).toEqual([zhang.orderId]);
    expect(await q('#2')).toEqual([zhang.orderId]);
    expect(await q('牛奶')).toEqual([li.orderId]);
    expect(await q('草莓')).toEqual([lin.orderId, li.orderId]);
    const milk = (await get(`q=${encodeURIComponent('牛奶')}`)).body.items[0];
    expect(milk.lines.map((l: { productName: string }) => l.productName)).toEqual(['鲜牛奶']);
  });

  it('pages through orders, totals staying those of the whole filter', async () => {
    const p1 = (await get('pageSize=2&page=1')).body;
    const p2 = (await get('pageSize=2&page=2')).body;
    expect(orderIdsOf(p1)).toEqual([lin.orderId, zhang.orderId]);
    expect(orderIdsOf(p2)).toEqual([li.orderId]);
    expect([p1.pages, p1.totals.orders, p2.totals.orders]).toEqual([2, 3, 3]);
  });

  it('offers his group buys and pickup points as filter chips', async () => {
    const res = await call(t, w.leader, 'GET', `${base}/filters`);
    expect(res.status).toBe(200);
    expect(res.body.groupBuys.map((g: { title: string }) => g.title)).toEqual(['下周水果团', '牛奶团', '周末鲜货团']);
    expect(res.body.pickupPoints.map((p: { name: string }) => p.name)).toEqual(['1 号楼驿站', '5 号楼快递柜']);
  });
});

describe('printing a pickup day', () => {
  it('makes a bag label per household and group buy and one slip per household across group buys', async () => {
    const res = await call(t, w.leader, 'GET', `${base}/print?pickupDate=${day1}`);
    expect(res.status).toBe(200);
    // A bag label is read by whoever stands at the shelf: masked name, no 门牌.
    expect(res.body.labels.map((l: { title: string; displayName: string; groupNumbers: number[] }) => `${l.title}#${l.groupNumbers.join(',')} ${l.displayName}`))
      .toEqual(['牛奶团#1 李**', '周末鲜货团#1 李**', '周末鲜货团#2 张**']);
    expect(JSON.stringify(res.body.labels)).not.toMatch(/3-201|5-1102|李阿姨/);
    expect(res.body.slips).toHaveLength(2);
    const liSlip = res.body.slips.find((s: { displayName: string }) => s.displayName === '李阿姨');
    expect(liSlip).toMatchObject({ doorNumber: '3-201', units: 3, pickupPointName: '1 号楼驿站' });
    expect(liSlip.items.map((i: { productName: string; quantity: number }) => `${i.productName}×${i.quantity}`).sort()).toEqual(['有机草莓×2', '鲜牛奶×1']);
    expect(liSlip.groupNumbers).toEqual(expect.arrayContaining([{ title: '周末鲜货团', groupNumber: 1 }, { title: '牛奶团', groupNumber: 1 }]));
    for (const r of w.residents) expect(JSON.stringify(res.body)).not.toContain(r.phone);
  });

  it('prints only the selected orders when he selected some', async () => {
    const res = await call(t, w.leader, 'GET', `${base}/print?pickupDate=${day1}&orderIds=${zhang.orderId}`);
    expect(res.body.labels.map((l: { displayName: string }) => l.displayName)).toEqual(['张**']);
    expect(res.body.slips.map((s: { displayName: string }) => s.displayName)).toEqual(['张大哥']);
    const bad = await call(t, w.leader, 'GET', `${base}/print?pickupDate=${day1}&orderIds=not-an-id`);
    expect(bad.status).toBe(400);
  });
});

/** A tiny RFC 4180 reader: quoted fields, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = []; let cell = ''; let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\r') { /* CRLF */ } else if (c === '\n') { row.push(cell); out.push(row); row = []; cell = ''; } else cell += c;
  }
  if (cell || row.length) { row.push(cell); out.push(row); }
  return out;
}

async function xlsxRows(bytes: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const rowsOut: string[][] = [];
  wb.worksheets[0].eachRow((r) => { rowsOut.push((r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))); });
  return rowsOut;
}

describe('exports', () => {
  const download = (format: 'xlsx' | 'csv', query: string) => t.app.inject({ method: 'GET', url: `${base}.${format}?${query}`, headers: { cookie: w.leader.cookie } });

  it('exports exactly the filtered lines as .xlsx and as CSV with a BOM', async () => {
    const query = `pickupDate=${day1}`;
    const list = (await get(query)).body;
    const expected = list.items.flatMap((o: { displayName: string; doorNumber: string; lines: { groupNumber: number; title: string; productName: string; quantity: number }[] }) =>
      o.lines.map((l) => [String(l.groupNumber), l.title, l.productName, String(l.quantity), o.displayName, o.doorNumber]));
    const pick = (r: string[]) => [r[1], r[2], r[3], r[5], r[9], r[10]];

    const x = await download('xlsx', query);
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const xr = await xlsxRows(x.rawPayload);
    expect(xr[0].slice(0, 6)).toEqual(['下单时间', '跟团号', '团购', '商品', '规格', '数量']);
    expect(xr.slice(1).map(pick)).toEqual(expected);

    const c = await download('csv', query);
    expect(c.statusCode).toBe(200);
    expect([...c.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const cr = parseCsv(c.rawPayload.subarray(3).toString('utf8'));
    expect(cr[0]).toEqual(xr[0]);
    expect(cr.slice(1).map(pick)).toEqual(expected);
    for (const r of w.residents) {
      expect(c.rawPayload.toString('utf8')).not.toContain(r.phone);
      expect(JSON.stringify(xr)).not.toContain(r.phone);
    }
    expect(xr.slice(1).every((r) => /^\*\*\*\*\d{4}$/.test(r[11]))).toBe(true);
  });

  it('neutralises text a spreadsheet would run as a formula', async () => {
    expect(['=1+1', '+86', '-2', '@SUM(A1)', '\tx', '李阿姨', '3-201'].map(neutraliseFormula)).toEqual(["'=1+1", "'+86", "'-2", "'@SUM(A1)", "'\tx", '李阿姨', '3-201']);
    await t.database.db.execute(sql`update memberships set display_name = '=HYPERLINK("http://evil.example","点我")', door_number = '@SUM(A1)' where community_id = ${w.community.id} and user_id = ${w.residents[1].userId}`);
    try {
      const query = `groupBuyId=${gbA.id}&groupNumber=2`;
      const cr = parseCsv((await download('csv', query)).rawPayload.subarray(3).toString('utf8'));
      expect(cr[1][9]).toBe('\'=HYPERLINK("http://evil.example","点我")');
      expect(cr[1][10]).toBe("'@SUM(A1)");
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await download('xlsx', query)).rawPayload as unknown as ArrayBuffer);
      const cell = wb.worksheets[0].getRow(2).getCell(10);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe('\'=HYPERLINK("http://evil.example","点我")');
      expect(wb.worksheets[0].getRow(2).getCell(11).value).toBe("'@SUM(A1)");
    } finally {
      await t.database.db.execute(sql`update memberships set display_name = '张大哥', door_number = '5-1102' where community_id = ${w.community.id} and user_id = ${w.residents[1].userId}`);
    }
  });
});

describe('arrival of several group buys at once', () => {
  it('receives what was delivered for each group buy and reports each one', async () => {
    await aggregate(t, [gbA.id, gbB.id, gbC.id]);
    for (const po of new Set((await rows<{ po: string }>(t, sql`select distinct purchase_order_id as po from purchase_order_lines where community_id = ${w.community.id}`)).map((r) => r.po))) await confirmPo(t, w, po);
    // The operator recorded delivery of gbA and gbB; gbC's goods have not come.
    for (const it of [...gbA.items, ...gbB.items]) {
      const l = await poLineOf(t, it.id);
      expect((await call(t, w.operator, 'POST', `/api/purchase-order-lines/${l.id}/delivery`, { quantityDelivered: l.quantity_ordered })).status).toBe(200);
    }
    const res = await call(t, w.leader, 'POST', `${base}/arrival`, { groupBuyIds: [gbA.id, gbB.id, gbC.id] });
    expect(res.status).toBe(200);
    expect(res.body.items.map((r: { title: string; outcome: string; receivedLines: number; readyLines: number; groupBuyArrived: boolean }) => [r.title, r.outcome, r.receivedLines, r.readyLines, r.groupBuyArrived]))
      .toEqual([['周末鲜货团', 'received', 2, 2, true], ['牛奶团', 'received', 1, 1, true], ['下周水果团', 'awaiting_delivery', 0, 0, false]]);
    const statuses = await rows<{ id: string; status: string }>(t, sql`select id, status from order_lines where community_id = ${w.community.id} order by id`);
    const byId = new Map(statuses.map((s) => [s.id, s.status]));
    expect([...li.lineIds, ...zhang.lineIds].map((id) => byId.get(id))).toEqual(['ready_for_pickup', 'ready_for_pickup', 'ready_for_pickup']);
    expect(byId.get(lin.lineIds[0])).toBe('confirmed');
  });

  it('a second time changes nothing and says they were already received', async () => {
    const before = await databaseFingerprint(t);
    const res = await call(t, w.leader, 'POST', `${base}/arrival`, { groupBuyIds: [gbA.id] });
    expect(res.body.items[0]).toMatchObject({ outcome: 'already_received', receivedLines: 0 });
    expect(await databaseFingerprint(t)).toEqual(before);
  });

  it('refuses a group buy of another community before receiving anything', async () => {
    const other = await fulfilmentWorld(t, ['别人']);
    const foreign = await closedGroupBuy(t, other, { title: '别处的团' });
    const before = await databaseFingerprint(t);
    const res = await call(t, w.leader, 'POST', `${base}/arrival`, { groupBuyIds: [gbC.id, foreign.id] });
    expect(res.status).toBe(404);
    expect(await databaseFingerprint(t)).toEqual(before);
  });
});

describe('filters that follow the goods', () => {
  it('filters by status', async () => {
    expect(orderIdsOf((await get('status=ready_for_pickup')).body)).toEqual([zhang.orderId, li.orderId]);
    expect(orderIdsOf((await get('status=confirmed')).body)).toEqual([lin.orderId]);
    expect((await get('status=shipped')).status).toBe(400);
  });

  it('shows as not collected only goods whose pickup window has ended', async () => {
    expect((await get('notCollected=true')).body.items).toEqual([]);
    t.clock.advance(at(day1, '15:00').getTime() - t.clock.now().getTime());
    const res = (await get('notCollected=true')).body;
    expect(orderIdsOf(res)).toEqual([zhang.orderId, li.orderId]);
    // 李阿姨's milk (牛奶团, until 20:00) is still in its window: only her strawberries show.
    expect(res.items[1].lines.map((l: { title: string }) => l.title)).toEqual(['周末鲜货团']);
    expect(res.totals).toMatchObject({ lines: 2, units: 3 });
  });
});
