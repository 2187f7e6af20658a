import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { buildWorld, call, joinedResident, orderAndPay, trustHistory, type Actor } from '../../testing/world.js';
import { inTransaction } from '../../platform/events/service.js';
import { earnPoints } from '../points/index.js';
import { advanceProposals, castBallot } from './index.js';

/**
 * Simultaneous ballots on separate pooled connections (real concurrency on PostgreSQL; PGlite runs
 * them one after another): one ballot per member and one per household, whatever the timing.
 */
let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
let proposalId: string;
let opensAt: number;
const household: Actor[] = [];
let proposer: Actor;
const rows = async <T>(q: ReturnType<typeof sql>) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const settle = <T>(ps: Promise<T>[]) => Promise.all(ps.map((p) => p.then(() => 'ok', (e: { code?: string; message: string }) => e.code ?? e.message)));

async function eligible(name: string, door: string) {
  const r = await joinedResident(t, world.community, name);
  await trustHistory(t, r.userId, 20);
  await orderAndPay(t, r, world.groupBuy.id);
  await t.database.db.execute(sql`update memberships set door_number = ${door} where user_id = ${r.userId}`);
  return r;
}

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 0, stock: 100, limit: 5 });
  proposer = await eligible('提案人', '9-909');
  for (let i = 0; i < 6; i++) household.push(await eligible(`一家人${i}`, '8-808'));
  await inTransaction(t.database.db, (tx) => earnPoints(tx, { userId: proposer.userId, communityId: world.community.id, code: 'referral', refId: 'gift', idempotencyKey: 'gift', now: t.clock.now() }));
  const made = await call(t, proposer, 'POST', `/api/communities/${world.community.id}/proposals`, {
    kind: 'product', title: '引进本地土鸡蛋', reason: '孩子早饭要吃鸡蛋，想要本地散养的。', product: { productName: '散养土鸡蛋', spec: '30 枚' },
  });
  proposalId = made.body.id;
  opensAt = new Date(made.body.votingStartsAt).getTime();
  await advanceProposals(t.database.db, new Date(opensAt));
}, 180_000);
afterAll(async () => { await t?.close(); });

describe('simultaneous ballots', () => {
  it('keeps one ballot when one member votes eight times at once', async () => {
    const at = new Date(opensAt + 60_000);
    const me = { id: proposer.userId, isOperator: false };
    const results = await settle(Array.from({ length: 8 }, (_, i) => castBallot(t.database.db, me, proposalId, { choice: i % 2 ? 'no' : 'yes' }, at)));
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'governance.already_voted')).toHaveLength(7);
    expect(await rows(sql`select user_id from ballots where proposal_id = ${proposalId} and user_id = ${proposer.userId}`)).toHaveLength(1);
  });

  it('keeps one ballot when six members of one household vote at once', async () => {
    const at = new Date(opensAt + 120_000);
    const results = await settle(household.map((a) => castBallot(t.database.db, { id: a.userId, isOperator: false }, proposalId, { choice: 'yes' }, at)));
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'governance.household_voted')).toHaveLength(5);
    const stored = await rows<{ n: number; households: number }>(sql`select count(*)::int as n, count(distinct household_key)::int as households from ballots where proposal_id = ${proposalId}`);
    expect(stored).toEqual([{ n: 2, households: 2 }]);
  });

  it('counts every ballot that landed when the close runs beside late ballots', async () => {
    const p = (await rows<{ voting_ends_at: Date }>(sql`select voting_ends_at from proposals where id = ${proposalId}`))[0];
    const ends = new Date(p.voting_ends_at).getTime();
    const late = await eligible('最后一刻', '10-1010');
    const [ballot] = await settle<unknown>([
      castBallot(t.database.db, { id: late.userId, isOperator: false }, proposalId, { choice: 'no' }, new Date(ends - 1)),
      advanceProposals(t.database.db, new Date(ends)),
    ]);
    await advanceProposals(t.database.db, new Date(ends));
    const [o] = await rows<{ voters: number; no: number }>(sql`select voters, no from proposal_outcomes where proposal_id = ${proposalId}`);
    // Either the late ballot went in before the close (and is counted) or the close came first (and it was refused).
    expect(ballot === 'ok' ? [o.voters, o.no] : [ballot, o.voters, o.no]).toEqual(ballot === 'ok' ? [3, 1] : ['governance.vote_closed', 2, 0]);
  });
});
