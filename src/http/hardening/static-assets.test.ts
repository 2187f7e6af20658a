import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { buildApp } from '../../app.js';
import { IMMUTABLE } from './static-assets.js';

// The built web app (npm test builds it first); under CI it must be there, elsewhere the file skips without it.
const WEB_ROOT = process.env.LINLI_WEB_ROOT ?? path.resolve('dist/web');
const built = existsSync(path.join(WEB_ROOT, 'index.html'));
if (!built && process.env.CI === 'true') throw new Error(`static asset tests need the built web app in ${WEB_ROOT} (npx vite build)`);

let t: TestApp;
let web: Awaited<ReturnType<typeof buildApp>>;
beforeAll(async () => {
  if (!built) return;
  t = await createTestApp();
  web = await buildApp(t.ctx, { serveWeb: true });
});
afterAll(async () => { await web?.close(); await t?.close(); });

const get = (url: string, encoding?: string) => web.inject({ method: 'GET', url, headers: encoding ? { 'accept-encoding': encoding } : {} });
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

describe.skipIf(!built)('the built web app is served compressed, hashed files cached for good', () => {
  it('index.html (and every client-side route) is revalidated on each use; hashed assets are immutable', async () => {
    for (const url of ['/', '/index.html', '/leader/some-community/pickup']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
    const entry = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec((await get('/')).body)![1];
    const asset = await get(entry);
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe(IMMUTABLE);
    expect(IMMUTABLE).toBe('public, max-age=31536000, immutable');
    // A shared link's page is the built index.html with its card's meta: same scripts, revalidated too.
    const shared = await get('/g/00000000-0000-4000-8000-000000000000');
    expect(shared.headers['cache-control']).toBe('no-cache');
    expect(shared.body).toContain(`src="${entry}"`);
    expect(shared.body).toMatch(/<meta property="og:title" content="邻里 · 信任优先的社区团购" \/>/);
    // Unhashed files next to index.html may change under their name.
    expect((await get('/favicon.svg')).headers['cache-control']).toBe('no-cache');
  });

  it('JavaScript and CSS go out as brotli or gzip, byte for byte the file; what the login page loads shrinks to well under half', async () => {
    const html = (await get('/')).body;
    const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
    expect(files.length).toBeGreaterThan(2);
    let raw = 0;
    let br = 0;
    let gz = 0;
    for (const file of files) {
      const onDisk = readFileSync(path.join(WEB_ROOT, file));
      const plain = await get(file);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.rawPayload.equals(onDisk)).toBe(true);
      const b = await get(file, 'br, gzip');
      const g = await get(file, 'gzip');
      if (onDisk.length >= 1024) {
        expect(b.headers['content-encoding'], file).toBe('br');
        expect(g.headers['content-encoding'], file).toBe('gzip');
        expect(brotliDecompressSync(b.rawPayload).equals(onDisk)).toBe(true);
        expect(gunzipSync(g.rawPayload).equals(onDisk)).toBe(true);
        expect(b.headers.vary).toMatch(/accept-encoding/i);
      }
      expect(b.headers['cache-control']).toBe(IMMUTABLE);
      raw += onDisk.length;
      br += b.rawPayload.length;
      gz += g.rawPayload.length;
    }
    const mainJs = files.find((f) => f.endsWith('.js') && html.includes(`<script type="module" crossorigin src="${f}"`))!;
    const mainRaw = readFileSync(path.join(WEB_ROOT, mainJs)).length;
    const mainBr = (await get(mainJs, 'br')).rawPayload.length;
    const mainGz = (await get(mainJs, 'gzip')).rawPayload.length;
    console.log(`login page assets (${files.length} files): ${kib(raw)} raw → ${kib(br)} brotli, ${kib(gz)} gzip; entry ${mainJs}: ${kib(mainRaw)} → ${kib(mainBr)} br / ${kib(mainGz)} gzip`);
    expect(br).toBeLessThan(gz);
    expect(gz).toBeLessThan(raw * 0.4);
  });

  it('API answers of a kilobyte and more are compressed when the client accepts it; small ones are not', async () => {
    const spec = await get('/docs/json', 'br');
    expect(spec.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(spec.rawPayload).toString()).openapi).toMatch(/^3\./);
    const health = await get('/api/health', 'br');
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(health.body)).toEqual({ ok: true });
  });

  it('the QR reader\'s WebAssembly is a hashed asset of ours, fetched only by the scanner chunk, served as application/wasm and compressed', async () => {
    const wasm = readdirSync(path.join(WEB_ROOT, 'assets')).filter((f) => f.endsWith('.wasm'));
    expect(wasm).toHaveLength(1);
    expect(wasm[0]).toMatch(/^zxing_reader-[\w-]+\.wasm$/);
    const url = `/assets/${wasm[0]}`;
    const res = await get(url, 'br');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/wasm');
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(res.headers['content-encoding']).toBe('br');
    const onDisk = readFileSync(path.join(WEB_ROOT, url));
    expect(brotliDecompressSync(res.rawPayload).equals(onDisk)).toBe(true);
    expect(res.rawPayload.length).toBeLessThan(onDisk.length * 0.6);
    // What every page loads (index.html's scripts and their static imports) neither names it nor carries the ponyfill.
    const html = (await get('/')).body;
    const eager = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => readFileSync(path.join(WEB_ROOT, m[1]), 'utf8'));
    expect(eager.length).toBeGreaterThan(0);
    for (const js of eager) {
      expect(js).not.toContain(wasm[0]);
      expect(js).not.toContain('zxing');
    }
  });
});
