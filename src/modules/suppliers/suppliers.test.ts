import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/app.js';
import { buildWorld, call, idemKey, TINY_PDF, upload, type Actor } from '../../testing/world.js';
import { creditCodeCheckChar, isValidCreditCode } from './service.js';
import { scenePhoto } from '../../db/sample-photos.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 1 });
});
afterAll(async () => { await t?.close(); });

const rows = async <T>(q: ReturnType<typeof sql>) => (await t.database.db.execute(q) as unknown as { rows: T[] }).rows;

/** Everything admission can change: row counts, statuses, products on sale, stored bytes. */
async function snapshot(): Promise<Record<string, unknown>> {
  const [row] = await rows<Record<string, unknown>>(sql`
    select (select count(*)::int from suppliers) s, (select count(*)::int from supplier_members) m,
      (select count(*)::int from supplier_documents) d, (select count(*)::int from supplier_reviews) r,
      (select count(*)::int from stored_files) f, (select count(*)::int from domain_events) e, (select count(*)::int from products) p,
      (select string_agg(status || ':' || company_name || ':' || description, ',' order by id) from suppliers) st,
      (select string_agg(name || ':' || active || ':' || list_price_fen, ',' order by id) from products) pa`);
  return { ...row, bytes: t.storage.files.size };
}

/** A valid unified social credit code: 9135 0100 + 9 characters + the check character. */
let codeSeq = 0;
function creditCode() {
  codeSeq += 1;
  const first17 = `91350100MA${String(codeSeq).padStart(7, '0')}`;
  return first17 + creditCodeCheckChar(first17);
}

// A real picture: images are decoded before they are kept (files/image-check.ts).
const PNG = await scenePhoto(2, { format: 'png', width: 120, height: 90 });

const application = (over: Record<string, unknown> = {}) => ({
  companyName: '阳江古法酱园有限公司', creditCode: creditCode(), contactName: '陈师傅', contactPhone: '13800001111',
  address: '广东省阳江市江城区酱园路 8 号', region: '广东阳江', description: '三代人的古法酱园，只用大豆、小麦、盐和水。', ...over,
});

const uploadDoc = (actor: Actor | null, supplierId: string, kind: string, file: { filename: string; bytes: Buffer }, title = '资质文件') =>
  upload(t, actor, `/api/suppliers/${supplierId}/documents`, { kind, title }, [{ field: 'file', filename: file.filename, bytes: file.bytes }]);

/** A new account with an application that has both required documents, submitted. */
async function submittedApplicant(name = '申请人') {
  const member = await sessionCookie(t, { name });
  const applied = await call(t, member, 'POST', '/api/suppliers', application({ companyName: `${name}食品有限公司` }));
  expect(applied.status).toBe(201);
  const id = applied.body.id as string;
  expect((await uploadDoc(member, id, 'business_licence', { filename: 'licence.pdf', bytes: TINY_PDF }, '营业执照')).status).toBe(201);
  expect((await uploadDoc(member, id, 'food_licence', { filename: 'food.png', bytes: PNG }, '食品生产许可证')).status).toBe(201);
  const submitted = await call(t, member, 'POST', `/api/suppliers/${id}/submit`);
  expect(submitted.status).toBe(200);
  return { member, id };
}

const eventsOf = async (subjectId: string) =>
  (await rows<{ type: string; payload: Record<string, unknown> }>(sql`select type, payload from domain_events where subject_id = ${subjectId} and type like 'supplier.%' order by id`));

describe('unified social credit code', () => {
  it('accepts real codes and refuses a wrong check character, length or alphabet', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91110000802100433B')).toBe(true);
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false); // check character
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false); // 17 characters
    expect(isValidCreditCode('91350100I000100Y43')).toBe(false); // I is not in the alphabet
    expect(isValidCreditCode('913501A0M000100Y43')).toBe(false); // the division code is digits
  });
});

describe('admission flow', () => {
  it('apply → documents → submit → more information → resubmit → approve, with every decision kept', async () => {
    const member = await sessionCookie(t, { name: '陈师傅' });
    const before = await snapshot();
    // Bad facts: clear errors, nothing created.
    const badCode = await call(t, member, 'POST', '/api/suppliers', application({ creditCode: '91350100M000100Y44' }));
    expect(badCode.status).toBe(400);
    expect(badCode.body.error).toEqual({ code: 'supplier.credit_code_invalid', message: '统一社会信用代码不正确，请对照营业执照逐位核对（18 位数字或大写字母，最后一位是校验码）' });
    const badPhone = await call(t, member, 'POST', '/api/suppliers', application({ contactPhone: '12345' }));
    expect(badPhone.body.error.code).toBe('supplier.phone_invalid');
    const english = await call(t, member, 'POST', '/api/suppliers', application({ creditCode: 'abc' }), { 'accept-language': 'en' });
    expect(english.body.error.message).toMatch(/^The unified social credit code is not valid/);
    const noName = await call(t, member, 'POST', '/api/suppliers', application({ companyName: '' }));
    expect(noName.body.error.code).toBe('request.invalid');
    expect(await snapshot()).toEqual(before);

    // Lower case and spaces as typed off a licence are normalised.
    const applied = await call(t, member, 'POST', '/api/suppliers', application({ creditCode: ' 91350100m000100y43 ', contactPhone: '0662-3312345' }));
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ status: 'draft', creditCode: '91350100M000100Y43', contactPhone: '0662-3312345', editable: true, documents: [], reviews: [], submittedAt: null });
    const id = applied.body.id as string;
    const me = await call(t, member, 'GET', '/api/me');
    expect(me.body.suppliers).toEqual([{ id, companyName: '阳江古法酱园有限公司', status: 'draft' }]);

    // One open application per account; one application per credit code.
    expect((await call(t, member, 'POST', '/api/suppliers', application())).body.error.code).toBe('supplier.already_applied');
    const someoneElse = await sessionCookie(t);
    const dup = await call(t, someoneElse, 'POST', '/api/suppliers', application({ creditCode: '91350100M000100Y43' }));
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('supplier.credit_code_taken');

    // Editing a draft changes only what was sent.
    const edited = await call(t, member, 'PATCH', `/api/suppliers/${id}`, { region: '广东 阳江' });
    expect(edited.body).toMatchObject({ region: '广东 阳江', description: '三代人的古法酱园，只用大豆、小麦、盐和水。', companyName: '阳江古法酱园有限公司' });

    // Submitting needs both licences.
    const snap0 = await snapshot();
    const none = await call(t, member, 'POST', `/api/suppliers/${id}/submit`);
    expect(none.status).toBe(400);
    expect(none.body.error).toEqual({ code: 'supplier.missing_documents', message: '提交前请上传营业执照和食品生产/经营许可证' });
    expect(await snapshot()).toEqual(snap0);
    const licence = await uploadDoc(member, id, 'business_licence', { filename: '营业执照.pdf', bytes: TINY_PDF }, '营业执照（副本）');
    expect(licence.status).toBe(201);
    expect(licence.body).toMatchObject({ kind: 'business_licence', title: '营业执照（副本）', contentType: 'application/pdf', originalName: '营业执照.pdf', sizeBytes: TINY_PDF.length });
    expect(licence.body.url).toBe(`/api/files/${licence.body.fileId}`);
    const onlyOne = await call(t, member, 'POST', `/api/suppliers/${id}/submit`);
    expect(onlyOne.body.error.code).toBe('supplier.missing_food_licence');
    const food = await uploadDoc(member, id, 'food_licence', { filename: 'sc.png', bytes: PNG }, '食品生产许可证');
    expect(food.body.contentType).toBe('image/png');

    // The member reads its private document; operators too; another supplier and residents do not.
    const own = await t.app.inject({ method: 'GET', url: licence.body.url, headers: { cookie: member.cookie } });
    expect(own.statusCode).toBe(200);
    expect(own.rawPayload.equals(TINY_PDF)).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: licence.body.url, headers: { cookie: world.operator.cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: licence.body.url, headers: { cookie: world.supplier.member.cookie } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: licence.body.url, headers: { cookie: world.residents[0].cookie } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: licence.body.url })).statusCode).toBe(404);

    t.clock.advance(60_000);
    const submitted = await call(t, member, 'POST', `/api/suppliers/${id}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', editable: false });
    expect(submitted.body.submittedAt).not.toBeNull();
    expect(submitted.body.reviews).toEqual([expect.objectContaining({ decision: 'submit', fromStatus: 'draft', toStatus: 'submitted', actorName: '陈师傅', byOperator: false, reason: '' })]);

    // Under review: the supplier can change nothing.
    const snap1 = await snapshot();
    expect((await call(t, member, 'PATCH', `/api/suppliers/${id}`, { companyName: '改名' })).body.error.code).toBe('supplier.not_editable');
    expect((await uploadDoc(member, id, 'certificate', { filename: 'c.pdf', bytes: TINY_PDF })).body.error.code).toBe('supplier.not_editable');
    expect((await call(t, member, 'DELETE', `/api/suppliers/${id}/documents/${licence.body.id}`)).body.error.code).toBe('supplier.not_editable');
    expect((await call(t, member, 'POST', `/api/suppliers/${id}/submit`)).status).toBe(409);
    expect(await snapshot()).toEqual(snap1);

    // The operators' queue lists it with its documents.
    const queue = await call(t, world.operator, 'GET', '/api/suppliers?status=submitted');
    expect(queue.status).toBe(200);
    const inQueue = queue.body.items.find((s: { id: string }) => s.id === id);
    expect(inQueue.documents.map((d: { kind: string }) => d.kind)).toEqual(['business_licence', 'food_licence']);
    expect(inQueue.lastReview).toMatchObject({ decision: 'submit' });
    expect(queue.body.counts.submitted).toBe(queue.body.items.length);

    // Asking for more needs a reason, and only from "submitted".
    const snap2 = await snapshot();
    const noReason = await call(t, world.operator, 'POST', `/api/suppliers/${id}/review`, { decision: 'request_info', reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.code).toBe('supplier.reason_required');
    expect((await call(t, world.operator, 'POST', `/api/suppliers/${id}/review`, { decision: 'suspend', reason: '测试' })).body.error.code).toBe('supplier.cannot_suspend');
    expect((await call(t, world.operator, 'POST', `/api/suppliers/${id}/review`, { decision: 'reinstate' })).body.error.code).toBe('supplier.cannot_reinstate');
    expect(await snapshot()).toEqual(snap2);
    t.clock.advance(60_000);
    const asked = await call(t, world.operator, 'POST', `/api/suppliers/${id}/review`, { decision: 'request_info', reason: '请补充有机产品认证证书' });
    expect(asked.body).toMatchObject({ status: 'more_info_requested', editable: true });
    expect(asked.body.reviews[0]).toMatchObject({ decision: 'request_info', fromStatus: 'submitted', toStatus: 'more_info_requested', reason: '请补充有机产品认证证书', actorName: '运营', byOperator: true });

    // The supplier sees the reason (and "the platform", not the operator's name) and adds what was asked.
    const seen = await call(t, member, 'GET', `/api/suppliers/${id}`);
    expect(seen.body.reviews[0]).toMatchObject({ decision: 'request_info', reason: '请补充有机产品认证证书', actorName: null, byOperator: true });
    const wrong = await uploadDoc(member, id, 'other', { filename: 'x.pdf', bytes: TINY_PDF }, '传错了');
    expect((await call(t, member, 'DELETE', `/api/suppliers/${id}/documents/${wrong.body.id}`)).status).toBe(200);
    expect((await uploadDoc(member, id, 'certificate', { filename: 'organic.pdf', bytes: TINY_PDF }, '有机产品认证证书')).status).toBe(201);
    t.clock.advance(60_000);
    expect((await call(t, member, 'POST', `/api/suppliers/${id}/submit`)).body.status).toBe('submitted');

    t.clock.advance(60_000);
    const approved = await call(t, world.operator, 'POST', `/api/suppliers/${id}/review`, { decision: 'approve', reason: '' });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    expect(approved.body.documents.map((d: { kind: string }) => d.kind)).toEqual(['business_licence', 'food_licence', 'certificate']);
    const again = await call(t, world.operator, 'POST', `/api/suppliers/${id}/review`, { decision: 'approve' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('supplier.not_under_review');

    // The whole history, newest first, with who and when.
    const history = (await call(t, member, 'GET', `/api/suppliers/${id}`)).body.reviews as { decision: string; fromStatus: string; toStatus: string; createdAt: string }[];
    expect(history.map((h) => `${h.decision}:${h.fromStatus}→${h.toStatus}`)).toEqual([
      'approve:submitted→approved', 'submit:more_info_requested→submitted', 'request_info:submitted→more_info_requested', 'submit:draft→submitted',
    ]);
    const times = history.map((h) => new Date(h.createdAt).getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const stored = await rows<{ actor_id: string; decision: string }>(sql`select actor_id, decision from supplier_reviews where supplier_id = ${id} order by created_at`);
    expect(stored.map((r) => [r.decision, r.actor_id])).toEqual([
      ['submit', member.userId], ['request_info', world.operator.userId], ['submit', member.userId], ['approve', world.operator.userId],
    ]);
    expect((await eventsOf(id)).map((e) => e.type)).toEqual(['supplier.submitted', 'supplier.info_requested', 'supplier.submitted', 'supplier.approved']);
    expect((await call(t, member, 'GET', '/api/me')).body.suppliers[0].status).toBe('approved');
  });

  it('a rejection needs a reason, is final for that application, and the account may apply again for another company', async () => {
    const { member, id } = await submittedApplicant('被驳回');
    const snap = await snapshot();
    expect((await call(t, world.operator, 'POST', `/api/suppliers/${id}/review`, { decision: 'reject' })).body.error.code).toBe('supplier.reason_required');
    expect(await snapshot()).toEqual(snap);
    const rejected = await call(t, world.operator, 'POST', `/api/suppliers/${id}/review`, { decision: 'reject', reason: '食品生产许可证已过期' });
    expect(rejected.body).toMatchObject({ status: 'rejected', editable: false });
    expect(rejected.body.reviews[0]).toMatchObject({ decision: 'reject', reason: '食品生产许可证已过期', fromStatus: 'submitted', toStatus: 'rejected' });
    expect((await eventsOf(id)).at(-1)).toMatchObject({ type: 'supplier.rejected', payload: { reason: '食品生产许可证已过期', from: 'submitted', to: 'rejected' } });
    expect((await call(t, member, 'PATCH', `/api/suppliers/${id}`, { description: '补充' })).body.error.code).toBe('supplier.not_editable');
    expect((await call(t, member, 'POST', `/api/suppliers/${id}/submit`)).status).toBe(409);
    expect((await call(t, world.operator, 'POST', `/api/suppliers/${id}/review`, { decision: 'approve' })).status).toBe(409);
    const again = await call(t, member, 'POST', '/api/suppliers', application({ companyName: '另一家公司' }));
    expect(again.status).toBe(201);
    expect((await call(t, member, 'GET', '/api/me')).body.suppliers.map((s: { status: string }) => s.status)).toEqual(['rejected', 'draft']);
  });
});

describe('bad files', () => {
  it('refuses executables and text renamed .pdf, oversized and empty files and bad kinds, storing nothing', async () => {
    const member = await sessionCookie(t, { name: '传文件' });
    const id = (await call(t, member, 'POST', '/api/suppliers', application())).body.id as string;
    const before = await snapshot();
    const exe = await uploadDoc(member, id, 'business_licence', { filename: 'licence.pdf', bytes: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]) });
    expect(exe.status).toBe(400);
    expect(exe.body.error).toEqual({ code: 'file.type_not_allowed', message: '只支持 PDF 或图片（JPG、PNG、WebP）' });
    const text = await uploadDoc(member, id, 'business_licence', { filename: 'licence.pdf', bytes: Buffer.from('这其实是一个文本文件\n') });
    expect(text.body.error.code).toBe('file.type_not_allowed');
    const huge = await uploadDoc(member, id, 'business_licence', { filename: 'scan.pdf', bytes: Buffer.concat([TINY_PDF, Buffer.alloc(10 * 1024 * 1024)]) });
    expect(huge.status).toBe(400);
    expect(huge.body.error).toEqual({ code: 'file.too_large', message: '文件太大了，不能超过 10 MB', details: { maxMb: 10 } });
    const empty = await uploadDoc(member, id, 'business_licence', { filename: 'empty.pdf', bytes: Buffer.alloc(0) });
    expect(empty.body.error.code).toBe('file.empty');
    const kind = await uploadDoc(member, id, 'passport', { filename: 'a.pdf', bytes: TINY_PDF });
    expect(kind.body.error.code).toBe('supplier.document_kind_invalid');
    const untitled = await uploadDoc(member, id, 'business_licence', { filename: 'a.pdf', bytes: TINY_PDF }, '   ');
    expect(untitled.body.error.code).toBe('supplier.document_title_required');
    const noFile = await upload(t, member, `/api/suppliers/${id}/documents`, { kind: 'business_licence', title: 'x' });
    expect(noFile.body.error.code).toBe('file.missing');
    const json = await call(t, member, 'POST', `/api/suppliers/${id}/documents`, { kind: 'business_licence' });
    expect(json.body.error.code).toBe('file.multipart_required');
    expect(await snapshot()).toEqual(before);
    // The exact limit is fine.
    const atLimit = await uploadDoc(member, id, 'business_licence', { filename: 'scan.pdf', bytes: Buffer.concat([TINY_PDF, Buffer.alloc(10 * 1024 * 1024 - TINY_PDF.length)]) });
    expect(atLimit.status).toBe(201);
    expect(atLimit.body.sizeBytes).toBe(10 * 1024 * 1024);
  });
});

describe('permissions: a supplier sees only its own', () => {
  it('other suppliers, residents and leaders get 404 (or 403 for operator actions) and nothing changes', async () => {
    const { member, id } = await submittedApplicant('保密');
    const docId = (await call(t, member, 'GET', `/api/suppliers/${id}`)).body.documents[0].id as string;
    const other = world.supplier.member;
    const resident = world.residents[0];
    const leader = world.leader;
    const before = await snapshot();
    const cases: [string, Actor | null, string, string, unknown?, number?][] = [
      ['other supplier reads', other, 'GET', `/api/suppliers/${id}`],
      ['other supplier edits', other, 'PATCH', `/api/suppliers/${id}`, { companyName: '偷改' }],
      ['other supplier deletes a document', other, 'DELETE', `/api/suppliers/${id}/documents/${docId}`],
      ['other supplier submits', other, 'POST', `/api/suppliers/${id}/submit`],
      ['other supplier lists products', other, 'GET', `/api/suppliers/${id}/products`],
      ['other supplier lists a product', other, 'POST', `/api/suppliers/${id}/products`, { name: 'x', spec: 'x', unit: 'x', origin: 'x', listPriceFen: 100, category: 'other' }],
      ['resident reads', resident, 'GET', `/api/suppliers/${id}`],
      ['leader reads', leader, 'GET', `/api/suppliers/${id}`],
      ['leader edits', leader, 'PATCH', `/api/suppliers/${id}`, { companyName: '偷改' }],
      ['supplier approves itself', member, 'POST', `/api/suppliers/${id}/review`, { decision: 'approve' }, 403],
      ['resident rejects', resident, 'POST', `/api/suppliers/${id}/review`, { decision: 'reject', reason: 'x' }, 403],
      ['leader reads the queue', leader, 'GET', '/api/suppliers', undefined, 403],
      ['supplier reads the queue', other, 'GET', '/api/suppliers', undefined, 403],
      ['anonymous reads', null, 'GET', `/api/suppliers/${id}`, undefined, 401],
      ['anonymous applies', null, 'POST', '/api/suppliers', application(), 401],
      ['operator edits the application', world.operator, 'PATCH', `/api/suppliers/${id}`, { companyName: '运营改' }, 403],
    ];
    for (const [label, who, method, url, body, status] of cases) {
      const res = await call(t, who, method, url, body);
      expect(res.status, label).toBe(status ?? 404);
      if ((status ?? 404) === 404) expect(res.body.error.code, label).toBe('supplier.not_found');
    }
    const foreignUpload = await uploadDoc(other, id, 'other', { filename: 'x.pdf', bytes: TINY_PDF });
    expect(foreignUpload.status).toBe(404);
    expect(await snapshot()).toEqual(before);
    // The other supplier's own view does not list it either.
    expect((await call(t, other, 'GET', '/api/me')).body.suppliers.map((s: { id: string }) => s.id)).not.toContain(id);
  });
});

describe('products of admitted suppliers, and suspension', () => {
  let member: Actor;
  let id: string;
  let productId: string;
  const soy = { name: '零添加头道生抽', spec: '500ml/瓶', unit: '瓶', origin: '广东阳江', listPriceFen: 3280, category: 'packaged_food', shelfLifeDays: 540, storage: '阴凉干燥处，开封后冷藏', standards: ['0防腐剂', ' 非转基因 ', '0防腐剂'] };

  beforeAll(async () => {
    ({ member, id } = await submittedApplicant('酱园'));
  });

  it('only an approved supplier lists products, with specs, shelf life, storage and claimed standards', async () => {
    const before = await snapshot();
    const early = await call(t, member, 'POST', `/api/suppliers/${id}/products`, soy);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('supplier.not_approved');
    expect(await snapshot()).toEqual(before);
    await call(t, world.operator, 'POST', `/api/suppliers/${id}/review`, { decision: 'approve' });

    const floaty = await call(t, member, 'POST', `/api/suppliers/${id}/products`, { ...soy, listPriceFen: 32.8 });
    expect(floaty.status).toBe(400);
    const noShelfLife = await call(t, member, 'POST', `/api/suppliers/${id}/products`, { ...soy, shelfLifeDays: null });
    expect(noShelfLife.body.error.code).toBe('supplier.product_shelf_life_required');
    const noStorage = await call(t, member, 'POST', `/api/suppliers/${id}/products`, { ...soy, storage: ' ' });
    expect(noStorage.body.error.code).toBe('supplier.product_storage_required');
    const snap = await snapshot();
    expect(snap.p).toBe(before.p);

    const created = await call(t, member, 'POST', `/api/suppliers/${id}/products`, soy);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ supplierId: id, category: 'packaged_food', shelfLifeDays: 540, storage: '阴凉干燥处，开封后冷藏', standards: ['0防腐剂', '非转基因'], listPriceFen: 3280, active: true, description: '' });
    productId = created.body.id;
    // Non-food may leave shelf life out.
    const pot = await call(t, member, 'POST', `/api/suppliers/${id}/products`, { name: '陶瓷酱缸', spec: '5L', unit: '个', origin: '广东阳江', listPriceFen: 12800, category: 'other' });
    expect(pot.status).toBe(201);

    const edited = await call(t, member, 'PATCH', `/api/suppliers/${id}/products/${productId}`, { listPriceFen: 2980, standards: ['0防腐剂', '0味精'] });
    expect(edited.body).toMatchObject({ listPriceFen: 2980, standards: ['0防腐剂', '0味精'], shelfLifeDays: 540, name: '零添加头道生抽' });

    const mine = await call(t, member, 'GET', `/api/suppliers/${id}/products`);
    expect(mine.body.items.map((p: { name: string }) => p.name).sort()).toEqual(['陶瓷酱缸', '零添加头道生抽'].sort());
    // Operators see them in the pool; the detail counts them.
    const pool = await call(t, world.operator, 'GET', '/api/products');
    expect(pool.body.items.find((p: { id: string }) => p.id === productId)).toMatchObject({ supplierId: id, standards: ['0防腐剂', '0味精'] });
    expect((await call(t, world.operator, 'GET', `/api/suppliers/${id}`)).body.productStats).toEqual({ total: 2, active: 2 });
  });

  it("a supplier cannot touch another supplier's products", async () => {
    const before = await snapshot();
    // The world's supplier tries to edit this one's product through its own id, and the other way round.
    const viaOwn = await call(t, world.supplier.member, 'PATCH', `/api/suppliers/${world.supplier.id}/products/${productId}`, { listPriceFen: 1 });
    expect(viaOwn.status).toBe(404);
    expect(viaOwn.body.error.code).toBe('product.not_found');
    const viaTheirs = await call(t, world.supplier.member, 'PATCH', `/api/suppliers/${id}/products/${productId}`, { listPriceFen: 1 });
    expect(viaTheirs.status).toBe(404);
    const worldProduct = await call(t, member, 'PATCH', `/api/suppliers/${id}/products/${world.product.id}`, { active: false });
    expect(worldProduct.status).toBe(404);
    const list = await call(t, member, 'GET', `/api/suppliers/${world.supplier.id}/products`);
    expect(list.status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('suspension takes every product off sale at once; reinstating lets the supplier put them back', async () => {
    const snap = await snapshot();
    expect((await call(t, world.operator, 'POST', `/api/suppliers/${id}/review`, { decision: 'suspend', reason: '' })).body.error.code).toBe('supplier.reason_required');
    expect(await snapshot()).toEqual(snap);

    const suspended = await call(t, world.operator, 'POST', `/api/suppliers/${id}/review`, { decision: 'suspend', reason: '抽检不合格，暂停合作待复查' });
    expect(suspended.status).toBe(200);
    expect(suspended.body).toMatchObject({ status: 'suspended', productsDeactivated: 2, productStats: { total: 2, active: 0 } });
    const products = await rows<{ active: boolean }>(sql`select active from products where supplier_id = ${id}`);
    expect(products.map((p) => p.active)).toEqual([false, false]);
    expect((await eventsOf(id)).at(-1)).toMatchObject({ type: 'supplier.suspended', payload: { reason: '抽检不合格，暂停合作待复查' } });
    expect(((await eventsOf(id)).at(-1)!.payload.productsDeactivated as string[]).length).toBe(2);
    // Leaders no longer see them in the pool.
    const leaderPool = await call(t, world.leader, 'GET', '/api/products');
    expect(leaderPool.body.items.map((p: { id: string }) => p.id)).not.toContain(productId);

    // Nobody puts them back on sale while suspended.
    const before = await snapshot();
    const back = await call(t, member, 'PATCH', `/api/suppliers/${id}/products/${productId}`, { active: true });
    expect(back.status).toBe(409);
    expect(back.body.error.code).toBe('supplier.not_approved');
    expect((await call(t, member, 'POST', `/api/suppliers/${id}/products`, soy)).status).toBe(409);
    const byOperator = await call(t, world.operator, 'PATCH', `/api/products/${productId}`, { active: true });
    expect(byOperator.status).toBe(409);
    expect(byOperator.body.error.code).toBe('supplier.not_approved');
    expect(await snapshot()).toEqual(before);

    const reinstated = await call(t, world.operator, 'POST', `/api/suppliers/${id}/review`, { decision: 'reinstate', reason: '复查合格' });
    expect(reinstated.body).toMatchObject({ status: 'approved', productStats: { total: 2, active: 0 } });
    expect(reinstated.body.reviews.slice(0, 2).map((r: { decision: string; reason: string }) => [r.decision, r.reason])).toEqual([['reinstate', '复查合格'], ['suspend', '抽检不合格，暂停合作待复查']]);
    const on = await call(t, member, 'PATCH', `/api/suppliers/${id}/products/${productId}`, { active: true });
    expect(on.body.active).toBe(true);
    expect((await eventsOf(id)).map((e) => e.type).slice(-2)).toEqual(['supplier.suspended', 'supplier.reinstated']);
  });

  it('a suspension racing with products being put on sale leaves nothing on sale', async () => {
    const racer = await submittedApplicant('并发');
    await call(t, world.operator, 'POST', `/api/suppliers/${racer.id}/review`, { decision: 'approve' });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const p = await call(t, racer.member, 'POST', `/api/suppliers/${racer.id}/products`, { ...soy, name: `商品${i}`, active: false });
      ids.push(p.body.id);
    }
    const results = await Promise.all([
      ...ids.map((pid) => call(t, racer.member, 'PATCH', `/api/suppliers/${racer.id}/products/${pid}`, { active: true })),
      call(t, world.operator, 'POST', `/api/suppliers/${racer.id}/review`, { decision: 'suspend', reason: '并发测试' }),
    ]);
    expect(results.at(-1)!.status).toBe(200);
    for (const r of results.slice(0, -1)) expect([200, 409]).toContain(r.status);
    const [row] = await rows<{ on: number }>(sql`select count(*)::int as on from products where supplier_id = ${racer.id} and active`);
    expect(row.on).toBe(0);
  });

  it("suspending a supplier stops orders on its products' open group buys", async () => {
    const ok = await call(t, world.residents[0], 'POST', `/api/group-buys/${world.groupBuy.id}/orders`, { quantity: 1, idempotencyKey: idemKey() });
    expect(ok.status).toBe(201);
    await t.database.db.execute(sql`update suppliers set status = 'approved' where id = ${world.supplier.id}`);
    const s = await call(t, world.operator, 'POST', `/api/suppliers/${world.supplier.id}/review`, { decision: 'suspend', reason: '停业整顿' });
    expect(s.body.productsDeactivated).toBe(1);
    const refused = await call(t, world.residents[0], 'POST', `/api/group-buys/${world.groupBuy.id}/orders`, { quantity: 1, idempotencyKey: idemKey() });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.lines[0]).toMatchObject({ reason: 'inactive', available: 0 });
  });
});
