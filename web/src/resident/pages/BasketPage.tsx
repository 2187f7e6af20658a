import { useEffect, useRef, useState } from 'react';
import { Button, Dialog, Skeleton, TextArea, Toast } from 'antd-mobile';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, yuan } from '../../shared/api';
import { RequireLogin } from '../../shared/auth';
import { EmptyState } from '../../shared/states';
import type { BasketBundleView, BasketLine, BasketView, Me } from '../../shared/types';
import { isUuid, useCommunity } from '../lib/api';
import { groupLines, isShortError, shortLinesOf, useBasket, useCheckout, useSetBasketQuantity } from '../lib/basket';
import { useTimeFormat } from '../lib/time';
import { ErrorView } from '../components/ErrorView';
import { MobilePage, useTitle } from '../components/Page';
import { Price } from '../components/Price';
import { PointsToggle, pointsUsable } from '../points/PointsToggle';
import { useMyPoints } from '../points/api';
import { BasketLineRow } from '../components/basket/BasketLineRow';
import { BundleLineRow } from '../components/basket/BundleLineRow';
import { useSetBasketBundle } from '../lib/bundles';
import '../bundles.css';
import { askBuyRest } from '../components/basket/ShortLinesDialog';
import { FulfilmentPicker, choiceBody, emptyChoice, feeOf, useFulfilmentOptions, type Choice } from '../components/basket/FulfilmentPicker';
import { NotFound } from './NotFound';
import { useLimits } from '../../shared/limits';

const noteStore = (communityId: string) => `linli.basket.note.${communityId}`;

/** /c/:communityId/basket — everything she picked, grouped by 团, checked out once: one order, one payment. */
export default function BasketPage() {
  const { communityId } = useParams();
  if (!isUuid(communityId)) return <NotFound kind="community" />;
  return <RequireLogin>{(me) => <Basket me={me} communityId={communityId} />}</RequireLogin>;
}

function Basket({ me, communityId }: { me: Me; communityId: string }) {
  const { t } = useTranslation('resident');
  const { t: tp } = useTranslation('pickup');
  const noteMax = useLimits().orders.note;
  const navigate = useNavigate();
  const basket = useBasket(communityId);
  const community = useCommunity(communityId);
  const fmt = useTimeFormat(community.data?.timeZone ?? me.communities.find((c) => c.id === communityId)?.timeZone);
  const setQuantity = useSetBasketQuantity(communityId);
  const checkout = useCheckout(communityId);
  const setBundle = useSetBasketBundle(communityId);
  const { t: tb, i18n } = useTranslation('bundles');
  const [note, setNote] = useState(() => { try { return sessionStorage.getItem(noteStore(communityId)) ?? ''; } catch { return ''; } });
  const [removed, setRemoved] = useState<{ line?: BasketLine; bundle?: BasketBundleView; at: number } | null>(null);
  const [choice, setChoice] = useState<Choice>(emptyChoice);
  const fee = feeOf(choice, useFulfilmentOptions(communityId).data);
  const myPoints = useMyPoints(communityId);
  const [usePoints, setUsePoints] = useState(false);
  const undoTimer = useRef<ReturnType<typeof setTimeout>>();
  useTitle(t('basket.title'));

  useEffect(() => { try { sessionStorage.setItem(noteStore(communityId), note); } catch { /* private mode */ } }, [communityId, note]);
  useEffect(() => () => clearTimeout(undoTimer.current), []);

  const back = `/c/${communityId}`;
  if (basket.isError) return <MobilePage title={t('basket.title')} back={back}><ErrorView error={basket.error} onRetry={() => basket.refetch()} /></MobilePage>;
  if (!basket.data) {
    return (
      <MobilePage title={t('basket.title')} back={back}>
        <div className="r-pad" aria-busy="true">{[0, 1].map((i) => <div key={i} className="r-card"><Skeleton.Title animated /><Skeleton.Paragraph lineCount={3} animated /></div>)}</div>
      </MobilePage>
    );
  }
  const b = basket.data;
  const problems = [...b.lines.filter((l) => l.problem), ...b.bundles.filter((x) => x.problem)];
  // 积分抵扣: what her points take off this basket (capped per order), when she turned it on.
  const pointsOff = usePoints && myPoints.data ? pointsUsable(myPoints.data, b.totalFen + fee) : 0;

  const change = (line: BasketLine, quantity: number) =>
    setQuantity.mutate({ itemId: line.itemId, quantity }, {
      onError: (err) => Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : t('detail.networkError'), duration: 3000 }),
    });
  const remove = (line: BasketLine) => {
    change(line, 0);
    setRemoved({ line, at: Date.now() });
    clearTimeout(undoTimer.current);
    undoTimer.current = setTimeout(() => setRemoved(null), 6000);
  };
  const changeBundle = (bundle: BasketBundleView, quantity: number) =>
    setBundle.mutate({ offerId: bundle.offerId, quantity }, {
      onError: (err) => Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : t('detail.networkError'), duration: 3000 }),
    });
  const removeBundle = (bundle: BasketBundleView) => {
    changeBundle(bundle, 0);
    setRemoved({ bundle, at: Date.now() });
    clearTimeout(undoTimer.current);
    undoTimer.current = setTimeout(() => setRemoved(null), 6000);
  };
  const undo = () => {
    if (!removed) return;
    clearTimeout(undoTimer.current);
    if (removed.line) change(removed.line, removed.line.quantity);
    if (removed.bundle) changeBundle(removed.bundle, removed.bundle.quantity);
    setRemoved(null);
  };
  const bundleName = (x: BasketBundleView) => (i18n.language === 'en' ? x.nameEn : x.nameZh);
  // A group buy's bundles sit in its group, above its single items; a group buy with only bundles gets its own group.
  const groups = groupLines(b.lines).map((g) => ({ ...g, bundles: [] as BasketBundleView[] }));
  for (const x of b.bundles) {
    let g = groups.find((y) => y.groupBuyId === x.groupBuyId);
    if (!g) { g = { groupBuyId: x.groupBuyId, title: x.title, cutoffAt: x.cutoffAt, pickupStartAt: x.pickupStartAt, pickupEndAt: x.pickupEndAt, lines: [], bundles: [] }; groups.push(g); }
    g.bundles.push(x);
  }

  const pay = (current: BasketView) => {
    const body = choiceBody(choice);
    if (!body) { Toast.show({ content: tp('choice.needArea'), duration: 3000 }); return; }
    checkout.checkout({ note, choice: body, points: pointsOff || undefined }, current, {
      onSuccess: (res) => {
        try { sessionStorage.removeItem(noteStore(communityId)); } catch { /* private mode */ }
        navigate(res.payment ? res.payment.payUrl : `/orders/${res.order.id}`);
      },
      onError: async (err) => {
        // A bundle's part ran short: 「买剩下的」 would put loose items in; show the refusal, the refreshed basket names the bundle.
        if (isShortError(err) && shortLinesOf(err).some((s) => !current.lines.some((l) => l.itemId === s.itemId))) {
          void Dialog.alert({ title: t('basket.failed'), content: err.message, confirmText: t('detail.gotIt') });
        } else if (isShortError(err)) {
          const short = shortLinesOf(err);
          if (await askBuyRest(short, t)) await buyRest(short.map((s) => ({ itemId: s.itemId, quantity: s.available })));
        } else if (err instanceof ApiError && err.status < 500) {
          void Dialog.alert({ title: t('basket.failed'), content: err.message, confirmText: t('detail.gotIt') });
        } else {
          Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : t('detail.networkError'), duration: 3000 });
        }
      },
    });
  };

  /** 「买剩下的」: set each short line to what is left (0 takes it out), then check out again. */
  const buyRest = async (fixes: { itemId: string; quantity: number }[]) => {
    let latest: BasketView | undefined;
    try {
      for (const f of fixes) latest = await setQuantity.mutateAsync({ itemId: f.itemId, quantity: Math.max(0, f.quantity) });
    } catch (err) {
      Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : t('detail.networkError'), duration: 3000 });
      return;
    }
    const fresh = (await basket.refetch()).data ?? latest;
    if (!fresh || (fresh.lines.length === 0 && fresh.bundles.length === 0)) {
      Toast.show({ content: t('basket.nothingLeft'), duration: 3000 });
      return;
    }
    if (fresh.lines.some((l) => l.problem) || fresh.bundles.some((x) => x.problem)) {
      Toast.show({ content: t('basket.problemsFirst'), duration: 3000 });
      return;
    }
    pay(fresh);
  };

  const undoBar = removed && (
    <div className="r-undo-bar" role="status" data-testid="undo-bar">
      <span className="r-ellipsis">{removed.bundle ? tb('basket.removed', { name: bundleName(removed.bundle) }) : t('basket.removed', { name: removed.line?.product.name })}</span>
      <button type="button" onClick={undo} data-testid="undo-remove">{t('basket.undo')}</button>
    </div>
  );

  if (b.lines.length === 0 && b.bundles.length === 0) {
    return (
      <MobilePage title={t('basket.title')} back={back} className="r-basket">
        <div className="r-empty">
          <EmptyState title={t('basket.empty')} description={t('basket.emptyHint')} />
          <div className="r-center"><Button color="primary" shape="rounded" size="large" onClick={() => navigate(back)}>{t('basket.goShopping')}</Button></div>
        </div>
        {undoBar}
      </MobilePage>
    );
  }

  return (
    <MobilePage title={t('basket.titleCount', { n: b.count })} back={back} className="r-basket">
      <div className="r-basket-lead">{t('basket.oneOrder')}</div>
      {groups.map((g) => (
        <section key={g.groupBuyId} className="r-card r-bgroup" data-testid="basket-group">
          <div className="r-bgroup-head">
            <div className="r-bgroup-title" translate="no">{g.title}</div>
            <div className="r-bgroup-times">
              <span>{t('basket.cutoff', { time: fmt.time(g.cutoffAt) })}</span>
              <span>{t('basket.pickup', { time: fmt.window(g.pickupStartAt, g.pickupEndAt) })}</span>
            </div>
          </div>
          {g.bundles.map((x) => (
            <BundleLineRow key={x.offerId} bundle={x} busy={checkout.isPending}
              onQuantity={(q) => changeBundle(x, q)} onRemove={() => removeBundle(x)} />
          ))}
          {g.lines.map((l) => (
            <BasketLineRow key={l.itemId} line={l} busy={checkout.isPending}
              onQuantity={(q) => change(l, q)} onRemove={() => remove(l)} />
          ))}
        </section>
      ))}

      <FulfilmentPicker communityId={communityId} value={choice} onChange={setChoice} />
      <section className="r-card">
        <label className="r-card-title" htmlFor="basket-note">{t('basket.note')}</label>
        <TextArea id="basket-note" className="r-note-input" value={note} onChange={(v) => setNote(v.slice(0, noteMax))} maxLength={noteMax} showCount rows={2} autoSize={{ minRows: 2, maxRows: 5 }}
          placeholder={t('basket.notePlaceholder')} data-testid="basket-note" />
      </section>

      {myPoints.data && <PointsToggle points={myPoints.data} totalFen={b.totalFen + fee} on={usePoints} onChange={setUsePoints} />}

      <div className="r-bottom-spacer r-bottom-spacer-tall" />
      {undoBar}
      <div className="r-bottom-bar r-basket-bar">
        {problems.length > 0 && <div className="r-basket-bar-warn" role="alert">{t('basket.problemsFirst')}</div>}
        <div className="r-basket-bar-row">
          <div className="r-basket-sum">
            <span>{t('basket.total')}</span><Price fen={b.totalFen + fee - pointsOff} size="lg" />
            <div className="r-small r-muted">{fee ? tp('choice.total', { goods: yuan(b.totalFen), fee: yuan(fee) }) : t('basket.count', { n: b.count })}</div>
          </div>
          <Button className="r-grow" color="primary" shape="rounded" size="large" disabled={problems.length > 0 || setQuantity.isPending || setBundle.isPending} loading={checkout.isPending}
            onClick={() => pay(b)} data-testid="checkout">
            {t('basket.checkout')}
          </Button>
        </div>
        <div className="r-bottom-hint">{t('basket.payOnce', { amount: yuan(b.totalFen + fee - pointsOff) })}</div>
      </div>
    </MobilePage>
  );
}
