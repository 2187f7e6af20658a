import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/app.js';
import { loadConfig } from '../../config.js';
import { buildWorld, call, idemKey, multipart, type Actor } from '../../testing/world.js';

/**
 * Every operation of the OpenAPI description, tried as an attacker would: wrong types, NUL
 * characters, huge strings, numbers beyond int4 and negative ones, dates PostgreSQL cannot
 * store, garbage in path parameters, multipart with NUL names — as the operator and as a leader
 * or a resident. No answer may be a 5xx. Deterministic: one seed picks the second actor and the
 * made-up ids, so a failure reproduces. FUZZ_STATS=1 prints answers counted by kind of case and
 * status (how deep the run gets), FUZZ_STATS=2 also each plausible request's answer.
 */

type Schema = {
  type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; enum?: unknown[];
  format?: string; pattern?: string; minLength?: number; maxLength?: number; minimum?: number; maximum?: number;
  minItems?: number; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[]; $ref?: string; nullable?: boolean; default?: unknown;
};
type Parameter = { in: 'path' | 'query' | 'header' | 'cookie'; name: string; required?: boolean; schema?: Schema };
type Operation = { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } };
type Spec = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };

/** mulberry32: a small seeded generator, so every run sends the same requests. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(11);
const madeUpUuid = () => {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

const HUGE = 'x'.repeat(60_000); // within the 64 KiB body limit
const NUL = 'a\u0000b';
const BAD_DATES: unknown[] = ['-005000-01-01T00:00:00.000Z', '+200000-01-01T00:00:00Z', '+300000-01-01T00:00:00Z', '0000-01-01T00:00:00Z', '9999-99-99', 8.64e15, -8.64e15, 1e20];
const BAD_NUMBERS: unknown[] = [2147483648, -2147483649, 9007199254740993, 1e308, -1, 0, 0.5, '1', null];
const BAD_STRINGS: unknown[] = [NUL, HUGE, 2147483648, { a: 1 }, ['a'], null, '\ud800', ''];

let t: TestApp;
let spec: Spec;
let world: Awaited<ReturnType<typeof buildWorld>>;
let known: Record<string, string>;

beforeAll(async () => {
  // Limits far above what the fuzz sends, so every request reaches its route.
  const http = loadConfig({}).http;
  const high = { max: 1_000_000, windowSeconds: 60 };
  t = await createTestApp({ http: { ...http, rateLimits: Object.fromEntries(Object.keys(http.rateLimits).map((k) => [k, high])) as typeof http.rateLimits } });
  world = await buildWorld(t, { residents: 2 });
  const [her] = world.residents;
  const placed = await call(t, her, 'POST', `/api/group-buys/${world.groupBuy.id}/orders`, { quantity: 1, idempotencyKey: idemKey() });
  const post = await call(t, her, 'POST', `/api/communities/${world.community.id}/posts`, { kind: 'question', body: '周末驿站开门吗？' });
  const order = await call(t, her, 'GET', `/api/orders/${placed.body.order.id}`);
  known = {
    communities: world.community.id, 'group-buys': world.groupBuy.id, products: world.product.id, batches: world.batch.id,
    suppliers: world.supplier.id, leaders: world.leader.userId, orders: placed.body.order.id, payments: placed.body.payment.paymentId,
    posts: post.body.id, 'order-lines': order.body.lines?.[0]?.id ?? madeUpUuid(),
    itemId: world.groupBuy.items[0].id, productId: world.product.id, userId: world.leader.userId, groupBuyId: world.groupBuy.id,
    communityId: world.community.id, supplierId: world.supplier.id, batchId: world.batch.id, orderId: placed.body.order.id,
    leaderId: world.leader.userId, residentKey: her.userId, postId: post.body.id,
    invites: world.community.inviteCode, trace: world.batch.code, provider: t.payments.name,
  };
  await t.app.ready();
  spec = t.app.swagger() as unknown as Spec;
});
afterAll(async () => { await t?.close(); });

function resolve(schema: Schema | undefined): Schema {
  let s = schema ?? {};
  for (let i = 0; s.$ref && i < 10; i++) s = spec.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')] ?? {};
  if (s.allOf?.length) return resolve(Object.assign({}, ...s.allOf.map(resolve)));
  const options = s.anyOf ?? s.oneOf;
  if (options?.length) return resolve(options.find((o) => resolve(o).type !== 'null') ?? options[0]);
  return s;
}
const typeOf = (s: Schema) => (Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type);

const DATE_NAME = /At$|Until$|^from$|^to$|Date$|^at$/;
const HOUR = 3_600_000;
/** Times in the order the domain wants them: what happened lies in the past, what is planned ahead. */
function dateFor(name: string): string {
  const offsets: Record<string, number> = { producedAt: -3, inspectedAt: -2, at: -1, from: -24 * 30, to: 0, opensAt: 1, cutoffAt: 24, closesAt: 48, startsAt: 48, pickupStartAt: 48, endsAt: 50, pickupEndAt: 72, firstLaunchUntil: 24 * 30 };
  return new Date(t.clock.now().getTime() + (offsets[name] ?? 48) * HOUR).toISOString();
}

/** A value the schema accepts, as far as a schema can say (ids of the world's things by name). */
function plausible(schema: Schema | undefined, name = ''): unknown {
  const s = resolve(schema);
  if (s.enum?.length) return s.enum[0];
  switch (typeOf(s)) {
    case 'string': {
      if (s.format === 'uuid') return known[name] ?? known[name.replace(/s$/, 'Id')] ?? madeUpUuid();
      if (s.format === 'date-time' || DATE_NAME.test(name)) return dateFor(name);
      if (s.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return '2030-01-01';
      if (s.pattern?.startsWith('^[\\x21-\\x7e]')) return `fuzz-${idemKey()}`;
      const byName: Record<string, string> = { phone: '13800138000', contactPhone: '13800138000', timeZone: 'Asia/Shanghai', pickupHours: '08:00-20:00', birthday: '03-08', code: '12345678', couponCode: 'WELCOME10', creditCode: '91350100M000100Y43', key: 'fuzz_rule', levels: 'A' };
      if (byName[name]) return byName[name];
      if (/url/i.test(name)) return 'https://example.com/a.png';
      const text = '邻里测试内容';
      const min = s.minLength ?? 1;
      const max = s.maxLength ?? 40;
      return text.repeat(Math.ceil(min / text.length)).slice(0, Math.max(min, Math.min(max, text.length)));
    }
    case 'integer':
    case 'number':
      return Math.min(s.maximum ?? 3, Math.max(s.minimum ?? 1, 1));
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => plausible(s.items, name));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = plausible(v, k);
      return out;
    }
    default:
      // An untyped property (z.coerce.date gives `{}`): most are dates.
      return DATE_NAME.test(name) ? dateFor(name) : '邻里';
  }
}

/** Wrong and hostile values for one property, by what it should be. */
function hostile(schema: Schema | undefined): unknown[] {
  const s = resolve(schema);
  switch (typeOf(s)) {
    case 'string': return s.format === 'uuid' ? [...BAD_STRINGS, 'not-a-uuid', '00000000-0000-0000-0000-000000000000'] : s.pattern ? [...BAD_STRINGS, '9999-99-99', '0000-00-00'] : BAD_STRINGS;
    case 'integer':
    case 'number': return BAD_NUMBERS;
    case 'boolean': return ['true', 1, NUL];
    case 'array': return [[NUL], Array.from({ length: 2000 }, () => 'x'), NUL, [[]], [{}], [2147483648]];
    case 'object': return [NUL, [], { [NUL]: NUL }];
    default: return [...BAD_DATES, NUL, HUGE, { a: 1 }];
  }
}

/**
 * Bodies of the operations that read JSON or multipart by hand (no body schema in the
 * description), so their fields are fuzzed too; their schema is inferred from the sample.
 */
const HINTS: Record<string, () => Record<string, unknown>> = {
  'post /api/communities/{id}/posts': () => ({ kind: 'question', title: '问一下', body: '周末驿站开门吗？' }),
  'post /api/posts/{id}/comments': () => ({ body: '开的' }),
  'put /api/communities/{id}/welcome-gift': () => ({ title: '入群礼', description: '欢迎新邻居', couponCode: 'WELCOME10' }),
  'post /api/communities/{id}/endorsements': () => ({ productId: known.productId, rating: 5, story: '我自己先买了两盒试吃' }),
  'post /api/claims': () => ({ lineId: known['order-lines'], kind: 'bad_produce', quantity: 1, description: '有几颗坏了' }),
  'post /api/claims/{id}/evidence': () => ({ note: '补充照片' }),
  'post /api/batches/{id}/inspections': () => ({ lab: '辽宁省农产品质量检测中心', inspectedAt: dateFor('inspectedAt'), result: 'pass', summary: '农残未检出' }),
  'post /api/suppliers/{id}/documents': () => ({ kind: 'business_license', title: '营业执照' }),
  'put /api/communities/{id}/leader-profile': () => ({ mission: '服务邻里', removePhoto: 'false' }),
  'post /api/events/{id}/aftermath': () => ({ replayUrl: 'https://example.com/replay' }),
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
function inferred(sample: unknown): Schema {
  if (typeof sample === 'string') return UUID.test(sample) ? { type: 'string', format: 'uuid' } : /^\d{4}-\d{2}-\d{2}T/.test(sample) ? {} : { type: 'string' };
  if (typeof sample === 'number') return { type: 'integer' };
  if (typeof sample === 'boolean') return { type: 'boolean' };
  if (Array.isArray(sample)) return { type: 'array', items: inferred(sample[0]) };
  if (sample && typeof sample === 'object') return { type: 'object', properties: Object.fromEntries(Object.entries(sample).map(([k, v]) => [k, k.endsWith('At') ? {} : inferred(v)])) };
  return {};
}

type Case = { label: string; path: string; query?: string; body?: unknown; raw?: { payload: string | Buffer; headers: Record<string, string> } };

/** Every property path of a body with its schema, down to a few levels (items of arrays too). */
function leaves(schema: Schema | undefined, path: (string | number)[] = [], depth = 0): { path: (string | number)[]; schema: Schema }[] {
  const s = resolve(schema);
  const here = path.length ? [{ path, schema: s }] : [];
  if (depth > 3) return here;
  if (typeOf(s) === 'object') return [...here, ...Object.entries(s.properties ?? {}).flatMap(([k, v]) => leaves(v, [...path, k], depth + 1))];
  if (typeOf(s) === 'array' && s.items) return [...here, ...leaves(s.items, [...path, 0], depth + 1)];
  return here;
}

function setAt(body: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = typeof key === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  }
  node[path[path.length - 1]] = value;
  return copy;
}

const show = (v: unknown) => { const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v); return s.length > 120 ? `${s.slice(0, 120)}… (${s.length} chars)` : s; };

function casesFor(pathTemplate: string, method: string, op: Operation): Case[] {
  const params = op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const segments = pathTemplate.split('/');
  const fill = (overrides: Record<string, string> = {}) => pathTemplate.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name in overrides) return overrides[name];
    const before = segments[segments.indexOf(`{${name}}`) - 1];
    return encodeURIComponent(known[name] ?? known[before] ?? String(plausible(pathParams.find((p) => p.name === name)?.schema, name)));
  });
  const query = (overrides: Record<string, string> = {}) => {
    const q = new URLSearchParams();
    for (const p of queryParams) if (p.required) q.set(p.name, String(plausible(p.schema, p.name)));
    return [q.toString(), ...Object.entries(overrides).map(([k, v]) => `${encodeURIComponent(k)}=${v}`)].filter(Boolean).join('&');
  };
  const hint = HINTS[`${method} ${pathTemplate}`]?.();
  const bodySchema = op.requestBody?.content?.['application/json']?.schema ?? (hint ? inferred(hint) : undefined);
  const base = hint ?? (bodySchema ? plausible(bodySchema) : undefined);
  const cases: Case[] = [{ label: 'plausible', path: fill(), query: query(), body: base }];

  for (const p of pathParams) {
    for (const bad of ['%00', 'a%00b', 'not-a-uuid', '0'.repeat(300), '%F0%9F%92%A9', '..%2F..%2Fetc', '-1', '2147483648', '%ff']) {
      cases.push({ label: `path ${p.name}=${bad}`, path: fill({ [p.name]: bad }), query: query(), body: base });
    }
  }
  for (const p of queryParams) {
    for (const bad of ['a%00b', 'x'.repeat(5000), '2147483648', '-1', '1e308', 'NaN', '-005000-01-01', '%2B300000-01-01', '9999-99-99', '%ff']) {
      cases.push({ label: `query ${p.name}=${show(bad)}`, path: fill(), query: query({ [p.name]: bad }), body: base });
    }
    cases.push({ label: `query ${p.name} twice`, path: fill(), query: `${query({ [p.name]: '1' })}&${p.name}=2`, body: base });
  }
  if (bodySchema) {
    for (const leaf of leaves(bodySchema)) {
      for (const bad of hostile(leaf.schema)) cases.push({ label: `body ${leaf.path.join('.')}=${show(bad)}`, path: fill(), query: query(), body: setAt(base, leaf.path, bad) });
    }
  }
  if (method !== 'get' && method !== 'delete') {
    for (const body of [null, [], NUL, 2147483648, { [NUL]: 1 }, { ...(base as object), extra: NUL }]) cases.push({ label: `body ${show(body)}`, path: fill(), query: query(), body });
    const raw = (label: string, payload: string | Buffer, headers: Record<string, string>) => cases.push({ label, path: fill(), query: query(), raw: { payload, headers } });
    raw('body: not JSON', '{"a":', { 'content-type': 'application/json' });
    raw('body: deeply nested', '['.repeat(5000) + ']'.repeat(5000), { 'content-type': 'application/json' });
    raw('body: text/plain with NUL', NUL, { 'content-type': 'text/plain' });
    raw('body: over the limit', JSON.stringify({ a: 'x'.repeat(70_000) }), { 'content-type': 'application/json' });
    const asFields = Object.fromEntries(Object.entries((base ?? {}) as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    const form = (label: string, fields: Record<string, string>, files: Parameters<typeof multipart>[1] = []) => { const m = multipart(fields, files); raw(label, m.payload, m.headers); };
    form('multipart: NUL in a field', { ...asFields, payload: JSON.stringify(base ?? {}), note: NUL });
    form('multipart: NUL in a file name', { ...asFields, payload: JSON.stringify(base ?? {}) }, [{ field: 'file', filename: `a${'\u0000'}.png`, bytes: PNG }]);
    form('multipart: escaped NUL in the payload JSON', { payload: JSON.stringify({ ...(base as object ?? {}), kind: 'question', body: NUL, title: NUL, description: NUL }) });
    if (hint) {
      // The same hostile values as multipart fields, with a picture, for the routes that take forms.
      for (const leaf of leaves(bodySchema).filter((l) => l.path.length === 1)) {
        for (const bad of hostile(leaf.schema).filter((v) => v !== null && typeof v !== 'object')) {
          form(`multipart ${leaf.path[0]}=${show(bad)}`, { ...asFields, payload: JSON.stringify(setAt(base, leaf.path, bad)), [leaf.path[0]]: String(bad) }, [{ field: 'photos', filename: 'a.png', bytes: PNG, type: 'image/png' }]);
        }
      }
    }
    form('multipart: a long file name and odd fields', { ...asFields, payload: '[]', quantity: '2147483648', inspectedAt: '-005000-01-01' }, [{ field: 'file', filename: `${'长'.repeat(300)}.pdf`, bytes: PNG, type: 'image/png' }]);
  }
  return cases;
}

/** A 1×1 PNG. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

describe('fuzzing every operation of the OpenAPI description', () => {
  it('no operation answers 5xx to wrong types, NUL, huge or out-of-range values, bad dates or bad ids', async () => {
    const started = Date.now();
    const operations = Object.entries(spec.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
    expect(operations.length).toBeGreaterThan(150);
    const failures: string[] = [];
    let sent = 0;
    const stats = new Map<string, number>();
    const actors: [string, Actor][] = [['operator', world.operator], ['leader', world.leader], ['resident', world.residents[1]]];
    for (const { path, method, op } of operations) {
      // The plausible request goes as all three; each hostile one as whoever got furthest with it
      // (the route's own role, past the permission checks) and as one of the others, picked by the seed.
      let furthest = actors[0];
      let furthestRank = -1;
      for (const c of casesFor(path, method, op)) {
        const second = actors.filter((a) => a !== furthest)[Math.floor(random() * 2)];
        const who = c.label === 'plausible' ? actors : [furthest, second];
        for (const [role, actor] of who) {
          // Logging out ends the session the rest of the run needs: that one gets a session of its own.
          const cookie = path === '/api/auth/logout' ? (await sessionCookie(t)).cookie : actor.cookie;
          const url = `${c.path}${c.query ? `?${c.query}` : ''}`;
          const res = await t.app.inject({
            method: method.toUpperCase() as 'GET', url,
            headers: { cookie, ...(c.raw ? c.raw.headers : c.body !== undefined ? { 'content-type': 'application/json' } : {}) },
            payload: c.raw ? c.raw.payload : c.body === undefined ? undefined : JSON.stringify(c.body),
          });
          sent++;
          if (c.label === 'plausible') {
            const rank = res.statusCode < 300 ? 3 : res.statusCode === 400 || res.statusCode === 409 ? 2 : res.statusCode === 404 ? 1 : 0;
            if (rank > furthestRank) [furthest, furthestRank] = [[role, actor], rank];
          }
          if (process.env.FUZZ_STATS) { const k = `${c.label === 'plausible' ? 'plausible' : c.label.split(' ')[0]} ${res.statusCode}`; stats.set(k, (stats.get(k) ?? 0) + 1); if (c.label === 'plausible' && process.env.FUZZ_STATS === '2') console.log(role, method, path, res.statusCode, res.body.slice(0, 150)); }
          if (res.statusCode >= 500) failures.push(`${method.toUpperCase()} ${path} as ${role} — ${c.label}\n    ${url.length > 200 ? `${url.slice(0, 200)}…` : url}\n    → ${res.statusCode} ${res.body.slice(0, 200)}`);
        }
      }
    }
    console.log(`fuzz: ${operations.length} operations, ${sent} requests in ${((Date.now() - started) / 1000).toFixed(1)} s, ${failures.length} answered 5xx`);
    if (failures.length) console.log(failures.join('\n'));
    if (process.env.FUZZ_STATS) console.log([...stats].sort().map(([k, v]) => `${k}: ${v}`).join('\n'));
    expect(failures).toEqual([]);
  }, 600_000);
});
