// Issue #10: nothing the leader holds can stand in for the resident. Every string on the pick list
// (page and .xlsx), the bag labels and the pending list is tried at the hand-over: none verifies
// or even looks anything up, and nothing changes. Her own current code still works afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { call, HOUR } from '../../testing/world.js';
import { FAILURE_WINDOW_MS, MAX_FAILURES } from './handover.service.js';
import { closedGroupBuy, codeOf, deliverAndReceive, fulfilmentWorld, handoverCounts, paidBasket, type FWorld } from '../../testing/fulfilment-fixtures.js';

let t: TestApp;
let w: FWorld;
beforeAll(async () => {
  t = await createTestApp();
  w = await fulfilmentWorld(t, ['李阿姨', '张大哥', '小林']);
});
afterAll(async () => { await t?.close(); });

/** Every string and number in a JSON value, and every whitespace- or punctuation-separated piece of them. */
function strings(value: unknown, out = new Set<string>()): Set<string> {
  if (value === null || value === undefined) return out;
  if (typeof value === 'string' || typeof value === 'number') {
    const s = String(value);
    out.add(s);
    for (const piece of s.split(/[\s,，、:：|/#×()（）]+/)) if (piece) out.add(piece);
    return out;
  }
  if (Array.isArray(value)) { for (const v of value) strings(v, out); return out; }
  if (typeof value === 'object') { for (const v of Object.values(value as object)) strings(v, out); }
  return out;
}

describe('nothing the leader holds verifies anything', () => {
  it('tries every string of the pick list, the .xlsx, the labels and the pending list at lookup and verify', async () => {
    const [li, zhang, lin] = w.residents;
    const gb = await closedGroupBuy(t, w, { title: '周末鲜货团', items: [{ product: 0, priceFen: 3000 }, { product: 1, priceFen: 1500 }, { product: 2, priceFen: 1280 }] });
    await paidBasket(t, w, li, [{ item: gb.items[0], groupBuyId: gb.id, quantity: 2 }, { item: gb.items[1], groupBuyId: gb.id, quantity: 1 }, { item: gb.items[2], groupBuyId: gb.id, quantity: 1 }]);
    await paidBasket(t, w, zhang, [{ item: gb.items[0], groupBuyId: gb.id, quantity: 1 }]);
    await paidBasket(t, w, lin, [{ item: gb.items[2], groupBuyId: gb.id, quantity: 3 }]);
    await deliverAndReceive(t, w, [gb], { intoWindow: true });
    // Every resident has opened her code page (so each has a secret and a live code right now), and
    // 代取 passes exist: the strings below must match none of them.
    for (const r of w.residents) await codeOf(t, r, w.community.id);
    await call(t, li, 'POST', `/api/communities/${w.community.id}/pickup-passes`, { collector: '邻居小王' });

    const cid = w.community.id;
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(gb.pickupStartAt);
    const pick = await call(t, w.leader, 'GET', `/api/communities/${cid}/pick-list?date=${date}`);
    const labels = await call(t, w.leader, 'GET', `/api/communities/${cid}/labels?date=${date}`);
    const pending = await call(t, w.leader, 'GET', `/api/communities/${cid}/pickups/pending`);
    const pendingEn = await call(t, w.leader, 'GET', `/api/communities/${cid}/pickups/pending`, undefined, { 'accept-language': 'en' });
    const deliveries = await call(t, w.leader, 'GET', `/api/communities/${cid}/deliveries`);
    expect([pick.status, labels.status, pending.status, deliveries.status]).toEqual([200, 200, 200, 200]);
    expect(pick.body.residents).toHaveLength(3);
    expect(labels.body.labels).toHaveLength(3);
    expect(pending.body.households).toHaveLength(3);
    const xlsx = await t.app.inject({ method: 'GET', url: `/api/communities/${cid}/pick-list.xlsx?date=${date}`, headers: { cookie: w.leader.cookie } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => { cells.push(String(cell.value)); })));
    expect(cells).toContain(pick.body.residents[0].name);

    const candidates = strings([pick.body, labels.body, pending.body, pendingEn.body, deliveries.body, cells]);
    // Also the numbers as a leader might type them off the page (跟团号 padded to eight digits, etc.).
    for (const s of [...candidates]) if (/^\d{1,8}$/.test(s)) candidates.add(s.padStart(8, '0'));
    expect(candidates.size).toBeGreaterThan(100);

    const before = await handoverCounts(t, cid);
    let wellFormedFailures = 0;
    const outcomes = new Map<string, number>();
    for (const code of candidates) {
      for (const path of ['lookup', 'verify'] as const) {
        // The wrong-code limit would answer 429 after ten well-formed misses; move past its window
        // so every string gets a real answer (and her live codes are fetched again below).
        if (wellFormedFailures >= MAX_FAILURES - 1) { t.clock.advance(FAILURE_WINDOW_MS + 1000); wellFormedFailures = 0; }
        const res = await call(t, w.leader, 'POST', `/api/communities/${cid}/pickups/${path}`, { code });
        const key = `${res.status} ${res.body?.error?.code}`;
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        expect(res.status, `${path} ${JSON.stringify(code)} → ${JSON.stringify(res.body)}`).not.toBe(200);
        expect(['400 pickup.code_invalid', '404 pickup.not_found', '400 request.invalid']).toContain(key);
        if (key === '404 pickup.not_found') wellFormedFailures++;
      }
    }
    expect(outcomes.get('404 pickup.not_found') ?? 0).toBeGreaterThan(0); // some strings were well-formed codes, and wrong
    expect(await handoverCounts(t, cid)).toEqual(before);

    // The pickup window is still open: her own current code verifies, so the strings above failed
    // because they are not codes, not because nothing could be verified.
    expect(t.clock.now().getTime()).toBeLessThan(gb.pickupStartAt.getTime() + 12 * HOUR);
    t.clock.advance(FAILURE_WINDOW_MS + 1000);
    const ok = await call(t, w.leader, 'POST', `/api/communities/${cid}/pickups/verify`, { code: await codeOf(t, li, cid) });
    expect(ok.status).toBe(200);
    expect(ok.body.lines).toHaveLength(3);
  });
});
