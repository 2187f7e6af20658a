import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { deflateSync } from 'node:zlib';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/app.js';
import { creditCodeCheckChar } from '../suppliers/service.js';
import { buildWorld, call, multipart, upload, HOUR, type Actor } from '../../testing/world.js';
import { scenePhoto } from '../../db/sample-photos.js';

/**
 * Public pictures are decoded before they are kept: their first bytes only say what they claim to
 * be. Leader trial photos were the probe's target; every upload that takes images is checked.
 */
let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
let good: Buffer;
let truncated: Buffer;
let bomb: Buffer;

/** A PNG of 30000×30000 greyscale pixels in under 3 KB: a zero-filled image compresses to nearly nothing. */
function pngBomb(side = 30_000): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
  const crc32 = (b: Buffer) => { let c = 0xffffffff; for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(data.length + 12);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), data.length + 8);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 8; // 8-bit greyscale, no interlace
  // The first rows only: the declared size is what matters, the rest would decode as more zeros.
  const rows = deflateSync(Buffer.alloc((side + 1) * 64));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', rows), chunk('IEND', Buffer.alloc(0))]);
}

const storedFiles = async () => (await t.database.db.execute(sql`select count(*)::int as n from stored_files`) as unknown as { rows: { n: number }[] }).rows[0].n;
const jpeg = (field: string, bytes: Buffer, filename = 'photo.jpg') => ({ field, filename, bytes, type: 'image/jpeg' });
const trial = (photos: Buffer[], lang = 'zh-CN') => t.app.inject({
  method: 'POST', url: `/api/communities/${world.community.id}/endorsements`,
  ...withBody(multipart({ productId: world.product.id, rating: '5', story: '自己先买来尝过，个头匀称，很甜。' }, photos.map((p) => jpeg('photos', p))), world.leader, lang),
}).then((r) => ({ status: r.statusCode, body: JSON.parse(r.body) }));
function withBody(m: ReturnType<typeof multipart>, actor: Actor, lang: string) {
  return { payload: m.payload, headers: { ...m.headers, cookie: actor.cookie, 'accept-language': lang } };
}

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 1 });
  good = await scenePhoto(31);
  truncated = good.subarray(0, Math.floor(good.length * 0.6));
  bomb = pngBomb();
}, 180_000);
afterAll(async () => { await t?.close(); });

describe('leader trial photos are decoded before they are shown to everyone', () => {
  it('refuses a 30000×30000 PNG bomb (a 3 KB file) with a clear 400, and keeps nothing', async () => {
    expect(bomb.length).toBeLessThan(10_000);
    const before = await storedFiles();
    const zh = await trial([bomb]);
    expect(zh.status).toBe(400);
    expect(zh.body.error).toEqual({ code: 'file.too_many_pixels', message: '图片像素太多（最多 50 百万像素），请缩小后再上传', details: { maxMp: 50 } });
    const en = await trial([bomb], 'en');
    expect(en.body.error.message).toBe('The picture has too many pixels (at most 50 megapixels); please make it smaller');
    expect(await storedFiles()).toBe(before);
  });

  it('refuses a truncated JPEG (its first bytes are right) with a clear 400, even beside a good photo', async () => {
    const before = await storedFiles();
    const res = await trial([good, truncated], 'en');
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 'file.image_unreadable', message: 'This picture cannot be opened (the file is incomplete or damaged); please take or choose it again' });
    expect(await storedFiles()).toBe(before);
  });

  it('takes a good photo and shows it publicly without the position and camera its phone wrote into it', async () => {
    const located = await sharp(good).withExif({ IFD0: { Make: 'Leader phone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 14/1 2/1', GPSLongitudeRef: 'E', GPSLongitude: '121/1 28/1 5/1' } }).jpeg().toBuffer();
    expect((await sharp(located).metadata()).exif).toBeDefined();
    const res = await trial([located]);
    expect(res.status).toBe(201);
    expect(res.body.photoFileIds).toHaveLength(1);
    const shown = await t.app.inject({ method: 'GET', url: `/api/files/${res.body.photoFileIds[0]}` });
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['content-type']).toBe('image/jpeg');
    const seen = await sharp(shown.rawPayload).metadata();
    const original = await sharp(good).metadata();
    expect({ width: seen.width, height: seen.height }).toEqual({ width: original.width, height: original.height });
    expect(seen.exif).toBeUndefined();
    expect(shown.rawPayload.includes(Buffer.from('Leader phone'))).toBe(false);
  });
});

describe('every other upload that takes pictures decodes them too', () => {
  const cases: [string, () => Promise<{ status: number; body: { error?: { code: string } } }>][] = [];
  const feedPost = (bytes: Buffer) => upload(t, world.residents[0], `/api/communities/${world.community.id}/posts`, { payload: JSON.stringify({ kind: 'question', body: '这是什么菜？' }) }, [jpeg('images', bytes)]);
  const leaderPhoto = async (bytes: Buffer) => {
    const m = multipart({}, [jpeg('photo', bytes)]);
    const r = await t.app.inject({ method: 'PUT', url: `/api/communities/${world.community.id}/leader-profile`, payload: m.payload, headers: { ...m.headers, cookie: world.leader.cookie } });
    return { status: r.statusCode, body: JSON.parse(r.body) };
  };
  // An applicant (an admitted supplier's documents are settled).
  let applicant: { member: Actor; id: string } | null = null;
  const supplierDocument = async (bytes: Buffer) => {
    if (!applicant) {
      const member = await sessionCookie(t, { name: '申请人' });
      const first17 = '91350100MA0000001';
      const applied = await call(t, member, 'POST', '/api/suppliers', {
        companyName: '阳江古法酱园有限公司', creditCode: first17 + creditCodeCheckChar(first17), contactName: '陈师傅', contactPhone: '13800001111',
        address: '广东省阳江市江城区酱园路 8 号', region: '广东阳江', description: '三代人的古法酱园。',
      });
      if (applied.status !== 201) throw new Error(JSON.stringify(applied.body));
      applicant = { member, id: applied.body.id };
    }
    return upload(t, applicant.member, `/api/suppliers/${applicant.id}/documents`, { kind: 'food_licence', title: '食品生产许可证' }, [{ field: 'file', filename: 'licence.png', bytes }]);
  };
  const labReport = async (bytes: Buffer) => {
    const now = t.clock.now().getTime();
    const batch = await call(t, world.supplier.member, 'POST', '/api/batches', { productId: world.product.id, producedAt: new Date(now - 2 * HOUR).toISOString(), quantity: 50, sourcePlace: '丹东' });
    return upload(t, world.supplier.member, `/api/batches/${batch.body.id}/inspections`, { lab: '检测中心', inspectedAt: new Date(now - HOUR).toISOString(), result: 'pass', summary: '合格' }, [{ field: 'report', filename: 'report.jpg', bytes }]);
  };
  cases.push(['a feed post', () => feedPost(bomb)], ['a feed post (truncated)', () => feedPost(truncated)]);
  cases.push(['the leader profile photo', () => leaderPhoto(bomb)], ['the leader profile photo (truncated)', () => leaderPhoto(truncated)]);
  cases.push(['a supplier document that is an image', () => supplierDocument(bomb)], ['a public lab report that is an image (truncated)', () => labReport(truncated)]);

  it.each(cases)('%s: refused 400, nothing kept', async (_name, send) => {
    const before = await storedFiles();
    const res = await send();
    expect(res.status).toBe(400);
    expect(['file.too_many_pixels', 'file.image_unreadable']).toContain(res.body.error?.code);
    expect(await storedFiles()).toBe(before);
  });

  it('a good picture still goes through each of them', async () => {
    expect((await feedPost(good)).status).toBe(201);
    expect((await leaderPhoto(good)).status).toBe(200);
    expect((await supplierDocument(await scenePhoto(32, { format: 'png', width: 200, height: 150 }))).status).toBe(201);
    expect((await labReport(good)).status).toBe(201);
  });
});
