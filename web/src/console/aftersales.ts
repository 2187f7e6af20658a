/** Shapes and small helpers shared by the operator's after-sales pages (claims, guarantee rules, fund). */
import type { TFunction } from 'i18next';

export type ClaimKind = 'bad_produce' | 'damaged' | 'not_as_described' | 'missing' | 'unhappy';
export type ClaimStatus = 'needs_more' | 'leader_review' | 'platform_review' | 'refunded' | 'replaced' | 'rejected';
export type RuleAction = 'refund_now' | 'leader_review' | 'ask_more' | 'platform';
export type FaultParty = 'none' | 'leader' | 'supplier' | 'resident';
export type ReviewOutcome = 'valid' | 'invalid' | 'fraud';
export type HumanAction = 'refund' | 'replace' | 'reject';

export const RULE_ACTIONS: RuleAction[] = ['refund_now', 'leader_review', 'ask_more', 'platform'];
export const FAULT_PARTIES: FaultParty[] = ['none', 'leader', 'supplier', 'resident'];
export const HUMAN_ACTIONS: HumanAction[] = ['refund', 'replace', 'reject'];
export const REVIEW_OUTCOMES: ReviewOutcome[] = ['valid', 'invalid', 'fraud'];

export type FactValue = string | number | boolean | null | (string | number | boolean)[];

export interface ClaimFlag {
  kind: string;
  text: string;
  detail: { photo?: number; otherClaimId?: string; distance?: number; takenAt?: string };
}

export interface Claim {
  id: string; communityId: string; orderId: string; userId: string; productId: string; leaderId: string | null;
  kind: ClaimKind; kindLabel: string; quantity: number; amountFen: number; description: string;
  status: ClaimStatus; statusLabel: string; reason: string;
  ruleKey: string | null; ruleVersion: number | null; ruleAction: RuleAction | null;
  factsUsed: Record<string, FactValue> | null; facts: Record<string, FactValue> | null; flags: ClaimFlag[];
  pickedUpAt: string | null; deadlineAt: string | null; escalatedAt: string | null; resolvedAt: string | null;
  resolvedBy: 'rule' | 'leader' | 'platform' | null; refundedFen: number; faultParty: FaultParty | null;
  resolutionNote: string | null; sampledForReview: boolean; reviewOutcome: ReviewOutcome | null;
  createdAt: string; updatedAt: string;
}

export interface QueueClaim extends Claim { residentName: string | null; productName: string | null; communityName: string | null }

export interface QueueResponse { counts: { escalated: number; sampled: number }; hasMore: boolean; items: QueueClaim[] }

/** The claim as GET /api/claims/:id sends it: with the names a person needs to read it. */
export interface DetailClaim extends Claim {
  residentName?: string; communityName?: string; productName?: string; productImage?: string | null; ruleName?: string | null;
}

export interface ClaimDetail {
  claim: DetailClaim;
  /** What the viewer's side may do; the leader's refund limit comes from configuration. */
  limits?: { leaderRefundLimitFen: number } | null;
  /** The line claimed: one product of the resident's basket (orderId is the basket, groupNumber its 跟团号). */
  line: { id: string; orderId: string; groupNumber: number | null; quantity: number; unitPriceFen: number; totalFen: number; pickedUpAt: string | null; productName: string; spec: string; unit: string; imageUrls: string[]; category: string };
  photos: { id: string; url: string; thumbUrl: string; takenAt: string | null }[];
  actions: { action: string; actorRole: 'resident' | 'rule' | 'leader' | 'platform' | 'system'; note: string; amountFen: number | null; at: string }[];
  refund: { status: 'pending' | 'paid'; amountFen: number; paidAt: string | null } | null;
}

export interface GuaranteeRule {
  id: string; key: string; version: number; name: string; description: string; condition: string;
  action: RuleAction; priority: number; active: boolean; createdAt: string;
  /** Null: a platform rule; otherwise the campaign whose purchases it covers. */
  campaignId: string | null;
}
export interface ConsoleRule extends GuaranteeRule { reading: string; decisions: number }
export interface RuleCampaign { id: string; slug: string; name: string; status: 'draft' | 'published' | 'closed' }
export interface RulesResponse { facts: string[]; campaigns: RuleCampaign[]; rules: ConsoleRule[] }

export interface RuleDraft { name: string; description: string; condition: string; action: RuleAction; priority: number; active: boolean; campaignId?: string | null }

export interface PreviewResult {
  examined: number;
  changedCount: number;
  byAction: Partial<Record<RuleAction, { before: number; after: number }>>;
  changed: { claimId: string; createdAt: string; kind: ClaimKind; amountFen: number; before: { ruleKey: string | null; action: RuleAction }; after: { ruleKey: string | null; action: RuleAction } }[];
}

export type LedgerCode = 'fund_topup' | 'claim_refund' | 'leader_advance' | 'fund_reimbursement' | 'leader_charge' | 'supplier_charge';
export const LEDGER_CODES: LedgerCode[] = ['fund_topup', 'claim_refund', 'leader_advance', 'fund_reimbursement', 'leader_charge', 'supplier_charge'];

export interface FundMovement { id: number; debitAccount: string; creditAccount: string; amountFen: number; code: LedgerCode; claimId: string | null; memo: string; createdAt: string }
export interface FundReport {
  fundBalanceFen: number;
  balances: { kind: string; accounts: number; balanceFen: number }[];
  byCode: { code: LedgerCode; entries: number; amountFen: number }[];
  reconciliation: { ledgerRefundsFen: number; providerRefundsFen: number; providerPaidFen: number; pendingRefunds: number; balanced: boolean; refundsMatch: boolean };
  movements: FundMovement[];
  /** Names of the people and suppliers behind the accounts on this page, by id. */
  accountNames?: Record<string, string>;
  hasMore: boolean;
}

/** The first 8 characters of a uuid: enough to tell claims apart on screen. */
export const shortId = (id: string) => id.slice(0, 8);

/** Tag colours per rule action: money out at once is green, people looking at it blue/orange. */
export const ACTION_COLORS: Record<RuleAction, string> = { refund_now: 'green', leader_review: 'blue', ask_more: 'gold', platform: 'purple' };

/** A fact's value as people read it: yes/no, problem kinds and categories in words, lists joined. */
export function factValue(t: TFunction, name: string, value: FactValue | undefined): string {
  if (value === null || value === undefined) return t('aftersales.none');
  if (typeof value === 'boolean') return value ? t('aftersales.yes') : t('aftersales.no');
  if (Array.isArray(value)) return value.map((v) => factValue(t, name, v)).join('、');
  if (typeof value === 'string') {
    if (name === 'kind') return t(`aftersales.kinds.${value}`, { defaultValue: value });
    if (name === 'category') return t(`aftersales.categories.${value}`, { defaultValue: value });
    return value;
  }
  return String(value);
}

/** i18next reads ':' as a namespace separator, so `decided:refunded` becomes `decided_refunded`. */
export const actionKey = (action: string) => action.replace(/[:.]/g, '_');

/** yuan (number from an input) → whole fen */
export const toFen = (yuanValue: number) => Math.round(yuanValue * 100);

/** A fresh key per form opening: a double click or a retry sends the same key, so money moves once. */
export function formKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** ¥5,000.00 and −¥36.80: money with thousands separators, the sign before the currency. */
export function money(fen: number): string {
  const s = (Math.abs(fen) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${fen < 0 ? '−' : ''}¥${s}`;
}

const shortFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
/** 11/25 23:13 in Asia/Shanghai, for narrow table cells (the full date is in the drawer). */
export const formatShort = (iso: string) => shortFmt.format(new Date(iso));
