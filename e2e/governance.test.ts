import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { inTransaction } from '../src/platform/events/service.js';
import { earnPoints } from '../src/modules/points/index.js';
import { advanceProposals } from '../src/modules/governance/index.js';
import { JOURNEY_TIMEOUT, browserAvailable, desktopContext, logInThroughPage, phoneContext, shot, watchErrors, type Harness, startHarness } from './harness.js';

/**
 * 社区提案 on a 390×844 phone: 李阿姨 (level A, shops every week) proposes bringing in a product,
 * votes once the 24 h review is over, and sees turnout against quorum; 小林 (a new account) is told
 * plainly why she cannot vote yet and what would change that.
 */
describe.skipIf(!browserAvailable())('browser: community proposals', { timeout: JOURNEY_TIMEOUT }, () => {
  const LI = '13800000002';
  const LIN = '13800000003';
  let h: Harness;
  const pageErrors: string[] = [];
  const watch = watchErrors(pageErrors);

  beforeAll(async () => { h = await startHarness(); });
  afterAll(async () => { await h?.close(); });

  it('李阿姨 proposes and votes; 小林 sees why she cannot vote yet', async () => {
    const { communityId } = h.seed;
    const li = await h.one<{ id: string }>(sql`select id from users where phone = ${LI}`);
    await inTransaction(h.database.db, (tx) => earnPoints(tx, { userId: li.id, communityId, code: 'referral', refId: 'e2e', idempotencyKey: 'e2e-gov-li', now: h.now() }));

    const ctx = await phoneContext(h);
    const page = watch(await ctx.newPage(), '李阿姨');
    await logInThroughPage(h, page, LI, `/c/${communityId}/proposals`);
    await page.getByText('你可以提案和投票').waitFor();
    await page.getByRole('button', { name: '我要提案' }).click();
    await page.waitForURL('**/proposals/new');
    await page.getByPlaceholder('一句话说清楚，比如「引进丹东草莓」').fill('引进崇明老白菜');
    await page.locator('.adm-form-item').filter({ hasText: '商品名称' }).locator('input').fill('崇明老白菜');
    await page.getByPlaceholder('为什么要这样做？说给邻居们听').fill('冬天炖汤要用，菜场的不新鲜，合作社的每周能送。');
    await shot(page, 'governance-01-propose', { fullPage: false });
    await page.getByRole('button', { name: '提交提案' }).click();
    await page.waitForURL(/\/proposals\/[0-9a-f-]{36}$/);
    await page.getByText('开始投票还有').waitFor();
    const id = page.url().split('/').pop()!;
    expect((await h.one<{ stake_status: string }>(sql`select stake_status from proposals where id = ${id}`)).stake_status).toBe('held');

    // The review day passes; the job opens the vote.
    await h.advance(25 * 3_600_000);
    await advanceProposals(h.database.db, h.now());
    await page.reload();
    await page.getByText('投出你的一票').waitFor();
    await page.getByRole('button', { name: '赞成' }).click();
    // The dialog's confirm, once the dialog is open (clicking earlier hits the page's own button under it).
    await page.locator('.adm-dialog').getByRole('button', { name: '赞成' }).click();
    await page.getByText('你投了「赞成」').waitFor();
    await shot(page, 'governance-02-proposal-voted');
    const [b] = await h.rows<{ choice: string }>(sql`select choice from ballots where proposal_id = ${id} and user_id = ${li.id}`);
    expect(b.choice).toBe('yes');

    // 小林: a new account, not yet eligible — told why, no vote buttons.
    const lctx = await phoneContext(h);
    const lin = watch(await lctx.newPage(), '小林');
    await logInThroughPage(h, lin, LIN, `/proposals/${id}`);
    await lin.getByText('你现在还不能投票').waitFor();
    expect(await lin.getByRole('button', { name: '赞成' }).count()).toBe(0);
    await shot(lin, 'governance-03-not-eligible', { fullPage: false });

    // The vote closes, 48 h pass: the operator finds the product request with the vote attached and approves it.
    await h.advance(5 * 24 * 3_600_000 + 49 * 3_600_000);
    await advanceProposals(h.database.db, h.now());
    await page.goto(`/c/${communityId}/proposals`);
    await page.getByText('已交平台落实').first().waitFor();
    await shot(page, 'governance-04-list', { fullPage: false });
    const octx = await desktopContext(h);
    const op = watch(await octx.newPage(), '运营');
    await logInThroughPage(h, op, '13900000000', '/console/governance');
    await op.getByText('引进崇明老白菜').waitFor();
    await shot(op, 'governance-05-console');
    await op.getByRole('button', { name: /批\s?准/ }).click();
    await op.getByText('已处理').waitFor();
    expect((await h.one<{ status: string }>(sql`select status from governance_effects where proposal_id = ${id}`)).status).toBe('approved');
    expect(pageErrors).toEqual([]);
  });
});
