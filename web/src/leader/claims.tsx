import { Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api } from '../shared/api';
import { Icon, useCountdownLabel } from './components';
import { claimKeys, guaranteeKeys } from '../shared/query-keys';

/** 团长兜底: types, queries and small pieces shared by the inbox, the claim page and the dashboard. */

export type ClaimStatus = 'needs_more' | 'leader_review' | 'platform_review' | 'refunded' | 'replaced' | 'rejected';

export interface ClaimFlag { kind: string; text: string; detail?: Record<string, string | number> }

export interface Claim {
  id: string; communityId: string; status: ClaimStatus; statusLabel: string; kind: string; kindLabel: string;
  quantity: number; amountFen: number; description: string; reason: string; reasonKey: string;
  reasonParams?: Record<string, string | number>;
  deadlineAt: string | null; createdAt: string; flags: ClaimFlag[];
  ruleKey: string | null; ruleVersion: number | null; factsUsed: Record<string, unknown> | null;
  refundedFen: number; resolutionNote: string | null; escalatedAt: string | null; firstResponseAt: string | null;
  resolvedAt: string | null; resolvedBy: 'rule' | 'leader' | 'platform' | null;
  /** Who filed it and what about (inbox rows and the detail). */
  residentName: string; productName: string;
}

/** The detail also carries the product's picture, the deciding rule's name (as in that version) and the community. */
export type DetailedClaim = Claim & { productImage: string | null; ruleName: string | null; communityName: string };

/** GET /api/communities/:id/claims */
export interface ClaimInbox { open: number; hasMore: boolean; items: Claim[] }

/** GET /api/claims/:id (and the answer of a decision). */
export interface ClaimDetail {
  claim: DetailedClaim;
  viewerRole: 'resident' | 'leader' | 'operator';
  /** What this viewer may do: the most a leader may refund on one claim (the server's configuration). */
  limits: { leaderRefundLimitFen: number } | null;
  /** The line claimed: one product of the resident's basket, with its 跟团号. */
  line: {
    id: string; orderId: string; groupNumber: number | null; productName: string; title?: string; spec: string; unit: string; quantity: number;
    unitPriceFen: number; totalFen: number; pickedUpAt: string | null; imageUrls: string[]; category?: string;
  };
  photos: { id?: string; url: string; thumbUrl: string; takenAt: string | null }[];
  actions: { action: string; actorRole: 'resident' | 'rule' | 'leader' | 'platform' | 'system'; note: string; amountFen: number | null; at: string }[];
  refund: null | { status: 'pending' | 'paid'; amountFen: number; paidAt: string | null };
}

export interface PublicRule { key: string; version: number; name: string; description: string; action: string; reading: string }

export type LeaderDecision = 'refund' | 'replace' | 'reject' | 'escalate';

/** Under this much time left the countdown turns red. */
export const URGENT_MS = 30 * 60_000;

/**
 * The server words the labels (kind, status, flags, the resident's reason) in the request's
 * language (the api helper sends the app's language), so the cache keeps each language apart.
 */
export type Lang = 'zh-CN' | 'en';
export function useLang(): Lang {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

/** 409s that mean "no longer yours to answer": escalated, answered elsewhere, or past the deadline. */
export const STALE_CLAIM_CODES = ['claim.not_awaiting_leader', 'claim.deadline_passed'];

export const inboxUrl = (communityId: string, filter: 'open' | 'all', page: number) =>
  `/api/communities/${communityId}/claims?status=${filter}&page=${page}`;

/** The open count and the most urgent claim, for the dashboard tile and the inbox tab. */
export function useOpenClaims(communityId: string, enabled = true) {
  return useQuery({
    queryKey: claimKeys.summary(communityId),
    queryFn: () => api<ClaimInbox>(inboxUrl(communityId, 'open', 1)),
    enabled,
    refetchInterval: 30_000,
  });
}

/** The published rules, for what the rule that sent a claim to the leader says (the claim names it). */
export function usePublicRules() {
  const lang = useLang();
  return useQuery({
    queryKey: guaranteeKeys.publicRules(lang),
    queryFn: () => api<{ rules: PublicRule[] }>('/api/guarantee-rules'),
    staleTime: 10 * 60_000,
  });
}

/** After a decision: every list and count of this community is stale. */
export function invalidateClaims(queryClient: QueryClient, communityId: string) {
  return queryClient.invalidateQueries({ queryKey: claimKeys.community(communityId) });
}

/** Where a claim stands against its deadline. */
export type DeadlineState =
  | { kind: 'left'; ms: number; urgent: boolean }
  | { kind: 'overdue' }
  | null;

export function deadlineState(claim: Pick<Claim, 'status' | 'deadlineAt' | 'reasonKey'>, now: Date): DeadlineState {
  if (claim.status === 'leader_review') {
    if (!claim.deadlineAt) return null;
    const ms = new Date(claim.deadlineAt).getTime() - now.getTime();
    return ms <= 0 ? { kind: 'overdue' } : { kind: 'left', ms, urgent: ms < URGENT_MS };
  }
  if (claim.status === 'platform_review' && claim.reasonKey === 'claims.reason.deadline_missed') return { kind: 'overdue' };
  return null;
}

/** 「还剩 1 小时 20 分」 or 「已超时，已转平台」. */
export function useCountdownText() {
  const { t } = useTranslation('leader');
  const countdown = useCountdownLabel();
  return (state: DeadlineState) => {
    if (!state) return '';
    return state.kind === 'overdue' ? t('claims.overdue') : t('claims.left', { left: countdown(state.ms) });
  };
}

/** The countdown as a line: red under 30 minutes and once passed. */
export function DeadlineLabel({ state }: { state: DeadlineState }) {
  const text = useCountdownText();
  if (!state) return null;
  const tone = state.kind === 'overdue' ? ' overdue' : state.urgent ? ' urgent' : '';
  return <span className={`claim-deadline${tone}`} data-testid="claim-deadline"><Icon.clock /> {text(state)}</span>;
}

/** Photo checks (reuse, taken before the pickup) as warning tags. */
export function ClaimFlags({ flags }: { flags: ClaimFlag[] }) {
  if (flags.length === 0) return null;
  return (
    <div className="claim-flags">
      {flags.map((f, i) => (
        <Tag key={`${f.kind}-${i}`} color="warning" fill="outline" className="claim-flag" data-testid="claim-flag">⚠ {f.text}</Tag>
      ))}
    </div>
  );
}

/** A return arrow: the after-sales entry on the dashboard. */
export function ClaimIcon() {
  return (
    <svg viewBox="0 0 24 24" width="1em" height="1em" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" className="inline-icon" aria-hidden="true">
      <path d="M9 14 4 9l5-5" /><path d="M4 9h10.5a5.5 5.5 0 0 1 0 11H11" />
    </svg>
  );
}

/** The status of a claim as a coloured tag. */
const STATUS_COLORS: Record<ClaimStatus, string> = {
  needs_more: 'default', leader_review: 'warning', platform_review: '#1677ff', refunded: 'success', replaced: 'success', rejected: 'default',
};
export function ClaimStatusTag({ claim }: { claim: Pick<Claim, 'status' | 'statusLabel'> }) {
  return <Tag color={STATUS_COLORS[claim.status] ?? 'default'} fill="outline" round>{claim.statusLabel}</Tag>;
}
