/**
 * After-sales at scale: the photo-reuse search over 500,000 claim photos, the perceptual hash of
 * a phone-sized photo, and escalating 10,000 overdue claims.
 */
import pg from 'pg';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { openAppDatabase } from '../src/db/open.js';
import { escalateOverdueClaims, photoFlags, type AnalysedPhoto } from '../src/modules/aftersales/service.js';
import { analysePhoto } from '../src/modules/aftersales/photo-hash.js';
import { scenePhoto } from '../src/db/sample-photos.js';

export interface ClaimsResult {
  photos: number; claims: number; communities: number;
  searchP50Ms: number; searchP99Ms: number; searches: number; matchesFound: number;
  analyseSmallMs: number; analysePhoneMs: number; phoneBytes: number;
  overdue: number; escalateSeconds: number; escalatedEvents: number;
  setupSeconds: number;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export async function claimsScenario(url: string, claims = 250_000, communities = 500, products = 1000, overdue = 10_000): Promise<ClaimsResult> {
  const raw = new pg.Pool({ connectionString: url, max: 2 });
  const q = (text: string, params: unknown[] = []) => raw.query(text, params);
  const t0 = performance.now();
  // Claims spread over communities, products and residents in the last 180 days; two photos each
  // with random 64-bit hashes (a real photo's bits are as good as random against another's).
  // Claims are per order line (one claim per line).
  await q(`insert into claims (community_id, order_id, line_id, user_id, product_id, group_buy_id, kind, quantity, amount_fen, description, status, facts, reason_key, created_at)
    select ('00000000-0000-0000-0000-' || lpad(((i % $2) + 1)::text, 12, '0'))::uuid, gen_random_uuid(), gen_random_uuid(),
      ('10000000-0000-0000-0000-' || lpad(((i * 7919) % 100000 + 1)::text, 12, '0'))::uuid,
      ('20000000-0000-0000-0000-' || lpad(((i * 31) % $3 + 1)::text, 12, '0'))::uuid, gen_random_uuid(),
      'bad_produce', 1, 3680, '坏了', 'refunded', '{}'::jsonb, 'claims.reason.refund_now', now() - (i % 180) * interval '1 day'
    from generate_series(1, $1) i`, [claims, communities, products]);
  await q(`insert into claim_photos (claim_id, community_id, user_id, product_id, file_id, thumb_file_id, sha256, phash, phash_mirror, phash_crop, created_at)
    select c.id, c.community_id, c.user_id, c.product_id, gen_random_uuid(), gen_random_uuid(), md5(c.id::text || k) || md5(k || c.id::text),
      ('x' || substr(md5(c.id::text || 'a' || k), 1, 16))::bit(64)::bigint, ('x' || substr(md5(c.id::text || 'b' || k), 1, 16))::bit(64)::bigint,
      ('x' || substr(md5(c.id::text || 'c' || k), 1, 16))::bit(64)::bigint, c.created_at
    from claims c cross join generate_series(1, 2) k`);
  await q('analyze claims; analyze claim_photos');
  const setupSeconds = (performance.now() - t0) / 1000;

  const db = await openAppDatabase({ url, poolSize: 2 });
  const photo = await scenePhoto(5);
  const analysis = await analysePhoto(photo, 'Asia/Shanghai');
  // Half the probes reuse a stored photo's hash with two bits flipped: those must be found.
  const stored = (await q(`select phash::text as phash, community_id, product_id, user_id from claim_photos order by random() limit 100`)).rows as { phash: string; community_id: string; product_id: string; user_id: string }[];
  const times: number[] = [];
  let matchesFound = 0;
  for (let i = 0; i < 200; i++) {
    const s = stored[i % stored.length];
    const reuse = i % 2 === 0;
    const phash = reuse ? BigInt(s.phash) ^ 0b101n : analysis.phash;
    const probe: AnalysedPhoto = { upload: { filename: 'p.jpg', bytes: photo }, analysis: { ...analysis, phash, phashMirror: phash, phashCrop: phash, takenAt: null } };
    const start = performance.now();
    const flags = await photoFlags(db.db, [probe], { claimId: '00000000-0000-0000-0000-000000000000', communityId: s.community_id, productId: s.product_id, userId: s.user_id, pickedUpAt: null }, new Date());
    times.push(performance.now() - start);
    if (reuse && flags.some((f) => f.kind === 'photo_reused')) matchesFound++;
  }
  times.sort((a, b) => a - b);

  const timeIt = async (bytes: Buffer, n: number) => {
    const ts: number[] = [];
    for (let i = 0; i < n; i++) { const s = performance.now(); await analysePhoto(bytes, 'Asia/Shanghai'); ts.push(performance.now() - s); }
    return ts.sort((a, b) => a - b)[Math.floor(n / 2)];
  };
  // A phone-sized photo with sensor-like noise, so it compresses like a real one (a few MB).
  const { data, info } = await sharp(await scenePhoto(6, { width: 1000, height: 750 })).resize(4000, 3000).raw().toBuffer({ resolveWithObject: true });
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, data[i] + ((i * 2654435761) % 17) - 8));
  const phone = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).jpeg({ quality: 85 }).toBuffer();
  const analyseSmallMs = await timeIt(photo, 9);
  const analysePhoneMs = await timeIt(phone, 5);

  // Overdue claims waiting for leaders: the escalation job takes them 200 per transaction.
  await q(`insert into claims (community_id, order_id, line_id, user_id, product_id, group_buy_id, kind, quantity, amount_fen, description, status, facts, reason_key, deadline_at)
    select ('00000000-0000-0000-0000-' || lpad(((i % $2) + 1)::text, 12, '0'))::uuid, gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), gen_random_uuid(),
      'missing', 1, 1000, '少了', 'leader_review', '{}'::jsonb, 'claims.reason.leader_review', now() - interval '1 minute'
    from generate_series(1, $1) i`, [overdue, communities]);
  const e0 = performance.now();
  const now = new Date();
  let escalated = 0;
  for (;;) { const n = await escalateOverdueClaims(db.db, now); if (n === 0) break; escalated += n; }
  const escalateSeconds = (performance.now() - e0) / 1000;
  const events = Number((await q(`select count(*)::int as n from domain_events where type = 'claim.escalated'`)).rows[0].n);
  await db.close();
  await raw.end();
  return {
    photos: claims * 2, claims, communities, searchP50Ms: pct(times, 50), searchP99Ms: pct(times, 99), searches: times.length, matchesFound,
    analyseSmallMs, analysePhoneMs, phoneBytes: phone.length, overdue: escalated, escalateSeconds, escalatedEvents: events, setupSeconds,
  };
}
