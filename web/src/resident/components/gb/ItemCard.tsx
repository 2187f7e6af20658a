import { useState } from 'react';
import { Button, Stepper } from 'antd-mobile';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { yuan } from '../../../shared/api';
import type { GroupBuyItemView, GroupBuyView } from '../../../shared/types';
import { ProductImage } from '../ProductImage';
import { ListPrice, Price } from '../Price';
import { PhotoStrip, Stars } from '../Endorsement';
import { ChevronRight, QrIcon } from '../icons';
import { RestockButton } from './RestockButton';
import { ItemGuarantees } from './ItemGuarantees';
import { named } from '../../../shared/names';
import { StandardBadges } from '../StandardBadges';
import type { ProvenStandard } from '../../../shared/standards';
import type { CampaignBadge } from '../../../shared/campaigns';
import { CampaignBadges } from '../../campaign/CampaignBadges';
import '../../campaign/campaign.css';
import { Unit, unitLabel } from '../../../shared/units';

export type ItemBlock = 'scheduled' | 'closed' | 'ended' | 'cancelled' | 'soldOut' | 'limitReached' | null;

/** How many she may still buy of an item (limit minus what she holds, at most the stock) and what stops her. */
export function itemLimits(gb: Pick<GroupBuyView, 'status'>, item: GroupBuyItemView) {
  const canBuy = Math.max(0, Math.min(item.stockAvailable, item.perPersonLimit - (item.myQuantity ?? 0)));
  const block: ItemBlock =
    gb.status === 'scheduled' ? 'scheduled'
      : gb.status === 'closed' ? 'closed'
        : gb.status === 'arrived' ? 'ended'
          : gb.status === 'cancelled' ? 'cancelled'
            : item.stockAvailable <= 0 ? 'soldOut'
              : canBuy < 1 ? 'limitReached'
                : null;
  return { canBuy, block };
}

/**
 * One item of a group buy: picture, name, price, what is left, the limit, the leader's trial, the
 * batch's trace page, the guarantees that would decide a claim on it, and a stepper with 「加入购物车」 and 「立即购买」.
 */
export function ItemCard({ gb, item, inBasket, opensAtText, adding, buying, onAdd, onBuyNow, onOpenBasket, reviews, standards, campaigns }: {
  gb: GroupBuyView; item: GroupBuyItemView; inBasket: number; opensAtText: string;
  /** The item's review count and average, linking to 邻居评价 below (members only). */
  reviews?: React.ReactNode;
  /** The standards the product proves now (badges with their proof). */
  standards?: ProvenStandard[];
  /** The campaigns whose badge the product carries now (each links to its page). */
  campaigns?: CampaignBadge[];
  adding: boolean; buying: boolean;
  onAdd: (quantity: number) => void; onBuyNow: (quantity: number) => void; onOpenBasket: () => void;
}) {
  const { t } = useTranslation('resident');
  const [qty, setQty] = useState(1);
  const p = item.product;
  const { canBuy, block } = itemLimits(gb, item);
  const canAdd = Math.max(0, canBuy - inBasket);
  const quantity = Math.min(Math.max(1, qty), Math.max(1, canBuy));
  const mine = item.myQuantity ?? 0;
  const blockText = block === 'scheduled' ? t('shop.blocked.scheduled', { time: opensAtText })
    : block === 'limitReached' ? t('shop.blocked.limitReached', { n: item.perPersonLimit })
      : block ? t(`shop.blocked.${block}`) : null;

  return (
    <article className={`r-item${block && block !== 'scheduled' ? ' r-item-muted' : ''}`} data-testid="gb-item" data-item-id={item.id}>
      <div className="r-item-top">
        <ProductImage src={p.imageUrls[0]} alt={p.name} className="r-item-img" />
        <div className="r-item-text">
          <h3 className="r-item-name" translate="no">{p.name}</h3>
          {p.spec && <div className="r-item-spec" translate="no">{p.spec}{p.origin ? ` · ${p.origin}` : ''}</div>}
          <div className="r-item-price">
            <Price fen={item.priceFen} size="lg" /><span className="r-item-unit">/<Unit unit={p.unit} /></span>
            {p.listPriceFen > item.priceFen && <ListPrice fen={p.listPriceFen} />}
          </div>
          <div className="r-item-stock">
            {t('shop.sold', { n: item.soldQuantity })}<span className="r-dot">·</span>
            {item.stockAvailable > 0 ? t('shop.left', { n: item.stockAvailable }) : <span className="r-danger">{t('shop.soldOut')}</span>}
          </div>
          <div className="r-item-limit">{t('shop.limit', { n: item.perPersonLimit, unit: unitLabel(p.unit, item.perPersonLimit) })}</div>
          {reviews}
        </div>
      </div>

      <CampaignBadges badges={campaigns} />
      <StandardBadges standards={standards} />

      {item.endorsement && (
        <div className="r-item-trial" data-testid="item-endorsement">
          <div className="r-item-trial-head">{named(t, 'shop.trialBy', { name: item.endorsement.leaderName })}<Stars rating={item.endorsement.rating} /></div>
          <p className="r-item-trial-story" translate="no">{item.endorsement.story}</p>
          <PhotoStrip urls={item.endorsement.photoUrls} alt={t('detail.trialPhotos', { name: item.endorsement.leaderName })} />
        </div>
      )}

      {item.batchCode && (
        <Link to={`/t/${encodeURIComponent(item.batchCode)}`} className="r-item-trace" data-testid="item-trace">
          <QrIcon size={20} />
          <span className="r-item-trace-text"><span>{t('shop.trace')}</span><span className="r-small r-muted">{t('shop.traceHint', { code: item.batchCode })}</span></span>
          <ChevronRight size={16} className="r-muted" />
        </Link>
      )}

      {item.guarantees && <ItemGuarantees guarantees={item.guarantees} />}

      {(mine > 0 || inBasket > 0) && (
        <div className="r-item-mine">
          {mine > 0 && <span>{t('shop.mine', { n: mine })}</span>}
          {inBasket > 0 && <Link to={`/c/${gb.communityId}/basket`} className="r-item-in-basket">{t('shop.inBasket', { n: inBasket })}<ChevronRight size={14} /></Link>}
        </div>
      )}

      {blockText ? (
        <>
          <div className="r-item-blocked" data-testid="item-blocked">{blockText}</div>
          {block === 'soldOut' && <RestockButton itemId={item.id} />}
        </>
      ) : (
        <div className="r-item-buy">
          <div className="r-item-qty">
            <span>{t('shop.quantity')}<span className="r-small r-muted"> {t('shop.canBuy', { n: canBuy })}</span></span>
            <Stepper min={1} max={canBuy} value={quantity} onChange={setQty} digits={0} inputReadOnly aria-label={t('shop.quantityOf', { name: p.name })} data-testid="item-quantity" />
          </div>
          <div className="r-item-actions">
            <Button shape="rounded" fill="outline" color="primary" loading={buying} onClick={() => onBuyNow(quantity)} data-testid="buy-now">
              {t('shop.buyNow', { amount: yuan(item.priceFen * quantity) })}
            </Button>
            {canAdd < 1 ? (
              <Button shape="rounded" color="primary" fill="outline" onClick={onOpenBasket} data-testid="open-basket">{t('shop.allInBasket')}</Button>
            ) : (
              <Button shape="rounded" color="primary" loading={adding} onClick={() => onAdd(Math.min(quantity, canAdd))} data-testid="add-to-basket">{t('shop.addToBasket')}</Button>
            )}
          </div>
        </div>
      )}
    </article>
  );
}
