import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Skeleton } from 'antd-mobile';
import { api, yuan } from '../../shared/api';
import { useMe } from '../../shared/auth';
import type { BundleOfferView, CampaignBundleView } from '../../shared/types';
import { ErrorView } from '../components/ErrorView';
import { ChevronRight } from '../components/icons';
import '../bundles.css';
import { bundleKeys } from '../../shared/query-keys';

type Answer = { bundles: CampaignBundleView[]; offers: BundleOfferView[] };

/**
 * 场景套餐 on a campaign's page: each bundle (what it is for, its parts) and the open group buys of
 * her community selling it, with their price and saving. Self-contained: fetches its own data.
 * Only for a member of a community (where she can buy is the point); otherwise it shows nothing.
 */
export function BundlesSection({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation('bundles');
  const en = i18n.language === 'en';
  const me = useMe();
  const communityId = me.data?.communities.find((c) => c.role === 'resident')?.id ?? me.data?.communities[0]?.id;
  const query = useQuery({
    queryKey: bundleKeys.inCommunity(slug, communityId),
    queryFn: () => api<Answer>(`/api/campaigns/by-slug/${encodeURIComponent(slug)}/bundles/communities/${communityId}`),
    enabled: !!communityId,
  });
  if (!communityId) return null;
  return (
    <section className="r-card cp-section" data-testid="campaign-bundles">
      <h2 className="cp-title">{t('campaign.title')}</h2>
      <p className="r-small r-muted">{t('campaign.intro')}</p>
      {query.isError ? <ErrorView error={query.error} onRetry={() => query.refetch()} />
        : !query.data ? <Skeleton.Paragraph lineCount={3} animated />
          : query.data.bundles.length === 0 ? <div className="cp-empty" data-testid="campaign-bundles-empty">{t('campaign.empty')}</div>
            : query.data.bundles.map((b) => {
              const offers = query.data.offers.filter((o) => o.campaignBundleId === b.id);
              return (
                <article key={b.id} className="r-order-bundle" data-testid="campaign-bundle">
                  <div className="r-bundle-head"><span className="r-bundle-tag">{t('card.tag')}</span><h3 className="r-bundle-name" translate="no">{en ? b.nameEn : b.nameZh}</h3></div>
                  {(en ? b.scenarioEn : b.scenarioZh) && <p className="r-bundle-scenario" translate="no">{en ? b.scenarioEn : b.scenarioZh}</p>}
                  <ul className="r-bundle-parts">
                    {b.parts.map((p) => <li key={p.productId} className="r-bundle-part"><span className="r-grow" translate="no">{p.name}</span><span className="r-bundle-units">× {p.units}</span></li>)}
                  </ul>
                  <div className="r-small r-muted">{t('campaign.price', { amount: yuan(b.priceFen) })}</div>
                  {offers.length === 0
                    ? <div className="r-small r-muted" style={{ marginTop: 6 }}>{t('campaign.notInCommunity')}</div>
                    : offers.map((o) => (
                      <Link key={o.offerId} to={`/g/${o.groupBuyId}`} className="cp-link" data-testid="campaign-bundle-offer">
                        <span>{t('campaign.goBuy')} · {yuan(o.priceFen)}{o.savingFen > 0 && ` · ${t('card.saving', { amount: yuan(o.savingFen) })}`}</span><ChevronRight size={14} />
                      </Link>
                    ))}
                </article>
              );
            })}
    </section>
  );
}
