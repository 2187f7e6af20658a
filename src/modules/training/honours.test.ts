import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/app.js';
import { buildWorld, call, type Actor } from '../../testing/world.js';
import { completeCourse, count, events, otherCommunity, publishedCourse, trainingSnapshot } from '../../testing/training.js';
import { evaluateHonours, evaluateHonoursDaily, wholeMonthsBetween } from './honours.service.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
let otherLeader: Actor;
let other: { id: string; name: string };
const DAY = 86_400_000;

const profileOf = (viewer: Actor, communityId: string, leaderId: string, lang = 'zh-CN') =>
  call(t, viewer, 'GET', `/api/communities/${communityId}/leaders/${leaderId}/profile?lang=${lang}`);

/** Moves a leader's appointment (and membership) back in time: the clock of months_active. */
async function appointedDaysAgo(leaderId: string, days: number) {
  const at = new Date(t.clock.now().getTime() - days * DAY);
  await t.database.db.execute(sql`update domain_events set occurred_at = ${at} where type = 'leader.appointed' and subject_id = ${leaderId}`);
  await t.database.db.execute(sql`update memberships set joined_at = ${at} where user_id = ${leaderId} and role = 'leader'`);
}

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 1 });
  otherLeader = await sessionCookie(t, { name: '李叔' });
  other = await otherCommunity(t, world.operator, otherLeader);
});
afterAll(async () => { await t?.close(); });

describe('whole months', () => {
  it('counts calendar months, clamping at month ends', () => {
    expect(wholeMonthsBetween(new Date('2025-01-15T00:00:00Z'), new Date('2025-03-14T23:59:59Z'))).toBe(1);
    expect(wholeMonthsBetween(new Date('2025-01-15T00:00:00Z'), new Date('2025-03-15T00:00:00Z'))).toBe(2);
    expect(wholeMonthsBetween(new Date('2025-01-31T00:00:00Z'), new Date('2025-02-28T00:00:00Z'))).toBe(1);
    expect(wholeMonthsBetween(new Date('2024-11-25T00:00:00Z'), new Date('2025-11-25T00:00:00Z'))).toBe(12);
    expect(wholeMonthsBetween(new Date('2025-03-01T00:00:00Z'), new Date('2025-01-01T00:00:00Z'))).toBe(0);
  });
});

describe('operators define honours', () => {
  it('refuses a rule that does not parse or names an unknown fact, with its 1-based position, storing nothing', async () => {
    const before = await trainingSnapshot(t);
    const cases: [string, string, number, string?][] = [
      ['months_active >= ', 'honour.syntax', 18],
      ['tenure_days >= 3', 'honour.unknown_fact', 1, 'tenure_days'],
      ['months_active >= 12 且 stars > 3', 'honour.unknown_fact', 23, 'stars'],
      ['courses_completed >= 1 )', 'honour.syntax', 24],
      ['months_active >= 12 @', 'honour.syntax', 21],
    ];
    for (const [rule, code, position, detail] of cases) {
      const res = await call(t, world.operator, 'POST', '/api/console/honours', { name: '金牌主理人', description: '长期用心服务的团长', rule });
      expect({ rule, status: res.status, code: res.body.error.code, position: res.body.error.details?.position }).toEqual({ rule, status: 400, code, position });
      if (detail) expect(res.body.error.details.detail).toBe(detail);
      expect(res.body.error.message).toContain(String(position));
    }
    expect(await trainingSnapshot(t)).toEqual(before);
  });

  it('creates honours with or without a rule, lists the facts, and refuses a taken name', async () => {
    const star = await call(t, world.operator, 'POST', '/api/console/honours', { name: '社区之星', description: '邻居们推选的热心团长' });
    expect(star.status).toBe(201);
    expect(star.body).toMatchObject({ name: '社区之星', rule: null, ruleText: null, active: true, activeGrants: 0 });
    const gold = await call(t, world.operator, 'POST', '/api/console/honours', { name: '金牌主理人', description: '带社区满一年并完成培训', rule: 'months_active >= 12 且 courses_completed >= 1' });
    expect(gold.status).toBe(201);
    expect(gold.body.ruleText).toBe('担任团长月数 ≥ 12 并且 完成课程数 ≥ 1');
    const taken = await call(t, world.operator, 'POST', '/api/console/honours', { name: '社区之星' });
    expect({ status: taken.status, code: taken.body.error.code }).toEqual({ status: 409, code: 'honour.name_taken' });

    const list = await call(t, world.operator, 'GET', '/api/console/honours?lang=en');
    expect(list.body.items.map((h: { name: string }) => h.name)).toEqual(['社区之星', '金牌主理人']);
    expect(list.body.items[1].ruleText).toBe('months as leader ≥ 12 and courses completed ≥ 1');
    expect(list.body.facts.map((f: { name: string }) => f.name)).toEqual(['months_active', 'courses_completed', 'endorsements', 'communities_led', 'trust_index', 'tier']);

    const badEdit = await call(t, world.operator, 'PATCH', `/api/console/honours/${gold.body.id}`, { rule: 'months_active >>= 3' });
    expect(badEdit.status).toBe(400);
    expect(badEdit.body.error.code).toBe('honour.syntax');
    const still = await call(t, world.operator, 'GET', '/api/console/honours');
    expect(still.body.items[1].rule).toBe('months_active >= 12 且 courses_completed >= 1');
  });
});

describe('hand grants', () => {
  let starId: string;
  beforeAll(async () => {
    starId = (await call(t, world.operator, 'GET', '/api/console/honours')).body.items.find((h: { name: string }) => h.name === '社区之星').id;
  });

  it('needs a reason and a leader; shows the grant with its reason on the profile; revokes with a reason', async () => {
    const before = await trainingSnapshot(t);
    const noReason = await call(t, world.operator, 'POST', `/api/console/honours/${starId}/grants`, { leaderId: world.leader.userId, reason: ' ' });
    expect({ status: noReason.status, code: noReason.body.error.code }).toEqual({ status: 400, code: 'honour.reason_required' });
    const resident = await call(t, world.operator, 'POST', `/api/console/honours/${starId}/grants`, { leaderId: world.residents[0].userId, reason: '很热心' });
    expect({ status: resident.status, code: resident.body.error.code }).toEqual({ status: 400, code: 'honour.not_a_leader' });
    const wrongCommunity = await call(t, world.operator, 'POST', `/api/console/honours/${starId}/grants`, { leaderId: world.leader.userId, communityId: other.id, reason: '很热心' });
    expect({ status: wrongCommunity.status, code: wrongCommunity.body.error.code }).toEqual({ status: 400, code: 'honour.not_a_leader' });
    expect(await trainingSnapshot(t)).toEqual(before);

    const grant = await call(t, world.operator, 'POST', `/api/console/honours/${starId}/grants`, { leaderId: world.leader.userId, reason: '台风天挨家挨户送菜上门' });
    expect(grant.status).toBe(201);
    expect(grant.body).toMatchObject({ leaderId: world.leader.userId, leaderName: '王叔', reason: '台风天挨家挨户送菜上门', byRule: false, revokedAt: null, communityId: null });
    expect(await events(t, 'honour.granted')).toBe(1);
    const twice = await call(t, world.operator, 'POST', `/api/console/honours/${starId}/grants`, { leaderId: world.leader.userId, reason: '再给一次' });
    expect({ status: twice.status, code: twice.body.error.code }).toEqual({ status: 409, code: 'honour.already_granted' });

    const profile = await profileOf(world.residents[0], world.community.id, world.leader.userId);
    expect(profile.body.honours).toEqual([{ name: '社区之星', description: '邻居们推选的热心团长', reason: '台风天挨家挨户送菜上门', grantedAt: grant.body.grantedAt, byRule: false }]);

    const noRevokeReason = await call(t, world.operator, 'POST', `/api/console/honour-grants/${grant.body.id}/revoke`, { reason: '' });
    expect({ status: noRevokeReason.status, code: noRevokeReason.body.error.code }).toEqual({ status: 400, code: 'honour.revoke_reason_required' });
    const revoked = await call(t, world.operator, 'POST', `/api/console/honour-grants/${grant.body.id}/revoke`, { reason: '授予错了人，更正' });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ revokeReason: '授予错了人，更正' });
    expect(revoked.body.revokedAt).toBeTruthy();
    expect(await events(t, 'honour.revoked')).toBe(1);
    const again = await call(t, world.operator, 'POST', `/api/console/honour-grants/${grant.body.id}/revoke`, { reason: '再撤一次' });
    expect({ status: again.status, code: again.body.error.code }).toEqual({ status: 409, code: 'honour.already_revoked' });
    expect((await profileOf(world.residents[0], world.community.id, world.leader.userId)).body.honours).toEqual([]);

    const history = await call(t, world.operator, 'GET', `/api/console/honours/${starId}/grants`);
    expect(history.body.items).toHaveLength(1);
    expect(history.body.items[0]).toMatchObject({ revokeReason: '授予错了人，更正', leaderName: '王叔' });
  });

  it('shows a grant for one community only on that community\'s profile', async () => {
    // 王叔 also leads the other community now.
    await call(t, world.operator, 'POST', `/api/communities/${other.id}/leaders`, { phone: world.leader.phone, name: '王叔', title: '生活顾问' });
    const grant = await call(t, world.operator, 'POST', `/api/console/honours/${starId}/grants`, { leaderId: world.leader.userId, communityId: world.community.id, reason: '测试小区居民一致推选' });
    expect(grant.status).toBe(201);
    expect(grant.body).toMatchObject({ communityId: world.community.id, communityName: '测试小区' });
    expect((await profileOf(world.residents[0], world.community.id, world.leader.userId)).body.honours.map((h: { name: string }) => h.name)).toEqual(['社区之星']);
    expect((await profileOf(world.operator, other.id, world.leader.userId)).body.honours).toEqual([]);
  });

  it('hides an inactive honour and refuses new grants of it', async () => {
    await call(t, world.operator, 'PATCH', `/api/console/honours/${starId}`, { active: false });
    expect((await profileOf(world.residents[0], world.community.id, world.leader.userId)).body.honours).toEqual([]);
    const res = await call(t, world.operator, 'POST', `/api/console/honours/${starId}/grants`, { leaderId: otherLeader.userId, reason: '热心' });
    expect({ status: res.status, code: res.body.error.code }).toEqual({ status: 409, code: 'honour.inactive' });
    await call(t, world.operator, 'PATCH', `/api/console/honours/${starId}`, { active: true });
    expect((await profileOf(world.residents[0], world.community.id, world.leader.userId)).body.honours).toHaveLength(1);
  });
});

describe('rule honours', () => {
  let goldId: string;
  beforeAll(async () => {
    goldId = (await call(t, world.operator, 'GET', '/api/console/honours')).body.items.find((h: { name: string }) => h.name === '金牌主理人').id;
  });

  it('grants nobody until a leader\'s facts satisfy the rule', async () => {
    const res = await call(t, world.operator, 'POST', '/api/console/honours/evaluate');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ honours: 1, granted: 0 });
    await appointedDaysAgo(world.leader.userId, 400);
    const facts = await call(t, world.operator, 'GET', `/api/console/leaders/${world.leader.userId}/facts`);
    expect(facts.body.facts).toEqual({ months_active: 13, courses_completed: 0, endorsements: 1, communities_led: 2, trust_index: 0, tier: 'none' });
    expect((await call(t, world.operator, 'POST', '/api/console/honours/evaluate')).body.granted).toBe(0);
  });

  it('grants once when the facts hold, shows it explained on the profile, and is idempotent', async () => {
    const courseId = await publishedCourse(t, world.operator);
    await completeCourse(t, world.leader, courseId);
    await completeCourse(t, otherLeader, courseId); // trained, but only just appointed
    const first = await call(t, world.operator, 'POST', '/api/console/honours/evaluate');
    expect(first.body).toEqual({ honours: 1, granted: 1 });
    const second = await call(t, world.operator, 'POST', '/api/console/honours/evaluate');
    expect(second.body).toEqual({ honours: 1, granted: 0 });
    expect(await evaluateHonours(t.database.db, t.clock.now())).toEqual({ honours: 1, granted: 0 });
    expect(await count(t, 'honour_grants', `honour_id = '${goldId}'`)).toBe(1);

    const grants = await call(t, world.operator, 'GET', `/api/console/honours/${goldId}/grants`);
    expect(grants.body.items).toHaveLength(1);
    expect(grants.body.items[0]).toMatchObject({ leaderId: world.leader.userId, byRule: true, grantedBy: null, facts: { months_active: 13, courses_completed: 1 } });

    const profile = await profileOf(world.residents[0], world.community.id, world.leader.userId);
    const gold = profile.body.honours.find((h: { name: string }) => h.name === '金牌主理人');
    expect(gold).toMatchObject({ byRule: true, reason: '按规则自动授予：担任团长月数 ≥ 12 并且 完成课程数 ≥ 1', description: '带社区满一年并完成培训' });
    const en = await profileOf(world.residents[0], world.community.id, world.leader.userId, 'en');
    expect(en.body.honours.find((h: { name: string }) => h.name === '金牌主理人').reason).toBe('Granted by rule: months as leader ≥ 12 and courses completed ≥ 1');
    // A rule honour shows wherever he leads.
    expect((await profileOf(otherLeader, other.id, world.leader.userId)).body.honours.map((h: { name: string }) => h.name)).toContain('金牌主理人');
  });

  it('never revokes a hand grant, and does not re-grant what an operator revoked', async () => {
    const starId = (await call(t, world.operator, 'GET', '/api/console/honours')).body.items.find((h: { name: string }) => h.name === '社区之星').id;
    const hand = await call(t, world.operator, 'POST', `/api/console/honours/${starId}/grants`, { leaderId: otherLeader.userId, reason: '组织了楼道大扫除' });
    expect(hand.status).toBe(201);
    // A rule that 李叔 (appointed today) does not meet, on the hand-granted honour: evaluation leaves him be.
    await call(t, world.operator, 'PATCH', `/api/console/honours/${starId}`, { rule: 'months_active >= 24' });
    await call(t, world.operator, 'POST', '/api/console/honours/evaluate');
    const stars = await call(t, world.operator, 'GET', `/api/console/honours/${starId}/grants`);
    expect(stars.body.items.find((g: { id: string }) => g.id === hand.body.id).revokedAt).toBeNull();

    const goldGrant = (await call(t, world.operator, 'GET', `/api/console/honours/${goldId}/grants`)).body.items[0];
    const revoked = await call(t, world.operator, 'POST', `/api/console/honour-grants/${goldGrant.id}/revoke`, { reason: '投诉核实中，暂时撤下' });
    expect(revoked.status).toBe(200);
    expect((await call(t, world.operator, 'POST', '/api/console/honours/evaluate')).body.granted).toBe(0);
    expect(await count(t, 'honour_grants', `honour_id = '${goldId}' and revoked_at is null`)).toBe(0);
    // The operator may give it back by hand.
    const back = await call(t, world.operator, 'POST', `/api/console/honours/${goldId}/grants`, { leaderId: world.leader.userId, reason: '核实无误，恢复荣誉' });
    expect(back.status).toBe(201);
  });

  it('reads the tier and trust index (none before the first reading)', async () => {
    const tiered = await call(t, world.operator, 'POST', '/api/console/honours', { name: '信任之星', rule: "tier == 'gold' or trust_index >= 90" });
    expect(tiered.body.ruleText).toBe('团长等级 是 金牌 或者 团长信任指数 ≥ 90');
    const untiered = await call(t, world.operator, 'POST', '/api/console/honours', { name: '新星', rule: "tier == 'none' and communities_led >= 1" });
    expect(untiered.status).toBe(201);
    const before = await events(t, 'honour.granted');
    const res = await call(t, world.operator, 'POST', '/api/console/honours/evaluate');
    expect(res.body.granted).toBe(2); // 新星 for both leaders; 信任之星 for nobody
    expect(await events(t, 'honour.granted')).toBe(before + 2);
    expect(await count(t, 'honour_grants', `honour_id = '${tiered.body.id}'`)).toBe(0);
  });

  it('runs the scheduled evaluation at most once a day, whatever the scheduler\'s tick', async () => {
    expect(await evaluateHonoursDaily(t.database.db, t.clock.now())).toEqual({ honours: 4, granted: 0 });
    expect(await evaluateHonoursDaily(t.database.db, t.clock.now())).toBeNull();
    // A day later the lease has run out.
    await t.database.db.execute(sql`update job_leases set lease_until = now() - interval '1 second' where name = 'training.honours-daily'`);
    expect(await evaluateHonoursDaily(t.database.db, t.clock.now())).toEqual({ honours: 4, granted: 0 });
  });
});

describe('why (not) him', () => {
  it('reads an honour rule against a leader\'s facts part by part, in words', async () => {
    const honour = await call(t, world.operator, 'POST', '/api/console/honours', { name: '资深主理人', description: '做团长满两年并完成培训', rule: 'months_active >= 24 and courses_completed >= 1' });
    expect(honour.status).toBe(201);
    const res = await call(t, world.operator, 'GET', `/api/console/leaders/${otherLeader.userId}/facts?honourId=${honour.body.id}`);
    expect(res.status).toBe(200);
    expect(res.body.check).toMatchObject({ holds: false, joiner: 'and', used: ['courses_completed', 'months_active'] });
    // He finished a course earlier in this file, but has not led for two years.
    expect(res.body.check.parts.map((p: { holds: boolean }) => p.holds)).toEqual([false, true]);
    expect(res.body.check.parts[0].text).toContain('≥ 24');
    const plain = await call(t, world.operator, 'GET', `/api/console/leaders/${otherLeader.userId}/facts`);
    expect(plain.body.check).toBeNull();
  });
});
