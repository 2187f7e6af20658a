import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { browserAvailable, desktopContext, logInThroughPage, phoneContext, startHarness, watchErrors, type Harness } from './harness.js';

/**
 * The web app and the API docs under the server's security headers, in a real browser: no
 * Content-Security-Policy violation on the way through the login, a resident's home and the
 * console, and Swagger UI at /docs still renders every operation. The browser's own POSTs (login)
 * pass the cross-site check.
 */
describe.skipIf(!browserAvailable())('the web app and /docs under the CSP', { timeout: 180_000 }, () => {
  let h: Harness;
  const errors: string[] = [];
  const watch = watchErrors(errors);

  beforeAll(async () => { h = await startHarness(); });
  afterAll(async () => { await h?.close(); });

  /** Collects the page's CSP violations (the browser fires securitypolicyviolation for each). */
  async function violations(context: BrowserContext) {
    await context.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
  }
  const seen = (page: Page) => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);

  it('李阿姨 logs in and sees her community with nothing blocked; the page was served with the CSP', async () => {
    const context = await phoneContext(h);
    await violations(context);
    const page = watch(await context.newPage(), '李阿姨');
    const first = await page.goto('/login');
    expect(first?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(first?.headers()['cache-control']).toBe('no-cache');
    await logInThroughPage(h, page, '13800000002', '/');
    await page.waitForURL(`**/c/${h.seed.communityId}`);
    await page.getByText('草莓').first().waitFor();
    expect(await seen(page)).toEqual([]);
    await context.close();
  });

  it('the operator console (antd, charts) renders without a violation', async () => {
    const context = await desktopContext(h);
    await violations(context);
    const page = watch(await context.newPage(), '陈总');
    await logInThroughPage(h, page, '13900000000', '/console');
    await page.waitForURL('**/console**');
    await page.locator('.ant-layout').first().waitFor();
    expect(await seen(page)).toEqual([]);
    await context.close();
  });

  it('Swagger UI at /docs lists every operation under the same policy', async () => {
    const context = await desktopContext(h);
    await violations(context);
    const page = watch(await context.newPage(), 'docs');
    await page.goto('/docs');
    await page.locator('.opblock').first().waitFor();
    expect(await page.locator('.opblock').count()).toBeGreaterThan(150);
    expect(await seen(page)).toEqual([]);
    await context.close();
  });

  it('no page threw', () => {
    expect(errors).toEqual([]);
  });
});
