import { asc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import { tagRules } from './schema.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { evaluate, parseRule, RuleSyntaxError, type Facts } from '../../platform/rules/expression.js';
import { residentBuyingFacts } from '../orders/index.js';
import { levelsOf } from './service.js';

/** The facts a tag rule may use, with what each means (shown in the rule editor). */
export const RESIDENT_FACTS = {
  paid_orders: '付款且未取消的订单数',
  orders_90d: '近 90 天订单数',
  avg_order_yuan: '平均每单金额（元）',
  fresh_share: '生鲜订单占比（0–1）',
  standards_share: '买有标准承诺（0防腐剂、有机等）商品的订单占比（0–1）',
  price_ratio: '平均成交价 ÷ 原价（越高越不在意价格）',
  bought_baby_food: '买过辅食/宝宝用品（是/否）',
  picked_up: '已取货订单数',
  tenure_days: '加入天数',
  level: '信任等级 A/B/C/D',
  claims_filed: '申请过的售后次数',
  claims_upheld: '以退款或补发结束的售后次数',
  claims_rejected: '审核未通过的售后次数',
  answers_helpful: '回答被提问者采纳的次数',
  events_attended: '到场签到的社区活动次数',
  posts_published: '发过的提问、话题和帖子数',
} as const;
const FACT_NAMES = Object.keys(RESIDENT_FACTS);

/** Parses a rule or refuses it with a clear, positioned reason; nothing is stored. */
export function checkTagExpression(expression: string) {
  try {
    return parseRule(expression, FACT_NAMES);
  } catch (err) {
    if (err instanceof RuleSyntaxError) {
      throw badRequest(err.code === 'rule.unknown_fact' ? 'tag.unknown_fact' : 'tag.syntax', { position: err.position + 1, detail: err.detail });
    }
    throw err;
  }
}

export async function listTagRules(db: Db) {
  return db.select().from(tagRules).orderBy(asc(tagRules.createdAt));
}

export async function createTagRule(db: Db, actorId: string, input: { name: string; expression: string; description?: string }) {
  const name = input.name.trim();
  if (!name || name.length > 20) throw badRequest('tag.name_invalid');
  checkTagExpression(input.expression);
  const [row] = await db.insert(tagRules).values({ name, expression: input.expression.trim(), description: input.description?.trim() ?? '', createdBy: actorId })
    .onConflictDoNothing().returning();
  if (!row) throw conflict('tag.name_taken');
  return row;
}

export async function updateTagRule(db: Db, id: string, input: { expression?: string; description?: string; active?: boolean }) {
  if (input.expression !== undefined) checkTagExpression(input.expression);
  const [row] = await db.update(tagRules).set({ ...input, ...(input.expression ? { expression: input.expression.trim() } : {}), updatedAt: new Date() }).where(eq(tagRules.id, id)).returning();
  if (!row) throw notFound('tag.not_found');
  return row;
}

type HistoryFacts = { claims_filed: number; claims_upheld: number; claims_rejected: number; answers_helpful: number; events_attended: number; posts_published: number };

/** Residents' history from domain events: claims and how they ended, helpful answers, events attended, posts. */
async function claimHistory(db: DbOrTx, userIds: string[]): Promise<Map<string, HistoryFacts>> {
  if (userIds.length === 0) return new Map();
  const community = (await db.execute(sql`
    select coalesce(e.payload->>'answererId', e.actor_id::text) as user_id,
      -- One question counts once, however often its asker changes her mind about the helpful answer.
      count(distinct e.payload->>'questionId') filter (where e.type = 'answer.marked_helpful')::int as helpful,
      count(*) filter (where e.type = 'event.checked_in')::int as attended,
      count(*) filter (where e.type = 'post.published')::int as posts
    from domain_events e
    where (e.type = 'answer.marked_helpful' and e.payload->>'answererId' in ${userIds})
       or (e.type in ('event.checked_in', 'post.published') and e.actor_id in ${userIds})
    group by 1`)) as unknown as { rows: { user_id: string; helpful: number; attended: number; posts: number }[] };
  const life = new Map(community.rows.map((r) => [r.user_id, r]));
  const res = (await db.execute(sql`
    select case when e.type = 'claim.filed' then e.actor_id::text else e.payload->>'residentId' end as user_id,
      count(*) filter (where e.type = 'claim.filed')::int as filed,
      count(*) filter (where e.type = 'claim.decided' and (e.payload->>'final')::boolean and (e.payload->>'upheld')::boolean)::int as upheld,
      count(*) filter (where e.type = 'claim.decided' and (e.payload->>'final')::boolean and not (e.payload->>'upheld')::boolean)::int as rejected,
      -- An automatic refund a later review found invalid is a rejected claim, not an upheld one.
      count(*) filter (where e.type = 'claim.reviewed' and e.payload->>'outcome' in ('invalid', 'fraud'))::int as overturned
    from domain_events e
    where (e.type = 'claim.filed' and e.actor_id in ${userIds}) or (e.type in ('claim.decided', 'claim.reviewed') and e.payload->>'residentId' in ${userIds})
    group by 1`)) as unknown as { rows: { user_id: string; filed: number; upheld: number; rejected: number; overturned: number }[] };
  const claimsOf = new Map(res.rows.map((r) => [r.user_id, r]));
  return new Map(userIds.map((id) => {
    const c = claimsOf.get(id);
    const l = life.get(id);
    return [id, { claims_filed: c?.filed ?? 0, claims_upheld: Math.max(0, (c?.upheld ?? 0) - (c?.overturned ?? 0)), claims_rejected: (c?.rejected ?? 0) + (c?.overturned ?? 0), answers_helpful: l?.helpful ?? 0, events_attended: l?.attended ?? 0, posts_published: l?.posts ?? 0 }];
  }));
}

/** Tags of many residents at once, from their facts and the active rules. */
export async function tagsOf(db: DbOrTx, userIds: string[], now = new Date()): Promise<Map<string, string[]>> {
  const rules = (await db.select().from(tagRules).where(eq(tagRules.active, true))).map((r) => ({ name: r.name, tree: parseRule(r.expression, FACT_NAMES) }));
  const [facts, levels, tenure, claimFacts] = await Promise.all([
    residentBuyingFacts(db, userIds, now),
    levelsOf(db, userIds),
    userIds.length ? (db.execute(sql`select id, created_at from users where id in ${userIds}`) as unknown as Promise<{ rows: { id: string; created_at: string | Date }[] }>) : Promise.resolve({ rows: [] }),
    claimHistory(db, userIds),
  ]);
  const created = new Map(tenure.rows.map((r) => [r.id, new Date(r.created_at)]));
  const out = new Map<string, string[]>();
  for (const id of userIds) {
    const f: Facts = {
      ...(facts.get(id) ?? { paid_orders: 0, orders_90d: 0, avg_order_yuan: 0, fresh_share: 0, standards_share: 0, price_ratio: 0, bought_baby_food: false, picked_up: 0 }),
      tenure_days: Math.floor((now.getTime() - (created.get(id) ?? now).getTime()) / 86_400_000),
      level: levels.get(id) ?? 'D',
      ...claimFacts.get(id)!,
    };
    out.set(id, rules.filter((r) => evaluate(r.tree, f)).map((r) => r.name));
  }
  return out;
}

/** The starting tags; operators edit or add to them. */
export const DEFAULT_TAG_RULES = [
  { name: '注重食品安全', expression: 'paid_orders >= 2 且 standards_share >= 0.6', description: '多数订单买的是有标准承诺（0防腐剂、有机、可溯源）的商品' },
  { name: '信任团长推荐', expression: 'orders_90d >= 3', description: '近 90 天跟团长下了 3 单以上' },
  { name: '价格敏感度低', expression: 'paid_orders >= 2 且 price_ratio >= 0.8', description: '常买接近原价的好东西，不只挑最便宜的' },
  { name: '新手妈妈', expression: 'bought_baby_food', description: '买过辅食或宝宝用品' },
];
