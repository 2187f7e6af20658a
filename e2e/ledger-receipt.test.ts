import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.js';
import { runLedgerCheckpoint } from '../src/modules/ledger/index.js';
import { JOURNEY_TIMEOUT, browserAvailable, desktopContext, logInThroughPage, phoneContext, shot, watchErrors, type Harness } from './harness.js';
import { startHarness } from './harness.js';

/**
 * 李阿姨 got ¥12.50 back from the guarantee fund; she opens her receipt on a 390×844 phone, the page
 * checks it there and says it is valid; a receipt with one changed digit is refused. 陈总 sees the
 * signed checkpoints and the verification status in the console.
 */
describe.skipIf(!browserAvailable())('browser: 李阿姨 checks her ledger receipt', { timeout: JOURNEY_TIMEOUT }, () => {
  const RESIDENT = '13800000002';
  const OPERATOR = '13900000000';
  let h: Harness;
  let entryId = '';
  const pageErrors: string[] = [];
  const watch = watchErrors(pageErrors);

  beforeAll(async () => {
    h = await startHarness();
    const [li] = await h.rows<{ id: string }>(sql`select id from users where phone = ${RESIDENT}`);
    const [row] = await h.rows<{ id: string }>(sql`insert into fund_entries (idempotency_key, debit_account, credit_account, amount_fen, code, memo)
      values ('e2e-ledger-refund', 'guarantee_fund', ${`resident:${li.id}`}, 1250, 'claim_refund', '草莓压坏了两颗') returning id`);
    entryId = String(row.id);
    await runLedgerCheckpoint(h.database.db, loadConfig({}).ledger, h.now(), () => {});
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('verifies her receipt on the phone and refuses a tampered one', async () => {
    const ctx = await phoneContext(h);
    const page = await ctx.newPage();
    watch(page, '李阿姨');
    await logInThroughPage(h, page, RESIDENT, `/verify?source=fund_entries&id=${entryId}`);
    await page.waitForURL(/\/verify/);
    await page.getByTestId('receipt-text').locator('textarea').waitFor();
    await expect.poll(() => page.getByTestId('receipt-text').locator('textarea').inputValue()).toContain('linli-receipt/v1');
    await page.getByTestId('receipt-check').click();
    const result = page.getByTestId('receipt-result');
    await expect.poll(() => result.textContent()).toContain('凭证有效');
    expect(await result.textContent()).toContain('¥12.50');
    await shot(page, 'ledger-verify-ok');

    // One digit of the amount changed: the page refuses it.
    const text = await page.getByTestId('receipt-text').locator('textarea').inputValue();
    await page.getByTestId('receipt-text').locator('textarea').fill(text.replace('\\"amountFen\\":1250', '\\"amountFen\\":9250'));
    await page.getByTestId('receipt-check').click();
    await expect.poll(() => result.textContent()).toContain('凭证对不上');
    expect(await result.textContent()).toContain('证明路径对不上');
    await shot(page, 'ledger-verify-refused');
    await ctx.close();
  });

  it('shows 陈总 the checkpoints and the verification status', async () => {
    const ctx = await desktopContext(h);
    const page = await ctx.newPage();
    watch(page, '陈总');
    await logInThroughPage(h, page, OPERATOR, '/console/ledger');
    await page.getByTestId('ledger-console').waitFor();
    expect(await page.getByTestId('ledger-console').textContent()).toContain('全部记录与账本一致');
    await shot(page, 'ledger-console');
    await ctx.close();
    expect(pageErrors).toEqual([]);
  });
});
