import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { loadConfig } from '../../config.js';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t?.close(); });

/** The CSP as directive → sources. */
function csp(header: string | string[] | number | undefined): Record<string, string[]> {
  return Object.fromEntries(String(header).split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...sources] = d.split(/\s+/);
    return [name, sources];
  }));
}

describe('security headers', () => {
  it('every answer carries the CSP, nosniff, no framing and a same-origin referrer policy', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    const policy = csp(res.headers['content-security-policy']);
    expect(policy['default-src']).toEqual(["'self'"]);
    // WebAssembly may be compiled (the QR reader); JavaScript eval and inline scripts stay refused.
    expect(policy['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(policy['script-src']).not.toContain("'unsafe-inline'");
    expect(policy['script-src']).not.toContain("'unsafe-eval'");
    expect(policy['script-src-attr']).toEqual(["'none'"]);
    expect(policy['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy['img-src']).toEqual(["'self'", 'data:', 'blob:', 'https:']);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    expect(policy['object-src']).toEqual(["'none'"]);
    expect(policy['upgrade-insecure-requests']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    // Errors too.
    const missing = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['x-content-type-options']).toBe('nosniff');
    expect(csp(missing.headers['content-security-policy'])['frame-ancestors']).toEqual(["'none'"]);
  });

  it('HSTS only when the request came over TLS through a trusted proxy', async () => {
    const viaProxy = await t.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
    expect(viaProxy.headers['strict-transport-security']).toBe('max-age=15552000; includeSubDomains');
    // A client on the internet cannot claim TLS: the peer is not a proxy we trust.
    const spoofed = await t.app.inject({ method: 'GET', url: '/api/health', remoteAddress: '203.0.113.7', headers: { 'x-forwarded-proto': 'https' } });
    expect(spoofed.headers['strict-transport-security']).toBeUndefined();
  });

  it('LINLI_HSTS=true sends HSTS on every answer; LINLI_TRUST_PROXY chooses the proxies believed', () => {
    expect(loadConfig({ LINLI_HSTS: 'true' }).http.hsts).toBe(true);
    expect(loadConfig({}).http.hsts).toBe(false);
    expect(loadConfig({}).http.trustProxy).toBe('loopback,linklocal,uniquelocal');
    expect(loadConfig({ LINLI_TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(loadConfig({ LINLI_TRUST_PROXY: '10.0.0.0/8' }).http.trustProxy).toBe('10.0.0.0/8');
  });

  it('the API docs at /docs are served under the same policy (Swagger UI loads only its own scripts)', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(/<script>(?!\s*<\/script>)/);
    expect(csp(page.headers['content-security-policy'])['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    const spec = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(spec.statusCode).toBe(200);
    expect(Object.keys(JSON.parse(spec.body).paths).length).toBeGreaterThan(100);
  });
});

describe('with LINLI_HSTS=true', () => {
  let strict: TestApp;
  beforeAll(async () => { strict = await createTestApp({ http: { ...loadConfig({}).http, hsts: true } }); });
  afterAll(async () => { await strict?.close(); });

  it('plain-http answers carry HSTS as well', async () => {
    const res = await strict.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['strict-transport-security']).toBe('max-age=15552000; includeSubDomains');
  });
});
