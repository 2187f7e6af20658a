import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestDatabase } from '../testing/app.js';
import type { Database } from '../platform/db/client.js';
import { seedDemo } from './seed.js';
import { SandboxPaymentProvider } from '../modules/payments/provider.js';
import { MemoryStorage } from '../platform/files/storage.js';

/** The demo neighbourhood, seeded on an empty store through the real workflows. */
let database: Database;
let seed: Awaited<ReturnType<typeof seedDemo>>;
const rows = async <T>(q: ReturnType<typeof sql>) => ((await database.db.execute(q)) as unknown as { rows: T[] }).rows;

beforeAll(async () => {
  database = await openTestDatabase();
  seed = await seedDemo(database.db, new SandboxPaymentProvider('seed-test'), new MemoryStorage(), new Date('2026-11-20T02:30:00Z'), { campaignDemo: false });
}, 180_000);
afterAll(async () => { await database?.close(); });

describe('the demo seed shows the basket and the hand-over', () => {
  it("today's 团 has three items, and 李阿姨 paid for all three in one order with one payment", async () => {
    const items = await rows<{ name: string; price_fen: number }>(sql`
      select p.name, i.price_fen from group_buy_items i join products p on p.id = i.product_id where i.group_buy_id = ${seed.liveGroupBuyId} order by i.position`);
    expect(items).toEqual([{ name: '丹东有机草莓', price_fen: 3680 }, { name: '林下散养土鸡蛋', price_fen: 3990 }, { name: '崇明牧场鲜牛奶', price_fen: 1590 }]);
    const [order] = await rows<{ id: string; total_fen: number; status: string; note: string; lines: number; payments: number; numbers: number[] }>(sql`
      select o.id, o.total_fen, o.status, o.note,
        (select count(*)::int from order_lines l where l.order_id = o.id) as lines,
        (select count(*)::int from payments p where p.order_id = o.id and p.status = 'held') as payments,
        (select array_agg(distinct l.group_number) from order_lines l where l.order_id = o.id) as numbers
      from orders o where o.user_id = ${seed.residents[0]} and exists (select 1 from order_lines l where l.order_id = o.id and l.group_buy_id = ${seed.liveGroupBuyId})`);
    expect(order).toMatchObject({ total_fen: 2 * 3680 + 3990 + 2 * 1590, status: 'paid', note: '草莓帮我挑不压的，谢谢王叔', lines: 3, payments: 1, numbers: [1] });
    // 小林 keeps milk in her basket, on the server.
    expect(await rows(sql`select quantity from basket_items where user_id = ${seed.residents[1]}`)).toEqual([{ quantity: 1 }]);
  });

  it("yesterday's 团 was handed over with each resident's code, one hand-over per household, and settled", async () => {
    const handovers = await rows<{ method: string; status: string; lines: number; settled: boolean }>(sql`
      select h.method, h.status, (select count(*)::int from order_lines l where l.handover_id = h.id) as lines,
        exists (select 1 from settlements s where s.settle_key = 'handover:' || h.id::text and s.reason = 'handed_over') as settled
      from handovers h where exists (select 1 from order_lines l where l.handover_id = h.id and l.group_buy_id = ${seed.yesterdayGroupBuyId})
      order by h.created_at`);
    // 李阿姨: strawberries and greens; 小林: strawberries and, in the same scan, her eggs from the earlier 团;
    // 张大哥: the two lines 王叔 ticked.
    expect(handovers.map((h) => [h.method, h.status, h.lines, h.settled])).toEqual([['code', 'done', 2, true], ['code', 'done', 2, true], ['code', 'done', 2, true]]);
    const [left] = await rows<{ n: number }>(sql`select count(*)::int as n from order_lines where group_buy_id = ${seed.yesterdayGroupBuyId} and status <> 'picked_up'`);
    expect(left.n).toBe(0);
  });

  it("张大哥's eggs were handed over without his code and wait for his confirmation; nothing settled for them", async () => {
    const [h] = await rows<{ method: string; status: string; resident_id: string; settle_due_at: Date | string; note: string }>(sql`
      select method, status, resident_id, settle_due_at, note from handovers where method = 'without_code'`);
    expect(h).toMatchObject({ method: 'without_code', status: 'awaiting_confirmation', resident_id: seed.residents[2] });
    expect(h.note).toContain('手机没电');
    const [line] = await rows<{ status: string; payment_settled: number }>(sql`
      select l.status, p.settled_fen as payment_settled from order_lines l join payments p on p.order_id = l.order_id
      where l.group_buy_id = ${seed.pastGroupBuyId} and l.user_id = ${seed.residents[2]}`);
    expect(line).toEqual({ status: 'picked_up', payment_settled: 0 });
    expect(await rows(sql`select status from order_lines where group_buy_id = ${seed.pastGroupBuyId} and user_id = ${seed.residents[1]}`)).toEqual([{ status: 'picked_up' }]);
  });

  it('the claims are on lines of yesterday’s baskets: 小林’s with the platform, 张大哥’s with 王叔', async () => {
    const claims = await rows<{ user_id: string; status: string; kind: string; same_order: boolean; product: string }>(sql`
      select c.user_id, c.status, c.kind, (l.order_id = c.order_id) as same_order, p.name as product
      from claims c join order_lines l on l.id = c.line_id join products p on p.id = c.product_id order by c.created_at`);
    expect(claims).toEqual([
      { user_id: seed.residents[1], status: 'platform_review', kind: 'bad_produce', same_order: true, product: '丹东有机草莓' },
      { user_id: seed.residents[2], status: 'leader_review', kind: 'missing', same_order: true, product: '丹东有机草莓' },
    ]);
  });

  it('the events of the new model are there: one order.paid per basket, one order.picked_up per line, one handover.recorded per hand-over', async () => {
    const types = await rows<{ type: string; n: number }>(sql`select type, count(*)::int as n from domain_events where type in ('order.paid', 'order.picked_up', 'handover.recorded') group by type order by type`);
    // Paid baskets: eggs ×3, today ×2, yesterday ×3. Lines picked up: 李阿姨's eggs, then 2 + 2 + 2
    // yesterday with codes, and 张大哥's eggs without one (a dispute would take its evidence back).
    expect(types).toEqual([{ type: 'handover.recorded', n: 5 }, { type: 'order.paid', n: 8 }, { type: 'order.picked_up', n: 8 }]);
    const [paid] = await rows<{ payload: { lines: unknown[]; totalFen: number } }>(sql`
      select payload from domain_events where type = 'order.paid' and actor_id = ${seed.residents[0]} and jsonb_array_length(payload->'lines') = 3`);
    expect(paid.payload.totalFen).toBe(2 * 3680 + 3990 + 2 * 1590);
  });
});
