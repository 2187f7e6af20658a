import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/app.js';
import { noPreservativesStandard, provingProduct, publishedCampaign } from '../../testing/campaigns.js';
import { scenePhoto } from '../../db/sample-photos.js';
import { buildWorld, call, openGroupBuy, pickUp, upload, sellableProduct, type Actor } from '../../testing/world.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
let li: Actor; let zhang: Actor; let wu: Actor;
let otherLeader: Actor;
let campaign: { id: string; slug: string };
let product: { id: string };
let plain: { id: string };

const rows = async <T>(q: ReturnType<typeof sql>) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const snapshot = async () => JSON.stringify(await rows(sql`select * from campaign_stories order by id`)) + JSON.stringify(await rows(sql`select * from post_products order by post_id, product_id`));
const stories = async () => (await call(t, null, 'GET', `/api/campaigns/${campaign.slug}/stories`)).body;
const post = async (who: Actor, body: string) => {
  const res = await call(t, who, 'POST', `/api/communities/${world.community.id}/posts`, { kind: 'question', body });
  expect(res.status).toBe(201);
  return res.body.id as string;
};

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 3 });
  [li, zhang, wu] = world.residents;
  const standard = await noPreservativesStandard(t, world);
  product = await provingProduct(t, world, standard.id, '有机小米米粉');
  plain = await sellableProduct(t, world, '普通饼干');
  campaign = await publishedCampaign(t, world, [standard.id], [product.id]);
  // 李 and 张 buy the campaign product and the plain one; 李 and 张 pick up; 吴's line is refunded before the hand-over.
  const gb = await openGroupBuy(t, world.leader, world.community.id, [product.id, plain.id]);
  for (const who of [li, zhang, wu]) {
    const placed = await call(t, who, 'POST', `/api/communities/${world.community.id}/checkout`, { lines: gb.items.map((i: { id: string }) => ({ itemId: i.id, quantity: 1 })), idempotencyKey: `k-${who.userId}` });
    expect(placed.status).toBe(201);
    expect((await call(t, who, 'POST', `/api/payments/${placed.body.payment.paymentId}/sandbox-confirm`)).status).toBe(200);
  }
  await t.database.db.execute(sql`update order_lines set status = 'refunded', refunded_quantity = quantity where user_id = ${wu.userId}`);
  await pickUp(t, world.leader, world.community.id, gb.id, [{ actor: li }, { actor: zhang }]);
  // Another community with its own leader.
  const other = await call(t, world.operator, 'POST', '/api/communities', {
    name: '隔壁小区', address: '上海市测试路 9 号', timeZone: 'Asia/Shanghai', pickupPointName: '驿站', pickupPointAddress: '9 号楼', pickupHours: '08:00-20:00',
  });
  otherLeader = await sessionCookie(t, { name: '赵叔' });
  expect((await call(t, world.operator, 'POST', `/api/communities/${other.body.id}/leaders`, { phone: otherLeader.phone, name: '赵叔', title: '团长' })).status).toBe(201);
});
afterAll(async () => { await t?.close(); });

describe('tagging a bought product on her post', () => {
  it('tags only a product she was handed; a refund before the hand-over, or someone else’s post, is refused and writes nothing', async () => {
    const liPost = await post(li, '小米米粉宝宝很爱吃，冲调细腻没有结块');
    const wuPost = await post(wu, '米粉还没拿到就退了');
    const before = await snapshot();
    const refused = await call(t, wu, 'POST', `/api/posts/${wuPost}/products`, { productId: product.id });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'story.product_not_handed']);
    const notHers = await call(t, zhang, 'POST', `/api/posts/${liPost}/products`, { productId: product.id });
    expect([notHers.status, notHers.body.error.code]).toEqual([403, 'story.not_author']);
    expect(await snapshot()).toBe(before);
    const ok = await call(t, li, 'POST', `/api/posts/${liPost}/products`, { productId: product.id });
    expect([ok.status, ok.body.productIds]).toEqual([200, [product.id]]);
    const mine = await call(t, wu, 'GET', '/api/my/taggable-products');
    expect(mine.body.items).toEqual([]);
    expect((await call(t, li, 'GET', '/api/my/taggable-products')).body.items.map((p: { id: string }) => p.id).sort()).toEqual([product.id, plain.id].sort());
  });
});

describe('KOC stories', () => {
  it('a nomination shows nothing until she accepts; withdrawing takes it off at once', async () => {
    const p = await post(li, '宝宝第一口辅食就选它，配料表干净');
    await call(t, li, 'POST', `/api/posts/${p}/products`, { productId: product.id });
    const cands = await call(t, world.leader, 'GET', `/api/communities/${world.community.id}/campaigns/${campaign.slug}/story-candidates`);
    const cand = cands.body.items.find((i: { postId: string }) => i.postId === p);
    expect(cand).toMatchObject({ story: null, products: [{ id: product.id, name: '有机小米米粉' }] });
    expect(cand.author).toBe('居民1');
    const nom = await call(t, world.leader, 'POST', '/api/campaign-stories', { campaignId: campaign.id, postId: p });
    expect([nom.status, nom.body.status]).toEqual([201, 'awaiting_consent']);
    expect((await stories()).items.map((s: { id: string }) => s.id)).not.toContain(nom.body.id);
    // She is asked, with a link to the prompt.
    const [notice] = await rows<{ link: string }>(sql`select link from notifications where user_id = ${li.userId} and kind = 'story_consent' order by created_at desc limit 1`);
    expect(notice.link).toBe(`/c/${world.community.id}/stories/${nom.body.id}`);
    const prompt = await call(t, li, 'GET', `/api/campaign-stories/${nom.body.id}`);
    expect(prompt.body).toMatchObject({ status: 'awaiting_consent', campaign: { slug: campaign.slug, name: '安心厨房计划' }, communityName: '测试小区' });
    expect((await call(t, li, 'GET', `/api/posts/${p}/my-stories`)).body.items.map((s: { id: string }) => s.id)).toEqual([nom.body.id]);

    expect((await call(t, li, 'POST', `/api/campaign-stories/${nom.body.id}/answer`, { answer: 'accept' })).body.status).toBe('shown');
    const shown = (await stories()).items.find((s: { id: string }) => s.id === nom.body.id);
    expect(shown).toMatchObject({ communityName: '测试小区', body: '宝宝第一口辅食就选它，配料表干净', products: [{ id: product.id, verifiedPurchase: true }] });
    expect(shown.author).toBe(prompt.body.shownAs);
    expect(shown.author).not.toContain('居民');

    expect((await call(t, li, 'POST', `/api/campaign-stories/${nom.body.id}/answer`, { answer: 'withdraw' })).body.status).toBe('withdrawn');
    expect((await stories()).items.map((s: { id: string }) => s.id)).not.toContain(nom.body.id);
    // Withdrawn is final: it cannot be accepted again behind her back, nor re-nominated.
    const before = await snapshot();
    expect((await call(t, li, 'POST', `/api/campaign-stories/${nom.body.id}/answer`, { answer: 'accept' })).body.error.code).toBe('story.not_awaiting');
    expect((await call(t, world.leader, 'POST', '/api/campaign-stories', { campaignId: campaign.id, postId: p })).body.error.code).toBe('story.already_nominated');
    expect(await snapshot()).toBe(before);
  });

  it('a decline shows nothing and is not asked again', async () => {
    const p = await post(zhang, '米粉不错，就是包装有点难撕');
    await call(t, zhang, 'POST', `/api/posts/${p}/products`, { productId: product.id });
    const nom = await call(t, world.leader, 'POST', '/api/campaign-stories', { campaignId: campaign.id, postId: p });
    expect((await call(t, zhang, 'POST', `/api/campaign-stories/${nom.body.id}/answer`, { answer: 'decline' })).body.status).toBe('declined');
    expect((await stories()).items.map((s: { id: string }) => s.id)).not.toContain(nom.body.id);
    const cands = await call(t, world.leader, 'GET', `/api/communities/${world.community.id}/campaigns/${campaign.slug}/story-candidates`);
    expect(cands.body.items.find((i: { postId: string }) => i.postId === p).story.status).toBe('declined');
  });

  it('refuses another community’s leader, a resident, the leader’s own post, an untagged post, and a consent by someone else; nothing changes', async () => {
    const p = await post(li, '辅食机配米粉，早上五分钟搞定');
    await call(t, li, 'POST', `/api/posts/${p}/products`, { productId: product.id });
    const untagged = await post(li, '今天天气不错');
    const plainOnly = await post(zhang, '饼干也好吃');
    await call(t, zhang, 'POST', `/api/posts/${plainOnly}/products`, { productId: plain.id });
    const before = await snapshot();
    const nominate = (who: Actor, postId: string) => call(t, who, 'POST', '/api/campaign-stories', { campaignId: campaign.id, postId });
    expect([(await nominate(otherLeader, p)).status, (await nominate(otherLeader, p)).body.error.code]).toEqual([404, 'post.not_found']);
    expect((await call(t, otherLeader, 'GET', `/api/communities/${world.community.id}/campaigns/${campaign.slug}/story-candidates`)).status).toBe(403);
    expect([(await nominate(zhang, p)).status, (await nominate(zhang, p)).body.error.code]).toEqual([403, 'feed.leader_only']);
    expect((await nominate(world.leader, untagged)).body.error.code).toBe('story.no_campaign_product');
    expect((await nominate(world.leader, plainOnly)).body.error.code).toBe('story.no_campaign_product');
    const leaderPost = await call(t, world.leader, 'POST', `/api/communities/${world.community.id}/posts`, { kind: 'tip', body: '团长自己的心得' });
    expect((await nominate(world.leader, leaderPost.body.id)).body.error.code).toBe('story.own_post');
    expect(await snapshot()).toBe(before);

    const nom = await nominate(world.leader, p);
    const after = await snapshot();
    for (const who of [zhang, world.leader, otherLeader]) {
      const res = await call(t, who, 'POST', `/api/campaign-stories/${nom.body.id}/answer`, { answer: 'accept' });
      expect([res.status, res.body.error.code]).toEqual([404, 'story.not_found']);
      expect((await call(t, who, 'GET', `/api/campaign-stories/${nom.body.id}`)).status).toBe(404);
    }
    expect(await snapshot()).toBe(after);
    expect((await stories()).items.map((s: { id: string }) => s.id)).not.toContain(nom.body.id);
  });

  it('the mark is computed: it goes when her hand-over is disputed, and a story never claims it', async () => {
    const p = await post(zhang, '给宝宝做了米粉南瓜泥');
    await call(t, zhang, 'POST', `/api/posts/${p}/products`, { productId: product.id });
    const nom = await call(t, world.leader, 'POST', '/api/campaign-stories', { campaignId: campaign.id, postId: p });
    await call(t, zhang, 'POST', `/api/campaign-stories/${nom.body.id}/answer`, { answer: 'accept' });
    const find = async () => (await stories()).items.find((s: { id: string }) => s.id === nom.body.id);
    expect((await find()).products).toEqual([{ id: product.id, name: '有机小米米粉', verifiedPurchase: true }]);
    // Her hand-over turns out disputed: she never had it, so no 已购买认证.
    await t.database.db.execute(sql`update handovers set status = 'disputed' where id in (select handover_id from order_lines where user_id = ${zhang.userId})`);
    expect((await find()).products).toEqual([{ id: product.id, name: '有机小米米粉', verifiedPurchase: false }]);
    // A tag that got in without a hand-over (written straight to the table): 吴's line was refunded before it, so no mark.
    const wuPost = await post(wu, '米粉看着不错');
    await t.database.db.execute(sql`insert into post_products (post_id, product_id, author_id) values (${wuPost}, ${product.id}, ${wu.userId})`);
    const wuStory = await call(t, world.leader, 'POST', '/api/campaign-stories', { campaignId: campaign.id, postId: wuPost });
    await call(t, wu, 'POST', `/api/campaign-stories/${wuStory.body.id}/answer`, { answer: 'accept' });
    const wuShown = (await stories()).items.find((s: { id: string }) => s.id === wuStory.body.id);
    expect(wuShown.products).toEqual([{ id: product.id, name: '有机小米米粉', verifiedPurchase: false }]);
  });

  it('the operator removes a story with a reason that is kept; others cannot; a reason is required', async () => {
    const p = await post(li, '米粉冲出来很香');
    await call(t, li, 'POST', `/api/posts/${p}/products`, { productId: product.id });
    const nom = await call(t, world.leader, 'POST', '/api/campaign-stories', { campaignId: campaign.id, postId: p });
    await call(t, li, 'POST', `/api/campaign-stories/${nom.body.id}/answer`, { answer: 'accept' });
    const before = await snapshot();
    expect((await call(t, world.leader, 'POST', `/api/campaign-stories/${nom.body.id}/remove`, { reason: '不想展示' })).body.error.code).toBe('story.operator_only');
    expect((await call(t, li, 'POST', `/api/campaign-stories/${nom.body.id}/remove`, { reason: '不想展示' })).status).toBe(403);
    expect((await call(t, world.operator, 'POST', `/api/campaign-stories/${nom.body.id}/remove`, { reason: ' ' })).body.error.code).toBe('story.reason_required');
    expect(await snapshot()).toBe(before);
    const removed = await call(t, world.operator, 'POST', `/api/campaign-stories/${nom.body.id}/remove`, { reason: '照片里有邻居的门牌号' });
    expect(removed.body).toEqual({ id: nom.body.id, status: 'removed', removedReason: '照片里有邻居的门牌号' });
    expect((await stories()).items.map((s: { id: string }) => s.id)).not.toContain(nom.body.id);
    const [row] = await rows<{ removed_reason: string; removed_by: string }>(sql`select removed_reason, removed_by from campaign_stories where id = ${nom.body.id}`);
    expect(row).toEqual({ removed_reason: '照片里有邻居的门牌号', removed_by: world.operator.userId });
    // She cannot bring it back by "withdrawing" or accepting.
    expect((await call(t, li, 'POST', `/api/campaign-stories/${nom.body.id}/answer`, { answer: 'accept' })).status).toBe(409);
  });

  it('the public list is paginated and a draft campaign has none', async () => {
    const page = await call(t, null, 'GET', `/api/campaigns/${campaign.slug}/stories?page=1`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ page: 1, pageSize: 10, hasMore: false });
    expect((await call(t, null, 'GET', '/api/campaigns/no-such-campaign/stories')).status).toBe(404);
  });

  it('her photos are readable from the campaign page only while the story is shown', async () => {
    const created = await upload(t, li, `/api/communities/${world.community.id}/posts`, { payload: JSON.stringify({ kind: 'question', body: '米粉糊糊，宝宝吃光了' }) }, [{ field: 'images', filename: 'a.jpg', bytes: await scenePhoto(4), type: 'image/jpeg' }]);
    expect(created.status).toBe(201);
    const p = created.body.id as string;
    const fileId = (created.body.images[0] as string).split('/').pop()!;
    await call(t, li, 'POST', `/api/posts/${p}/products`, { productId: product.id });
    const nom = await call(t, world.leader, 'POST', '/api/campaign-stories', { campaignId: campaign.id, postId: p });
    const photo = () => t.app.inject({ method: 'GET', url: `/api/campaign-stories/${nom.body.id}/photos/${fileId}` });
    expect((await photo()).statusCode).toBe(404);
    // Straight through the files route a stranger cannot read a community's picture either.
    expect((await t.app.inject({ method: 'GET', url: `/api/files/${fileId}` })).statusCode).toBe(404);
    await call(t, li, 'POST', `/api/campaign-stories/${nom.body.id}/answer`, { answer: 'accept' });
    const shown = (await stories()).items.find((s: { id: string }) => s.id === nom.body.id);
    expect(shown.photos).toEqual([`/api/campaign-stories/${nom.body.id}/photos/${fileId}`]);
    const ok = await photo();
    expect([ok.statusCode, ok.headers['content-type']]).toEqual([200, 'image/jpeg']);
    // Another file id through this story is not served.
    expect((await t.app.inject({ method: 'GET', url: `/api/campaign-stories/${nom.body.id}/photos/00000000-0000-4000-8000-000000000000` })).statusCode).toBe(404);
    await call(t, li, 'POST', `/api/campaign-stories/${nom.body.id}/answer`, { answer: 'withdraw' });
    expect((await photo()).statusCode).toBe(404);
  });
});
