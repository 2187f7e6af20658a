import { Button, Dialog, Skeleton, Toast } from 'antd-mobile';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../shared/api';
import { RequireLogin } from '../../shared/auth';
import { EmptyState } from '../../shared/states';
import { ErrorView } from '../components/ErrorView';
import type { Me } from '../../shared/types';
import { useMyOrders, useMyTrust, useNotices } from '../lib/api';
import { communityOf, homeCommunityId } from '../lib/community';
import { readyByCommunity } from '../lib/orders';
import { OrderCard } from '../components/orders/OrderCard';
import { HandoverCards } from '../components/orders/HandoverCards';
import { LoadMore } from '../components/LoadMore';
import { LeaderAvatar } from '../components/LeaderBadge';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { TextSizeSwitch } from '../components/TextSizeSwitch';
import { ResidentTabBar } from '../components/ResidentTabBar';
import { useTitle } from '../components/Page';
import { BellIcon, ChevronRight, QrIcon, ShieldIcon } from '../components/icons';
import { levelVariant } from '../lib/trust';
import { ClaimsEntry } from '../components/claims';
import { BirthdayRow } from '../components/BirthdayRow';
import { MembershipEntries } from '../components/MembershipEntries';
import { Name } from '../../shared/names';
import { useReviewableLines } from '../lib/reviews';
import { ReviewsEntry } from '../components/reviews/ReviewsEntry';

/** /orders — 「我的」: who I am, language, and all my orders. */
export default function OrdersPage() {
  return <RequireLogin>{(me) => <Orders me={me} />}</RequireLogin>;
}

function Orders({ me }: { me: Me }) {
  const { t } = useTranslation('resident');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const list = useMyOrders();
  const toReview = useReviewableLines();
  useTitle(t('orders.title'));

  const logout = useMutation({
    mutationFn: () => api('/api/auth/logout', { method: 'POST' }),
    onSuccess: async () => {
      queryClient.clear();
      navigate('/login', { replace: true });
    },
    onError: (err) => Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : String(err) }),
  });
  const confirmLogout = async () => {
    const ok = await Dialog.confirm({ content: t('me.logoutConfirm'), confirmText: t('common:logout'), cancelText: t('common:cancel') });
    if (ok) logout.mutate();
  };

  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const home = homeCommunityId(me);
  return (
    <div className="mobile-page r-page r-orders">
      <header className="r-me">
        <LeaderAvatar name={me.user.name || me.user.phoneMasked} size={48} />
        <div className="r-me-text">
          <div className="r-me-name" data-testid="me-name">{me.user.name ? <Name>{me.user.name}</Name> : t('me.neighbour')}</div>
          <div className="r-me-phone">{me.user.phoneMasked}{home && communityOf(me, home) ? <> · <Name>{communityOf(me, home)!.name}</Name></> : ''}</div>
        </div>
        <div className="r-me-actions">
          <TextSizeSwitch className="r-lang-light" />
          <LanguageSwitch className="r-lang-light" />
          <button type="button" className="r-lang r-lang-light" onClick={confirmLogout} data-testid="logout">{t('common:logout')}</button>
        </div>
      </header>

      <HandoverCards me={me} />
      <PickupEntry me={me} ready={readyByCommunity(items)} />
      <NoticeEntry />
      <TrustEntry />
      <ClaimsEntry />
      <ReviewsEntry toReview={toReview.data} />
      <BirthdayRow me={me} />
      <MembershipEntries me={me} />

      <h2 className="r-section-title">{t('orders.title')}</h2>
      {list.isPending ? (
        <div className="r-list" aria-busy="true">
          {[0, 1].map((i) => <div key={i} className="r-card"><Skeleton.Title animated /><Skeleton.Paragraph lineCount={3} animated /></div>)}
        </div>
      ) : list.isError ? (
        <ErrorView error={list.error} onRetry={() => list.refetch()} />
      ) : items.length === 0 ? (
        <div className="r-empty">
          <EmptyState title={t('orders.empty')} description={t('orders.emptyHint')} />
          {home && <div className="r-center"><Button color="primary" shape="rounded" onClick={() => navigate(`/c/${home}`)}>{t('orders.goShopping')}</Button></div>}
        </div>
      ) : (
        <div className="r-list">
          {items.map((o) => <OrderCard key={o.id} order={o} me={me} toReview={toReview.data?.filter((l) => l.orderId === o.id)} />)}
          <LoadMore hasMore={!!list.hasNextPage} loading={list.isFetchingNextPage} onLoad={() => { void list.fetchNextPage(); }} count={items.length} />
        </div>
      )}
      <ResidentTabBar active="orders" />
    </div>
  );
}

/**
 * 「取货码」: a big call when something is ready (one per pickup point), else a quiet row to the pickup
 * page (代取 passes live there too).
 */
function PickupEntry({ me, ready }: { me: Me; ready: Map<string, number> }) {
  const { t } = useTranslation('resident');
  const home = homeCommunityId(me);
  if (ready.size > 0) {
    return (
      <>
        {[...ready.entries()].map(([communityId, n]) => {
          const c = communityOf(me, communityId);
          return (
            <Link key={communityId} to={`/c/${communityId}/pickup`} className="r-card r-ready-banner" data-testid="ready-banner">
              <span className="r-ready-banner-icon"><QrIcon size={26} /></span>
              <span className="r-ready-banner-text">
                <span className="r-ready-banner-title">{t('orders.readyBanner', { n })}</span>
                <span className="r-small">{c ? t('orders.readyAt', { place: c.pickupPointName }) : ''}</span>
              </span>
              <span className="r-ready-banner-go">{t('orders.showCode')}<ChevronRight size={16} /></span>
            </Link>
          );
        })}
      </>
    );
  }
  if (!home) return null;
  return (
    <Link to={`/c/${home}/pickup`} className="r-card r-me-link" data-testid="pickup-entry">
      <span className="r-me-link-icon"><QrIcon size={20} /></span>
      <span className="r-me-link-text">
        <span className="r-strong">{t('orders.pickupEntry')}</span>
        <span className="r-small r-muted r-ellipsis">{t('orders.pickupEntryHint')}</span>
      </span>
      <ChevronRight size={16} className="r-muted" />
    </Link>
  );
}

/** 「消息通知」 row in 我的: the newest notice and how many are unread. */
function NoticeEntry() {
  const { t } = useTranslation('resident');
  const notices = useNotices();
  const unread = notices.data?.unread ?? 0;
  const latest = notices.data?.items[0];
  return (
    <Link to="/notices" className="r-card r-me-link" data-testid="notice-entry">
      <span className="r-me-link-icon"><BellIcon size={20} /></span>
      <span className="r-me-link-text">
        <span className="r-strong">{t('notices.title')}</span>
        <span className="r-small r-muted r-ellipsis">{latest ? latest.title : t('notices.emptyShort')}</span>
      </span>
      {unread > 0 && <span className="r-count-pill">{t('notices.unreadPill', { count: unread })}</span>}
      <ChevronRight size={16} className="r-muted" />
    </Link>
  );
}

/** 「我的信任」 row in 我的: her level and score, private to her; opens /me/trust. */
function TrustEntry() {
  const { t } = useTranslation('resident');
  const trust = useMyTrust();
  const d = trust.data;
  return (
    <Link to="/me/trust" className="r-card r-me-link" data-testid="trust-entry">
      <span className="r-me-link-icon r-me-link-trust"><ShieldIcon size={20} /></span>
      <span className="r-me-link-text">
        <span className="r-strong">{t('trust.entry')}</span>
        <span className="r-small r-muted r-ellipsis">{d ? t('trust.entryHint', { label: t(`trust.levels.${levelVariant(d)}`), score: d.score }) : t('trust.entryLoading')}</span>
      </span>
      {d && <span className={`r-level-pill r-level-pill-${d.level}`}>{d.level}</span>}
      <ChevronRight size={16} className="r-muted" />
    </Link>
  );
}
