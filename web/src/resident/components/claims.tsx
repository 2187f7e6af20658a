import { Button, Tag } from 'antd-mobile';
import { Link, useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { ChevronRight, RefundIcon, ShieldIcon } from './icons';
import { claimKeys, guaranteeKeys } from '../../shared/query-keys';
import { useLimits } from '../../shared/limits';

/** After-sales (售后) for residents: the API's shapes, queries and the small pieces several pages share. */

export const CLAIM_KINDS = ['bad_produce', 'damaged', 'not_as_described', 'missing', 'unhappy'] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];
export const CLAIM_STATUSES = ['needs_more', 'leader_review', 'platform_review', 'refunded', 'replaced', 'rejected'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export type RuleAction = 'refund_now' | 'leader_review' | 'ask_more' | 'platform';

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

/** Fresh produce that went bad or arrived crushed needs one photo. */
export const needsPhoto = (category: string | undefined, kind: ClaimKind | null) =>
  category === 'fresh_produce' && (kind === 'bad_produce' || kind === 'damaged');

/** Whether the claim window (the server's `claims.windowDays` after pickup, 7 unless configured) is still open. */
export const claimWindowOpen = (pickedUpAt: string | null | undefined, windowDays: number, now = Date.now()) =>
  !!pickedUpAt && now - new Date(pickedUpAt).getTime() <= windowDays * 86_400_000;

/** A claim as she sees it: the server names the product and the rule itself; flags are only the two that hold a refund. */
export interface Claim {
  id: string; orderId: string; lineId: string; communityId: string; status: ClaimStatus; statusLabel: string; kind: ClaimKind; kindLabel: string;
  quantity: number; amountFen: number; refundedFen: number; description: string; reason: string;
  ruleKey: string | null; ruleVersion: number | null; deadlineAt: string | null; createdAt: string; resolvedAt: string | null;
  flags: { kind: string; text: string }[];
  productName: string; productImage: string | null;
  /** The rule's name in the version that decided; null when no rule matched. */
  ruleName: string | null;
  /** The campaign whose guarantee decided (its page /campaigns/:slug); null for a platform rule. */
  ruleCampaignSlug?: string | null;
}

/** The detail adds who and where. */
export type ClaimInDetail = Claim & { residentName: string; communityName: string };

export interface ClaimAction { action: string; actorRole: 'resident' | 'rule' | 'leader' | 'platform' | 'system'; note: string; amountFen: number | null; at: string }

export interface ClaimDetail {
  claim: ClaimInDetail;
  viewerRole: 'resident' | 'leader' | 'operator';
  /** What the viewer may do; always null for the resident. */
  limits: { leaderRefundLimitFen: number } | null;
  /** The line claimed: one product of her basket, with its 跟团号. */
  line: {
    id: string; orderId: string; groupNumber: number | null; productName: string; title: string; spec: string; unit: string;
    quantity: number; refundedQuantity: number; unitPriceFen: number; totalFen: number; status: string; pickedUpAt: string | null;
    imageUrls: string[]; category: string;
  };
  photos: { id: string; url: string; thumbUrl: string; takenAt: string | null }[];
  actions: ClaimAction[];
  refund: null | { status: 'pending' | 'paid' | string; amountFen: number; paidAt: string | null };
}

export interface GuaranteeRule { key: string; version: number; name: string; description: string; action: RuleAction; reading: string; since: string }

const OPEN: ClaimStatus[] = ['needs_more', 'leader_review', 'platform_review'];
export const isOpenClaim = (s: ClaimStatus) => OPEN.includes(s);

/** One claim; polled every 3 s while someone is deciding or the refund is on its way. */
export function useClaim(id: string) {
  const { i18n } = useTranslation();
  return useQuery({
    queryKey: claimKeys.detail(id, i18n.language),
    queryFn: () => api<ClaimDetail>(`/api/claims/${id}`),
    refetchInterval: (q) => {
      const d = q.state.data;
      if (!d) return false;
      return d.refund?.status === 'pending' || d.claim.status === 'leader_review' || d.claim.status === 'platform_review' ? 3000 : false;
    },
  });
}

export function useMyClaims(enabled = true) {
  const { i18n } = useTranslation();
  return useQuery({
    queryKey: claimKeys.mine(i18n.language),
    queryFn: () => api<{ items: Claim[] }>('/api/me/claims'),
    enabled,
    staleTime: 10_000,
  });
}

export interface LineClaim { id: string; lineId: string; status: ClaimStatus }

/** Her claims on the lines of one order (one claim per line). */
export function useOrderClaims(orderId: string, enabled = true) {
  return useQuery({
    queryKey: claimKeys.forOrder(orderId),
    queryFn: async () => (await api<{ items: LineClaim[] }>(`/api/orders/${orderId}/claims`)).items,
    enabled,
  });
}

/** The claim on one line of an order, if there is one. */
export function useLineClaim(lineId: string, enabled = true) {
  return useQuery({
    queryKey: claimKeys.forLine(lineId),
    queryFn: async () => (await api<{ claim: LineClaim | null }>(`/api/order-lines/${lineId}/claim`)).claim,
    enabled,
  });
}

/** The public guarantee rules (no login needed). */
export function useGuaranteeRules() {
  const { i18n } = useTranslation();
  return useQuery({
    queryKey: guaranteeKeys.publicRules(i18n.language),
    queryFn: () => api<{ rules: GuaranteeRule[] }>('/api/guarantee-rules'),
    staleTime: 5 * 60_000,
  });
}

const statusColor: Record<ClaimStatus, string> = {
  needs_more: 'warning',
  leader_review: 'primary',
  platform_review: 'primary',
  refunded: 'success',
  replaced: 'success',
  rejected: 'default',
};

export function ClaimStatusTag({ status }: { status: ClaimStatus }) {
  const { t } = useTranslation('resident');
  return (
    <Tag color={statusColor[status] ?? 'default'} fill={status === 'needs_more' ? 'solid' : 'outline'} round className="r-status-tag" data-status={status}>
      {t(`aftersales.status.${status}`)}
    </Tag>
  );
}

/** 「我的售后」 row in 我的: how many are still being handled; opens /claims. */
export function ClaimsEntry() {
  const { t } = useTranslation('resident');
  const claims = useMyClaims();
  const items = claims.data?.items ?? [];
  const open = items.filter((c) => isOpenClaim(c.status)).length;
  return (
    <Link to="/claims" className="r-card r-me-link" data-testid="claims-entry">
      <span className="r-me-link-icon r-me-link-claims"><RefundIcon size={20} /></span>
      <span className="r-me-link-text">
        <span className="r-strong">{t('myClaims.title')}</span>
        <span className="r-small r-muted r-ellipsis">
          {open > 0 ? t('myClaims.entryOpen', { count: open }) : items.length > 0 ? t('myClaims.entryDone', { count: items.length }) : t('myClaims.entryHint')}
        </span>
      </span>
      {open > 0 && <span className="r-count-pill r-count-pill-blue">{t('myClaims.openPill', { count: open })}</span>}
      <ChevronRight size={16} className="r-muted" />
    </Link>
  );
}

/**
 * The after-sales corner of a collected line: 「申请售后」 while the window is open, or where the
 * claim stands once there is one; always a way to read the rules.
 */
export function AftersalesEntry({ orderId, lineId, pickedUpAt }: { orderId: string; lineId: string; pickedUpAt: string | null }) {
  const { t } = useTranslation('resident');
  const { windowDays } = useLimits().claims;
  const navigate = useNavigate();
  const claim = useLineClaim(lineId);
  const rulesLink = <Link to="/guarantees" className="r-claim-rules-link r-small" data-testid="order-rules-link"><ShieldIcon size={14} />{t('aftersales.rulesLink')}</Link>;
  if (claim.isPending) return <section className="r-card r-aftersales" aria-busy="true" />;
  if (claim.data) {
    return (
      <section className="r-card r-aftersales">
        <Link to={`/claims/${claim.data.id}`} className="r-aftersales-progress" data-testid="claim-progress">
          <span className="r-me-link-icon r-me-link-claims"><RefundIcon size={20} /></span>
          <span className="r-aftersales-progress-text">
            {t('aftersales.progress')}<span className={`r-claim-status-text r-claim-status-${claim.data.status}`}>{t(`aftersales.status.${claim.data.status}`)}</span>
          </span>
          <ChevronRight size={16} className="r-muted" />
        </Link>
        <div className="r-aftersales-foot">{rulesLink}</div>
      </section>
    );
  }
  const open = claimWindowOpen(pickedUpAt, windowDays);
  return (
    <section className="r-card r-aftersales" data-testid="aftersales-entry">
      <div className="r-aftersales-title">{t('aftersales.question')}</div>
      <div className="r-small r-muted">{open ? t('aftersales.hint', { days: windowDays }) : t('aftersales.closed', { days: windowDays })}</div>
      {open && (
        <Button block color="primary" fill="outline" shape="rounded" size="large" className="r-aftersales-btn" onClick={() => navigate(`/orders/${orderId}/claim?line=${lineId}`)} data-testid="apply-claim">
          {t('aftersales.entry')}
        </Button>
      )}
      <div className="r-aftersales-foot">{rulesLink}</div>
    </section>
  );
}
