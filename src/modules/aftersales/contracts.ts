/**
 * Trust contracts (信任规则即代码): the facts a guarantee rule may read, the seed rules, and the
 * decision — the first active rule, by priority, whose condition holds. Pure: no database.
 */
import { conjuncts, describe, evaluate, factsUsed, parseRule, RuleSyntaxError, specialize, type Facts, type RuleNode, type Wording } from '../../platform/rules/expression.js';
import type { RuleAction } from './schema.js';
import { translate, type Locale } from '../../platform/i18n.js';
import { ruleWording } from '../../platform/rules/wording.js';

/** Every fact a guarantee rule may use; a rule naming anything else is refused. */
export const CLAIM_FACTS = [
  'kind', 'fresh', 'category', 'amount_yuan', 'order_yuan', 'hours_since_pickup',
  'photo_present', 'photo_count', 'photo_suspect', 'trust_level', 'trust_score',
  'claims_30d', 'instant_claims_7d', 'claim_rate_90d', 'instant_quota_left_yuan', 'community_claim_rate_30d',
] as const;
export type ClaimFactName = (typeof CLAIM_FACTS)[number];

export interface ContractRule {
  id: string;
  key: string;
  version: number;
  name: string;
  condition: string;
  action: RuleAction;
  priority: number;
  active: boolean;
  /** Null (or absent): a platform rule. Otherwise the campaign whose purchases it covers. */
  campaignId?: string | null;
}

export interface Decision {
  rule: ContractRule | null;
  action: RuleAction;
  /** The facts the deciding rule read, with their values. */
  used: Record<string, unknown>;
}

/** Parses a condition; throws RuleSyntaxError with the position of the first problem. */
export function parseCondition(condition: string): RuleNode {
  if (condition.trim() === '') throw new RuleSyntaxError('rule.syntax', 0, 'empty');
  return parseRule(condition, CLAIM_FACTS);
}

const parsed = new Map<string, RuleNode>();
function cachedParse(condition: string): RuleNode {
  let node = parsed.get(condition);
  if (!node) {
    node = parseCondition(condition);
    if (parsed.size > 500) parsed.clear();
    parsed.set(condition, node);
  }
  return node;
}

/**
 * The first active rule by priority whose condition holds decides; without one, the leader
 * handles the claim (团长兜底 is the floor of every rule set).
 */
export function decide(rules: ContractRule[], facts: Facts): Decision {
  const ordered = rules.filter((r) => r.active).sort((a, b) => a.priority - b.priority || a.key.localeCompare(b.key));
  for (const rule of ordered) {
    const node = cachedParse(rule.condition);
    if (evaluate(node, facts)) {
      const used = Object.fromEntries([...factsUsed(node)].sort().map((name) => [name, facts[name] ?? null]));
      return { rule, action: rule.action, used };
    }
  }
  return { rule: null, action: 'leader_review', used: {} };
}

/** What a campaign's rule may do: refund at once, the one outcome better than every platform outcome. */
export const CAMPAIGN_RULE_ACTIONS: readonly RuleAction[] = ['refund_now'];

/**
 * A claim on a line bought under campaigns (docs/guarantees.md): the platform's rules decide as for
 * every claim; then, unless that already refunds, the campaigns' rules (only those of the campaigns
 * the line was bought under) are checked by priority and the first that holds decides instead.
 * A campaign rule can only make the outcome better, never take a platform outcome away.
 */
export function decideCovered(platform: ContractRule[], campaignRules: ContractRule[], campaignIds: readonly string[], facts: Facts): Decision {
  const base = decide(platform.filter((r) => !r.campaignId), facts);
  if (base.action === 'refund_now' || campaignIds.length === 0) return base;
  const mine = campaignRules.filter((r) => r.campaignId && campaignIds.includes(r.campaignId) && CAMPAIGN_RULE_ACTIONS.includes(r.action));
  const better = decide(mine, facts);
  return better.rule ? better : base;
}

/** The seed contracts (TRUST.md §3); operators edit them as new versions. */
export const SEED_RULES: (Omit<ContractRule, 'id' | 'version' | 'active'> & { description: string })[] = [
  {
    key: 'photo_check', name: '照片核验', priority: 10, action: 'platform',
    condition: 'photo_suspect',
    description: '照片和以往售后里的照片几乎一样，或者拍摄时间明显早于取货时间时，不自动退款，转平台客服核实。没有拍摄信息的照片（微信转发常见）不受影响。',
  },
  {
    key: 'frequent_claims', name: '多次售后先核实', priority: 20, action: 'leader_review',
    condition: 'claim_rate_90d > 0.15 or instant_claims_7d >= 3',
    description: '近 90 天售后次数超过订单的 15%，或 7 天内已有 3 次秒退款时，先由团长核实再处理。',
  },
  {
    key: 'bad_fruit', name: '坏果包赔', priority: 30, action: 'refund_now',
    condition: "fresh and kind in ['bad_produce', 'damaged'] and hours_since_pickup <= 48 and ((trust_level == 'A' and amount_yuan <= 50) or (trust_level == 'B' and amount_yuan <= 30)) and amount_yuan <= instant_quota_left_yuan",
    description: '生鲜取货 48 小时内发现坏果、压坏，信用良好的邻居不用复杂举证，提交即原路退款。',
  },
  {
    key: 'unhappy_on_opening', name: '开箱不满意秒退款', priority: 40, action: 'refund_now',
    condition: "not fresh and kind in ['unhappy', 'damaged', 'not_as_described'] and hours_since_pickup <= 168 and ((trust_level == 'A' and (amount_yuan <= 50 or order_yuan <= 200)) or (trust_level == 'B' and amount_yuan <= 30)) and amount_yuan <= instant_quota_left_yuan",
    description: '非生鲜商品取货 7 天内开箱不满意，信用良好的邻居几秒内退款。',
  },
  {
    key: 'photo_for_description', name: '不符描述请补照片', priority: 50, action: 'ask_more',
    condition: "kind == 'not_as_described' and not photo_present",
    description: '说商品和描述不符时，请补一张照片，方便团长核实。',
  },
  {
    key: 'leader_first', name: '团长兜底', priority: 100, action: 'leader_review',
    condition: 'true',
    description: '其他情况由团长先处理：2 小时内（8:00–22:00）答复，可以直接退款、补发或说明原因；团长超时未处理，自动转平台。',
  },
];

const SEED_BY_KEY = new Map(SEED_RULES.map((r) => [r.key, r]));

/**
 * A rule's name in the reader's language. The seed rules' words (written in Chinese by the
 * platform) have translations under `contracts.rules.<key>`; a name an operator wrote or changed
 * is shown as written, since only he knows what it means.
 */
export function ruleName(key: string, name: string, locale: Locale): string {
  return SEED_BY_KEY.get(key)?.name === name ? translate(locale, `contracts.rules.${key}.name`) : name;
}

/** A rule's description in the reader's language, on the same terms as its name. */
export function ruleDescription(key: string, description: string, locale: Locale): string {
  return SEED_BY_KEY.get(key)?.description === description ? translate(locale, `contracts.rules.${key}.description`) : description;
}

/** Readable words for facts and values in the resident's language. */
/** `always`: how a rule that always holds reads (a platform rule: the fallback after the others). */
export function wording(locale: Locale, always = 'contracts.words.always'): Wording {
  const t = (key: string) => translate(locale, key);
  return ruleWording(locale, 'contracts.words', {
    fact: (name) => t(`contracts.facts.${name}`),
    value: (fact, value) => {
      if (typeof value === 'string') {
        const key = fact === 'kind' ? `claims.kinds.${value}` : fact === 'category' ? `contracts.categories.${value}` : null;
        return key ? t(key) : value;
      }
      return String(value);
    },
    always: t(always),
    notFact: (name) => {
      const key = `contracts.negated.${name}`;
      const text = translate(locale, key);
      return text === key ? null : text;
    },
  });
}

/** The condition in plain words, generated from the rule that runs. */
export function readCondition(condition: string, locale: Locale, always?: string): string {
  return describe(cachedParse(condition), wording(locale, always));
}

/** The facts of a claim known from its product alone, before anyone buys it (claims read the same). */
export function productFacts(category: string) {
  return { fresh: category === 'fresh_produce', category };
}

export interface ProductGuarantee {
  key: string;
  version: number;
  name: string;
  description: string;
  action: RuleAction;
  /** What must still hold for a claim on this product, one part per line, generated from the rule. */
  conditions: string[];
  /** True for the catch-all rule (e.g. 团长兜底): it applies when no rule above it does. */
  always: boolean;
}

/**
 * The rules that could decide a claim on a product of this category, in the order they are
 * checked: each rule specialized with the product's facts, so a rule that can never hold for it
 * (坏果包赔 for packaged food) is left out and the words list only what is still to hold.
 */
export function guaranteesFor<R extends ContractRule & { description: string }>(rules: R[], category: string, locale: Locale): ProductGuarantee[] {
  const w = wording(locale);
  const ordered = rules.filter((r) => r.active).sort((a, b) => a.priority - b.priority || a.key.localeCompare(b.key));
  const out: ProductGuarantee[] = [];
  for (const r of ordered) {
    const rest = specialize(cachedParse(r.condition), productFacts(category));
    if (rest.kind === 'literal' && rest.value === false) continue;
    const always = rest.kind === 'literal' && rest.value === true;
    out.push({
      key: r.key, version: r.version, name: ruleName(r.key, r.name, locale), description: ruleDescription(r.key, r.description, locale), action: r.action, always,
      conditions: always ? [] : conjuncts(rest).map((n) => describe(n, w, null, false)),
    });
  }
  return out;
}
