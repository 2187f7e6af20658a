import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { api, formatTime, yuan } from './api';
import type { GroupBuyChange } from './types';
import { groupBuyEditKeys } from './query-keys';
import './gb-history.css';

/** One change as a sentence: "草莓 降价：¥36.80 → ¥29.80". */
export function useChangeText(timeZone: string) {
  const { t, i18n } = useTranslation('gbEdit');
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const time = (v: unknown) => (typeof v === 'string' ? formatTime(v, timeZone, locale) : '');
  const num = (v: unknown) => (typeof v === 'number' ? v : 0);
  return (c: GroupBuyChange): string[] => {
    const product = c.productName ?? '';
    const b = c.before;
    const a = c.after;
    switch (c.kind) {
      case 'stock_added': case 'stock_lowered':
        return [t(`history.${c.kind}`, { product, from: num(b.stockTotal), to: num(a.stockTotal) })];
      case 'limit_changed':
        return [t('history.limit_changed', { product, from: num(b.perPersonLimit), to: num(a.perPersonLimit) })];
      case 'item_added':
        return [t('history.item_added', { product: String(a.productName ?? product), price: yuan(num(a.priceFen)), stock: num(a.stockTotal) })];
      case 'price_lowered': case 'price_raised':
        return [t(`history.${c.kind}`, { product, from: yuan(num(b.priceFen)), to: yuan(num(a.priceFen)) })];
      case 'times': {
        const out: string[] = [];
        if (a.cutoffAt) out.push(t('history.cutoff', { from: time(b.cutoffAt), to: time(a.cutoffAt) }));
        if (a.pickupStartAt) out.push(t('history.pickup', { from: `${time(b.pickupStartAt)} – ${time(b.pickupEndAt)}`, to: `${time(a.pickupStartAt)} – ${time(a.pickupEndAt)}` }));
        return out;
      }
      default:
        return [t('history.texts')];
    }
  };
}

/**
 * The changes of a group buy: all of them for its leader, the time changes and price drops for
 * its buyers (the server decides which). Renders nothing for a buyer when there are none.
 */
export function GroupBuyHistory({ groupBuyId, timeZone, forLeader, className }: { groupBuyId: string; timeZone: string; forLeader: boolean; className?: string }) {
  const { t, i18n } = useTranslation('gbEdit');
  const text = useChangeText(timeZone);
  const changes = useQuery({
    queryKey: groupBuyEditKeys.changes(groupBuyId),
    queryFn: () => api<{ items: GroupBuyChange[] }>(`/api/group-buys/${groupBuyId}/changes`),
  });
  const items = changes.data?.items ?? [];
  if (!forLeader && items.length === 0) return null;
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  return (
    <section className={className ?? 'card-block gbe-history'} data-testid="gb-history">
      <h2 className="gbe-history-title">{forLeader ? t('history.title') : t('history.buyerTitle')}</h2>
      {changes.isSuccess && items.length === 0 && <div className="gbe-muted">{t('history.empty')}</div>}
      <ul className="gbe-history-list">
        {items.map((c) => (
          <li key={c.id}>
            {text(c).map((line) => <div key={line} className="gbe-history-line">{line}</div>)}
            {c.refundedFen > 0 && <div className="gbe-history-money">{t('history.refunded', { n: c.notifiedCount, amount: yuan(c.refundedFen) })}</div>}
            <div className="gbe-muted">
              {t('history.by', { name: c.actorName, time: formatTime(c.createdAt, timeZone, locale) })}
              {forLeader && c.kind === 'times' && c.notifiedCount > 0 ? ` · ${t('history.notified', { n: c.notifiedCount })}` : ''}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
