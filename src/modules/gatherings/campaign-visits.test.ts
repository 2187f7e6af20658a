import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/app.js';
import { noPreservativesStandard, provingProduct, publishedCampaign } from '../../testing/campaigns.js';
import { approvedSupplier, buildWorld, call, HOUR, joinedResident, upload, type Actor } from '../../testing/world.js';
import { createCampaign } from '../campaigns/index.js';
import { scenePhoto } from '../../db/sample-photos.js';

/** Source visits (溯源之旅): events linked to a campaign and what it vouches for, with replays. */
let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
let campaign: { id: string; slug: string; nameZh: string };
let enrolled: { id: string };
let otherLeader: Actor;
let otherCommunity: { id: string; inviteCode: string };
let outsider: Actor;
beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 1 });
  const standard = await noPreservativesStandard(t, world);
  enrolled = await provingProduct(t, world, standard.id, '有机小米米粉');
  campaign = await publishedCampaign(t, world, [standard.id], [enrolled.id]);
  const other = await call(t, world.operator, 'POST', '/api/communities', { name: '别的小区', address: '上海', timeZone: 'Asia/Shanghai', pickupPointName: '驿站', pickupPointAddress: '1 楼', pickupHours: '08:00-20:00' });
  otherCommunity = other.body;
  otherLeader = await sessionCookie(t, { name: '李团长' });
  await call(t, world.operator, 'POST', `/api/communities/${otherCommunity.id}/leaders`, { phone: otherLeader.phone, name: '李团长', title: '团长' });
  outsider = await joinedResident(t, otherCommunity, '别处的居民');
}, 120_000);
afterAll(async () => { await t?.close(); });

const count = async (table: string) => ((await t.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] }).rows[0].n;
const at = (hoursFromNow: number) => new Date(t.clock.now().getTime() + hoursFromNow * HOUR).toISOString();
const visitBody = (extra: Record<string, unknown> = {}) => ({
  kind: 'offline', title: '走进米粉工厂', description: '去工厂看看米粉怎么做、检测怎么做', startsAt: at(26), endsAt: at(28), place: '云南玉溪 3 号基地', capacity: 10,
  visit: { campaignId: campaign.id, productId: enrolled.id }, ...extra,
});
const leaderVisit = (extra: Record<string, unknown> = {}, actor = world.leader, communityId = world.community.id) => call(t, actor, 'POST', `/api/communities/${communityId}/events`, visitBody(extra));

describe('linking an event to a campaign', () => {
  it('refuses a visit that names nothing the campaign vouches for, with a clear reason, and writes nothing', async () => {
    const lonely = await approvedSupplier(t, world.operator, '没有入选商品的农场');
    const draft = await createCampaign(t.database.db, world.operator.userId, {
      slug: 'draft-visits', nameZh: '草稿计划', nameEn: 'Draft', storyZh: '', storyEn: '', startsOn: '2026-01-01', endsOn: '2026-12-31', badgeZh: '草稿', badgeEn: 'Draft',
      standardIds: [(await noPreservativesStandard(t, world)).id],
    }, t.clock.now());
    const before = await count('gatherings');
    for (const [visit, code] of [
      [{ campaignId: campaign.id, productId: world.product.id }, 'visit.product_not_enrolled'],
      [{ campaignId: campaign.id, supplierId: lonely.id }, 'visit.supplier_not_enrolled'],
      [{ campaignId: campaign.id, productId: enrolled.id, supplierId: lonely.id }, 'visit.supplier_mismatch'],
      [{ campaignId: campaign.id }, 'visit.source_required'],
      [{ campaignId: draft.id, productId: enrolled.id }, 'visit.campaign_not_published'],
    ] as const) {
      const res = await leaderVisit({ visit });
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.message).toBeTruthy();
    }
    expect((await leaderVisit({ visit: { campaignId: '00000000-0000-4000-8000-000000000000', productId: enrolled.id } })).status).toBe(404);
    // A resident cannot announce one; a leader cannot start a platform-wide livestream.
    expect((await leaderVisit({}, world.residents[0])).status).toBe(403);
    expect((await call(t, world.leader, 'POST', '/api/campaign-visits', visitBody({ kind: 'livestream', streamUrl: 'https://live.example.com/1' }))).status).toBe(403);
    expect(await count('gatherings')).toBe(before);
  });

  it('a leader links an on-site visit to an enrolled product; the event shows the campaign and the supplier', async () => {
    const res = await leaderVisit();
    expect(res.status).toBe(201);
    expect(res.body.campaign).toMatchObject({ id: campaign.id, slug: campaign.slug, nameZh: '安心厨房计划' });
    expect(res.body.visits).toMatchObject({ productId: enrolled.id, productName: '有机小米米粉', supplierId: world.supplier.id });
    const bySupplier = await leaderVisit({ title: '拜访合作农场', visit: { campaignId: campaign.id, supplierId: world.supplier.id } });
    expect(bySupplier.status).toBe(201);
    expect(bySupplier.body.visits).toMatchObject({ productId: null, supplierId: world.supplier.id });
  });

  it('a leader cannot attach a visit to another community, nor touch another community\'s visit', async () => {
    const before = await count('gatherings');
    expect((await leaderVisit({}, world.leader, otherCommunity.id)).status).toBe(403);
    expect(await count('gatherings')).toBe(before);
    const theirs = await leaderVisit({}, otherLeader, otherCommunity.id);
    expect(theirs.status).toBe(201);
    t.clock.advance(30 * HOUR);
    const replaysBefore = await count('gathering_replays');
    expect((await upload(t, world.leader, `/api/events/${theirs.body.id}/replays`, { summary: '冒充别人上传', videoUrl: 'https://v.example.com/x' })).status).toBe(404);
    expect((await call(t, world.leader, 'POST', `/api/events/${theirs.body.id}/cancel`, { reason: '不是我的活动' })).status).toBe(404);
    expect(await count('gathering_replays')).toBe(replaysBefore);
    expect((await call(t, otherLeader, 'GET', `/api/events/${theirs.body.id}`)).body.cancelled).toBe(false);
  });
});

describe('replays', () => {
  it('are refused before the event ended; afterwards the organiser adds a video and photos with what was seen', async () => {
    const created = await leaderVisit({ startsAt: at(2), endsAt: at(4) });
    const id = created.body.id;
    t.clock.advance(3 * HOUR); // running, not ended
    const early = await upload(t, world.leader, `/api/events/${id}/replays`, { summary: '看了检测报告', videoUrl: 'https://v.example.com/1' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('visit.replay_before_end');
    expect(await count(`gathering_replays where gathering_id = '${id}'`)).toBe(0);
    t.clock.advance(2 * HOUR);
    expect((await upload(t, world.residents[0], `/api/events/${id}/replays`, { summary: '居民上传', videoUrl: 'https://v.example.com/1' })).status).toBe(403);
    expect((await upload(t, world.leader, `/api/events/${id}/replays`, { summary: '只写了字' })).body.error.code).toBe('visit.replay_empty');
    expect((await upload(t, world.leader, `/api/events/${id}/replays`, { summary: '链接不对', videoUrl: 'javascript:alert(1)' })).body.error.code).toBe('gathering.url_invalid');
    expect(await count(`gathering_replays where gathering_id = '${id}'`)).toBe(0);
    const first = await upload(t, world.leader, `/api/events/${id}/replays`, { summary: '看了米粉的第三方检测：防腐剂未检出', videoUrl: 'https://v.example.com/replay/1' });
    expect(first.status).toBe(200);
    const second = await upload(t, world.operator, `/api/events/${id}/replays`, { summary: '后厨和烘干车间' }, [{ field: 'photos', filename: 'k.jpg', bytes: await scenePhoto(3), type: 'image/jpeg' }]);
    expect(second.status).toBe(200);
    expect(second.body.replays.map((r: { summary: string }) => r.summary)).toEqual(['看了米粉的第三方检测：防腐剂未检出', '后厨和烘干车间']);
    // Replay photos are public: the campaign page shows them to anyone.
    expect((await t.app.inject({ method: 'GET', url: second.body.replays[1].photos[0] })).statusCode).toBe(200);
  });
});

describe('platform-wide livestreams and the campaign\'s visits', () => {
  it('an operator streams a source visit any resident may watch; it must be a linked livestream', async () => {
    const before = await count('gatherings');
    expect((await call(t, world.operator, 'POST', '/api/campaign-visits', visitBody())).body.error.code).toBe('visit.platform_livestream_only');
    expect((await call(t, world.operator, 'POST', '/api/campaign-visits', visitBody({ kind: 'livestream', streamUrl: 'https://live.example.com/1', visit: null }))).body.error.code).toBe('visit.campaign_required');
    expect(await count('gatherings')).toBe(before);
    const live = await call(t, world.operator, 'POST', '/api/campaign-visits', visitBody({ kind: 'livestream', title: '直播：米粉工厂', place: '', streamUrl: 'https://live.example.com/factory', startsAt: at(5), endsAt: at(6) }));
    expect(live.status).toBe(201);
    expect(live.body).toMatchObject({ communityId: null, platformWide: true, canManage: true });
    const seen = await call(t, outsider, 'POST', `/api/events/${live.body.id}/signup`);
    expect(seen.body.mySignup.status).toBe('confirmed');
    expect(seen.body.checkInToken).toBeNull();
    expect(seen.body.canManage).toBe(false);
    const nobody = await sessionCookie(t, { name: '还没加入小区的人' });
    expect((await call(t, nobody, 'POST', `/api/events/${live.body.id}/signup`)).status).toBe(403);
  });

  it('lists upcoming visits the viewer may join and past ones with replays; where and how only for who may open them', async () => {
    const anon = await call(t, null, 'GET', `/api/campaigns/${campaign.slug}/visits`);
    expect(anon.status).toBe(200);
    expect(anon.body.items.map((v: { title: string }) => v.title)).toEqual(['直播：米粉工厂']);
    expect(anon.body.items[0]).toMatchObject({ canOpen: false, streamUrl: null, productName: '有机小米米粉' });
    const mine = await call(t, world.residents[0], 'GET', `/api/campaigns/${campaign.slug}/visits`);
    expect(mine.body.items.every((v: { platformWide: boolean; communityName: string | null }) => v.platformWide || v.communityName === '测试小区')).toBe(true);
    expect(mine.body.items.find((v: { platformWide: boolean }) => v.platformWide)).toMatchObject({ canOpen: true, streamUrl: 'https://live.example.com/factory' });
    const past = await call(t, null, 'GET', `/api/campaigns/${campaign.slug}/visits?scope=past`);
    // Only past visits with replays, whichever community ran them; no place for outsiders.
    expect(past.body.items).toHaveLength(1);
    expect(past.body.items[0]).toMatchObject({ communityName: '测试小区', place: null, canOpen: false });
    expect(past.body.items[0].replays).toHaveLength(2);
    expect(past.body).toMatchObject({ total: 1, page: 1, pageSize: 10 });
    expect((await call(t, null, 'GET', `/api/campaigns/${campaign.slug}/visits?page=2`)).body.items).toEqual([]);
    // The operator also sees the ended visits still waiting for their replay.
    const forOperator = await call(t, world.operator, 'GET', `/api/campaigns/${campaign.slug}/visits?scope=past`);
    expect(forOperator.body.total).toBeGreaterThan(1);
  });

  it('hides a draft campaign\'s visits (even one an operator prepared)', async () => {
    const draft = await createCampaign(t.database.db, world.operator.userId, {
      slug: 'draft-with-visit', nameZh: '未发布的计划', nameEn: 'Unpublished', storyZh: '', storyEn: '', startsOn: '2026-01-01', endsOn: '2027-12-31', badgeZh: '草稿', badgeEn: 'Draft',
      standardIds: [(await noPreservativesStandard(t, world)).id],
    }, t.clock.now());
    await t.database.db.execute(sql`insert into campaign_products (campaign_id, product_id, enrolled_by, enrolled_at) values (${draft.id}, ${enrolled.id}, ${world.operator.userId}, now())`);
    const prepared = await call(t, world.operator, 'POST', '/api/campaign-visits', visitBody({ kind: 'livestream', streamUrl: 'https://live.example.com/d', visit: { campaignId: draft.id, productId: enrolled.id } }));
    expect(prepared.status).toBe(201);
    for (const actor of [null, world.residents[0], world.leader]) {
      const res = await call(t, actor, 'GET', '/api/campaigns/draft-with-visit/visits');
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain('未发布的计划');
    }
    expect((await call(t, world.operator, 'GET', '/api/campaigns/draft-with-visit/visits')).body.items).toHaveLength(1);
  });
});
