import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { getCommunity, requireLeader } from '../modules/community/index.js';
import { maskPhone, withoutPhones } from '../modules/identity/index.js';

/** One member as her community's leaders see her on the members page. */
export interface MemberRow {
  userId: string;
  displayName: string;
  doorNumber: string;
  role: 'resident' | 'leader';
  joinedAt: Date;
  phoneMasked: string;
  orderCount: number;
  lastOrderAt: Date | null;
  note: string;
  noteUpdatedAt: Date | null;
}

/** `%`, `_` and `\` match themselves in a search. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * 成员: the members of a community for its leaders (and operators), newest first, searched by
 * name or 门牌, with how often and when they last ordered (paid orders) and the leaders' private
 * note. Phones only masked.
 */
export async function memberDirectory(db: Db, actor: { id: string; isOperator: boolean }, communityId: string, opts: { q?: string; page: number; pageSize: number }) {
  if (!actor.isOperator) await requireLeader(db, communityId, actor.id);
  else await getCommunity(db, communityId);
  const q = opts.q?.trim() ?? '';
  const search = q ? sql`and (m.display_name ilike ${likePattern(q)} or m.door_number ilike ${likePattern(q)} or u.name ilike ${likePattern(q)})` : sql``;
  const res = (await db.execute(sql`
    select m.user_id as "userId", coalesce(nullif(m.display_name, ''), u.name) as "displayName", m.door_number as "doorNumber", m.role,
      m.joined_at as "joinedAt", u.phone, coalesce(o.n, 0)::int as "orderCount", o.last as "lastOrderAt",
      coalesce(n.note, '') as note, n.updated_at as "noteUpdatedAt", count(*) over ()::int as total
    from memberships m
      join users u on u.id = m.user_id
      left join lateral (select count(*) as n, max(created_at) as last from orders
        where community_id = m.community_id and user_id = m.user_id and paid_at is not null) o on true
      left join member_notes n on n.community_id = m.community_id and n.user_id = m.user_id
    where m.community_id = ${communityId} ${search}
    order by m.joined_at desc, m.user_id
    limit ${opts.pageSize + 1} offset ${(opts.page - 1) * opts.pageSize}`)) as unknown as { rows: (Omit<MemberRow, 'phoneMasked'> & { phone: string; total: number })[] };
  const rows = res.rows.slice(0, opts.pageSize);
  const items: MemberRow[] = rows.map(({ phone, total: _total, ...r }) => ({
    ...r, displayName: withoutPhones(r.displayName ?? ''), phoneMasked: maskPhone(phone), joinedAt: new Date(r.joinedAt), lastOrderAt: r.lastOrderAt ? new Date(r.lastOrderAt) : null, noteUpdatedAt: r.noteUpdatedAt ? new Date(r.noteUpdatedAt) : null,
  }));
  return { items, total: res.rows[0]?.total ?? 0, hasMore: res.rows.length > opts.pageSize };
}
