import { Suspense, useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, Input, Popup, Toast } from 'antd-mobile';
import { api, yuan } from '../shared/api';
import type { GroupBuyDraft, GroupBuyItemView, GroupBuyView, PriceDropPreview } from '../shared/types';
import { groupBuyEditKeys } from '../shared/query-keys';
import { ActionError, errorMessage } from './components';
import { fenToYuanInput, parsePositiveInt, parseYuanToFen } from './lib';
import { AddItemSheet, TextsSheet, TimesSheet, useGroupBuyChange } from './GroupBuyEditSheets';
import './gb-edit.css';

/** "复制": any group buy becomes a draft with tomorrow's times; he lands on the draft to edit it. */
export function CopyButton({ gb, block = true }: { gb: Pick<GroupBuyView, 'id' | 'communityId'>; block?: boolean }) {
  const { t } = useTranslation('gbEdit');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const copy = useMutation({
    mutationFn: () => api<GroupBuyDraft>(`/api/group-buys/${gb.id}/copy`, { method: 'POST' }),
    onSuccess: async (draft) => {
      await queryClient.invalidateQueries({ queryKey: groupBuyEditKeys.drafts(gb.communityId) });
      Toast.show({ icon: 'success', content: t('copied') });
      navigate(`/leader/${gb.communityId}/new?draft=${draft.id}`);
    },
    onError: (err) => Toast.show({ content: errorMessage(err) }),
  });
  return (
    <Button block={block} size={block ? 'large' : 'small'} fill="outline" color="primary" loading={copy.isPending} onClick={() => copy.mutate()} data-testid={`copy-${gb.id}`}>
      {t('copy')}
    </Button>
  );
}

/** What he can change on a live group buy: each item's stock, price and limit, the times, the texts, a new item. */
export function GroupBuyEditBlock({ gb, timeZone }: { gb: GroupBuyView; timeZone: string }) {
  const { t } = useTranslation('gbEdit');
  const [sheet, setSheet] = useState<'times' | 'texts' | 'add' | null>(null);
  const [item, setItem] = useState<GroupBuyItemView | null>(null);
  const live = gb.status === 'open' || gb.status === 'scheduled';
  return (
    <section className="card-block gbe-block" data-testid="gb-edit">
      <h2 className="gbe-title">{t('edit.title')}</h2>
      <div className="gbe-muted">{t('edit.hint')}</div>
      {live && (
        <ul className="gbe-items">
          {[...gb.items].sort((a, b) => a.position - b.position).map((i) => (
            <li key={i.id}>
              <div className="gbe-item-main">
                <div className="gbe-item-name" translate="no">{i.product.name}</div>
                <div className="gbe-muted">{yuan(i.priceFen)} · {t('edit.stock')} {i.stockTotal} · {t('edit.limit')} {i.perPersonLimit}</div>
              </div>
              <Button size="middle" onClick={() => setItem(i)} data-testid={`edit-item-${i.position}`}>{t('edit.item')}</Button>
            </li>
          ))}
        </ul>
      )}
      <div className="gbe-actions">
        <Button size="large" onClick={() => setSheet('times')} data-testid="edit-times">{t('edit.times')}</Button>
        <Button size="large" onClick={() => setSheet('texts')} data-testid="edit-texts">{t('edit.texts')}</Button>
        {live && <Button size="large" onClick={() => setSheet('add')} data-testid="edit-add-item">{t('edit.addItem')}</Button>}
      </div>
      <ItemSheet gb={gb} item={item} onClose={() => setItem(null)} />
      <TimesSheet gb={gb} timeZone={timeZone} visible={sheet === 'times'} onClose={() => setSheet(null)} />
      <TextsSheet gb={gb} visible={sheet === 'texts'} onClose={() => setSheet(null)} />
      {live && <AddItemSheet gb={gb} visible={sheet === 'add'} onClose={() => setSheet(null)} />}
    </section>
  );
}

/** Stock, price and limit of one item; a lower price shows its refunds, lower stock its effect, before confirming. */
function ItemSheet({ gb, item, onClose }: { gb: GroupBuyView; item: GroupBuyItemView | null; onClose: () => void }) {
  return (
    <Popup visible={!!item} onMaskClick={onClose} onClose={onClose} bodyClassName="gbe-sheet" destroyOnClose>
      {item && <ItemForm gb={gb} item={item} onDone={onClose} />}
    </Popup>
  );
}

function ItemForm({ gb, item, onDone }: { gb: GroupBuyView; item: GroupBuyItemView; onDone: () => void }) {
  const { t } = useTranslation('gbEdit');
  const [stock, setStock] = useState(String(item.stockTotal));
  const [price, setPrice] = useState(fenToYuanInput(item.priceFen));
  const [limit, setLimit] = useState(String(item.perPersonLimit));
  const [error, setError] = useState<string | null>(null);
  const change = useGroupBuyChange(gb);
  const taken = item.stockTotal - item.stockAvailable;

  const save = async () => {
    setError(null);
    const stockTotal = stock.trim() === '0' ? 0 : parsePositiveInt(stock);
    const priceFen = parseYuanToFen(price);
    const perPersonLimit = parsePositiveInt(limit);
    if (stockTotal === null || priceFen === null || priceFen < 1 || perPersonLimit === null) { setError(t('edit.invalid')); return; }
    const body: Record<string, number> = {};
    if (stockTotal !== item.stockTotal) body.stockTotal = stockTotal;
    if (priceFen !== item.priceFen) body.priceFen = priceFen;
    if (perPersonLimit !== item.perPersonLimit) body.perPersonLimit = perPersonLimit;
    if (Object.keys(body).length === 0) { onDone(); return; }
    const lines: string[] = [];
    if (body.priceFen !== undefined && body.priceFen < item.priceFen) {
      try {
        const p = await api<PriceDropPreview>(`/api/group-buys/${gb.id}/items/${item.id}/price-drop?priceFen=${body.priceFen}`);
        lines.push(p.buyers > 0 ? t('edit.confirmDrop', { price: yuan(body.priceFen), buyers: p.buyers, amount: yuan(p.refundFen) }) : t('edit.confirmDropNone', { price: yuan(body.priceFen) }));
        if (p.pendingBuyers > 0) lines.push(t('edit.confirmDropPending', { n: p.pendingBuyers }));
      } catch (err) { setError(errorMessage(err)); return; }
    }
    if (body.stockTotal !== undefined && body.stockTotal < item.stockTotal && body.stockTotal >= taken) {
      lines.push(t('edit.confirmLower', { from: item.stockTotal, to: body.stockTotal, left: body.stockTotal - taken }));
    }
    if (lines.length > 0) {
      const dropping = body.priceFen !== undefined && body.priceFen < item.priceFen;
      const ok = await Dialog.confirm({
        title: dropping ? t('edit.confirmDropTitle') : t('edit.confirmLowerTitle'),
        content: <div data-testid="confirm-change">{lines.map((l) => <p key={l}>{l}</p>)}</div>,
        confirmText: t('edit.confirm'), cancelText: t('edit.cancel'),
      });
      if (!ok) return;
    }
    change.mutate({ path: `/items/${item.id}`, body }, {
      onSuccess: () => { Toast.show({ icon: 'success', content: t('edit.saved') }); onDone(); },
      onError: (err) => setError(errorMessage(err)),
    });
  };

  return (
    <div className="gbe-form">
      <h3 className="gbe-title">{t('edit.itemTitle', { name: item.product.name })}</h3>
      <label className="gbe-field">
        <span>{t('edit.stock')}</span>
        <Input type="text" inputMode="numeric" value={stock} onChange={setStock} data-testid="item-stock" />
        <small className="gbe-muted">{t('edit.stockHint', { taken })}</small>
      </label>
      <label className="gbe-field">
        <span>{t('edit.price')}</span>
        <Input type="text" inputMode="decimal" value={price} onChange={setPrice} data-testid="item-price" />
        {gb.soldQuantity > 0 && <small className="gbe-muted">{t('edit.priceHint')}</small>}
      </label>
      <label className="gbe-field">
        <span>{t('edit.limit')}</span>
        <Input type="text" inputMode="numeric" value={limit} onChange={setLimit} data-testid="item-limit" />
      </label>
      <ActionError message={error} />
      <Button block color="primary" size="large" loading={change.isPending} onClick={save} data-testid="item-save">{t('edit.save')}</Button>
    </div>
  );
}

