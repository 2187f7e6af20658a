import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { createTestApp, type TestApp } from '../testing/app.js';
import { loadConfig } from '../config.js';
import { buildWorld, call } from '../testing/world.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
beforeAll(async () => {
  t = await createTestApp({ publicBaseUrl: 'https://linli.example.cn' });
  world = await buildWorld(t, { residents: 1 });
});
afterAll(async () => { await t?.close(); });

const qrOf = (url: string) => QRCode.toDataURL(url, { margin: 1, width: 320 });

describe('shared links and QR codes use the public base URL', () => {
  it('the invite link and its QR code name PUBLIC_BASE_URL, whatever address the request came to', async () => {
    t.ctx.config.publicBaseUrl = 'https://linli.example.cn';
    const res = await call(t, world.leader, 'GET', `/api/communities/${world.community.id}/invite`, undefined, { host: '127.0.0.1:3000' });
    expect(res.status).toBe(200);
    expect(res.body.url).toBe(`https://linli.example.cn/join/${world.community.inviteCode}?from=${world.leader.userId}`);
    expect(res.body.qrDataUrl).toBe(await qrOf(res.body.url));
    const share = await call(t, world.leader, 'GET', `/api/group-buys/${world.groupBuy.id}/share`);
    expect(share.body.url).toBe(`https://linli.example.cn/g/${world.groupBuy.id}`);
    expect(share.body.text).toContain(`https://linli.example.cn/g/${world.groupBuy.id}`);
  });

  it('unconfigured, links follow the address the page was opened at (a proxy\'s forwarded host and scheme, or the Host), never localhost', async () => {
    t.ctx.config.publicBaseUrl = undefined;
    try {
      const invite = (headers: Record<string, string>) => call(t, world.leader, 'GET', `/api/communities/${world.community.id}/invite`, undefined, headers);
      const lan = await invite({ host: '192.168.1.20:3000' });
      expect(lan.body.url).toBe(`http://192.168.1.20:3000/join/${world.community.inviteCode}?from=${world.leader.userId}`);
      expect(lan.body.qrDataUrl).toBe(await qrOf(lan.body.url));
      const proxied = await invite({ host: '127.0.0.1:3000', 'x-forwarded-host': 'Shop.Example.org', 'x-forwarded-proto': 'https' });
      expect(proxied.body.url).toMatch(/^https:\/\/shop\.example\.org\/join\//);
      const code = await call(t, world.residents[0], 'GET', `/api/communities/${world.community.id}/pickup-code`, undefined, { host: 'linli.lan' });
      expect(code.status).toBe(200);
      expect(code.body.qrDataUrl).toBe(await qrOf(`http://linli.lan/leader/${world.community.id}/pickup?code=${code.body.code}`));
      // A forwarded host that is not a host name is refused rather than put into a QR code.
      const odd = await invite({ 'x-forwarded-host': 'evil.example/phish?' });
      expect(odd.status).toBe(400);
    } finally {
      t.ctx.config.publicBaseUrl = 'https://linli.example.cn';
    }
  });

  it('PUBLIC_BASE_URL is read without its trailing slash, and a value that is not an http(s) URL stops the start', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://linli.example.cn/' }).publicBaseUrl).toBe('https://linli.example.cn');
    expect(loadConfig({}).publicBaseUrl).toBeUndefined();
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'linli.example.cn' })).toThrow(/PUBLIC_BASE_URL/);
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'ftp://linli.example.cn' })).toThrow(/PUBLIC_BASE_URL/);
  });
});
