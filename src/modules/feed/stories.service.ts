import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';
import { translate, type Locale } from '../../platform/i18n.js';
import * as community from '../community/index.js';
import { campaignBySlug, getCampaign, provingProductIds, type Campaign } from '../campaigns/index.js';
import { productsHandedTo } from '../fulfilment/index.js';
import { maskName, withoutPhones } from '../identity/index.js';
import { notify } from '../notifications/index.js';
import { cleanText } from './moderation.js';
import { campaignStories, postProducts, posts, type StoryStatus } from './schema.js';

type Viewer = { id: string; isOperator: boolean };
export type CampaignStory = typeof campaignStories.$inferSelect;

/** Limits (*ours*): products tagged on one post, a page of stories, the removal reason. */
export const STORY_LIMITS = { tagsPerPost: 3, pageSize: 10, reasonMin: 2, reasonMax: 200 } as const;

const campaignName = (c: Campaign, locale: Locale) => (locale === 'en' ? c.nameEn || c.nameZh : c.nameZh);
const excerpt = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
export const storyPhotoUrl = (storyId: string, fileId: string) => `/api/campaign-stories/${storyId}/photos/${fileId}`;

async function productNames(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const res = (await db.execute(sql`select id, name from products where id in ${ids}`)) as unknown as { rows: { id: string; name: string }[] };
  return new Map(res.rows.map((r) => [r.id, r.name]));
}

async function tagsOf(db: DbOrTx, postIds: string[]): Promise<Map<string, string[]>> {
  const rows = postIds.length ? await db.select().from(postProducts).where(inArray(postProducts.postId, postIds)) : [];
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.postId, [...(out.get(r.postId) ?? []), r.productId]);
  return out;
}

/**
 * The author tags a product she was handed on her own post. A product she did not receive (never
 * bought, refunded before the hand-over, a disputed hand-over) is refused: nothing is written.
 */
export async function tagPostProduct(db: Db, actor: Viewer, postId: string, productId: string, now = new Date()) {
  const [p] = await db.select().from(posts).where(eq(posts.id, postId));
  if (!p || !(await community.membershipOf(db, p.communityId, actor.id))) throw notFound('post.not_found');
  if (p.authorId !== actor.id) throw forbidden('story.not_author');
  if (p.hiddenAt) throw conflict('post.hidden');
  if (!(await productsHandedTo(db, actor.id, [productId])).has(productId)) throw conflict('story.product_not_handed');
  return inTransaction(db, async (tx) => {
    // One author tagging at once: the count and the insert are not raced past the limit.
    await tx.execute(sql`select id from posts where id = ${postId} for update`);
    const tags = (await tagsOf(tx, [postId])).get(postId) ?? [];
    if (!tags.includes(productId)) {
      if (tags.length >= STORY_LIMITS.tagsPerPost) throw badRequest('story.too_many_tags', { max: STORY_LIMITS.tagsPerPost });
      await tx.insert(postProducts).values({ postId, productId, authorId: actor.id, createdAt: now }).onConflictDoNothing();
      await recordEvent(tx, { type: 'post.product_tagged', communityId: p.communityId, actorId: actor.id, subjectId: postId, payload: { productId } });
    }
    return { postId, productIds: (await tagsOf(tx, [postId])).get(postId) ?? [] };
  });
}

/** The products she may tag on a post: those she was handed (newest first), with names. */
export async function taggableProducts(db: DbOrTx, actor: Viewer) {
  const res = (await db.execute(sql`
    select i.product_id as "productId", max(l.picked_up_at) as at
    from order_lines l join group_buy_items i on i.id = l.item_id
    where l.user_id = ${actor.id} and l.status = 'picked_up'
    group by i.product_id order by at desc nulls last limit 50`)) as unknown as { rows: { productId: string }[] };
  const ids = res.rows.map((r) => r.productId);
  const handed = await productsHandedTo(db, actor.id, ids);
  const names = await productNames(db, ids);
  return ids.filter((id) => handed.has(id)).map((id) => ({ id, name: names.get(id) ?? '' }));
}

/**
 * The leader's candidates in his community for a published campaign: visible posts by residents
 * that tag a product enrolled in it and proving its standards now, each with its story's state.
 */
export async function storyCandidates(db: DbOrTx, actor: Viewer, communityId: string, slug: string, locale: Locale = 'zh-CN', now = new Date()) {
  await community.requireLeader(db, communityId, actor.id);
  const c = await campaignBySlug(db, slug);
  if (c.status !== 'published') throw notFound('campaign.not_found');
  const proving = await provingProductIds(db, c.id, now);
  const rows = proving.length === 0 ? [] : await db.select().from(posts).where(and(
    eq(posts.communityId, communityId), isNull(posts.hiddenAt), sql`${posts.authorId} <> ${actor.id}`,
    sql`exists (select 1 from post_products pp where pp.post_id = ${posts.id} and pp.product_id in ${proving})`,
  )).orderBy(desc(posts.createdAt)).limit(100);
  const ids = rows.map((r) => r.id);
  const stories = ids.length ? await db.select().from(campaignStories).where(and(eq(campaignStories.campaignId, c.id), inArray(campaignStories.postId, ids))) : [];
  const byPost = new Map(stories.map((s) => [s.postId, s]));
  const tags = await tagsOf(db, ids);
  const names = await productNames(db, [...new Set([...tags.values()].flat())]);
  const authors = await memberNames(db, communityId, rows.map((r) => r.authorId), locale, false);
  return {
    campaign: { id: c.id, slug: c.slug, name: campaignName(c, locale) },
    items: rows.map((p) => {
      const s = byPost.get(p.id);
      return {
        postId: p.id, title: p.title, excerpt: excerpt(p.body), photoCount: p.imageFileIds.length, createdAt: p.createdAt, author: authors(p.authorId),
        products: (tags.get(p.id) ?? []).filter((id) => proving.includes(id)).map((id) => ({ id, name: names.get(id) ?? '' })),
        story: s ? { id: s.id, status: s.status, nominatedAt: s.nominatedAt } : null,
      };
    }),
  };
}

/**
 * The name she goes by here, else her account name: masked (李**) for the public; whole for her
 * own leader (he knows her) and for naming her leader to her.
 */
async function memberNames(db: DbOrTx, communityId: string, userIds: string[], locale: Locale, masked = true): Promise<(id: string) => string> {
  const unique = [...new Set(userIds)];
  const res = unique.length ? (await db.execute(sql`
    select u.id, coalesce(nullif(m.display_name, ''), u.name) as name
    from users u left join memberships m on m.user_id = u.id and m.community_id = ${communityId}
    where u.id in ${unique}`)) as unknown as { rows: { id: string; name: string | null }[] } : { rows: [] };
  const names = new Map(res.rows.map((r) => [r.id, r.name ? withoutPhones(r.name) : null]));
  const unnamed = translate(locale, 'people.unnamed');
  return (id) => (masked ? maskName(names.get(id), unnamed) : names.get(id)?.trim() || unnamed);
}

/**
 * The leader of the post's community nominates it for a published campaign; the author is asked.
 * Only his community's posts (another community's is not found), not his own, tagging a product
 * of the campaign that proves its standards; once per campaign and post.
 */
export async function nominateStory(db: Db, actor: Viewer, campaignId: string, postId: string, locale: Locale = 'zh-CN', now = new Date()) {
  const [p] = await db.select().from(posts).where(eq(posts.id, postId));
  const m = p ? await community.membershipOf(db, p.communityId, actor.id) : null;
  if (!p || !m) throw notFound('post.not_found');
  if (m.role !== 'leader') throw forbidden('feed.leader_only');
  if (p.authorId === actor.id) throw forbidden('story.own_post');
  if (p.hiddenAt) throw conflict('post.hidden');
  const c = await getCampaign(db, campaignId);
  if (c.status !== 'published') throw conflict('story.campaign_not_open');
  const proving = await provingProductIds(db, c.id, now);
  const tagged = (await tagsOf(db, [postId])).get(postId) ?? [];
  if (!tagged.some((id) => proving.includes(id))) throw conflict('story.no_campaign_product');
  return inTransaction(db, async (tx) => {
    const [s] = await tx.insert(campaignStories).values({
      campaignId: c.id, postId, communityId: p.communityId, authorId: p.authorId, nominatedBy: actor.id, nominatedAt: now,
    }).onConflictDoNothing().returning();
    if (!s) throw conflict('story.already_nominated');
    await recordEvent(tx, { type: 'story.nominated', communityId: p.communityId, actorId: actor.id, subjectId: s.id, payload: { campaignId: c.id, postId } });
    await notify(tx, [{ userId: p.authorId, communityId: p.communityId, kind: 'story_consent', params: { campaign: campaignName(c, locale), excerpt: excerpt(p.body) }, link: `/c/${p.communityId}/stories/${s.id}` }]);
    return s;
  });
}

/** Her own story (the consent prompt); anyone else's is answered as not found. */
async function ownStory(db: DbOrTx, actor: Viewer, storyId: string): Promise<CampaignStory> {
  const [s] = await db.select().from(campaignStories).where(eq(campaignStories.id, storyId));
  if (!s || s.authorId !== actor.id) throw notFound('story.not_found');
  return s;
}

/** What the consent prompt shows her: where it would appear, which post, where it stands. */
export async function myStory(db: DbOrTx, actor: Viewer, storyId: string, locale: Locale = 'zh-CN') {
  const s = await ownStory(db, actor, storyId);
  const c = await getCampaign(db, s.campaignId);
  const [p] = await db.select().from(posts).where(eq(posts.id, s.postId));
  const [{ name: communityName }] = ((await db.execute(sql`select name from communities where id = ${s.communityId}`)) as unknown as { rows: { name: string }[] }).rows;
  const nominatedBy = await memberNames(db, s.communityId, [s.nominatedBy], locale, false);
  return {
    id: s.id, status: s.status, nominatedAt: s.nominatedAt, answeredAt: s.answeredAt, removedReason: s.removedReason,
    campaign: { slug: c.slug, name: campaignName(c, locale) }, communityName, postId: s.postId, communityId: s.communityId,
    excerpt: excerpt(p.body), photoCount: p.imageFileIds.length, leaderName: nominatedBy(s.nominatedBy),
    shownAs: (await memberNames(db, s.communityId, [s.authorId], locale))(s.authorId),
  };
}

/** Her stories awaiting her answer or shown, on one of her posts (for the prompt on the post). */
export async function storiesOfMyPost(db: DbOrTx, actor: Viewer, postId: string, locale: Locale = 'zh-CN') {
  const rows = await db.select().from(campaignStories).where(and(eq(campaignStories.postId, postId), eq(campaignStories.authorId, actor.id), inArray(campaignStories.status, ['awaiting_consent', 'shown'])));
  const out = [];
  for (const s of rows) out.push(await myStory(db, actor, s.id, locale));
  return out;
}

const ANSWERS: Record<'accept' | 'decline' | 'withdraw', { from: StoryStatus; to: StoryStatus; error: string }> = {
  accept: { from: 'awaiting_consent', to: 'shown', error: 'story.not_awaiting' },
  decline: { from: 'awaiting_consent', to: 'declined', error: 'story.not_awaiting' },
  withdraw: { from: 'shown', to: 'withdrawn', error: 'story.not_shown' },
};

/** The author says yes or no, or withdraws a yes: from then on it is (or is no longer) shown. */
export async function answerStory(db: Db, actor: Viewer, storyId: string, answer: 'accept' | 'decline' | 'withdraw', now = new Date()) {
  const s = await ownStory(db, actor, storyId);
  const rule = ANSWERS[answer];
  return inTransaction(db, async (tx) => {
    const [updated] = await tx.update(campaignStories)
      .set(answer === 'withdraw' ? { status: rule.to, withdrawnAt: now } : { status: rule.to, answeredAt: now })
      .where(and(eq(campaignStories.id, storyId), eq(campaignStories.status, rule.from))).returning();
    if (!updated) throw conflict(rule.error);
    await recordEvent(tx, { type: 'story.answered', communityId: s.communityId, actorId: actor.id, subjectId: s.id, payload: { answer } });
    return { id: updated.id, status: updated.status };
  });
}

/** An operator takes a story off the campaign page, with a reason that is kept. */
export async function removeStory(db: Db, actor: Viewer, storyId: string, reason: string, now = new Date()) {
  if (!actor.isOperator) throw forbidden('story.operator_only');
  const why = cleanText(reason, STORY_LIMITS.reasonMax, 'story.reason_required', STORY_LIMITS.reasonMin);
  const [s] = await db.select().from(campaignStories).where(eq(campaignStories.id, storyId));
  if (!s) throw notFound('story.not_found');
  return inTransaction(db, async (tx) => {
    const [updated] = await tx.update(campaignStories).set({ status: 'removed', removedAt: now, removedBy: actor.id, removedReason: why })
      .where(and(eq(campaignStories.id, storyId), inArray(campaignStories.status, ['awaiting_consent', 'shown']))).returning();
    if (!updated) throw conflict('story.not_removable');
    await recordEvent(tx, { type: 'story.removed', communityId: s.communityId, actorId: actor.id, subjectId: s.id, payload: { reason: why } });
    return { id: updated.id, status: updated.status, removedReason: why };
  });
}

/** Shown stories of a campaign whose post is still visible and still tags one of its proving products. */
async function shownStoriesQuery(db: DbOrTx, campaignId: string, proving: string[], limit: number, offset: number) {
  if (proving.length === 0) return [];
  return db.select({ story: campaignStories, post: posts }).from(campaignStories).innerJoin(posts, eq(posts.id, campaignStories.postId)).where(and(
    eq(campaignStories.campaignId, campaignId), eq(campaignStories.status, 'shown'), isNull(posts.hiddenAt),
    sql`exists (select 1 from post_products pp where pp.post_id = ${posts.id} and pp.product_id in ${proving})`,
  )).orderBy(desc(campaignStories.answeredAt), desc(campaignStories.id)).limit(limit).offset(offset);
}

/**
 * The campaign page's stories (anyone may read a published campaign's): masked name, community,
 * words, photos, and per product 已购买认证 only if she was handed it, computed now.
 */
export async function campaignStoriesPage(db: DbOrTx, slug: string, page: number, locale: Locale = 'zh-CN', now = new Date()) {
  const c = await campaignBySlug(db, slug);
  if (c.status === 'draft') throw notFound('campaign.not_found');
  const size = STORY_LIMITS.pageSize;
  const proving = await provingProductIds(db, c.id, now);
  const rows = await shownStoriesQuery(db, c.id, proving, size + 1, (page - 1) * size);
  const pageRows = rows.slice(0, size);
  const tags = await tagsOf(db, pageRows.map((r) => r.post.id));
  const names = await productNames(db, [...new Set([...tags.values()].flat())]);
  const communityIds = [...new Set(pageRows.map((r) => r.story.communityId))];
  const communities = communityIds.length ? ((await db.execute(sql`select id, name from communities where id in ${communityIds}`)) as unknown as { rows: { id: string; name: string }[] }).rows : [];
  const communityName = new Map(communities.map((x) => [x.id, x.name]));
  const items = [];
  for (const { story, post } of pageRows) {
    const products = (tags.get(post.id) ?? []).filter((id) => proving.includes(id));
    const handed = await productsHandedTo(db, story.authorId, products);
    const author = await memberNames(db, story.communityId, [story.authorId], locale);
    items.push({
      id: story.id, author: author(story.authorId), communityName: communityName.get(story.communityId) ?? '',
      title: post.title, body: post.body, photos: post.imageFileIds.map((f) => storyPhotoUrl(story.id, f)), shownAt: story.answeredAt!,
      products: products.map((id) => ({ id, name: names.get(id) ?? '', verifiedPurchase: handed.has(id) })),
    });
  }
  return { campaign: { slug: c.slug, name: campaignName(c, locale) }, page, pageSize: size, hasMore: rows.length > size, items };
}

/** A photo of a story, for anyone reading the campaign page: only while the story is shown. */
export async function storyPhotoFileId(db: DbOrTx, storyId: string, fileId: string): Promise<string> {
  const [row] = await db.select({ story: campaignStories, post: posts }).from(campaignStories).innerJoin(posts, eq(posts.id, campaignStories.postId)).where(eq(campaignStories.id, storyId));
  if (!row || row.story.status !== 'shown' || row.post.hiddenAt || !row.post.imageFileIds.includes(fileId)) throw notFound('file.not_found');
  const c = await getCampaign(db, row.story.campaignId);
  if (c.status === 'draft') throw notFound('file.not_found');
  return fileId;
}
