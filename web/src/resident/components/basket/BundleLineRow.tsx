import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { yuan } from '../../../shared/api';
import type { BasketBundleView } from '../../../shared/types';
import { Price } from '../Price';
import { ProductImage } from '../ProductImage';
import { Unit } from '../../../shared/units';
import { fixFor } from '../../lib/basket';
import { LineFooter } from './BasketLineRow';

/** A bundle in her basket: ONE line (name, price per bundle, stepper, remove) with its parts listed under it. */
export function BundleLineRow({ bundle, busy, onQuantity, onRemove }: {
  bundle: BasketBundleView; busy: boolean; onQuantity: (quantity: number) => void; onRemove: () => void;
}) {
  const { t, i18n } = useTranslation('bundles');
  const name = i18n.language === 'en' ? bundle.nameEn : bundle.nameZh;
  const max = Math.max(1, bundle.quantity, bundle.available);
  return (
    <div className={`r-bline r-bline-bundle${bundle.problem ? ' r-bline-problem' : ''}`} data-testid="basket-bundle" data-offer-id={bundle.offerId}>
      <div className="r-bundle-head">
        <span className="r-bundle-tag">{t('card.tag')}</span>
        <Link to={`/g/${bundle.groupBuyId}`} className="r-bundle-name r-grow" translate="no">{name}</Link>
      </div>
      <ul className="r-bundle-parts" data-testid="basket-bundle-parts">
        {bundle.parts.map((p) => (
          <li key={p.itemId} className="r-bundle-part">
            <ProductImage src={p.imageUrl ?? undefined} alt={p.name} className="r-bundle-part-img" />
            <span className="r-grow" translate="no">{p.name}</span>
            <span className="r-bundle-units">× {p.units * bundle.quantity}<Unit unit={p.unit} /></span>
          </li>
        ))}
      </ul>
      <div className="r-bline-price-row">
        <Price fen={bundle.priceFen} size="sm" /><span className="r-bline-unit">{t('basket.perBundle')}</span>
        {bundle.savingFen > 0 && <span className="r-bundle-saving">{t('card.saving', { amount: yuan(bundle.savingFen * bundle.quantity) })}</span>}
      </div>
      <LineFooter problem={bundle.problem} problemText={bundle.problem ? t(`basket.problem.${bundle.problem}`, { n: bundle.available }) : ''} fix={fixFor(bundle)} quantity={bundle.quantity} max={max}
        busy={busy} onQuantity={onQuantity} onRemove={onRemove}
        labels={{ fixTo: (n) => t('basket.fixTo', { n }), fixRemove: t('basket.fixRemove'), remove: t('basket.fixRemove'), quantity: t('card.quantityOf', { name }) }} />
    </div>
  );
}
