import { Badge } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../shared/auth';
import { homeCommunityId } from '../lib/community';
import { useBasket } from '../lib/basket';
import { CartIcon, HomeIcon, OrdersIcon } from './icons';

/** Bottom tab bar: 首页 / 购物车 (with how many things are in it) / 我的订单. */
export function ResidentTabBar({ active, communityId }: { active: 'home' | 'basket' | 'orders'; communityId?: string }) {
  const { t } = useTranslation('resident');
  const navigate = useNavigate();
  const me = useMe();
  const home = communityId ?? homeCommunityId(me.data);
  const isMember = !!home && !!me.data?.communities.some((c) => c.id === home);
  const basket = useBasket(home ?? undefined, isMember);
  const count = basket.data?.count ?? 0;
  const tabs = [
    { key: 'home' as const, label: t('tabs.home'), icon: <HomeIcon size={24} />, to: home ? `/c/${home}` : '/' },
    ...(isMember ? [{
      key: 'basket' as const,
      label: t('shop.basket'),
      icon: <Badge content={count > 0 ? (count > 99 ? '99+' : count) : null}><CartIcon size={24} /></Badge>,
      to: `/c/${home}/basket`,
      aria: count > 0 ? t('shop.basketWithCount', { n: count }) : undefined,
    }] : []),
    { key: 'orders' as const, label: t('tabs.orders'), icon: <OrdersIcon size={24} />, to: '/orders' },
  ];
  return (
    <>
      <div className="r-tabbar-spacer" />
      <nav className="r-tabbar" aria-label={t('tabs.label')}>
        {tabs.map((tab) => (
          <button
            key={tab.key}
            type="button"
            className={`r-tab${tab.key === active ? ' r-tab-active' : ''}`}
            aria-current={tab.key === active ? 'page' : undefined}
            aria-label={'aria' in tab ? tab.aria : undefined}
            onClick={() => tab.key !== active && navigate(tab.to)}
            data-testid={`tab-${tab.key}`}
          >
            {tab.icon}
            <span>{tab.label}</span>
          </button>
        ))}
      </nav>
    </>
  );
}
