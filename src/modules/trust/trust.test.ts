import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { buildWorld, call, openGroupBuy, orderAndPay, pickUp } from '../../testing/world.js';
import { ingestTrustEvents } from './service.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 2 });
});
afterAll(async () => { await t?.close(); });

describe('resident trust from domain events', () => {
  it('a new resident starts at 53 (level D); verified pickups raise the score; only her own is shown', async () => {
    const fresh = await call(t, world.residents[0], 'GET', '/api/me/trust');
    expect(fresh.body).toMatchObject({ score: 53, level: 'D', paidOrders: 0, goodCounted: 0 });
    expect(fresh.body.ordersToLevelA).toBeGreaterThan(0);

    for (let i = 0; i < 3; i++) {
      const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { priceFen: 3680 });
      await orderAndPay(t, world.residents[0], gb.id, 1);
      await pickUp(t, world.leader, world.community.id, gb.id, [{ actor: world.residents[0] }]);
    }
    const first = await ingestTrustEvents(t.database.db, 1000, t.clock.now());
    expect(first.residents).toBe(1);
    // Incremental: nothing new, nothing recomputed.
    expect(await ingestTrustEvents(t.database.db, 1000, t.clock.now())).toEqual({ events: 0, residents: 0 });

    const after = await call(t, world.residents[0], 'GET', '/api/me/trust');
    // 3 clean orders ≥ ¥30 with no decay yet → 69 (TRUST.md check value); a new account stays D.
    expect(after.body).toMatchObject({ score: 69, paidOrders: 3, goodCounted: 3, level: 'D' });
    const [profile] = ((await t.database.db.execute(sql`select score, level from resident_profiles where user_id = ${world.residents[0].userId}`)) as unknown as { rows: { score: number; level: string }[] }).rows;
    expect(profile).toEqual({ score: 69, level: 'D' });
    // The other resident is untouched.
    expect((await call(t, world.residents[1], 'GET', '/api/me/trust')).body.score).toBe(53);
  });
});
