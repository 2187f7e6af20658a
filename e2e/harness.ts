import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { Database, Db } from '../src/platform/db/client.js';
import * as schema from '../src/db/schema.js';
import { installReferenceData } from '../src/db/reference-data.js';
import { migratedPglite } from '../src/testing/migrated.js';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { AppContext } from '../src/http/context.js';
import { MemorySmsProvider } from '../src/modules/identity/sms.js';
import { SandboxPaymentProvider } from '../src/modules/payments/provider.js';
import { MemoryStorage } from '../src/platform/files/storage.js';
import { seedDemo } from '../src/db/seed.js';
import { closeEarly } from '../src/workflows/close-group-buy.js';
import { receiveDelivery, recordDelivery } from '../src/workflows/arrival.js';
import { aggregateClosedGroupBuys, confirmPurchaseOrder, getPurchaseOrder } from '../src/modules/fulfilment/purchase-orders.service.js';

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
  payments: SandboxPaymentProvider;
  database: Database;
  seed: Awaited<ReturnType<typeof seedDemo>>;
  browser: Browser;
  /** The server's clock (the real one plus however far a journey moved it). */
  now(): Date;
  /** Moves the server's clock and every open browser's clock forward. */
  advance(ms: number): Promise<void>;
  /** Moves the clocks to `at` (never backwards). */
  advanceTo(at: Date): Promise<void>;
  rows<T>(query: SQL): Promise<T[]>;
  one<T>(query: SQL): Promise<T>;
  /** 王叔 (or the operator) closes these group buys early through the close workflow, as the close button does. */
  closeGroupBuys(ids: string[]): Promise<void>;
  /**
   * The supply chain behind a pickup, where a journey is not about its screens: aggregate the closed
   * group buys into purchase orders, each supplier confirms as ordered, the operator records the
   * delivery at the pickup point (`delivered[itemId]`, default as ordered) and, with `receive`,
   * 王叔 confirms receipt of everything delivered. Returns the purchase-order line per item.
   */
  deliver(groupBuyIds: string[], options?: { receive?: boolean; delivered?: Record<string, number> }): Promise<Map<string, string>>;
  /** The browser contexts opened through phoneContext/desktopContext follow the movable clock. */
  contexts: Set<BrowserContext>;
  close(): Promise<void>;
}

/** A migrated, empty PGlite database (from the suite's snapshot, src/testing/migrated.ts) with the reference data. */
async function migratedDatabase(): Promise<Database> {
  const client = await migratedPglite();
  const db = drizzle(client, { schema }) as unknown as Db;
  await installReferenceData(db);
  return { db, driver: 'pglite', close: () => client.close() };
}

/** The real server (API + built web) on a free port over a freshly seeded demo neighbourhood. */
export async function startHarness(opts: { campaignDemo?: boolean } = {}): Promise<Harness> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const database = await migratedDatabase();
  const db = database.db;
  const sms = new MemorySmsProvider();
  const payments = new SandboxPaymentProvider('e2e');
  const storage = new MemoryStorage();
  const seed = await seedDemo(db, payments, storage, new Date(), { campaignDemo: opts.campaignDemo ?? false });
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const config = { ...loadConfig({}), loginCodeResendSeconds: 0 };
  const ctx: AppContext = { db, config, sms, payments, storage, now };
  const app = await buildApp(ctx, { serveWeb: true });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  config.publicBaseUrl = baseUrl;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  const contexts = new Set<BrowserContext>();
  const rows = async <T>(query: SQL) => ((await db.execute(query)) as unknown as { rows: T[] }).rows;
  const one = async <T>(query: SQL) => {
    const [row] = await rows<T>(query);
    if (!row) throw new Error('no row');
    return row;
  };

  const h: Harness = {
    baseUrl, sms, payments, database, seed, browser, contexts, now, rows, one,
    async advance(ms) {
      offsetMs += ms;
      for (const c of contexts) await c.clock.setSystemTime(now());
    },
    async advanceTo(at) {
      const ms = at.getTime() - now().getTime();
      if (ms > 0) await h.advance(ms);
    },
    async closeGroupBuys(ids) {
      for (const id of ids) {
        const gb = await one<{ status: string; leader_id: string }>(sql`select status, leader_id from group_buys where id = ${id}`);
        if (gb.status === 'open' || gb.status === 'scheduled') await closeEarly(db, id, gb.leader_id, now());
      }
    },
    async deliver(groupBuyIds, { receive = false, delivered = {} } = {}) {
      await aggregateClosedGroupBuys(db);
      const lines = await rows<{ id: string; purchase_order_id: string; item_id: string; quantity_ordered: number; quantity_delivered: number | null; received_at: Date | null; leader_id: string }>(sql`
        select l.id, l.purchase_order_id, l.item_id, l.quantity_ordered, l.quantity_delivered, l.received_at, g.leader_id
        from purchase_order_lines l join group_buy_items i on i.id = l.item_id join group_buys g on g.id = i.group_buy_id
        where i.group_buy_id in (${sql.join(groupBuyIds.map((id) => sql`${id}`), sql`, `)}) order by i.group_buy_id, i.position`);
      if (lines.length === 0) throw new Error(`nothing to deliver for ${groupBuyIds.join(', ')}: are they closed, with paid lines?`);
      for (const poId of new Set(lines.map((l) => l.purchase_order_id))) {
        const po = await getPurchaseOrder(db, { id: seed.operatorId, isOperator: true }, poId);
        if (po.status !== 'pending') continue;
        const member = await one<{ user_id: string }>(sql`select m.user_id from supplier_members m join purchase_orders p on p.supplier_id = m.supplier_id where p.id = ${poId} limit 1`);
        await confirmPurchaseOrder(db, { id: member.user_id, isOperator: false }, poId, po.lines.map((l) => ({ lineId: l.id, quantityConfirmed: l.quantityOrdered })), now());
      }
      const byItem = new Map<string, string>();
      for (const l of lines) {
        byItem.set(l.item_id, l.id);
        const quantity = delivered[l.item_id] ?? l.quantity_ordered;
        if (l.quantity_delivered === null) await recordDelivery(db, payments, seed.operatorId, l.id, quantity, now());
        if (receive && !l.received_at) await receiveDelivery(db, payments, { leaderId: l.leader_id, lineId: l.id, quantityReceived: l.quantity_delivered ?? quantity, now: now() });
      }
      return byItem;
    },
    async close() {
      await browser.close();
      await app.close();
      await database.close();
    },
  };
  return h;
}

/**
 * Waits give up after 15 s, so a broken step fails with its own message well inside a journey's
 * timeout (a step of a journey is several pages; a loaded machine makes each slower).
 */
const WAIT_MS = 15_000;
export const JOURNEY_TIMEOUT = 180_000;

/** Gives a new context the harness's clock (it flows like a real one from there; advance() moves it). */
async function following(h: Harness, ctx: BrowserContext) {
  ctx.setDefaultTimeout(WAIT_MS);
  await ctx.clock.install({ time: h.now() });
  h.contexts.add(ctx);
  ctx.on('close', () => h.contexts.delete(ctx));
  return ctx;
}

export async function phoneContext(h: Harness, locale = 'zh-CN'): Promise<BrowserContext> {
  return following(h, await h.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale, baseURL: h.baseUrl, isMobile: true, hasTouch: true }));
}

export async function desktopContext(h: Harness): Promise<BrowserContext> {
  return following(h, await h.browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'zh-CN', baseURL: h.baseUrl }));
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

/** Records uncaught page errors per person, for a final "no page threw" check. */
export function watchErrors(errors: string[]) {
  return (page: Page, who: string) => {
    page.on('pageerror', (err) => errors.push(`${who}: ${err.message}`));
    return page;
  };
}

/**
 * Taps an antd-mobile stepper's ＋ (its input is read-only, as on a phone) until it shows `target`,
 * one tap at a time: a tap lost to a re-render is tapped again, never one too many.
 */
export async function tapUpTo(stepper: Locator, target: number) {
  const input = stepper.locator('input');
  const plus = stepper.locator('.adm-stepper-plus');
  for (let tries = 0; tries < 3 * target; tries++) {
    const now = Number(await input.inputValue());
    if (now === target) return;
    if (now > target) throw new Error(`stepper shows ${now}, more than ${target}`);
    await plus.click();
    await stepper.page().waitForFunction(([el, before]) => (el as HTMLInputElement).value !== String(before), [await input.elementHandle(), now] as const, { timeout: 2000 }).catch(() => undefined);
  }
  throw new Error(`stepper did not reach ${target}`);
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
