import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { buildWorld, call, openGroupBuy, orderAndPay } from '../../testing/world.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';

/**
 * Months are each community's own. 2026-10-31 16:30 UTC is already November 1st in Shanghai but
 * still October 31st in Berlin; 23:30 UTC is November 1st in Berlin but October 31st in UTC.
 */
const EARLY = '2026-10-31T16:30:00Z';
const LATE = '2026-10-31T23:30:00Z';

let t: TestApp;
let shanghai: Awaited<ReturnType<typeof buildWorld>>;
let berlin: Awaited<ReturnType<typeof buildWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  shanghai = await buildWorld(t, { residents: 1 });
  berlin = await buildWorld(t, { residents: 2 });
  const moved = await call(t, berlin.operator, 'PATCH', `/api/communities/${berlin.community.id}`, { timeZone: 'Europe/Berlin' });
  expect(moved.body.timeZone).toBe('Europe/Berlin');

  // Paid orders at the two instants (payment times moved by hand, as the measures tests do).
  const paidAt = async (w: typeof berlin, resident: number, at: string) => {
    const o = await orderAndPay(t, w.residents[resident], (await openGroupBuy(t, w.leader, w.community.id, w.product.id, { priceFen: 1000 })).id, 1);
    await t.database.db.execute(sql`update orders set paid_at = ${new Date(at)} where id = ${o.id}`);
  };
  await paidAt(shanghai, 0, EARLY);
  await paidAt(berlin, 0, EARLY);
  await paidAt(berlin, 1, LATE);

  // Claims filed at the same instants (after-sales' events; occurred_at moved by hand).
  const filed = async (w: typeof berlin, at: string) => {
    const claimId = randomUUID();
    await inTransaction(t.database.db, (tx) => recordEvent(tx, {
      type: 'claim.filed', communityId: w.community.id, actorId: w.residents[0].userId, subjectId: claimId,
      payload: { orderId: randomUUID(), lineId: randomUUID(), productId: w.product.id, batchId: null, leaderId: w.leader.userId, kind: 'missing', quantity: 1, amountFen: 1000, photos: 0 },
    }));
    await t.database.db.execute(sql`update domain_events set occurred_at = ${new Date(at)} where subject_id = ${claimId}`);
  };
  await filed(shanghai, EARLY);
  await filed(berlin, EARLY);
  await filed(berlin, LATE);

  // NPS answers about the Berlin leader at both instants.
  for (const [i, at] of [EARLY, LATE].entries()) {
    await t.database.db.execute(sql`insert into nps_answers (user_id, community_id, subject_type, subject_id, score, question, answered_at)
      values (${berlin.residents[i].userId}, ${berlin.community.id}, 'leader', ${berlin.leader.userId}, 9, '推荐吗？', ${new Date(at)})`);
  }
}, 180_000);
afterAll(async () => { await t?.close(); });

const monthly = async (query: string) => {
  const res = await call(t, berlin.operator, 'GET', `/api/metrics/monthly?from=2026-10-01T00:00:00Z&to=2026-12-01T00:00:00Z${query}`);
  expect(res.status).toBe(200);
  return res.body.items.map((m: { month: string; orders: number; claims: number }) => [m.month, m.orders, m.claims]);
};

describe('monthly figures in each community\'s own time zone', () => {
  it('a community in Berlin counts its orders and claims in Berlin months', async () => {
    expect(await monthly(`&communityId=${berlin.community.id}`)).toEqual([['2026-10', 1, 1], ['2026-11', 1, 1]]);
    expect(await monthly(`&communityId=${shanghai.community.id}`)).toEqual([['2026-11', 1, 1]]);
  });

  it('the platform-wide report puts each event in its own community\'s month', async () => {
    expect(await monthly('')).toEqual([['2026-10', 1, 1], ['2026-11', 2, 2]]);
  });

  it('NPS by month follows the community\'s zone', async () => {
    const res = await call(t, berlin.operator, 'GET', `/api/metrics/nps/monthly?communityId=${berlin.community.id}&subjectType=leader`);
    expect(res.body.items.map((m: { month: string; n: number }) => [m.month, m.n])).toEqual([['2026-10', 1], ['2026-11', 1]]);
  });

  it('the first month reported is the month of `from` in the community\'s zone', async () => {
    // 16:00 UTC on October 31st is still October in Berlin (already November in Shanghai): the
    // Berlin order paid half an hour later is in the report, in October.
    const res = await call(t, berlin.operator, 'GET', `/api/metrics/monthly?communityId=${berlin.community.id}&from=2026-10-31T16:00:00Z&to=2026-12-01T00:00:00Z`);
    expect(res.body.items.map((m: { month: string; orders: number }) => [m.month, m.orders])).toEqual([['2026-10', 1], ['2026-11', 1]]);
    // 23:00 UTC is midnight of November 1st in Berlin: October is not reported.
    const later = await call(t, berlin.operator, 'GET', `/api/metrics/monthly?communityId=${berlin.community.id}&from=2026-10-31T23:00:00Z&to=2026-12-01T00:00:00Z`);
    expect(later.body.items.map((m: { month: string; orders: number }) => [m.month, m.orders])).toEqual([['2026-11', 1]]);
  });
});
