import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { createTestApp, type TestApp } from '../testing/app.js';
import { buildWorld, call } from '../testing/world.js';
import { buildApp } from '../app.js';
import { wrap } from './share-cards.js';

const BASE = 'https://linli.example.cn';
const EVIL_TITLE = `草莓"><script>alert('x')</script> & 特价 '团'`;
let t: TestApp;
let web: Awaited<ReturnType<typeof buildApp>>;
let world: Awaited<ReturnType<typeof buildWorld>>;
let groupBuyId: string;

beforeAll(async () => {
  t = await createTestApp({ publicBaseUrl: BASE });
  world = await buildWorld(t, { residents: 2 });
  // The app's index.html (as Vite builds it, the head is the same) and a demo picture: a red square.
  const root = mkdtempSync(path.join(os.tmpdir(), 'linli-share-'));
  writeFileSync(path.join(root, 'index.html'), readFileSync('web/index.html', 'utf8'));
  mkdirSync(path.join(root, 'demo'));
  writeFileSync(path.join(root, 'demo', 'red.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400"><rect width="400" height="400" fill="#d00000"/></svg>');
  web = await buildApp(t.ctx, { serveWeb: true, webRoot: root });
  const product = await call(t, world.operator, 'PATCH', `/api/products/${world.product.id}`, { imageUrls: ['/demo/red.svg'] });
  expect(product.status, JSON.stringify(product.body)).toBe(200);
  const now = t.clock.now().getTime();
  const opened = await call(t, world.leader, 'POST', `/api/communities/${world.community.id}/group-buys`, {
    title: EVIL_TITLE, items: [{ productId: world.product.id, priceFen: 3680, stockTotal: 50, perPersonLimit: 3 }],
    cutoffAt: new Date(now + 86_400_000).toISOString(), pickupStartAt: new Date(now + 2 * 86_400_000).toISOString(), pickupEndAt: new Date(now + 3 * 86_400_000).toISOString(),
  });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  groupBuyId = opened.body.id;
});
afterAll(async () => { await web?.close(); await t?.close(); });

const get = (url: string, headers: Record<string, string> = {}) => web.inject({ method: 'GET', url, headers: { host: 'linli.example.cn', ...headers } });
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
/** The page's meta tags as key → content (unescaped), keyed by property, name or itemprop. */
function metaOf(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<meta (property|name|itemprop)="([^"]+)" content="([^"]*)" \/>/g)) out[`${m[1] === 'itemprop' ? 'itemprop:' : ''}${m[2]}`] = unescape(m[3]);
  return out;
}
const path_ = (absolute: string) => absolute.slice(BASE.length);

describe('a shared group buy link previews as a card', () => {
  it('its page carries the title, community and products in every card format, escaped, with absolute URLs; the SPA is still there', async () => {
    const res = await get(`/g/${groupBuyId}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    const meta = metaOf(res.body);
    expect(meta['og:title']).toBe(EVIL_TITLE);
    expect(meta['twitter:title']).toBe(EVIL_TITLE);
    expect(meta['itemprop:name']).toBe(EVIL_TITLE);
    expect(meta['og:description']).toBe('测试小区的团购：有机草莓。团长试过才推荐，钱在平台托管到你取货。');
    expect(meta['itemprop:description']).toBe(meta['og:description']);
    expect(meta['og:url']).toBe(`${BASE}/g/${groupBuyId}`);
    expect(meta['og:type']).toBe('website');
    expect(meta['og:locale']).toBe('zh_CN');
    expect(meta['twitter:card']).toBe('summary_large_image');
    expect(meta['og:image']).toMatch(new RegExp(`^${BASE}/api/share-card\\.png\\?path=%2Fg%2F${groupBuyId}&lang=zh-CN&v=[\\w-]{16}$`));
    expect(meta['twitter:image']).toBe(meta['og:image']);
    expect(meta['itemprop:image']).toBe(meta['og:image']);
    // The title cannot break out of its attribute or element: no script of hers, one <title>.
    expect(res.body).not.toContain("<script>alert('x')</script>");
    expect(res.body).toContain('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;');
    expect(res.body.match(/<title>/g)).toHaveLength(1);
    expect(res.body).toMatch(/<title>草莓&quot;&gt;&lt;script&gt;.* · 测试小区 · 邻里团购<\/title>/);
    expect(res.body.match(/<script\b/g)).toEqual(['<script']); // the app's own module script only
    expect(res.body).toContain('<div id="root"></div>');
  });

  it('shows nothing an anonymous visitor may not see: no price, stock, phone or buyer', async () => {
    const res = await get(`/g/${groupBuyId}`);
    for (const secret of ['¥', world.leader.phone, ...world.residents.map((r) => r.phone), '居民1', '居民2']) {
      expect(res.body, secret).not.toContain(secret);
    }
    // Price and stock as numbers on their own: the same digits inside a UUID or a hash are not a leak.
    for (const n of ['36.8', '36.80', '3680', '50']) expect(res.body, n).not.toMatch(new RegExp(`(?<![0-9A-Za-z.])${n.replace('.', '\\.')}(?![0-9A-Za-z])`));
    // And the API still answers the same anonymous visitor nothing of the group buy.
    expect((await call(t, null, 'GET', `/api/group-buys/${groupBuyId}`)).status).toBe(401);
  });

  it('its image is a 1200×630 PNG with the product photo, cacheable for long at its versioned URL', async () => {
    const meta = metaOf((await get(`/g/${groupBuyId}`)).body);
    const res = await get(path_(meta['og:image']));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['cache-control']).toBe('public, max-age=604800, immutable');
    const img = sharp(res.rawPayload);
    expect(await img.metadata()).toMatchObject({ format: 'png', width: 1200, height: 630 });
    const { data, info } = await img.removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const px = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
    expect(px(300, 300)).toEqual([208, 0, 0]); // the photo on the left
    expect(px(1150, 40)).toEqual([255, 248, 240]); // the card's paper on the right
    // An older version's URL gets today's card, kept only briefly.
    const stale = await get(`/api/share-card.png?path=%2Fg%2F${groupBuyId}&v=old`);
    expect(stale.statusCode).toBe(200);
    expect(stale.headers['cache-control']).toBe('public, max-age=300');
    expect(stale.rawPayload.equals(res.rawPayload)).toBe(true);
    if (process.env.SHARE_CARD_OUT) writeFileSync(process.env.SHARE_CARD_OUT, res.rawPayload);
  });

  it('an unknown or malformed id gets the site\'s own card, not an error', async () => {
    for (const url of [`/g/${randomUUID()}`, '/g/not-a-uuid']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      const meta = metaOf(res.body);
      expect(meta['og:title'], url).toBe('邻里 · 信任优先的社区团购');
      expect(meta['og:description']).toBe('团长先试吃再推荐，钱在平台托管到你取货，坏果包赔。');
      const image = await get(path_(meta['og:image']));
      expect(image.statusCode).toBe(200);
      expect((await sharp(image.rawPayload).metadata()).width).toBe(1200);
    }
    const bad = await get('/api/share-card.png?path=nowhere');
    expect(bad.statusCode).toBe(400);
    // A broken %-escape is refused by the router, as on any other route: a client error, not a 500.
    expect((await get('/g/%E0%A4%A')).statusCode).toBe(400);
  });
});

describe('a shared invitation link previews as a card', () => {
  it('names the community, its neighbours and leader, in the reader\'s language; the inviter is not in the card\'s URL', async () => {
    const url = `/join/${world.community.inviteCode}?from=${world.leader.userId}`;
    const zh = metaOf((await get(url)).body);
    expect(zh['og:title']).toBe('邀请你加入「测试小区」');
    expect(zh['og:description']).toBe('已有 3 位邻居 · 团长 生活顾问王叔 · 自提点：1 号楼驿站');
    expect(zh['og:url']).toBe(`${BASE}/join/${world.community.inviteCode}`);
    const en = metaOf((await get(url, { 'accept-language': 'en-US,en;q=0.9' })).body);
    expect(en['og:title']).toBe('Join 测试小区 on Linli');
    expect(en['og:locale']).toBe('en_US');
    expect(en['og:image']).toContain('&lang=en&');
    const res = await get(url);
    for (const secret of [world.leader.phone, world.leader.userId, ...world.residents.map((r) => r.phone)]) expect(res.body).not.toContain(secret);
    const image = await get(path_(zh['og:image']));
    expect(image.headers['cache-control']).toBe('public, max-age=604800, immutable');
  });

  it('an unknown invitation code gets the site card', async () => {
    expect(metaOf((await get('/join/NOPE1234')).body)['og:title']).toBe('邻里 · 信任优先的社区团购');
  });

  it('other client-side routes are served index.html as before, without a card', async () => {
    const res = await get('/orders');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>邻里 · 信任优先的社区团购</title>');
    expect(res.body).not.toContain('og:title');
  });
});

describe('card text wrapping', () => {
  it('breaks CJK by width, ends a cut text with …', () => {
    expect(wrap('一二三四五六七八九十', 4, 3)).toEqual(['一二三四', '五六七八', '九十']);
    expect(wrap('一二三四五六七八九十甲乙丙', 4, 3)).toEqual(['一二三四', '五六七八', '九十甲…']);
    expect(wrap('abcdefgh', 2.4, 2)).toEqual(['abcd', 'efgh']);
    expect(wrap('ab cd', 1.2, 3)).toEqual(['ab', 'cd']);
  });
});
