import { useTranslation } from 'react-i18next';
import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { Button, DotLoading, Toast } from 'antd-mobile';
import { api, formatTime, yuan } from '../shared/api';
import type { GroupBuyItemView, LineStatus } from '../shared/types';
import { ActionError, ProductImage, Stars, errorMessage } from './components';
import type { LeaderOrder, RollCall, ShareKit } from './types';
import { copyText } from './lib';
import { groupBuyKeys } from '../shared/query-keys';
import { Name, named } from '../shared/names';
import { Unit, unitLabel } from '../shared/units';

export async function copyWithToast(text: string, t: (k: string) => string) {
  const ok = await copyText(text);
  Toast.show(ok ? { icon: 'success', content: t('gb.copied') } : { content: t('gb.copyFailed') });
}

/** Every item with its price, sold/stock and limit. */
export function ItemsBlock({ items, timeZone }: { items: GroupBuyItemView[]; timeZone: string }) {
  const { t, i18n } = useTranslation('leader');
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  return (
    <section className="card-block" aria-label={t('gb.itemsTitle')}>
      <h3 className="block-title">{t('gb.itemsTitle')}<span className="block-title-extra">{t('gb.itemsCount', { count: items.length })}</span></h3>
      {[...items].sort((a, b) => a.position - b.position).map((it) => {
        const pct = it.stockTotal > 0 ? Math.min(100, Math.round((it.soldQuantity / it.stockTotal) * 100)) : 0;
        return (
          <div className="gb-item-row" key={it.id} data-testid="gb-item-row">
            <ProductImage src={it.product.imageUrls[0]} size={60} />
            <div className="gb-item-info">
              <div className="gb-item-name" translate="no">{it.product.name}</div>
              <div className="gb-item-spec" translate="no">{it.product.spec}</div>
              <div className="gb-item-price"><span className="price">{yuan(it.priceFen)}</span><span className="unit">/<Unit unit={it.product.unit} /></span>
                <span className="gb-item-limit">{t('gb.limitShort', { limit: it.perPersonLimit, unit: unitLabel(it.product.unit, it.perPersonLimit) })}</span>
              </div>
              <div className="gb-item-sold">
                <span>{t('gb.itemSold', { sold: it.soldQuantity, total: it.stockTotal, unit: unitLabel(it.product.unit, it.stockTotal) })}</span>
                <span className={it.stockAvailable === 0 ? 'sold-out' : ''}>{it.stockAvailable === 0 ? t('gb.soldOut') : t('gb.itemLeft', { left: it.stockAvailable })}</span>
              </div>
              <div className="gb-card-bar" aria-hidden="true"><div style={{ width: `${pct}%` }} /></div>
              {it.arrivedAt && <div className="gb-item-arrived">✓ {t('gb.itemArrived', { time: formatTime(it.arrivedAt, timeZone, locale) })}</div>}
              {it.endorsement && <div className="gb-item-trial">{t('gb.yourTrial')} <Stars rating={it.endorsement.rating} label={t('trials.starsLabel', { n: it.endorsement.rating })} /></div>}
            </div>
          </div>
        );
      })}
    </section>
  );
}

const DONE: LineStatus[] = ['picked_up'];
const GONE: LineStatus[] = ['cancelled', 'refunded'];

/** Paid orders: 跟团号, masked name, each current line, 备注 and total after partial refunds. */
export function OrdersBlock({ gbId, timeZone }: { gbId: string; timeZone: string }) {
  const { t, i18n } = useTranslation('leader');
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const orders = useLeaderOrders(gbId);
  return (
    <section className="card-block">
      <h3 className="block-title">
        {t('gb.ordersTitle')}
        <span className="block-title-extra">{orders.isFetching ? <DotLoading /> : t('gb.autoRefresh')}</span>
      </h3>
      {orders.isPending ? <div className="center-muted"><DotLoading /></div>
        : orders.isError ? <><ActionError message={errorMessage(orders.error)} /><Button size="small" onClick={() => { void orders.refetch(); }}>{t('retry', { ns: 'common' })}</Button></>
          : orders.data.items.length === 0 ? <div className="center-muted">{t('gb.noOrders')}</div> : (
            <div className="lo-list">
              {[...orders.data.items].sort((a, b) => (a.groupNumber ?? 1e9) - (b.groupNumber ?? 1e9)).map((o) => (
                <article className="lo-row" key={o.orderId} data-testid="leader-order-row">
                  <div className="lo-head">
                    {o.groupNumber != null ? <span className="group-no">#{o.groupNumber}</span> : <span className="unpaid-tag">{t('lineStatus.pending_payment')}</span>}
                    <span className="lo-name" translate="no">{o.residentName}</span>
                    <span className="lo-total">{yuan(o.totalFen)}</span>
                  </div>
                  <ul className="lo-lines">
                    {o.lines.map((l) => {
                      const qty = l.quantity - l.refundedQuantity;
                      return (
                        <li key={l.lineId} className={GONE.includes(l.status) || qty <= 0 ? 'gone' : DONE.includes(l.status) ? 'done' : ''}>
                          <span translate="no">{l.productName}</span>
                          <b>×{Math.max(0, qty)}</b>
                          {l.refundedQuantity > 0 && <span className="lo-refunded">{t('gb.refundedUnits', { n: l.refundedQuantity })}</span>}
                          <span className="lo-status">{t(`lineStatus.${l.status}`)}</span>
                        </li>
                      );
                    })}
                  </ul>
                  {o.note && <div className="lo-note"><span>{t('gb.orderNote')}</span><Name>{o.note}</Name></div>}
                  {o.paidAt && <div className="lo-time">{t('gb.paidAt', { time: formatTime(o.paidAt, timeZone, locale) })}</div>}
                </article>
              ))}
            </div>
          )}
    </section>
  );
}

export function useLeaderOrders(gbId: string) {
  return useQuery({ queryKey: groupBuyKeys.orders(gbId), queryFn: () => api<{ items: LeaderOrder[] }>(`/api/group-buys/${gbId}/orders`), refetchInterval: 10_000 });
}

/** 接龙 roll call: 「#12 李** 草莓×2 鸡蛋×1」, real paid orders only, masked names. */
export function RollCallBlock({ gbId, version }: { gbId: string; version: string }) {
  const { t } = useTranslation('leader');
  const roll = useQuery({
    queryKey: groupBuyKeys.rollCall(gbId, version),
    queryFn: () => api<RollCall>(`/api/group-buys/${gbId}/roll-call`),
    placeholderData: keepPreviousData,
  });
  return (
    <section className="card-block">
      <h3 className="block-title">{t('gb.rollTitle')}<span className="block-title-extra">{roll.data ? t('gb.rollCount', { count: roll.data.entries.length }) : ''}</span></h3>
      {roll.isPending ? <div className="center-muted"><DotLoading /></div>
        : roll.isError ? <ActionError message={errorMessage(roll.error)} />
          : roll.data.entries.length === 0 ? <div className="center-muted">{t('gb.rollEmpty')}</div> : (
            <>
              <ol className="roll-list" data-testid="roll-call">
                {roll.data.entries.map((e) => (
                  <li key={e.number}><span className="group-no">#{e.number}</span> <span className="roll-name" translate="no">{e.name}</span> {e.items.map((i, k) => <span key={k}>{k > 0 && ' '}<Name>{i.name}</Name>×{i.quantity}</span>)}</li>
                ))}
              </ol>
              <Button block size="large" color="primary" fill="outline" onClick={() => copyWithToast(roll.data.text, t)} data-testid="copy-roll-call">{t('gb.copyRoll')}</Button>
            </>
          )}
    </section>
  );
}

/** The 接龙 text listing every item, its QR, and a copy button for the WeChat group. */
export function ShareBlock({ gbId, version }: { gbId: string; version: string }) {
  const { t, i18n } = useTranslation('leader');
  const share = useQuery({
    queryKey: groupBuyKeys.share(gbId, i18n.language, version),
    queryFn: () => api<ShareKit>(`/api/group-buys/${gbId}/share`),
    placeholderData: keepPreviousData,
  });
  return (
    <section className="card-block">
      <h3 className="block-title">{t('gb.shareTitle')}</h3>
      {share.isPending ? <div className="center-muted"><DotLoading /></div> : share.isError ? <ActionError message={errorMessage(share.error)} /> : (
        <>
          <pre className="share-text" data-testid="share-text" translate="no">{share.data.text}</pre>
          <Button block size="large" color="primary" onClick={() => copyWithToast(share.data.text, t)} data-testid="copy-share">{t('gb.copyShare')}</Button>
          <div className="share-qr">
            <img src={share.data.qrDataUrl} alt={t('gb.shareQrAlt')} width={180} height={180} />
            <div className="section-hint">{t('gb.shareQrHint')}</div>
          </div>
        </>
      )}
    </section>
  );
}
