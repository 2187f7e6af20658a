import { useCallback, useState } from 'react';
import { Button, Dialog, Skeleton, Toast } from 'antd-mobile';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, yuan } from '../../shared/api';
import { RequireLogin } from '../../shared/auth';
import { ErrorView } from '../components/ErrorView';
import type { BundleOfferView, GroupBuyItemView, Me } from '../../shared/types';
import { isUuid, useCommunity, useGroupBuy } from '../lib/api';
import { quantityInBasket, useBasket, useBuyNow, useSetBasketQuantity } from '../lib/basket';
import { useTimeFormat } from '../lib/time';
import { ProductImage } from '../components/ProductImage';
import { Countdown } from '../components/Countdown';
import { GroupBuyStatusTag } from '../components/StatusTag';
import { LeaderAvatar } from '../components/LeaderBadge';
import { ClockIcon, HomeIcon, OrdersIcon, PinIcon, ShieldIcon } from '../components/icons';
import { MobilePage, useTitle } from '../components/Page';
import { ItemCard } from '../components/gb/ItemCard';
import { BasketButton } from '../components/basket/BasketButton';
import { NotFound } from './NotFound';
import { GroupBuyHistory } from '../../shared/GroupBuyHistory';
import { Name, named } from '../../shared/names';
import { ItemReviews, ItemReviewsLink } from '../components/reviews/ItemReviews';
import { useProvenStandards } from '../../shared/standards';
import { useCampaignBadges } from '../../shared/campaigns';
import { BundleCard } from '../components/gb/BundleCard';
import { bundlesInBasket, useSetBasketBundle } from '../lib/bundles';
import '../bundles.css';

/** /g/:groupBuyId — one 团: what is in it, why the leader recommends each item, and adding to the basket. */
export default function GroupBuyDetailPage() {
  const { groupBuyId } = useParams();
  if (!isUuid(groupBuyId)) return <NotFound kind="groupBuy" />;
  return <RequireLogin>{(me) => <GroupBuyDetail me={me} id={groupBuyId} />}</RequireLogin>;
}

function GroupBuyDetail({ me, id }: { me: Me; id: string }) {
  const { t } = useTranslation('resident');
  const navigate = useNavigate();
  const query = useGroupBuy(id);
  const gb = query.data;
  const communityId = gb?.communityId ?? '';
  const community = useCommunity(gb?.communityId);
  const isMember = me.communities.some((c) => c.id === gb?.communityId);
  const basket = useBasket(gb?.communityId, isMember);
  const setQuantity = useSetBasketQuantity(communityId);
  const buyNow = useBuyNow(id);
  const setBundle = useSetBasketBundle(communityId);
  const { t: tb, i18n } = useTranslation('bundles');
  const proven = useProvenStandards(gb?.items.map((i) => i.productId) ?? []);
  const campaignBadges = useCampaignBadges(gb?.items.map((i) => i.productId) ?? []);
  const fmt = useTimeFormat(community.data?.timeZone ?? me.communities.find((c) => c.id === gb?.communityId)?.timeZone);
  useTitle(gb?.title);

  const refetch = query.refetch;
  const onCountdownEnd = useCallback(() => { void refetch(); }, [refetch]);
  const [reviewItem, setReviewItem] = useState<string | undefined>(undefined);

  if (query.isError) {
    return <MobilePage title={t('detail.title')} back="/"><ErrorView error={query.error} onRetry={() => query.refetch()} /></MobilePage>;
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
  const items = [...gb.items].sort((a, b) => a.position - b.position);
  const live = gb.status === 'open' || gb.status === 'scheduled';
  const failed = (err: unknown, title: string) => {
    if (err instanceof ApiError && err.status < 500) {
      void Dialog.alert({ title, content: err.message, confirmText: t('detail.gotIt') });
      void query.refetch();
    } else {
      Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : t('detail.networkError'), duration: 3000 });
    }
  };

  const add = (item: GroupBuyItemView, n: number) => {
    const quantity = quantityInBasket(basket.data, item.id) + n;
    setQuantity.mutate({ itemId: item.id, quantity }, {
      onSuccess: () => Toast.show({ icon: 'success', content: t('shop.added', { name: item.product.name, n }), duration: 1500 }),
      onError: (err) => failed(err, t('shop.addFailed')),
    });
  };
  const buy = (item: GroupBuyItemView, n: number) => {
    buyNow.buy(item.id, n, {
      onSuccess: (res) => navigate(res.payment ? res.payment.payUrl : `/orders/${res.order.id}`),
      onError: (err) => failed(err, t('detail.orderFailed')),
    });
  };

  const addBundle = (offer: BundleOfferView, n: number) => {
    setBundle.mutate({ offerId: offer.offerId, quantity: bundlesInBasket(basket.data, offer.offerId) + n }, {
      onSuccess: () => Toast.show({ icon: 'success', content: tb('card.added', { name: i18n.language === 'en' ? offer.nameEn : offer.nameZh, n }), duration: 1500 }),
      onError: (err) => failed(err, tb('card.addFailed')),
    });
  };

  const basketCount = basket.data?.count ?? 0;
  return (
    <MobilePage title={t('detail.title')} back={`/c/${communityId}`} className="r-detail">
      <div className="r-detail-media r-gb-hero-media">
        <ProductImage src={items[0]?.product.imageUrls[0]} alt={gb.title} eager />
      </div>

      <div className={`r-price-band${live ? '' : ' r-price-band-muted'}`}>
        <div>
          <div className="r-gb-hero-title" data-testid="gb-title" translate="no">{gb.title}</div>
          <div className="r-price-band-label">{t('shop.heroStats', { items: items.length, sold: gb.soldQuantity, buyers: gb.buyerCount })}</div>
        </div>
        <div className="r-price-band-right">
          {gb.status === 'open' && (<><div className="r-price-band-label">{t('countdown.cutoff')}</div><Countdown to={gb.cutoffAt} kind="cutoff" variant="boxes" onEnd={onCountdownEnd} /></>)}
          {gb.status === 'scheduled' && (<><div className="r-price-band-label">{t('countdown.opens')}</div><Countdown to={gb.opensAt} kind="opens" variant="boxes" onEnd={onCountdownEnd} /></>)}
          {!live && <GroupBuyStatusTag status={gb.status} />}
        </div>
      </div>

      {gb.note && (
        <section className="r-card r-leader-note" data-testid="leader-note">
          <div className="r-leader-note-head">
            <LeaderAvatar name={leader?.name ?? '团'} size={40} />
            <div>
              <div className="r-leader-note-says">{leader?.name ? named(t, 'detail.leaderSays', { name: leader.name }) : t('detail.leaderSays', { name: t('detail.leaderFallback') })}</div>
              {leader?.title && <div className="r-muted r-small" translate="no">{leader.title}</div>}
            </div>
          </div>
          <blockquote className="r-quote" translate="no">{gb.note}</blockquote>
        </section>
      )}

      {isMember && <GroupBuyHistory groupBuyId={gb.id} timeZone={community.data?.timeZone ?? 'Asia/Shanghai'} forLeader={false} className="r-card gbe-history" />}

      {gb.bundles.length > 0 && (
        <>
          <h2 className="r-section-title">{tb('card.title')}</h2>
          {gb.bundles.map((o) => (
            <BundleCard key={o.offerId} offer={o} live={gb.status === 'open' && isMember} inBasket={bundlesInBasket(basket.data, o.offerId)}
              adding={setBundle.isPending && setBundle.variables?.offerId === o.offerId} onAdd={(n) => addBundle(o, n)} />
          ))}
        </>
      )}

      <h2 className="r-section-title">{t('shop.itemsTitle', { n: items.length })}</h2>
      <div className="r-items">
        {items.map((item) => (
          <ItemCard
            key={item.id}
            gb={gb}
            item={item}
            inBasket={quantityInBasket(basket.data, item.id)}
            opensAtText={fmt.time(gb.opensAt)}
            adding={setQuantity.isPending && setQuantity.variables?.itemId === item.id}
            buying={buyNow.isPending && buyNow.variables?.itemId === item.id}
            onAdd={(n) => add(item, n)}
            onBuyNow={(n) => buy(item, n)}
            onOpenBasket={() => navigate(`/c/${communityId}/basket`)}
            reviews={isMember ? <ItemReviewsLink groupBuyId={gb.id} itemId={item.id} onOpen={() => { setReviewItem(item.id); document.getElementById('item-reviews')?.scrollIntoView({ behavior: 'smooth' }); }} /> : undefined}
            standards={proven.data?.get(item.productId)}
            campaigns={campaignBadges.data?.get(item.productId)}
          />
        ))}
      </div>

      {isMember && <ItemReviews groupBuyId={gb.id} items={items} time={fmt.time} chosen={reviewItem} onChoose={setReviewItem} />}

      <section className="r-card r-facts">
        <Fact label={gb.status === 'scheduled' ? t('detail.opensAt') : t('detail.cutoffAt')}
          value={gb.status === 'scheduled' ? fmt.time(gb.opensAt) : gb.closedAt && gb.closedAt < gb.cutoffAt ? t('shop.closedEarly', { time: fmt.time(gb.closedAt) }) : fmt.time(gb.closedAt ?? gb.cutoffAt)} />
        <Fact label={t('detail.pickupTime')} value={fmt.window(gb.pickupStartAt, gb.pickupEndAt)} icon={<ClockIcon size={16} />} />
        {c && <Fact label={t('detail.pickupPlace')} value={<><Name>{c.pickupPointName}</Name><div className="r-muted r-small" translate="no">{c.pickupPointAddress}</div></>} icon={<PinIcon size={16} />} />}
      </section>

      <section className="r-card r-promise" data-testid="held-money">
        <ShieldIcon size={22} />
        <div>
          <div className="r-promise-title">{t('detail.promiseTitle')}</div>
          <div className="r-small r-muted">{t('shop.promiseText')}</div>
        </div>
      </section>

      <div className="r-bottom-spacer" />
      <div className="r-bottom-bar r-buy-bar">
        <div className="r-buy-row">
          <button type="button" className="r-icon-btn" onClick={() => navigate(`/c/${communityId}`)}><HomeIcon size={22} /><span>{t('tabs.home')}</span></button>
          <button type="button" className="r-icon-btn" onClick={() => navigate('/orders')}><OrdersIcon size={22} /><span>{t('tabs.ordersShort')}</span></button>
          {isMember && <BasketButton communityId={communityId} />}
          <Button className="r-buy-btn" color="primary" shape="rounded" size="large" disabled={basketCount === 0} onClick={() => navigate(`/c/${communityId}/basket`)} data-testid="go-basket">
            {basketCount > 0 ? t('shop.goCheckout', { amount: yuan(basket.data?.totalFen ?? 0) }) : t('shop.basketEmptyHint')}
          </Button>
        </div>
      </div>
    </MobilePage>
  );
}

function Fact({ label, value, icon }: { label: string; value: React.ReactNode; icon?: React.ReactNode }) {
  return (
    <div className="r-fact">
      <span className="r-fact-label">{icon}{label}</span>
      <span className="r-fact-value">{value}</span>
    </div>
  );
}
