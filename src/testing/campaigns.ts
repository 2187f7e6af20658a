/** Test support for campaigns: a standard, products proving it, a published campaign enrolling them. */
import { expect } from 'vitest';
import { createCampaign, enrollProduct, publishCampaign } from '../modules/campaigns/index.js';
import type { TestApp } from './app.js';
import { call, HOUR, sellableProduct, TINY_PDF, upload, type Actor } from './world.js';

type World = { operator: Actor; leader: Actor; community: { id: string }; supplier: { id: string; member: Actor } };
type Value = { analyte: string; notDetected: boolean; value?: number; unit?: string };

let seq = 0;
export const CLEAN_VALUES: Value[] = [{ analyte: 'preservatives', notDetected: true }];
export const FAILING_VALUES: Value[] = [{ analyte: 'preservatives', notDetected: false, value: 0.3, unit: 'g/kg' }];

/** An operator-defined standard: preservatives not detected on the batch's report. */
export async function noPreservativesStandard(t: TestApp, w: World, nameZh = `0 防腐剂 ${++seq}`) {
  const res = await call(t, w.operator, 'POST', '/api/standards', {
    nameZh, nameEn: `No preservatives ${seq}`,
    criteria: [{ nameZh: '防腐剂未检出', nameEn: 'Preservatives not detected', method: 'report_value', analyte: 'preservatives', rule: 'not_detected' }],
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; nameZh: string };
}

/** A new approved batch of the product whose report carries these values (it becomes the current batch). */
export async function batchWithValues(t: TestApp, w: World, productId: string, values: Value[]) {
  const at = (msAgo: number) => new Date(t.clock.now().getTime() - msAgo).toISOString();
  const b = await call(t, w.supplier.member, 'POST', '/api/batches', { productId, producedAt: at(HOUR / 2), quantity: 100, sourcePlace: '云南玉溪 3 号基地' });
  expect(b.status).toBe(201);
  const insp = await upload(t, w.supplier.member, `/api/batches/${b.body.id}/inspections`, { lab: '云南省食品检验所', inspectedAt: at(HOUR / 4), result: 'pass', values: JSON.stringify(values) }, [{ field: 'report', filename: 'r.pdf', bytes: TINY_PDF }]);
  expect(insp.status).toBe(201);
  expect((await call(t, w.operator, 'POST', `/api/batches/${b.body.id}/review`, { decision: 'approve' })).status).toBe(200);
  return b.body as { id: string; code: string };
}

/** A product sellable in the world's community whose current batch proves the standard, accepted by the operator. */
export async function provingProduct(t: TestApp, w: World, standardId: string, name: string, listPriceFen = 2000) {
  const product = await sellableProduct(t, w, name, listPriceFen);
  const batch = await batchWithValues(t, w, product.id, CLEAN_VALUES);
  const review = await call(t, w.operator, 'POST', `/api/standards/${standardId}/reviews`, { productId: product.id, batchId: batch.id, decision: 'accepted' });
  expect(review.status).toBe(201);
  return { ...product, batch };
}

/** A published campaign requiring the standards, with the products enrolled. */
export async function publishedCampaign(t: TestApp, w: World, standardIds: string[], productIds: string[], over: Partial<{ slug: string; nameZh: string; startsOn: string; endsOn: string }> = {}) {
  const db = t.database.db;
  const today = new Date(t.clock.now().getTime() + 8 * HOUR).toISOString().slice(0, 10);
  const end = new Date(t.clock.now().getTime() + 8 * HOUR + 60 * 24 * HOUR).toISOString().slice(0, 10);
  const campaign = await createCampaign(db, w.operator.userId, {
    slug: over.slug ?? `anxin-kitchen-${++seq}`, nameZh: over.nameZh ?? '安心厨房计划', nameEn: 'Safe Kitchen',
    storyZh: '让孩子吃得安心', storyEn: 'Food you can trust for your children', startsOn: over.startsOn ?? today, endsOn: over.endsOn ?? end,
    badgeZh: '安心厨房', badgeEn: 'Safe Kitchen', standardIds,
  }, t.clock.now());
  for (const id of productIds) await enrollProduct(db, w.operator.userId, campaign.id, id, t.clock.now());
  return publishCampaign(db, w.operator.userId, campaign.id, t.clock.now());
}
