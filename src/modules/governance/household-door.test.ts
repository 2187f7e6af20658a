import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { buildWorld, call, joinedResident, orderAndPay, trustHistory, type Actor } from '../../testing/world.js';
import { inTransaction } from '../../platform/events/service.js';
import { earnPoints } from '../points/index.js';
import { advanceProposals } from './index.js';

/**
 * One vote per household, attacked by changing 门牌: a second member of a voting household moves
 * her 门牌 elsewhere (or away and back) while the proposal runs, and tries to vote.
 */
let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
let proposer: Actor; let wife: Actor; let husband: Actor; let neighbour: Actor;
const HOUR = 3_600_000;
const rows = async <T>(q: ReturnType<typeof sql>) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const count = async (table: string) => (await rows<{ n: number }>(sql`select count(*)::int as n from ${sql.raw(table)}`))[0].n;

async function resident(name: string, door: string) {
  const r = await joinedResident(t, world.community, name);
  await trustHistory(t, r.userId, 20);
  await orderAndPay(t, r, world.groupBuy.id);
  await t.database.db.execute(sql`update memberships set door_number = ${door} where user_id = ${r.userId}`);
  return r;
}
const setDoor = (a: Actor, doorNumber: string) => call(t, a, 'PATCH', `/api/communities/${world.community.id}/me`, { doorNumber });
const ballot = (a: Actor, id: string, headers?: Record<string, string>) => call(t, a, 'POST', `/api/proposals/${id}/ballots`, { choice: 'yes' }, headers);

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 0, stock: 100, limit: 5 });
  proposer = await resident('王阿姨', '9-901');
  wife = await resident('李阿姨', '3-201');
  husband = await resident('老李', '3号楼201');
  neighbour = await resident('张叔', '4-401');
  await inTransaction(t.database.db, (tx) => earnPoints(tx, { userId: proposer.userId, communityId: world.community.id, code: 'referral', refId: 'gift', idempotencyKey: 'gift', now: t.clock.now() }));
}, 180_000);
afterAll(async () => { await t?.close(); });

describe('one vote per household when 门牌 change', () => {
  it('refuses a member whose 门牌 changed after the proposal was made (to another household, or away and back), changing nothing', async () => {
    const made = await call(t, proposer, 'POST', `/api/communities/${world.community.id}/proposals`,
      { kind: 'product', title: '引进丹东草莓', reason: '冬天想吃到好草莓，老周家的口碑很好。', product: { productName: '丹东红颜草莓', spec: '500g/盒', note: '' } });
    expect(made.status).toBe(201);
    const id = made.body.id as string;
    // During review 张叔 moves his 门牌 away and back: the same text as before, but changed.
    t.clock.advance(HOUR);
    expect((await setDoor(neighbour, '5-501')).status).toBe(200);
    expect((await setDoor(neighbour, '4-401')).body.doorNumber).toBe('4-401');
    t.clock.advance(24 * HOUR);
    await advanceProposals(t.database.db, t.clock.now());

    expect((await ballot(wife, id)).status).toBe(200);
    // Her husband, same household, moves his 门牌 to another "household" during the vote.
    expect((await setDoor(husband, '7号楼301')).body.doorNumber).toBe('7号楼301');
    const before = { ballots: await count('ballots'), events: await count('domain_events') };
    const refused = await ballot(husband, id);
    expect([refused.status, refused.body.error.code]).toEqual([409, 'governance.door_changed']);
    expect(refused.body.error.message).toContain('改过门牌');
    const en = await ballot(husband, id, { 'accept-language': 'en' });
    expect(en.body.error.message).toContain('changed your door number');
    // Changing back does not make him a voter either: the change is what counts, not the text.
    expect((await setDoor(husband, '3号楼201')).status).toBe(200);
    expect((await ballot(husband, id)).body.error.code).toBe('governance.door_changed');
    expect((await ballot(neighbour, id)).body.error.code).toBe('governance.door_changed');
    expect({ ballots: await count('ballots'), events: await count('domain_events') }).toEqual(before);
    const cast = await rows<{ user_id: string }>(sql`select user_id from ballots where proposal_id = ${id}`);
    expect(cast.map((b) => b.user_id)).toEqual([wife.userId]);
  });

  it('lets a member whose 门牌 changed before the proposal was made vote as her new household', async () => {
    expect((await setDoor(husband, '3号楼201')).status).toBe(200);
    t.clock.advance(HOUR);
    const made = await call(t, proposer, 'POST', `/api/communities/${world.community.id}/proposals`,
      { kind: 'product', title: '引进东北大米', reason: '想买到新米，五常的大米很香。', product: { productName: '五常大米', spec: '5kg/袋', note: '' } });
    expect(made.status).toBe(201);
    const id = made.body.id as string;
    t.clock.advance(25 * HOUR);
    await advanceProposals(t.database.db, t.clock.now());
    expect((await ballot(neighbour, id)).status).toBe(200);
    expect((await ballot(husband, id)).status).toBe(200);
    // Same household as the husband, so 李阿姨 is refused as the household's second vote.
    expect((await ballot(wife, id)).body.error.code).toBe('governance.household_voted');
  });
});
