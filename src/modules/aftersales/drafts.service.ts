import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { guaranteeRuleDrafts, guaranteeRules, ruleActions, type RuleAction } from './schema.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/service.js';
import { checkCondition } from './rules.service.js';
import { CAMPAIGN_RULE_ACTIONS } from './contracts.js';

export type GuaranteeRuleDraft = typeof guaranteeRuleDrafts.$inferSelect;

export interface RuleChange {
  /** The rule to change (its key), or null for a new rule. */
  key: string | null;
  name: string;
  description: string;
  condition: string;
  action: string;
  priority: number;
}

/**
 * Checks a proposed rule change as the console would check a rule (condition, action, texts, an
 * existing key), without saving anything: a community proposal is refused early with the same reasons.
 */
export async function checkRuleChange(db: DbOrTx, change: RuleChange): Promise<{ baseVersion: number | null }> {
  if (!change.name.trim() || change.name.trim().length > 40) throw badRequest('guarantee.name_invalid');
  if (change.description.trim().length < 4 || change.description.length > 500) throw badRequest('guarantee.description_invalid');
  if (!Number.isInteger(change.priority) || change.priority < 0 || change.priority > 1000) throw badRequest('guarantee.priority_invalid');
  if (!(ruleActions as readonly string[]).includes(change.action)) throw badRequest('guarantee.action_invalid');
  checkCondition(change.condition);
  if (change.key === null) return { baseVersion: null };
  const [latest] = await db.select({ version: guaranteeRules.version, campaignId: guaranteeRules.campaignId }).from(guaranteeRules).where(eq(guaranteeRules.key, change.key)).orderBy(desc(guaranteeRules.version)).limit(1);
  if (!latest) throw notFound('guarantee.not_found');
  if (latest.campaignId && !CAMPAIGN_RULE_ACTIONS.includes(change.action as RuleAction)) throw badRequest('guarantee.campaign_action');
  return { baseVersion: latest.version };
}

/**
 * Files a DRAFT version of a guarantee rule, not in force, awaiting an operator; `attachment` is
 * what led to it (a vote's result). One draft per source (idempotent: the same source gets the same draft).
 */
export async function draftRuleVersion(tx: DbOrTx, change: RuleChange, source: { source: string; sourceId: string; attachment: Record<string, unknown> }, now: Date): Promise<GuaranteeRuleDraft> {
  const { baseVersion } = await checkRuleChange(tx, change);
  await tx.insert(guaranteeRuleDrafts).values({
    key: change.key, baseVersion, name: change.name.trim(), description: change.description.trim(), condition: change.condition.trim(),
    action: change.action as RuleAction, priority: change.priority, ...source, createdAt: now,
  }).onConflictDoNothing();
  const [row] = await tx.select().from(guaranteeRuleDrafts).where(and(eq(guaranteeRuleDrafts.source, source.source), eq(guaranteeRuleDrafts.sourceId, source.sourceId)));
  return row;
}

export async function ruleDraft(db: DbOrTx, id: string): Promise<GuaranteeRuleDraft> {
  const [row] = await db.select().from(guaranteeRuleDrafts).where(eq(guaranteeRuleDrafts.id, id));
  if (!row) throw notFound('guarantee.draft_not_found');
  return row;
}

/**
 * The operator publishes a draft: it becomes the next version of its key (a new key for a new
 * rule), in force from now, in the caller's transaction. A decided draft is refused.
 */
export async function publishRuleDraft(tx: Tx, operatorId: string, draftId: string, now: Date) {
  const [draft] = await tx.select().from(guaranteeRuleDrafts).where(eq(guaranteeRuleDrafts.id, draftId)).for('update');
  if (!draft) throw notFound('guarantee.draft_not_found');
  if (draft.status !== 'awaiting') throw conflict('guarantee.draft_decided');
  const key = draft.key ?? `voted_${draft.sourceId.replace(/-/g, '').slice(0, 12)}`;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`guarantee-rule:${key}`}))`);
  const [latest] = await tx.select({ version: guaranteeRules.version, campaignId: guaranteeRules.campaignId }).from(guaranteeRules).where(eq(guaranteeRules.key, key)).orderBy(desc(guaranteeRules.version)).limit(1);
  // The next version keeps its key's scope (a campaign's rule stays that campaign's).
  const campaignId = latest?.campaignId ?? null;
  if (campaignId && !CAMPAIGN_RULE_ACTIONS.includes(draft.action)) throw badRequest('guarantee.campaign_action');
  const [rule] = await tx.insert(guaranteeRules).values({
    key, version: (latest?.version ?? 0) + 1, name: draft.name, description: draft.description, condition: draft.condition,
    action: draft.action, priority: draft.priority, active: true, campaignId, createdBy: operatorId,
  }).returning();
  await tx.update(guaranteeRuleDrafts).set({ status: 'published', publishedRuleId: rule.id, decidedBy: operatorId, decidedAt: now }).where(eq(guaranteeRuleDrafts.id, draftId));
  await recordEvent(tx, { type: 'guarantee.rule_published', communityId: null, actorId: operatorId, subjectId: rule.id, payload: { key, version: rule.version, action: rule.action, active: rule.active, campaignId } });
  return rule;
}

/** The operator declines a draft: it stays, marked declined, and nothing in force changes. */
export async function declineRuleDraft(tx: Tx, operatorId: string, draftId: string, now: Date) {
  const [draft] = await tx.select().from(guaranteeRuleDrafts).where(eq(guaranteeRuleDrafts.id, draftId)).for('update');
  if (!draft) throw notFound('guarantee.draft_not_found');
  if (draft.status !== 'awaiting') throw conflict('guarantee.draft_decided');
  await tx.update(guaranteeRuleDrafts).set({ status: 'declined', decidedBy: operatorId, decidedAt: now }).where(eq(guaranteeRuleDrafts.id, draftId));
}
