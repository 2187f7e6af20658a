import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/app.js';
import { buildWorld, call } from '../../testing/world.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t);
});
afterAll(async () => { await t?.close(); });

const countRows = async (table: string) => (await t.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`)) as unknown as { rows: { n: number }[] }).rows[0].n;

describe('communities', () => {
  it('only operators create communities; bad input changes nothing', async () => {
    const before = await countRows('communities');
    const body = { name: '新小区', address: '某路 2 号', timeZone: 'Asia/Shanghai', pickupPointName: '驿站', pickupPointAddress: '1 楼', pickupHours: '08:00-20:00' };
    expect((await call(t, world.residents[0], 'POST', '/api/communities', body)).status).toBe(403);
    expect((await call(t, world.leader, 'POST', '/api/communities', body)).status).toBe(403);
    expect((await call(t, null, 'POST', '/api/communities', body)).status).toBe(401);
    const badZone = await call(t, world.operator, 'POST', '/api/communities', { ...body, timeZone: 'Mars/Olympus' });
    expect(badZone.status).toBe(400);
    expect(badZone.body.error.code).toBe('community.timezone_invalid');
    const badHours = await call(t, world.operator, 'POST', '/api/communities', { ...body, pickupHours: '8点到晚上' });
    expect(badHours.body.error.code).toBe('community.hours_invalid');
    const missing = await call(t, world.operator, 'POST', '/api/communities', { name: '' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('request.invalid');
    expect(await countRows('communities')).toBe(before);
  });

  it('operator appoints a leader, who then leads the community', async () => {
    const me = await call(t, world.leader, 'GET', '/api/me');
    expect(me.body.communities).toEqual([expect.objectContaining({ id: world.community.id, role: 'leader', title: '生活顾问' })]);
  });

  it('residents join by invite; joining twice is harmless; a bad invite is refused', async () => {
    const newcomer = await sessionCookie(t, { name: '新邻居' });
    const preview = await call(t, null, 'GET', `/api/invites/${world.community.inviteCode}`);
    expect(preview.status).toBe(200);
    expect(preview.body.name).toBe('测试小区');
    expect(preview.body.leaders[0]).toMatchObject({ name: '王叔', title: '生活顾问' });
    expect(preview.body).not.toHaveProperty('inviteCode');
    const first = await call(t, newcomer, 'POST', `/api/invites/${world.community.inviteCode}/join`, { invitedBy: world.residents[0].userId });
    expect(first.body).toEqual({ communityId: world.community.id, joined: true, welcomeGift: null });
    const again = await call(t, newcomer, 'POST', `/api/invites/${world.community.inviteCode}/join`, {});
    expect(again.body.joined).toBe(false);
    const events = await t.database.db.execute(sql`select payload from domain_events where type = 'member.joined' and subject_id = ${newcomer.userId}`) as unknown as { rows: { payload: { invitedBy: string } }[] };
    expect(events.rows).toHaveLength(1);
    expect(events.rows[0].payload.invitedBy).toBe(world.residents[0].userId);
    const bad = await call(t, newcomer, 'POST', '/api/invites/nope-nope/join', {});
    expect(bad.status).toBe(404);
    expect(bad.body.error.code).toBe('community.invite_invalid');
  });

  it('joins through an invite link whose ?from= names no user, crediting nobody', async () => {
    const r = await sessionCookie(t, { name: '新邻居' });
    // The web passes the link's ?from= through as invitedBy; links get edited, garbled or forged.
    const res = await call(t, r, 'POST', `/api/invites/${world.community.inviteCode}/join`, { invitedBy: randomUUID() });
    expect(res.status).toBe(200);
    expect(res.body.joined).toBe(true);
    const events = await t.database.db.execute(sql`select type, payload from domain_events where subject_id = ${r.userId} and type in ('member.joined', 'referral.joined')`) as unknown as { rows: { type: string; payload: { invitedBy: string | null } }[] };
    expect(events.rows).toEqual([{ type: 'member.joined', payload: { invitedBy: null } }]);
  });

  it('a resident sees only her own communities and cannot read another one', async () => {
    const other = await call(t, world.operator, 'POST', '/api/communities', {
      name: '隔壁小区', address: '隔壁路 3 号', timeZone: 'Asia/Shanghai', pickupPointName: '门卫室', pickupPointAddress: '南门', pickupHours: '09:00-18:00',
    });
    const list = await call(t, world.residents[0], 'GET', '/api/communities');
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([world.community.id]);
    const peek = await call(t, world.residents[0], 'GET', `/api/communities/${other.body.id}`);
    expect(peek.status).toBe(403);
    expect(peek.body.error.code).toBe('community.not_member');
    expect((await call(t, world.residents[0], 'GET', `/api/communities/${other.body.id}/group-buys`)).status).toBe(403);
    // Residents never get the invite code or the member list with phones.
    const own = await call(t, world.residents[0], 'GET', `/api/communities/${world.community.id}`);
    expect(own.body).not.toHaveProperty('inviteCode');
    expect((await call(t, world.residents[0], 'GET', `/api/communities/${world.community.id}/members`)).status).toBe(403);
    // The operator sees all.
    const all = await call(t, world.operator, 'GET', '/api/communities');
    const byId = new Map(all.body.items.map((c: { id: string }) => [c.id, c]));
    expect(byId.get(world.community.id)).toMatchObject({ leaders: [{ userId: world.leader.userId, name: '王叔', title: '生活顾问' }] });
    expect(byId.get(other.body.id)).toMatchObject({ leaders: [], memberCount: 0 });
  });

  it('leaders see members with masked phones only', async () => {
    const members = await call(t, world.leader, 'GET', `/api/communities/${world.community.id}/members`);
    expect(members.status).toBe(200);
    for (const m of members.body.items) {
      expect(m).not.toHaveProperty('phone');
      expect(m.phoneMasked).toMatch(/^1\d{2}\*{4}\d{4}$/);
    }
    const invite = await call(t, world.leader, 'GET', `/api/communities/${world.community.id}/invite`);
    expect(invite.body.url).toContain(`/join/${world.community.inviteCode}`);
    expect(invite.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
  });
});

describe('product pool', () => {
  it('operators create products with prices in fen; others cannot; bad prices are refused', async () => {
    const body = { name: '零添加酱油', spec: '500ml', unit: '瓶', origin: '广东阳江', listPriceFen: 3280 };
    expect((await call(t, world.leader, 'POST', '/api/products', body)).status).toBe(403);
    const floaty = await call(t, world.operator, 'POST', '/api/products', { ...body, listPriceFen: 32.8 });
    expect(floaty.status).toBe(400);
    const created = await call(t, world.operator, 'POST', '/api/products', body);
    expect(created.status).toBe(201);
    expect(created.body.listPriceFen).toBe(3280);
    const off = await call(t, world.operator, 'PATCH', `/api/products/${created.body.id}`, { active: false });
    expect(off.body.active).toBe(false);
    const leaderView = await call(t, world.leader, 'GET', '/api/products');
    expect(leaderView.body.items.map((p: { id: string }) => p.id)).not.toContain(created.body.id);
  });
});
