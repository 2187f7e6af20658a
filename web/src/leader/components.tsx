import { useState, type ReactNode } from 'react';
import { NavBar, TabBar, Tag, Image, ErrorBlock, Button } from 'antd-mobile';
import { useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { GroupBuyStatus, OrderStatus } from '../shared/types';
import { useMe } from '../shared/auth';
import { splitDuration } from './lib';

const tabIcon = (path: ReactNode) => (
  <svg viewBox="0 0 24 24" width="1em" height="1em" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">{path}</svg>
);
const icons = {
  home: tabIcon(<><path d="M3 10.5 12 3l9 7.5" /><path d="M5 9.5V21h14V9.5" /><path d="M9.5 21v-6h5v6" /></>),
  pickup: tabIcon(<><rect x="3" y="3" width="7" height="7" rx="1" /><rect x="14" y="3" width="7" height="7" rx="1" /><rect x="3" y="14" width="7" height="7" rx="1" /><path d="M14 14h3v3h-3zM20 14v.01M14 20h.01M17 20h4v-3" /></>),
  pending: tabIcon(<><path d="M9 4h6a1 1 0 0 1 1 1v1H8V5a1 1 0 0 1 1-1Z" /><path d="M16 5h2a1 1 0 0 1 1 1v14a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1h2" /><path d="M9 11h6M9 15h4" /></>),
  invite: tabIcon(<><circle cx="9" cy="8" r="3.5" /><path d="M2.5 20c.8-3.5 3.3-5.5 6.5-5.5s5.7 2 6.5 5.5" /><path d="M18.5 8v6M15.5 11h6" /></>),
};

const inline = (path: ReactNode, label?: string) => (
  <svg viewBox="0 0 24 24" width="1em" height="1em" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round"
    className="inline-icon" role={label ? 'img' : undefined} aria-label={label} aria-hidden={label ? undefined : true}>{path}</svg>
);
/** Small line icons (emoji are not on every desktop). */
export const Icon = {
  pin: () => inline(<><path d="M12 21s-7-6.2-7-11.5A7 7 0 0 1 19 9.5C19 14.8 12 21 12 21Z" /><circle cx="12" cy="9.5" r="2.5" /></>),
  clock: () => inline(<><circle cx="12" cy="12" r="9" /><path d="M12 7v5l3 2" /></>),
  cart: () => inline(<><path d="M3 4h2l2.4 11h10.2L20 8H6.2" /><circle cx="9" cy="19.5" r="1.5" /><circle cx="17" cy="19.5" r="1.5" /></>),
  done: () => inline(<><circle cx="12" cy="12" r="9" /><path d="m8 12.5 3 3 5-6" /></>),
  trial: () => inline(<><path d="m12 3.5 2.5 5.2 5.7.8-4.1 4 1 5.6L12 16.4 6.9 19.1l1-5.6-4.1-4 5.7-.8z" /></>),
  sheet: () => inline(<><rect x="4" y="3" width="16" height="18" rx="2" /><path d="M4 9h16M4 15h16M10 3v18" /></>),
  print: () => inline(<><path d="M7 8V3h10v5" /><rect x="3" y="8" width="18" height="9" rx="2" /><path d="M7 14h10v7H7z" /></>),
  shield: () => inline(<><path d="M12 3 4 6v6c0 4.5 3.4 8.3 8 9 4.6-.7 8-4.5 8-9V6l-8-3z" /><path d="m8.5 12 2.5 2.5 4.5-5" /></>),
  download: () => inline(<><path d="M12 4v11M7 10.5l5 5 5-5" /><path d="M4 20h16" /></>),
  truck: () => inline(<><path d="M3 6h11v10H3z" /><path d="M14 9h4l3 3.5V16h-7" /><circle cx="7" cy="17.5" r="1.8" /><circle cx="17.5" cy="17.5" r="1.8" /></>),
};

/** ★★★★☆ in gold; `label` is read out instead of the glyphs. */
export function Stars({ rating, label }: { rating: number; label: string }) {
  return (
    <span className="stars" role="img" aria-label={label}>
      {[1, 2, 3, 4, 5].map((i) => <span key={i} className={i <= rating ? 'star-on' : 'star-off'} aria-hidden="true">★</span>)}
    </span>
  );
}

/** Bottom tabs of the leader's pages in one community. */
export function LeaderTabBar({ communityId }: { communityId: string }) {
  const { t } = useTranslation('leader');
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const base = `/leader/${communityId}`;
  const tabs = [
    { key: base, title: t('tabs.home'), icon: icons.home },
    { key: `${base}/pickup`, title: t('tabs.pickup'), icon: icons.pickup },
    { key: `${base}/pending`, title: t('tabs.pending'), icon: icons.pending },
    { key: `${base}/invite`, title: t('tabs.invite'), icon: icons.invite },
  ];
  const active = tabs.slice().reverse().find((tab) => pathname === tab.key || pathname.startsWith(`${tab.key}/`))?.key ?? base;
  return (
    <nav className="leader-tabbar">
      <TabBar activeKey={active} onChange={(key) => navigate(key)} safeArea>
        {tabs.map((tab) => <TabBar.Item key={tab.key} icon={tab.icon} title={tab.title} />)}
      </TabBar>
    </nav>
  );
}

/** A leader page: sticky title bar, content, and the tab bar when the community is known. */
export function LeaderPage({ title, communityId, back, right, children }: {
  title: ReactNode; communityId?: string; back?: string | false; right?: ReactNode; children: ReactNode;
}) {
  const navigate = useNavigate();
  const onBack = back === false ? undefined : () => {
    if (typeof back === 'string') navigate(back);
    else if (window.history.length > 1) navigate(-1);
    else navigate(communityId ? `/leader/${communityId}` : '/');
  };
  return (
    <div className={`mobile-page leader-page${communityId ? ' with-tabbar' : ''}`}>
      <div className="leader-navbar">
        <NavBar back={back === false ? null : ''} onBack={onBack} right={right}>{title}</NavBar>
      </div>
      <main className="leader-body">{children}</main>
      {communityId && <LeaderTabBar communityId={communityId} />}
    </div>
  );
}

/** Only the leaders of this community get past; everybody else gets a plain explanation. */
export function useLeaderOf(communityId: string | undefined) {
  const me = useMe();
  const community = me.data?.communities.find((c) => c.id === communityId && c.role === 'leader');
  return { community, me: me.data };
}

export function NotLeader() {
  const { t } = useTranslation('leader');
  const navigate = useNavigate();
  return (
    <div className="mobile-page leader-page">
      <NavBar back={null}>{t('appName', { ns: 'common' })}</NavBar>
      <ErrorBlock status="default" title={t('forbidden.title')} description={t('forbidden.description')}>
        <Button color="primary" onClick={() => navigate('/')}>{t('forbidden.home')}</Button>
      </ErrorBlock>
    </div>
  );
}

const GB_COLORS: Record<GroupBuyStatus, string> = {
  scheduled: 'primary', open: 'success', closed: 'warning', arrived: '#2a8c6e', cancelled: 'default',
};
export function GroupBuyStatusTag({ status }: { status: GroupBuyStatus }) {
  const { t } = useTranslation();
  return <Tag color={GB_COLORS[status]} fill="solid" round>{t(`groupBuyStatus.${status}`)}</Tag>;
}

const ORDER_COLORS: Record<OrderStatus, string> = {
  pending_payment: 'default', paid: 'primary', confirmed: 'primary', ready_for_pickup: 'warning', picked_up: 'success', cancelled: 'default', refunded: 'default',
};
export function OrderStatusTag({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return <Tag color={ORDER_COLORS[status]} fill="outline">{t(`status.${status}`)}</Tag>;
}

/** Product picture with a calm placeholder when there is none or it fails to load. */
export function ProductImage({ src, size = 72 }: { src?: string; size?: number }) {
  const [failed, setFailed] = useState(false);
  const placeholder = <div className="product-img-placeholder" style={{ width: size, height: size, fontSize: size * 0.42 }} aria-hidden="true"><Icon.cart /></div>;
  if (!src || failed) return placeholder;
  return <Image src={src} width={size} height={size} fit="cover" style={{ borderRadius: 8, flex: 'none' }} lazy onError={() => setFailed(true)} fallback={placeholder} placeholder={placeholder} />;
}

/** "还剩 1 天 3 小时" — or "不到 1 分钟" near the end. */
export function useCountdownLabel() {
  const { t } = useTranslation('leader');
  return (ms: number) => {
    const { days, hours, minutes } = splitDuration(ms);
    if (days > 0) return t('countdown.days', { days, hours });
    if (hours > 0) return t('countdown.hours', { hours, minutes });
    if (minutes > 0) return t('countdown.minutes', { minutes });
    return t('countdown.soon');
  };
}

/** Big, plain error text for actions (not whole-page failures). */
export function ActionError({ message }: { message: string | null }) {
  if (!message) return null;
  return <div role="alert" className="action-error">{message}</div>;
}

export const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));
