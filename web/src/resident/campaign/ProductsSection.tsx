import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { yuan } from '../../shared/api';
import type { Campaign, CampaignDetailProduct } from '../../shared/campaigns';
import { ProductImage } from '../components/ProductImage';
import { StandardBadges } from '../components/StandardBadges';
import { CartIcon, ChevronRight, LeafIcon, QrIcon } from '../components/icons';

/**
 * The enrolled products that prove every standard now, each with its proof (tap a badge for the
 * report, certificate or trace), its trace page, and where she can buy it in her community.
 */
export function ProductsSection({ campaign, products, signedIn, hasCommunity }: { campaign: Campaign; products: CampaignDetailProduct[]; signedIn: boolean; hasCommunity: boolean }) {
  const { t } = useTranslation('campaigns');
  return (
    <section className="r-card cp-section" data-testid="campaign-products">
      <h2 className="cp-title">{t('resident.productsTitle')}</h2>
      <p className="r-small r-muted">{t('resident.productsHint')}</p>
      {products.length === 0
        ? <div className="cp-empty" data-testid="campaign-products-empty"><LeafIcon size={28} /><span>{t('resident.productsEmpty')}</span></div>
        : products.map((p) => <ProductRow key={p.product.id} item={p} canBuy={campaign.status === 'published'} signedIn={signedIn} hasCommunity={hasCommunity} />)}
    </section>
  );
}

function ProductRow({ item, canBuy, signedIn, hasCommunity }: { item: CampaignDetailProduct; canBuy: boolean; signedIn: boolean; hasCommunity: boolean }) {
  const { t, i18n } = useTranslation('campaigns');
  const p = item.product;
  const code = item.standards.find((s) => s.batchCode)?.batchCode;
  const time = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en' : 'zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return (
    <article className="cp-product" data-testid="campaign-product">
      <div className="cp-product-top">
        <ProductImage src={p.imageUrl ?? undefined} alt={p.name} className="cp-product-img" />
        <div className="cp-product-text">
          <h3 className="cp-product-name" translate="no">{p.name}</h3>
          <div className="r-small r-muted" translate="no">{[p.spec, p.origin].filter(Boolean).join(' · ')}</div>
          {code && <div className="r-small r-muted r-mono">{t('resident.batch', { code })}</div>}
        </div>
      </div>
      <StandardBadges standards={item.standards} />
      {code && (
        <Link to={`/t/${encodeURIComponent(code)}`} className="cp-link" data-testid="campaign-trace">
          <QrIcon size={18} /><span>{t('resident.viewTrace')}</span><ChevronRight size={16} />
        </Link>
      )}
      {canBuy && (item.openGroupBuys.length
        ? item.openGroupBuys.map((g) => (
          <Link key={g.groupBuyId} to={`/g/${g.groupBuyId}`} className="cp-buy" data-testid="campaign-buy">
            <CartIcon size={18} />
            <span className="cp-buy-text"><span className="r-strong">{g.soldOut ? t('resident.soldOut') : t('resident.buy', { price: yuan(g.priceFen) })}</span>
              <span className="r-small r-muted r-ellipsis">{g.title} · {t('resident.buyHint', { time: time.format(new Date(g.cutoffAt)) })}</span></span>
            <ChevronRight size={16} />
          </Link>
        ))
        : <div className="r-small r-muted cp-nobuy">{signedIn && hasCommunity ? t('resident.noGroupBuy') : t('resident.joinToBuy')}</div>)}
    </article>
  );
}
