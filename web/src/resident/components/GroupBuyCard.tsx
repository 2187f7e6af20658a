import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { GroupBuy } from '../../shared/types';
import { ProductImage } from './ProductImage';
import { ListPrice, Price } from './Price';
import { Countdown } from './Countdown';
import { GroupBuyStatusTag } from './StatusTag';
import { useTimeFormat } from '../lib/time';

export function GroupBuyCard({ gb, timeZone, leaderName, onCountdownEnd }: { gb: GroupBuy; timeZone: string; leaderName?: string; onCountdownEnd?: () => void }) {
  const { t } = useTranslation('resident');
  const fmt = useTimeFormat(timeZone);
  const soldOut = gb.stockAvailable <= 0;
  const live = gb.status === 'open' || gb.status === 'scheduled';
  return (
    <Link to={`/g/${gb.id}`} className={`r-gb-card${live ? '' : ' r-gb-card-past'}`} data-testid="group-buy-card">
      <div className="r-gb-media">
        <ProductImage src={gb.product.imageUrls[0]} alt={gb.title} />
        <span className="r-gb-tag"><GroupBuyStatusTag status={gb.status} soldOut={soldOut} /></span>
      </div>
      <div className="r-gb-body">
        <div className="r-gb-title">{gb.title}</div>
        <div className="r-gb-spec">{gb.product.spec}</div>
        {gb.note && (
          <div className="r-gb-note">
            <span className="r-gb-note-who">{leaderName ? t('card.leaderSays', { name: leaderName }) : t('card.leaderNote')}</span>
            {gb.note}
          </div>
        )}
        <div className="r-gb-stock">
          {t('card.sold', { n: gb.soldQuantity })}
          <span className="r-dot">·</span>
          {!live ? t('card.buyers', { n: gb.buyerCount }) : soldOut ? <span className="r-danger">{t('card.soldOut')}</span> : t('card.left', { n: gb.stockAvailable })}
        </div>
        <div className="r-gb-price-row">
          <span>
            <Price fen={gb.priceFen} size="md" />
            {gb.product.listPriceFen > gb.priceFen && <ListPrice fen={gb.product.listPriceFen} />}
          </span>
          {live && !soldOut ? <span className="r-gb-go">{gb.status === 'open' ? t('card.buy') : t('card.preview')}</span> : <span className="r-gb-view">{t('card.view')}</span>}
        </div>
        <div className="r-gb-time">
          {gb.status === 'open' && <Countdown to={gb.cutoffAt} kind="cutoff" onEnd={onCountdownEnd} />}
          {gb.status === 'scheduled' && <Countdown to={gb.opensAt} kind="opens" onEnd={onCountdownEnd} />}
          {!live && <span className="r-muted">{gb.status === 'arrived' ? t('card.pickupWindow', { time: fmt.window(gb.pickupStartAt, gb.pickupEndAt) }) : t('card.closedAt', { time: fmt.time(gb.closedAt ?? gb.cutoffAt) })}</span>}
        </div>
      </div>
    </Link>
  );
}
