import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { JOURNEY_TIMEOUT, browserAvailable, desktopContext, logInThroughPage, phoneContext, shot, startHarness, type Harness } from './harness.js';
import { createCampaign, publishCampaign, saveAmbassadorSettings } from '../src/modules/campaigns/index.js';
import { createStandard } from '../src/modules/quality/index.js';
import { createCourse, enrol, publishCourse, submitQuiz } from '../src/modules/training/index.js';
import { RIGHT, sampleCourse } from '../src/testing/training.js';

/**
 * 王叔 wants to be an ambassador of 安心厨房计划: he sees the requirements against his own facts
 * (the course not yet passed), passes it, applies; 陈总 sees the application with its facts and approves.
 */
describe.skipIf(!browserAvailable())('browser: campaign ambassadors', { timeout: JOURNEY_TIMEOUT }, () => {
  let h: Harness;
  let courseId: string;
  beforeAll(async () => {
    h = await startHarness();
    const db = h.database.db;
    const op = h.seed.operatorId;
    const standard = await createStandard(db, op, { nameZh: '0 防腐剂', nameEn: 'No preservatives', criteria: [{ nameZh: '防腐剂未检出', nameEn: 'Preservatives not detected', method: 'report_value', analyte: 'preservatives', rule: 'not_detected' }] }, h.now());
    const course = await createCourse(db, op, { ...sampleCourse({ title: '安心厨房：食品安全必修课' }) } as never, h.now());
    await publishCourse(db, op, course.id, h.now());
    courseId = course.id;
    const today = new Date(h.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const end = new Date(h.now().getTime() + 8 * 3_600_000 + 60 * 86_400_000).toISOString().slice(0, 10);
    const campaign = await createCampaign(db, op, { slug: 'anxin-kitchen', nameZh: '安心厨房计划', nameEn: 'Safe Kitchen', startsOn: today, endsOn: end, badgeZh: '安心厨房', badgeEn: 'Safe Kitchen', standardIds: [standard.id] }, h.now());
    await publishCampaign(db, op, campaign.id, h.now());
    await saveAmbassadorSettings(db, op, campaign.id, { rule: "tier in ['gold', 'silver'] and course_passed and upheld_complaints_90d == 0", courseId, firstLaunchDays: 7 }, h.now());
    await db.execute(sql`insert into leader_index_readings (leader_id, computed_at, index_value, components, inputs, orders, tier, tier_changed, reason)
      values (${h.seed.leaderId}, ${new Date(h.now().getTime() - 60_000)}, 88, '{}'::jsonb, '{}'::jsonb, 320, 'gold', true, 'demo')`);
  });
  afterAll(async () => { await h?.close(); });

  it('王叔 sees what he still lacks, passes the course and applies', async () => {
    const ctx = await phoneContext(h);
    const page = await ctx.newPage();
    await logInThroughPage(h, page, '13800000001', `/leader/${h.seed.communityId}/ambassador`);
    const card = page.getByTestId('ambassador-campaign');
    await card.waitFor();
    const parts = await card.getByTestId('ambassador-parts').locator('li').allTextContents();
    expect(parts).toEqual(['✓团长等级 属于 金牌、银牌', '✗已通过活动指定的培训课程', '✓近 90 天被认定的投诉数 是 0']);
    expect(await card.getByTestId('apply-ambassador').isDisabled()).toBe(true);
    await shot(page, 'amb-1-leader-not-yet');

    await enrol(h.database.db, h.seed.leaderId, courseId, h.now());
    await submitQuiz(h.database.db, h.seed.leaderId, courseId, RIGHT, h.now());
    await page.reload();
    await card.getByTestId('apply-ambassador').waitFor();
    expect(await card.getByTestId('apply-ambassador').isDisabled()).toBe(false);
    await card.getByTestId('apply-ambassador').click();
    await page.locator('.adm-dialog').getByRole('button', { name: '确定' }).click();
    await card.getByTestId('ambassador-status').waitFor();
    expect(await card.getByTestId('ambassador-status').textContent()).toContain('待审核');
    await shot(page, 'amb-2-leader-applied');
  });

  it('陈总 sees the application with its facts and approves; 王叔 then carries the badge', async () => {
    const ctx = await desktopContext(h);
    const page = await ctx.newPage();
    await logInThroughPage(h, page, '13900000000', '/console/ambassadors');
    const row = page.getByTestId('ambassador-queue').locator('tbody tr').filter({ hasText: '王叔' });
    await row.waitFor();
    expect(await row.textContent()).toContain('金牌');
    await shot(page, 'amb-3-console-queue');
    await row.getByTestId('approve').click();
    await page.locator('.ant-modal').getByRole('button', { name: /批\s*准/ }).click();
    await page.getByText('已批准 王叔').waitFor();
    const status = await h.one<{ status: string }>(sql`select status from campaign_ambassadors where leader_id = ${h.seed.leaderId}`);
    expect(status.status).toBe('approved');
    await page.getByRole('tab', { name: '大使条件与首发期' }).click();
    await page.getByTestId('edit-settings').first().click();
    const rule = page.getByTestId('ambassador-rule');
    await rule.fill("tier in ['gold' and course_passed");
    await page.getByTestId('save-settings').click();
    await page.getByTestId('ambassador-rule-error').waitFor();
    await shot(page, 'amb-4-console-rule-error');

    const phone = await (await phoneContext(h)).newPage();
    await logInThroughPage(h, phone, '13800000001', `/leader/${h.seed.communityId}/profile`);
    await phone.getByTestId('profile-ambassador').getByText('安心厨房计划 大使').waitFor();
    await shot(phone, 'amb-5-leader-profile-badge');
  });
});
