import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/app.js';
import { buildWorld, call, orderAndPay, type Actor } from '../../testing/world.js';
import { databaseFingerprint } from '../../testing/fingerprint.js';
import { UNMASKED_MOBILE } from '../../testing/phone.js';

/**
 * Members he knows: on joining she gives the name she goes by here and, if she likes, her 门牌;
 * only her community's leaders (and operators) see the 门牌 and their private notes; neighbours
 * see her name masked; nobody but an operator ever sees a full phone number.
 */
let t: TestApp;
let w: Awaited<ReturnType<typeof buildWorld>>;
let li: Actor;
let otherLeader: Actor;
let otherResident: Actor;
let otherCommunity: { id: string; inviteCode: string };

const directory = (actor: Actor, q = '', communityId = w.community.id) =>
  call(t, actor, 'GET', `/api/communities/${communityId}/members/directory${q ? `?q=${encodeURIComponent(q)}` : ''}`);

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t, { residents: 2 });
  li = await sessionCookie(t, { name: '' });
  otherLeader = await sessionCookie(t, { name: '别的团长' });
  const other = await call(t, w.operator, 'POST', '/api/communities', { name: '别处', address: 'x', timeZone: 'Asia/Shanghai', pickupPointName: 'a', pickupPointAddress: 'b', pickupHours: '08:00-20:00' });
  otherCommunity = other.body;
  await call(t, w.operator, 'POST', `/api/communities/${otherCommunity.id}/leaders`, { phone: otherLeader.phone, name: '李叔', title: '' });
  otherResident = await sessionCookie(t, { name: '外小区' });
  await call(t, otherResident, 'POST', `/api/invites/${otherCommunity.inviteCode}/join`, {});
});
afterAll(() => t.close());

describe('joining with a name and a 门牌', () => {
  it('refuses a newcomer without a name, an empty, too long or phone-like name, and a too long 门牌: nothing changes', async () => {
    const before = await databaseFingerprint(t);
    const join = (body: object, locale = 'zh-CN') => call(t, li, 'POST', `/api/invites/${w.community.inviteCode}/join`, body, { 'accept-language': locale });
    const none = await join({});
    expect([none.status, none.body.error.code, none.body.error.message]).toEqual([400, 'member.display_name_required', '请填写您在本小区的称呼（如 李阿姨）']);
    const empty = await join({ displayName: '   ' });
    expect([empty.status, empty.body.error.code, empty.body.error.message]).toEqual([400, 'member.display_name_length', '称呼 1–20 个字']);
    const long = await join({ displayName: '李'.repeat(21) }, 'en');
    expect([long.status, long.body.error.code, long.body.error.message]).toEqual([400, 'member.display_name_length', 'Names have 1–20 characters']);
    const phone = await join({ displayName: '李 138-1234-5678' });
    expect([phone.status, phone.body.error.code]).toEqual([400, 'member.display_name_phone']);
    const door = await join({ displayName: '李阿姨', doorNumber: '3'.repeat(31) });
    expect([door.status, door.body.error.code, door.body.error.message]).toEqual([400, 'member.door_number_length', '门牌最多 30 个字（如 3号楼2单元502）']);
    expect(await databaseFingerprint(t)).toEqual(before);
  });

  it('keeps her trimmed name and her 门牌; a neighbour who gives none joins under her account name with no 门牌', async () => {
    const joined = await call(t, li, 'POST', `/api/invites/${w.community.inviteCode}/join`, { displayName: '  李阿姨 ', doorNumber: ' 5号楼301 ' });
    expect(joined.status).toBe(200);
    expect(joined.body.joined).toBe(true);
    expect((await call(t, li, 'GET', `/api/communities/${w.community.id}/me`)).body).toMatchObject({ displayName: '李阿姨', doorNumber: '5号楼301', role: 'resident' });
    const rows = ((await t.database.db.execute(sql`select display_name, door_number from memberships where community_id = ${w.community.id} and user_id = ${w.residents[0].userId}`)) as unknown as { rows: { display_name: string; door_number: string }[] }).rows;
    expect(rows).toEqual([{ display_name: '居民1', door_number: '' }]);
    // Following the link again changes nothing.
    const before = await databaseFingerprint(t);
    expect((await call(t, li, 'POST', `/api/invites/${w.community.inviteCode}/join`, { displayName: '别名' })).body.joined).toBe(false);
    expect(await databaseFingerprint(t)).toEqual(before);
  });

  it('lets her change her name and 门牌 later, with the same rules', async () => {
    const changed = await call(t, w.residents[1], 'PATCH', `/api/communities/${w.community.id}/me`, { displayName: '张大哥', doorNumber: '2号楼1单元101' });
    expect(changed.body).toMatchObject({ displayName: '张大哥', doorNumber: '2号楼1单元101' });
    const before = await databaseFingerprint(t);
    expect((await call(t, w.residents[1], 'PATCH', `/api/communities/${w.community.id}/me`, { displayName: '' })).body.error.code).toBe('member.display_name_length');
    expect((await call(t, w.residents[1], 'PATCH', `/api/communities/${w.community.id}/me`, { doorNumber: '13812345678' })).body.error.code).toBe('member.door_number_phone');
    // Not a member there: nothing to change.
    expect((await call(t, w.residents[1], 'PATCH', `/api/communities/${otherCommunity.id}/me`, { displayName: '张' })).status).toBe(404);
    expect(await databaseFingerprint(t)).toEqual(before);
    const cleared = await call(t, w.residents[1], 'PATCH', `/api/communities/${w.community.id}/me`, { doorNumber: '' });
    expect(cleared.body).toMatchObject({ displayName: '张大哥', doorNumber: '' });
    await call(t, w.residents[1], 'PATCH', `/api/communities/${w.community.id}/me`, { doorNumber: '2号楼1单元101' });
  });
});

describe('the leaders\' members page and private notes', () => {
  it('lists members newest first with name, 门牌, orders and note; searches by name and 门牌; pages', async () => {
    await orderAndPay(t, li, w.groupBuy.id, 1);
    await orderAndPay(t, li, w.groupBuy.id, 1);
    const all = await directory(w.leader);
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(4); // 王叔, 居民1, 张大哥, 李阿姨
    expect(all.body.items[0]).toMatchObject({ userId: li.userId, displayName: '李阿姨', doorNumber: '5号楼301', role: 'resident', orderCount: 2, note: '', noteUpdatedAt: null });
    expect(all.body.items[0].lastOrderAt).not.toBeNull();
    expect(all.body.items[0].phoneMasked).toBe(`${li.phone.slice(0, 3)}****${li.phone.slice(7)}`);
    expect(all.body.items.find((m: { userId: string }) => m.userId === w.residents[0].userId)).toMatchObject({ orderCount: 0, lastOrderAt: null });
    expect((await directory(w.leader, '5号楼')).body.items.map((m: { displayName: string }) => m.displayName)).toEqual(['李阿姨']);
    expect((await directory(w.leader, '张大')).body.items.map((m: { doorNumber: string }) => m.doorNumber)).toEqual(['2号楼1单元101']);
    expect((await directory(w.leader, '%')).body.items).toEqual([]);
    const page1 = await call(t, w.leader, 'GET', `/api/communities/${w.community.id}/members/directory?pageSize=3`);
    const page2 = await call(t, w.leader, 'GET', `/api/communities/${w.community.id}/members/directory?pageSize=3&page=2`);
    expect([page1.body.items.length, page1.body.hasMore, page2.body.items.length, page2.body.hasMore]).toEqual([3, true, 1, false]);
  });

  it('saves, changes and clears his note; refuses a note too long or on another community\'s member, and anyone else: nothing changes', async () => {
    const url = (userId: string, cid = w.community.id) => `/api/communities/${cid}/members/${userId}/note`;
    const saved = await call(t, w.leader, 'PUT', url(li.userId), { note: '  腿脚不便，放一楼 ' });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ userId: li.userId, note: '腿脚不便，放一楼' });
    expect((await directory(w.leader, '李阿姨')).body.items[0]).toMatchObject({ note: '腿脚不便，放一楼', noteUpdatedAt: expect.any(String) });

    const before = await databaseFingerprint(t);
    const long = await call(t, w.leader, 'PUT', url(li.userId), { note: '字'.repeat(201) });
    expect([long.status, long.body.error.code, long.body.error.message]).toEqual([400, 'member.note_length', '备注最多 200 个字']);
    const elsewhere = await call(t, w.leader, 'PUT', url(otherResident.userId), { note: '不是我的人' });
    expect([elsewhere.status, elsewhere.body.error.code]).toEqual([404, 'member.not_found']);
    expect((await call(t, otherLeader, 'PUT', url(li.userId), { note: 'x' })).status).toBe(403);
    expect((await call(t, otherLeader, 'PUT', url(li.userId, otherCommunity.id), { note: 'x' })).status).toBe(404);
    expect((await call(t, li, 'PUT', url(li.userId), { note: 'x' })).status).toBe(403);
    expect((await call(t, w.residents[0], 'PUT', url(li.userId), { note: 'x' })).status).toBe(403);
    expect((await call(t, null, 'PUT', url(li.userId), { note: 'x' })).status).toBe(401);
    expect(await databaseFingerprint(t)).toEqual(before);

    const cleared = await call(t, w.leader, 'PUT', url(w.residents[0].userId), { note: '' });
    expect(cleared.body).toEqual({ userId: w.residents[0].userId, note: '', updatedAt: null });
  });
});

describe('who sees what', () => {
  const DOOR = '5号楼301';
  const NOTE = '腿脚不便';

  it('the 门牌 and the notes: her leaders and operators only; she sees her 门牌, never the note', async () => {
    const [mine, neighbour, leader, otherLead, operator, outsider] = await Promise.all([
      directory(li), directory(w.residents[0]), directory(w.leader), directory(otherLeader), directory(w.operator), directory(otherResident),
    ]);
    expect([mine.status, neighbour.status, leader.status, otherLead.status, operator.status, outsider.status]).toEqual([403, 403, 200, 403, 200, 403]);
    for (const seen of [leader, operator]) expect(JSON.stringify(seen.body)).toContain(DOOR), expect(JSON.stringify(seen.body)).toContain(NOTE);
    // The other community's leader reading his own directory finds nothing of hers.
    expect(JSON.stringify((await directory(otherLeader, '', otherCommunity.id)).body)).not.toMatch(/李阿姨|5号楼301|腿脚/);

    const me = await call(t, li, 'GET', `/api/communities/${w.community.id}/me`);
    expect(me.body.doorNumber).toBe(DOOR);
    expect(JSON.stringify(me.body)).not.toContain(NOTE);
    expect((await call(t, w.residents[0], 'GET', `/api/communities/${w.community.id}/me`)).body.doorNumber).toBe('');
    // Another community's member has no profile here.
    expect((await call(t, otherResident, 'GET', `/api/communities/${w.community.id}/me`)).status).toBe(404);
  });

  it('neighbours read her name masked in the roll call and on the group buy, never her 门牌 or a phone', async () => {
    const roll = await call(t, w.leader, 'GET', `/api/group-buys/${w.groupBuy.id}/roll-call`);
    expect(roll.body.entries.map((e: { name: string }) => e.name)).toEqual(['李**', '李**']);
    expect(roll.body.text).toContain('李**');
    expect(JSON.stringify(roll.body)).not.toMatch(/李阿姨|5号楼/);
    expect(JSON.stringify(roll.body)).not.toMatch(UNMASKED_MOBILE);
    const gb = await call(t, w.residents[0], 'GET', `/api/group-buys/${w.groupBuy.id}`);
    expect(gb.status).toBe(200);
    expect(JSON.stringify(gb.body)).not.toMatch(/李阿姨|5号楼301/);
    expect(JSON.stringify(gb.body)).not.toMatch(UNMASKED_MOBILE);
  });
});
