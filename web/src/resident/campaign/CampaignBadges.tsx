import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CampaignBadge } from '../../shared/campaigns';
import { AwardIcon } from '../components/icons';

/** The campaign badges a product carries now, each opening its campaign page. Nothing without one. */
export function CampaignBadges({ badges }: { badges: CampaignBadge[] | undefined }) {
  const { t, i18n } = useTranslation('campaigns');
  if (!badges?.length) return null;
  return (
    <div className="cp-badges" aria-label={t('badge.label')} data-testid="campaign-badges">
      {badges.map((b) => (
        <Link key={b.campaignId} to={`/campaigns/${b.slug}`} className="cp-badge-link" data-testid="campaign-badge-link">
          <AwardIcon size={14} />{i18n.language === 'en' ? b.badgeEn : b.badgeZh}
        </Link>
      ))}
    </div>
  );
}
