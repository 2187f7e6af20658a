import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { JOURNEY_TIMEOUT, browserAvailable, desktopContext, logInThroughPage, phoneContext, shot, startHarness, type Harness } from './harness.js';
import { createStandard, reviewStandard } from '../src/modules/quality/index.js';

const DAY = 86_400_000;

/**
 * Standards as people meet them: 李阿姨 taps the 「0 防腐剂」 badge on the strawberries of the 团 and
 * sees the lab's values, the organic certificate and the trace; 陈总 reviews the next standard's
 * evidence side by side in the console and accepts it.
 */
describe.skipIf(!browserAvailable())('browser: standards and their proof', { timeout: JOURNEY_TIMEOUT }, () => {
  let h: Harness;
  let batchCode: string;
  beforeAll(async () => {
    h = await startHarness();
    // The demo's strawberry batch gets structured values on its report and an organic certificate
    // (fixture rows: the supplier's forms are tested through the API in src/modules/quality/standards.test.ts).
    const batch = await h.one<{ id: string; code: string; inspection_id: string; file_id: string; supplier_id: string; supplier_user: string }>(sql`
      select b.id, b.code, i.id as inspection_id, i.report_file_id as file_id, b.supplier_id,
        (select user_id from supplier_members m where m.supplier_id = b.supplier_id limit 1) as supplier_user
      from batches b join inspections i on i.batch_id = b.id
      where b.product_id = ${h.seed.strawberryId} and b.status = 'approved' order by b.produced_at desc, i.inspected_at desc limit 1`);
    batchCode = batch.code;
    await h.database.db.execute(sql`insert into inspection_values (inspection_id, analyte, not_detected, value, unit) values
      (${batch.inspection_id}, 'preservatives', true, null, 'g/kg'), (${batch.inspection_id}, 'artificial_colours', true, null, 'g/kg'),
      (${batch.inspection_id}, 'pesticide_residues', false, 0.01, 'mg/kg')`);
    const day = (d: number) => new Date(h.now().getTime() + 8 * 3_600_000 + d * DAY).toISOString().slice(0, 10);
    await h.database.db.execute(sql`insert into certificates (product_id, supplier_id, type, issuer, number, valid_from, valid_until, file_id, uploaded_by)
      values (${h.seed.strawberryId}, ${batch.supplier_id}, 'organic', '中绿华夏有机食品认证中心', 'COFCC-R-2103-0127', ${day(-100)}, ${day(265)}, ${batch.file_id}, ${batch.supplier_user})`);
    const db = h.database.db;
    const op = { id: h.seed.operatorId, isOperator: true };
    const clean = await createStandard(db, op.id, {
      nameZh: '0 防腐剂', nameEn: 'No preservatives', descriptionZh: '不添加任何防腐剂，检测报告上防腐剂未检出。', descriptionEn: 'No preservatives added; not detected on the lab report.',
      criteria: [
        { nameZh: '防腐剂未检出', nameEn: 'Preservatives not detected', method: 'report_value', analyte: 'preservatives', rule: 'not_detected' },
        { nameZh: '农药残留不超过 0.05 mg/kg', nameEn: 'Pesticide residues at most 0.05 mg/kg', method: 'report_value', analyte: 'pesticide_residues', rule: 'at_most', limit: 0.05, unit: 'mg/kg' },
      ],
    }, h.now());
    const organic = await createStandard(db, op.id, { nameZh: '有机认证', nameEn: 'Organic', criteria: [{ nameZh: '有效的有机产品认证', nameEn: 'A valid organic certificate', method: 'certificate', certificateType: 'organic' }] }, h.now());
    await createStandard(db, op.id, { nameZh: '0 人工色素', nameEn: 'No artificial colours', criteria: [{ nameZh: '人工合成色素未检出', nameEn: 'Artificial colours not detected', method: 'report_value', analyte: 'artificial_colours', rule: 'not_detected' }] }, h.now());
    for (const s of [clean, organic]) await reviewStandard(db, op, { standardId: s.id, productId: h.seed.strawberryId, batchId: batch.id, decision: 'accepted' }, h.now());
  });
  afterAll(async () => { await h?.close(); });

  it('李阿姨 taps the badge on the strawberries and sees the values, the certificate and the trace', async () => {
    const ctx = await phoneContext(h);
    const page = await ctx.newPage();
    await logInThroughPage(h, page, '13800000002', `/g/${h.seed.liveGroupBuyId}`);
    const strawberry = page.locator(`[data-testid="gb-item"][data-item-id="${h.seed.liveItemIds[0]}"]`);
    await strawberry.getByTestId('standard-badges').waitFor();
    expect(await strawberry.getByTestId('standard-badge').allTextContents()).toEqual(['0 防腐剂', '有机认证']);
    await shot(page, 'std-1-item-badges');
    await strawberry.getByTestId('standard-badge').first().click();
    const sheet = page.getByTestId('standard-sheet');
    await sheet.waitFor();
    const values = await sheet.getByTestId('standard-value').allTextContents();
    expect(values[0]).toContain('未检出');
    expect(values[1]).toContain('0.01');
    expect(await sheet.textContent()).toContain(batchCode);
    await shot(page, 'std-2-badge-sheet', { fullPage: false });
    await page.getByRole('button', { name: '知道了' }).click();
    await sheet.waitFor({ state: 'detached' });
    await strawberry.getByTestId('standard-badge').nth(1).click();
    const cert = page.getByTestId('standard-certificate');
    await cert.waitFor();
    expect(await cert.textContent()).toContain('COFCC-R-2103-0127');
    expect(await cert.textContent()).toContain('中绿华夏有机食品认证中心');
    await shot(page, 'std-3-certificate-sheet', { fullPage: false });
    await page.getByTestId('standard-trace-link').click();
    await page.waitForURL(`**/t/${batchCode}`);
    await page.getByTestId('standard-badges').waitFor();
    await shot(page, 'std-4-trace-page');
    await ctx.close();
  });

  it('陈总 sees the evidence beside each criterion and accepts it; the badge appears', async () => {
    const ctx = await desktopContext(h);
    const page = await ctx.newPage();
    await logInThroughPage(h, page, '13900000000', '/console/standard-reviews');
    const card = page.getByTestId('standard-review-card');
    await card.first().waitFor();
    expect(await card.count()).toBe(1);
    expect(await card.first().textContent()).toContain('0 人工色素');
    expect(await card.first().textContent()).toContain('未检出');
    await shot(page, 'std-5-console-review');
    await card.first().getByTestId('accept-standard').click();
    await card.first().waitFor({ state: 'detached' });
    const proven = await (await page.request.get(`/api/standards/proven?productIds=${h.seed.strawberryId}`)).json() as { items: { standards: { nameZh: string }[] }[] };
    expect(proven.items[0].standards.map((s) => s.nameZh)).toEqual(['0 防腐剂', '有机认证', '0 人工色素']);
    await page.goto('/console/standards');
    await page.getByText('农药残留不超过 0.05 mg/kg').waitFor();
    await shot(page, 'std-6-console-standards');
    await ctx.close();
  });
});
