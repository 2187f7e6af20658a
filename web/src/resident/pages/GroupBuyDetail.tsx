import { useCallback, useRef, useState } from 'react';
import { Button, Dialog, ProgressBar, Skeleton, Stepper, Toast } from 'antd-mobile';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, newIdempotencyKey, yuan } from '../../shared/api';
import { RequireLogin } from '../../shared/auth';
import { ErrorView } from '../components/ErrorView';
import type { GroupBuy, Me } from '../../shared/types';
import { HOLDING_STATUSES, isUuid, keys, useCommunity, useGroupBuy, useRecentOrders, type PlaceOrderResult } from '../lib/api';
import { useTimeFormat } from '../lib/time';
import { ProductImage } from '../components/ProductImage';
import { ListPrice, Price } from '../components/Price';
import { Countdown } from '../components/Countdown';
import { GroupBuyStatusTag } from '../components/StatusTag';
import { LeaderAvatar } from '../components/LeaderBadge';
import { ChevronRight, ClockIcon, HomeIcon, OrdersIcon, PinIcon, QrIcon, ShieldIcon } from '../components/icons';
import { PhotoStrip, Stars } from '../components/Endorsement';
import { MobilePage, useTitle } from '../components/Page';
import { NotFound } from './NotFound';

/** /g/:groupBuyId — one group buy: what it is, why the leader recommends it, and 「立即接龙」. */
export default function GroupBuyDetailPage() {
  const { groupBuyId } = useParams();
  if (!isUuid(groupBuyId)) return <NotFound kind="groupBuy" />;
  return <RequireLogin>{(me) => <GroupBuyDetail me={me} id={groupBuyId} />}</RequireLogin>;
}

type Blocked = 'scheduled' | 'closed' | 'arrived' | 'cancelled' | 'soldOut' | 'limitReached' | null;

function GroupBuyDetail({ me, id }: { me: Me; id: string }) {
  const { t } = useTranslation('resident');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const query = useGroupBuy(id);
  const gb = query.data;
  const community = useCommunity(gb?.communityId);
  const recent = useRecentOrders(!!gb);
  const fmt = useTimeFormat(community.data?.timeZone ?? me.communities.find((c) => c.id === gb?.communityId)?.timeZone);
  const [quantity, setQuantity] = useState(1);
  // One idempotency key per checkout attempt: a double tap or a retry after a network hiccup reuses
  // it, so the server returns the same order instead of creating a second one.
  const attemptKey = useRef<{ key: string; quantity: number } | null>(null);
  useTitle(gb?.title);

  const refetch = query.refetch;
  const onCountdownEnd = useCallback(() => { void refetch(); }, [refetch]);

  const place = useMutation({
    mutationFn: (input: { quantity: number; idempotencyKey: string }) =>
      api<PlaceOrderResult>(`/api/group-buys/${id}/orders`, { body: input }),
    onSuccess: (res) => {
      attemptKey.current = null;
      void queryClient.invalidateQueries({ queryKey: keys.orders });
      void queryClient.invalidateQueries({ queryKey: keys.groupBuy(id) });
      void queryClient.invalidateQueries({ queryKey: ['group-buys'] });
      if (res.payment) navigate(res.payment.payUrl);
      else navigate(`/orders/${res.order.id}`);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status < 500) {
        // The server refused (sold out, over the limit, closed): nothing was created, start afresh next time.
        attemptKey.current = null;
        void Dialog.alert({ title: t('detail.orderFailed'), content: err.message, confirmText: t('detail.gotIt') });
        void query.refetch();
        void recent.refetch();
      } else {
        // Network or server trouble: keep the key so 「重试」 cannot create a duplicate order.
        Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : t('detail.networkError'), duration: 3000 });
      }
    },
  });

  if (query.isError) {
    return (
      <MobilePage title={t('detail.title')} back="/">
        <ErrorView error={query.error} onRetry={() => query.refetch()} />
      </MobilePage>
    );
  }
  if (!gb) {
    return (
      <MobilePage title={t('detail.title')} back="/">
        <div className="r-detail-skeleton" aria-busy="true">
          <Skeleton animated className="r-detail-skel-img" />
          <div style={{ padding: 16 }}><Skeleton.Title animated /><Skeleton.Paragraph lineCount={4} animated /></div>
        </div>
      </MobilePage>
    );
  }

  const c = community.data;
  const leader = c?.leaders.find((l) => l.userId === gb.leaderId) ?? c?.leaders[0];
  const myOrders = (recent.data?.items ?? []).filter((o) => o.groupBuyId === gb.id && HOLDING_STATUSES.includes(o.status));
  const myQty = myOrders.reduce((s, o) => s + o.quantity, 0);
  const myPending = myOrders.find((o) => o.status === 'pending_payment');
  const remainingForMe = Math.max(0, gb.perPersonLimit - myQty);
  const maxQty = Math.max(0, Math.min(remainingForMe, gb.stockAvailable));
  const qty = Math.min(Math.max(1, quantity), Math.max(1, maxQty));
  const claimed = gb.stockTotal - gb.stockAvailable;
  const percent = gb.stockTotal > 0 ? Math.round((claimed / gb.stockTotal) * 100) : 0;

  const blocked: Blocked =
    gb.status === 'scheduled' ? 'scheduled'
      : gb.status === 'closed' ? 'closed'
        : gb.status === 'arrived' ? 'arrived'
          : gb.status === 'cancelled' ? 'cancelled'
            : gb.stockAvailable <= 0 ? 'soldOut'
              : maxQty < 1 ? 'limitReached'
                : null;

  const submit = () => {
    if (place.isPending || blocked) return;
    // A different quantity is a different checkout, so it gets its own key.
    if (!attemptKey.current || attemptKey.current.quantity !== qty) attemptKey.current = { key: newIdempotencyKey(), quantity: qty };
    place.mutate({ quantity: qty, idempotencyKey: attemptKey.current.key });
  };
  const changeQuantity = (v: number) => setQuantity(v);

  const homeLink = `/c/${gb.communityId}`;
  return (
    <MobilePage title={t('detail.title')} back={homeLink} className="r-detail">
      <div className="r-detail-media">
        <ProductImage src={gb.product.imageUrls[0]} alt={gb.title} eager />
      </div>

      <div className={`r-price-band${gb.status === 'open' || gb.status === 'scheduled' ? '' : ' r-price-band-muted'}`}>
        <div>
          <div className="r-price-band-label">{t('detail.groupPrice')}</div>
          <div className="r-price-band-main">
            <Price fen={gb.priceFen} size="xl" />
            <span className="r-price-unit">/{gb.product.unit}</span>
            {gb.product.listPriceFen > gb.priceFen && <ListPrice fen={gb.product.listPriceFen} />}
          </div>
        </div>
        <div className="r-price-band-right">
          {gb.status === 'open' && (<><div className="r-price-band-label">{t('countdown.cutoff')}</div><Countdown to={gb.cutoffAt} kind="cutoff" variant="boxes" onEnd={onCountdownEnd} /></>)}
          {gb.status === 'scheduled' && (<><div className="r-price-band-label">{t('countdown.opens')}</div><Countdown to={gb.opensAt} kind="opens" variant="boxes" onEnd={onCountdownEnd} /></>)}
          {gb.status !== 'open' && gb.status !== 'scheduled' && <GroupBuyStatusTag status={gb.status} />}
        </div>
      </div>

      <section className="r-card r-detail-head">
        <h1 className="r-detail-title">{gb.title}</h1>
        <div className="r-detail-spec">{gb.product.spec}</div>
        {gb.product.origin && <div className="r-detail-origin"><span className="r-badge">{t('detail.origin')}</span>{gb.product.origin}</div>}
        <div className="r-stock">
          <ProgressBar percent={percent} style={{ '--fill-color': 'var(--adm-color-primary)', '--track-width': '8px' } as React.CSSProperties} />
          <div className="r-stock-text">
            <span>{t('card.sold', { n: gb.soldQuantity })}<span className="r-dot">·</span>{gb.stockAvailable > 0 ? t('card.left', { n: gb.stockAvailable }) : <span className="r-danger">{t('card.soldOut')}</span>}</span>
            {gb.buyerCount > 0 && <span className="r-muted">{t('detail.buyers', { n: gb.buyerCount })}</span>}
          </div>
          {gb.status === 'open' && gb.stockAvailable <= 0 && gb.soldQuantity < gb.stockTotal && (
            <div className="r-small r-warning r-stock-hint">{t('detail.soldOutPending')}</div>
          )}
        </div>
      </section>

      {myQty > 0 && (
        <Link to={myPending ? `/orders/${myPending.id}` : myOrders.length === 1 ? `/orders/${myOrders[0].id}` : '/orders'} className="r-mine-notice" data-testid="my-orders-notice">
          <span>{myPending ? t('detail.minePending', { n: myQty }) : t('detail.mine', { n: myQty })}</span>
          <span className="r-mine-link">{myPending ? t('detail.goPay') : t('detail.viewOrder')}<ChevronRight size={14} /></span>
        </Link>
      )}

      {gb.endorsement ? (
        <section className="r-card r-leader-note r-endorse" data-testid="endorsement-block">
          <div className="r-leader-note-head">
            <LeaderAvatar name={gb.endorsement.leaderName} size={44} />
            <div className="r-endorse-head-text">
              <div className="r-leader-note-says r-endorse-title">
                {t('detail.trialBy', { name: gb.endorsement.leaderName })}<Stars rating={gb.endorsement.rating} size="lg" />
              </div>
              <div className="r-muted r-small">
                {gb.endorsement.leaderTitle ? `${gb.endorsement.leaderTitle} · ` : ''}{t('detail.triedOn', { date: fmt.date(gb.endorsement.createdAt) })}
              </div>
            </div>
          </div>
          <blockquote className="r-quote">{gb.endorsement.story}</blockquote>
          <PhotoStrip urls={gb.endorsement.photoUrls} alt={t('detail.trialPhotos', { name: gb.endorsement.leaderName })} />
          {gb.note && gb.note.trim() !== gb.endorsement.story.trim() && (
            <div className="r-endorse-note" data-testid="leader-note">
              <span className="r-endorse-note-label">{t('detail.noteThisTime', { name: gb.endorsement.leaderName })}</span>
              {gb.note}
            </div>
          )}
          <div className="r-endorse-foot"><ShieldIcon size={14} />{t('detail.endorseDuty', { name: gb.endorsement.leaderName })}</div>
        </section>
      ) : gb.note && (
        <section className="r-card r-leader-note" data-testid="leader-note">
          <div className="r-leader-note-head">
            <LeaderAvatar name={leader?.name ?? '团'} size={40} />
            <div>
              <div className="r-leader-note-says">{t('detail.leaderSays', { name: leader?.name ?? t('detail.leaderFallback') })}</div>
              {leader?.title && <div className="r-muted r-small">{leader.title}</div>}
            </div>
          </div>
          <blockquote className="r-quote">{gb.note}</blockquote>
        </section>
      )}

      {gb.batchCode && (
        <Link to={`/t/${encodeURIComponent(gb.batchCode)}`} className="r-card r-trace-entry" data-testid="trace-link">
          <span className="r-trace-entry-icon"><QrIcon size={22} /></span>
          <span className="r-trace-entry-text">
            <span className="r-strong">{t('detail.traceTitle')}</span>
            <span className="r-small r-muted">{t('detail.traceSteps')}</span>
            <span className="r-small r-trace-entry-code">{t('trace.batch')} <span className="r-mono">{gb.batchCode}</span></span>
          </span>
          <ChevronRight size={16} className="r-muted" />
        </Link>
      )}

      <section className="r-card r-facts">
        <Fact label={t('detail.limit')} value={t('detail.limitValue', { n: gb.perPersonLimit, unit: gb.product.unit })} />
        <Fact label={gb.status === 'scheduled' ? t('detail.opensAt') : t('detail.cutoffAt')} value={fmt.time(gb.status === 'scheduled' ? gb.opensAt : gb.cutoffAt)} />
        <Fact label={t('detail.pickupTime')} value={fmt.window(gb.pickupStartAt, gb.pickupEndAt)} icon={<ClockIcon size={16} />} />
        {c && <Fact label={t('detail.pickupPlace')} value={<>{c.pickupPointName}<div className="r-muted r-small">{c.pickupPointAddress}</div></>} icon={<PinIcon size={16} />} />}
      </section>

      {gb.product.description && (
        <section className="r-card">
          <h2 className="r-card-title">{t('detail.description')}</h2>
          <p className="r-paragraph">{gb.product.description}</p>
        </section>
      )}

      <section className="r-card r-promise">
        <ShieldIcon size={22} />
        <div>
          <div className="r-promise-title">{t('detail.promiseTitle')}</div>
          <div className="r-small r-muted">{t('detail.promiseText')}</div>
        </div>
      </section>

      <div className="r-bottom-spacer" />
      <div className="r-bottom-bar r-buy-bar">
        {!blocked && (
          <div className="r-qty-row">
            <span>
              {t('detail.quantity')}
              <span className="r-muted r-small"> {remainingForMe < gb.perPersonLimit ? t('detail.canStillBuy', { n: maxQty }) : t('detail.limitShort', { n: gb.perPersonLimit })}</span>
            </span>
            <Stepper min={1} max={maxQty} value={qty} onChange={changeQuantity} digits={0} inputReadOnly data-testid="quantity" aria-label={t('detail.quantity')} />
          </div>
        )}
        <div className="r-buy-row">
          <button type="button" className="r-icon-btn" onClick={() => navigate(homeLink)}><HomeIcon size={22} /><span>{t('tabs.home')}</span></button>
          <button type="button" className="r-icon-btn" onClick={() => navigate('/orders')}><OrdersIcon size={22} /><span>{t('tabs.ordersShort')}</span></button>
          <Button className="r-buy-btn" color="primary" shape="rounded" size="large" disabled={!!blocked} loading={place.isPending} onClick={submit} data-testid="place-order">
            {blocked ? blockedText(blocked, gb, t, fmt.time) : t('detail.buyNow', { amount: yuan(gb.priceFen * qty) })}
          </Button>
        </div>
      </div>
    </MobilePage>
  );
}

function blockedText(b: Exclude<Blocked, null>, gb: GroupBuy, t: (k: string, o?: Record<string, unknown>) => string, time: (iso: string) => string) {
  switch (b) {
    case 'scheduled': return t('detail.blocked.scheduled', { time: time(gb.opensAt) });
    case 'limitReached': return t('detail.blocked.limitReached', { n: gb.perPersonLimit });
    default: return t(`detail.blocked.${b}`);
  }
}

function Fact({ label, value, icon }: { label: string; value: React.ReactNode; icon?: React.ReactNode }) {
  return (
    <div className="r-fact">
      <span className="r-fact-label">{icon}{label}</span>
      <span className="r-fact-value">{value}</span>
    </div>
  );
}
