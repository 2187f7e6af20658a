import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { buildWorld, call, idemKey, multipart, TINY_PDF } from '../../testing/world.js';
import { databaseInputError } from './postgres-errors.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 1 });
});
afterAll(async () => { await t?.close(); });

const rows = async <T>(q: ReturnType<typeof sql>) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const refused = (res: { status: number; body: { error: { code: string; message: string } } }) => {
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('request.invalid');
  return res.body.error.message;
};

describe('a NUL character is refused with 400 wherever it comes in', () => {
  it('in a path parameter: the public trace page and the invitation preview', async () => {
    expect(refused(await call(t, null, 'GET', '/api/trace/%00'))).toBe('请求内容有误：code 含有不允许的空字符（NUL）');
    expect(refused(await call(t, null, 'GET', '/api/invites/ab%00cd', undefined, { 'accept-language': 'en' }))).toBe('Invalid request: code contains a NUL character');
  });

  it('in the query', async () => {
    const res = await call(t, world.residents[0], 'GET', `/api/communities/${world.community.id}/group-buys?filter=%00`);
    expect(refused(res)).toContain('filter');
  });

  it('in a JSON string: her name stays as it was', async () => {
    const r = world.residents[0];
    expect(refused(await call(t, r, 'PATCH', '/api/me', { name: '李\u0000阿姨' }))).toContain('name');
    expect((await call(t, r, 'GET', '/api/me')).body.user.name).toBe('居民1');
  });

  it('in product fields and nested arrays: no product is created', async () => {
    const before = await rows<{ n: number }>(sql`select count(*)::int as n from products`);
    const res = await call(t, world.operator, 'POST', '/api/products', { name: '草莓', spec: '500g', unit: '盒', origin: '丹东', description: '', imageUrls: ['/a.png', 'x\u0000'], listPriceFen: 100 });
    expect(refused(res)).toContain('imageUrls.1');
    expect(await rows<{ n: number }>(sql`select count(*)::int as n from products`)).toEqual(before);
  });

  it('in post text read by the route itself (no body schema)', async () => {
    const res = await call(t, world.residents[0], 'POST', `/api/communities/${world.community.id}/posts`, { kind: 'question', body: '周末\u0000开门吗' });
    expect(refused(res)).toContain('body');
  });

  it('in multipart field values and file names', async () => {
    const r = world.residents[0];
    const post = async (fields: Record<string, string>, files: Parameters<typeof multipart>[1] = []) => {
      const body = multipart(fields, files);
      const res = await t.app.inject({ method: 'POST', url: `/api/communities/${world.community.id}/posts`, headers: { ...body.headers, cookie: r.cookie }, payload: body.payload });
      return { status: res.statusCode, body: JSON.parse(res.body) };
    };
    expect(refused(await post({ payload: '{"kind":"question","body":"a\u0000b"}' }))).toContain('payload');
    expect(refused(await post({ payload: '{"kind":"question","body":"ok"}' }, [{ field: 'images', filename: 'a\u0000.png', bytes: TINY_PDF, type: 'image/png' }]))).toContain('images.filename');
    // Escaped inside the JSON the feed reads from its `payload` field, it is found there too.
    const escaped = await post({ payload: JSON.stringify({ kind: 'question', body: 'a\u0000b' }) });
    expect(refused(escaped)).toBe('请求内容有误：payload.body 含有不允许的空字符（NUL）');
    const [{ n }] = await rows<{ n: number }>(sql`select count(*)::int as n from posts where author_id = ${r.userId}`);
    expect(n).toBe(0);
  });
});

describe('broken Unicode is refused like NUL', () => {
  it('a lone surrogate (a JSON "\\ud800" escape) in product standards, which jsonb cannot store', async () => {
    const payload = '{"name":"草莓","spec":"500g","unit":"盒","origin":"丹东","description":"","imageUrls":[],"standards":["\\ud800"],"listPriceFen":100}';
    const res = await t.app.inject({ method: 'POST', url: '/api/products', headers: { cookie: world.operator.cookie, 'content-type': 'application/json', 'accept-language': 'en' }, payload });
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).error).toEqual({ code: 'request.invalid', message: 'Invalid request: standards.0 contains a broken Unicode character', details: { field: 'standards.0' } });
  });
});

describe('the database\'s refusal of a value is a 400, not a 500 (the net under the guard)', () => {
  it('real refusals from this database (NUL in text, a date out of range, text as a number) are recognised through drizzle\'s wrapper', async () => {
    const refusal = async (query: ReturnType<typeof sql>) => t.database.db.execute(query).then(() => null, (err: unknown) => err);
    for (const query of [sql`select ${'a\u0000b'}::text`, sql`select '300000-01-01'::timestamptz`, sql`select 'many'::int`, sql`select 2147483648::int`]) {
      const err = await refusal(query);
      expect(err).not.toBeNull();
      expect(databaseInputError(err)?.message_('en')).toBe('Invalid request: a value is out of range or contains characters that cannot be stored');
    }
    expect(databaseInputError(await refusal(sql`select 1 / 0`))).toBeNull();
  });
});

describe('other inputs that used to give 500', () => {
  it('PATCH /api/me with nothing to change is a 400, also when every field is unknown', async () => {
    const r = world.residents[0];
    expect(refused(await call(t, r, 'PATCH', '/api/me', {}))).toBe('请求内容有误：没有要修改的内容');
    expect(refused(await call(t, r, 'PATCH', '/api/me', { nickname: 'x' }))).toBe('请求内容有误：没有要修改的内容');
    expect((await call(t, r, 'PATCH', '/api/me', { name: '李阿姨' })).status).toBe(200);
  });

  it('dates outside years 1–9999 are refused by field, before the database', async () => {
    const invite = (closesAt: string) => call(t, world.operator, 'POST', '/api/cocreate', { title: '新包装', description: '试用新包装', kind: 'other', levels: ['A'], seats: 3, closesAt }, { 'accept-language': 'en' });
    expect(refused(await invite('+200000-01-01T00:00:00Z'))).toBe('Invalid request: the date in closesAt is out of range (years 1 to 9999 only)');
    expect(refused(await invite('-005000-01-01T00:00:00Z'))).toContain('closesAt');
    expect((await invite('+300000-01-01T00:00:00Z')).status).toBe(400);
    const [{ n }] = await rows<{ n: number }>(sql`select count(*)::int as n from cocreate_invitations`);
    expect(n).toBe(0);
  });

  it('numbers of 2^31 and beyond are refused, also on a retry with an idempotency key already used', async () => {
    const r = world.residents[0];
    const item = world.groupBuy.items[0].id;
    expect(refused(await call(t, r, 'PUT', `/api/communities/${world.community.id}/basket/items/${item}`, { quantity: 2147483648 }))).toContain('quantity');
    const key = idemKey();
    const first = await call(t, r, 'POST', `/api/group-buys/${world.groupBuy.id}/orders`, { quantity: 1, idempotencyKey: key });
    expect(first.status).toBe(201);
    const again = await call(t, r, 'POST', `/api/group-buys/${world.groupBuy.id}/orders`, { quantity: 2147483648, idempotencyKey: key });
    expect(refused(again)).toContain('quantity');
    const big = await call(t, world.leader, 'POST', `/api/purchase-order-lines/${world.groupBuy.items[0].id}/receive`, { quantityReceived: -2147483649 }, { 'accept-language': 'en' });
    expect(refused(big)).toBe('Invalid request: quantityReceived is too large (at most ±2147483647)');
    const [{ n }] = await rows<{ n: number }>(sql`select count(*)::int as n from orders where user_id = ${r.userId}`);
    expect(n).toBe(1);
  });

  it('database data errors caused by values become request.invalid; our own mistakes stay 500s', () => {
    const wrapped = (code: string) => Object.assign(new Error('Failed query'), { cause: Object.assign(new Error('pg'), { code }) });
    for (const code of ['22021', '22P05', '22008', '22003', '22P02', '22001']) expect(databaseInputError(wrapped(code))?.code).toBe('request.invalid');
    expect(databaseInputError(wrapped('22012'))).toBeNull();
    expect(databaseInputError(wrapped('23505'))).toBeNull();
    expect(databaseInputError(new Error('plain'))).toBeNull();
  });
});
