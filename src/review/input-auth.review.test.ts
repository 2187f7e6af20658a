import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { createTestApp, sessionCookie, testPhone, usesPostgres, type TestApp } from '../testing/app.js';
import { buildWorld, call } from '../testing/world.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 0 });
});
afterAll(async () => { await t?.close(); });

describe('review: input and auth', () => {
  it('joining through an invite link whose ?from= is not a user gives a clear answer, not a 500', async () => {
    const r = await sessionCookie(t, { name: '新邻居' });
    // The web passes the link's ?from= through as invitedBy; links get edited/garbled/forged.
    const res = await call(t, r, 'POST', `/api/invites/${world.community.inviteCode}/join`, { invitedBy: randomUUID() });
    expect(res.status).toBe(200);
    expect(res.body.joined).toBe(true);
  });

  // PostgreSQL only: PGlite runs one query at a time, so the race cannot happen there.
  it.skipIf(!usesPostgres())('parallel wrong guesses cannot get more login-code checks than the attempt limit', async () => {
    const phone = testPhone();
    expect((await call(t, null, 'POST', '/api/auth/code', { phone })).status).toBe(200);
    const sent = t.sms.sent.filter((m: { phone: string }) => m.phone === phone).at(-1)!;
    const code = /\d{6}/.exec(sent.text)![0];
    const wrong = Array.from({ length: 40 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'));
    // 40 wrong guesses at once: only 5 may ever be compared with the code.
    const results = await Promise.all(wrong.map((c) => call(t, null, 'POST', '/api/auth/verify', { phone, code: c })));
    expect(results.every((r) => r.status === 400 || r.status === 429)).toBe(true);
    expect(results.filter((r) => r.body.error.code === 'auth.code_invalid').length).toBeLessThanOrEqual(4);
    const [{ attempts }] = ((await t.database.db.execute(sql`select attempts from login_codes where phone = ${phone}`)) as unknown as { rows: { attempts: number }[] }).rows;
    expect(attempts).toBe(5);
    // The code is dead now, even the right one.
    expect((await call(t, null, 'POST', '/api/auth/verify', { phone, code })).status).toBe(429);
  });
});
