import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { GroupBuyView } from '../../shared/types';
import { ProductImage } from './ProductImage';
import { Price } from './Price';
import { Countdown } from './Countdown';
import { GroupBuyStatusTag } from './StatusTag';
import { useTimeFormat } from '../lib/time';
import { Name, named } from '../../shared/names';

/** How many items a card shows before 「共 N 件商品」. */
const SHOWN = 3;

/** A 团 on the community home: its first items (picture, name, price), how many in all, and its clock. */
export function GroupBuyCard({ gb, timeZone, leaderName, onCountdownEnd }: { gb: GroupBuyView; timeZone: string; leaderName?: string; onCountdownEnd?: () => void }) {
  const { t } = useTranslation('resident');
  const fmt = useTimeFormat(timeZone);
  const items = [...gb.items].sort((a, b) => a.position - b.position);
  const soldOut = items.length > 0 && items.every((i) => i.stockAvailable <= 0);
  const live = gb.status === 'open' || gb.status === 'scheduled';
  const minPrice = items.length ? Math.min(...items.map((i) => i.priceFen)) : 0;
  return (
    <Link to={`/g/${gb.id}`} className={`r-gb-card r-gb-card-multi${live ? '' : ' r-gb-card-past'}`} data-testid="group-buy-card">
      <div className="r-gb-head">
        <span className="r-gb-title" translate="no">{gb.title}</span>
        <GroupBuyStatusTag status={gb.status} soldOut={soldOut} />
      </div>
      {gb.note && (
        <div className="r-gb-note">
          <span className="r-gb-note-who">{leaderName ? named(t, 'card.leaderSays', { name: leaderName }) : t('card.leaderNote')}</span>
          <Name>{gb.note}</Name>
        </div>
      )}
      <div className={`r-gb-items r-gb-items-${Math.min(items.length, SHOWN)}`}>
        {items.slice(0, SHOWN).map((item) => (
          <div key={item.id} className="r-gb-item" data-testid="group-buy-card-item">
            <ProductImage src={item.product.imageUrls[0]} alt={item.product.name} className="r-gb-item-img" />
            <div className="r-gb-item-name" translate="no">{item.product.name}</div>
            <div className="r-gb-item-price">
              {item.stockAvailable > 0 || !live ? <Price fen={item.priceFen} size="sm" /> : <span className="r-danger">{t('card.soldOut')}</span>}
            </div>
          </div>
        ))}
      </div>
      <div className="r-gb-foot">
        <div className="r-gb-foot-text">
          <div className="r-gb-count">
            {t('shop.itemsCount', { n: items.length })}
            {items.length > 1 && <span className="r-muted"> · {t('shop.priceFrom')}<Price fen={minPrice} size="sm" />{t('shop.priceFromSuffix')}</span>}
          </div>
          <div className="r-gb-stock">
            {t('card.sold', { n: gb.soldQuantity })}
            {gb.buyerCount > 0 && <><span className="r-dot">·</span>{t('card.buyers', { n: gb.buyerCount })}</>}
          </div>
          <div className="r-gb-time">
            {gb.status === 'open' && <Countdown to={gb.cutoffAt} kind="cutoff" onEnd={onCountdownEnd} />}
            {gb.status === 'scheduled' && <Countdown to={gb.opensAt} kind="opens" onEnd={onCountdownEnd} />}
            {!live && <span className="r-muted">{gb.status === 'arrived' ? t('card.pickupWindow', { time: fmt.window(gb.pickupStartAt, gb.pickupEndAt) }) : t('card.closedAt', { time: fmt.time(gb.closedAt ?? gb.cutoffAt) })}</span>}
          </div>
        </div>
        {live && !soldOut ? <span className="r-gb-go">{gb.status === 'open' ? t('card.buy') : t('card.preview')}</span> : <span className="r-gb-view">{t('card.view')}</span>}
      </div>
    </Link>
  );
}
