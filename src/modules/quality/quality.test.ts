import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { approvedSupplier, assignSupplier, buildWorld, call, endorse, HOUR, TINY_PDF, upload } from '../../testing/world.js';
import { scenePhoto } from '../../db/sample-photos.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 1 });
});
afterAll(async () => { await t?.close(); });

const count = async (table: string) => ((await t.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] }).rows[0].n;

async function newProduct(name = '零添加酱油') {
  const p = await call(t, world.operator, 'POST', '/api/products', { name, spec: '500ml', unit: '瓶', origin: '广东阳江', listPriceFen: 3280 });
  await assignSupplier(t, p.body.id, world.supplier.id);
  return p.body as { id: string };
}

const openBody = (productId: string) => {
  const now = t.clock.now().getTime();
  return { items: [{ productId, priceFen: 2980, stockTotal: 10, perPersonLimit: 2 }], cutoffAt: new Date(now + HOUR).toISOString(), pickupStartAt: new Date(now + 20 * HOUR).toISOString(), pickupEndAt: new Date(now + 30 * HOUR).toISOString() };
};

describe('batches and inspections', () => {
  it('no sale without an approved batch with a passing inspection', async () => {
    const product = await newProduct();
    await endorse(t, world.leader, world.community.id, product.id);
    const member = world.supplier.member;
    const noBatch = await call(t, world.leader, 'POST', `/api/communities/${world.community.id}/group-buys`, openBody(product.id));
    expect(noBatch.status).toBe(409);
    expect(noBatch.body.error.code).toBe('groupbuy.no_approved_batch');

    const now = t.clock.now().getTime();
    const future = await call(t, member, 'POST', '/api/batches', { productId: product.id, producedAt: new Date(now + HOUR).toISOString(), quantity: 10, sourcePlace: '阳江酱园' });
    expect(future.body.error.code).toBe('batch.produced_in_future');
    const batch = await call(t, member, 'POST', '/api/batches', { productId: product.id, producedAt: new Date(now - 48 * HOUR).toISOString(), quantity: 300, sourcePlace: '阳江古法酱园 2 号晒场' });
    expect(batch.status).toBe(201);
    expect(batch.body.code).toMatch(/^B\d{8}-\d{6}$/);

    // Approve without any inspection: refused.
    expect((await call(t, world.operator, 'POST', `/api/batches/${batch.body.id}/review`, { decision: 'approve' })).body.error.code).toBe('batch.no_inspection');

    const files = await count('stored_files');
    const futureInsp = await upload(t, member, `/api/batches/${batch.body.id}/inspections`, { lab: '某检测中心', inspectedAt: new Date(now + 24 * HOUR).toISOString(), result: 'pass' }, [{ field: 'report', filename: 'r.pdf', bytes: TINY_PDF }]);
    expect(futureInsp.body.error.code).toBe('inspection.date_in_future');
    const fakePdf = await upload(t, member, `/api/batches/${batch.body.id}/inspections`, { lab: '某检测中心', inspectedAt: new Date(now - HOUR).toISOString(), result: 'pass' }, [{ field: 'report', filename: 'report.pdf', bytes: Buffer.from('MZ this is really an exe') }]);
    expect(fakePdf.status).toBe(400);
    expect(fakePdf.body.error.code).toBe('file.type_not_allowed');
    const huge = await upload(t, member, `/api/batches/${batch.body.id}/inspections`, { lab: '某检测中心', inspectedAt: new Date(now - HOUR).toISOString(), result: 'pass' }, [{ field: 'report', filename: 'big.pdf', bytes: Buffer.concat([TINY_PDF, Buffer.alloc(11 * 1024 * 1024)]) }]);
    expect(huge.body.error.code).toBe('file.too_large');
    expect(await count('stored_files')).toBe(files);
    expect(await count('inspections')).toBe(1); // only the world's own batch

    // A failing inspection blocks approval.
    const failed = await upload(t, member, `/api/batches/${batch.body.id}/inspections`, { lab: '广东省食品检验所', inspectedAt: new Date(now - 2 * HOUR).toISOString(), result: 'fail', summary: '菌落总数超标' }, [{ field: 'report', filename: 'r.pdf', bytes: TINY_PDF }]);
    expect(failed.status).toBe(201);
    expect((await call(t, world.operator, 'POST', `/api/batches/${batch.body.id}/review`, { decision: 'approve' })).body.error.code).toBe('batch.inspection_failed');
    // A later passing re-test makes it approvable; only operators approve.
    await upload(t, member, `/api/batches/${batch.body.id}/inspections`, { lab: '广东省食品检验所', inspectedAt: new Date(now - HOUR).toISOString(), result: 'pass', summary: '复检合格' }, [{ field: 'report', filename: 'r2.pdf', bytes: TINY_PDF }]);
    expect((await call(t, member, 'POST', `/api/batches/${batch.body.id}/review`, { decision: 'approve' })).status).toBe(403);
    const approved = await call(t, world.operator, 'POST', `/api/batches/${batch.body.id}/review`, { decision: 'approve' });
    expect(approved.body.status).toBe('approved');
    const open = await call(t, world.leader, 'POST', `/api/communities/${world.community.id}/group-buys`, openBody(product.id));
    expect(open.status).toBe(201);
    expect(open.body.items[0].batchId).toBe(batch.body.id);
  });

  it('another supplier cannot see or touch a batch', async () => {
    const other = await approvedSupplier(t, world.operator, '别家农场');
    expect((await call(t, other.member, 'GET', `/api/batches/${world.batch.id}`)).status).toBe(404);
    expect((await call(t, other.member, 'GET', `/api/batches?supplierId=${world.supplier.id}`)).status).toBe(404);
    const own = await call(t, other.member, 'GET', `/api/batches?supplierId=${other.id}`);
    expect(own.body.items).toEqual([]);
    const log = await call(t, other.member, 'POST', `/api/batches/${world.batch.id}/logistics`, { kind: 'left_farm', occurredAt: new Date().toISOString(), place: 'x' });
    expect(log.status).toBe(404);
    expect((await call(t, world.residents[0], 'POST', '/api/batches', { productId: world.product.id, producedAt: new Date().toISOString(), quantity: 1, sourcePlace: '某地' })).status).toBe(404);
  });

  it('the public traceability page shows source, inspection, transport and who vouched', async () => {
    const member = world.supplier.member;
    const now = t.clock.now().getTime();
    const left = await call(t, member, 'POST', `/api/batches/${world.batch.id}/logistics`, { kind: 'left_farm', occurredAt: new Date(now - 90 * 60_000).toISOString(), place: '丹东东港' });
    expect(left.status).toBe(201);
    const noTemp = await call(t, member, 'POST', `/api/batches/${world.batch.id}/logistics`, { kind: 'temperature', occurredAt: new Date(now - 60 * 60_000).toISOString(), place: '冷链车' });
    expect(noTemp.body.error.code).toBe('logistics.temperature_required');
    await call(t, member, 'POST', `/api/batches/${world.batch.id}/logistics`, { kind: 'temperature', occurredAt: new Date(now - 60 * 60_000).toISOString(), place: '冷链车', temperatureC: 3.5 });
    const trace = await call(t, null, 'GET', `/api/trace/${world.batch.code}`);
    expect(trace.status).toBe(200);
    expect(trace.body).toMatchObject({ code: world.batch.code, productName: '有机草莓', supplierName: '九九草莓合作农场', sourcePlace: '丹东东港 3 号大棚' });
    expect(trace.body.inspections).toEqual([expect.objectContaining({ lab: '辽宁省农产品质量检测中心', result: 'pass' })]);
    expect(trace.body.logistics.map((e: { kind: string }) => e.kind)).toEqual(['left_farm', 'temperature']);
    expect(trace.body.logistics[1].temperatureC).toBe(3.5);
    expect(trace.body.endorsements[0]).toMatchObject({ leaderName: '王叔', leaderTitle: '生活顾问', rating: 5, communityName: '测试小区' });
    // The report is downloadable without login.
    const report = await t.app.inject({ method: 'GET', url: trace.body.inspections[0].reportUrl });
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toBe('application/pdf');
    expect(report.body.startsWith('%PDF-')).toBe(true);
    expect((await call(t, null, 'GET', '/api/trace/B20990101-00000')).status).toBe(404);
  });
});

describe('leader endorsement (团长背书)', () => {
  it('no group buy without the leader’s trial; withdrawing stops new group buys', async () => {
    const product = await newProduct('古法红糖');
    const member = world.supplier.member;
    const now = t.clock.now().getTime();
    const batch = await call(t, member, 'POST', '/api/batches', { productId: product.id, producedAt: new Date(now - 48 * HOUR).toISOString(), quantity: 100, sourcePlace: '云南' });
    await upload(t, member, `/api/batches/${batch.body.id}/inspections`, { lab: '云南省质检院', inspectedAt: new Date(now - HOUR).toISOString(), result: 'pass' }, [{ field: 'report', filename: 'r.pdf', bytes: TINY_PDF }]);
    await call(t, world.operator, 'POST', `/api/batches/${batch.body.id}/review`, { decision: 'approve' });

    const before = await call(t, world.leader, 'POST', `/api/communities/${world.community.id}/group-buys`, openBody(product.id));
    expect(before.body.error.code).toBe('groupbuy.not_endorsed');

    expect((await call(t, world.residents[0], 'POST', `/api/communities/${world.community.id}/endorsements`, { productId: product.id, rating: 5, story: '我觉得很好吃很好吃很好吃' })).status).toBe(403);
    expect((await call(t, world.leader, 'POST', `/api/communities/${world.community.id}/endorsements`, { productId: product.id, rating: 6, story: '我觉得很好吃很好吃很好吃' })).body.error.code).toBe('endorsement.rating_invalid');
    expect((await call(t, world.leader, 'POST', `/api/communities/${world.community.id}/endorsements`, { productId: product.id, rating: 4, story: '好吃' })).body.error.code).toBe('endorsement.story_too_short');
    const notImage = await upload(t, world.leader, `/api/communities/${world.community.id}/endorsements`, { productId: product.id, rating: '4', story: '煮红糖姜茶很香，甜度刚好。' }, [{ field: 'photos', filename: 'a.jpg', bytes: TINY_PDF }]);
    expect(notImage.body.error.code).toBe('file.not_image');
    expect(await count('endorsements')).toBe(2);

    // A real (small) picture: uploads are decoded, and a damaged one is refused.
    const png = await scenePhoto(3, { format: 'png', width: 40, height: 30 });
    const endorsed = await upload(t, world.leader, `/api/communities/${world.community.id}/endorsements`, { productId: product.id, rating: '4', story: '煮红糖姜茶很香，甜度刚好。' }, [{ field: 'photos', filename: 'tea.png', bytes: png }]);
    expect(endorsed.status).toBe(201);
    const gb = await call(t, world.leader, 'POST', `/api/communities/${world.community.id}/group-buys`, openBody(product.id));
    expect(gb.status).toBe(201);
    const detail = await call(t, world.residents[0], 'GET', `/api/group-buys/${gb.body.id}`);
    expect(detail.body.items[0].endorsement).toMatchObject({ leaderName: '王叔', rating: 4, story: '煮红糖姜茶很香，甜度刚好。' });
    expect(detail.body.items[0].endorsement.photoUrls).toHaveLength(1);

    const other = await call(t, world.residents[0], 'POST', `/api/endorsements/${endorsed.body.id}/withdraw`, { reason: '不好' });
    expect(other.status).toBe(403);
    expect((await call(t, world.leader, 'POST', `/api/endorsements/${endorsed.body.id}/withdraw`, { reason: '' })).body.error.code).toBe('endorsement.reason_required');
    expect((await call(t, world.leader, 'POST', `/api/endorsements/${endorsed.body.id}/withdraw`, { reason: '这批甜度不稳定' })).status).toBe(200);
    const after = await call(t, world.leader, 'POST', `/api/communities/${world.community.id}/group-buys`, openBody(product.id));
    expect(after.body.error.code).toBe('groupbuy.not_endorsed');
  });
});
