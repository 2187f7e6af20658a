import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/app.js';
import { buildWorld, call, joinedResident, orderAndPay, trustHistory, type Actor } from '../../testing/world.js';
import { inTransaction } from '../../platform/events/service.js';
import { fundBalance as communityFundBalance, earnPoints, EARNING_RULES, grantFromFund, pointsBalance } from '../points/index.js';
import { advanceProposals, castBallot, governanceLedgerSource, proposalOutcomesLedgerSource } from './index.js';

/**
 * 社区提案 through the API: who may propose and vote, the phases at their exact boundaries, quorum,
 * the stake, the vote points, one vote per member and household, recounts, the effects the
 * operator approves or declines, and the append-only ballots.
 */
let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
let li: Actor; let liHusband: Actor; let low: Actor; let noOrder: Actor; let stranger: Actor;
const others: Actor[] = [];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const VOTE = EARNING_RULES.vote.amount;
const rows = async <T>(q: ReturnType<typeof sql>) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const count = async (table: string) => (await rows<{ n: number }>(sql`select count(*)::int as n from ${sql.raw(table)}`))[0].n;
const balance = (a: Actor) => pointsBalance(t.database.db, { userId: a.userId, communityId: world.community.id });
const advance = (at: number) => advanceProposals(t.database.db, new Date(at));
const give200 = (a: Actor) => inTransaction(t.database.db, (tx) => earnPoints(tx, { userId: a.userId, communityId: world.community.id, code: 'referral', refId: `gift-${a.userId}`, idempotencyKey: `gift-${a.userId}`, now: t.clock.now() }));

async function resident(name: string, door: string, opts: { trust?: boolean; order?: boolean } = {}) {
  const r = await joinedResident(t, world.community, name);
  if (opts.trust !== false) await trustHistory(t, r.userId, 20);
  if (opts.order !== false) await orderAndPay(t, r, world.groupBuy.id);
  await t.database.db.execute(sql`update memberships set door_number = ${door} where user_id = ${r.userId}`);
  return r;
}

const propose = (a: Actor, body: Record<string, unknown>) => call(t, a, 'POST', `/api/communities/${world.community.id}/proposals`, body);
const productProposal = { kind: 'product', title: '引进丹东草莓', reason: '冬天想吃到好草莓，老周家的口碑很好。', product: { productName: '丹东红颜草莓', spec: '500g/盒', note: '' } };
const ruleProposal = (action: string) => ({ kind: 'rule', title: '坏果先找团长', reason: '坏果退款之前先让团长看一眼，减少误会。', rule: { ruleKey: 'bad_fruit', name: '坏果包赔', description: '生鲜取货 48 小时内发现坏果，团长核实后退款。', condition: "fresh and kind in ['bad_produce', 'damaged'] and hours_since_pickup <= 48", action, priority: 30 } });
const fundProposal = (amount: number) => ({ kind: 'fund', title: '驿站添两把椅子', reason: '老人取货要等，驿站门口放两把椅子歇脚。', fund: { amountPoints: amount, recipientId: world.leader.userId, purpose: '买两把折叠椅放在驿站门口' } });
const ballot = (a: Actor, id: string, choice: 'yes' | 'no', votes?: number) => call(t, a, 'POST', `/api/proposals/${id}/ballots`, votes === undefined ? { choice } : { choice, votes });
const timesOf = async (id: string) => (await rows<{ created_at: Date; voting_starts_at: Date; voting_ends_at: Date; effect_at: Date }>(sql`select created_at, voting_starts_at, voting_ends_at, effect_at from proposals where id = ${id}`))
  .map((r) => ({ created: new Date(r.created_at).getTime(), starts: new Date(r.voting_starts_at).getTime(), ends: new Date(r.voting_ends_at).getTime(), effect: new Date(r.effect_at).getTime() }))[0];
const phaseOf = async (id: string) => (await rows<{ phase: string }>(sql`select phase from proposals where id = ${id}`))[0].phase;

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 0, stock: 500, limit: 5 });
  li = await resident('李阿姨', '3-201');
  liHusband = await resident('老李', '3号楼201');
  for (let i = 0; i < 9; i++) others.push(await resident(`邻居${i}`, `${i + 5}-10${i}`));
  low = await resident('新邻居', '20-101', { trust: false });
  noOrder = await resident('很久没买', '21-101', { order: false });
  stranger = await sessionCookie(t, { name: '外人' });
  for (const a of [li, ...others.slice(0, 6)]) await give200(a);
}, 180_000);
afterAll(async () => { await t?.close(); });

describe('who may propose and vote', () => {
  it('explains eligibility: score, recent order, and what is missing', async () => {
    const mine = await call(t, li, 'GET', `/api/communities/${world.community.id}/governance/eligibility`);
    expect(mine.body).toMatchObject({ eligible: true, reasons: [], minTrustScore: 70, paidOrderWithinDays: 60, stakePoints: 100, votePoints: VOTE });
    expect(mine.body.trustScore).toBeGreaterThanOrEqual(70);
    // The score is the one her trust page shows (computed the same way, at the same moment).
    expect(mine.body.trustScore).toBe((await call(t, li, 'GET', '/api/me/trust')).body.score);
    const lowOne = await call(t, low, 'GET', `/api/communities/${world.community.id}/governance/eligibility`);
    expect(lowOne.body).toMatchObject({ eligible: false, reasons: ['trust_low'] });
    expect(lowOne.body.trustScore).toBeLessThan(70);
    expect((await call(t, noOrder, 'GET', `/api/communities/${world.community.id}/governance/eligibility`)).body).toMatchObject({ eligible: false, reasons: ['no_recent_order'], lastPaidAt: null });
  });

  it('refuses an ineligible proposer, bad input and a proposer without the stake, changing nothing', async () => {
    const before = { proposals: await count('proposals'), transfers: await count('points_transfers') };
    const refused = await propose(low, productProposal);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('governance.trust_low');
    expect(refused.body.error.message).toMatch(/信用分是 \d+，满 70 分/);
    expect((await propose(noOrder, productProposal)).body.error.code).toBe('governance.no_recent_order');
    expect((await propose(stranger, productProposal)).status).toBe(404);
    for (const [body, code] of [
      [{ ...productProposal, title: '草' }, 'governance.title_length'],
      [{ ...productProposal, product: { productName: '' } }, 'governance.product_name'],
      [{ ...productProposal, voting: 'quadratic', kind: 'rule', rule: ruleProposal('leader_review').rule }, 'governance.quadratic_only_priorities'],
      [{ ...ruleProposal('leader_review'), rule: { ...ruleProposal('leader_review').rule, condition: 'fresh and and' } }, 'guarantee.syntax'],
      [{ ...ruleProposal('pay_double') }, 'guarantee.action_invalid'],
      [{ ...ruleProposal('leader_review'), rule: { ...ruleProposal('leader_review').rule, ruleKey: 'no_such_rule' } }, 'guarantee.not_found'],
      [{ ...fundProposal(50), fund: { ...fundProposal(50).fund, recipientId: li.userId } }, 'governance.fund_recipient'],
      [fundProposal(0), 'governance.fund_amount'],
    ] as const) {
      expect((await propose(li, body)).body.error.code).toBe(code);
    }
    // 邻居8 has no points: the stake cannot be held.
    const poor = await propose(others[8], productProposal);
    expect(poor.status).toBe(409);
    expect(poor.body.error.code).toBe('points.insufficient');
    expect({ proposals: await count('proposals'), transfers: await count('points_transfers') }).toEqual(before);
  });
});

describe('a proposal from review to its effect', () => {
  let product: string; let tie: string; let unheard: string;

  it('holds the 100-point stake and opens a 24 h review in which nobody votes yet', async () => {
    const made = await propose(li, productProposal);
    expect(made.status).toBe(201);
    product = made.body.id;
    expect(made.body).toMatchObject({ phase: 'review', stakeStatus: 'held', stakePoints: 100, mine: true, myBallot: null, turnout: { voters: 0, eligible: 10, quorumNeeded: 1, quorumPercent: 10 } });
    expect(await balance(li)).toEqual({ available: 100, held: 100 });
    const tm = await timesOf(product);
    expect([tm.starts - tm.created, tm.ends - tm.starts, tm.effect - tm.ends]).toEqual([24 * HOUR, 5 * DAY, 48 * HOUR]);
    const early = await ballot(others[0], product, 'yes');
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('governance.not_open_yet');
    tie = (await propose(li, ruleProposal('leader_review'))).body.id;
    unheard = (await propose(others[2], fundProposal(50))).body.id;
    expect((await propose(li, productProposal)).body.error.code).toBe('governance.too_many_open');
  });

  it('opens the vote at exactly 24 h', async () => {
    const tm = await timesOf(product);
    await advance(tm.starts - 1);
    expect(await phaseOf(product)).toBe('review');
    await advance(tm.starts);
    expect(await phaseOf(product)).toBe('voting');
  });

  it('takes one ballot per member and per household, and refuses the ineligible, changing nothing', async () => {
    t.clock.advance(25 * HOUR);
    const cast = await ballot(li, product, 'yes');
    expect(cast.status).toBe(200);
    expect(cast.body.myBallot).toMatchObject({ choice: 'yes', votes: 1 });
    // Yes and no stay hidden while the vote runs: only turnout shows.
    expect(cast.body).toMatchObject({ phase: 'voting', outcome: null, turnout: { voters: 1 } });
    const before = await count('ballots');
    const again = await ballot(li, product, 'no');
    expect([again.status, again.body.error.code]).toEqual([409, 'governance.already_voted']);
    const husband = await ballot(liHusband, product, 'no');
    expect([husband.status, husband.body.error.code]).toEqual([409, 'governance.household_voted']);
    expect(husband.body.error.message).toContain('每户只能投一票');
    expect((await ballot(low, product, 'no')).body.error.code).toBe('governance.trust_low');
    expect((await ballot(noOrder, product, 'no')).body.error.code).toBe('governance.no_recent_order');
    expect((await ballot(stranger, product, 'no')).status).toBe(404);
    expect((await ballot(others[0], product, 'yes', 2)).body.error.code).toBe('governance.votes_invalid');
    expect(await count('ballots')).toBe(before);
    // yes = no on the rule change; nobody votes on the fund.
    expect((await ballot(others[0], tie, 'yes')).status).toBe(200);
    expect((await ballot(others[1], tie, 'no')).status).toBe(200);
  });

  it('closes at exactly 5 days: quorum at exactly 10% returns the stake and pays the voters; a tie fails; no quorum keeps the stake', async () => {
    const tm = await timesOf(product);
    const late = castBallot(t.database.db, { id: others[3].userId, isOperator: false }, product, { choice: 'no' }, new Date(tm.ends));
    await expect(late).rejects.toMatchObject({ code: 'governance.vote_closed' });
    await advance(tm.ends - 1);
    expect(await phaseOf(product)).toBe('voting');
    const before = { li: await balance(li), o0: await balance(others[0]), o2: await balance(others[2]) };
    await advance(tm.ends);
    expect(await phaseOf(product)).toBe('passed');
    // The other two were made moments later: their close is just after.
    await advance(tm.ends + HOUR);
    const detail = (await call(t, li, 'GET', `/api/proposals/${product}`)).body;
    expect(detail).toMatchObject({ stakeStatus: 'returned', outcome: { eligible: 10, voters: 1, yes: 1, no: 0, quorumReached: true, passed: true, quorumNeeded: 1 } });
    // Both her stakes back (both reached quorum) and the flat points for her one ballot.
    expect(await balance(li)).toEqual({ available: before.li.available + 100 + 100 + VOTE, held: 0 });
    expect(await phaseOf(tie)).toBe('failed');
    expect((await call(t, li, 'GET', `/api/proposals/${tie}`)).body.outcome).toMatchObject({ voters: 2, yes: 1, no: 1, quorumReached: true, passed: false });
    expect((await balance(others[0])).available).toBe(before.o0.available + VOTE);
    expect(await phaseOf(unheard)).toBe('failed');
    expect((await call(t, others[2], 'GET', `/api/proposals/${unheard}`)).body).toMatchObject({ stakeStatus: 'kept', outcome: { voters: 0, quorumReached: false } });
    expect(await balance(others[2])).toEqual({ available: before.o2.available, held: 0 });
    expect((await communityFundBalance(t.database.db, world.community.id)).available).toBe(100);
    // Running the job again changes nothing.
    await advance(tm.ends + 2 * HOUR);
    expect(await count('proposal_outcomes')).toBe(3);
  });

  it('recounts every result from the ballots and finds it equal to the stored one', async () => {
    for (const id of [product, tie, unheard]) {
      const r = await call(t, li, 'GET', `/api/proposals/${id}/recount`);
      expect(r.body.matches).toBe(true);
      expect(r.body.recount).toMatchObject({ voters: r.body.stored.voters, yes: r.body.stored.yes, no: r.body.stored.no });
    }
  });

  it('puts the effect in the operator\'s queue at exactly 48 h after the close, only for what passed', async () => {
    const tm = await timesOf(product);
    await advance(tm.effect - 1);
    expect(await phaseOf(product)).toBe('passed');
    await advance(tm.effect);
    expect(await phaseOf(product)).toBe('enacted');
    const queue = await call(t, world.operator, 'GET', '/api/console/governance/effects');
    expect(queue.body.items.map((e: { kind: string; proposal: { id: string } }) => [e.kind, e.proposal.id])).toEqual([['product_request', product]]);
    expect(queue.body.items[0].vote).toMatchObject({ eligible: 10, voters: 1, yes: 1, no: 0 });
  });

  it('lets only operators decide effects; a decided one cannot be decided again', async () => {
    const id = (await call(t, world.operator, 'GET', '/api/console/governance/effects')).body.items[0].id;
    expect((await call(t, li, 'GET', '/api/console/governance/effects')).status).toBe(403);
    expect((await call(t, world.leader, 'POST', `/api/console/governance/effects/${id}/approve`, { note: '' })).status).toBe(403);
    expect((await call(t, world.operator, 'GET', '/api/console/governance/effects')).body.items).toHaveLength(1);
    const ok = await call(t, world.operator, 'POST', `/api/console/governance/effects/${id}/approve`, { note: '已联系丹东合作社' });
    expect(ok.body).toMatchObject({ status: 'approved', decisionNote: '已联系丹东合作社' });
    expect((await call(t, world.operator, 'POST', `/api/console/governance/effects/${id}/decline`, { note: '' })).body.error.code).toBe('governance.effect_decided');
    expect((await call(t, li, 'GET', `/api/proposals/${product}`)).body.effect).toMatchObject({ kind: 'product_request', status: 'approved' });
  });
});

describe('rule changes and the community fund', () => {
  let rule: string; let fund: string;
  it('turns a passed rule change into a draft version with the vote attached, published only by the operator', async () => {
    rule = (await propose(li, ruleProposal('leader_review'))).body.id;
    fund = (await propose(others[3], fundProposal(60))).body.id;
    const tm = await timesOf(rule);
    await advance(tm.starts);
    const at = tm.starts + HOUR;
    for (const a of [li, others[4]]) await castBallot(t.database.db, { id: a.userId, isOperator: false }, rule, { choice: 'yes' }, new Date(at));
    for (const a of [others[5]]) await castBallot(t.database.db, { id: a.userId, isOperator: false }, fund, { choice: 'yes' }, new Date(at));
    await advance(tm.ends + HOUR);
    await advance(tm.effect + HOUR);
    const queue = (await call(t, world.operator, 'GET', '/api/console/governance/effects')).body.items;
    const draft = queue.find((e: { kind: string }) => e.kind === 'rule_draft');
    expect(draft.ruleDraft).toMatchObject({ key: 'bad_fruit', baseVersion: 1, action: 'leader_review', status: 'awaiting', attachment: { proposalId: rule, voters: 2, yes: 2, no: 0, passed: true } });
    // Not in force while it waits.
    const inForce = (await call(t, li, 'GET', '/api/guarantee-rules')).body.rules.find((r: { key: string }) => r.key === 'bad_fruit');
    expect([inForce.version, inForce.action]).toEqual([1, 'refund_now']);
    expect((await call(t, world.operator, 'POST', `/api/console/governance/effects/${draft.id}/approve`, { note: '' })).body.status).toBe('approved');
    const versions = await rows<{ version: number; action: string }>(sql`select version, action from guarantee_rules where key = 'bad_fruit' order by version`);
    expect(versions).toEqual([{ version: 1, action: 'refund_now' }, { version: 2, action: 'leader_review' }]);
    expect((await rows<{ status: string }>(sql`select status from guarantee_rule_drafts where source_id = ${rule}`))[0].status).toBe('published');
  });

  it('pays an approved fund transfer from the community fund to the leader; more than the fund holds is refused, nothing changed', async () => {
    const queue = (await call(t, world.operator, 'GET', '/api/console/governance/effects')).body.items;
    const transfer = queue.find((e: { kind: string }) => e.kind === 'fund_transfer');
    expect(transfer.details).toMatchObject({ amountPoints: 60, recipientId: world.leader.userId, fundBalance: 100 });
    const leaderBefore = await balance(world.leader);
    expect((await call(t, world.operator, 'POST', `/api/console/governance/effects/${transfer.id}/approve`, { note: '' })).body.status).toBe('approved');
    expect((await balance(world.leader)).available).toBe(leaderBefore.available + 60);
    expect((await communityFundBalance(t.database.db, world.community.id)).available).toBe(40);
    expect((await call(t, others[3], 'GET', `/api/proposals/${fund}`)).body.effect.status).toBe('approved');
    const tooMuch = inTransaction(t.database.db, (tx) => grantFromFund(tx, { communityId: world.community.id, userId: world.leader.userId, amount: 41, code: 'fund_grant', refId: fund, idempotencyKey: 'too-much', now: t.clock.now() }));
    await expect(tooMuch).rejects.toMatchObject({ code: 'points.insufficient' });
    expect((await communityFundBalance(t.database.db, world.community.id)).available).toBe(40);
  });
});

describe('quadratic voting for priorities', () => {
  it('costs votes² voice credits from the season\'s 100, and refuses what is left short', async () => {
    const a = (await propose(others[4], { ...productProposal, voting: 'quadratic', title: '优先引进哪样：草莓' })).body.id;
    const b = (await propose(others[5], { ...productProposal, voting: 'quadratic', title: '优先引进哪样：砂糖橘', product: { productName: '砂糖橘' } })).body.id;
    const tm = await timesOf(a);
    await advance(tm.starts);
    const at = new Date(tm.starts + HOUR);
    const voter = { id: others[6].userId, isOperator: false };
    await expect(castBallot(t.database.db, voter, a, { choice: 'yes', votes: 11 }, at)).rejects.toMatchObject({ code: 'governance.votes_invalid' });
    const big = await castBallot(t.database.db, voter, a, { choice: 'yes', votes: 9 }, at);
    expect([big.votes, big.credits]).toEqual([9, 81]);
    await expect(castBallot(t.database.db, voter, b, { choice: 'yes', votes: 5 }, at)).rejects.toMatchObject({ code: 'governance.credits_exhausted', params: { cost: 25, left: 19 } });
    expect((await castBallot(t.database.db, voter, b, { choice: 'no', votes: 4 }, at)).credits).toBe(16);
    await advance(tm.ends + HOUR);
    const r = await call(t, others[6], 'GET', `/api/proposals/${a}/recount`);
    expect(r.body).toMatchObject({ matches: true, stored: { voters: 1, yes: 9, no: 0 } });
  });
});

describe('role boundaries and the append-only ballots', () => {
  it('shows a community\'s proposals to its members and leader only', async () => {
    const list = await call(t, world.leader, 'GET', `/api/communities/${world.community.id}/proposals`);
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThanOrEqual(5);
    expect(list.body.items[0].proposerName).toMatch(/\*\*$/);
    expect((await call(t, stranger, 'GET', `/api/communities/${world.community.id}/proposals`)).status).toBe(403);
    const any = list.body.items[0].id;
    expect((await call(t, stranger, 'GET', `/api/proposals/${any}`)).status).toBe(404);
    expect((await call(t, stranger, 'GET', `/api/proposals/${any}/recount`)).status).toBe(404);
    expect((await call(t, null, 'GET', `/api/proposals/${any}`)).status).toBe(401);
  });

  it('refuses UPDATE and DELETE of ballots and outcomes in the database', async () => {
    const refusal = (q: ReturnType<typeof sql>) => t.database.db.execute(q).then(() => 'changed', (e: { message: string; cause?: { message?: string } }) => e.cause?.message ?? e.message);
    const before = await rows(sql`select * from ballots order by seq`);
    expect(await refusal(sql`update ballots set choice = 'no'`)).toMatch(/append-only: UPDATE on ballots refused/);
    expect(await refusal(sql`delete from ballots`)).toMatch(/append-only: DELETE on ballots refused/);
    expect(await refusal(sql`delete from proposal_outcomes`)).toMatch(/append-only: DELETE on proposal_outcomes refused/);
    expect(await rows(sql`select * from ballots order by seq`)).toEqual(before);
  });

  it('gives the ledger every ballot and outcome in order, each with its owner', async () => {
    const entries = await governanceLedgerSource.entriesAfter(t.database.db, 0, 1000);
    expect(entries.length).toBe(await count('ballots'));
    expect(entries.map((e) => e.seq)).toEqual([...entries.map((e) => e.seq)].sort((x, y) => x - y));
    const first = entries[0];
    expect(first).toMatchObject({ source: 'ballots', ownerUserIds: [li.userId], body: { userId: li.userId, choice: 'yes', votes: 1 } });
    expect(JSON.stringify(first.body)).not.toContain('3-201');
    expect(await governanceLedgerSource.entry(t.database.db, first.id)).toEqual(first);
    expect(await governanceLedgerSource.entriesAfter(t.database.db, entries[entries.length - 1].seq, 10)).toEqual([]);
    const outcomes = await proposalOutcomesLedgerSource.entriesAfter(t.database.db, 0, 100);
    expect(outcomes.length).toBe(await count('proposal_outcomes'));
    expect(outcomes[0].ownerUserIds).toContain(li.userId);
  });
});
