import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/app.js';
import { approvedSupplier, assignSupplier, buildWorld, call, HOUR, TINY_PDF, upload, type Actor } from '../../testing/world.js';
import { standardsProvenBy } from './index.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 1 });
});
afterAll(async () => { await t?.close(); });

const DAY = 24 * HOUR;
const count = async (table: string) => ((await t.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] }).rows[0].n;
const iso = (msAgo: number) => new Date(t.clock.now().getTime() - msAgo).toISOString();
const day = (daysFromNow: number) => new Date(t.clock.now().getTime() + 8 * HOUR + daysFromNow * DAY).toISOString().slice(0, 10);

type Value = { analyte: string; notDetected: boolean; value?: number; unit?: string };

/** A batch of the product with a passing report carrying these values, approved, and the given logistics steps. */
async function batchWith(productId: string, producedAgo: number, values: Value[], steps: string[]) {
  const member = world.supplier.member;
  const b = await call(t, member, 'POST', '/api/batches', { productId, producedAt: iso(producedAgo), quantity: 100, sourcePlace: '黑龙江五常 7 号田' });
  expect(b.status).toBe(201);
  const insp = await upload(t, member, `/api/batches/${b.body.id}/inspections`, { lab: '黑龙江省食品检验所', inspectedAt: iso(producedAgo - HOUR), result: 'pass', values: JSON.stringify(values) }, [{ field: 'report', filename: 'r.pdf', bytes: TINY_PDF }]);
  expect(insp.status).toBe(201);
  expect((await call(t, world.operator, 'POST', `/api/batches/${b.body.id}/review`, { decision: 'approve' })).status).toBe(200);
  let at = producedAgo - 2 * HOUR;
  for (const kind of steps) {
    expect((await call(t, member, 'POST', `/api/batches/${b.body.id}/logistics`, { kind, occurredAt: iso(at), place: `${kind} 地点` })).status).toBe(201);
    at -= HOUR;
  }
  return b.body as { id: string; code: string };
}

async function certificate(actor: Actor, productId: string, fields: Record<string, string>) {
  return upload(t, actor, `/api/products/${productId}/certificates`, fields, [{ field: 'document', filename: 'cert.pdf', bytes: TINY_PDF }]);
}

const CLEAN: Value[] = [{ analyte: 'preservatives', notDetected: true }, { analyte: 'lead', notDetected: false, value: 0.05, unit: 'mg/kg' }];
const FULL_TRACE = ['left_farm', 'arrived_warehouse', 'arrived_pickup'];

let noPreservatives: { id: string };
let nonGmo: { id: string };
let traceable: { id: string };
let product: { id: string };
let firstBatch: { id: string; code: string };

const proven = async (productId: string) => (await call(t, null, 'GET', `/api/standards/proven?productIds=${productId}`)).body.items[0].standards as { standardId: string; nameZh: string; batchCode: string; criteria: { proved: boolean; report: { notDetected: boolean | null; value: number | null } | null; certificate: { issuer: string; number: string; validUntil: string; documentUrl: string } | null; trace: { steps: { step: string }[]; missing: string[] } | null }[] }[];
const provenIds = async (productId: string) => (await proven(productId)).map((s) => s.standardId).sort();
const queueFor = async (productId: string) => ((await call(t, world.operator, 'GET', '/api/standards/review-queue')).body.items as { productId: string; standardId: string; batchId: string }[]).filter((i) => i.productId === productId);
const accept = (standardId: string, productId: string, batchId: string, actor = world.operator) => call(t, actor, 'POST', `/api/standards/${standardId}/reviews`, { productId, batchId, decision: 'accepted' });
const mine = async (productId: string) => ((await call(t, world.supplier.member, 'GET', `/api/suppliers/${world.supplier.id}/standards`)).body.items as { productId: string; standards: { standardId: string; status: string; lost: boolean; criteria: { proved: boolean; reason: string | null }[] }[] }[]).find((p) => p.productId === productId)!;

describe('standards products must prove', () => {
  it('an operator defines standards; faulty criteria are refused by name and nothing is written', async () => {
    const before = await count('standards');
    const bad = async (criteria: unknown[], code: string) => {
      const res = await call(t, world.operator, 'POST', '/api/standards', { nameZh: '坏标准', nameEn: 'Bad', criteria });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(code);
      return res;
    };
    const noMethod = await bad([{ nameZh: '无防腐剂', nameEn: 'No preservatives', analyte: 'preservatives', rule: 'not_detected' }], 'standard.criterion_method_required');
    expect(noMethod.body.error.message).toContain('第 1 条');
    await bad([{ nameZh: '无三聚氰胺', nameEn: 'No melamine', method: 'report_value', analyte: 'melamine', rule: 'not_detected' }], 'standard.unknown_analyte');
    await bad([{ nameZh: '铅', nameEn: 'Lead', method: 'report_value', analyte: 'lead', rule: 'at_most' }], 'standard.limit_required');
    await bad([{ nameZh: '铅', nameEn: 'Lead', method: 'report_value', analyte: 'lead', rule: 'at_most', limit: 0.2, unit: 'g' }], 'standard.unit_mismatch');
    await bad([{ nameZh: '证书', nameEn: 'Cert', method: 'certificate', certificateType: 'halal' }], 'standard.unknown_certificate_type');
    await bad([], 'standard.no_criteria');
    // Suppliers and residents do not define standards.
    expect((await call(t, world.supplier.member, 'POST', '/api/standards', { nameZh: '自封标准', nameEn: 'Self', criteria: [{ nameZh: '可溯源', nameEn: 'Traceable', method: 'trace' }] })).status).toBe(403);
    expect(await count('standards')).toBe(before);

    const s1 = await call(t, world.operator, 'POST', '/api/standards', {
      nameZh: '0 防腐剂', nameEn: 'No preservatives', descriptionZh: '不添加任何防腐剂',
      criteria: [
        { nameZh: '防腐剂未检出', nameEn: 'Preservatives not detected', method: 'report_value', analyte: 'preservatives', rule: 'not_detected' },
        { nameZh: '铅不超过 0.2 mg/kg', nameEn: 'Lead at most 0.2 mg/kg', method: 'report_value', analyte: 'lead', rule: 'at_most', limit: 0.2, unit: 'mg/kg' },
      ],
    });
    expect(s1.status).toBe(201);
    expect(s1.body).toMatchObject({ nameZh: '0 防腐剂', version: 1, active: true });
    expect(s1.body.criteria[1]).toEqual({ nameZh: '铅不超过 0.2 mg/kg', nameEn: 'Lead at most 0.2 mg/kg', method: 'report_value', analyte: 'lead', rule: 'at_most', limit: 0.2, unit: 'mg/kg' });
    noPreservatives = s1.body;
    nonGmo = (await call(t, world.operator, 'POST', '/api/standards', { nameZh: '非转基因', nameEn: 'Non-GMO', criteria: [{ nameZh: '非转基因证明', nameEn: 'Non-GMO certificate', method: 'certificate', certificateType: 'non_gmo' }] })).body;
    traceable = (await call(t, world.operator, 'POST', '/api/standards', { nameZh: '可溯源', nameEn: 'Traceable', criteria: [{ nameZh: '从产地到自提点全程可查', nameEn: 'Source to pickup', method: 'trace' }] })).body;
    expect(await count('standards')).toBe(before + 3);
    expect((await call(t, world.operator, 'POST', '/api/standards', { nameZh: '可溯源', nameEn: 'Traceable again', criteria: [{ nameZh: 'x', nameEn: 'x', method: 'trace' }] })).body.error.code).toBe('standard.name_taken');
  });

  it('bad evidence is refused with a clear reason and nothing is stored', async () => {
    const p = await call(t, world.operator, 'POST', '/api/products', { name: '五常大米', spec: '5kg', unit: '袋', origin: '黑龙江五常', listPriceFen: 8800 });
    await assignSupplier(t, p.body.id, world.supplier.id);
    product = p.body;
    const member = world.supplier.member;
    const [certs, files] = [await count('certificates'), await count('stored_files')];
    const fields = { type: 'non_gmo', issuer: '农业农村部科技发展中心', number: 'NG-2026-0415', validFrom: day(-30), validUntil: day(200) };
    const reversed = await certificate(member, product.id, { ...fields, validFrom: day(10), validUntil: day(5) });
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.code).toBe('certificate.end_before_start');
    expect((await certificate(member, product.id, { ...fields, type: 'halal' })).body.error.code).toBe('certificate.unknown_type');
    expect((await certificate(member, product.id, { ...fields, validUntil: '2026-02-30' })).body.error.code).toBe('certificate.date_invalid');
    expect((await certificate(member, product.id, { ...fields, issuer: '  ' })).body.error.code).toBe('certificate.issuer_required');
    // Another supplier cannot add certificates to this product; a resident neither.
    const other = await approvedSupplier(t, world.operator, '别家米业');
    expect((await certificate(other.member, product.id, fields)).status).toBe(404);
    expect((await certificate(world.residents[0], product.id, fields)).status).toBe(404);
    expect([await count('certificates'), await count('stored_files')]).toEqual([certs, files]);

    const b = await call(t, member, 'POST', '/api/batches', { productId: product.id, producedAt: iso(3 * DAY), quantity: 10, sourcePlace: '五常' });
    const inspections = await count('inspections');
    const badValues = async (values: unknown, code: string) => {
      const res = await upload(t, member, `/api/batches/${b.body.id}/inspections`, { lab: '某检测中心', inspectedAt: iso(HOUR), result: 'pass', values: typeof values === 'string' ? values : JSON.stringify(values) }, [{ field: 'report', filename: 'r.pdf', bytes: TINY_PDF }]);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(code);
    };
    await badValues([{ analyte: 'melamine', notDetected: true }], 'inspection.unknown_analyte');
    await badValues([{ analyte: 'lead', notDetected: false }], 'inspection.value_required');
    await badValues([{ analyte: 'lead', notDetected: false, value: 1, unit: 'g/kg' }], 'inspection.unit_mismatch');
    await badValues([{ analyte: 'lead', notDetected: true, value: 0.1 }], 'inspection.value_with_not_detected');
    await badValues([{ analyte: 'preservatives', notDetected: true }, { analyte: 'preservatives', notDetected: true }], 'inspection.duplicate_analyte');
    await badValues('not json', 'inspection.values_invalid');
    expect([await count('inspections'), await count('inspection_values'), await count('stored_files')]).toEqual([inspections, 0, files]);

    const ok = await certificate(member, product.id, fields);
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ type: 'non_gmo', issuer: '农业农村部科技发展中心', number: 'NG-2026-0415', validUntil: day(200) });
  });

  it('a product carries a standard only when its current batch proves every criterion and an operator accepted it', async () => {
    const b1 = await batchWith(product.id, 2 * DAY, CLEAN, FULL_TRACE);
    firstBatch = b1;
    // Proved, but not yet reviewed: no badge, and the evidence waits in the queue.
    expect(await provenIds(product.id)).toEqual([]);
    const queue = await queueFor(product.id);
    expect(queue.map((q) => q.standardId).sort()).toEqual([noPreservatives.id, nonGmo.id, traceable.id].sort());
    expect(queue.every((q) => q.batchId === b1.id)).toBe(true);

    // The supplier cannot mark his own standard proven; an operator who is a member of the supplier cannot either.
    const reviews = await count('standard_reviews');
    expect((await accept(noPreservatives.id, product.id, b1.id, world.supplier.member)).status).toBe(403);
    const insider = await sessionCookie(t, { operator: true, name: '内部运营' });
    await t.database.db.execute(sql`insert into supplier_members (supplier_id, user_id) values (${world.supplier.id}, ${insider.userId})`);
    const own = await accept(noPreservatives.id, product.id, b1.id, insider);
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('standard.own_evidence');
    expect((await call(t, world.residents[0], 'GET', '/api/standards/review-queue')).status).toBe(403);
    expect((await call(t, world.supplier.member, 'GET', '/api/standards/review-queue')).status).toBe(403);
    // Rejecting needs a reason; a decision about a batch that is not the current one is refused.
    expect((await call(t, world.operator, 'POST', `/api/standards/${noPreservatives.id}/reviews`, { productId: product.id, batchId: b1.id, decision: 'rejected', reason: ' ' })).body.error.code).toBe('standard.reason_required');
    expect((await accept(noPreservatives.id, product.id, world.batch.id)).body.error.code).toBe('standard.batch_not_current');
    expect(await count('standard_reviews')).toBe(reviews);
    expect(await provenIds(product.id)).toEqual([]);

    for (const s of [noPreservatives, nonGmo, traceable]) expect((await accept(s.id, product.id, b1.id)).status).toBe(201);
    expect((await accept(nonGmo.id, product.id, b1.id)).body.error.code).toBe('standard.already_reviewed');
    expect(await provenIds(product.id)).toEqual([noPreservatives.id, nonGmo.id, traceable.id].sort());
    expect(await queueFor(product.id)).toEqual([]);

    const shown = await proven(product.id);
    const np = shown.find((s) => s.standardId === noPreservatives.id)!;
    expect(np.batchCode).toBe(b1.code);
    expect(np.criteria.map((c) => [c.proved, c.report?.notDetected, c.report?.value])).toEqual([[true, true, null], [true, false, 0.05]]);
    const cert = shown.find((s) => s.standardId === nonGmo.id)!.criteria[0].certificate!;
    expect(cert).toMatchObject({ issuer: '农业农村部科技发展中心', number: 'NG-2026-0415', validUntil: day(200) });
    expect((await t.app.inject({ method: 'GET', url: cert.documentUrl })).statusCode).toBe(200);
    expect(shown.find((s) => s.standardId === traceable.id)!.criteria[0].trace!.steps.map((s) => s.step)).toEqual(['source', ...FULL_TRACE]);

    // The campaign's entry point agrees.
    const [fromIndex] = await standardsProvenBy(t.database.db, [product.id], t.clock.now());
    expect(fromIndex.standards.map((s) => s.nameZh).sort()).toEqual(['0 防腐剂', '可溯源', '非转基因'].sort());
  });

  it('the resident API answers only public fields', async () => {
    const res = await call(t, null, 'GET', `/api/standards/proven?productIds=${product.id},${world.product.id}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { productId: string }) => i.productId)).toEqual([product.id, world.product.id]);
    expect(res.body.items[1].standards).toEqual([]);
    const s = res.body.items[0].standards.find((x: { standardId: string }) => x.standardId === nonGmo.id);
    expect(Object.keys(s).sort()).toEqual(['acceptedAt', 'batchCode', 'criteria', 'descriptionEn', 'descriptionZh', 'nameEn', 'nameZh', 'standardId', 'traceUrl', 'version']);
    expect(Object.keys(s.criteria[0].certificate).sort()).toEqual(['documentUrl', 'issuer', 'number', 'type', 'typeEn', 'typeZh', 'validFrom', 'validUntil']);
    const text = JSON.stringify(res.body);
    for (const secret of [world.operator.userId, world.supplier.member.userId, world.supplier.id, 'evidenceKey', 'reviewedBy', 'uploadedBy', 'fileId', 'batchId']) expect(text).not.toContain(secret);
    expect((await call(t, null, 'GET', '/api/standards/proven?productIds=nope')).status).toBe(400);
  });

  it('a new batch that fails drops the badge at once, says why, and a new review is needed to regain it', async () => {
    // Preservatives detected, and the batch has not left the farm yet: no operator action needed to drop.
    const b2 = await batchWith(product.id, DAY, [{ analyte: 'preservatives', notDetected: false, value: 0.3, unit: 'g/kg' }, { analyte: 'lead', notDetected: false, value: 0.05, unit: 'mg/kg' }], ['left_farm']);
    expect(await provenIds(product.id)).toEqual([]);
    const view = await mine(product.id);
    const np = view.standards.find((s) => s.standardId === noPreservatives.id)!;
    expect(np).toMatchObject({ status: 'not_proved', lost: true });
    expect(np.criteria.map((c) => c.reason)).toEqual(['detected', null]);
    expect(view.standards.find((s) => s.standardId === traceable.id)!.criteria[0].reason).toBe('trace_step_missing');
    // The certificate still proves non-GMO, but for a new batch: it waits for review.
    expect(view.standards.find((s) => s.standardId === nonGmo.id)).toMatchObject({ status: 'awaiting_review', lost: true });
    expect((await queueFor(product.id)).map((q) => [q.standardId, q.batchId])).toEqual([[nonGmo.id, b2.id]]);
    expect((await accept(noPreservatives.id, product.id, b2.id)).body.error.code).toBe('standard.evidence_incomplete');

    // A clean batch proves again, but only a new review brings the badge back.
    const b3 = await batchWith(product.id, 12 * HOUR, CLEAN, FULL_TRACE);
    expect(await provenIds(product.id)).toEqual([]);
    expect((await accept(noPreservatives.id, product.id, b3.id)).status).toBe(201);
    expect(await provenIds(product.id)).toEqual([noPreservatives.id]);

    // The history keeps every decision with the batch it was about.
    const history = (await mine(product.id) as unknown as { history: { batchCode: string; decision: string }[] }).history;
    expect(history.map((h) => h.batchCode)).toEqual([b3.code, firstBatch.code, firstBatch.code, firstBatch.code]);
  });

  it('a lead value over the limit does not prove the standard', async () => {
    await batchWith(product.id, 6 * HOUR, [{ analyte: 'preservatives', notDetected: true }, { analyte: 'lead', notDetected: false, value: 0.25, unit: 'mg/kg' }], FULL_TRACE);
    const np = (await mine(product.id)).standards.find((s) => s.standardId === noPreservatives.id)!;
    expect(np.criteria.map((c) => c.reason)).toEqual([null, 'over_limit']);
    expect(await provenIds(product.id)).toEqual([]);
  });

  it('changing a standard’s criteria raises its version and asks for a new review', async () => {
    const p = await call(t, world.operator, 'POST', '/api/products', { name: '有机黄豆', spec: '1kg', unit: '袋', origin: '黑龙江', listPriceFen: 2600 });
    await assignSupplier(t, p.body.id, world.supplier.id);
    const b = await batchWith(p.body.id, 5 * HOUR, CLEAN, FULL_TRACE);
    expect((await accept(traceable.id, p.body.id, b.id)).status).toBe(201);
    expect(await provenIds(p.body.id)).toEqual([traceable.id]);
    const changed = await call(t, world.operator, 'PUT', `/api/standards/${traceable.id}`, { nameZh: '可溯源', nameEn: 'Traceable', criteria: [{ nameZh: '全程可查', nameEn: 'Source to pickup', method: 'trace' }, { nameZh: '防腐剂未检出', nameEn: 'No preservatives', method: 'report_value', analyte: 'preservatives', rule: 'not_detected' }] });
    expect(changed.body.version).toBe(2);
    expect(await provenIds(p.body.id)).toEqual([]);
    expect((await accept(traceable.id, p.body.id, b.id)).status).toBe(201);
    expect(await provenIds(p.body.id)).toEqual([traceable.id]);
  });

  it('a rejection reaches the supplier with its reason; other suppliers and residents see nothing of it', async () => {
    const p = await call(t, world.operator, 'POST', '/api/products', { name: '手工挂面', spec: '1kg', unit: '袋', origin: '山西', listPriceFen: 1800 });
    await assignSupplier(t, p.body.id, world.supplier.id);
    const b = await batchWith(p.body.id, 6 * HOUR, CLEAN, FULL_TRACE);
    const rejected = await call(t, world.operator, 'POST', `/api/standards/${noPreservatives.id}/reviews`, { productId: p.body.id, batchId: b.id, decision: 'rejected', reason: '报告盖章不清晰，请补清晰版' });
    expect(rejected.status).toBe(201);
    const view = await mine(p.body.id) as unknown as { standards: { standardId: string; status: string; rejectReason: string | null }[] };
    expect(view.standards.find((s) => s.standardId === noPreservatives.id)).toMatchObject({ status: 'rejected', rejectReason: '报告盖章不清晰，请补清晰版' });
    // Decided: out of the queue, and no badge.
    expect((await queueFor(p.body.id)).map((q) => q.standardId)).not.toContain(noPreservatives.id);
    expect(await provenIds(p.body.id)).not.toContain(noPreservatives.id);
    const other = await approvedSupplier(t, world.operator, '别家面坊');
    expect((await call(t, other.member, 'GET', `/api/suppliers/${world.supplier.id}/standards`)).status).toBe(404);
    expect((await call(t, world.residents[0], 'GET', `/api/suppliers/${world.supplier.id}/standards`)).status).toBe(404);
    expect((await call(t, other.member, 'GET', `/api/products/${p.body.id}/certificates`)).status).toBe(404);
    expect((await call(t, world.supplier.member, 'PUT', `/api/standards/${noPreservatives.id}`, { nameZh: '0 防腐剂', nameEn: 'x', criteria: [{ nameZh: 'x', nameEn: 'x', method: 'trace' }] })).status).toBe(403);
    expect((await call(t, world.operator, 'GET', '/api/standards')).body.items.find((s: { id: string }) => s.id === noPreservatives.id).version).toBe(1);
  });

  it('an expired certificate no longer proves: the badge drops when the day passes', async () => {
    const p = await call(t, world.operator, 'POST', '/api/products', { name: '非转基因豆油', spec: '5L', unit: '桶', origin: '黑龙江', listPriceFen: 9900 });
    await assignSupplier(t, p.body.id, world.supplier.id);
    const b = await batchWith(p.body.id, 4 * HOUR, CLEAN, FULL_TRACE);
    expect((await certificate(world.supplier.member, p.body.id, { type: 'non_gmo', issuer: '某认证机构', number: 'NG-7', validFrom: day(-300), validUntil: day(1) })).status).toBe(201);
    expect((await accept(nonGmo.id, p.body.id, b.id)).status).toBe(201);
    expect(await provenIds(p.body.id)).toEqual([nonGmo.id]);
    t.clock.advance(2 * DAY);
    expect(await provenIds(p.body.id)).toEqual([]);
    const ng = (await mine(p.body.id)).standards.find((s) => s.standardId === nonGmo.id)!;
    expect(ng).toMatchObject({ status: 'not_proved', lost: true });
    expect(ng.criteria[0].reason).toBe('certificate_expired');
  });
});
