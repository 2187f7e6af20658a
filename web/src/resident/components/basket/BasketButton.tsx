import { Badge } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useBasket } from '../../lib/basket';
import { CartIcon } from '../icons';

/** The basket with how many things are in it, for a bottom bar; opens /c/:id/basket. */
export function BasketButton({ communityId }: { communityId: string }) {
  const { t } = useTranslation('resident');
  const navigate = useNavigate();
  const basket = useBasket(communityId);
  const count = basket.data?.count ?? 0;
  const label = count > 0 ? t('shop.basketWithCount', { n: count }) : t('shop.basket');
  const open = () => navigate(`/c/${communityId}/basket`);
  return (
    <button type="button" className="r-icon-btn" onClick={open} aria-label={label} data-testid="basket-button">
      <Badge content={count > 0 ? (count > 99 ? '99+' : count) : null}><CartIcon size={22} /></Badge>
      <span>{t('shop.basket')}</span>
    </button>
  );
}
