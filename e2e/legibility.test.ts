import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { browserAvailable, logInThroughPage, phoneContext, shot, startHarness, type Harness } from './harness.js';

/**
 * Pages 李阿姨 can read at 65, measured in a real browser on a 390×844 phone: on each resident page
 * (home, group buy, basket, 我的订单, an order, 售后申请) every visible character's computed size and
 * its contrast against what is behind it; the first open 团's button above the fold; the 大字
 * setting making text bigger still and surviving a reload. Screenshots in zh-CN, en and 大字 land
 * in e2e/screenshots/legible-*.png.
 */

interface Measure {
  chars: number;
  small: number;
  lowContrast: number;
  rootPx: number;
  bodyPx: number;
  prices: number[];
  samples: string[];
  contrastSamples: string[];
  /** Amounts in yuan written outside the price component, each with its size. */
  amounts: string[];
  /** Buttons, links and fields she taps that are less than 44 px high (links inside a sentence excepted). */
  smallTargets: string[];
}

/** Runs in the page: walks every visible text node and sums characters by computed size and contrast. */
function measurePage(): Measure {
  type Rgba = [number, number, number, number];
  const parse = (c: string): Rgba | null => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top: Rgba, under: Rgba): Rgba => {
    const a = top[3];
    return [top[0] * a + under[0] * (1 - a), top[1] * a + under[1] * (1 - a), top[2] * a + under[2] * (1 - a), 1];
  };
  const lum = (c: Rgba) => {
    const ch = (v: number) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2]);
  };
  const ratio = (a: Rgba, b: Rgba) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  /** The colours that can be behind `el`: its own and its ancestors' backgrounds, gradients as each of their stops. */
  const backgrounds = (el: Element): Rgba[] | null => {
    const layers: Rgba[][] = [];
    for (let n: Element | null = el; n; n = n.parentElement) {
      const cs = getComputedStyle(n);
      if (cs.backgroundImage.includes('url(')) return null; // text over a photo: not judged here
      const stops = [...cs.backgroundImage.matchAll(/rgba?\([^)]+\)/g)].map((m) => parse(m[0])!).filter((c) => c[3] > 0);
      const bg = parse(cs.backgroundColor);
      const layer = stops.length ? stops : bg && bg[3] > 0 ? [bg] : [];
      if (layer.length) layers.push(layer);
      if (layer.length && layer.every((c) => c[3] >= 1)) break;
    }
    let under: Rgba[] = [[255, 255, 255, 1]];
    for (const layer of layers.reverse()) under = layer.flatMap((c) => under.map((u) => over(c, u))).slice(0, 16);
    return under;
  };

  const out: Measure = { chars: 0, small: 0, lowContrast: 0, rootPx: 0, bodyPx: 0, prices: [], samples: [], contrastSamples: [], smallTargets: [], amounts: [] };
  const page = document.querySelector('.r-page') ?? document.body;
  out.rootPx = parseFloat(getComputedStyle(page).fontSize);
  out.bodyPx = parseFloat(getComputedStyle(document.body).fontSize);
  const small = new Map<string, number>();
  const faint = new Map<string, number>();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = (node.textContent ?? '').replace(/\s+/g, '');
    const el = node.parentElement;
    if (!text || !el || el.closest('[aria-hidden="true"], script, style, noscript, .adm-skeleton')) continue;
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rect = range.getBoundingClientRect();
    if (rect.width < 1 || rect.height < 1) continue;
    const cs = getComputedStyle(el);
    const size = parseFloat(cs.fontSize);
    out.chars += text.length;
    const where = `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${Math.round(size * 10) / 10}px «${text.slice(0, 24)}»`;
    // An amount standing on its own (「¥36.80 × 2」), not one inside a sentence.
    if (/¥\s*\d/.test(text) && text.length <= 16 && !el.closest('.r-price')) out.amounts.push(where);
    if (size < 14) {
      out.small += text.length;
      small.set(where, (small.get(where) ?? 0) + text.length);
    }
    // Inactive controls are exempt from contrast (WCAG 1.4.3).
    if (el.closest('[disabled], [aria-disabled="true"], .adm-button-disabled')) continue;
    const color = parse(cs.color);
    const bgs = backgrounds(el);
    if (!color || !bgs) continue;
    let opacity = 1;
    for (let n: Element | null = el; n; n = n.parentElement) opacity *= Number(getComputedStyle(n).opacity);
    const large = size >= 24 || (size >= 18.66 && Number(cs.fontWeight) >= 700);
    const worst = Math.min(...bgs.map((bg) => ratio(over([color[0], color[1], color[2], color[3] * opacity], bg), bg)));
    if (worst < (large ? 3 : 4.5)) {
      out.lowContrast += text.length;
      const key = `${where} ${cs.color} ${Math.round(worst * 100) / 100}:1`;
      faint.set(key, (faint.get(key) ?? 0) + text.length);
    }
  }
  // A price's every part (¥, yuan, the decimals) at its computed size.
  for (const price of document.querySelectorAll('.r-price')) {
    if (!price.checkVisibility()) continue;
    for (const part of [price, ...price.querySelectorAll('*')]) out.prices.push(parseFloat(getComputedStyle(part).fontSize));
  }
  for (const el of document.querySelectorAll<HTMLElement>('button, a[href], [role="button"], [role="tab"], input:not([type="file"]):not([type="hidden"]), textarea, select')) {
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) || el.closest('[aria-hidden="true"]')) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    // A link inside running text is exempt (WCAG 2.5.8); an input's box is its wrapper's.
    if (el.tagName === 'A' && getComputedStyle(el).display === 'inline' && el.parentElement && (el.parentElement.textContent ?? '').length > (el.textContent ?? '').length + 4) continue;
    const box = el.matches('input, textarea') ? (el.closest('.adm-input, .adm-text-area, .adm-stepper, .adm-search-bar') ?? el).getBoundingClientRect() : r;
    if (box.height < 43.5) out.smallTargets.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${Math.round(box.width)}×${Math.round(box.height)} «${(el.textContent ?? '').trim().slice(0, 16)}»`);
  }
  out.samples = [...small.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, n]) => `${n}× ${k}`);
  out.contrastSamples = [...faint.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, n]) => `${n}× ${k}`);
  return out;
}

const LI = '13800000002';
/** The size in a sample line 「span.r-x 16px «…»」. */
const pxOf = (where: string) => parseFloat(where.split(' ')[1]);

describe.skipIf(!browserAvailable())('browser: pages 李阿姨 can read at 65', { timeout: 120_000 }, () => {
  let h: Harness;
  let ctx: BrowserContext;
  let page: Page;
  let orderId = '';
  let lineId = '';

  beforeAll(async () => {
    h = await startHarness();
    // Yesterday's basket (handed over): its order page and a claim on its strawberry line.
    const line = await h.one<{ id: string; order_id: string }>(sql`
      select l.id, l.order_id from order_lines l join users u on u.id = l.user_id join group_buy_items i on i.id = l.item_id
      where u.phone = ${LI} and l.group_buy_id = ${h.seed.yesterdayGroupBuyId} and i.product_id = ${h.seed.strawberryId}`);
    orderId = line.order_id;
    lineId = line.id;
    ctx = await phoneContext(h);
    page = await ctx.newPage();
    await logInThroughPage(h, page, LI, '/orders');
    await page.getByTestId('me-name').waitFor();
    // Eggs and milk from today's 团 in her basket, put there as the group buy page does.
    const [, eggs, milk] = h.seed.liveItemIds;
    for (const [itemId, quantity] of [[eggs, 1], [milk, 2]] as const) {
      const status = await page.evaluate(async ([url, q]) => (await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ quantity: q }) })).status,
        [`/api/communities/${h.seed.communityId}/basket/items/${itemId}`, quantity] as const);
      expect(status).toBe(200);
    }
  });
  afterAll(async () => { await h?.close(); });

  /** The resident pages, each with what shows it has loaded. */
  const pages = () => [
    { name: 'home', url: `/c/${h.seed.communityId}`, ready: '[data-testid="group-buy-card"]' },
    { name: 'group-buy', url: `/g/${h.seed.liveGroupBuyId}`, ready: '[data-testid="gb-item"]' },
    { name: 'basket', url: `/c/${h.seed.communityId}/basket`, ready: '[data-testid="basket-line"]' },
    { name: 'orders', url: '/orders', ready: '[data-testid="order-card"]' },
    { name: 'order', url: `/orders/${orderId}`, ready: '[data-testid="order-line"]' },
    { name: 'claim', url: `/orders/${orderId}/claim?line=${lineId}`, ready: '[data-testid="claim-submit"]' },
  ];

  async function open(url: string, ready: string) {
    await page.goto(url);
    await page.locator(ready).first().waitFor();
    // Measured once the page has settled: its data loaded, its fades (a button turning enabled) over.
    await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => undefined);
    await page.evaluate(async () => {
      await document.fonts.ready;
      await Promise.all(document.getAnimations().filter((a) => Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity)).map((a) => a.finished.catch(() => undefined)));
    });
  }

  async function walk(suffix: string) {
    const found: Record<string, Measure> = {};
    for (const p of pages()) {
      await open(p.url, p.ready);
      found[p.name] = await page.evaluate(measurePage);
      await shot(page, `legible-${p.name}-${suffix}`);
    }
    return found;
  }

  function report(label: string, found: Record<string, Measure>) {
    for (const [name, m] of Object.entries(found)) {
      console.log(`${label} ${name}: ${m.chars} chars, ${(100 * m.small / m.chars).toFixed(1)}% under 14 px, ${(100 * m.lowContrast / m.chars).toFixed(1)}% under AA, body ${m.bodyPx}px, prices ≥ ${Math.min(...m.prices)}px`);
      for (const s of m.samples) console.log(`  small ${s}`);
      for (const s of m.contrastSamples) console.log(`  faint ${s}`);
      for (const s of m.smallTargets) console.log(`  target ${s}`);
      for (const s of m.amounts.filter((w) => pxOf(w) < 18)) console.log(`  amount ${s}`);
    }
  }

  function expectLegible(found: Record<string, Measure>, minBody: number, minPrice: number) {
    for (const [name, m] of Object.entries(found)) {
      expect(m.chars, name).toBeGreaterThan(50);
      expect({ name, smallShare: m.small / m.chars <= 0.05 }).toEqual({ name, smallShare: true });
      expect({ name, body: m.bodyPx >= minBody && m.rootPx >= minBody }).toEqual({ name, body: true });
      expect({ name, prices: m.prices.every((px) => px >= minPrice) }).toEqual({ name, prices: true });
      expect({ name, amounts: m.amounts.filter((w) => pxOf(w) < minPrice) }).toEqual({ name, amounts: [] });
    }
  }

  it('in Chinese every resident page is legible: under 5% of characters below 14 px, body ≥ 16 px, prices ≥ 18 px, text at AA contrast', async () => {
    const found = await walk('zh');
    report('zh', found);
    expectLegible(found, 16, 18);
    for (const [name, m] of Object.entries(found)) expect({ name, faint: m.contrastSamples }).toEqual({ name, faint: [] });
    expect(found.home.prices.length).toBeGreaterThan(0);
    expect(found['group-buy'].prices.length).toBeGreaterThan(0);
  });

  it('what she came for comes first: the first open 团’s button is on the first screen of the home', async () => {
    await open(`/c/${h.seed.communityId}`, '[data-testid="group-buy-card"]');
    const button = page.getByTestId('group-buy-card').first().locator('.r-gb-go');
    await button.waitFor();
    const box = await button.boundingBox();
    expect(box!.y + box!.height).toBeLessThan(844);
    // …and not under the tab bar fixed to the bottom of the screen.
    const tabBarTop = await page.locator('.r-tabbar').evaluate((el) => el.getBoundingClientRect().top);
    expect(box!.y + box!.height).toBeLessThanOrEqual(tabBarTop);
    expect(box!.height).toBeGreaterThanOrEqual(44);
    await shot(page, 'legible-home-first-screen', { fullPage: false });
  });

  it('in English the same pages are as legible', async () => {
    await ctx.addCookies([{ name: 'lang', value: 'en', url: h.baseUrl }]);
    try {
      const found = await walk('en');
      report('en', found);
      expectLegible(found, 16, 18);
    } finally {
      await ctx.addCookies([{ name: 'lang', value: 'zh-CN', url: h.baseUrl }]);
    }
  });

  it('大字, switched on in 我的, makes every page’s text bigger still and survives a reload', async () => {
    await open('/orders', '[data-testid="order-card"]');
    const before = await page.evaluate(measurePage);
    await page.getByTestId('text-size-switch').click();
    await expect.poll(() => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.r-page')!).fontSize))).toBeGreaterThanOrEqual(before.rootPx * 1.2);
    await page.reload();
    await page.getByTestId('order-card').first().waitFor();
    const after = await page.evaluate(measurePage);
    expect(after.rootPx).toBeGreaterThanOrEqual(before.rootPx * 1.2);
    const found = await walk('big');
    report('big', found);
    expectLegible(found, 19, 21);
    // Switched off again, the standard sizes come back.
    await open('/orders', '[data-testid="order-card"]');
    await page.getByTestId('text-size-switch').click();
    await expect.poll(() => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.r-page')!).fontSize))).toBe(before.rootPx);
  });
});
