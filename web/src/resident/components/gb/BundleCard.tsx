import { useState } from 'react';
import { Button, Stepper } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { yuan } from '../../../shared/api';
import type { BundleOfferView } from '../../../shared/types';
import { ProductImage } from '../ProductImage';
import { ListPrice, Price } from '../Price';
import { Unit } from '../../../shared/units';

/**
 * One scenario bundle of a group buy: what it is for, its parts, its price against buying them one by
 * one, how many the parts' stock still allows, and a stepper adding whole bundles to her basket.
 */
export function BundleCard({ offer, live, inBasket, adding, onAdd }: {
  offer: BundleOfferView; live: boolean; inBasket: number; adding: boolean; onAdd: (n: number) => void;
}) {
  const { t, i18n } = useTranslation('bundles');
  const en = i18n.language === 'en';
  const [n, setN] = useState(1);
  const name = en ? offer.nameEn : offer.nameZh;
  const scenario = en ? offer.scenarioEn : offer.scenarioZh;
  // Sold out as soon as one part cannot fill a whole bundle: name that part.
  const short = offer.parts.find((p) => p.stockAvailable < p.units);
  const max = Math.max(1, offer.available);
  return (
    <article className="r-card r-bundle" data-testid="bundle-card" data-offer-id={offer.offerId}>
      <div className="r-bundle-head">
        <span className="r-bundle-tag">{t('card.tag')}</span>
        <h3 className="r-bundle-name" translate="no">{name}</h3>
      </div>
      {scenario && <p className="r-bundle-scenario" translate="no">{scenario}</p>}
      <div className="r-small r-muted">{t('card.parts')}</div>
      <ul className="r-bundle-parts">
        {offer.parts.map((p) => (
          <li key={p.itemId} className="r-bundle-part">
            <ProductImage src={p.imageUrls[0]} alt={p.name} className="r-bundle-part-img" />
            <span className="r-grow" translate="no">{p.name}{p.spec && <span className="r-muted"> · {p.spec}</span>}</span>
            <span className="r-bundle-units">× {p.units}<Unit unit={p.unit} /></span>
          </li>
        ))}
      </ul>
      <div className="r-bundle-price-row">
        <Price fen={offer.priceFen} size="lg" />
        <ListPrice fen={offer.separateFen} />
        {offer.savingFen > 0 && <span className="r-bundle-saving" data-testid="bundle-saving">{t('card.saving', { amount: yuan(offer.savingFen) })}</span>}
      </div>
      <div className="r-small r-muted" data-testid="bundle-left">
        {short ? <span className="r-bundle-soldout">{t('card.soldOut', { name: short.name })}</span> : t('card.left', { n: offer.available })}
        {inBasket > 0 && <> · {t('card.inBasket', { n: inBasket })}</>}
      </div>
      {live && !short && (
        <div className="r-bundle-controls">
          <Stepper min={1} max={max} value={Math.min(n, max)} onChange={setN} digits={0} inputReadOnly aria-label={t('card.quantityOf', { name })} data-testid="bundle-quantity" />
          <Button color="primary" shape="rounded" size="middle" loading={adding} onClick={() => onAdd(Math.min(n, max))} data-testid="bundle-add">{t('card.add')}</Button>
        </div>
      )}
    </article>
  );
}
