import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useRecommendations } from '../lib/api';
import { ProductImage } from './ProductImage';
import { Price } from './Price';

/** 「为你推荐」: up to three open group buys picked for her, each with the server's reason. Quietly absent when there is nothing (or the call fails). */
export function Recommendations({ communityId }: { communityId: string }) {
  const { t, i18n } = useTranslation('resident');
  const reco = useRecommendations(communityId, i18n.language);
  const items = (reco.data?.items ?? []).slice(0, 3);
  if (items.length === 0) return null;
  return (
    <section className="r-card r-reco" data-testid="recommendations" aria-label={t('reco.title')}>
      <h2 className="r-card-title">{t('reco.title')}</h2>
      <div className="r-reco-row">
        {items.map((it) => (
          <Link key={it.groupBuyId} to={`/g/${it.groupBuyId}`} className="r-reco-item" data-testid="recommendation-item">
            <div className="r-reco-media"><ProductImage src={it.imageUrls[0]} alt={it.title} /></div>
            <div className="r-reco-title" translate="no">{it.title}</div>
            <Price fen={it.priceFen} size="sm" />
            {it.reasons[0] && <div className="r-reco-reason">{it.reasons[0]}</div>}
          </Link>
        ))}
      </div>
    </section>
  );
}
