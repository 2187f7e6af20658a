import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOURNEY_TIMEOUT, browserAvailable, desktopContext, logInThroughPage, shot, startHarness, type Harness } from './harness.js';
import { DEMO_ACCOUNTS } from '../src/db/seed.js';

/** 陈总 reads the demo's 安心厨房计划 results: each measure beside its baseline, the charts, the download. */
describe.skipIf(!browserAvailable())('browser: campaign results on the demo', { timeout: JOURNEY_TIMEOUT }, () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness({ campaignDemo: true }); }, JOURNEY_TIMEOUT);
  afterAll(async () => { await h?.close(); });

  it('shows the measures with differences, intervals and n, and offers the .xlsx', async () => {
    const ctx = await desktopContext(h);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await logInThroughPage(h, page, DEMO_ACCOUNTS[0].phone, `/console/campaign-results/${h.seed.anxinCampaignId}`);
    await page.getByText('月复购率').first().waitFor();
    await expect(page.getByText('比活动前').first().isVisible()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: '下载 Excel' }).getAttribute('href')).resolves.toContain('/results.xlsx');
    await page.locator('svg').first().waitFor();
    await shot(page, 'campaign-results');
    expect(errors).toEqual([]);
  });
});
