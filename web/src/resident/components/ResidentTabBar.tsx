import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../shared/auth';
import { homeCommunityId } from '../lib/community';
import { HomeIcon, OrdersIcon } from './icons';

/** Bottom tab bar: 首页 / 我的订单. */
export function ResidentTabBar({ active, communityId }: { active: 'home' | 'orders'; communityId?: string }) {
  const { t } = useTranslation('resident');
  const navigate = useNavigate();
  const me = useMe();
  const home = communityId ?? homeCommunityId(me.data);
  const tabs = [
    { key: 'home' as const, label: t('tabs.home'), icon: <HomeIcon size={24} />, to: home ? `/c/${home}` : '/' },
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
