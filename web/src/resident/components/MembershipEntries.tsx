import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../shared/types';
import { useMyMembership } from '../lib/members';
import { AwardIcon, ChevronRight, LeafIcon, UsersIcon } from './icons';
import { Name, named } from '../../shared/names';

/** 「我在 XX 小区」 rows in 我的: her name and 门牌 in each community she lives in (opens /c/:id/me), then her 积分 and 社区提案 there. */
export function MembershipEntries({ me }: { me: Me }) {
  const homes = me.communities.filter((c) => c.role === 'resident');
  return (
    <>
      {homes.map((c) => <MembershipEntry key={c.id} communityId={c.id} name={c.name} />)}
      {homes.map((c) => <PointsEntry key={`pt-${c.id}`} communityId={c.id} />)}
      {homes.map((c) => <ProposalsEntry key={`p-${c.id}`} communityId={c.id} />)}
      <CampaignsEntry />
    </>
  );
}

/** 我的积分 in her community: balance, history with receipts, how to earn and spend. */
function PointsEntry({ communityId }: { communityId: string }) {
  const { t } = useTranslation('points');
  return (
    <Link to={`/c/${communityId}/points`} className="r-card r-me-link" data-testid="points-entry">
      <span className="r-me-link-icon"><AwardIcon size={20} /></span>
      <span className="r-me-link-text">
        <span className="r-strong">{t('title')}</span>
        <span className="r-small r-muted r-ellipsis">{t('entryHint')}</span>
      </span>
      <ChevronRight size={16} className="r-muted" />
    </Link>
  );
}

/** 主题活动: the campaigns running now, whose products prove standards like 0 防腐剂. */
function CampaignsEntry() {
  const { t } = useTranslation('campaigns');
  return (
    <Link to="/campaigns" className="r-card r-me-link" data-testid="campaigns-entry">
      <span className="r-me-link-icon"><LeafIcon size={20} /></span>
      <span className="r-me-link-text">
        <span className="r-strong">{t('resident.entry')}</span>
        <span className="r-small r-muted r-ellipsis">{t('resident.entryHint')}</span>
      </span>
      <ChevronRight size={16} className="r-muted" />
    </Link>
  );
}

/** 社区提案 of her community: propose, vote, see results. */
function ProposalsEntry({ communityId }: { communityId: string }) {
  const { t } = useTranslation('governance');
  return (
    <Link to={`/c/${communityId}/proposals`} className="r-card r-me-link" data-testid="proposals-entry">
      <span className="r-me-link-icon"><UsersIcon size={20} /></span>
      <span className="r-me-link-text">
        <span className="r-strong">{t('title')}</span>
        <span className="r-small r-muted r-ellipsis">{t('intro')}</span>
      </span>
      <ChevronRight size={16} className="r-muted" />
    </Link>
  );
}

function MembershipEntry({ communityId, name }: { communityId: string; name: string }) {
  const { t } = useTranslation('members');
  const mine = useMyMembership(communityId);
  const d = mine.data;
  const summary = d ? [d.displayName, d.doorNumber].filter(Boolean).join(' · ') : '';
  return (
    <Link to={`/c/${communityId}/me`} className="r-card r-me-link" data-testid="membership-entry">
      <span className="r-me-link-icon"><UsersIcon size={20} /></span>
      <span className="r-me-link-text">
        <span className="r-strong">{named(t, 'mine.entry', { community: name })}</span>
        <span className="r-small r-muted r-ellipsis">{summary ? <Name>{summary}</Name> : t('mine.entryEmpty')}</span>
      </span>
      <ChevronRight size={16} className="r-muted" />
    </Link>
  );
}
