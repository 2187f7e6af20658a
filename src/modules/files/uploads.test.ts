import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/app.js';
import { call, TINY_PDF, upload, type Actor } from '../../testing/world.js';
import { sweepUnreferencedUploads } from './sweep.service.js';

/**
 * Upload bytes are written once, before the transaction that records them (which
 * `inTransaction` may run again); a failed transaction leaves only an unreferenced blob, which
 * the sweep removes after its grace period. Failures are injected with a trigger on the
 * supplier-document insert, the step after the file's row in the same transaction.
 */
let t: TestApp;
let member: Actor;
let supplierId: string;
const HOUR = 3_600_000;

const rows = async <T>(q: ReturnType<typeof sql>) => (await t.database.db.execute(q) as unknown as { rows: T[] }).rows;
const counts = async () => (await rows<{ files: number; docs: number }>(sql`
  select (select count(*)::int from stored_files where scope = ${`supplier:${supplierId}`}) as files,
    (select count(*)::int from supplier_documents where supplier_id = ${supplierId}) as docs`))[0];
const uploadDoc = (title: string) =>
  upload(t, member, `/api/suppliers/${supplierId}/documents`, { kind: 'certificate', title }, [{ field: 'file', filename: `${title}.pdf`, bytes: Buffer.concat([TINY_PDF, Buffer.from(title)]) }]);

/** Makes the next `times` supplier-document inserts fail with this SQLSTATE. */
async function failNextDocumentInserts(sqlState: string, times = 1) {
  const statements = [
    'drop sequence if exists upload_test_failures',
    'create sequence upload_test_failures',
    // nextval is not rolled back with the failed transaction: it counts attempts.
    `create or replace function upload_test_fail() returns trigger language plpgsql as $$
    begin
      if nextval('upload_test_failures') <= ${times} then
        raise exception 'injected failure' using errcode = '${sqlState}';
      end if;
      return new;
    end $$`,
    'drop trigger if exists upload_test_fail on supplier_documents',
    'create trigger upload_test_fail before insert on supplier_documents for each row execute function upload_test_fail()',
  ];
  for (const s of statements) await t.database.db.execute(sql.raw(s));
}

beforeAll(async () => {
  t = await createTestApp();
  member = await sessionCookie(t, { name: '上传测试' });
  const applied = await call(t, member, 'POST', '/api/suppliers', {
    companyName: '上传测试食品有限公司', creditCode: '91350100M000100Y43', contactName: '陈师傅', contactPhone: '13800001111',
    address: '广东省阳江市江城区酱园路 8 号', region: '广东阳江', description: '三代人的古法酱园。',
  });
  expect(applied.status).toBe(201);
  supplierId = applied.body.id;
});
afterEach(async () => {
  vi.restoreAllMocks();
  await t.database.db.execute(sql.raw('drop trigger if exists upload_test_fail on supplier_documents'));
});
afterAll(async () => { await t?.close(); });

describe('upload bytes are written outside the retried transaction', () => {
  it('a transaction retried after a serialization failure writes the bytes once and records one file', async () => {
    const before = await counts();
    const blobs = t.storage.files.size;
    const put = vi.spyOn(t.storage, 'put');
    await failNextDocumentInserts('40001');
    const res = await uploadDoc('retried');
    expect(res.status).toBe(201);
    expect(await rows(sql`select nextval('upload_test_failures')::int as n`)).toEqual([{ n: 3 }]); // it really ran twice
    expect(put).toHaveBeenCalledTimes(1);
    expect(t.storage.files.size).toBe(blobs + 1);
    expect(await counts()).toEqual({ files: before.files + 1, docs: before.docs + 1 });
    const file = await call(t, member, 'GET', `/api/suppliers/${supplierId}`);
    const doc = file.body.documents.find((d: { title: string }) => d.title === 'retried');
    const bytes = await t.app.inject({ method: 'GET', url: doc.url, headers: { cookie: member.cookie } });
    expect(bytes.statusCode).toBe(200);
    expect(bytes.rawPayload.toString('latin1').endsWith('retried')).toBe(true);
  });

  it('a transaction that fails after the upload step leaves no row, and after the grace period no blob', async () => {
    const kept = await uploadDoc('kept');
    expect(kept.status).toBe(201);
    const before = await counts();
    const blobs = new Set(t.storage.files.keys());
    await failNextDocumentInserts('23514'); // check_violation: not retried
    const failed = await uploadDoc('failed');
    expect(failed.status).toBe(500);
    expect(await counts()).toEqual(before);
    const orphans = [...t.storage.files.keys()].filter((k) => !blobs.has(k));
    expect(orphans).toHaveLength(1);

    // Young blobs stay: their transaction may still be running.
    expect((await sweepUnreferencedUploads(t.database.db, t.storage, new Date(Date.now() + HOUR))).removed).toEqual([]);
    const swept = await sweepUnreferencedUploads(t.database.db, t.storage, new Date(Date.now() + 25 * HOUR));
    expect(swept.removed).toEqual(orphans);
    expect([...t.storage.files.keys()].sort()).toEqual([...blobs].sort());
    // Every file that has a row still has its bytes.
    const keys = await rows<{ storage_key: string }>(sql`select storage_key from stored_files`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => !t.storage.files.has(k.storage_key))).toEqual([]);
  });

  it('the sweep leaves blobs it did not stage', async () => {
    await t.storage.put('by-day/2020-01-01/not-a-uuid.pdf', TINY_PDF);
    await t.storage.put('legacy/0a/0a000000-0000-4000-8000-000000000000.pdf', TINY_PDF);
    t.storage.modifiedAt.set('by-day/2020-01-01/not-a-uuid.pdf', new Date(0));
    const swept = await sweepUnreferencedUploads(t.database.db, t.storage, new Date('2020-01-05T00:00:00Z'));
    expect(swept.removed).toEqual([]);
    expect(t.storage.files.has('legacy/0a/0a000000-0000-4000-8000-000000000000.pdf')).toBe(true);
  });
});
