import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../app.js';
import { openDatabase, type Database } from '../../platform/db/client.js';
import { createTestApp, sessionCookie, usesPostgres, type TestApp } from '../../testing/app.js';
import { findOrCreateUser, setOperator } from './service.js';
import { sessions } from './schema.js';
import { SessionCache } from './session-cache.js';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Two app instances on one database, each with its own session cache (a minute long, so that only
 * an invalidation can explain a refusal). On PostgreSQL the second instance has its own pool and
 * hears changes through LISTEN/NOTIFY; on PGlite (one process) it shares the embedded database.
 */
describe('sessions answered from memory', () => {
  let a: TestApp;
  let b: Awaited<ReturnType<typeof buildApp>>;
  let bDatabase: Database | null = null;
  beforeAll(async () => {
    a = await createTestApp({ sessionCacheMs: 60_000 });
    const bDb = usesPostgres()
      ? (bDatabase = await openDatabase({ url: (a.database.db as unknown as { $client: { options: { connectionString: string } } }).$client.options.connectionString, poolSize: 4 })).db
      : a.database.db;
    b = await buildApp({ ...a.ctx, db: bDb, sessionCache: undefined }, { serveWeb: false });
  });
  afterAll(async () => {
    await b?.close();
    await bDatabase?.close();
    await a?.close();
  });
  const me = (app: TestApp['app'], cookie: string) => app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
  /**
   * The other instance hears a change by NOTIFY, a few milliseconds after the commit (the writer's
   * answer can overtake it): asks again for at most half a second — against a minute-long cache.
   */
  const soon = async <T>(ask: () => Promise<T>, done: (v: T) => boolean): Promise<T> => {
    const until = Date.now() + 500;
    let v = await ask();
    while (!done(v) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 5));
      v = await ask();
    }
    return v;
  };

  it('serves a seen session without reading the database again, until it is invalidated', async () => {
    const { cookie } = await sessionCookie(a);
    expect((await me(a.app, cookie)).statusCode).toBe(200);
    // Removed behind the app's back (no announcement): the cached sign-in still answers.
    await a.database.db.delete(sessions).where(sql`token_hash = ${hash(cookie.split('=')[1])}`);
    expect((await me(a.app, cookie)).statusCode).toBe(200);
    a.ctx.sessionCache!.clear();
    expect((await me(a.app, cookie)).statusCode).toBe(401);
  });

  it('refuses a logged-out session at once on the other instance too', async () => {
    const { cookie } = await sessionCookie(a);
    expect((await me(a.app, cookie)).statusCode).toBe(200);
    expect((await me(b, cookie)).statusCode).toBe(200);
    const out = await a.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(200);
    expect((await me(a.app, cookie)).statusCode).toBe(401);
    expect((await soon(() => me(b, cookie), (r) => r.statusCode === 401)).statusCode).toBe(401);
  });

  it('takes a removed operator role away at once on the other instance', async () => {
    const { cookie, userId } = await sessionCookie(a, { operator: true });
    const queue = (app: TestApp['app']) => app.inject({ method: 'GET', url: '/api/console/claims', headers: { cookie } });
    expect((await queue(a.app)).statusCode).toBe(200);
    expect((await queue(b)).statusCode).toBe(200);
    expect((await me(b, cookie)).json().user.isOperator).toBe(true);
    await setOperator(a.database.db, userId, false);
    expect((await soon(() => queue(b), (r) => r.statusCode === 403)).statusCode).toBe(403);
    expect((await me(b, cookie)).json().user.isOperator).toBe(false);
    expect((await soon(() => queue(a.app), (r) => r.statusCode === 403)).statusCode).toBe(403);
  });

  it('shows a changed name on the other instance at once', async () => {
    const { cookie } = await sessionCookie(a, { name: '旧名' });
    expect((await me(b, cookie)).json().user.name).toBe('旧名');
    const patch = await a.app.inject({ method: 'PATCH', url: '/api/me', headers: { cookie }, payload: { name: '新名' } });
    expect(patch.statusCode).toBe(200);
    expect((await soon(() => me(b, cookie), (r) => r.json().user.name === '新名')).json().user.name).toBe('新名');
  });

  it('does not keep a session past its expiry', async () => {
    const user = await findOrCreateUser(a.database.db, `139${String(Date.now()).slice(-8)}`, '');
    const token = randomBytes(32).toString('base64url');
    await a.database.db.insert(sessions).values({ tokenHash: hash(token), userId: user.id, expiresAt: new Date(Date.now() + 1_500) });
    const cookie = `linli_session=${token}`;
    expect((await me(a.app, cookie)).statusCode).toBe(200);
    expect((await me(b, cookie)).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 1_600));
    expect((await me(a.app, cookie)).statusCode).toBe(401);
    expect((await me(b, cookie)).statusCode).toBe(401);
  });
});

describe('the session cache alone', () => {
  const user = (id: string) => ({ id, phone: '13800000000', name: '', isOperator: false });
  const far = new Date(Date.now() + 86_400_000);

  it('keeps at most its bound, dropping the oldest entries', () => {
    const cache = new SessionCache(60_000, 100);
    for (let i = 0; i < 250; i++) cache.store(cache.begin(), `t${i}`, user(`u${i}`), far);
    expect(cache.size).toBeLessThanOrEqual(100);
    expect(cache.get('t0')).toBeUndefined();
    expect(cache.get('t249')?.id).toBe('u249');
  });

  it('forgets an entry after its time to live', () => {
    let now = 1_000;
    const cache = new SessionCache(5_000, 100, () => now);
    cache.store(cache.begin(), 't', user('u'), far);
    now += 4_999;
    expect(cache.get('t')?.id).toBe('u');
    now += 1;
    expect(cache.get('t')).toBeUndefined();
  });

  it('does not store a read that an invalidation overtook', () => {
    const cache = new SessionCache(60_000, 100);
    const ticket = cache.begin();
    cache.hear('s:t');
    cache.store(ticket, 't', user('u'), far);
    expect(cache.get('t')).toBeUndefined();
    cache.store(cache.begin(), 't', user('u'), far);
    cache.hear('u:u');
    expect(cache.get('t')).toBeUndefined();
  });
});
