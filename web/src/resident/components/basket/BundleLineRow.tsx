import { Button, Stepper } from 'antd-mobile';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { yuan } from '../../../shared/api';
import type { BasketBundleView } from '../../../shared/types';
import { Price } from '../Price';
import { ProductImage } from '../ProductImage';
import { Unit } from '../../../shared/units';

/** A bundle in her basket: ONE line (name, price per bundle, stepper, remove) with its parts listed under it. */
export function BundleLineRow({ bundle, busy, onQuantity, onRemove }: {
  bundle: BasketBundleView; busy: boolean; onQuantity: (quantity: number) => void; onRemove: () => void;
}) {
  const { t, i18n } = useTranslation('bundles');
  const name = i18n.language === 'en' ? bundle.nameEn : bundle.nameZh;
  const stuck = bundle.problem === 'closed' || bundle.problem === 'not_open' || bundle.problem === 'sold_out' || bundle.problem === 'inactive';
  const fix = bundle.problem === 'short' || bundle.problem === 'over_limit' ? Math.max(0, Math.min(bundle.available, bundle.quantity)) : bundle.problem ? 0 : null;
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
      {bundle.problem && (
        <div className="r-bline-issue" role="alert" data-testid="basket-problem" data-problem={bundle.problem}>
          <span>{t(`basket.problem.${bundle.problem}`, { n: bundle.available })}</span>
          {fix !== null && (
            <Button size="small" shape="rounded" color="danger" fill="outline" disabled={busy} onClick={() => (fix > 0 ? onQuantity(fix) : onRemove())} data-testid="basket-fix">
              {fix > 0 ? t('basket.fixTo', { n: fix }) : t('basket.fixRemove')}
            </Button>
          )}
        </div>
      )}
      {!stuck && (
        <div className="r-bline-controls">
          <button type="button" className="r-bline-remove" onClick={onRemove} disabled={busy} data-testid="basket-remove">{t('basket.fixRemove')}</button>
          <Stepper min={1} max={max} value={bundle.quantity} onChange={(v) => v !== bundle.quantity && onQuantity(v)} digits={0} inputReadOnly
            aria-label={t('card.quantityOf', { name })} data-testid="basket-quantity" />
        </div>
      )}
    </div>
  );
}
