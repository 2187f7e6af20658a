import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/app.js';
import { buildWorld, call, multipart, TINY_PDF, type Actor } from '../../testing/world.js';
import { scenePhoto } from '../../db/sample-photos.js';
import { otherCommunity, trainingSnapshot } from '../../testing/training.js';
import { UNMASKED_MOBILE } from '../../testing/phone.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
let otherLeader: Actor;
const DAY = 86_400_000;

const profileUrl = () => `/api/communities/${world.community.id}/leaders/${world.leader.userId}/profile`;

async function putMultipart(actor: Actor | null, url: string, fields: Record<string, string>, files: { field: string; filename: string; bytes: Buffer; type?: string }[]) {
  const body = multipart(fields, files);
  const res = await t.app.inject({ method: 'PUT', url, headers: { ...body.headers, ...(actor ? { cookie: actor.cookie } : {}) }, payload: body.payload });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 2 });
  otherLeader = await sessionCookie(t, { name: '李叔' });
  await otherCommunity(t, world.operator, otherLeader);
  // 王叔 moved in two and a half years ago (years in the community count from his membership).
  await t.database.db.execute(sql`update memberships set joined_at = ${new Date(t.clock.now().getTime() - Math.round(2.5 * 365.25 * DAY))} where user_id = ${world.leader.userId}`);
});
afterAll(async () => { await t?.close(); });

describe('the leader profile', () => {
  it('shows residents who he is, without any phone number', async () => {
    const res = await call(t, world.residents[0], 'GET', profileUrl());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      userId: world.leader.userId, communityId: world.community.id, communityName: '测试小区',
      name: '王叔', title: '生活顾问', displayTitle: '测试小区的生活顾问-王叔',
      mission: '', photoUrl: null, yearsInCommunity: 2.5, endorsements: 1, certificates: [], honours: [],
    });
    expect(new Date(res.body.joinedAt).getTime()).toBeLessThan(t.clock.now().getTime() - 2 * 365 * DAY);
    const text = JSON.stringify(res.body);
    for (const phone of [world.leader.phone, world.residents[0].phone, world.operator.phone]) expect(text).not.toContain(phone);
    expect(text).not.toMatch(/phone/i);
    expect(text).not.toMatch(UNMASKED_MOBILE);

    const en = await call(t, world.residents[0], 'GET', `${profileUrl()}?lang=en`);
    expect(en.body.displayTitle).toBe('王叔, 生活顾问 of 测试小区');
  });

  it('counts only his standing endorsements', async () => {
    const list = await call(t, world.leader, 'GET', `/api/communities/${world.community.id}/endorsements`);
    await call(t, world.leader, 'POST', `/api/endorsements/${list.body.items[0].id}/withdraw`, { reason: '这批次口感变了，先撤下' });
    expect((await call(t, world.residents[0], 'GET', profileUrl())).body.endorsements).toBe(0);
    await call(t, world.leader, 'POST', `/api/communities/${world.community.id}/endorsements`, { productId: world.product.id, rating: 5, story: '新批次我又试吃了，甜度回来了。' });
    expect((await call(t, world.residents[0], 'GET', profileUrl())).body.endorsements).toBe(1);
  });

  it('lets the leader write his mission and upload a public photo', async () => {
    const mission = '我是王叔，在小区住了十多年，每样东西我先尝，好了才推荐给邻居。';
    const json = await call(t, world.leader, 'PUT', `/api/communities/${world.community.id}/leader-profile`, { mission: `  ${mission}  ` });
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ mission, photoUrl: null, name: '王叔' });

    const photo = await scenePhoto(7);
    const withPhoto = await putMultipart(world.leader, `/api/communities/${world.community.id}/leader-profile`, {}, [{ field: 'photo', filename: 'wang.jpg', bytes: photo, type: 'image/jpeg' }]);
    expect(withPhoto.status).toBe(200);
    expect(withPhoto.body.mission).toBe(mission); // left out: unchanged
    expect(withPhoto.body.photoUrl).toMatch(/^\/api\/files\/[0-9a-f-]{36}$/);

    const seen = await call(t, world.residents[1], 'GET', profileUrl());
    expect(seen.body).toMatchObject({ mission, photoUrl: withPhoto.body.photoUrl });
    const file = await t.app.inject({ method: 'GET', url: withPhoto.body.photoUrl, headers: { cookie: world.residents[1].cookie } });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    // Shown re-encoded without its metadata: the same picture, not the same bytes.
    const [served, sent] = await Promise.all([sharp(file.rawPayload).metadata(), sharp(photo).metadata()]);
    expect({ width: served.width, height: served.height, exif: served.exif }).toEqual({ width: sent.width, height: sent.height, exif: undefined });

    const removed = await call(t, world.leader, 'PUT', `/api/communities/${world.community.id}/leader-profile`, { removePhoto: true });
    expect(removed.body).toMatchObject({ mission, photoUrl: null });
    const events = (await t.database.db.execute(sql`select count(*)::int as n from domain_events where type = 'leader.profile_updated'`)) as unknown as { rows: { n: number }[] };
    expect(Number(events.rows[0].n)).toBe(3);
  });

  it('refuses a long mission or a photo that is not an image, and changes nothing', async () => {
    const before = await trainingSnapshot(t);
    const long = await call(t, world.leader, 'PUT', `/api/communities/${world.community.id}/leader-profile`, { mission: '好'.repeat(201) });
    expect(long.status).toBe(400);
    expect(long.body.error).toMatchObject({ code: 'leader_profile.mission_too_long', details: { max: 200 }, message: '服务宣言最多 200 个字' });
    const pdf = await putMultipart(world.leader, `/api/communities/${world.community.id}/leader-profile`, { mission: '新的宣言' }, [{ field: 'photo', filename: 'me.jpg', bytes: TINY_PDF, type: 'image/jpeg' }]);
    expect({ status: pdf.status, code: pdf.body.error.code }).toEqual({ status: 400, code: 'file.not_image' });
    expect(await trainingSnapshot(t)).toEqual(before);
    expect((await call(t, world.residents[0], 'GET', profileUrl())).body.mission).not.toBe('新的宣言');
  });

  it('accepts exactly 200 characters', async () => {
    const res = await call(t, world.leader, 'PUT', `/api/communities/${world.community.id}/leader-profile`, { mission: '邻'.repeat(200) });
    expect(res.status).toBe(200);
    expect(res.body.mission).toHaveLength(200);
  });

  it('has no profile for someone who does not lead the community', async () => {
    const res = await call(t, world.residents[0], 'GET', `/api/communities/${world.community.id}/leaders/${world.residents[1].userId}/profile`);
    expect({ status: res.status, code: res.body.error.code }).toEqual({ status: 404, code: 'leader_profile.not_found' });
    const otherHere = await call(t, world.residents[0], 'GET', `/api/communities/${world.community.id}/leaders/${otherLeader.userId}/profile`);
    expect(otherHere.status).toBe(404);
  });

  it('does not prefix the community twice when the title already names it', async () => {
    await call(t, world.operator, 'POST', `/api/communities/${world.community.id}/leaders`, { phone: world.leader.phone, name: '王叔', title: '测试小区的生活顾问' });
    const res = await call(t, world.residents[0], 'GET', profileUrl());
    expect(res.body.displayTitle).toBe('测试小区的生活顾问-王叔');
  });
});
