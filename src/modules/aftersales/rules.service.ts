import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import { claims, guaranteeRules, type RuleAction } from './schema.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { RuleSyntaxError } from '../../platform/rules/expression.js';
import { campaigns } from '../campaigns/index.js';
import { CAMPAIGN_RULE_ACTIONS, CLAIM_FACTS, decideCovered, guaranteesFor, parseCondition, readCondition, ruleDescription, ruleName, SEED_RULES, type ContractRule, type ProductGuarantee } from './contracts.js';
import type { Locale } from '../../platform/i18n.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';

export type GuaranteeRule = typeof guaranteeRules.$inferSelect;

/** The newest version of every rule key (active or not). */
async function latestVersions(db: DbOrTx): Promise<GuaranteeRule[]> {
  return db.select().from(guaranteeRules).where(sql`(${guaranteeRules.key}, ${guaranteeRules.version}) in (select key, max(version) from guarantee_rules group by key)`)
    .orderBy(guaranteeRules.priority, guaranteeRules.key);
}

/** The platform's rules in force: the newest version of each platform key, if that version is active. */
export async function currentRules(db: DbOrTx): Promise<GuaranteeRule[]> {
  return (await latestVersions(db)).filter((r) => r.active && r.campaignId === null);
}

/** The campaigns' rules in force for these campaigns (every campaign's when `campaignIds` is omitted). */
export async function currentCampaignRules(db: DbOrTx, campaignIds?: readonly string[]): Promise<GuaranteeRule[]> {
  if (campaignIds && campaignIds.length === 0) return [];
  return (await latestVersions(db)).filter((r) => r.active && r.campaignId !== null && (!campaignIds || campaignIds.includes(r.campaignId)));
}

/** The campaigns a claim's line was bought under, as stored with its facts for replay. */
export const campaignsOfFacts = (facts: Record<string, unknown> | null | undefined): string[] =>
  (Array.isArray(facts?.campaigns) ? (facts.campaigns as unknown[]).filter((x): x is string => typeof x === 'string') : []);

/** Installs the seed contracts once (version 1 of each key). */
export async function seedGuaranteeRules(db: DbOrTx) {
  await db.insert(guaranteeRules).values(SEED_RULES.map((r) => ({ ...r, version: 1, active: true }))).onConflictDoNothing();
}

export interface RuleDraft {
  key?: string;
  name: string;
  description: string;
  condition: string;
  action: RuleAction;
  priority: number;
  active: boolean;
  /** A new rule's scope: omitted or null for the platform, or a campaign's id. A later version keeps its key's scope. */
  campaignId?: string | null;
}

/** A condition that does not parse or names an unknown fact is refused with its position (1-based, as tag rules). */
export function checkCondition(condition: string) {
  try {
    parseCondition(condition);
  } catch (err) {
    if (err instanceof RuleSyntaxError) throw badRequest(err.code === 'rule.syntax' ? 'guarantee.syntax' : 'guarantee.unknown_fact', { position: err.position + 1, detail: err.detail });
    throw err;
  }
}

function checkDraft(d: RuleDraft) {
  if (d.key !== undefined && !/^[a-z][a-z0-9_]{1,39}$/.test(d.key)) throw badRequest('guarantee.key_invalid');
  if (!d.name.trim() || d.name.length > 40) throw badRequest('guarantee.name_invalid');
  if (d.description.trim().length < 4 || d.description.length > 500) throw badRequest('guarantee.description_invalid');
  if (!Number.isInteger(d.priority) || d.priority < 0 || d.priority > 1000) throw badRequest('guarantee.priority_invalid');
  checkCondition(d.condition);
}

/**
 * Saves a rule: a new key gets version 1, an existing key gets the next version. Nothing is
 * rewritten, so every past decision still names the version that made it.
 */
export async function saveRule(db: Db, operatorId: string, draft: RuleDraft, existingKey?: string) {
  checkDraft(draft);
  return inTransaction(db, async (tx) => {
    const key = existingKey ?? draft.key ?? `rule_${Date.now().toString(36)}`;
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`guarantee-rule:${key}`}))`);
    const [latest] = await tx.select().from(guaranteeRules).where(eq(guaranteeRules.key, key)).orderBy(desc(guaranteeRules.version)).limit(1);
    if (existingKey && !latest) throw notFound('guarantee.not_found');
    if (!existingKey && latest) throw conflict('guarantee.key_taken');
    // The scope belongs to the key: a version cannot move a promise from one campaign (or the platform) to another.
    if (latest && draft.campaignId !== undefined && (draft.campaignId ?? null) !== latest.campaignId) throw badRequest('guarantee.scope_fixed');
    const campaignId = latest ? latest.campaignId : draft.campaignId ?? null;
    await checkScope(tx, campaignId, draft.action);
    const [row] = await tx.insert(guaranteeRules).values({
      key, version: (latest?.version ?? 0) + 1, name: draft.name.trim(), description: draft.description.trim(), condition: draft.condition.trim(),
      action: draft.action, priority: draft.priority, active: draft.active, campaignId, createdBy: operatorId,
    }).returning();
    await recordEvent(tx, { type: 'guarantee.rule_published', communityId: null, actorId: operatorId, subjectId: row.id, payload: { key, version: row.version, action: row.action, active: row.active, campaignId } });
    return row;
  });
}

/** A campaign's rule names a campaign that exists and only refunds at once (the outcome it adds). */
async function checkScope(db: DbOrTx, campaignId: string | null, action: RuleAction) {
  if (campaignId === null) return;
  const [c] = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.id, campaignId));
  if (!c) throw badRequest('guarantee.campaign_unknown');
  if (!CAMPAIGN_RULE_ACTIONS.includes(action)) throw badRequest('guarantee.campaign_action');
}

/** Every version of one rule, newest first. */
export async function ruleHistory(db: Db, key: string) {
  const rows = await db.select().from(guaranteeRules).where(eq(guaranteeRules.key, key)).orderBy(desc(guaranteeRules.version));
  if (rows.length === 0) throw notFound('guarantee.not_found');
  return rows;
}

/** Operators' list: the newest version of every rule, with how often each version decided. */
export async function rulesForConsole(db: Db, locale: Locale) {
  const rows = await latestVersions(db);
  const choices = await db.select({ id: campaigns.id, slug: campaigns.slug, nameZh: campaigns.nameZh, nameEn: campaigns.nameEn, status: campaigns.status })
    .from(campaigns).orderBy(desc(campaigns.createdAt));
  const used = (await db.execute(sql`select rule_key, rule_version, count(*)::int as n from claims where rule_key is not null group by 1, 2`)) as unknown as { rows: { rule_key: string; rule_version: number; n: number }[] };
  return {
    facts: [...CLAIM_FACTS],
    campaigns: choices.map((c) => ({ id: c.id, slug: c.slug, name: locale === 'zh-CN' ? c.nameZh : c.nameEn, status: c.status })),
    rules: rows.map((r) => ({
      ...r, reading: readCondition(r.condition, locale),
      decisions: used.rows.filter((u) => u.rule_key === r.key).reduce((s, u) => s + u.n, 0),
    })),
  };
}

/** The published contracts in plain words, for residents (no login needed). */
export async function publicRules(db: Db, locale: Locale) {
  const rows = await currentRules(db);
  return rows.map((r) => ({
    key: r.key, version: r.version, name: ruleName(r.key, r.name, locale), description: ruleDescription(r.key, (r as GuaranteeRule).description, locale),
    action: r.action, reading: readCondition(r.condition, locale), since: (r as GuaranteeRule).createdAt,
  }));
}

/**
 * A campaign's guarantee in plain words, for residents: its rules in force, each with the version
 * and the day it took effect. What adds to the platform's rules for lines bought under the campaign.
 */
export async function campaignGuarantee(db: DbOrTx, campaignId: string, locale: Locale) {
  const rows = (await currentCampaignRules(db, [campaignId])).sort((a, b) => a.priority - b.priority || a.key.localeCompare(b.key));
  return rows.map((r) => ({
    key: r.key, version: r.version, name: r.name, description: r.description, action: r.action,
    // A campaign rule stands on its own: one that always holds reads "always", not "when no other applies".
    reading: readCondition(r.condition, locale, 'contracts.words.always_campaign'), since: r.createdAt,
  }));
}

/** For each product category asked, the rules in force that could decide a claim on it, in words (public, as the rules are). */
export async function productGuarantees(db: DbOrTx, categories: string[], locale: Locale): Promise<Map<string, ProductGuarantee[]>> {
  const out = new Map<string, ProductGuarantee[]>();
  if (categories.length === 0) return out;
  const rules = (await currentRules(db)) as GuaranteeRule[];
  for (const c of new Set(categories)) out.set(c, guaranteesFor(rules, c, locale));
  return out;
}

/**
 * How past claims would have been decided had the draft been in force: replays the facts stored
 * with each claim through today's rules with the draft in its place. Changes nothing.
 */
export async function previewRule(db: Db, draft: RuleDraft, existingKey?: string, sample = 500) {
  checkDraft(draft);
  const key = existingKey ?? draft.key ?? '__draft__';
  const [latest] = existingKey ? await db.select().from(guaranteeRules).where(eq(guaranteeRules.key, existingKey)).orderBy(desc(guaranteeRules.version)).limit(1) : [];
  const campaignId = latest ? latest.campaignId : draft.campaignId ?? null;
  await checkScope(db, campaignId, draft.action);
  const current = [...(await currentRules(db)), ...(await currentCampaignRules(db))];
  const proposed: ContractRule = { id: 'draft', key, version: 0, name: draft.name, condition: draft.condition, action: draft.action, priority: draft.priority, active: draft.active, campaignId };
  const withDraft = [...current.filter((r) => r.key !== key), proposed];
  // A campaign's rule can only change claims on lines bought under that campaign.
  const inScope = campaignId ? sql`${claims.facts}->'campaigns' ? ${campaignId}` : sql`true`;
  const past = await db.select({ id: claims.id, facts: claims.facts, ruleKey: claims.ruleKey, ruleAction: claims.ruleAction, createdAt: claims.createdAt, amountFen: claims.amountFen, kind: claims.kind })
    .from(claims).where(and(sql`${claims.ruleAction} is not null`, inScope)).orderBy(desc(claims.createdAt)).limit(sample);
  const tally: Record<string, { before: number; after: number }> = {};
  const changed: { claimId: string; createdAt: Date; kind: string; amountFen: number; before: { ruleKey: string | null; action: string }; after: { ruleKey: string | null; action: string } }[] = [];
  for (const c of past) {
    const facts = c.facts as Record<string, never>;
    const bought = campaignsOfFacts(c.facts);
    const before = decideCovered(current, current, bought, facts);
    const after = decideCovered(withDraft, withDraft, bought, facts);
    tally[before.action] = { before: (tally[before.action]?.before ?? 0) + 1, after: tally[before.action]?.after ?? 0 };
    tally[after.action] = { before: tally[after.action]?.before ?? 0, after: (tally[after.action]?.after ?? 0) + 1 };
    if (before.action !== after.action || before.rule?.key !== after.rule?.key) {
      changed.push({ claimId: c.id, createdAt: c.createdAt, kind: c.kind, amountFen: c.amountFen, before: { ruleKey: before.rule?.key ?? null, action: before.action }, after: { ruleKey: after.rule?.key === key ? key : after.rule?.key ?? null, action: after.action } });
    }
  }
  return { examined: past.length, changedCount: changed.length, byAction: tally, changed: changed.slice(0, 50) };
}
