import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { ambassadorKeys, type PublicAmbassador } from '../../shared/ambassadors';
import { LeaderAvatar } from '../components/LeaderBadge';
import './ambassadors-section.css';

/**
 * A campaign page's list of its ambassadors: display name and community only. Needs the
 * `ambassadors` text namespace loaded (withTexts(…, ['ambassadors']) on the campaign page).
 */
export function AmbassadorsSection({ slug, campaignId }: { slug?: string; campaignId?: string }) {
  const { t } = useTranslation('ambassadors');
  const key = campaignId ?? slug ?? '';
  const list = useQuery({ queryKey: ambassadorKeys.public(key), enabled: !!key,
    queryFn: () => api<{ items: PublicAmbassador[] }>(`/api/campaigns/${encodeURIComponent(key)}/ambassadors`) });
  return (
    <section className="r-card r-camp-amb" data-testid="campaign-ambassadors">
      <h2 className="r-card-title">{t('resident.title')}</h2>
      <div className="r-small r-muted">{t('resident.intro')}</div>
      {list.isPending ? <div className="r-muted r-small r-camp-amb-state">…</div>
        : list.isError ? <div className="r-muted r-small r-camp-amb-state" role="alert">{t('resident.loadError')}</div>
        : list.data.items.length === 0 ? <div className="r-muted r-small r-camp-amb-state">{t('resident.empty')}</div>
        : (
          <ul className="r-camp-amb-list">
            {list.data.items.map((a, i) => (
              <li key={`${a.name}-${i}`}>
                <LeaderAvatar name={a.name} size={36} />
                <div><b translate="no">{a.name}</b><div className="r-small r-muted">{a.communityName}</div></div>
              </li>
            ))}
          </ul>
        )}
    </section>
  );
}
