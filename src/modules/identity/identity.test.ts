import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, testPhone, usesPostgres, type TestApp } from '../../testing/app.js';
import { call } from '../../testing/world.js';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t?.close(); });

async function requestCode(phone: string) {
  const res = await call(t, null, 'POST', '/api/auth/code', { phone });
  expect(res.status).toBe(200);
  return t.sms.lastCodeFor(phone)!;
}

describe('login with phone and one-time code', () => {
  it('logs in with the code from the SMS and sets an HttpOnly SameSite session cookie', async () => {
    const phone = testPhone();
    const code = await requestCode(phone);
    expect(code).toMatch(/^\d{6}$/);
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/verify', payload: { phone, code } });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/linli_session=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const cookie = setCookie.split(';')[0];
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect(me.json().user.phoneMasked).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
    expect(me.json().user.isOperator).toBe(false);
  });

  it('refuses a wrong code, counts attempts, and kills the code after five', async () => {
    const phone = testPhone();
    const code = await requestCode(phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 4; i >= 1; i--) {
      const res = await call(t, null, 'POST', '/api/auth/verify', { phone, code: wrong });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('auth.code_invalid');
      expect(res.body.error.message).toContain(String(i));
    }
    const fifth = await call(t, null, 'POST', '/api/auth/verify', { phone, code: wrong });
    expect(fifth.body.error.code).toBe('auth.code_attempts_exceeded');
    // Even the right code is dead now.
    const right = await call(t, null, 'POST', '/api/auth/verify', { phone, code });
    expect(right.status).toBe(429);
  });

  // PostgreSQL only: PGlite runs one query at a time, so the race cannot happen there.
  it.skipIf(!usesPostgres())('compares at most five of 40 wrong codes sent at once, then kills the code', async () => {
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

  it('refuses an expired code and a code used twice', async () => {
    const phone = testPhone();
    const code = await requestCode(phone);
    await t.database.db.execute(sql`update login_codes set expires_at = now() - interval '1 second' where phone = ${phone}`);
    const expired = await call(t, null, 'POST', '/api/auth/verify', { phone, code });
    expect(expired.body.error.code).toBe('auth.code_expired');

    const code2 = await requestCode(phone);
    expect((await call(t, null, 'POST', '/api/auth/verify', { phone, code: code2 })).status).toBe(200);
    expect((await call(t, null, 'POST', '/api/auth/verify', { phone, code: code2 })).body.error.code).toBe('auth.code_expired');
  });

  it('rejects malformed phone numbers in zh-CN by default and in English on request', async () => {
    const zh = await call(t, null, 'POST', '/api/auth/code', { phone: '12345' });
    expect(zh.status).toBe(400);
    expect(zh.body.error).toEqual({ code: 'auth.phone_invalid', message: '请输入正确的 11 位手机号' });
    const en = await call(t, null, 'POST', '/api/auth/code', { phone: '12345' }, { 'accept-language': 'en-US,en' });
    expect(en.body.error.message).toBe('Please enter a valid 11-digit mobile number');
  });

  it('throttles code requests per phone', async () => {
    const strict = await createTestApp({ loginCodeResendSeconds: 60 });
    try {
      const phone = testPhone();
      expect((await call(strict, null, 'POST', '/api/auth/code', { phone })).status).toBe(200);
      const again = await call(strict, null, 'POST', '/api/auth/code', { phone });
      expect(again.status).toBe(429);
      expect(again.body.error.code).toBe('auth.code_too_soon');
      expect(strict.sms.sent.filter((m) => m.phone === phone)).toHaveLength(1);
    } finally {
      await strict.close();
    }
  });

  it('answers 401 without a session, and logout ends the session', async () => {
    expect((await call(t, null, 'GET', '/api/me')).status).toBe(401);
    const phone = testPhone();
    const code = await requestCode(phone);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/verify', payload: { phone, code } });
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('answers malformed JSON and oversized bodies with a clear error', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/auth/code', headers: { 'content-type': 'application/json' }, payload: '{"phone":' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('request.malformed_json');
    const huge = await t.app.inject({ method: 'POST', url: '/api/auth/code', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ phone: 'x'.repeat(100_000) }) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('request.too_large');
    const unknown = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(unknown.statusCode).toBe(404);
  });
});
