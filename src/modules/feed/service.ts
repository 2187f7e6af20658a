import { and, asc, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../platform/db/client.js';
import { comments, contentReports, LEADER_KINDS, pollBallots, pollOptions, posts, reactions, threadMutes, type PostKind } from './schema.js';
import { badRequest, conflict, forbidden, notFound, tooMany } from '../../platform/errors.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';
import * as community from '../community/index.js';
import * as files from '../files/index.js';
import { getGroupBuy, getGroupBuyDetail } from '../groupbuy/index.js';
import { getProduct } from '../catalog/index.js';
import { notify } from '../notifications/index.js';
import { displayNames } from '../identity/index.js';
import type { Locale } from '../../platform/i18n.js';
import type { FileStorage } from '../../platform/files/storage.js';
import { cleanText, moderateText, recordImages, stageImages, type ImageUpload } from './moderation.js';

export type Post = typeof posts.$inferSelect;
type Viewer = { id: string; isOperator: boolean };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Moderation limits: text lengths and how much one person may post (*ours*). */
export const LIMITS = {
  title: 60, body: 5000, comment: 1000, images: 9, postsPerHour: 10, commentsPerHour: 30, pollOptions: 10, optionLength: 40,
  /** Links a leader's answer may carry; the reason given when hiding or reporting. */
  links: 5, reasonMin: 2, reasonMax: 200,
} as const;


export interface PostInput {
  kind: PostKind;
  title?: string;
  body: string;
  images?: ImageUpload[];
  groupBuyId?: string;
  parentId?: string;
  mentionsLeader?: boolean;
  poll?: { options: string[]; multiple: boolean; closesAt: Date };
}

const isLeaderOf = async (db: DbOrTx, communityId: string, userId: string) => (await community.membershipOf(db, communityId, userId))?.role === 'leader';

/** A member (or operator) of the post's community; another community's post is answered as not found. */
async function visiblePost(db: DbOrTx, viewer: Viewer, postId: string) {
  const [p] = await db.select().from(posts).where(eq(posts.id, postId));
  if (!p) throw notFound('post.not_found');
  const m = await community.membershipOf(db, p.communityId, viewer.id);
  if (!m && !viewer.isOperator) throw notFound('post.not_found');
  const leader = m?.role === 'leader';
  if (p.hiddenAt && !leader && !viewer.isOperator && p.authorId !== viewer.id) throw notFound('post.not_found');
  return { post: p, leader, moderator: leader || viewer.isOperator };
}


/**
 * In the writing transaction: one author's posts (or comments) are counted and written one after
 * another, so a burst sent at once cannot pass the limit.
 */
async function rateLimit(db: DbOrTx, table: typeof posts | typeof comments, authorId: string, limit: number, now: Date) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`feed-rate:${table === posts ? 'post' : 'comment'}:${authorId}`}))`);
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(table).where(and(eq(table.authorId, authorId), gt(table.createdAt, new Date(now.getTime() - HOUR))));
  if (n >= limit) throw tooMany('feed.rate_limited', { limit, minutes: 60 });
}

/**
 * Publishes a post. The leader writes articles, notices, recommendations, topics and polls;
 * every member may ask a question or join a topic. Everything is checked before anything is written.
 */
export async function createPost(db: Db, storage: FileStorage, actor: Viewer, communityId: string, input: PostInput, now = new Date()) {
  const m = await community.requireMember(db, communityId, actor);
  if (!m) throw forbidden('community.not_member');
  const leader = m.role === 'leader';
  if (LEADER_KINDS.includes(input.kind) && !leader) throw forbidden('feed.leader_only');
  const title = moderateText(input.title, LIMITS.title, 'feed.title_length', input.kind === 'topic' || input.kind === 'poll' || input.kind === 'knowledge' ? 2 : 0);
  const body = moderateText(input.body, LIMITS.body, 'feed.body_length', input.kind === 'poll' ? 0 : 1);
  if (input.kind === 'recommendation') {
    if (!input.groupBuyId) throw badRequest('feed.group_buy_required');
    const gb = await getGroupBuy(db, input.groupBuyId).catch(() => null);
    if (!gb || gb.communityId !== communityId) throw badRequest('feed.group_buy_invalid');
  } else if (input.groupBuyId) throw badRequest('feed.group_buy_not_allowed');
  if (input.kind === 'topic_entry') {
    const [topic] = input.parentId ? await db.select().from(posts).where(eq(posts.id, input.parentId)) : [];
    if (!topic || topic.kind !== 'topic' || topic.communityId !== communityId || topic.hiddenAt) throw badRequest('feed.topic_invalid');
    if (!input.images?.length) throw badRequest('feed.topic_photo_required');
  } else if (input.parentId) throw badRequest('feed.topic_invalid');
  let poll: PostInput['poll'] | null = null;
  if (input.kind === 'poll') {
    const options = (input.poll?.options ?? []).map((o) => o.trim());
    if (options.length < 2 || options.length > LIMITS.pollOptions) throw badRequest('poll.options_count', { min: 2, max: LIMITS.pollOptions });
    if (options.some((o) => o.length < 1 || o.length > LIMITS.optionLength)) throw badRequest('poll.option_length', { max: LIMITS.optionLength });
    if (new Set(options).size !== options.length) throw badRequest('poll.options_duplicate');
    const closesAt = input.poll!.closesAt;
    if (!(closesAt instanceof Date) || closesAt.getTime() <= now.getTime() + 10 * 60_000 || closesAt.getTime() > now.getTime() + 60 * DAY) throw badRequest('poll.closes_invalid');
    poll = { options, multiple: Boolean(input.poll!.multiple), closesAt };
  } else if (input.poll) throw badRequest('poll.not_a_poll');
  const mentionsLeader = input.kind === 'question' && Boolean(input.mentionsLeader);

  // Checked before any bytes are written too, so a limited author stores nothing.
  if (input.images?.length) await rateLimit(db, posts, actor.id, LIMITS.postsPerHour, now);
  const images = await stageImages(storage, input.images ?? [], LIMITS.images);
  return inTransaction(db, async (tx) => {
    await rateLimit(tx, posts, actor.id, LIMITS.postsPerHour, now);
    const imageFileIds = await recordImages(tx, images, actor.id, `community:${communityId}`);
    const [post] = await tx.insert(posts).values({
      communityId, authorId: actor.id, kind: input.kind, title, body, imageFileIds, groupBuyId: input.groupBuyId ?? null,
      parentId: input.parentId ?? null, mentionsLeader, pollMultiple: poll?.multiple ?? false, pollClosesAt: poll?.closesAt ?? null,
      createdAt: now, lastActivityAt: now,
    }).returning();
    if (poll) await tx.insert(pollOptions).values(poll.options.map((label, position) => ({ postId: post.id, position, label })));
    if (post.parentId) await tx.update(posts).set({ lastActivityAt: now }).where(eq(posts.id, post.parentId));
    await recordEvent(tx, { type: 'post.published', communityId, actorId: actor.id, subjectId: post.id, payload: { kind: post.kind, byLeader: leader, parentId: post.parentId } });
    if (mentionsLeader) {
      const leaders = await community.leadersOf(tx, communityId);
      await notify(tx, leaders.filter((l) => l.userId !== actor.id).map((l) => ({ userId: l.userId, communityId, kind: 'question_for_leader' as const, params: { excerpt: excerpt(body) }, link: `/c/${communityId}/posts/${post.id}` })));
    }
    return post;
  });
}

const excerpt = (text: string) => (text.length > 30 ? `${text.slice(0, 30)}…` : text);


async function pollView(db: DbOrTx, post: Post, viewer: Viewer, moderator: boolean, now: Date) {
  if (post.kind !== 'poll') return null;
  const options = await db.select().from(pollOptions).where(eq(pollOptions.postId, post.id)).orderBy(asc(pollOptions.position));
  const ballots = await db.select().from(pollBallots).where(eq(pollBallots.postId, post.id));
  const mine = ballots.find((b) => b.userId === viewer.id) ?? null;
  const closed = post.pollClosesAt !== null && post.pollClosesAt <= now;
  // Results once you have voted (or it closed): nobody is swayed by a running count before choosing.
  const showResults = closed || Boolean(mine) || moderator;
  const counts = new Map<string, number>();
  for (const b of ballots) for (const o of b.optionIds) counts.set(o, (counts.get(o) ?? 0) + 1);
  return {
    multiple: post.pollMultiple, closesAt: post.pollClosesAt, closed, voters: ballots.length, myChoice: mine?.optionIds ?? null,
    options: options.map((o) => ({ id: o.id, label: o.label, votes: showResults ? counts.get(o.id) ?? 0 : null })),
  };
}

function postView<Extra extends Record<string, unknown>>(p: Post, nameOf: (id: string) => string, extra: Extra, moderator: boolean, leaders: Set<string> = new Set()) {
  return {
    id: p.id, communityId: p.communityId, kind: p.kind, title: p.title, body: p.body,
    images: p.imageFileIds.map(files.fileUrl), groupBuyId: p.groupBuyId, parentId: p.parentId, mentionsLeader: p.mentionsLeader,
    helpfulCommentId: p.helpfulCommentId, pinned: p.pinnedAt !== null, hidden: p.hiddenAt !== null,
    hiddenReason: moderator || p.hiddenAt ? p.hiddenReason : null,
    author: { id: p.authorId, name: nameOf(p.authorId), isLeader: leaders.has(p.authorId) },
    commentCount: p.commentCount, reactionCount: p.reactionCount, createdAt: p.createdAt, lastActivityAt: p.lastActivityAt, ...extra,
  };
}

/** The community's feed: pinned first, then by latest activity; hidden posts only for moderators. */
export async function listFeed(db: Db, viewer: Viewer, communityId: string, filter: { kind?: PostKind; page?: number; pageSize?: number } = {}, now = new Date(), locale: Locale = 'zh-CN') {
  const m = await community.requireMember(db, communityId, viewer);
  const moderator = m?.role === 'leader' || viewer.isOperator;
  const page = filter.page ?? 1;
  const pageSize = filter.pageSize ?? 20;
  const where = and(eq(posts.communityId, communityId), filter.kind ? eq(posts.kind, filter.kind) : sql`${posts.kind} <> 'topic_entry'`, moderator ? undefined : isNull(posts.hiddenAt));
  const rows = await db.select().from(posts).where(where)
    .orderBy(sql`${posts.pinnedAt} is null`, desc(posts.pinnedAt), desc(posts.lastActivityAt)).limit(pageSize + 1).offset((page - 1) * pageSize);
  const list = rows.slice(0, pageSize);
  const names = await displayNames(db, list.map((p) => p.authorId), locale);
  const leaders = new Set((await community.leadersOf(db, communityId)).map((l) => l.userId));
  const ids = list.map((p) => p.id);
  const topicIds = list.filter((p) => p.kind === 'topic').map((p) => p.id);
  const entries = topicIds.length ? new Map((await db.select({ parentId: posts.parentId, n: sql<number>`count(*)::int` }).from(posts).where(and(inArray(posts.parentId, topicIds), isNull(posts.hiddenAt))).groupBy(posts.parentId)).map((r) => [r.parentId, r.n])) : new Map();
  const liked = ids.length ? new Set((await db.select({ postId: reactions.postId }).from(reactions).where(and(inArray(reactions.postId, ids), eq(reactions.userId, viewer.id)))).map((r) => r.postId)) : new Set<string>();
  const items = [];
  for (const p of list) items.push(postView(p, names, { likedByMe: liked.has(p.id), entryCount: p.kind === 'topic' ? entries.get(p.id) ?? 0 : null, poll: await pollView(db, p, viewer, moderator, now) }, moderator, leaders));
  return { items, hasMore: rows.length > pageSize };
}

/** One post with its comments (hidden ones show as hidden, with the reason, to everyone). */
export async function getPost(db: Db, viewer: Viewer, postId: string, now = new Date(), locale: Locale = 'zh-CN') {
  const { post, moderator } = await visiblePost(db, viewer, postId);
  const list = await db.select().from(comments).where(eq(comments.postId, post.id)).orderBy(asc(comments.createdAt)).limit(500);
  const entries = post.kind === 'topic' ? await db.select().from(posts).where(and(eq(posts.parentId, post.id), moderator ? undefined : isNull(posts.hiddenAt))).orderBy(desc(posts.createdAt)).limit(100) : [];
  const names = await displayNames(db, [post.authorId, ...list.map((c) => c.authorId), ...entries.map((e) => e.authorId)], locale);
  const leaders = new Set((await community.leadersOf(db, post.communityId)).map((l) => l.userId));
  const [mine] = await db.select().from(reactions).where(and(eq(reactions.postId, post.id), eq(reactions.userId, viewer.id)));
  const [muted] = await db.select().from(threadMutes).where(and(eq(threadMutes.postId, post.id), eq(threadMutes.userId, viewer.id)));
  const linkInfo = await describeLinks(db, list.flatMap((c) => c.links));
  return {
    ...postView(post, names, { likedByMe: Boolean(mine), mutedByMe: Boolean(muted), entryCount: post.kind === 'topic' ? entries.length : null, poll: await pollView(db, post, viewer, moderator, now) }, moderator, leaders),
    canModerate: moderator,
    comments: list.map((c) => ({
      id: c.id, author: { id: c.authorId, name: names(c.authorId), isLeader: leaders.has(c.authorId) },
      body: c.hiddenAt && !moderator ? null : c.body, hidden: c.hiddenAt !== null, hiddenReason: c.hiddenReason,
      links: c.hiddenAt && !moderator ? [] : c.links.map((l) => ({ ...l, ...linkInfo.get(`${l.type}:${l.id}`) })), images: c.hiddenAt && !moderator ? [] : c.imageFileIds.map(files.fileUrl),
      helpful: post.helpfulCommentId === c.id, createdAt: c.createdAt,
    })),
    entries: entries.map((e) => postView(e, names, {}, moderator, leaders)),
  };
}

/** Titles and prices of linked group buys and products, so an answer's links read as what they are. */
async function describeLinks(db: DbOrTx, links: { type: 'group_buy' | 'product'; id: string }[]) {
  const out = new Map<string, { title: string; priceFen: number | null; imageUrl: string | null }>();
  for (const l of links) {
    const key = `${l.type}:${l.id}`;
    if (out.has(key)) continue;
    if (l.type === 'group_buy') {
      const gb = await getGroupBuyDetail(db, l.id).catch(() => null);
      // A group buy with several items reads as its title, priced from its cheapest item.
      const first = gb?.items[0];
      if (gb) out.set(key, { title: gb.title, priceFen: gb.items.length ? Math.min(...gb.items.map((i) => i.priceFen)) : null, imageUrl: first?.product.imageUrls[0] ?? null });
    } else {
      const p = await getProduct(db, l.id).catch(() => null);
      if (p) out.set(key, { title: p.name, priceFen: p.listPriceFen, imageUrl: p.imageUrls[0] ?? null });
    }
  }
  return out;
}

export interface CommentInput { body: string; links?: { type: 'group_buy' | 'product'; id: string }[]; images?: ImageUpload[] }

/**
 * Comments and answers. Only the leader attaches group-buy or product links; an answer to a
 * question from someone else tells the asker (unless she muted the thread).
 */
export async function addComment(db: Db, storage: FileStorage, actor: Viewer, postId: string, input: CommentInput, now = new Date()) {
  const { post, leader } = await visiblePost(db, actor, postId);
  if (post.hiddenAt) throw conflict('post.hidden');
  const member = await community.membershipOf(db, post.communityId, actor.id);
  if (!member) throw forbidden('community.not_member');
  const body = moderateText(input.body, LIMITS.comment, 'feed.comment_length');
  const links = input.links ?? [];
  if (links.length && !leader) throw forbidden('feed.links_leader_only');
  if (links.length > LIMITS.links) throw badRequest('feed.too_many_links', { max: LIMITS.links });
  for (const l of links) {
    if (l.type === 'group_buy') {
      const gb = await getGroupBuy(db, l.id).catch(() => null);
      if (!gb || gb.communityId !== post.communityId) throw badRequest('feed.link_invalid');
    } else {
      await getProduct(db, l.id).catch(() => { throw badRequest('feed.link_invalid'); });
    }
  }
  if (input.images?.length) await rateLimit(db, comments, actor.id, LIMITS.commentsPerHour, now);
  const images = await stageImages(storage, input.images ?? [], LIMITS.images);
  return inTransaction(db, async (tx) => {
    await rateLimit(tx, comments, actor.id, LIMITS.commentsPerHour, now);
    const imageFileIds = await recordImages(tx, images, actor.id, `community:${post.communityId}`);
    const [c] = await tx.insert(comments).values({ postId: post.id, communityId: post.communityId, authorId: actor.id, body, links, imageFileIds, createdAt: now }).returning();
    await tx.update(posts).set({ commentCount: sql`${posts.commentCount} + 1`, lastActivityAt: now }).where(eq(posts.id, post.id));
    if (post.kind === 'question' && actor.id !== post.authorId) {
      await recordEvent(tx, { type: 'question.answered', communityId: post.communityId, actorId: actor.id, subjectId: post.id, payload: { commentId: c.id, byLeader: leader, askerId: post.authorId, links: links.length } });
      await notifyUnlessMuted(tx, post, { userId: post.authorId, communityId: post.communityId, kind: 'answer_to_question', params: { name: (await displayNames(tx, [actor.id]))(actor.id), excerpt: excerpt(post.body) }, link: `/c/${post.communityId}/posts/${post.id}` });
    }
    return c;
  });
}

async function notifyUnlessMuted(tx: Tx, post: Post, notice: Parameters<typeof notify>[1][number]) {
  const [muted] = await tx.select().from(threadMutes).where(and(eq(threadMutes.postId, post.id), eq(threadMutes.userId, notice.userId)));
  if (!muted) await notify(tx, [notice]);
}

/** Likes a post (once per person) or takes the like back. */
export async function setReaction(db: Db, actor: Viewer, postId: string, liked: boolean) {
  const { post } = await visiblePost(db, actor, postId);
  if (!(await community.membershipOf(db, post.communityId, actor.id))) throw forbidden('community.not_member');
  return inTransaction(db, async (tx) => {
    const changed = liked
      ? await tx.insert(reactions).values({ postId, userId: actor.id }).onConflictDoNothing().returning()
      : await tx.delete(reactions).where(and(eq(reactions.postId, postId), eq(reactions.userId, actor.id))).returning();
    if (changed.length) await tx.update(posts).set({ reactionCount: sql`${posts.reactionCount} + ${liked ? 1 : -1}` }).where(eq(posts.id, postId));
    const [p] = await tx.select({ n: posts.reactionCount }).from(posts).where(eq(posts.id, postId));
    return { liked, reactionCount: p.n };
  });
}

/** The leader pins a post to the top of the feed (or unpins it). */
export async function setPinned(db: Db, actor: Viewer, postId: string, pinned: boolean, now = new Date()) {
  const { post } = await visiblePost(db, actor, postId);
  if (!(await isLeaderOf(db, post.communityId, actor.id))) throw forbidden('feed.leader_only');
  const [p] = await db.update(posts).set({ pinnedAt: pinned ? now : null }).where(eq(posts.id, postId)).returning();
  return { id: p.id, pinned: p.pinnedAt !== null };
}

/** Hides a post or comment with a reason that is kept (leader of the community or operator). */
export async function hideContent(db: Db, actor: Viewer, target: { type: 'post' | 'comment'; id: string }, reason: string, now = new Date()) {
  const why = cleanText(reason, LIMITS.reasonMax, 'feed.reason_required', LIMITS.reasonMin);
  return inTransaction(db, async (tx) => hideInTx(tx, actor, target, why, now));
}

async function hideInTx(tx: Tx, actor: Viewer, target: { type: 'post' | 'comment'; id: string }, why: string, now: Date) {
  const table = target.type === 'post' ? posts : comments;
  const [row] = await tx.select({ communityId: table.communityId, hiddenAt: table.hiddenAt }).from(table).where(eq(table.id, target.id));
  if (!row) throw notFound(`${target.type}.not_found`);
  const leader = await isLeaderOf(tx, row.communityId, actor.id);
  if (!leader && !actor.isOperator) {
    if (await community.membershipOf(tx, row.communityId, actor.id)) throw forbidden('feed.leader_only');
    throw notFound(`${target.type}.not_found`);
  }
  const resolveReports = () => tx.update(contentReports).set({ status: 'hidden', resolvedBy: actor.id, resolvedAt: now })
    .where(and(eq(contentReports.targetType, target.type), eq(contentReports.targetId, target.id), eq(contentReports.status, 'open')));
  // Conditional: of two moderators hiding at once, one hides (and takes a comment off the count).
  const hidden = row.hiddenAt ? [] : await tx.update(table).set({ hiddenAt: now, hiddenReason: why, hiddenBy: actor.id })
    .where(and(eq(table.id, target.id), isNull(table.hiddenAt))).returning({ id: table.id });
  if (hidden.length === 0) {
    // Hidden already: reports that arrived since are settled by it.
    await resolveReports();
    return { id: target.id, hidden: true as const };
  }
  if (target.type === 'comment') {
    // A hidden comment no longer counts as one of the post's answers.
    const [c] = await tx.select({ postId: comments.postId }).from(comments).where(eq(comments.id, target.id));
    await tx.update(posts).set({ commentCount: sql`greatest(0, ${posts.commentCount} - 1)` }).where(eq(posts.id, c.postId));
  }
  await resolveReports();
  await recordEvent(tx, { type: 'content.hidden', communityId: row.communityId, actorId: actor.id, subjectId: target.id, payload: { targetType: target.type, reason: why } });
  return { id: target.id, hidden: true as const };
}

/** The asker marks the answer that helped her. */
export async function markHelpful(db: Db, actor: Viewer, questionId: string, commentId: string) {
  const { post } = await visiblePost(db, actor, questionId);
  if (post.kind !== 'question') throw badRequest('feed.not_a_question');
  if (post.authorId !== actor.id) throw forbidden('feed.only_asker');
  const [c] = await db.select().from(comments).where(and(eq(comments.id, commentId), eq(comments.postId, questionId)));
  if (!c || c.hiddenAt) throw notFound('comment.not_found');
  if (c.authorId === actor.id) throw badRequest('feed.own_answer');
  return inTransaction(db, async (tx) => {
    // Marking the answer already marked changes nothing (and is not a second helpful answer).
    const [changed] = await tx.update(posts).set({ helpfulCommentId: commentId })
      .where(and(eq(posts.id, questionId), sql`${posts.helpfulCommentId} is distinct from ${commentId}`)).returning({ id: posts.id });
    if (changed) await recordEvent(tx, { type: 'answer.marked_helpful', communityId: post.communityId, actorId: actor.id, subjectId: commentId, payload: { questionId, answererId: c.authorId } });
    return { questionId, helpfulCommentId: commentId };
  });
}

/** One ballot per resident: single choice takes exactly one option, multiple at least one. */
export async function vote(db: Db, actor: Viewer, postId: string, optionIds: string[], now = new Date()) {
  const { post } = await visiblePost(db, actor, postId);
  if (post.kind !== 'poll') throw badRequest('poll.not_a_poll');
  if (!(await community.membershipOf(db, post.communityId, actor.id))) throw forbidden('community.not_member');
  if (post.pollClosesAt && post.pollClosesAt <= now) throw conflict('poll.closed');
  const chosen = [...new Set(optionIds)];
  if (chosen.length === 0 || (!post.pollMultiple && chosen.length !== 1)) throw badRequest(post.pollMultiple ? 'poll.choose_some' : 'poll.choose_one');
  const valid = await db.select({ id: pollOptions.id }).from(pollOptions).where(and(eq(pollOptions.postId, postId), inArray(pollOptions.id, chosen)));
  if (valid.length !== chosen.length) throw badRequest('poll.option_invalid');
  return inTransaction(db, async (tx) => {
    const [ballot] = await tx.insert(pollBallots).values({ postId, userId: actor.id, optionIds: chosen, votedAt: now }).onConflictDoNothing().returning();
    if (!ballot) throw conflict('poll.already_voted');
    await tx.update(posts).set({ lastActivityAt: now }).where(eq(posts.id, postId));
    await recordEvent(tx, { type: 'poll.voted', communityId: post.communityId, actorId: actor.id, subjectId: postId, payload: { options: chosen.length } });
    // A poll (checked above), so there is a view.
    return (await pollView(tx, { ...post }, actor, false, now))!;
  });
}

/** Mutes (or unmutes) a thread for oneself: no more notices about it. */
export async function setThreadMuted(db: Db, actor: Viewer, postId: string, muted: boolean) {
  await visiblePost(db, actor, postId);
  if (muted) await db.insert(threadMutes).values({ postId, userId: actor.id }).onConflictDoNothing();
  else await db.delete(threadMutes).where(and(eq(threadMutes.postId, postId), eq(threadMutes.userId, actor.id)));
  return { postId, muted };
}

/** Reports a post or comment to the leader and the platform (once per person and item). */
export async function report(db: Db, actor: Viewer, target: { type: 'post' | 'comment'; id: string }, reason: string, now = new Date()) {
  const why = cleanText(reason, LIMITS.reasonMax, 'feed.reason_required', LIMITS.reasonMin);
  const table = target.type === 'post' ? posts : comments;
  const [row] = await db.select({ communityId: table.communityId }).from(table).where(eq(table.id, target.id));
  if (!row || !(await community.membershipOf(db, row.communityId, actor.id))) throw notFound(`${target.type}.not_found`);
  const [r] = await db.insert(contentReports).values({ communityId: row.communityId, targetType: target.type, targetId: target.id, reporterId: actor.id, reason: why, createdAt: now }).onConflictDoNothing().returning();
  if (!r) throw conflict('feed.already_reported');
  return { id: r.id, status: r.status };
}

/** Open reports: the leader sees his community's, operators see all. */
export async function reportQueue(db: Db, actor: Viewer, communityId?: string, locale: Locale = 'zh-CN') {
  if (communityId) {
    if (!actor.isOperator) await community.requireLeader(db, communityId, actor.id);
  } else if (!actor.isOperator) throw forbidden();
  const rows = await db.select().from(contentReports)
    .where(and(eq(contentReports.status, 'open'), communityId ? eq(contentReports.communityId, communityId) : undefined)).orderBy(asc(contentReports.createdAt)).limit(200);
  const items = [];
  for (const r of rows) {
    const [t] = r.targetType === 'post'
      ? await db.select({ body: posts.body, authorId: posts.authorId, postId: posts.id }).from(posts).where(eq(posts.id, r.targetId))
      : await db.select({ body: comments.body, authorId: comments.authorId, postId: comments.postId }).from(comments).where(eq(comments.id, r.targetId));
    items.push({ ...r, excerpt: t ? excerpt(t.body) : '', authorId: t?.authorId ?? null, postId: t?.postId ?? null });
  }
  const names = await displayNames(db, items.flatMap((i) => [i.reporterId, i.authorId].filter((x): x is string => Boolean(x))), locale);
  // Names for the moderator, not account ids.
  return items.map(({ reporterId, authorId, resolvedBy: _r, ...i }) => ({ ...i, reporterName: names(reporterId), authorName: authorId ? names(authorId) : '' }));
}

/** Resolves a report: hide what was reported (with the reason) or dismiss it. */
export async function resolveReport(db: Db, actor: Viewer, reportId: string, decision: 'hide' | 'dismiss', reason: string, now = new Date()) {
  const [r] = await db.select().from(contentReports).where(eq(contentReports.id, reportId));
  if (!r) throw notFound('report.not_found');
  if (!actor.isOperator && !(await isLeaderOf(db, r.communityId, actor.id))) throw notFound('report.not_found');
  if (r.status !== 'open') throw conflict('report.already_resolved');
  if (decision === 'hide') return hideContent(db, actor, { type: r.targetType, id: r.targetId }, reason, now);
  await db.update(contentReports).set({ status: 'dismissed', resolvedBy: actor.id, resolvedAt: now }).where(and(eq(contentReports.id, reportId), eq(contentReports.status, 'open')));
  return { id: reportId, dismissed: true as const };
}

/** The leader's to-do: questions in his community nobody leading it has answered yet. */
export async function openQuestions(db: Db, actor: Viewer, communityId: string, locale: Locale = 'zh-CN') {
  if (!actor.isOperator) await community.requireLeader(db, communityId, actor.id);
  const leaders = (await community.leadersOf(db, communityId)).map((l) => l.userId);
  const rows = await db.select().from(posts).where(and(
    eq(posts.communityId, communityId), eq(posts.kind, 'question'), isNull(posts.hiddenAt), isNull(posts.helpfulCommentId),
    leaders.length ? sql`not exists (select 1 from comments c where c.post_id = ${posts.id} and c.hidden_at is null and c.author_id in ${leaders})` : undefined,
  )).orderBy(desc(posts.mentionsLeader), asc(posts.createdAt)).limit(100);
  const names = await displayNames(db, rows.map((r) => r.authorId), locale);
  return rows.map((p) => postView(p, names, {}, true));
}
