// 代取: a resident lets someone collect for her with a one-time pass she sends from the app.
import QRCode from 'qrcode';
import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { forbidden } from '../../platform/errors.js';
import { getCommunity, membershipOf } from '../community/index.js';
import { createPass, passView } from './handover.service.js';
import { pickupUrl } from './pickup-code.js';

const DAY_MS = 86_400_000;

/**
 * Valid until the end of her current pickup windows at this pickup point (the latest end among
 * her paid lines still to collect), or for 24 hours when no window of hers is still to end.
 */
async function passExpiry(db: Db, communityId: string, userId: string, now: Date): Promise<Date> {
  const res = (await db.execute(sql`
    select max(gb.pickup_end_at) as "end" from order_lines l join group_buys gb on gb.id = l.group_buy_id
    where l.community_id = ${communityId} and l.user_id = ${userId} and l.status in ('paid', 'confirmed', 'ready_for_pickup')`)) as unknown as { rows: { end: string | Date | null }[] };
  const end = res.rows[0]?.end ? new Date(res.rows[0].end) : null;
  return end && end.getTime() > now.getTime() ? end : new Date(now.getTime() + DAY_MS);
}

/** Creates a pass; the code and its QR are shown this once (only a hash is kept). */
export async function createPickupPass(db: Db, communityId: string, userId: string, collector: string | undefined, baseUrl: string, now: Date) {
  const m = await membershipOf(db, communityId, userId);
  if (!m) {
    await getCommunity(db, communityId);
    throw forbidden('community.not_member');
  }
  const expiresAt = await passExpiry(db, communityId, userId, now);
  const { pass, code } = await createPass(db, { communityId, userId, collector: (collector ?? '').trim().slice(0, 40), expiresAt, now });
  return {
    ...passView(pass),
    code,
    qrDataUrl: await QRCode.toDataURL(pickupUrl(baseUrl, communityId, { kind: 'pass', code }), { margin: 1, width: 320 }),
  };
}
