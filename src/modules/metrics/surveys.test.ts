import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/app.js';
import { buildWorld, call, openGroupBuy, orderAndPay, type Actor } from '../../testing/world.js';
import { joinByInvite } from '../community/service.js';

/** Survey rounds (TRUST.md §5): a random sample of recent buyers, the platform at most once per 90 days, response rate kept. */
let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
const buyers: Actor[] = [];
const HOUR = 3_600_000;
const rows = async <T>(q: ReturnType<typeof sql>) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const invitedIn = async (surveyId: string) => (await rows<{ user_id: string }>(sql`select user_id from nps_invitations where survey_id = ${surveyId}`)).map((r) => r.user_id);
const round = (body: Record<string, unknown>) => call(t, world.operator, 'POST', '/api/console/nps-surveys', { subjectType: 'platform', title: '2026 年 11 月平台调查', sampleSize: 20, closesAt: new Date(t.clock.now().getTime() + 7 * 24 * HOUR).toISOString(), ...body });

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 0 });
  const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 100, limit: 1 });
  for (let i = 0; i < 35; i++) {
    const r = await sessionCookie(t, { name: `邻居${i}` });
    await joinByInvite(t.database.db, world.community.inviteCode, r.userId);
    await orderAndPay(t, r, gb.id, 1);
    buyers.push(r);
  }
}, 120_000);
afterAll(async () => { await t?.close(); });

describe('survey rounds', () => {
  let platformId: string;
  it('invites a random sample of recent buyers, and the next platform round skips those already invited', async () => {
    const first = await round({});
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ invited: 20, eligible: 35, responded: 0, responseRate: 0, insufficient: true, nps: null, question: '你有多大可能把邻里推荐给邻居或朋友？' });
    platformId = first.body.id;
    const second = await round({ title: '2026 年 11 月补充调查', sampleSize: 50 });
    expect(second.body).toMatchObject({ invited: 15, eligible: 15 });
    const a = new Set(await invitedIn(platformId));
    expect((await invitedIn(second.body.id)).filter((u) => a.has(u))).toEqual([]);
    const third = await round({ title: '再来一轮' });
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe('survey.nobody_eligible');
    // A campaign round is its own subject: anyone who bought recently may be asked.
    const campaign = await round({ subjectType: 'campaign', title: '丹东草莓季', sampleSize: 35 });
    expect(campaign.body).toMatchObject({ invited: 35, question: '你有多大可能把「丹东草莓季」推荐给邻居或朋友？' });
  });

  it('refuses bad rounds and changes nothing', async () => {
    const before = await rows<{ n: number }>(sql`select (select count(*) from nps_surveys)::int + (select count(*) from nps_invitations)::int as n`);
    for (const [body, code] of [
      [{ sampleSize: 0 }, 'survey.sample_invalid'], [{ title: ' ' }, 'survey.title_invalid'],
      [{ closesAt: new Date(t.clock.now().getTime() - HOUR).toISOString() }, 'survey.closes_invalid'],
      [{ subjectType: 'leader' }, 'request.invalid'],
    ] as const) {
      const res = await round(body);
      expect(res.body.error.code).toBe(code);
    }
    expect((await call(t, buyers[0], 'POST', '/api/console/nps-surveys', { subjectType: 'platform', title: '居民发起', sampleSize: 1, closesAt: new Date(Date.now() + 7 * 24 * HOUR).toISOString() })).status).toBe(403);
    expect(await rows<{ n: number }>(sql`select (select count(*) from nps_surveys)::int + (select count(*) from nps_invitations)::int as n`)).toEqual(before);
  });

  it('asks invited residents, once, with the stored wording; the response rate follows', async () => {
    const invited = new Set(await invitedIn(platformId));
    const guest = buyers.find((b) => invited.has(b.userId))!;
    const pending = await call(t, guest, 'GET', '/api/surveys/pending');
    expect(pending.body.survey).toMatchObject({ surveyId: expect.any(String), question: expect.stringContaining('推荐给邻居或朋友') });
    const s = pending.body.survey;
    const answer = await call(t, guest, 'POST', '/api/surveys/nps', { subjectType: s.subjectType, subjectId: s.subjectId, surveyId: s.surveyId, score: 9, reason: '团长靠谱，东西新鲜' });
    expect(answer.status).toBe(201);
    expect(answer.body.question).toBe(s.question);
    const twice = await call(t, guest, 'POST', '/api/surveys/nps', { subjectType: s.subjectType, subjectId: s.subjectId, surveyId: s.surveyId, score: 3 });
    expect(twice.status).toBe(409);
    // Someone not invited to this round cannot answer it.
    const outsider = await sessionCookie(t, { name: '路人' });
    const notInvited = await call(t, outsider, 'POST', '/api/surveys/nps', { subjectType: 'platform', surveyId: platformId, score: 10 });
    expect(notInvited.body.error.code).toBe('survey.not_found');
    const list = await call(t, world.operator, 'GET', '/api/console/nps-surveys');
    const answeredRound = list.body.items.find((x: { id: string }) => x.id === s.surveyId);
    expect(answeredRound).toMatchObject({ responded: 1, n: 1, insufficient: true, nps: null });
    expect(answeredRound.responseRate).toBeCloseTo(1 / answeredRound.invited, 6);
  });

  it('an invitation stays answerable for someone who rated the platform on her own recently', async () => {
    const invited = new Set(await invitedIn(platformId));
    const guest = buyers.filter((b) => invited.has(b.userId))[3];
    expect((await call(t, guest, 'POST', '/api/surveys/nps', { subjectType: 'platform', score: 8 })).status).toBe(201);
    const viaRound = await call(t, guest, 'POST', '/api/surveys/nps', { subjectType: 'platform', surveyId: platformId, score: 9 });
    expect(viaRound.status).toBe(201);
  });

  it('closes at its closing time', async () => {
    const invited = new Set(await invitedIn(platformId));
    const late = buyers.filter((b) => invited.has(b.userId))[5];
    t.clock.advance(8 * 24 * HOUR);
    const res = await call(t, late, 'POST', '/api/surveys/nps', { subjectType: 'platform', surveyId: platformId, score: 8 });
    expect(res.body.error.code).toBe('survey.closed');
    expect((await call(t, late, 'GET', '/api/surveys/pending')).body.survey?.surveyId ?? null).not.toBe(platformId);
  });
});

describe('the platform asks a resident at most once per 90 days', () => {
  it('skips residents invited 89 days ago and invites them again after 90', async () => {
    // Three new neighbours buy and are invited to a platform round; 85 days later they buy again,
    // so they are recent buyers (and the only ones) when the next rounds are drawn.
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 10, limit: 1 });
    const three: Actor[] = [];
    for (const name of ['新邻居甲', '新邻居乙', '新邻居丙']) {
      const r = await sessionCookie(t, { name });
      await joinByInvite(t.database.db, world.community.inviteCode, r.userId);
      await orderAndPay(t, r, gb.id, 1);
      three.push(r);
    }
    const ids = three.map((r) => r.userId).sort();
    const first = await round({ title: '新邻居的第一次调查', sampleSize: 100 });
    expect(first.status).toBe(201);
    expect((await invitedIn(first.body.id)).filter((u) => ids.includes(u)).sort()).toEqual(ids);
    t.clock.advance(85 * 24 * HOUR);
    const gb2 = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 10, limit: 1 });
    for (const r of three) await orderAndPay(t, r, gb2.id, 1);
    t.clock.advance(4 * 24 * HOUR);
    const tooSoon = await round({ title: '89 天后的调查' });
    expect({ status: tooSoon.status, code: tooSoon.body.error?.code }).toEqual({ status: 409, code: 'survey.nobody_eligible' });
    t.clock.advance(2 * 24 * HOUR);
    const later = await round({ title: '91 天后的调查', sampleSize: 50 });
    expect(later.status).toBe(201);
    expect(later.body).toMatchObject({ invited: 3, eligible: 3 });
    expect((await invitedIn(later.body.id)).sort()).toEqual(ids);
  });
});
