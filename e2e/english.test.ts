import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { JOURNEY_TIMEOUT, browserAvailable, phoneContext, shot, startHarness, watchErrors, type Harness } from './harness.js';

/**
 * English is English: with the app in English, every resident page and the leader's main pages
 * show no Chinese outside what people wrote — names of the community, products, people and group
 * buys, and their own words. Those are marked in the page (`translate="no"`, the standard attribute
 * that tells translators to leave a name alone, or `data-user-text`); anything else in Han script
 * or CJK punctuation is a leak: a server text, a rule, a unit or a separator left in Chinese.
 */
describe.skipIf(!browserAvailable())('browser: a page in English shows no Chinese of its own', { timeout: JOURNEY_TIMEOUT }, () => {
  let h: Harness;
  const pageErrors: string[] = [];
  const watch = watchErrors(pageErrors);

  beforeAll(async () => { h = await startHarness(); });
  afterAll(async () => { await h?.close(); });

  /** A phone in English (the cookie the language switch sets), logged in through the API. */
  async function englishPhone(phone: string): Promise<BrowserContext> {
    const ctx = await phoneContext(h, 'en-GB');
    await ctx.addCookies([{ name: 'lang', value: 'en', url: h.baseUrl }]);
    const headers = { origin: h.baseUrl };
    expect((await ctx.request.post('/api/auth/code', { data: { phone }, headers })).status()).toBeLessThan(300);
    const code = h.sms.lastCodeFor(phone);
    expect((await ctx.request.post('/api/auth/verify', { data: { phone, code }, headers })).status()).toBeLessThan(300);
    return ctx;
  }

  /** Chinese shown on the page outside names and people's words, with where it sits. */
  async function leaks(page: Page): Promise<string[]> {
    return page.evaluate(() => {
      const CJK = /[\p{Script=Han}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]/u;
      const exempt = (el: Element | null) => !!el?.closest('[translate="no"], [data-user-text], script, style, noscript, svg');
      const visible = (el: Element) => {
        const style = getComputedStyle(el);
        return style.visibility !== 'hidden' && style.display !== 'none' && el.getClientRects().length > 0;
      };
      const where = (el: Element) => {
        const path: string[] = [];
        for (let e: Element | null = el; e && path.length < 3 && e !== document.body; e = e.parentElement) {
          const id = e.getAttribute('data-testid');
          path.unshift(id ? `[${id}]` : `${e.tagName.toLowerCase()}${e.classList[0] ? `.${e.classList[0]}` : ''}`);
        }
        return path.join(' > ');
      };
      const found: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        const el = node.parentElement;
        if (!el || !CJK.test(text) || exempt(el) || !visible(el)) continue;
        found.push(`${where(el)}: ${text.trim().slice(0, 80)}`);
      }
      // What a field shows before she types is on the page too.
      for (const el of document.body.querySelectorAll('[placeholder]')) {
        const text = el.getAttribute('placeholder') ?? '';
        if (CJK.test(text) && !exempt(el) && visible(el)) found.push(`${where(el)} @placeholder: ${text.slice(0, 80)}`);
      }
      // The tab's title may name what the page names (a group buy, the community), nothing else.
      let title = document.title;
      for (const el of document.querySelectorAll('[translate="no"], [data-user-text]')) {
        const name = el.textContent?.trim();
        if (name) title = title.split(name).join('');
      }
      if (CJK.test(title)) found.push(`<title>: ${document.title}`);
      return [...new Set(found)];
    });
  }

  /** Opens a page, waits for it to be drawn (no skeleton or spinner left), and collects its leaks. */
  async function visit(page: Page, url: string, name: string, found: Record<string, string[]>, { look = false } = {}) {
    await page.goto(url);
    await page.waitForLoadState('networkidle');
    await page.waitForFunction(() => !document.querySelector('.adm-skeleton, .adm-spin-loading, .adm-dot-loading'), undefined, { timeout: 10_000 }).catch(() => undefined);
    const mine = await leaks(page);
    if (mine.length) found[url] = mine;
    // A few pages are kept as pictures to look at; the check itself reads every page.
    if (look) await shot(page, `en-${name}`);
  }


  it('the resident\'s pages and the leader\'s main pages in English name things only in people\'s own words', async () => {
    const { communityId: c, liveGroupBuyId, pastGroupBuyId, yesterdayGroupBuyId } = h.seed;
    const zhang = h.seed.residents[2];
    const [eggOrder, yesterdayOrder] = await Promise.all([pastGroupBuyId, yesterdayGroupBuyId].map((g) => h.one<{ id: string }>(sql`
      select distinct order_id as id from order_lines where group_buy_id = ${g} and user_id = ${zhang}`)));
    const claim = await h.one<{ id: string }>(sql`select id from claims where user_id = ${zhang}`);
    const found: Record<string, string[]> = {};

    // 张大哥: an order collected, one handed over without his code (to confirm), a claim, today's 团.
    const resident = await englishPhone('13800000004');
    const page = watch(await resident.newPage(), 'resident');
    await resident.request.put(`/api/communities/${c}/basket/items/${h.seed.liveItemIds[2]}`, { data: { quantity: 1 }, headers: { origin: h.baseUrl } });
    await visit(page, `/c/${c}`, 'home', found);
    await visit(page, `/g/${liveGroupBuyId}`, 'group-buy', found, { look: true });
    await visit(page, `/c/${c}/basket`, 'basket', found);
    await visit(page, '/orders', 'orders', found);
    await visit(page, `/orders/${eggOrder.id}`, 'order-to-confirm', found);
    await visit(page, `/orders/${yesterdayOrder.id}`, 'order-collected', found, { look: true });
    await visit(page, `/orders/${yesterdayOrder.id}/claim`, 'claim-new', found);
    await visit(page, `/claims/${claim.id}`, 'claim', found, { look: true });
    await visit(page, `/c/${c}/pickup`, 'pickup', found);
    await visit(page, `/c/${c}/me`, 'profile', found);
    await visit(page, '/notices', 'notices', found, { look: true });
    await visit(page, '/guarantees', 'guarantees', found, { look: true });
    await resident.close();

    // 王叔: his dashboard, today's 团, the hand-over, orders, claims and earnings.
    const leader = await englishPhone('13800000001');
    const lp = watch(await leader.newPage(), 'leader');
    await visit(lp, `/leader/${c}`, 'leader-dashboard', found);
    await visit(lp, `/leader/group-buys/${liveGroupBuyId}`, 'leader-group-buy', found, { look: true });
    await visit(lp, `/leader/${c}/pickup`, 'leader-pickup', found);
    await visit(lp, `/leader/${c}/orders`, 'leader-orders', found);
    await visit(lp, `/leader/${c}/claims`, 'leader-claims', found);
    await visit(lp, `/leader/${c}/claims/${claim.id}`, 'leader-claim', found, { look: true });
    await visit(lp, `/leader/${c}/earnings`, 'leader-earnings', found);
    await leader.close();

    expect(found).toEqual({});
    expect(pageErrors).toEqual([]);
  });
});
