import { describe, expect, it } from 'vitest';
// Plain words come from the module texts, which the app registers at start-up.
import '../../messages.js';
import sharp from 'sharp';
import { CLAIM_FACTS, decide, decideCovered, guaranteesFor, parseCondition, productFacts, readCondition, ruleDescription, ruleName, SEED_RULES, type ContractRule } from './contracts.js';
import { analysePhoto, hammingDistance } from './photo-hash.js';
import { reencoded, scenePhoto } from '../../db/sample-photos.js';
import { addOpeningMinutes } from '../../platform/time.js';

const rules: (ContractRule & { description: string })[] = SEED_RULES.map((r, i) => ({ ...r, id: `r${i}`, version: 1, active: true }));
const base = {
  kind: 'bad_produce', fresh: true, category: 'fresh_produce', amount_yuan: 36.8, order_yuan: 73.6, hours_since_pickup: 5,
  photo_present: true, photo_count: 1, photo_suspect: false, trust_level: 'A', trust_score: 90, claims_30d: 0,
  instant_claims_7d: 0, claim_rate_90d: 0, instant_quota_left_yuan: 1000, community_claim_rate_30d: 0.01,
};
const decided = (facts: Partial<typeof base>) => { const d = decide(rules, { ...base, ...facts }); return [d.rule?.key, d.action]; };

describe('the seed contracts, decided on hand-made facts', () => {
  it('坏果包赔 refunds fresh produce at once for A up to ¥50 and B up to ¥30, within 48 h and the quota', () => {
    expect(decided({})).toEqual(['bad_fruit', 'refund_now']);
    expect(decided({ trust_level: 'B', amount_yuan: 29 })).toEqual(['bad_fruit', 'refund_now']);
    expect(decided({ trust_level: 'B', amount_yuan: 36.8 })).toEqual(['leader_first', 'leader_review']);
    expect(decided({ amount_yuan: 50.01 })).toEqual(['leader_first', 'leader_review']);
    expect(decided({ hours_since_pickup: 49 })).toEqual(['leader_first', 'leader_review']);
    expect(decided({ instant_quota_left_yuan: 20 })).toEqual(['leader_first', 'leader_review']);
    expect(decided({ trust_level: 'C' })).toEqual(['leader_first', 'leader_review']);
    expect(decided({ trust_level: 'D' })).toEqual(['leader_first', 'leader_review']);
  });

  it('开箱不满意秒退款 covers non-fresh goods within 7 days, whole orders up to ¥200 for A', () => {
    const packaged = { fresh: false, category: 'packaged_food', kind: 'unhappy' };
    expect(decided({ ...packaged })).toEqual(['unhappy_on_opening', 'refund_now']);
    expect(decided({ ...packaged, amount_yuan: 180, order_yuan: 180 })).toEqual(['unhappy_on_opening', 'refund_now']);
    expect(decided({ ...packaged, amount_yuan: 250, order_yuan: 250 })).toEqual(['leader_first', 'leader_review']);
    expect(decided({ ...packaged, hours_since_pickup: 200 })).toEqual(['leader_first', 'leader_review']);
    expect(decided({ ...packaged, kind: 'missing' })).toEqual(['leader_first', 'leader_review']);
  });

  it('photo doubts and frequent claims come first; not-as-described without a photo asks for one', () => {
    expect(decided({ photo_suspect: true })).toEqual(['photo_check', 'platform']);
    expect(decided({ claim_rate_90d: 0.2 })).toEqual(['frequent_claims', 'leader_review']);
    expect(decided({ instant_claims_7d: 3 })).toEqual(['frequent_claims', 'leader_review']);
    expect(decided({ kind: 'not_as_described', fresh: false, photo_present: false, trust_level: 'C' })).toEqual(['photo_for_description', 'ask_more']);
  });

  it('坏果包赔 at each limit: on it refunds, one cent or one minute above goes to the leader', () => {
    const refunded = ['bad_fruit', 'refund_now'];
    const leader = ['leader_first', 'leader_review'];
    expect(decided({ hours_since_pickup: 48 })).toEqual(refunded);
    expect(decided({ hours_since_pickup: 47.99 })).toEqual(refunded);
    expect(decided({ hours_since_pickup: 48.01 })).toEqual(leader);
    expect(decided({ amount_yuan: 50 })).toEqual(refunded);
    expect(decided({ amount_yuan: 49.99 })).toEqual(refunded);
    expect(decided({ trust_level: 'B', amount_yuan: 30 })).toEqual(refunded);
    expect(decided({ trust_level: 'B', amount_yuan: 30.01 })).toEqual(leader);
    // The quota: the claim may use exactly what is left, not a cent more.
    expect(decided({ amount_yuan: 20, instant_quota_left_yuan: 20 })).toEqual(refunded);
    expect(decided({ amount_yuan: 20, instant_quota_left_yuan: 20.01 })).toEqual(refunded);
    expect(decided({ amount_yuan: 20, instant_quota_left_yuan: 19.99 })).toEqual(leader);
    // Only fresh produce, only spoiled or crushed.
    expect(decided({ fresh: false })).toEqual(leader);
    expect(decided({ kind: 'damaged' })).toEqual(refunded);
    expect(decided({ kind: 'missing' })).toEqual(leader);
  });

  it('开箱不满意秒退款 at each limit: 168 h, ¥50 a line or ¥200 an order for A, ¥30 for B', () => {
    const packaged = { fresh: false, category: 'packaged_food', kind: 'unhappy' };
    const refunded = ['unhappy_on_opening', 'refund_now'];
    const leader = ['leader_first', 'leader_review'];
    expect(decided({ ...packaged, hours_since_pickup: 168 })).toEqual(refunded);
    expect(decided({ ...packaged, hours_since_pickup: 168.01 })).toEqual(leader);
    expect(decided({ ...packaged, amount_yuan: 50, order_yuan: 300 })).toEqual(refunded);
    expect(decided({ ...packaged, amount_yuan: 50.01, order_yuan: 300 })).toEqual(leader);
    expect(decided({ ...packaged, amount_yuan: 60, order_yuan: 200 })).toEqual(refunded);
    expect(decided({ ...packaged, amount_yuan: 60, order_yuan: 200.01 })).toEqual(leader);
    expect(decided({ ...packaged, trust_level: 'B', amount_yuan: 30, order_yuan: 30 })).toEqual(refunded);
    expect(decided({ ...packaged, trust_level: 'B', amount_yuan: 30.01, order_yuan: 30.01 })).toEqual(leader);
    expect(decided({ ...packaged, amount_yuan: 20, instant_quota_left_yuan: 20 })).toEqual(refunded);
    expect(decided({ ...packaged, amount_yuan: 20, instant_quota_left_yuan: 19.99 })).toEqual(leader);
    expect(decided({ ...packaged, kind: 'damaged' })).toEqual(refunded);
    expect(decided({ ...packaged, kind: 'not_as_described' })).toEqual(refunded);
    expect(decided({ ...packaged, trust_level: 'C' })).toEqual(leader);
  });

  it('多次售后先核实 at its limits: a claim rate of exactly 0.15 and 2 instant claims pass, 0.151 or 3 do not', () => {
    const frequent = ['frequent_claims', 'leader_review'];
    expect(decided({ claim_rate_90d: 0.15 })).toEqual(['bad_fruit', 'refund_now']);
    expect(decided({ claim_rate_90d: 0.149 })).toEqual(['bad_fruit', 'refund_now']);
    expect(decided({ claim_rate_90d: 0.151 })).toEqual(frequent);
    expect(decided({ instant_claims_7d: 2 })).toEqual(['bad_fruit', 'refund_now']);
    expect(decided({ instant_claims_7d: 3 })).toEqual(frequent);
    expect(decided({ instant_claims_7d: 4 })).toEqual(frequent);
    // Photo doubts come before everything else, even a frequent claimer.
    expect(decided({ photo_suspect: true, claim_rate_90d: 0.5 })).toEqual(['photo_check', 'platform']);
    // Not as described with a photo goes on to the leader.
    expect(decided({ kind: 'not_as_described', fresh: false, photo_present: true, trust_level: 'C' })).toEqual(['leader_first', 'leader_review']);
  });

  it('checks rules by priority, then by key; skips inactive rules', () => {
    const mk = (key: string, priority: number, action: ContractRule['action'], active = true): ContractRule => ({ id: key, key, version: 1, name: key, condition: 'true', action, priority, active });
    expect(decide([mk('b', 1, 'platform'), mk('a', 1, 'ask_more')], {}).rule?.key).toBe('a');
    expect(decide([mk('a', 2, 'ask_more'), mk('b', 1, 'platform')], {}).rule?.key).toBe('b');
    expect(decide([mk('a', 1, 'ask_more', false), mk('b', 2, 'platform')], {})).toMatchObject({ action: 'platform', rule: { key: 'b' } });
    expect(decide([mk('a', 1, 'ask_more', false)], {})).toEqual({ rule: null, action: 'leader_review', used: {} });
    // A fact the claim does not carry is recorded as null.
    expect(decide([{ ...mk('x', 1, 'platform'), condition: 'photo_count > 2 or true' }], {}).used).toEqual({ photo_count: null });
  });

  it('refuses an empty condition at position 0', () => {
    expect(() => parseCondition('   ')).toThrow(expect.objectContaining({ code: 'rule.syntax', position: 0, detail: 'empty' }));
    expect(() => parseCondition('shoe_size > 40')).toThrow(expect.objectContaining({ code: 'rule.unknown_fact' }));
    expect(CLAIM_FACTS).toHaveLength(16);
    expect(productFacts('fresh_produce')).toEqual({ fresh: true, category: 'fresh_produce' });
    expect(productFacts('eggs')).toEqual({ fresh: false, category: 'eggs' });
  });

  it('falls back to the leader when no rule holds (团长兜底 is the floor)', () => {
    const d = decide(rules.filter((r) => r.key !== 'leader_first'), { ...base, trust_level: 'D' });
    expect(d).toMatchObject({ rule: null, action: 'leader_review' });
  });

  it('records only the facts the deciding rule read', () => {
    const d = decide(rules, base);
    expect(Object.keys(d.used)).toEqual(['amount_yuan', 'fresh', 'hours_since_pickup', 'instant_quota_left_yuan', 'kind', 'trust_level']);
  });

  it('reads a condition back in plain words', () => {
    expect(readCondition('true', 'zh-CN')).toBe('以上规则都不适用时');
    expect(readCondition('not fresh and not (photo_count > 2)', 'zh-CN')).toBe('不是生鲜 并且 并非照片张数 > 2');
    expect(readCondition("fresh and kind in ['bad_produce', 'damaged'] and hours_since_pickup <= 48", 'zh-CN'))
      .toBe('是生鲜 并且 问题类型 属于 坏果 / 变质、压坏 / 破损 并且 取货后小时数 ≤ 48');
    expect(readCondition("trust_level == 'A' or (not photo_present and amount_yuan < 10)", 'zh-CN'))
      .toBe('信用等级 是 A 或者 （没有照片 并且 售后金额（元） < 10）');
  });

  it('reads categories, yes/no, ≠ and negations in the reader\'s words; a fact without a negation reads "not …"', () => {
    expect(readCondition("category == 'fresh_produce' and trust_level != 'D'", 'en')).toBe('category is fresh produce and trust level is not D');
    expect(readCondition("category in ['packaged_food', 'other']", 'zh-CN')).toBe('商品类别 属于 包装食品、其他');
    expect(readCondition('photo_present == true or fresh == false', 'en')).toBe('has a photo is yes or fresh produce is no');
    expect(readCondition('not photo_suspect and not photo_count', 'en')).toBe('photo not in doubt and not number of photos');
    expect(readCondition("kind == 'missing' and amount_yuan >= 30.5", 'en')).toBe('problem is Missing items and claim amount (¥) ≥ 30.5');
    expect(readCondition("trust_level == 'A' and trust_level in ['A']", 'en')).toBe('trust level is A and trust level is one of A');
  });

  it('reads a condition in English with English lists and brackets, never 、 or （）', () => {
    expect(readCondition("fresh and kind in ['bad_produce', 'damaged', 'missing'] and hours_since_pickup <= 48", 'en'))
      .toBe('fresh produce and problem is one of Spoiled, Crushed / damaged, or Missing items and hours since pickup ≤ 48');
    expect(readCondition("trust_level == 'A' or (not photo_present and amount_yuan < 10)", 'en'))
      .toBe('trust level is A or (no photo and claim amount (¥) < 10)');
  });

  it('names the seed rules in the reader\'s language and keeps an operator\'s own words as written', () => {
    expect(ruleName('bad_fruit', '坏果包赔', 'en')).toBe('Bad fruit refunded');
    expect(ruleName('bad_fruit', '坏果包赔', 'zh-CN')).toBe('坏果包赔');
    expect(ruleDescription('leader_first', SEED_RULES.find((r) => r.key === 'leader_first')!.description, 'en')).toMatch(/^Anything else goes to the leader first/);
    // Renamed by an operator (a new version): his words, in any language.
    expect(ruleName('bad_fruit', '坏果秒赔', 'en')).toBe('坏果秒赔');
    expect(ruleName('vip_fast', '快速', 'en')).toBe('快速');
    expect(ruleDescription('bad_fruit', '运营写的新说明', 'en')).toBe('运营写的新说明');
    expect(ruleDescription('vip_fast', '会员秒退', 'en')).toBe('会员秒退');
  });
});

describe('the guarantees shown before buying, generated from the rules that decide claims', () => {
  const keys = (category: string) => guaranteesFor(rules, category, 'zh-CN').map((g) => g.key);

  it('keeps the rules that can hold for the product and drops those its category rules out', () => {
    expect(keys('fresh_produce')).toEqual(['photo_check', 'frequent_claims', 'bad_fruit', 'photo_for_description', 'leader_first']);
    expect(keys('packaged_food')).toEqual(['photo_check', 'frequent_claims', 'unhappy_on_opening', 'photo_for_description', 'leader_first']);
    // In the order they are checked, by priority then key, whatever order they are stored in.
    expect(guaranteesFor([...rules].reverse(), 'fresh_produce', 'zh-CN').map((g) => g.key)).toEqual(keys('fresh_produce'));
    const tied = rules.map((r) => (r.key === 'photo_check' ? { ...r, priority: 20 } : r)).reverse();
    expect(guaranteesFor(tied, 'fresh_produce', 'zh-CN').map((g) => g.key).slice(0, 2)).toEqual(['frequent_claims', 'photo_check']);
  });

  it('lists what must still hold, one part a line, without the facts the product already settles', () => {
    const fruit = guaranteesFor(rules, 'fresh_produce', 'zh-CN').find((g) => g.key === 'bad_fruit')!;
    expect(fruit).toMatchObject({ name: '坏果包赔', action: 'refund_now', always: false });
    expect(fruit.conditions).toEqual([
      '问题类型 属于 坏果 / 变质、压坏 / 破损', '取货后小时数 ≤ 48',
      '（信用等级 是 A 并且 售后金额（元） ≤ 50） 或者 （信用等级 是 B 并且 售后金额（元） ≤ 30）',
      '售后金额（元） ≤ 本月秒退款剩余额度（元）',
    ]);
    expect(guaranteesFor(rules, 'fresh_produce', 'en').find((g) => g.key === 'bad_fruit')!.conditions[1]).toBe('hours since pickup ≤ 48');
    expect(guaranteesFor(rules, 'other', 'zh-CN').find((g) => g.key === 'leader_first')).toMatchObject({ always: true, conditions: [] });
  });

  it('follows an edited rule: a new condition reads differently, an inactive rule is not shown', () => {
    const edited = rules.map((r) => (r.key === 'bad_fruit' ? { ...r, condition: "fresh and kind == 'bad_produce' and hours_since_pickup <= 24" } : r));
    expect(guaranteesFor(edited, 'fresh_produce', 'zh-CN').find((g) => g.key === 'bad_fruit')!.conditions).toEqual(['问题类型 是 坏果 / 变质', '取货后小时数 ≤ 24']);
    expect(guaranteesFor(rules.map((r) => ({ ...r, active: r.key !== 'bad_fruit' })), 'fresh_produce', 'zh-CN').map((g) => g.key)).not.toContain('bad_fruit');
  });
});

describe('perceptual photo hashes (TRUST.md §6)', () => {
  it('match the same picture resized, recompressed, brightened or mirrored, and not a different one', async () => {
    const original = await scenePhoto(7);
    const a = await analysePhoto(original, 'Asia/Shanghai');
    const small = await analysePhoto(await reencoded(original, 200, 40), 'Asia/Shanghai');
    const bright = await analysePhoto(await sharp(original).modulate({ brightness: 1.2 }).png().toBuffer(), 'Asia/Shanghai');
    const mirrored = await analysePhoto(await sharp(original).flop().jpeg().toBuffer(), 'Asia/Shanghai');
    const other = await analysePhoto(await scenePhoto(8), 'Asia/Shanghai');
    expect(hammingDistance(a.phash, small.phash)).toBeLessThanOrEqual(6);
    expect(hammingDistance(a.phash, bright.phash)).toBeLessThanOrEqual(6);
    expect(hammingDistance(a.phash, mirrored.phash)).toBeGreaterThan(12);
    expect(hammingDistance(a.phashMirror, mirrored.phash)).toBeLessThanOrEqual(6);
    expect(hammingDistance(a.phash, other.phash)).toBeGreaterThan(12);
    expect(a.thumbnail.length).toBeLessThan(original.length);
  });

  it('reads the EXIF capture time as local time, and treats missing EXIF as nothing', async () => {
    const withExif = await analysePhoto(await scenePhoto(9, { takenAt: '2026:11:20 09:30:00' }), 'Asia/Shanghai');
    expect(withExif.takenAt?.toISOString()).toBe('2026-11-20T01:30:00.000Z');
    expect((await analysePhoto(await scenePhoto(9), 'Asia/Shanghai')).takenAt).toBeNull();
  });

  it('refuses bytes that do not decode as an image', async () => {
    await expect(analysePhoto(Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01, 0x02]), 'Asia/Shanghai')).rejects.toMatchObject({ code: 'file.not_image' });
  });
});

describe('deadlines in opening hours (08:00–22:00 local)', () => {
  const at = (iso: string) => new Date(iso);
  it('adds two hours inside the day, carries the rest over the night, and starts in the morning', () => {
    // 10:00 Shanghai = 02:00Z
    expect(addOpeningMinutes(at('2026-11-25T02:00:00Z'), 120, 'Asia/Shanghai').toISOString()).toBe('2026-11-25T04:00:00.000Z');
    // 21:30 → 30 min today, 90 min tomorrow from 08:00 → 09:30 (01:30Z)
    expect(addOpeningMinutes(at('2026-11-25T13:30:00Z'), 120, 'Asia/Shanghai').toISOString()).toBe('2026-11-26T01:30:00.000Z');
    // 23:50 → tomorrow 10:00
    expect(addOpeningMinutes(at('2026-11-25T15:50:00Z'), 120, 'Asia/Shanghai').toISOString()).toBe('2026-11-26T02:00:00.000Z');
    // 06:00 → 10:00 the same day
    expect(addOpeningMinutes(at('2026-11-24T22:00:00Z'), 120, 'Asia/Shanghai').toISOString()).toBe('2026-11-25T02:00:00.000Z');
  });
});

describe('a campaign rule adds to the platform rules', () => {
  const platform: ContractRule[] = [
    { id: 'p1', key: 'bad_fruit', version: 1, name: '坏果包赔', condition: "kind == 'bad_produce'", action: 'refund_now', priority: 30, active: true, campaignId: null },
    { id: 'p2', key: 'leader_first', version: 1, name: '团长兜底', condition: 'true', action: 'leader_review', priority: 100, active: true, campaignId: null },
  ];
  const campaignRules: ContractRule[] = [
    { id: 'c1', key: 'anxin_48h', version: 3, name: '48 小时无理由退款', condition: 'hours_since_pickup <= 48', action: 'refund_now', priority: 10, active: true, campaignId: 'camp-a' },
    { id: 'c2', key: 'other_campaign', version: 1, name: '别的活动', condition: 'true', action: 'refund_now', priority: 1, active: true, campaignId: 'camp-b' },
  ];
  const facts = (kind: string, hours: number) => ({ kind, hours_since_pickup: hours });

  it('decides only for lines bought under its campaign, and only when the platform does not already refund', () => {
    expect(decideCovered(platform, campaignRules, ['camp-a'], facts('unhappy', 47)).rule?.key).toBe('anxin_48h');
    expect(decideCovered(platform, campaignRules, [], facts('unhappy', 47)).rule?.key).toBe('leader_first');
    expect(decideCovered(platform, campaignRules, ['camp-a'], facts('unhappy', 48.02)).rule?.key).toBe('leader_first');
    // The platform already refunds: its rule decides, the campaign adds nothing.
    expect(decideCovered(platform, campaignRules, ['camp-a'], facts('bad_produce', 1)).rule?.key).toBe('bad_fruit');
  });

  it('never lets a campaign rule do less than refund, nor a platform list smuggle one in', () => {
    const weak = [{ ...campaignRules[0], action: 'leader_review' as const }];
    expect(decideCovered(platform, weak, ['camp-a'], facts('unhappy', 1)).rule?.key).toBe('leader_first');
    expect(decideCovered([...platform, campaignRules[1]], [], [], facts('unhappy', 1)).rule?.key).toBe('leader_first');
  });
});
