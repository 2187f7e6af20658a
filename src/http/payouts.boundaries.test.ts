import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sessionCookie, type TestApp } from '../testing/app.js';
import { buildWorld, call, type Actor } from '../testing/world.js';
import { databaseFingerprint } from '../testing/fingerprint.js';

/**
 * Every earnings and payout endpoint called by people who may not use it: nobody signed in (401),
 * a resident, a leader of another community, a supplier, and — for the console — a leader (403),
 * another leader's community (403), an unknown community (404). The database is exactly as before.
 */
let t: TestApp;
let w: Awaited<ReturnType<typeof buildWorld>>;
let otherLeader: Actor;
let payoutId: string;

beforeAll(async () => {
  t = await createTestApp({ payouts: { minFen: 1, dailyLimitFen: 100_000, approvalThresholdFen: 1 } });
  w = await buildWorld(t, { residents: 1 });
  const other = await call(t, w.operator, 'POST', '/api/communities', { name: '别的小区', address: '上海市别处 2 号', timeZone: 'Asia/Shanghai', pickupPointName: '门卫室', pickupPointAddress: '南门', pickupHours: '08:00-20:00' });
  otherLeader = await sessionCookie(t, { name: '李姐' });
  await call(t, w.operator, 'POST', `/api/communities/${other.body.id}/leaders`, { phone: otherLeader.phone, name: '李姐', title: '团长' });
  // A payout waiting for approval, for the console probes.
  const { transfer, account } = await import('../modules/payouts/index.js');
  const { inTransaction } = await import('../platform/events/service.js');
  await inTransaction(t.database.db, (tx) => transfer(tx, { idempotencyKey: 'probe:top-up', debit: account.commission, credit: account.settled(w.leader.userId), amountFen: 500, code: 'commission', leaderId: w.leader.userId, refId: 'probe', now: new Date() }));
  const p = await call(t, w.leader, 'POST', `/api/communities/${w.community.id}/payouts`, { amountFen: 100 }, { 'idempotency-key': 'probe-payout-0001' });
  payoutId = p.body.id;
}, 120_000);
afterAll(async () => { await t?.close(); });

describe('earnings and payouts: role boundaries', () => {
  it('refuses everyone but the community\'s leader, and the console to all but operators, changing nothing', async () => {
    const c = w.community.id;
    const resident = w.residents[0];
    const supplier = w.supplier.member;
    const leaderOnly = [
      ['GET', `/api/communities/${c}/earnings`],
      ['GET', `/api/communities/${c}/earnings/statement.xlsx`],
      ['GET', `/api/communities/${c}/earnings/statement.csv`],
      ['GET', `/api/communities/${c}/payouts`],
      ['POST', `/api/communities/${c}/payouts`, { amountFen: 100 }],
    ] as const;
    const operatorOnly = [
      ['GET', '/api/console/payouts'],
      ['GET', '/api/console/payouts/reconciliation'],
      ['POST', `/api/console/payouts/${payoutId}/approve`, {}],
      ['POST', `/api/console/payouts/${payoutId}/reject`, { reason: '不行' }],
      ['POST', `/api/console/payouts/${payoutId}/sandbox-complete`, { outcome: 'PAID' }],
    ] as const;
    const before = await databaseFingerprint(t);
    const probe = async (who: Actor | null, [method, url, body]: readonly [string, string, unknown?], expected: number[]) => {
      const res = await call(t, who, method, url, body, method === 'POST' ? { 'idempotency-key': `probe-${Math.random().toString(36).slice(2, 12)}` } : {});
      expect(expected, `${method} ${url} → ${res.status}`).toContain(res.status);
    };
    for (const e of leaderOnly) {
      await probe(null, e, [401]);
      await probe(resident, e, [403]);
      await probe(otherLeader, e, [403]);
      await probe(supplier, e, [403]);
      await probe(w.operator, e, [403]);
    }
    for (const e of operatorOnly) {
      await probe(null, e, [401]);
      await probe(resident, e, [403]);
      await probe(w.leader, e, [403]);
      await probe(otherLeader, e, [403]);
      await probe(supplier, e, [403]);
    }
    await probe(w.leader, ['GET', '/api/communities/00000000-0000-4000-8000-000000000000/earnings'], [404]);
    await probe(null, ['POST', '/api/payouts/notify/sandbox', { providerRef: 'x', amountFen: 100, status: 'PAID' }], [400]);
    await probe(null, ['POST', '/api/payouts/notify/other-provider', { providerRef: 'x', amountFen: 100, status: 'PAID' }], [404]);
    expect(await databaseFingerprint(t)).toEqual(before);
  });
});
