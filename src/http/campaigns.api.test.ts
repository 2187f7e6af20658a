import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { batchWithValues, FAILING_VALUES, noPreservativesStandard, provingProduct } from '../testing/campaigns.js';
import { buildWorld, call, HOUR, openGroupBuy, sellableProduct } from '../testing/world.js';
import { campaignCard } from '../queries/share-cards.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 1 });
});
afterAll(async () => { await t?.close(); });

const q = async (text: string) => ((await t.database.db.execute(sql.raw(text))) as unknown as { rows: Record<string, unknown>[] }).rows;
const snapshot = async () => JSON.stringify([await q('select * from campaigns order by id'), await q('select * from campaign_standards order by campaign_id, standard_id'), await q('select * from campaign_products order by id')]);
const day = (offsetDays: number) => new Date(t.clock.now().getTime() + 8 * HOUR + offsetDays * 24 * HOUR).toISOString().slice(0, 10);
let seq = 0;
const body = (standardIds: string[], over: Record<string, unknown> = {}) => ({
  slug: `anxin-${++seq}`, nameZh: '安心厨房计划', nameEn: 'Safe Kitchen', storyZh: '让孩子吃得安心', storyEn: 'Food you can trust',
  startsOn: day(0), endsOn: day(30), badgeZh: '安心厨房', badgeEn: 'Safe Kitchen', standardIds, ...over,
});
async function draft(standardIds: string[], over: Record<string, unknown> = {}) {
  const res = await call(t, world.operator, 'POST', '/api/console/campaigns', body(standardIds, over));
  expect(res.status).toBe(201);
  return res.body as { id: string; slug: string };
}

describe('campaign API', () => {
  it('only operators create, edit, publish, close, enrol and withdraw: leaders, residents and suppliers get 403 and change nothing', async () => {
    const standard = await noPreservativesStandard(t, world);
    const product = await provingProduct(t, world, standard.id, '有机番茄酱');
    const c = await draft([standard.id]);
    const before = await snapshot();
    for (const actor of [world.leader, world.residents[0], world.supplier.member]) {
      for (const [method, url, payload] of [
        ['POST', '/api/console/campaigns', body([standard.id])], ['PUT', `/api/console/campaigns/${c.id}`, body([standard.id], { slug: c.slug, nameZh: '改了' })],
        ['POST', `/api/console/campaigns/${c.id}/publish`, undefined], ['POST', `/api/console/campaigns/${c.id}/close`, undefined],
        ['POST', `/api/console/campaigns/${c.id}/products`, { productId: product.id }], ['POST', `/api/console/campaigns/${c.id}/products/${product.id}/withdraw`, { reason: '想退' }],
        ['GET', '/api/console/campaigns', undefined], ['GET', `/api/console/campaigns/${c.id}/candidates`, undefined], ['GET', `/api/console/campaigns/${c.id}/enrolments`, undefined],
      ] as [string, string, unknown][]) {
        expect((await call(t, actor, method, url, payload)).status, `${method} ${url}`).toBe(403);
      }
    }
    expect((await call(t, null, 'POST', `/api/console/campaigns/${c.id}/publish`)).status).toBe(401);
    expect(await snapshot()).toBe(before);
  });

  it('a draft is invisible to residents and anonymous readers; published it lists and shows the proving products with their proof', async () => {
    const standard = await noPreservativesStandard(t, world);
    const product = await provingProduct(t, world, standard.id, '无添加酱油');
    const c = await draft([standard.id]);
    expect((await call(t, world.operator, 'POST', `/api/console/campaigns/${c.id}/products`, { productId: product.id })).status).toBe(201);
    for (const actor of [null, world.residents[0], world.leader]) {
      expect((await call(t, actor, 'GET', `/api/campaigns/${c.slug}`)).status).toBe(404);
      expect(((await call(t, actor, 'GET', '/api/campaigns')).body.items as { slug: string }[]).map((x) => x.slug)).not.toContain(c.slug);
    }
    expect((await call(t, world.operator, 'GET', `/api/campaigns/${c.slug}`)).status).toBe(200);
    // Its pasted link previews as the site, not as the draft.
    expect(await campaignCard(t.database.db, c.slug, 'zh-CN', t.clock.now())).toBeNull();
    expect((await call(t, world.operator, 'POST', `/api/console/campaigns/${c.id}/publish`)).status).toBe(200);
    const card = await campaignCard(t.database.db, c.slug, 'zh-CN', t.clock.now());
    expect(card?.title).toBe('安心厨房计划');
    expect(card?.description).toContain(standard.nameZh);
    expect(card?.description).toContain('无添加酱油');
    expect(((await call(t, null, 'GET', '/api/campaigns')).body.items as { slug: string }[]).map((x) => x.slug)).toContain(c.slug);

    const gb = await openGroupBuy(t, world.leader, world.community.id, product.id, { priceFen: 1990 });
    const page = await call(t, world.residents[0], 'GET', `/api/campaigns/${c.slug}?communityId=${world.community.id}`);
    expect(page.status).toBe(200);
    expect(page.body.campaign.running).toBe(true);
    expect(page.body.standards.map((s: { id: string }) => s.id)).toEqual([standard.id]);
    expect(page.body.products).toHaveLength(1);
    const p = page.body.products[0];
    expect(p.product.name).toBe('无添加酱油');
    expect(p.standards[0].batchCode).toBe(product.batch.code);
    expect(p.standards[0].criteria[0].report.notDetected).toBe(true);
    expect(p.openGroupBuys.map((g: { groupBuyId: string }) => g.groupBuyId)).toEqual([gb.id]);
    // Anonymous, or naming a community she is not in: the page, but no group buys of that community.
    expect((await call(t, null, 'GET', `/api/campaigns/${c.slug}?communityId=${world.community.id}`)).body.products[0].openGroupBuys).toEqual([]);
  });

  it('a product that loses its proof leaves the page data, its badge and the leader view at once; the console shows which standard it lost', async () => {
    const standard = await noPreservativesStandard(t, world);
    const product = await provingProduct(t, world, standard.id, '宝宝米饼');
    const c = await draft([standard.id]);
    await call(t, world.operator, 'POST', `/api/console/campaigns/${c.id}/products`, { productId: product.id });
    await call(t, world.operator, 'POST', `/api/console/campaigns/${c.id}/publish`);
    const badges = async () => (await call(t, null, 'GET', `/api/campaigns/badges?productIds=${product.id}`)).body.items[0].badges.map((b: { slug: string }) => b.slug);
    expect(await badges()).toContain(c.slug);
    const leaderView = async () => (await call(t, world.leader, 'GET', `/api/leader/campaigns?communityId=${world.community.id}`)).body.items.find((x: { campaign: { slug: string } }) => x.campaign.slug === c.slug);
    expect((await leaderView()).products.map((p: { id: string }) => p.id)).toEqual([product.id]);

    t.clock.advance(60_000);
    await batchWithValues(t, world, product.id, FAILING_VALUES);
    expect((await call(t, null, 'GET', `/api/campaigns/${c.slug}`)).body.products).toEqual([]);
    expect(await badges()).not.toContain(c.slug);
    expect((await leaderView()).products).toEqual([]);
    const enrolments = await call(t, world.operator, 'GET', `/api/console/campaigns/${c.id}/enrolments`);
    expect(enrolments.body.items[0].missingStandards.map((s: { id: string }) => s.id)).toEqual([standard.id]);
    // A resident cannot read the leader's view.
    expect((await call(t, world.residents[0], 'GET', `/api/leader/campaigns?communityId=${world.community.id}`)).status).toBe(403);
  });

  it('enrolment of a non-proving product is refused naming the standard; candidates say what each lacks; nothing changes', async () => {
    const standard = await noPreservativesStandard(t, world);
    const plain = await sellableProduct(t, world, '普通辣条');
    const c = await draft([standard.id]);
    const cand = await call(t, world.operator, 'GET', `/api/console/campaigns/${c.id}/candidates?q=${encodeURIComponent('辣条')}`);
    expect(cand.body.items.find((x: { product: { id: string } }) => x.product.id === plain.id).missingStandards.map((s: { nameZh: string }) => s.nameZh)).toEqual([standard.nameZh]);
    const before = await snapshot();
    const res = await call(t, world.operator, 'POST', `/api/console/campaigns/${c.id}/products`, { productId: plain.id });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('campaign.product_not_proving');
    expect(res.body.error.message).toContain(standard.nameZh);
    expect(await snapshot()).toBe(before);
  });

  it('once published, the slug is fixed, standards cannot be removed, and one can be added only if every enrolled product proves it', async () => {
    const a = await noPreservativesStandard(t, world);
    const b = await noPreservativesStandard(t, world);
    const other = await noPreservativesStandard(t, world);
    const product = await provingProduct(t, world, a.id, '原味酸奶');
    const review = await call(t, world.operator, 'POST', `/api/standards/${b.id}/reviews`, { productId: product.id, batchId: product.batch.id, decision: 'accepted' });
    expect(review.status).toBe(201);
    const c = await draft([a.id]);
    await call(t, world.operator, 'POST', `/api/console/campaigns/${c.id}/products`, { productId: product.id });
    // A draft may change its slug.
    const renamed = await call(t, world.operator, 'PUT', `/api/console/campaigns/${c.id}`, body([a.id], { slug: `${c.slug}-x` }));
    expect(renamed.status).toBe(200);
    const slug = renamed.body.slug as string;
    await call(t, world.operator, 'POST', `/api/console/campaigns/${c.id}/publish`);

    const before = await snapshot();
    for (const [over, code] of [
      [{ slug: `${slug}-y`, standardIds: [a.id] }, 'campaign.slug_fixed'],
      [{ slug, standardIds: [b.id] }, 'campaign.standard_removal_refused'],
      [{ slug, standardIds: [a.id, other.id] }, 'campaign.standard_not_proven_by_enrolled'],
    ] as [Record<string, unknown>, string][]) {
      const res = await call(t, world.operator, 'PUT', `/api/console/campaigns/${c.id}`, body([a.id], over));
      expect(res.status, code).toBe(409);
      expect(res.body.error.code).toBe(code);
      if (code === 'campaign.standard_not_proven_by_enrolled') expect(res.body.error.message).toContain('原味酸奶');
    }
    expect(await snapshot()).toBe(before);

    const added = await call(t, world.operator, 'PUT', `/api/console/campaigns/${c.id}`, body([a.id, b.id], { slug, nameZh: '安心厨房计划·第二季' }));
    expect(added.status).toBe(200);
    expect(added.body.nameZh).toBe('安心厨房计划·第二季');
    expect((await q(`select count(*)::int as n from campaign_standards where campaign_id = '${c.id}'`))[0].n).toBe(2);
    expect((await q(`select type from domain_events where subject_id = '${c.id}' and type = 'campaign.updated'`)).length).toBe(2);
  });

  it('withdrawal needs a reason and keeps the row; a closed campaign drops the badge and refuses changes', async () => {
    const standard = await noPreservativesStandard(t, world);
    const product = await provingProduct(t, world, standard.id, '手工挂面');
    const c = await draft([standard.id]);
    await call(t, world.operator, 'POST', `/api/console/campaigns/${c.id}/products`, { productId: product.id });
    await call(t, world.operator, 'POST', `/api/console/campaigns/${c.id}/publish`);
    const before = await snapshot();
    const noReason = await call(t, world.operator, 'POST', `/api/console/campaigns/${c.id}/products/${product.id}/withdraw`, { reason: '  ' });
    expect(noReason.body.error.code).toBe('campaign.withdraw_reason_required');
    expect(await snapshot()).toBe(before);
    const w = await call(t, world.operator, 'POST', `/api/console/campaigns/${c.id}/products/${product.id}/withdraw`, { reason: '供应商换了配方，等新报告' });
    expect(w.status).toBe(200);
    const rows = await q(`select withdraw_reason from campaign_products where campaign_id = '${c.id}'`);
    expect(rows).toEqual([{ withdraw_reason: '供应商换了配方，等新报告' }]);
    expect((await call(t, null, 'GET', `/api/campaigns/${c.slug}`)).body.products).toEqual([]);
    expect((await call(t, world.operator, 'POST', `/api/console/campaigns/${c.id}/products/${product.id}/withdraw`, { reason: '再退一次' })).status).toBe(404);

    // Re-enrol, then close: the badge goes, and the closed campaign cannot be edited or re-closed.
    expect((await call(t, world.operator, 'POST', `/api/console/campaigns/${c.id}/products`, { productId: product.id })).status).toBe(201);
    expect((await call(t, world.operator, 'POST', `/api/console/campaigns/${c.id}/close`)).status).toBe(200);
    expect((await call(t, null, 'GET', `/api/campaigns/badges?productIds=${product.id}`)).body.items[0].badges).toEqual([]);
    const closedBefore = await snapshot();
    expect((await call(t, world.operator, 'PUT', `/api/console/campaigns/${c.id}`, body([standard.id], { slug: c.slug }))).body.error.code).toBe('campaign.closed_readonly');
    expect((await call(t, world.operator, 'POST', `/api/console/campaigns/${c.id}/close`)).body.error.code).toBe('campaign.not_published');
    expect((await call(t, world.operator, 'POST', `/api/console/campaigns/${c.id}/products`, { productId: product.id })).body.error.code).toBe('campaign.closed');
    expect(await snapshot()).toBe(closedBefore);
  });
});
