// The demo's 安心厨房计划 (issue #15, item 9): a standard, products proving it, the campaign
// published, and seven months of generated buying in three demo communities: two take part, one
// does not. Generated with a fixed seed (mulberry32), through the real checkout and payment, so
// the campaign results report computes real, non-trivial figures. Everything here is demo data:
// residents are named 演示居民, the lab reports say "(demo)".
import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import type { PaymentProvider } from '../modules/payments/index.js';
import type { FileStorage } from '../platform/files/storage.js';
import { findOrCreateUser } from '../modules/identity/index.js';
import { appointLeader, createCommunity, joinByInvite } from '../modules/community/index.js';
import { createProduct, updateProduct } from '../modules/catalog/index.js';
import { addInspection, createBatch, createStandard, reviewBatch, reviewStandard } from '../modules/quality/index.js';
import { recordTrial } from '../modules/leaders/index.js';
import { createCampaign, enrollProduct, publishCampaign } from '../modules/campaigns/index.js';
import { answerNps, startSurveyRound } from '../modules/metrics/index.js';
import { openGroupBuy } from '../workflows/open-group-buy.js';
import { checkout } from '../workflows/checkout.js';
import { handlePaymentSucceeded } from '../workflows/payment-notified.js';
import { campaignParticipants, campaignPeriod } from '../queries/campaign-results.js';
import { demoReportPdf } from './demo-report.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A small deterministic generator (mulberry32): the same demo every time. */
export function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The first day of the month `k` months from the Shanghai month of `now` (k < 0: earlier). */
function monthStart(now: Date, k: number): string {
  const local = new Date(now.getTime() + 8 * HOUR);
  const d = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + k, 1));
  return d.toISOString().slice(0, 10);
}
/** 10:00 Shanghai on a day of the month starting at `first`. */
const onDay = (first: string, day: number, hour = 10) => new Date(Date.parse(`${first}T00:00:00Z`) + (day - 1) * DAY + (hour - 8) * HOUR);

export async function seedCampaignDemo(db: Db, payments: PaymentProvider, storage: FileStorage, ctx: {
  now: Date; operatorId: string; communityId: string; leaderId: string; supplierMemberId: string; supplierId: string;
}) {
  const { now, operatorId } = ctx;
  const rand = mulberry32(20261205);
  // The campaign ran the three whole months before this one; the data starts four months earlier.
  const startsOn = monthStart(now, -3);
  const endsOn = new Date(Date.parse(`${monthStart(now, 0)}T00:00:00Z`) - DAY).toISOString().slice(0, 10);
  const dataFrom = monthStart(now, -7);
  const setupAt = onDay(dataFrom, 1, 9);
  const supplierActor = { id: ctx.supplierMemberId, isOperator: false };

  const standard = await createStandard(db, operatorId, {
    nameZh: '安心厨房 · 0 防腐剂', nameEn: 'Safe Kitchen · no preservatives', descriptionZh: '检测报告上苯甲酸、山梨酸等防腐剂均未检出。', descriptionEn: 'Preservatives not detected on the lab report.',
    criteria: [{ nameZh: '防腐剂未检出', nameEn: 'Preservatives not detected', method: 'report_value', analyte: 'preservatives', rule: 'not_detected' }],
  }, setupAt);
  const product = async (name: string, priceFen: number, description: string, proving: boolean) => {
    const p = await createProduct(db, { name, spec: '1 份', unit: '份', origin: '广东阳江', description, imageUrls: ['/demo/soy.svg'], listPriceFen: priceFen });
    await updateProduct(db, p.id, { supplierId: ctx.supplierId, category: 'packaged_food', shelfLifeDays: 365, storage: '阴凉干燥处' });
    const batch = await createBatch(db, supplierActor, { productId: p.id, producedAt: new Date(setupAt.getTime() - 10 * DAY), quantity: 5000, sourcePlace: '阳江酱园 1 号车间' }, new Date(setupAt.getTime() - 9 * DAY));
    await addInspection(db, storage, supplierActor, batch.id, {
      lab: '广东省食品检验所', inspectedAt: new Date(setupAt.getTime() - 8 * DAY), result: 'pass', summary: proving ? '防腐剂（苯甲酸、山梨酸）未检出（演示数据）' : '检测合格（演示数据）',
      report: { filename: `inspection-${batch.code}.pdf`, bytes: demoReportPdf(['Inspection report (demo)', `Batch ${batch.code}`, proving ? 'Preservatives: not detected' : 'Result: PASS']) },
      values: proving ? [{ analyte: 'preservatives', notDetected: true }] : [],
    } as Parameters<typeof addInspection>[4], new Date(setupAt.getTime() - 8 * DAY + HOUR));
    await reviewBatch(db, operatorId, batch.id, 'approve', '报告齐全（演示数据）', new Date(setupAt.getTime() - 7 * DAY));
    if (proving) await reviewStandard(db, { id: operatorId, isOperator: true }, { standardId: standard.id, productId: p.id, batchId: batch.id, decision: 'accepted' }, setupAt);
    return { ...p, batchId: batch.id, priceFen };
  };
  const noodles = await product('安心宝宝面条（演示）', 2680, '只用小麦粉、鸡蛋和水，0 防腐剂。', true);
  const ketchup = await product('0 添加番茄酱（演示）', 1890, '番茄、糖、盐，0 防腐剂。', true);
  const rice = await product('东北长粒香米（演示）', 5990, '五常产区，当季新米。', false);
  const oil = await product('压榨花生油（演示）', 8900, '物理压榨，一级。', false);

  // Two more demo communities: 春申苑 takes part with 好邻生活圈; 阳光花园 does not sell the campaign.
  const communities = [{ id: ctx.communityId, leaderId: ctx.leaderId, takesPart: true, residents: [] as string[] }];
  for (const [i, name] of [['春申苑', true], ['阳光花园', false]].entries()) {
    const c = await createCommunity(db, { name: name[0] as string, address: `上海市闵行区演示路 ${i + 10} 号`, timeZone: 'Asia/Shanghai', pickupPointName: `${name[0]}东门驿站`, pickupPointAddress: '东门', pickupHours: '08:00-20:00' });
    const { userId } = await appointLeader(db, c.id, { phone: `1380000010${i}`, name: i === 0 ? '孙姐' : '钱叔', title: '团长' }, operatorId);
    communities.push({ id: c.id, leaderId: userId, takesPart: name[1] as boolean, residents: [] });
  }
  for (const [ci, c] of communities.entries()) {
    const inviteCode = ((await db.execute(sql`select invite_code from communities where id = ${c.id}`)) as unknown as { rows: { invite_code: string }[] }).rows[0].invite_code;
    for (let i = 0; i < 16; i++) {
      const u = await findOrCreateUser(db, `1360${ci}${String(i).padStart(6, '0')}`, `演示居民 ${ci + 1}-${i + 1}`);
      await joinByInvite(db, inviteCode, u.id, c.leaderId);
      c.residents.push(u.id);
    }
    for (const p of [noodles, ketchup, rice, oil]) {
      await recordTrial(db, storage, c.id, c.leaderId, { productId: p.id, rating: 5, story: '我家先吃过了，放心（演示数据）。', photos: [] });
    }
  }

  const campaign = await createCampaign(db, operatorId, {
    slug: 'anxin-kitchen', nameZh: '安心厨房计划', nameEn: 'Safe Kitchen',
    storyZh: '给孩子和家人的每一口，都有检测报告可查：入选商品的当前批次必须证明 0 防腐剂。（演示数据）',
    storyEn: 'Every bite for the family comes with a report: each product\'s current batch must prove no preservatives. (demo data)',
    startsOn, endsOn, badgeZh: '安心厨房', badgeEn: 'Safe Kitchen', standardIds: [standard.id],
  }, setupAt);
  for (const p of [noodles, ketchup]) await enrollProduct(db, operatorId, campaign.id, p.id, setupAt);
  await publishCampaign(db, operatorId, campaign.id, setupAt);

  // Each month each community opens one 团; each resident buys with a monthly chance: 45% before the
  // campaign everywhere; during it, 80% in the communities that take part (with a campaign item
  // most of the time), 45% elsewhere. Baskets are 1–3 items.
  let key = 0;
  for (let k = -7; k <= -1; k++) {
    const first = monthStart(now, k);
    const during = first >= startsOn;
    for (const c of communities) {
      const sellsCampaign = during && c.takesPart;
      const opensAt = onDay(first, 3, 9);
      const items = [rice, oil, ...(sellsCampaign ? [noodles, ketchup] : [])];
      const gb = await openGroupBuy(db, c.id, c.leaderId, {
        title: sellsCampaign ? '安心厨房计划 · 本月团（演示）' : '粮油月团（演示）', note: '演示数据',
        opensAt, cutoffAt: onDay(first, 20, 20), pickupStartAt: onDay(first, 22, 9), pickupEndAt: onDay(first, 24, 20),
        items: items.map((p) => ({ productId: p.id, batchId: p.batchId, priceFen: p.priceFen, stockTotal: 500, perPersonLimit: 5 })),
      }, opensAt);
      for (const [ri, userId] of c.residents.entries()) {
        const chance = sellsCampaign ? 0.8 : 0.45;
        if (rand() >= chance) continue;
        const lines: { itemId: string; quantity: number }[] = [];
        if (sellsCampaign && rand() < 0.85) lines.push({ itemId: gb.items[2 + (rand() < 0.5 ? 0 : 1)].id, quantity: 1 + Math.floor(rand() * 2) });
        if (lines.length === 0 || rand() < 0.6) lines.push({ itemId: gb.items[rand() < 0.6 ? 0 : 1].id, quantity: 1 });
        const at = new Date(opensAt.getTime() + (1 + ri) * HOUR + Math.floor(rand() * 5 * DAY));
        const { order, payment } = await checkout(db, payments, { userId, communityId: c.id, lines, idempotencyKey: `seed-campaign-${++key}` }, 15, at);
        const [p] = ((await db.execute(sql`select provider_ref from payments where id = ${payment!.paymentId}`)) as unknown as { rows: { provider_ref: string }[] }).rows;
        await handlePaymentSucceeded(db, payments, p.provider_ref, order.totalFen, new Date(at.getTime() + 60_000));
      }
    }
  }

  // The campaign's survey round at its end: every participating resident is asked; most answer.
  const period = campaignPeriod(campaign);
  const surveyAt = new Date(period.to.getTime() - 5 * DAY);
  const frame = (await campaignParticipants(db, campaign.id, period.from, surveyAt)).map((p) => p.userId);
  const round = await startSurveyRound(db, operatorId, { subjectType: 'campaign', campaignId: campaign.id, title: '安心厨房计划', sampleSize: frame.length, closesAt: new Date(surveyAt.getTime() + 20 * DAY) }, surveyAt, frame);
  const invited = ((await db.execute(sql`select user_id from nps_invitations where survey_id = ${round.id} order by user_id`)) as unknown as { rows: { user_id: string }[] }).rows;
  for (const [i, { user_id: userId }] of invited.entries()) {
    if (rand() < 0.15) continue;
    const score = [10, 10, 9, 9, 9, 8, 10, 7, 9, 6][Math.floor(rand() * 10)];
    await answerNps(db, userId, { subjectType: 'campaign', subjectId: null, surveyId: round.id, score, reason: '演示数据' }, new Date(surveyAt.getTime() + (i + 1) * HOUR));
  }
  return { campaignId: campaign.id, standardId: standard.id, productIds: [noodles.id, ketchup.id] };
}
