import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/app.js';
import { call, type Actor } from '../../testing/world.js';
import { DEFAULT_TIME_ZONE } from '../../platform/time.js';

let t: TestApp;
let operator: Actor;
beforeAll(async () => {
  t = await createTestApp();
  operator = await sessionCookie(t, { operator: true, name: '运营' });
});
afterAll(async () => { await t?.close(); });

const body = (over: Record<string, unknown> = {}) => ({
  name: '时区小区', address: '某路 2 号', pickupPointName: '驿站', pickupPointAddress: '1 楼', pickupHours: '08:00-20:00', ...over,
});
const communities = async () => Number(((await t.database.db.execute(sql`select count(*)::int as n from communities`)) as unknown as { rows: { n: number }[] }).rows[0].n);

describe("a community's own time zone", () => {
  it('is the default zone when none is given, and any IANA zone when one is', async () => {
    const plain = await call(t, operator, 'POST', '/api/communities', body());
    expect(plain.status).toBe(201);
    expect(plain.body.timeZone).toBe(DEFAULT_TIME_ZONE);
    const urumqi = await call(t, operator, 'POST', '/api/communities', body({ timeZone: 'Asia/Urumqi' }));
    expect(urumqi.status).toBe(201);
    expect(urumqi.body.timeZone).toBe('Asia/Urumqi');
    const moved = await call(t, operator, 'PATCH', `/api/communities/${plain.body.id}`, { timeZone: 'Europe/Berlin' });
    expect(moved.body.timeZone).toBe('Europe/Berlin');
  });

  it('refuses an unknown zone, an offset or a POSIX name with a clear 400 in the reader\'s language, and writes nothing', async () => {
    const before = await communities();
    for (const timeZone of ['Mars/Olympus', '+08:00', 'EST5EDT', 'Asia/Shanghai; drop table users']) {
      const zh = await call(t, operator, 'POST', '/api/communities', body({ timeZone }));
      expect(zh.status).toBe(400);
      expect(zh.body.error).toEqual({ code: 'community.timezone_invalid', message: `不认识的时区「${timeZone}」：请填 IANA 时区名，例如 Asia/Shanghai、Asia/Urumqi`, details: { timeZone } });
    }
    const en = await call(t, operator, 'POST', '/api/communities', body({ timeZone: 'Mars/Olympus' }), { 'accept-language': 'en' });
    expect(en.body.error.message).toBe('Unknown time zone "Mars/Olympus": use an IANA name such as Asia/Shanghai or Europe/Berlin');
    expect(await communities()).toBe(before);
  });
});
