import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { openDatabase, type Database } from '../src/db/client.js';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { MemorySmsProvider } from '../src/modules/identity/sms.js';
import { SandboxPaymentProvider } from '../src/modules/payments/provider.js';
import { MemoryStorage } from '../src/modules/files/storage.js';
import { seedDemo } from '../src/db/seed.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve('e2e/screenshots');

/** Browser tests need Chromium and the built web app; under CI a missing one fails, elsewhere skips. */
export function browserAvailable(): boolean {
  const ok = existsSync(CHROMIUM) && existsSync('dist/web/index.html');
  if (!ok && process.env.CI === 'true') throw new Error(`browser tests need ${CHROMIUM} and dist/web (npm test builds it)`);
  return ok;
}

export interface Harness {
  baseUrl: string;
  sms: MemorySmsProvider;
  database: Database;
  seed: Awaited<ReturnType<typeof seedDemo>>;
  browser: Browser;
  close(): Promise<void>;
}

/** The real server (API + built web) on a free port over a freshly seeded demo neighbourhood. */
export async function startHarness(): Promise<Harness> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const database = await openDatabase({});
  const sms = new MemorySmsProvider();
  const payments = new SandboxPaymentProvider('e2e');
  const storage = new MemoryStorage();
  const seed = await seedDemo(database.db, payments, storage);
  const config = { ...loadConfig({}), loginCodeResendSeconds: 0 };
  const ctx = { db: database.db, config, sms, payments, storage, now: () => new Date() };
  const app = await buildApp(ctx, { serveWeb: true });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  config.publicBaseUrl = baseUrl;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  return {
    baseUrl, sms, database, seed, browser,
    async close() {
      await browser.close();
      await app.close();
      await database.close();
    },
  };
}

/** Waits give up after 10 s, so a broken step fails with its own message well inside the test timeout. */
const WAIT_MS = 10_000;

export async function phoneContext(h: Harness, locale = 'zh-CN'): Promise<BrowserContext> {
  const ctx = await h.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale, baseURL: h.baseUrl, isMobile: true, hasTouch: true });
  ctx.setDefaultTimeout(WAIT_MS);
  return ctx;
}

export async function desktopContext(h: Harness): Promise<BrowserContext> {
  const ctx = await h.browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'zh-CN', baseURL: h.baseUrl });
  ctx.setDefaultTimeout(WAIT_MS);
  return ctx;
}

/** Logs in through the login page as a person would, reading the SMS from the in-memory provider. */
export async function logInThroughPage(h: Harness, page: Page, phone: string, next = '/') {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByPlaceholder('请输入 11 位手机号').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByText('秒后重发').waitFor();
  const code = h.sms.lastCodeFor(phone);
  if (!code) throw new Error(`no SMS for ${phone}`);
  await page.getByPlaceholder('6 位验证码').fill(code);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

/** Resolves once no antd-mobile toast is on screen (a toast outlives the page that showed it). */
export async function toastsGone(page: Page) {
  await page.waitForFunction(() => [...document.querySelectorAll('.adm-toast-mask')].every((el) => getComputedStyle(el).display === 'none'), undefined, { timeout: 5000 });
}

/** Resolves once an antd-mobile dialog has finished opening (react-spring fades it in; CSS animation APIs do not see it). */
export async function dialogOpen(page: Page) {
  await page.waitForFunction(() => {
    const popup = [...document.querySelectorAll<HTMLElement>('.adm-dialog')].find((el) => getComputedStyle(el).display !== 'none');
    const panel = popup?.querySelector<HTMLElement>('.adm-center-popup-wrap > div');
    const mask = popup?.querySelector<HTMLElement>('.adm-mask');
    return !!panel && getComputedStyle(panel).opacity === '1' && (!mask || getComputedStyle(mask).opacity === '1');
  }, undefined, { timeout: 5000 });
}

/** Resolves once an antd-mobile dialog has finished closing (its fade-out included). */
export async function dialogClosed(page: Page) {
  await page.waitForFunction(() => [...document.querySelectorAll('.adm-dialog')].every((el) => getComputedStyle(el).display === 'none'), undefined, { timeout: 5000 });
}

async function settle(page: Page) {
  await page.evaluate(async () => {
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    const still = Promise.all([
      ...document.getAnimations()
        .filter((a) => Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity))
        .map((a) => a.finished.catch(() => undefined)),
      ...[...document.images].filter((img) => img.src && !img.complete)
        .map((img) => new Promise((done) => { img.addEventListener('load', done, { once: true }); img.addEventListener('error', done, { once: true }); })),
      document.fonts.ready,
    ]);
    await Promise.race([still, new Promise((done) => setTimeout(done, 2000))]);
  });
}

/**
 * Saves e2e/screenshots/NAME.png once the page is still: no toast left over, finite animations
 * finished, images loaded. A full-page shot grows the viewport to the page's height, so bars
 * fixed to the bottom of the screen end up at the bottom of the picture rather than across it;
 * `fullPage: false` keeps just the phone screen.
 */
export async function shot(page: Page, name: string, { fullPage = true }: { fullPage?: boolean } = {}) {
  await toastsGone(page);
  const viewport = page.viewportSize();
  const height = fullPage ? await page.evaluate(() => Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)) : 0;
  const grow = viewport && height > viewport.height;
  if (grow) await page.setViewportSize({ width: viewport.width, height });
  try {
    await settle(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), animations: 'disabled' });
  } finally {
    if (grow) await page.setViewportSize(viewport);
  }
}
